// A lead's life: an admin enters it, a second entry with the same phone is flagged as a
// duplicate, the lead goes back to the pool, and a rep on a phone claims it, logs a visit
// and converts it into a customer with an opportunity. Also: the list's sort orders, and the
// rep's pool quota moving with a claim.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DOCS_SHOTS_DIR, ensureEnglish, launch, navigate, openPage, PHONE, screenshot, signIn, uiLanguage } from '../lib/harness.mjs';

const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
// The narrowest phone the pool must read well on.
const SMALL_PHONE = { width: 375, height: 812 };
const stamp = Date.now().toString(36);
// A mobile number no demo record has: 139 + eight digits from the clock.
const phoneNumber = `139${String(Date.now()).slice(-8)}`;
const company = `E2E 澄江测控 ${stamp} 有限公司`;
const second = `E2E 远山贸易 ${stamp}`;

let browser;
let admin;
let leadId;

before(async () => {
  browser = await launch();
  admin = await openPage(browser);
  await signIn(admin);
  await ensureEnglish(admin);
});
after(async () => {
  await browser?.close();
});

/** A screenshot that docs/leads.md shows too. */
async function docsShot(page, name) {
  const path = await screenshot(page, name);
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  copyFileSync(path, join(DOCS_SHOTS_DIR, `${name}.png`));
}

/** Calls the API with the page's session (and its CSRF token); answers the JSON body. */
async function api(page, method, path, body, headers = {}) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'X-CSRF-Token': me.csrf_token, ...headers },
    data: body,
  });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return { me, body: response.status() === 204 ? null : await response.json() };
}

/** The companies in the desk list, top to bottom, once they are `expected` (or after a wait). */
async function listOrder(page, expected) {
  const links = '[data-testid="leads-table"] [data-testid="lead-link"]';
  await page
    .waitForFunction(
      ([selector, want]) => [...document.querySelectorAll(selector)].map((a) => a.textContent).join('|') === want.join('|'),
      [links, expected],
    )
    .catch(() => undefined);
  return page.locator(links).allTextContents();
}

const created = (page) =>
  page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/leads' && r.request().method() === 'POST');

