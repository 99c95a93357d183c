// Working one opportunity: a manager creates it for a rep from the board's New button
// (customer searched by name, owner picked), logs a call on its page and finds it on the
// deal's timeline, keeps a document with it, compares two quote versions line by line; the
// rep, on a 375 px phone and in Chinese, sees the stages as one compact line and adds a deal
// from the customer's 360 page. Then a colleague joins the deal's team with a role and
// competitors are noted (a repeated name refused beside its field).
// Screenshots go to docs/screenshots for docs/opportunities.md.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, ensureEnglish, launch, openPage, screenshot, settle, signIn, uiLanguage } from '../lib/harness.mjs';

const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
const PHONE_375 = { width: 375, height: 812 };
const stamp = Date.now().toString(36);
const year = new Date().getFullYear();
const CUSTOMER = `E2E 新商机客户 ${stamp} 有限公司`;
const DEAL = `E2E 新商机 ${stamp} · 智能仓储`;

let browser;
let desk;
let rep;
let stages;
let customer;
let opportunity;

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  desk = await openPage(browser, DESKTOP);
  await signIn(desk);
  await ensureEnglish(desk);
  stages = (await api(desk, 'GET', '/api/v1/sales-processes')).items.find((p) => p.is_default).stages;
  rep = (await api(desk, 'GET', `/api/v1/users?q=${encodeURIComponent(REP.email)}`)).items.find((u) => u.email === REP.email);
  customer = await api(desk, 'POST', '/api/v1/customers', { name: CUSTOMER, industry: '制造业', owner_id: rep.id });
});
after(async () => {
  await browser?.close();
});

/** Calls the API with the page's session and CSRF token; answers the JSON body. */
async function api(page, method, path, body) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers: { 'X-CSRF-Token': me.csrf_token }, data: body });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function docsShot(page, name) {
  copyFileSync(await screenshot(page, name), join(DOCS_SHOTS_DIR, `${name}.png`));
}

/** Waits until the toasts ("saved", "uploaded") have gone, so a screenshot shows the page. */
async function toastsGone(page) {
  await page.waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 10_000 }).catch(() => undefined);
}

async function assertNoSideways(page, what) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE_375.width, `${what} does not scroll sideways (${scrollWidth}px)`);
}

