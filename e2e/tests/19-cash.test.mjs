// Cash, the worked examples through the UI: a finance user (zh-CN) opens a new active contract
// of ¥1,000,000.01 and sets its payment plan 30 / 60 / 10 by ratio (installments ¥300,000.00 ·
// ¥600,000.01 · ¥100,000.00, the first two due in the past), issues a VAT invoice of
// ¥113,000.00 at 13 % (¥100,000.00 + ¥13,000.00 as the server answers), pays the first
// installment in two parts, sees the second 45 days overdue in the aging report's 31–60 bucket
// and drills through to it, waives 10 % of the third (¥90,000.00, the contract ¥990,000.01),
// pays the rest and sees the contract paid in full. The administrator imports a bank statement
// with two title lines above its column names — the wizard finds them on row 3 and shows which
// column is the date, the payer, the money received, the money paid out and the reference —
// (one row paid in, one left to match by hand, one refused, one paid out and skipped) and
// matches the stranger's row in the queue. Screenshots of the cash tab, the aging report, the
// finance home and the statement's column step, desk and phone, Chinese and English, go to
// docs/screenshots.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, PHONE, launch, navigate, openPage, screenshot, signIn, switchLanguage, uiLanguage } from '../lib/harness.mjs';

const stamp = Date.now().toString(36);
const PASSWORD = 'closer-e2e-19';

let browser;
let admin;
let finance;
let flow;
let previousFlow;
let customer;
let contract;

/** A calendar day in the company's time zone, `days` from today (YYYY-MM-DD). */
function day(days) {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
const DUE = [day(-60), day(-45), day(200)];

/** The columns of the statements below, on row 3 under the bank's title lines. */
const BANK_COLUMNS = ['交易日期', '对方户名', '贷方发生额', '借方发生额', '摘要'];
const BANK_ROLES = { date: '交易日期', payer: '对方户名', amount: '贷方发生额', debit: '借方发生额', reference: '摘要' };

/** A bank statement as banks export them: an account title and number above the column names. */
function bankStatement(fileName, rows) {
  const dir = join(tmpdir(), `closer-e2e-bank-${stamp}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, fileName);
  writeFileSync(file, ['账户明细', '账号: 6222 0210 0112 3456 789', BANK_COLUMNS.join(','), ...rows].join('\n'));
  return file;
}

/** Picks the column for a role on the statement's column step. */
async function chooseColumn(page, role, column) {
  await page.locator(`[data-testid="bank-map-${role}"]`).click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${column}"]`).click();
  await page.waitForFunction(
    ([r, c]) => document.querySelector(`[data-testid="bank-map-${r}"] .ant-select-selection-item`)?.textContent === c,
    [role, column],
  );
}

/** Chooses a statement in the import wizard and waits for its column step. */
async function openMappingStep(page, file) {
  await page.goto(`${BASE_URL}/cash/payments/import`);
  await page.locator('[data-testid="bank-import-page"] input[type="file"]').setInputFiles(file);
  await page.locator('[data-testid="bank-mapping"]').waitFor({ timeout: 30_000 });
}

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  admin = await openPage(browser, DESKTOP);
  await signIn(admin);

  const roles = (await api(admin, 'GET', '/api/v1/roles')).items;
  const departments = (await api(admin, 'GET', '/api/v1/departments')).items;
  const email = `finance.${stamp}@e2e.example.com`;
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
    name: `E2E 回款测试合同审批 ${stamp}`,
    steps: [{ name: '管理员审批 Admin', approvers: { kind: 'role', role_key: 'admin' }, mode: 'any' }],
  });

  customer = await api(admin, 'POST', '/api/v1/customers', { name: `E2E 回款客户 ${stamp} 有限公司` });
  const draft = await api(admin, 'POST', '/api/v1/contracts', {
    customer_id: customer.id,
    name: `E2E 年度服务合同 ${stamp}`,
    amount: { amount: '1000000.01', currency: 'CNY' },
  });
  const submitted = await api(admin, 'POST', `/api/v1/contracts/${draft.id}/submit`, {}, draft.version);
  if (submitted.status === 'in_approval') await api(admin, 'POST', `/api/v1/approvals/${submitted.approval_id}/approve`, {});
  contract = await api(admin, 'GET', `/api/v1/contracts/${draft.id}`);
  assert.equal(contract.status, 'active');
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

