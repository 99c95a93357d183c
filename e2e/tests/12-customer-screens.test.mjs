// The customer screens at desk and phone width (also copied into docs/screenshots for
// docs/customers.md), the new-customer warning about a look-alike, saved views on the server,
// and the scoring model's checks shown beside the fields.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, ensureEnglish, launch, navigate, openPage, PHONE, screenshot, signIn } from '../lib/harness.mjs';

const stamp = Date.now().toString(36);

let browser;
before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
});
after(async () => {
  await browser?.close();
});

async function shoot(page, name) {
  const path = await screenshot(page, name);
  copyFileSync(path, join(DOCS_SHOTS_DIR, `${name}.png`));
}

async function api(page, method, path, body) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers: { 'X-CSRF-Token': me.csrf_token }, data: body });
  return { status: response.status(), body: response.status() === 204 ? null : await response.json() };
}

/**
 * Picks an option of a select and waits until the select shows it, so a click lost under load
 * fails here (or is tried once more) instead of saving the form without the value.
 */
async function pickOption(page, select, text) {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  const shown = select.locator('.ant-select-selection-item', { hasText: text });
  await select.click();
  await option.click();
  try {
    await shown.waitFor({ timeout: 5_000 });
  } catch {
    // The click was lost (e.g. while the list was still opening): open the list if it closed, and pick again.
    if (!(await option.isVisible())) await select.click();
    await option.click();
    await shown.waitFor();
  }
}

/**
 * A well-scored demo customer: its 360 page has the most to show. Not the visit test's rep's
 * (that one's timeline starts with the tests' own entries).
 */
async function showcase(page) {
  const users = (await api(page, 'GET', '/api/v1/users?limit=100')).body.items;
  const rep = users.find((u) => u.email === 'zhang.wei@demo.example.com');
  const { body } = await api(page, 'GET', '/api/v1/customers?limit=50&sort=-score');
  const pick = body.items.find((c) => c.owner_id !== rep?.id && !c.name.startsWith('E2E')) ?? body.items[0];
  if (pick) return pick;
  return (await api(page, 'POST', '/api/v1/customers', { name: `E2E 展示客户 ${stamp} 有限公司`, industry: '金融', size_tier: 'large' })).body;
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
]) {
  test(`customer screens at ${viewport.width}×${viewport.height}`, async () => {
    const page = await openPage(browser, viewport);
    await signIn(page);
    await ensureEnglish(page);
    const phone = label === 'phone';

    await navigate(page, 'customers');
    await page.locator(phone ? '[data-testid="customer-card"]' : '[data-testid="customers-table"] .ant-table-row').first().waitFor();
    assert.match(await page.locator('[data-testid="customer-count"]').textContent(), /\d+ customers/);
    // Best first: the grades and score bars show what they are for.
    await page.goto(`${BASE_URL}/customers?sort=-score`);
    await page.locator(phone ? '[data-testid="customer-card"]' : '[data-testid="customers-table"] .ant-table-row').first().waitFor();
    await page.locator('[data-testid="customer-grade"]').first().waitFor();
    await page.locator('[data-testid="customer-score"]').first().waitFor();
    await shoot(page, `customers-list-${label}`);
    if (phone) {
      await page.locator('[data-testid="customer-filters-open"]').click();
      await page.locator('[data-testid="customer-filters-drawer"] [data-testid="filter-grade"]').waitFor();
      await shoot(page, 'customers-filters-phone');
      await page.keyboard.press('Escape');
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' }).catch(() => undefined);
    }

    const customer = await showcase(page);
    await page.goto(`${BASE_URL}/customers/${customer.id}`);
    await page.locator('[data-testid="score-value"]').waitFor();
    // On a phone the rules behind the score fold away until asked for.
    if (phone) assert.equal(await page.locator('[data-testid="score-rules"]').count(), 0);
    else await page.locator('[data-testid="score-rules"], [data-testid="score-card"] .ant-empty').first().waitFor();
    await page.locator('[data-testid="c360-timeline"], [data-testid="timeline-card"] .ant-empty').first().waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= viewport.width, `the 360 page does not scroll sideways (${scrollWidth}px)`);
    await shoot(page, `customers-360-${label}`);
    if (phone && (await page.locator('[data-testid="score-why"]').count())) {
      await page.locator('[data-testid="score-why"]').click();
      await page.locator('[data-testid="score-rules"]').waitFor();
      await page.locator('[data-testid="score-card"]').scrollIntoViewIfNeeded();
      await shoot(page, 'customers-score-phone');
    }

    if (!phone) {
      await page.locator('[data-testid="visit-open"]').click();
      await page.locator('[data-testid="visit-subject"]').waitFor();
      await shoot(page, 'customers-visit-desktop');
      await page.keyboard.press('Escape');

      await page.goto(`${BASE_URL}/org/scoring-model`);
      await page.locator('[data-testid="rule-card"]').first().waitFor();
      await shoot(page, 'customers-scoring-desktop');
    }
    await page.context().close();
  });
}