async function pickOption(page, selectTestId, text) {
  await page.locator(`[data-testid="${selectTestId}"]`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

test('an admin creates a lead from the list', async () => {
  await navigate(admin, 'leads');
  await admin.locator('[data-testid="leads-table"] .ant-table-row').first().waitFor();
  assert.match(await admin.locator('[data-testid="lead-count"]').textContent(), /\d+ leads/);

  await admin.locator('[data-testid="lead-new"]').click();
  await admin.locator('[data-testid="lead-company"]').fill(company);
  await admin.locator('[data-testid="lead-contact"]').fill('林澄');
  await admin.locator('[data-testid="lead-phone"]').fill(phoneNumber);
  await pickOption(admin, 'lead-owner', 'Me (');
  const answer = created(admin);
  await admin.locator('[data-testid="lead-create-submit"]').click();
  const response = await answer;
  assert.equal(response.status(), 201, await response.text());
  const lead = await response.json();
  leadId = lead.id;
  assert.equal(lead.phone, `+86${phoneNumber}`);
  assert.ok(lead.owner_id, 'the admin owns it');
  // Only a look-alike company name could be flagged here; if so the drawer says so.
  if (await admin.locator('[data-testid="lead-created"]').isVisible()) {
    await admin.locator('.ant-drawer-open .ant-drawer-footer .ant-btn').first().click();
  }
  await admin.locator('[data-testid="lead-create-drawer"]').waitFor({ state: 'hidden' }).catch(() => undefined);
  await admin.locator('input[data-testid="lead-search"]').fill(stamp);
  await admin.locator('input[data-testid="lead-search"]').press('Enter');
  await admin.waitForURL(new RegExp(`q=${stamp}`));
  await admin.locator('[data-testid="leads-table"] .ant-table-row', { hasText: company }).waitFor();

  // The export (CSV or Excel) follows the filters on screen.
  await admin.locator('[data-testid="lead-export"]').click();
  await admin.waitForFunction(
    (q) => document.querySelector('[data-testid="lead-export-csv"]')?.getAttribute('href')?.includes(`q=${q}`),
    stamp,
  );
  const href = await admin.locator('[data-testid="lead-export-csv"]').getAttribute('href');
  assert.match(href, /format=csv/);
  assert.match(await admin.locator('[data-testid="lead-export-xlsx"]').getAttribute('href'), new RegExp(`q=${stamp}.*format=xlsx`));
  await admin.keyboard.press('Escape');
  const csv = await admin.request.get(`${BASE_URL}${href}`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'] ?? '', /csv/);
  assert.match(await csv.text(), new RegExp(stamp));
});

test('a second lead with the same phone is flagged as a duplicate, while typing and once saved', async () => {
  await admin.locator('[data-testid="lead-new"]').click();
  await admin.locator('[data-testid="lead-company"]').fill(second);
  // Typed another way: the server normalises both to +86…
  await admin.locator('[data-testid="lead-phone"]').fill(`+86 ${phoneNumber.slice(0, 3)} ${phoneNumber.slice(3, 7)} ${phoneNumber.slice(7)}`);
  const live = admin.locator('.ant-drawer-open [data-testid="duplicate-warning"]');
  await live.waitFor();
  const item = live.locator(`[data-testid="duplicate-item"][data-id="${leadId}"]`);
  await item.waitFor();
  assert.match(await item.textContent(), /Same phone/);
  await docsShot(admin, 'leads-duplicate-desktop');

  const answer = created(admin);
  await admin.locator('[data-testid="lead-create-submit"]').click();
  const response = await answer;
  assert.equal(response.status(), 201, await response.text());
  const body = await response.json();
  const found = body.duplicates.find((d) => d.id === leadId);
  assert.ok(found, 'the answer names the first lead');
  assert.ok(found.reasons.includes('same_phone'));

  const after = admin.locator('[data-testid="lead-created"] [data-testid="duplicate-warning"]');
  await after.waitFor();
  assert.equal(
    await after.locator(`[data-testid="duplicate-item"][data-id="${leadId}"] [data-testid="duplicate-link"]`).getAttribute('href'),
    `/leads/${leadId}`,
  );
  await admin.locator('.ant-drawer-open .ant-drawer-footer .ant-btn').first().click();
});

test('the admin releases the first lead to the pool with a reason', async () => {
  await admin.goto(`${BASE_URL}/leads/${leadId}`);
  await admin.locator('[data-testid="lead-title"]', { hasText: company }).waitFor();
  await admin.locator('[data-testid="lead-actions"]').click();
  await admin.locator('[data-testid="lead-action-release"]').click();
  await admin.locator('[data-testid="lead-reason"]').fill('Not my territory');
  const released = admin.waitForResponse((r) => r.url().endsWith(`/api/v1/leads/${leadId}/release`));
  await admin.locator('[data-testid="lead-action-ok"]').click();
  const response = await released;
  assert.equal(response.status(), 200, await response.text());
  assert.equal((await response.json()).in_pool, true);
  await admin.locator('[data-testid="lead-detail"]').getByText('In the pool').first().waitFor();
  // The timeline records the return with its reason.
  await admin.locator('[data-testid="timeline-history"][data-action="returned_to_pool"]').waitFor();
});

test('a rep on a phone claims it in the pool, logs a visit and converts it with an opportunity', async () => {
  const rep = await openPage(browser, PHONE);
  await signIn(rep, REP);

  await navigate(rep, 'leadPool');
  await rep.locator('[data-testid="pool-page"]').waitFor();
  await rep.locator('input[data-testid="pool-search"]').fill(stamp);
  await rep.locator('input[data-testid="pool-search"]').press('Enter');
  const row = rep.locator('[data-testid="pool-row"]', { hasText: company });
  await row.waitFor();
  // Masked until claimed.
  assert.match(await row.locator('[data-testid="pool-phone"]').textContent(), /^1\d{2} \*{4} \d{4}$/);
  const claimed = rep.waitForResponse((r) => r.url().endsWith(`/api/v1/leads/${leadId}/claim`));
  await row.locator('[data-testid="pool-claim"]').click();
  const claim = await claimed;
  assert.equal(claim.status(), 200, await claim.text());
  // Shown the way every phone number is: 3-4-4 groups without the +86.
  assert.equal(await row.locator('[data-testid="pool-phone"]').textContent(), `${phoneNumber.slice(0, 3)} ${phoneNumber.slice(3, 7)} ${phoneNumber.slice(7)}`);
  await row.locator('[data-testid="pool-open"]').click();

  await rep.locator('[data-testid="lead-title"]', { hasText: company }).waitFor();
  await rep.locator('[data-testid="lead-steps"][data-status="new"]').waitFor();
  // A visit in two taps: the kind, then save (the subject defaults to the kind).
  await rep.locator('[data-testid="activity-kind-visit"]').click();
  const logged = rep.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/activities' && r.request().method() === 'POST');
  await rep.locator('[data-testid="activity-save"]').click();
  const activity = await logged;
  assert.equal(activity.status(), 201, await activity.text());
  assert.equal((await activity.json()).kind, 'visit');
  await rep.locator('[data-testid="timeline-activity"][data-kind="visit"]').waitFor();
  // A visit moves a new lead to contacted.
  await rep.locator('[data-testid="lead-steps"][data-status="contacted"]').waitFor();
  const scrollWidth = await rep.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE.width, `the lead page does not scroll sideways (${scrollWidth}px)`);
  await docsShot(rep, 'leads-detail-rep-phone');

  await rep.locator('[data-testid="lead-convert"]').click();
  const dialog = rep.locator('.ant-modal-wrap:visible');
  await dialog.locator('[data-testid="convert-name"]').waitFor();
  assert.equal(await dialog.locator('[data-testid="convert-name"]').inputValue(), company);
  await dialog.locator('input[data-testid="convert-amount"]').fill('250000');
  await rep.locator('[data-testid="convert-stage"]').click();
  await rep.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(1).click();
  const converted = rep.waitForResponse((r) => r.url().endsWith(`/api/v1/leads/${leadId}/convert`));
  await rep.locator('[data-testid="convert-submit"]').click();
  const conversion = await converted;
  assert.equal(conversion.status(), 201, await conversion.text());
  const result = await conversion.json();
  assert.equal(result.opportunity.amount.amount, '250000.00');
  assert.equal(result.opportunity.amount.currency, 'CNY');
  assert.equal(result.lead.status, 'converted');

  const link = rep.locator('[data-testid="convert-customer-link"]');
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `/customers/${result.customer.id}`);
  assert.equal((await link.textContent()).trim(), result.customer.name);
  await docsShot(rep, 'leads-converted-phone');
  await rep.locator('[data-testid="convert-done"]').click();
  // The lead links to its customer from now on.
  await rep.locator('[data-testid="lead-customer-link"]').waitFor();
  assert.equal(await rep.locator('[data-testid="lead-customer-link"]').getAttribute('href'), `/customers/${result.customer.id}`);
  // Its timeline names what the conversion made, as links, and shows no bare id anywhere.
  await rep.reload();
  const convertedEntry = rep.locator('[data-testid="timeline-history"][data-action="converted"]');
  await convertedEntry.waitFor();
  const named = convertedEntry.locator('[data-testid="history-record-link"]', { hasText: result.customer.name });
  await named.waitFor();
  assert.equal(await named.getAttribute('href'), `/customers/${result.customer.id}`);
  await convertedEntry.getByText(result.contact.name, { exact: true }).waitFor();
  const timelineText = await rep.locator('.closer-timeline').first().innerText();
  assert.doesNotMatch(timelineText, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, timelineText);
  await docsShot(rep, 'leads-history-names-phone');
  await rep.context().close();
});

test('a claim the pool refuses says why: the admin cannot take back a lead during the cool-down', async () => {
  await admin.goto(`${BASE_URL}/leads?q=${encodeURIComponent(second)}`);
  await admin.locator('[data-testid="leads-table"] [data-testid="lead-link"]', { hasText: second }).click();
  await admin.locator('[data-testid="lead-title"]', { hasText: second }).waitFor();
  await admin.locator('[data-testid="lead-actions"]').click();
  await admin.locator('[data-testid="lead-action-release"]').click();
  await admin.locator('[data-testid="lead-reason"]').fill('Duplicate of another lead');
  await admin.locator('[data-testid="lead-action-ok"]').click();
  await admin.locator('[data-testid="lead-claim"]').waitFor();

  await navigate(admin, 'leadPool');
  await admin.locator('input[data-testid="pool-search"]').fill(stamp);
  await admin.locator('input[data-testid="pool-search"]').press('Enter');
  const row = admin.locator('[data-testid="pool-row"]', { hasText: second });
  await row.waitFor();
  const refused = admin.waitForResponse((r) => /\/api\/v1\/leads\/[^/]+\/claim$/.test(r.url()));
  await row.locator('[data-testid="pool-claim"]').click();
  const response = await refused;
  assert.equal(response.status(), 409);
  assert.equal((await response.json()).code, 'claim_cooldown');
  assert.match(await row.locator('[data-testid="pool-refused"]').textContent(), /cool-down/);
  await screenshot(admin, 'leads-pool-refused-desktop');
});

test('choosing a sort changes the order; the address, a saved view and both exports keep it', async () => {
  const words = ['Bravo', 'Charlie', 'Alpha'];
  const prefix = `E2E Sort ${stamp}`;
  const leads = {};
  for (const word of words) {
    leads[word] = (await api(admin, 'POST', '/api/v1/leads', { company_name: `${prefix} ${word}` })).body;
  }
  // Bravo, the first one made, is the last one changed.
  await api(admin, 'PATCH', `/api/v1/leads/${leads.Bravo.id}`, { description: 'Changed last' }, { 'If-Match': `"${leads.Bravo.version}"` });
  const order = (...ws) => ws.map((w) => `${prefix} ${w}`);

  await admin.goto(`${BASE_URL}/leads?q=${encodeURIComponent(prefix)}`);
  assert.deepEqual(await listOrder(admin, order('Alpha', 'Charlie', 'Bravo')), order('Alpha', 'Charlie', 'Bravo'), 'newest first');

  await pickOption(admin, 'filter-sort', /^Company A → Z$/);
  await admin.waitForURL(/sort=company_name/);
  assert.deepEqual(await listOrder(admin, order('Alpha', 'Bravo', 'Charlie')), order('Alpha', 'Bravo', 'Charlie'));

  await pickOption(admin, 'filter-sort', /^Recently updated$/);
  await admin.waitForURL(/sort=-updated_at/);
  assert.deepEqual(await listOrder(admin, order('Bravo', 'Alpha', 'Charlie')), order('Bravo', 'Alpha', 'Charlie'));
  // The list shows the column it is ordered by.
  await admin.locator('[data-testid="leads-table"]').getByRole('columnheader', { name: 'Updated', exact: true }).waitFor();
  await screenshot(admin, 'leads-sort-updated-desktop');

  // The column header and the picker agree.
  await admin.locator('[data-testid="leads-table"]').getByRole('columnheader', { name: 'Company', exact: true }).click();
  await admin.waitForURL(/sort=company_name/);
  await admin.locator('[data-testid="filter-sort"] .ant-select-selection-item', { hasText: /^Company A → Z$/ }).waitFor();
  assert.deepEqual(await listOrder(admin, order('Alpha', 'Bravo', 'Charlie')), order('Alpha', 'Bravo', 'Charlie'));
  await pickOption(admin, 'filter-sort', /^Company Z → A$/);
  await admin.waitForURL(/sort=-company_name/);
  const reversed = order('Charlie', 'Bravo', 'Alpha');
  assert.deepEqual(await listOrder(admin, reversed), reversed);

  // Both exports come in the same order.
  await admin.locator('[data-testid="lead-export"]').click();
  const csvHref = await admin.locator('[data-testid="lead-export-csv"]').getAttribute('href');
  const xlsxHref = await admin.locator('[data-testid="lead-export-xlsx"]').getAttribute('href');
  await admin.keyboard.press('Escape');
  assert.match(csvHref, /sort=-company_name/);
  const csv = await (await admin.request.get(`${BASE_URL}${csvHref}`)).text();
  const csvOrder = csv.split(/\r?\n/).map((line) => reversed.find((name) => line.includes(name))).filter(Boolean);
  assert.deepEqual(csvOrder, reversed);
  assert.match(xlsxHref, /sort=-company_name.*format=xlsx|format=xlsx.*sort=-company_name/);
  const xlsx = await admin.request.get(`${BASE_URL}${xlsxHref}`);
  assert.equal(xlsx.status(), 200);
  assert.match(xlsx.headers()['content-type'] ?? '', /spreadsheetml/);
  assert.match(xlsx.headers()['content-disposition'] ?? '', /leads\.xlsx/);
  assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK', 'an XLSX file is a zip');

  // A saved view keeps the order with the filters.
  await admin.locator('[data-testid="saved-view-save"]').click();
  await admin.locator('[data-testid="saved-view-name"]').fill(`E2E Z → A ${stamp}`);
  const saved = admin.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/saved-views' && r.request().method() === 'POST');
  await admin.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary').click();
  assert.equal((await saved).status(), 201);
  assert.deepEqual(JSON.parse((await saved).request().postData() ?? '{}').query, { q: prefix, sort: '-company_name' });
  await admin.goto(`${BASE_URL}/leads`);
  await admin.locator('[data-testid="saved-view-select"]').click();
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `E2E Z → A ${stamp}` }).click();
  await admin.waitForURL(/sort=-company_name/);
  assert.deepEqual(await listOrder(admin, reversed), reversed);
  await admin.locator('[data-testid="saved-view-delete"]').click();
  const deleted = admin.waitForResponse((r) => r.url().includes('/api/v1/saved-views/') && r.request().method() === 'DELETE');
  await admin.locator('.ant-popover:visible .ant-btn-dangerous').click();
  assert.equal((await deleted).status(), 204);
});