/** Calls the API with the page's session and CSRF token (and `If-Match` when given a version). */
async function api(page, method, path, body, version) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const headers = { 'X-CSRF-Token': me.csrf_token };
  if (version !== undefined) headers['If-Match'] = `"${version}"`;
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers, data: body });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

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
const row = (page, position) => page.locator(`[data-testid="receivable-row"][data-position="${position}"]`);

/** Opens an installment's action menu and picks one (`invoice`, `pay` or `change`). */
async function rowAction(page, position, action) {
  await row(page, position).locator('[data-testid="receivable-actions"]').click();
  await page.locator(`.ant-dropdown:not(.ant-dropdown-hidden) [data-testid="receivable-${action}"]`).click();
}

/** Saves a drawer's form and answers the API's response to it. */
async function save(page, button, urlPart, method = 'POST') {
  const answered = page.waitForResponse((r) => r.url().includes(urlPart) && r.request().method() === method);
  await page.locator(`[data-testid="${button}"]`).click();
  const response = await answered;
  assert.ok(response.ok(), `${method} ${urlPart}: ${response.status()} ${await response.text()}`);
  return response.json();
}

test('finance lands on the cash home, each figure a way into its list', async () => {
  const page = await asFinance();
  await page.locator('[data-testid="finance-home"]').waitFor();
  await page.locator('[data-testid="stat-overdue"]').waitFor();
  const overdue = await page.locator('[data-testid="stat-overdue"]').getAttribute('href');
  assert.equal(overdue, `/cash/receivables?status=owing&due_to=${day(-1)}`);
  // A tile reads at a glance ("¥123.4万" / "¥1.23M"); the exact figure is behind it.
  assert.match(await text(page.locator('[data-testid="stat-outstanding"] .ant-statistic-content')), /^¥[\d,.]+(万|亿|K|M|B)?$/);
  assert.match(await page.locator('[data-testid="stat-outstanding"] [data-exact]').getAttribute('data-exact'), /¥[\d,]+\.\d\d/);
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('the plan 30 / 60 / 10 of ¥1,000,000.01, set by ratio in the cash tab', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/contracts/${contract.id}`);
  await page.locator('[data-testid="contract-tab-cash"]').click();
  assert.match(page.url(), /tab=cash/);
  assert.equal(await text(page.locator('[data-testid="cash-contract-amount"]')), '¥1,000,000.01');
  await page.locator('[data-testid="plan-set"]').click();

  const drawer = page.locator('[data-testid="plan-drawer"]');
  const rows = drawer.locator('[data-testid="plan-row"]');
  await rows.first().locator('[data-testid="plan-ratio"]').fill('30');
  await drawer.locator('[data-testid="plan-add"]').click();
  // A new row offers what is left: 70 %.
  assert.equal(await rows.nth(1).locator('[data-testid="plan-ratio"]').inputValue(), '70');
  await rows.nth(1).locator('[data-testid="plan-ratio"]').fill('60');
  assert.equal(await drawer.locator('[data-testid="plan-check"]').getAttribute('data-whole'), 'false');
  await drawer.locator('[data-testid="plan-add"]').click();
  for (const [i, due] of DUE.entries()) await rows.nth(i).locator('[data-testid="plan-due"]').fill(due);
  await drawer.locator('[data-testid="plan-check"][data-whole="true"]').waitFor();
  assert.deepEqual(await drawer.locator('[data-testid="plan-row-amount"]').allTextContents(), ['¥300,000.00', '¥600,000.01', '¥100,000.00']);

  const plan = await save(page, 'plan-save', `/contracts/${contract.id}/payment-plan`, 'PUT');
  assert.deepEqual(plan.receivables.map((r) => r.amount.amount), ['300000.00', '600000.01', '100000.00']);
  await row(page, 2).waitFor();
  for (const [i, amount] of ['¥300,000.00', '¥600,000.01', '¥100,000.00'].entries()) {
    assert.equal(await text(row(page, i).locator('[data-testid="receivable-amount"]')), amount);
  }
  // Both past due dates are overdue today; the second by 45 days.
  assert.equal(await row(page, 1).getAttribute('data-status'), 'overdue');
  assert.equal(await text(row(page, 1).locator('[data-testid="receivable-status"]')), '逾期 45 天');
  assert.equal(await text(page.locator('[data-testid="cash-outstanding"]')), '¥1,000,000.01');
  // The history says each was planned.
  assert.equal(await page.locator('[data-testid="history-entry"][data-kind="planned"]').count(), 3);
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('a VAT invoice of ¥113,000.00 at 13 % on the first installment: the tax as the server works it out', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/contracts/${contract.id}?tab=cash`);
  await rowAction(page, 0, 'invoice');
  const drawer = page.locator('[data-testid="invoice-drawer"]');
  // It offers what the installment leaves to invoice.
  assert.equal(await drawer.locator('[data-testid="invoice-amount"]').inputValue(), '300000.00');
  await drawer.locator('[data-testid="invoice-amount"]').fill('113000');
  await drawer.locator('[data-testid="invoice-number"]').fill(`E2E-${stamp}-001`);
  const invoice = await save(page, 'invoice-save', '/api/v1/invoices');
  assert.equal(invoice.amount_without_tax.amount, '100000.00');
  assert.equal(invoice.tax_amount.amount, '13000.00');
  assert.equal(await text(drawer.locator('[data-testid="invoice-issued-without-tax"]')), '¥100,000.00');
  assert.equal(await text(drawer.locator('[data-testid="invoice-issued-tax"]')), '¥13,000.00');
  await drawer.locator('[data-testid="invoice-done"]').click();
  const listed = page.locator('[data-testid="invoice-row"]', { hasText: `E2E-${stamp}-001` });
  await listed.waitFor();
  assert.match(await text(listed.locator('[data-testid="invoice-split"]')), /¥100,000\.00.*¥13,000\.00/);
  await page.context().close();
});

