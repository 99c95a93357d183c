// Payment plans order by order: a finance user (zh-CN) opens a new active contract of
// ¥100,000.00 with two orders (¥60,000.00 and ¥40,000.00, made through the API) and plans the
// first 50 / 50 from the orders card, in the same plan editor as the contract's (the order's
// amount and what is left unplanned shown); the contract's plan lists the installments with
// the order's id, the cash tab names each one's order and says the contract is planned order
// by order instead of offering the whole-contract editor; cancelling a planned order is refused
// in words; a payment is written off on the first order's first installment and says so; the
// second order's plan is removed from its card. Screenshots of the cash tab
// (desk) and the orders card (phone) go to docs/screenshots.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, PHONE, launch, openPage, screenshot, signIn, switchLanguage, uiLanguage } from '../lib/harness.mjs';

const stamp = Date.now().toString(36);
const PASSWORD = 'closer-e2e-27';

let browser;
let admin;
let finance;
let flow;
let previousFlow;
let contract;
let first;
let second;

/** A calendar day in the company's time zone, `days` from today (YYYY-MM-DD). */
function day(days) {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Calls the API with the page's session and CSRF token (and `If-Match` when given a version). */
async function api(page, method, path, body, version) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const headers = { 'X-CSRF-Token': me.csrf_token };
  if (version !== undefined) headers['If-Match'] = `"${version}"`;
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers, data: body });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  admin = await openPage(browser, DESKTOP);
  await signIn(admin);

  const roles = (await api(admin, 'GET', '/api/v1/roles')).items;
  const departments = (await api(admin, 'GET', '/api/v1/departments')).items;
  const email = `finance27.${stamp}@e2e.example.com`;
  const user = await api(admin, 'POST', '/api/v1/users', {
    email,
    name: `E2E 财务 ${stamp}`,
    role_id: roles.find((r) => r.key === 'finance').id,
    department_id: departments[0].id,
    password: PASSWORD,
    language: 'zh-CN',
  });
  finance = { user, login: { tenant: 'demo', email, password: PASSWORD } };

  // Contracts go for the administrator's approval while the test runs (the tenant's own flow is put back after).
  previousFlow = (await api(admin, 'GET', '/api/v1/approval-flows')).items.find((f) => f.active && f.record_type === 'contract');
  flow = await api(admin, 'POST', '/api/v1/approval-flows', {
    record_type: 'contract',
    name: `E2E 订单回款测试合同审批 ${stamp}`,
    steps: [{ name: '管理员审批 Admin', approvers: { kind: 'role', role_key: 'admin' }, mode: 'any' }],
  });

  const customer = await api(admin, 'POST', '/api/v1/customers', { name: `E2E 分单回款客户 ${stamp} 有限公司` });
  const draft = await api(admin, 'POST', '/api/v1/contracts', {
    customer_id: customer.id,
    name: `E2E 分批交付合同 ${stamp}`,
    amount: { amount: '100000.00', currency: 'CNY' },
  });
  const submitted = await api(admin, 'POST', `/api/v1/contracts/${draft.id}/submit`, {}, draft.version);
  if (submitted.status === 'in_approval') await api(admin, 'POST', `/api/v1/approvals/${submitted.approval_id}/approve`, {});
  contract = await api(admin, 'GET', `/api/v1/contracts/${draft.id}`);
  assert.equal(contract.status, 'active');
  const plan = await api(admin, 'GET', `/api/v1/contracts/${contract.id}/payment-plan`);
  assert.equal(plan.receivables.length, 0, 'a new contract has no plan');

  const order = (amount) => api(admin, 'POST', '/api/v1/orders', { contract_id: contract.id, lines: [{ amount: { amount, currency: 'CNY' } }], deliver_by: day(30) });
  first = await order('60000.00');
  second = await order('40000.00');
});

after(async () => {
  const restore = async (f, active) => {
    const fresh = await api(admin, 'GET', `/api/v1/approval-flows/${f.id}`);
    await api(admin, 'PUT', `/api/v1/approval-flows/${f.id}`, { record_type: fresh.record_type, name: fresh.name, steps: fresh.steps, active }, fresh.version);
  };
  if (flow) await restore(flow, false).catch(() => undefined);
  if (previousFlow) await restore(previousFlow, true).catch(() => undefined);
  await browser?.close();
});

async function docsShot(page, name) {
  copyFileSync(await screenshot(page, name), join(DOCS_SHOTS_DIR, `${name}.png`));
}

async function toastsGone(page) {
  await page.waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 10_000 }).catch(() => undefined);
}

async function assertNoSideways(page, what) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= (page.viewportSize()?.width ?? 0) + 1, `${what}: the page scrolls sideways (${scrollWidth} px)`);
}

function errorsOf(page) {
  return page.closerErrors.filter((e) => !e.includes('401'));
}

async function asFinance(viewport = DESKTOP, language = 'zh-CN') {
  const page = await openPage(browser, viewport);
  await signIn(page, finance.login);
  if ((await uiLanguage(page)) !== language) await switchLanguage(page, language);
  return page;
}