/** The quota bars at the top of the pool, with what they say in the page's language. */
async function poolQuota(page) {
  const claimedBar = page.locator('[data-testid="pool-quota-claimed"]');
  const heldBar = page.locator('[data-testid="pool-quota-held"]');
  await claimedBar.waitFor();
  const read = async (bar) => ({
    used: Number(await bar.getAttribute('data-used')),
    limit: Number(await bar.getAttribute('data-limit')),
    text: (await bar.textContent()).trim(),
  });
  const labels =
    (await uiLanguage(page)) === 'zh-CN'
      ? { claimed: (n, m) => `今日已领取 ${n}/${m}`, held: (n, m) => `持有 ${n}/${m}` }
      : { claimed: (n, m) => `Claimed today ${n}/${m}`, held: (n, m) => `Held ${n}/${m}` };
  return { claimedBar, heldBar, claimed: await read(claimedBar), held: await read(heldBar), labels };
}

/** Both bars side by side within the screen, neither label cut off, nothing scrolling sideways. */
async function assertQuotaFits(page, width) {
  const { claimedBar, heldBar } = await poolQuota(page);
  for (const bar of [claimedBar, heldBar]) {
    const box = await bar.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= width, `a bar stays on screen: ${JSON.stringify(box)}`);
    const label = bar.locator('.closer-pool-quota__label');
    assert.equal(await label.evaluate((el) => el.scrollWidth <= el.clientWidth), true, `"${await label.textContent()}" is not cut off`);
  }
  assert.equal(Math.round((await claimedBar.boundingBox()).y), Math.round((await heldBar.boundingBox()).y), 'side by side');
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `the pool does not scroll sideways (${scrollWidth}px)`);
}