test('the first installment paid in two parts', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/contracts/${contract.id}?tab=cash`);
  // ¥100,000.00 named against the first.
  await rowAction(page, 0, 'pay');
  const drawer = page.locator('[data-testid="payment-drawer"]');
  await drawer.locator('[data-testid="payment-amount"]').fill('100000');
  await drawer.locator('[data-testid="payment-allocation"][data-position="0"] [data-testid="payment-allocation-amount"]').fill('100000');
  await drawer.locator('[data-testid="payment-reference"]').fill(`E2E ${stamp} 第1期（一）`);
  const first = await save(page, 'payment-save', '/api/v1/payments');
  assert.deepEqual(first.allocations.map((a) => a.amount.amount), ['100000.00']);
  await row(page, 0).locator('[data-testid="receivable-paid"]', { hasText: '¥100,000.00 / ¥300,000.00' }).waitFor();

  // ¥200,000.00 with nothing named: earliest due first, the rest of the first.
  await page.locator('[data-testid="payment-new"]').click();
  await drawer.locator('[data-testid="payment-amount"]').fill('200000');
  await drawer.locator('[data-testid="payment-reference"]').fill(`E2E ${stamp} 第1期（二）`);
  const second = await save(page, 'payment-save', '/api/v1/payments');
  assert.deepEqual(second.allocations.map((a) => [a.receivable_id, a.amount.amount]), [[first.allocations[0].receivable_id, '200000.00']]);
  await row(page, 0).locator('[data-testid="receivable-status"][data-status="paid"]').waitFor();
  assert.equal(await text(row(page, 0).locator('[data-testid="receivable-paid"]')), '¥300,000.00 / ¥300,000.00');
  assert.equal(await text(page.locator('[data-testid="cash-paid"]')), '¥300,000.00');
  assert.equal(await text(page.locator('[data-testid="cash-outstanding"]')), '¥700,000.01');
  assert.equal(await page.locator('[data-testid="payment-row"][data-status="posted"]').count(), 2);
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('the second installment is 45 days overdue: ¥600,000.01 in the aging report’s 31–60 bucket, and behind it', async () => {
  const page = await asFinance();
  await navigate(page, 'aging', '回款');
  await page.locator('[data-testid="aging-page"]').waitFor();
  const mine = page.locator(`[data-testid="aging-row"][data-key="${customer.id}"]`);
  await mine.waitFor();
  assert.equal(await text(mine.locator('[data-testid="aging-name"]')), customer.name);
  assert.equal(await text(mine.locator('[data-testid="aging-d31_60"]')), '¥600,000.01');
  assert.equal(await text(mine.locator('[data-testid="aging-not_due"]')), '¥100,000.00');
  assert.equal(await text(mine.locator('[data-testid="aging-total"]')), '¥700,000.01');
  // The chart is drawn.
  await page.locator('[data-testid="aging-chart-canvas"] canvas').waitFor();
  // The exports are links to the same report as files.
  assert.match(await page.locator('[data-testid="aging-xlsx"]').getAttribute('href'), /\/api\/v1\/aging\?as_of=\d{4}-\d{2}-\d{2}&group_by=customer&format=xlsx/);

  await mine.locator('[data-testid="aging-d31_60"]').click();
  await page.locator('[data-testid="receivables-page"]').waitFor();
  const url = new URL(page.url());
  assert.equal(url.pathname, '/cash/receivables');
  assert.equal(url.searchParams.get('bucket'), 'd31_60');
  assert.equal(url.searchParams.get('customer_id'), customer.id);
  const rows = page.locator('[data-testid="receivable-row"]');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.equal(await text(rows.first().locator('[data-testid="receivable-outstanding"]')), '¥600,000.01');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('the customer\'s 360 view shows what it owes, what is overdue, its contract and the money in its timeline', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/customers/${customer.id}`);
  await page.locator('[data-testid="customer-detail"]').waitFor();
  const money = page.locator('[data-testid="money-card"]');
  assert.equal(await text(money.locator('[data-testid="money-outstanding"] .ant-statistic-content')), '¥700,000.01');
  assert.equal(await text(money.locator('[data-testid="money-overdue"] .ant-statistic-content')), '¥600,000.01');
  const item = page.locator('[data-testid="c360-contract-item"]', { hasText: contract.number });
  await item.waitFor();
  assert.match(await text(item), /¥1,000,000\.01/);
  // The two part payments and the invoice are in the timeline.
  const records = page.locator('[data-testid="c360-timeline-record"][data-kind="payment"]');
  await records.first().waitFor();
  assert.equal(await records.count(), 2);
  await page.locator('[data-testid="c360-timeline-record"][data-kind="invoice"]').first().waitFor();
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('10 % of the third installment waived: ¥90,000.00, the contract ¥990,000.01', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/contracts/${contract.id}?tab=cash`);
  await rowAction(page, 2, 'change');
  const drawer = page.locator('[data-testid="change-drawer"]');
  assert.equal(await drawer.locator('[data-testid="change-percent"]').inputValue(), '10');
  assert.equal(await drawer.locator('[data-testid="change-new-amount"]').inputValue(), '90000.00');
  await drawer.locator('[data-testid="change-reason"]').fill('服务费减免 10%');
  const change = await save(page, 'change-save', `/contracts/${contract.id}/changes`);
  assert.equal(change.amount_after.amount, '990000.01');
  assert.equal(change.refund_amount.amount, '0.00');
  await page.locator('[data-testid="cash-contract-amount"]', { hasText: '¥990,000.01' }).waitFor();
  assert.equal(await text(row(page, 2).locator('[data-testid="receivable-amount"]')), '¥90,000.00');
  assert.equal(await text(page.locator('[data-testid="change-receivable-line"]')), '第 3 期：¥100,000.00 → ¥90,000.00');
  // The plan's history shows the difference.
  await page.locator('[data-testid="history-entry"][data-kind="changed"] [data-testid="history-difference"]', { hasText: '−¥10,000.00' }).waitFor();
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('the rest paid: the contract is paid in full', async () => {
  const page = await asFinance();
  await page.goto(`${BASE_URL}/contracts/${contract.id}?tab=cash`);
  await page.locator('[data-testid="payment-new"]').click();
  const drawer = page.locator('[data-testid="payment-drawer"]');
  await drawer.locator('[data-testid="payment-amount"]').fill('690000.01');
  const payment = await save(page, 'payment-save', '/api/v1/payments');
  assert.deepEqual(payment.allocations.map((a) => a.amount.amount), ['600000.01', '90000.00']);
  assert.equal(payment.unapplied.amount, '0.00');
  await page.locator('[data-testid="cash-paid-in-full"]').waitFor();
  await page.locator('[data-testid="cash-paid-in-full-banner"]').waitFor();
  assert.equal(await text(page.locator('[data-testid="cash-paid"]')), '¥990,000.01');
  assert.equal(await text(page.locator('[data-testid="cash-outstanding"]')), '¥0.00');
  for (const i of [0, 1, 2]) assert.equal(await row(page, i).getAttribute('data-status'), 'paid');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('a bank statement imported: its columns found under the title lines and checked, one row paid in, one left to match by hand, one refused, one paid out skipped', async () => {
  const payer = await api(admin, 'POST', '/api/v1/customers', { name: `E2E 银行付款客户 ${stamp} 有限公司` });
  const file = bankStatement('对公账户明细.csv', [
    `${day(0)},${payer.name},"1,234.56",,E2E-${stamp}-1`,
    `${day(0)},E2E 无名商行 ${stamp},8800.00,,E2E-${stamp}-2`,
    `${day(0)},E2E 坏行 ${stamp},abc,,E2E-${stamp}-3`,
    // Money paid out: skipped, neither paid in nor refused.
    `${day(0)},E2E 房东 ${stamp},,5000.00,E2E-${stamp}-4`,
  ]);
  await admin.goto(`${BASE_URL}/cash/payments`);
  await admin.locator('[data-testid="bank-import-open"]').click();
  await admin.locator('[data-testid="bank-import-page"] input[type="file"]').setInputFiles(file);

  // The column step: the header found under the title lines, every role recognised.
  await admin.locator('[data-testid="bank-mapping"]').waitFor({ timeout: 30_000 });
  assert.match(await text(admin.locator('[data-testid="bank-header-row"]')), /(row 3|第 3 行)/);
  for (const [role, column] of Object.entries(BANK_ROLES)) {
    assert.equal(await text(admin.locator(`[data-testid="bank-map-${role}"] .ant-select-selection-item`)), column, role);
  }
  const sample = admin.locator('[data-testid="bank-sample"] tbody tr.ant-table-row');
  assert.equal(await sample.count(), 4);
  assert.match(await text(sample.nth(3)), new RegExp(`E2E 房东 ${stamp}.*5000\\.00`));

  // One column for two roles keeps the import shut; put right, the file goes in with the full mapping.
  const start = admin.locator('[data-testid="bank-import-start"]');
  assert.equal(await start.isEnabled(), true);
  await chooseColumn(admin, 'debit', '贷方发生额');
  assert.equal(await start.isEnabled(), false);
  await admin.locator('[data-testid="bank-map-item-debit"] .ant-form-item-explain-error').waitFor();
  await chooseColumn(admin, 'debit', '借方发生额');
  assert.equal(await start.isEnabled(), true);
  const uploaded = admin.waitForRequest((r) => r.url().includes('/api/v1/payments/imports?') && r.method() === 'POST');
  await start.click();
  const query = Object.fromEntries(new URL((await uploaded).url()).searchParams);
  assert.deepEqual(query, BANK_ROLES);
  await admin.locator('[data-testid="bank-result"]').waitFor({ timeout: 30_000 });
  assert.equal(await text(admin.locator('[data-testid="bank-paid-in"]')), '1');
  assert.equal(await text(admin.locator('[data-testid="bank-unmatched"]')), '1');
  assert.equal(await text(admin.locator('[data-testid="bank-rejected"]')), '1');
  assert.equal(await text(admin.locator('[data-testid="bank-outgoing"]')), '1');
  // Row 6 of the file (under the two title lines and the column names) is the one refused.
  assert.match(await text(admin.locator('[data-testid="bank-rejected-rows"]')), /6.*(Amount|金额)/);
  assert.equal(await admin.locator('[data-testid="bank-rejected-rows"] tbody tr.ant-table-row').count(), 1);

  await admin.locator('[data-testid="bank-to-queue"]').click();
  const line = admin.locator('[data-testid="bank-line"]', { hasText: `E2E 无名商行 ${stamp}` });
  await line.waitFor();
  await line.locator('[data-testid="bank-line-customer"]').click();
  await admin.keyboard.type(`银行付款客户 ${stamp}`);
  await admin.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: payer.name }).click();
  const matched = admin.waitForResponse((r) => r.url().includes('/match') && r.request().method() === 'POST');
  await line.locator('[data-testid="bank-line-match"]').click();
  const payment = await (await matched).json();
  assert.equal(payment.amount.amount, '8800.00');
  assert.equal(payment.customer_id, payer.id);
  await line.waitFor({ state: 'detached' });
  assert.deepEqual(errorsOf(admin), []);
});

/** A mail server that takes every message (no TLS, no login) and keeps what it was sent. */
function smtpSink() {
  const messages = [];
  const server = createServer((socket) => {
    let buffer = '';
    let data = false;
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (data) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          data = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  return { server, messages };
}

test('e-mail settings under settings: saved, then a test message the mail server takes', async () => {
  const before = await api(admin, 'GET', '/api/v1/settings/email');
  const sink = smtpSink();
  await new Promise((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
  try {
    await admin.goto(`${BASE_URL}/org/cash-settings`);
    await admin.locator('[data-testid="cash-rules-form"]').waitFor();
    assert.equal(await admin.locator('[data-testid="cash-tolerance"]').inputValue(), '1.00');
    await admin.locator('[data-testid="cash-settings-tab-email"]').click();
    await admin.locator('[data-testid="email-host"]').fill('127.0.0.1');
    await admin.locator('[data-testid="email-port"]').fill(String(sink.server.address().port));
    await admin.locator('[data-testid="email-security"]').click();
    await admin.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').last().click();
    await admin.locator('[data-testid="email-username"]').fill('');
    await admin.locator('[data-testid="email-from"]').fill(`closer-${stamp}@e2e.example.com`);
    const saved = await save(admin, 'email-save', '/api/v1/settings/email', 'PUT');
    assert.equal(saved.security, 'none');
    assert.equal(saved.port, sink.server.address().port);
    assert.ok(!('password' in saved));

    await admin.locator('[data-testid="email-test-to"]').fill(`inbox-${stamp}@e2e.example.com`);
    await admin.locator('[data-testid="email-test"]').click();
    await admin.locator('[data-testid="email-test-result"][data-sent="true"]').waitFor();
    assert.equal(sink.messages.length, 1);
    assert.match(sink.messages[0], new RegExp(`inbox-${stamp}@e2e\\.example\\.com`));
  } finally {
    const { password_set: _set, ...back } = before;
    await api(admin, 'PUT', '/api/v1/settings/email', back).catch(() => undefined);
    sink.server.close();
  }
});

test('screenshots of the cash tab, the aging report, the finance home and a statement\'s column step, desk and phone, Chinese and English', async () => {
  const mappingShotStatement = bankStatement('对公账户明细-2026-12.csv', [
    `${day(-2)},上海星云科技有限公司,"128,000.00",,HT-2026-031 首期款`,
    `${day(-2)},杭州云杉信息技术有限公司,45600.00,,HT-2026-027 尾款`,
    `${day(-1)},上海物业管理有限公司,,18500.00,3 月房租`,
    `${day(-1)},北京数智未来科技有限公司,"300,000.00",,HT-2026-040 预付款`,
    `${day(0)},深圳前海智造科技有限公司,9800.00,,服务费`,
    `${day(0)},招商银行,,12.00,账户管理费`,
  ]);
  for (const [viewport, width, language, suffix] of [
    [DESKTOP, 'desktop', 'zh-CN', ''],
    [DESKTOP, 'desktop', 'en-US', '-en'],
    [PHONE, 'phone', 'zh-CN', ''],
  ]) {
    const page = await asFinance(viewport, language);
    await page.locator('[data-testid="cash-summary-cards"]').waitFor();
    if (width === 'phone') await assertNoSideways(page, `the finance home (${language})`);
    await docsShot(page, `cash-home-${width}${suffix}`);

    await page.goto(`${BASE_URL}/contracts/${contract.id}?tab=cash`);
    await page.locator('[data-testid="cash-paid-in-full"]').waitFor();
    await page.locator('[data-testid="history-entry"]').first().waitFor();
    await toastsGone(page);
    if (width === 'phone') await assertNoSideways(page, `the cash tab (${language})`);
    await docsShot(page, `cash-tab-${width}${suffix}`);

    await page.goto(`${BASE_URL}/cash/aging`);
    await page.locator('[data-testid="aging-chart-canvas"] canvas').waitFor();
    if (width === 'phone') await assertNoSideways(page, `the aging report (${language})`);
    await docsShot(page, `cash-aging-${width}${suffix}`);
    await page.locator('[data-testid="aging-total-row"]').scrollIntoViewIfNeeded();
    await docsShot(page, `cash-aging-table-${width}${suffix}`);

    // A statement's column step (only previewed: nothing is imported).
    await openMappingStep(page, mappingShotStatement);
    await page.locator('[data-testid="bank-sample"] tbody tr.ant-table-row').first().waitFor();
    if (width === 'phone') {
      await assertNoSideways(page, `the statement's column step (${language})`);
      // The sample is wider than a phone: it scrolls inside its own box.
      const box = await page.locator('[data-testid="bank-sample"] .ant-table-content').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }));
      assert.ok(box.scroll > box.client && ['auto', 'scroll'].includes(box.overflow), `the sample scrolls in its box: ${JSON.stringify(box)}`);
      // The pickers fill a phone's screen: show the last of them, the sample and the buttons.
      await page.locator('[data-testid="bank-import-start"]').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    }
    await docsShot(page, `cash-bank-mapping-${width}${suffix}`);

    if (width === 'phone') {
      // Who owes what, from the menu, on a phone.
      await navigate(page, 'receivables', '回款');
      await page.locator('[data-testid="receivable-row"]').first().waitFor();
      await assertNoSideways(page, 'the receivables');
      await docsShot(page, 'cash-receivables-phone');
    }
    assert.deepEqual(errorsOf(page), []);
    await page.context().close();
  }
});