/** Types into a searchable select, picks the option and waits until the select shows it. */
async function pick(page, select, typed, text) {
  // A popup still closing (the date picker's, a previous select's) can take the first click
  // on a loaded machine: wait for them to go, and try once more if the choice did not stick.
  for (let attempt = 1; ; attempt += 1) {
    await page.waitForFunction(() => !document.querySelector('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)'), undefined, { timeout: 5_000 }).catch(() => undefined);
    await select.click();
    if (typed) await select.locator('input').fill(typed);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
    try {
      await select.locator('.ant-select-selection-item', { hasText: text }).waitFor({ timeout: attempt < 3 ? 5_000 : 15_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.evaluate(() => document.activeElement?.blur());
    }
  }
}

const posted = (page, path) => page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST');

async function openDeal(page, id) {
  await page.goto(`${BASE_URL}/opportunities/${id}`);
  await page.locator('[data-testid="opp-detail"]').waitFor();
}

test('a manager creates an opportunity for a rep from the New button on the board', async () => {
  await desk.goto(`${BASE_URL}/opportunities`);
  await desk.locator('[data-testid="opp-board"]').waitFor();
  await desk.locator('[data-testid="opp-new"]').click();
  const drawer = desk.locator('[data-testid="opp-create-drawer"]');
  await drawer.locator('[data-testid="opp-create-form"]').waitFor();

  // Nothing filled in: the form says what is missing and sends nothing.
  await desk.locator('[data-testid="opp-create-submit"]').click();
  // Customer, name and amount are required.
  await drawer.locator('.ant-form-item-explain-error').nth(2).waitFor();

  // The customer is found by typing part of its name; the stage starts at the first one.
  const picker = drawer.locator('[data-testid="opp-create-customer"]');
  const searched = desk.waitForResponse((r) => r.url().includes('/api/v1/customers?') && r.url().includes(encodeURIComponent(stamp)));
  await pick(desk, picker, stamp, CUSTOMER);
  await searched;
  await drawer.locator('[data-testid="opp-create-name"]').fill(DEAL);
  await drawer.locator('[data-testid="opp-create-amount"]').fill('180000');
  assert.match(await drawer.locator('[data-testid="opp-create-stage"] .ant-select-selection-item').textContent(), /Initial contact · 10%/);
  const close = drawer.locator('input[data-testid="opp-create-close"], [data-testid="opp-create-close"] input');
  await close.click();
  await close.fill(`${year}-11-30`);
  await close.press('Enter');
  // Owner: me unless another is picked.
  assert.match(await drawer.locator('[data-testid="opp-create-owner"] .ant-select-selection-item').textContent(), /^Me \(/);
  await pick(desk, drawer.locator('[data-testid="opp-create-owner"]'), 'Zhang Wei', 'Zhang Wei');
  await docsShot(desk, 'opportunities-new-desktop');

  const answer = posted(desk, '/api/v1/opportunities');
  await desk.locator('[data-testid="opp-create-submit"]').click();
  const response = await answer;
  assert.equal(response.status(), 201, await response.text());
  const body = response.request().postDataJSON();
  assert.deepEqual(body, {
    customer_id: customer.id,
    name: DEAL,
    amount: { amount: '180000.00', currency: 'CNY' },
    stage_id: stages.find((s) => s.key === 'initial_contact').id,
    expected_close_date: `${year}-11-30`,
    owner_id: rep.id,
  });
  opportunity = await response.json();

  // The new deal's page opens.
  await desk.waitForURL(`${BASE_URL}/opportunities/${opportunity.id}`);
  await desk.locator('[data-testid="opp-detail"] h3', { hasText: DEAL }).waitFor();
  assert.match(await desk.locator('[data-testid="opp-amount"]').textContent(), /180,000\.00/);

  // The list view has the button too.
  await desk.goto(`${BASE_URL}/opportunities?view=list`);
  await desk.locator('[data-testid="opp-table"]').waitFor();
  assert.ok(await desk.locator('[data-testid="opp-new"]').isVisible());
});

test('a call logged on the opportunity page shows on its timeline', async () => {
  assert.ok(opportunity, 'the create test ran first');
  await openDeal(desk, opportunity.id);
  await desk.locator('[data-testid="opp-log-activity"]').click();
  const sheet = desk.locator('[data-testid="visit-sheet"]');
  await sheet.locator('[data-testid="visit-kind-call"]').click();
  await sheet.locator('[data-testid="visit-body"]').fill(`王总确认预算 ${stamp}; budget confirmed`);
  const answer = posted(desk, '/api/v1/activities');
  await sheet.locator('[data-testid="visit-save"]').click();
  const response = await answer;
  assert.equal(response.status(), 201, await response.text());
  const sent = response.request().postDataJSON();
  assert.equal(sent.opportunity_id, opportunity.id);
  assert.equal(sent.customer_id, undefined);
  assert.equal(sent.kind, 'call');

  const entry = desk.locator('[data-testid="opp-activities"] [data-testid="c360-timeline-activity"][data-kind="call"]', { hasText: `Call ${CUSTOMER}` });
  await entry.waitFor();
  assert.match(await entry.textContent(), new RegExp(`王总确认预算 ${stamp}`));
  assert.match(await desk.locator('[data-testid="opp-activities"] .ant-card-head-title').textContent(), /Activities \(1\)/);
  const listed = await api(desk, 'GET', `/api/v1/activities?opportunity_id=${opportunity.id}`);
  assert.equal(listed.items.length, 1);
});

test('a document is kept with the opportunity', async () => {
  assert.ok(opportunity, 'the create test ran first');
  await openDeal(desk, opportunity.id);
  const card = desk.locator('[data-testid="documents-card"]');
  await card.waitFor();
  const name = `需求说明 Requirements ${stamp}.txt`;
  const answer = posted(desk, '/api/v1/documents');
  await card.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from('智能仓储 requirements\n') });
  const response = await answer;
  assert.equal(response.status(), 201, await response.text());
  assert.equal(new URL(response.url()).searchParams.get('opportunity_id'), opportunity.id);
  await card.locator('[data-testid="document-item"]', { hasText: name }).waitFor();
  const kept = await api(desk, 'GET', `/api/v1/documents?opportunity_id=${opportunity.id}`);
  assert.deepEqual(kept.items.map((d) => d.name), [name]);
  await toastsGone(desk);
  await docsShot(desk, 'opportunities-work-desktop');
});

test('two quote versions are compared line by line', async () => {
  assert.ok(opportunity, 'the create test ran first');
  const products = (await api(desk, 'GET', '/api/v1/products')).items.filter((p) => p.active);
  const [a, b, c] = products;
  await api(desk, 'POST', '/api/v1/quotes', {
    opportunity_id: opportunity.id,
    lines: [
      { product_id: a.id, quantity: '2', discount: '10' },
      { product_id: b.id, quantity: '5' },
      { description: `实施服务 Installation ${stamp}`, quantity: '1', unit_price: { amount: '5000.00', currency: 'CNY' } },
    ],
  });
  const second = await api(desk, 'POST', '/api/v1/quotes', {
    opportunity_id: opportunity.id,
    lines: [
      { product_id: a.id, quantity: '3', discount: '15' },
      { product_id: b.id, quantity: '5' },
      { product_id: c.id, quantity: '1' },
    ],
  });
  const quotes = (await api(desk, 'GET', `/api/v1/quotes?opportunity_id=${opportunity.id}`)).items;
  const first = quotes.find((q) => q.number === 1);
  const fen = (m) => Math.round(Number(m.amount) * 100);
  const expected = (fen(second.total) - fen(first.total)) / 100;

  await openDeal(desk, opportunity.id);
  await desk.locator('[data-testid="quote-table"]').waitFor();
  // Print sits inside the card, not cut off at its edge.
  const print = desk.locator('[data-testid="quote-print"]').first();
  const cardBox = await desk.locator('[data-testid="quotes-card"]').boundingBox();
  const printBox = await print.boundingBox();
  assert.ok(printBox.x + printBox.width <= cardBox.x + cardBox.width - 8, `Print fits the card (${printBox.x + printBox.width} > ${cardBox.x + cardBox.width})`);
  assert.ok(await print.isVisible());

  await desk.locator('[data-testid="quote-compare-open"]').click();
  const drawer = desk.locator('[data-testid="quote-compare"]');
  await drawer.locator('[data-testid="quote-compare-lines"]').waitFor();
  const changes = await drawer.locator('[data-testid="quote-diff-line"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-change')));
  assert.deepEqual(changes, ['changed', 'same', 'added', 'removed']);
  assert.match(await drawer.locator('[data-testid="quote-compare-counts"]').textContent(), /1 added.*1 removed.*1 changed.*1 unchanged/);
  const delta = (await drawer.locator('[data-testid="quote-compare-total-delta"]').textContent()).replace(/[^\d.+−-]/g, '');
  assert.equal(Number(delta.replace('−', '-').replace('+', '')), expected);
  await drawer.locator('[data-testid="quote-diff-quantity"]').first().waitFor();
  await docsShot(desk, 'opportunities-compare-desktop');
  await desk.keyboard.press('Escape');
});