test('a new customer like an existing one is flagged while typing and once saved', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page);
  await ensureEnglish(page);
  const existing = (await api(page, 'POST', '/api/v1/customers', { name: `E2E 星河智造 ${stamp} 有限公司`, phone: '021 6088 1234' })).body;

  await navigate(page, 'customers');
  await page.locator('[data-testid="customer-new"]').click();
  await page.locator('[data-testid="customer-name"]').fill(`E2E 星河智造 ${stamp}`);
  await page.locator('[data-testid="customer-phone"]').fill('02160881234');
  const warning = page.locator('.ant-drawer-open [data-testid="duplicate-warning"]');
  const item = warning.locator(`[data-testid="duplicate-item"][data-id="${existing.id}"]`);
  await item.waitFor();
  assert.match(await item.textContent(), /Same phone|Same company/);
  await shoot(page, 'customers-duplicate-desktop');

  const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/customers' && r.request().method() === 'POST');
  await page.locator('[data-testid="customer-create-submit"]').click();
  const response = await created;
  assert.equal(response.status(), 201, await response.text());
  assert.ok((await response.json()).duplicates.some((d) => d.id === existing.id), 'the answer names the look-alike');
  await page.locator('[data-testid="customer-created"] [data-testid="duplicate-warning"]').waitFor();
  await page.locator('[data-testid="customer-created-open"]').click();
  await page.locator('[data-testid="customer-detail"]').waitFor();
  await page.context().close();
});

test('a contact is added on the 360 page with a buying role, then edited', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page);
  await ensureEnglish(page);
  const customer = (await api(page, 'POST', '/api/v1/customers', { name: `E2E 联系人测试 ${stamp} 有限公司` })).body;
  await page.goto(`${BASE_URL}/customers/${customer.id}`);
  await page.locator('[data-testid="contacts-card"] .ant-empty').waitFor();

  await page.locator('[data-testid="contact-add"]').click();
  await page.locator('[data-testid="contact-name"]').fill('王建国');
  await pickOption(page, page.locator('[data-testid="contact-role-select"]'), 'Economic buyer');
  await page.locator('[data-testid="contact-phone"]').fill('13912345678');
  const added = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/contacts' && r.request().method() === 'POST');
  await page.locator('[data-testid="contact-save"]').click();
  const response = await added;
  assert.equal(response.status(), 201, await response.text());
  const contact = await response.json();
  assert.equal(contact.decision_role, 'economic_buyer');
  assert.equal(contact.customer_id, customer.id);
  const item = page.locator(`[data-testid="contact-item"][data-id="${contact.id}"]`);
  await item.waitFor();
  assert.equal(await item.locator('[data-testid="contact-role"]').getAttribute('data-role'), 'economic_buyer');
  assert.match(await item.textContent(), /139 1234 5678/);

  await item.locator('[data-testid="contact-edit"]').click();
  await pickOption(page, page.locator('[data-testid="contact-role-select"]'), 'Decision maker');
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/contacts/${contact.id}`) && r.request().method() === 'PATCH');
  await page.locator('[data-testid="contact-save"]').click();
  assert.equal((await saved).status(), 200);
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="contact-item"][data-id="${id}"] [data-testid="contact-role"]`)?.dataset.role === 'decision_maker',
    contact.id,
  );
  await page.context().close();
});