const text = async (locator) => (await locator.textContent())?.trim();
const orderRow = (page, number) => page.locator(`[data-testid="order-row"][data-number="${number}"]`);

test('the first order planned 50 / 50 from its card, in the plan editor, with the order’s amount', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/contracts/${contract.id}`);
  const row = orderRow(page, first.number);
  await row.locator('[data-testid="order-plan-summary"]', { hasText: '尚未设置回款计划' }).waitFor();
  assert.equal(await orderRow(page, second.number).locator('[data-testid="order-plan"]').count(), 1);
  await row.locator('[data-testid="order-plan"]').click();

  const drawer = page.locator('[data-testid="plan-drawer"]');
  await drawer.waitFor();
  assert.match(await text(drawer.locator('.ant-drawer-title')), new RegExp(`${contract.number} · 订单 ${first.number}`));
  assert.equal(await text(drawer.locator('[data-testid="plan-total"]')), '各期合计须等于订单金额 ¥60,000.00。');
  assert.equal(await text(drawer.locator('[data-testid="plan-unplanned"]')), '其中 ¥60,000.00 尚未纳入回款计划。');
  const rows = drawer.locator('[data-testid="plan-row"]');
  await rows.first().locator('[data-testid="plan-ratio"]').fill('50');
  await drawer.locator('[data-testid="plan-add"]').click();
  // A new row offers what is left: 50 %.
  assert.equal(await rows.nth(1).locator('[data-testid="plan-ratio"]').inputValue(), '50');
  await rows.nth(0).locator('[data-testid="plan-due"]').fill(day(10));
  await rows.nth(1).locator('[data-testid="plan-due"]').fill(day(40));
  await drawer.locator('[data-testid="plan-check"][data-whole="true"]').waitFor();
  assert.deepEqual(await drawer.locator('[data-testid="plan-row-amount"]').allTextContents(), ['¥30,000.00', '¥30,000.00']);

  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/orders/${first.id}/payment-plan`) && r.request().method() === 'PUT');
  await page.locator('[data-testid="plan-save"]').click();
  const response = await answered;
  assert.equal(response.status(), 200, await response.text());
  const saved = await response.json();
  assert.deepEqual(JSON.parse(response.request().postData()), {
    installments: [
      { due_on: day(10), ratio: '50' },
      { due_on: day(40), ratio: '50' },
    ],
  });
  assert.deepEqual(saved.receivables.map((r) => r.amount.amount), ['30000.00', '30000.00']);
  assert.equal(saved.order_amount.amount, '60000.00');
  assert.equal(saved.unplanned.amount, '0.00');
  await drawer.waitFor({ state: 'hidden' });

  // The card says so, and the plan can be removed from it.
  await row.locator('[data-testid="order-plan-summary"]', { hasText: '回款计划：2 期，共 ¥60,000.00 · 已回款 ¥0.00' }).waitFor();
  await row.locator('[data-testid="order-plan-remove"]').waitFor();

  // The contract's plan lists them with the order's id; the other order is still unplanned.
  const plan = await api(page, 'GET', `/api/v1/contracts/${contract.id}/payment-plan`);
  assert.deepEqual(
    plan.receivables.map((r) => [r.order_id, r.due_on, r.amount.amount]),
    [
      [first.id, day(10), '30000.00'],
      [first.id, day(40), '30000.00'],
    ],
  );
  assert.equal(plan.unplanned.amount, '40000.00');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('the cash tab names each installment’s order and keeps the whole-contract editor away', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/contracts/${contract.id}?tab=cash`);
  const rows = page.locator('[data-testid="receivable-row"]');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  assert.deepEqual(await page.locator('[data-testid="receivable-order"]').allTextContents(), [`订单 ${first.number}`, `订单 ${first.number}`]);
  assert.deepEqual(await page.locator('[data-testid="receivable-amount"]').allTextContents(), ['¥30,000.00', '¥30,000.00']);
  await page.locator('[data-testid="cash-planned-by-orders"]').waitFor();
  assert.equal(await page.locator('[data-testid="plan-edit"], [data-testid="plan-set"]').count(), 0);
  assert.match(await text(page.locator('[data-testid="cash-unplanned"]')), /¥40,000\.00/);
  assert.equal(await text(page.locator('[data-testid="cash-outstanding"]')), '¥60,000.00');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('a planned order is not cancelled from under its plan: refused in words', async () => {
  // Orders are moved on by whoever writes contracts: the administrator.
  const page = await openPage(browser, DESKTOP);
  await signIn(page);
  await page.goto(`${BASE_URL}/contracts/${contract.id}`);
  const row = orderRow(page, first.number);
  await row.locator('[data-testid="order-move"]').click();
  const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/orders/${first.id}/status`));
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) [data-testid="order-move-cancelled"]').click();
  assert.equal((await refused).status(), 409);
  const said = (await uiLanguage(page)) === 'zh-CN' ? '该订单已设置回款计划，请先删除其计划再取消订单。' : 'This order has a payment plan: remove its plan before cancelling it.';
  await page.locator('.ant-message-notice', { hasText: said }).waitFor();
  assert.equal((await api(page, 'GET', `/api/v1/orders/${first.id}`)).status, 'open');
  await page.context().close();
});

