// Reopening a closed deal: the administrator takes a won deal back to an open stage from its
// page with the reason the dialog asks for (a blank one refused), and the stage history shows
// the reason beside the move, as does the deal's change history. A rep, whose role may not
// reopen deals, is offered no move out of his own won deal: the page's Move to… picker is
// disabled with a word on who may, the board's won column is locked, and the API says 403.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, ensureEnglish, launch, openPage, screenshot, signIn } from '../lib/harness.mjs';

const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
const stamp = Date.now().toString(36);
const year = new Date().getFullYear();
const REASON = `Customer came back with a new budget ${stamp}`;

let browser;
let admin;
let stages;
let rep;
let reopened;
let kept;

before(async () => {
  browser = await launch();
  admin = await openPage(browser, DESKTOP);
  await signIn(admin);
  await ensureEnglish(admin);
  stages = (await api(admin, 'GET', '/api/v1/sales-processes')).items.find((p) => p.is_default).stages;
  rep = (await api(admin, 'GET', `/api/v1/users?q=${encodeURIComponent(REP.email)}`)).items.find((u) => u.email === REP.email);
  const customer = await api(admin, 'POST', '/api/v1/customers', { name: `E2E 重开客户 ${stamp} 有限公司`, owner_id: rep.id });
  reopened = await wonDeal(customer, `E2E 重开商机 ${stamp}`);
  kept = await wonDeal(customer, `E2E 已赢商机 ${stamp}`);
});
after(async () => {
  await browser?.close();
});

/** Calls the API with the page's session and CSRF token (and `If-Match` when given). */
async function api(page, method, path, body, version) {
  const response = await call(page, method, path, body, version);
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function call(page, method, path, body, version) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const headers = { 'X-CSRF-Token': me.csrf_token };
  if (version !== undefined) headers['If-Match'] = `"${version}"`;
  return page.request.fetch(`${BASE_URL}${path}`, { method, headers, data: body });
}

/** A deal of the rep's walked through every open stage (required tasks ticked) to won. */
async function wonDeal(customer, name) {
  let deal = await api(admin, 'POST', '/api/v1/opportunities', {
    customer_id: customer.id,
    name,
    amount: { amount: '80000.00', currency: 'CNY' },
    expected_close_date: `${year}-12-15`,
    owner_id: rep.id,
    stage_id: stages.find((s) => !s.is_won && !s.is_lost).id,
  });
  for (const stage of stages.filter((s) => !s.is_lost)) {
    deal = await api(admin, 'GET', `/api/v1/opportunities/${deal.id}`);
    if (deal.stage.id !== stage.id) deal = await api(admin, 'POST', `/api/v1/opportunities/${deal.id}/stage`, { stage_id: stage.id }, deal.version);
    for (const task of stage.tasks.filter((t) => t.required)) {
      await api(admin, 'POST', `/api/v1/opportunities/${deal.id}/tasks`, { task_key: task.key, done: true });
    }
  }
  deal = await api(admin, 'GET', `/api/v1/opportunities/${deal.id}`);
  assert.equal(stages.find((s) => s.id === deal.stage.id)?.is_won, true, `${name} is won`);
  return deal;
}

const stageLabel = (stage) => stage.name_en || stage.name;