test('a filtered customer list is kept as a saved view on the server', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page);
  await ensureEnglish(page);
  await page.goto(`${BASE_URL}/customers?grade=A&sort=-score`);
  await page.locator('[data-testid="customers-page"]').waitFor();
  await page.locator('[data-testid="saved-view-save"]').click();
  await page.locator('[data-testid="saved-view-name"]').fill(`E2E A accounts ${stamp}`);
  const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/saved-views' && r.request().method() === 'POST');
  await page.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary').click();
  const response = await saved;
  assert.equal(response.status(), 201);
  assert.deepEqual(JSON.parse(response.request().postData()), {
    resource: 'customers',
    name: `E2E A accounts ${stamp}`,
    query: { grade: 'A', sort: '-score' },
  });

  await page.goto(`${BASE_URL}/customers`);
  await page.locator('[data-testid="saved-view-select"]').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `E2E A accounts ${stamp}` }).click();
  await page.waitForURL(/grade=A/);
  assert.match(page.url(), /sort=-score/);
  await page.locator('[data-testid="saved-view-delete"]').click();
  const deleted = page.waitForResponse((r) => r.url().includes('/api/v1/saved-views/') && r.request().method() === 'DELETE');
  await page.locator('.ant-popover:visible .ant-btn-dangerous').click();
  assert.equal((await deleted).status(), 204);
  await page.context().close();
});

test('the scoring model refuses cut-offs out of order and says so beside the field', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page);
  await ensureEnglish(page);
  await navigate(page, 'scoringModel', 'Organisation');
  await page.locator('[data-testid="rule-card"]').first().waitFor();
  const before = (await api(page, 'GET', '/api/v1/scoring-model')).body;

  // B above A cannot be.
  await page.locator('input[data-testid="grade-b"]').fill('95');
  const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/scoring-model') && r.request().method() === 'PUT');
  await page.locator('[data-testid="scoring-save"]').click();
  const response = await refused;
  assert.equal(response.status(), 422);
  assert.ok((await response.json()).errors.some((e) => e.field === 'grades.b'));
  const error = page.locator('.ant-form-item-has-error', { has: page.locator('[data-testid="grade-b"]') }).locator('.ant-form-item-explain-error');
  await error.waitFor();
  assert.match(await error.textContent(), /allowed/);
  await screenshot(page, 'customers-scoring-refused-desktop');

  // Discarding brings the saved model back; nothing changed on the server.
  await page.locator('[data-testid="scoring-reset"]').click();
  assert.equal(await page.locator('input[data-testid="grade-b"]').inputValue(), String(before.model.grades.b));
  assert.deepEqual((await api(page, 'GET', '/api/v1/scoring-model')).body, before);

  // A weight change saves and recomputes every score.
  const firstWeight = page.locator('input[data-testid="rule-weight"]').first();
  const weight = Number(await firstWeight.inputValue());
  await firstWeight.fill(String(weight + 5));
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/scoring-model') && r.request().method() === 'PUT');
  await page.locator('[data-testid="scoring-save"]').click();
  const answer = await saved;
  assert.equal(answer.status(), 200, await answer.text());
  const body = await answer.json();
  assert.equal(body.model.rules[0].weight, weight + 5);
  assert.equal(body.max_points, before.max_points + 5);
  await page.locator('[data-testid="scoring-recompute"][data-status="done"]').waitFor({ timeout: 60_000 });
  // Put the model back as it was for the other tests.
  const restore = await api(page, 'PUT', '/api/v1/scoring-model', before.model);
  assert.equal(restore.status, 200);
  await page.context().close();
});