test('the pool shows a rep the quota on a 375 px phone, and a claim moves it', async () => {
  const name = `E2E 额度测试 ${stamp} 有限公司`;
  const { me } = await api(admin, 'GET', '/api/v1/me');
  const { body: lead } = await api(admin, 'POST', '/api/v1/leads', { company_name: name, owner_id: me.user.id });
  await api(admin, 'POST', `/api/v1/leads/${lead.id}/release`, { reason: 'For the quota test' });

  // The demo rep works in Chinese.
  const rep = await openPage(browser, SMALL_PHONE);
  await signIn(rep, REP);
  await navigate(rep, 'leadPool');
  const before = await poolQuota(rep);
  const { claimed, held, labels } = before;
  assert.ok(claimed.used < claimed.limit && held.used < held.limit, `the rep may still claim (${claimed.text}, ${held.text})`);
  assert.equal(claimed.text, labels.claimed(claimed.used, claimed.limit));
  assert.equal(held.text, labels.held(held.used, held.limit));
  await assertQuotaFits(rep, SMALL_PHONE.width);

  await rep.locator('input[data-testid="pool-search"]').fill(`额度测试 ${stamp}`);
  await rep.locator('input[data-testid="pool-search"]').press('Enter');
  const row = rep.locator('[data-testid="pool-row"]', { hasText: name });
  await row.waitFor();
  await screenshot(rep, 'leads-pool-quota-375-before');
  const claimedNow = rep.waitForResponse((r) => r.url().endsWith(`/api/v1/leads/${lead.id}/claim`));
  await row.locator('[data-testid="pool-claim"]').click();
  assert.equal((await claimedNow).status(), 200);
  await rep.waitForFunction(
    (want) => document.querySelector('[data-testid="pool-quota-claimed"]')?.getAttribute('data-used') === want,
    String(claimed.used + 1),
  );
  const after = await poolQuota(rep);
  assert.equal(after.claimed.text, labels.claimed(claimed.used + 1, claimed.limit));
  assert.equal(after.held.text, labels.held(held.used + 1, held.limit));
  await screenshot(rep, 'leads-pool-quota-375-after');
  await rep.context().close();

  // The English labels, the longer ones, fit as well.
  const english = await openPage(browser, SMALL_PHONE);
  await signIn(english);
  await ensureEnglish(english);
  await navigate(english, 'leadPool');
  const shown = await poolQuota(english);
  assert.match(shown.claimed.text, /^Claimed today \d+\/\d+$/);
  assert.match(shown.held.text, /^Held \d+\/\d+$/);
  await assertQuotaFits(english, SMALL_PHONE.width);
  await screenshot(english, 'leads-pool-quota-375-english');
  await english.context().close();
});