test('the administrator reopens a won deal from its page, and its history keeps the reason', async () => {
  const won = stages.find((s) => s.is_won);
  const back = stages.filter((s) => !s.is_won && !s.is_lost).at(-1);
  await admin.goto(`${BASE_URL}/opportunities/${reopened.id}`);
  await admin.locator('[data-testid="opp-stage-tag"]', { hasText: stageLabel(won) }).waitFor();

  const picker = admin.locator('[data-testid="opp-move-to"]');
  assert.equal(await picker.evaluate((el) => el.classList.contains('ant-select-disabled')), false, 'the admin may move a won deal');
  await picker.click();
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: stageLabel(back) }).first().click();

  const dialog = admin.locator('.ant-modal-content', { hasText: 'Reopen this deal?' });
  await dialog.waitFor();
  assert.match(await dialog.locator('[data-testid="reopen-explain"]').textContent(), /kept in the deal's history/);
  assert.equal(await dialog.locator('[data-testid="loss-reason"]').count(), 0, 'reopening to an open stage asks no loss reason');

  // A blank reason is refused in the dialog; nothing is sent.
  let posted = 0;
  admin.on('request', (r) => {
    if (r.url().endsWith(`/api/v1/opportunities/${reopened.id}/stage`)) posted += 1;
  });
  await dialog.locator('[data-testid="reopen-submit"]').click();
  await dialog.getByText('Give the reason for reopening the deal').waitFor();
  assert.equal(posted, 0);

  await dialog.locator('[data-testid="reopen-reason"]').fill(REASON);
  await screenshot(admin, 'opportunity-reopen-dialog');
  const moved = admin.waitForResponse((r) => r.url().endsWith(`/api/v1/opportunities/${reopened.id}/stage`));
  await dialog.locator('[data-testid="reopen-submit"]').click();
  const response = await moved;
  assert.equal(response.status(), 200, await response.text());
  assert.deepEqual(response.request().postDataJSON(), { stage_id: back.id, reopen_reason: REASON });

  await admin.locator('[data-testid="opp-stage-tag"]', { hasText: stageLabel(back) }).waitFor();
  await dialog.waitFor({ state: 'hidden' });
  // The stage history shows the reason beside the move out of won.
  await admin.locator('[data-testid="opp-stage-history"] [data-testid="opp-history-reopened"]', { hasText: REASON }).waitFor();
  // And the deal's change history names it, labelled.
  await admin.locator('[data-testid="opp-history-all"]').click();
  const entry = admin.locator('[data-testid="history-drawer"] .closer-history__entry', { hasText: REASON });
  await entry.waitFor();
  assert.match(await entry.textContent(), /Reopened/);
  assert.match(await entry.textContent(), /Reopen reason/);
  await screenshot(admin, 'opportunity-reopen-history');
  assert.deepEqual(admin.closerErrors.filter((e) => !e.includes('401')), []);
});

test('a rep is offered no move out of his won deal', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page, REP);
  await ensureEnglish(page);
  const won = stages.find((s) => s.is_won);

  await page.goto(`${BASE_URL}/opportunities/${kept.id}`);
  await page.locator('[data-testid="opp-stage-tag"]', { hasText: stageLabel(won) }).waitFor();
  const picker = page.locator('[data-testid="opp-move-to"]');
  await picker.waitFor();
  assert.equal(await picker.evaluate((el) => el.classList.contains('ant-select-disabled')), true, 'the picker is disabled');
  await picker.hover();
  await page.locator('.ant-tooltip', { hasText: 'Only roles that may reopen won or lost deals' }).waitFor();
  await picker.click({ force: true });
  assert.equal(await page.locator('.ant-select-dropdown:visible').count(), 0, 'no stages are offered');
  assert.equal(await page.locator('[data-testid="opp-next-stage"]').count(), 0);
  await screenshot(page, 'opportunity-reopen-rep');

  // The board's won column is locked for him, with the same word.
  await page.goto(`${BASE_URL}/opportunities?owner_id=${rep.id}`);
  const column = page.locator(`[data-testid="opp-column"][data-stage-key="${won.key}"]`);
  await column.locator('[data-testid="opp-card"]', { hasText: `E2E 已赢商机 ${stamp}` }).waitFor();
  await column.locator('[data-testid="opp-column-locked"]').waitFor();
  assert.equal(await column.locator('.closer-opp-drag[data-locked="true"]', { hasText: `E2E 已赢商机 ${stamp}` }).count(), 1);

  // The server refuses it too, before asking for the reason.
  const open = stages.filter((s) => !s.is_won && !s.is_lost).at(-1);
  const refused = await call(page, 'POST', `/api/v1/opportunities/${kept.id}/stage`, { stage_id: open.id }, kept.version);
  assert.equal(refused.status(), 403, await refused.text());
  assert.deepEqual(page.closerErrors.filter((e) => !e.includes('401')), []);
  await page.context().close();
});
