// Lead settings: pool rules saved and read back, a campaign, and a web form whose public URL
// takes a lead without signing in — the lead then waits in the pool.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, ensureEnglish, launch, navigate, openPage, signIn } from '../lib/harness.mjs';

const stamp = Date.now().toString(36);

let browser;
let page;

before(async () => {
  browser = await launch();
  page = await openPage(browser);
  await signIn(page);
  await ensureEnglish(page);
  await navigate(page, 'leadSettings', 'Organisation');
  await page.locator('[data-testid="pool-rules-form"]').waitFor();
});
after(async () => {
  await browser?.close();
});

const tab = (name) => page.getByRole('tab', { name });
const modalOk = () => page.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary');

async function setDailyClaims(value) {
  const input = page.locator('input[data-testid="pool-daily_claims"]');
  await input.fill(String(value));
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/leads') && r.request().method() === 'PATCH');
  await page.locator('[data-testid="pool-rules-save"]').click();
  const response = await saved;
  assert.equal(response.status(), 200);
  return response.json();
}

test('an administrator changes a pool rule and it sticks', async () => {
  const before = await page.locator('input[data-testid="pool-daily_claims"]').inputValue();
  const answer = await setDailyClaims(25);
  assert.equal(answer.pool.daily_claims, 25);
  await page.reload();
  await page.locator('[data-testid="pool-rules-form"]').waitFor();
  assert.equal(await page.locator('input[data-testid="pool-daily_claims"]').inputValue(), '25');
  await setDailyClaims(before);

  // A rule out of range is refused on its own field.
  await page.locator('input[data-testid="pool-warn_days"]').fill('30');
  await page.locator('[data-testid="pool-rules-save"]').click();
  await page.locator('[data-testid="pool-rules-form"] .ant-form-item-has-error').first().waitFor();
  await page.reload();
  await page.locator('[data-testid="pool-rules-form"]').waitFor();
});

test('the duplicate rules show four kinds, on create and on update', async () => {
  await tab('Duplicate rules').click();
  await page.locator('[data-testid="dedupe-grid"]').waitFor();
  for (const kind of ['company', 'phone', 'email', 'credit_code']) {
    await page.locator(`[data-testid="dedupe-${kind}-on_create"]`).waitFor();
    await page.locator(`[data-testid="dedupe-${kind}-on_update"]`).waitFor();
  }
  // The default: the same credit code is blocked when created.
  const creditOnCreate = page.locator('[data-testid="dedupe-credit_code-on_create"] .ant-radio-button-wrapper-checked');
  assert.equal((await creditOnCreate.textContent()).trim(), 'Block');
});

test('a campaign and a web form: the form URL takes a lead without signing in', async () => {
  const campaign = `E2E webinar ${stamp}`;
  await tab('Campaigns').click();
  await page.locator('[data-testid="campaign-new"]').click();
  await page.locator('[data-testid="campaign-name"]').fill(campaign);
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/campaigns') && r.request().method() === 'POST');
  await modalOk().click();
  assert.equal((await created).status(), 201);
  await page.locator('[data-testid="campaigns-table"] .ant-table-row', { hasText: campaign }).waitFor();

  await tab('Web forms').click();
  await page.locator('[data-testid="capture-form-new"]').click();
  await page.locator('[data-testid="capture-form-name"]').fill(`E2E site form ${stamp}`);
  const formCreated = page.waitForResponse((r) => r.url().endsWith('/api/v1/capture-forms') && r.request().method() === 'POST');
  await modalOk().click();
  assert.equal((await formCreated).status(), 201);
  const row = page.locator('[data-testid="capture-forms-table"] .ant-table-row', { hasText: `E2E site form ${stamp}` });
  await row.waitFor();
  const url = (await row.locator('[data-testid="capture-url"]').textContent()).trim();
  assert.match(url, /\/api\/v1\/capture\/[^/]+$/);

  // Anyone may post to it: no cookie, no CSRF token.
  const company = `E2E 官网留资 ${stamp}`;
  const posted = await fetch(url.replace(/^https?:\/\/[^/]+/, BASE_URL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ company_name: company, contact_name: '访客', phone: `137${String(Date.now()).slice(-8)}` }),
  });
  assert.equal(posted.status, 202);

  await navigate(page, 'leadPool');
  await page.locator('input[data-testid="pool-search"]').fill(stamp);
  await page.locator('input[data-testid="pool-search"]').press('Enter');
  const pooled = page.locator('[data-testid="pool-row"]', { hasText: company });
  await pooled.waitFor();
  assert.match(await pooled.textContent(), /Web form/);
});