test('on a 375 px phone, in Chinese: compact stages, and a deal added from the customer page', async () => {
  assert.ok(opportunity, 'the create test ran first');
  const phone = await openPage(browser, PHONE_375, { locale: 'zh-CN' });
  await signIn(phone, REP);
  const chinese = (await uiLanguage(phone)) === 'zh-CN';

  await openDeal(phone, opportunity.id);
  const compact = phone.locator('[data-testid="opp-stage-compact"]');
  await compact.waitFor();
  assert.equal(await phone.locator('[data-testid="opp-steps"]').count(), 0);
  const box = await compact.boundingBox();
  assert.ok(box.height < 90, `the stages take one short block (${box.height}px)`);
  if (chinese) assert.match(await phone.locator('[data-testid="opp-stage-position"]').textContent(), /第 1 \/ 5 阶段/);
  await phone.locator('[data-testid="opp-activities"] [data-testid="c360-timeline-activity"]').first().waitFor();
  await assertNoSideways(phone, 'the opportunity page');
  // The docs' phone shot of the page is 13-opportunities'; this one stays in screenshots-out.
  await screenshot(phone, 'opportunities-detail-phone-compact');

  await phone.locator('[data-testid="quote-compare-open"]').click();
  await phone.locator('[data-testid="quote-compare"] [data-testid="quote-diff-line"]').first().waitFor();
  await docsShot(phone, 'opportunities-compare-phone');
  await phone.keyboard.press('Escape');
  await phone.locator('[data-testid="quote-compare"]').waitFor({ state: 'hidden' });

  // From the customer's 360 page: the customer is already chosen.
  await phone.goto(`${BASE_URL}/customers/${customer.id}`);
  await phone.locator('[data-testid="customer-opp-new"]').click();
  const drawer = phone.locator('[data-testid="opp-create-drawer"]');
  await drawer.locator('[data-testid="opp-create-form"]').waitFor();
  if (chinese) await drawer.locator('.ant-drawer-title', { hasText: '新建商机' }).waitFor();
  assert.match(await drawer.locator('[data-testid="opp-create-customer"]').textContent(), new RegExp(stamp));
  await drawer.locator('[data-testid="opp-create-name"]').fill(`${DEAL} 二期`);
  await drawer.locator('[data-testid="opp-create-amount"]').fill('56000.5');
  const width = (await phone.locator('.ant-drawer-content-wrapper').boundingBox()).width;
  assert.ok(Math.round(width) <= PHONE_375.width, `the drawer fits the phone (${width}px)`);
  await docsShot(phone, 'opportunities-new-phone');
  const answer = posted(phone, '/api/v1/opportunities');
  await phone.locator('[data-testid="opp-create-submit"]').click();
  const response = await answer;
  assert.equal(response.status(), 201, await response.text());
  assert.deepEqual(response.request().postDataJSON().amount, { amount: '56000.50', currency: 'CNY' });
  assert.equal(response.request().postDataJSON().customer_id, customer.id);
  const created = await response.json();
  await phone.waitForURL(`${BASE_URL}/opportunities/${created.id}`);
  await phone.locator('[data-testid="opp-stage-compact"]').waitFor();
  await settle(phone);
  const errors = phone.closerErrors.filter((e) => !e.includes('401'));
  assert.equal(errors.length, 0, errors.join('\n'));
  await phone.context().close();
});