test('screenshots: the cash tab planned order by order (desk) and the orders card on a 390 px phone', async () => {
  // The second order in one installment, through the API.
  await api(admin, 'PUT', `/api/v1/orders/${second.id}/payment-plan`, { installments: [{ due_on: day(25), ratio: '100' }] });
  const plan = await api(admin, 'GET', `/api/v1/contracts/${contract.id}/payment-plan`);
  assert.deepEqual(
    plan.receivables.map((r) => [r.order_id, r.amount.amount]),
    [
      [first.id, '30000.00'],
      [second.id, '40000.00'],
      [first.id, '30000.00'],
    ],
  );

  // ¥10,000.00 received: written off earliest due first, on the first order's first installment.
  const payment = await api(admin, 'POST', '/api/v1/payments', {
    customer_id: contract.customer_id,
    contract_id: contract.id,
    amount: { amount: '10000.00', currency: 'CNY' },
    received_on: day(0),
    reference: `E2E ${stamp} 订单 1 首付`,
  });
  assert.deepEqual(payment.allocations.map((a) => [a.receivable_id, a.amount.amount]), [[plan.receivables[0].id, '10000.00']]);

  const desk = await asFinance();
  await desk.goto(`${BASE_URL}/contracts/${contract.id}?tab=cash`);
  await desk.locator('[data-testid="receivable-row"]').nth(2).waitFor();
  assert.deepEqual(await desk.locator('[data-testid="receivable-order"]').allTextContents(), [`订单 ${first.number}`, `订单 ${second.number}`, `订单 ${first.number}`]);
  // The payment says which order's installment it went to.
  await desk.locator('[data-testid="payment-allocations-text"]', { hasText: `订单 ${first.number} · 第 1 期 ¥10,000.00` }).waitFor();
  assert.equal(await text(desk.locator('[data-testid="cash-paid"]')), '¥10,000.00');
  await desk.locator('[data-testid="history-entry"]').first().waitFor();
  await toastsGone(desk);
  await docsShot(desk, 'cash-order-plan-desktop');
  assert.deepEqual(errorsOf(desk), []);
  await desk.context().close();

  const phone = await asFinance(PHONE);
  await phone.goto(`${BASE_URL}/contracts/${contract.id}`);
  const row = orderRow(phone, first.number);
  await row.locator('[data-testid="order-plan-summary"]', { hasText: '已回款 ¥10,000.00' }).waitFor();
  // Money came in on the first order's plan: it stays (its removal would be refused).
  assert.equal(await row.locator('[data-testid="order-plan-remove"]').isDisabled(), true);
  await assertNoSideways(phone, 'the orders card');
  await phone.locator('[data-testid="contract-orders"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await toastsGone(phone);
  await docsShot(phone, 'cash-order-plan-phone');
  // The plan editor fills the phone's width and does not scroll sideways either.
  await orderRow(phone, second.number).locator('[data-testid="order-plan"]').click();
  const drawer = phone.locator('[data-testid="plan-drawer"]');
  await drawer.locator('[data-testid="plan-total"]', { hasText: '¥40,000.00' }).waitFor();
  await assertNoSideways(phone, 'the plan editor');
  await screenshot(phone, 'cash-order-plan-editor-phone');
  await drawer.locator('.ant-drawer-close').click();
  await drawer.waitFor({ state: 'hidden' });
  // The cash tab's installments, as cards, each with its order.
  await phone.goto(`${BASE_URL}/contracts/${contract.id}?tab=cash`);
  await phone.locator('[data-testid="receivable-row"] [data-testid="receivable-order"]').nth(2).waitFor();
  await assertNoSideways(phone, 'the cash tab');
  await screenshot(phone, 'cash-order-plan-tab-phone');
  assert.deepEqual(errorsOf(phone), []);
  await phone.context().close();
});

test('the second order’s plan removed from its card', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/contracts/${contract.id}`);
  const row = orderRow(page, second.number);
  await row.locator('[data-testid="order-plan-remove"]').click();
  const removed = page.waitForResponse((r) => r.url().endsWith(`/api/v1/orders/${second.id}/payment-plan`) && r.request().method() === 'DELETE');
  await page.locator('[data-testid="order-plan-remove-ok"]').click();
  assert.equal((await removed).status(), 204);
  await row.locator('[data-testid="order-plan-summary"]', { hasText: '尚未设置回款计划' }).waitFor();
  assert.equal(await row.locator('[data-testid="order-plan-remove"]').count(), 0);
  const plan = await api(page, 'GET', `/api/v1/contracts/${contract.id}/payment-plan`);
  assert.deepEqual(
    plan.receivables.map((r) => r.order_id),
    [first.id, first.id],
  );
  assert.equal(plan.unplanned.amount, '40000.00');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});