test('an admin keeps a filtered list as a saved view on the server, applies it and deletes it', async () => {
  const name = `E2E qualified ${stamp}`;
  await admin.goto(`${BASE_URL}/leads?status=qualified`);
  await admin.locator('[data-testid="leads-page"]').waitFor();
  await admin.waitForLoadState('networkidle');
  // A view of these very filters may be left from an earlier run: the filters are saved once.
  if (await admin.locator('[data-testid="saved-view-delete"]').isVisible()) {
    await admin.locator('[data-testid="saved-view-delete"]').click();
    await admin.locator('.ant-popover:visible .ant-btn-dangerous').click();
    await admin.locator('[data-testid="saved-view-delete"]').waitFor({ state: 'detached' });
  }
  await admin.locator('[data-testid="saved-view-save"]').click();
  await admin.locator('[data-testid="saved-view-name"]').fill(name);
  const saved = admin.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/saved-views' && r.request().method() === 'POST');
  await admin.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary').click();
  const response = await saved;
  assert.equal(response.status(), 201);
  assert.deepEqual(JSON.parse(response.request().postData() ?? '{}').query, { status: 'qualified' });

  // Elsewhere, then back through the view.
  await admin.goto(`${BASE_URL}/leads`);
  await admin.locator('[data-testid="saved-view-select"]').click();
  const listed = admin.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === '/api/v1/leads' && url.searchParams.get('status') === 'qualified' && !url.searchParams.has('count');
  });
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).click();
  await admin.waitForURL(/status=qualified/);
  await listed;
  await admin.locator('[data-testid="leads-table"] .ant-spin-spinning').waitFor({ state: 'detached' }).catch(() => undefined);
  const statuses = await admin.locator('[data-testid="leads-table"] [data-testid="lead-status"]').evaluateAll((tags) =>
    tags.map((tag) => tag.getAttribute('data-status')),
  );
  assert.ok(statuses.every((s) => s === 'qualified'), statuses.join());

  await admin.locator('[data-testid="saved-view-delete"]').click();
  const deleted = admin.waitForResponse((r) => r.url().includes('/api/v1/saved-views/') && r.request().method() === 'DELETE');
  await admin.locator('.ant-popover:visible .ant-btn-dangerous').click();
  assert.equal((await deleted).status(), 204);
});