test('a colleague joins the team and competitors are noted on the opportunity page', async () => {
  assert.ok(opportunity, 'the create test ran first');
  const colleague = (await api(desk, 'GET', '/api/v1/users?q=li.na')).items.find((u) => u.email.startsWith('li.na@'));
  await openDeal(desk, opportunity.id);
  const team = desk.locator('[data-testid="opp-team"]');
  await team.locator('[data-testid="opp-team-owner"]', { hasText: 'Zhang Wei' }).waitFor();

  await team.locator('[data-testid="opp-team-edit"]').click();
  const dialog = desk.locator('[data-testid="opp-team-dialog"]');
  await dialog.locator('[data-testid="opp-team-add"]').click();
  const row = dialog.locator('[data-testid="opp-team-row"]').last();
  const who = row.locator('[data-testid="opp-team-user"]');
  await pick(desk, who, 'Li Na', 'Li Na');
  // The owner cannot be picked: they are on every deal already.
  await who.click();
  await who.locator('input').fill('Zhang Wei');
  assert.equal(await desk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Zhang Wei' }).count(), 0);
  await desk.keyboard.press('Escape');
  await who.locator('.ant-select-selection-item', { hasText: 'Li Na' }).waitFor();
  await pick(desk, row.locator('[data-testid="opp-team-role-select"]'), null, 'Presales');
  await docsShot(desk, 'opportunities-team-edit-desktop');
  const put = desk.waitForResponse((r) => r.url().endsWith(`/api/v1/opportunities/${opportunity.id}/team`) && r.request().method() === 'PUT');
  await desk.locator('[data-testid="opp-team-save"]').click();
  const saved = await put;
  assert.equal(saved.status(), 200, await saved.text());
  assert.deepEqual(saved.request().postDataJSON(), { members: [{ user_id: colleague.id, role: 'presales' }] });
  const member = team.locator(`[data-testid="opp-team-member"][data-user="${colleague.id}"]`);
  await member.waitFor();
  assert.equal(await member.locator('[data-testid="opp-team-role"]').getAttribute('data-role'), 'presales');
  assert.match(await team.locator('.ant-card-head-title').textContent(), /Team \(2\)/);

  // A competitor with its strengths and weaknesses, sent with the version the page shows.
  const competitors = desk.locator('[data-testid="opp-competitors"]');
  const version = (await api(desk, 'GET', `/api/v1/opportunities/${opportunity.id}`)).version;
  await competitors.locator('[data-testid="opp-competitor-add"]').click();
  let form = desk.locator('[data-testid="opp-competitor-dialog"]');
  await form.locator('[data-testid="opp-competitor-name"]').fill('SAP 思爱普');
  await form.locator('[data-testid="opp-competitor-strengths"]').fill('品牌强，集团客户认可 / strong brand');
  await form.locator('[data-testid="opp-competitor-weaknesses"]').fill('实施周期长，价格高');
  let patch = desk.waitForResponse((r) => r.url().endsWith(`/api/v1/opportunities/${opportunity.id}`) && r.request().method() === 'PATCH');
  await desk.locator('[data-testid="opp-competitor-save"]').click();
  let response = await patch;
  assert.equal(response.status(), 200, await response.text());
  assert.equal(response.request().headers()['if-match'], `"${version}"`);
  assert.deepEqual(response.request().postDataJSON(), {
    competitors: [{ name: 'SAP 思爱普', strengths: '品牌强，集团客户认可 / strong brand', weaknesses: '实施周期长，价格高' }],
  });
  await competitors.locator('[data-testid="opp-competitor"]', { hasText: 'SAP 思爱普' }).waitFor();

  // The same name again is refused, and the refusal sits under the name.
  await competitors.locator('[data-testid="opp-competitor-add"]').click();
  form = desk.locator('[data-testid="opp-competitor-dialog"]');
  await form.locator('[data-testid="opp-competitor-name"]').fill('sap 思爱普');
  patch = desk.waitForResponse((r) => r.url().endsWith(`/api/v1/opportunities/${opportunity.id}`) && r.request().method() === 'PATCH');
  await desk.locator('[data-testid="opp-competitor-save"]').click();
  response = await patch;
  assert.equal(response.status(), 422);
  assert.ok((await response.json()).errors.some((e) => e.field === 'competitors[1].name'));
  await form
    .locator('.ant-form-item', { has: desk.locator('[data-testid="opp-competitor-name"]') })
    .locator('.ant-form-item-explain-error', { hasText: 'This competitor is listed already.' })
    .waitFor();
  await toastsGone(desk);
  await docsShot(desk, 'opportunities-competitor-refused-desktop');

  // Named differently it is added, then removed again.
  await form.locator('[data-testid="opp-competitor-name"]').fill('用友 Yonyou');
  await desk.locator('[data-testid="opp-competitor-save"]').click();
  const second = competitors.locator('[data-testid="opp-competitor"]', { hasText: '用友 Yonyou' });
  await second.waitFor();
  await second.locator('[data-testid="opp-competitor-remove"]').click();
  await desk.locator('[data-testid="opp-competitor-remove-confirm"]').click();
  await second.waitFor({ state: 'detached' });
  const now = await api(desk, 'GET', `/api/v1/opportunities/${opportunity.id}`);
  assert.deepEqual(now.competitors.map((c) => c.name), ['SAP 思爱普']);
  await toastsGone(desk);
  await team.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await docsShot(desk, 'opportunities-team-desktop');

  // The rep sees the team and the competitor on the phone, in Chinese.
  const phone = await openPage(browser, PHONE_375, { locale: 'zh-CN' });
  await signIn(phone, REP);
  await openDeal(phone, opportunity.id);
  const phoneTeam = phone.locator('[data-testid="opp-team"]');
  await phoneTeam.locator(`[data-testid="opp-team-member"][data-user="${colleague.id}"]`).waitFor();
  if ((await uiLanguage(phone)) === 'zh-CN') assert.match(await phoneTeam.locator('[data-testid="opp-team-role"]').textContent(), /售前/);
  await phone.locator('[data-testid="opp-competitors"] [data-testid="opp-competitor"]', { hasText: 'SAP 思爱普' }).waitFor();
  await phoneTeam.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await assertNoSideways(phone, 'the opportunity page with its team');
  await docsShot(phone, 'opportunities-team-phone');
  await phone.context().close();
});
