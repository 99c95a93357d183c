// Targets and incentives through the UI. The administrator makes two sales regions with two
// reps each, their customers (3 / 1 in the east, 2 / 2 in the south) and a won-amount target
// plan for this year; in the allocation screen the company's total is suggested by active
// customers, then each region's part among its reps (the east 75 / 25, the south 50 / 50), a
// cell knocked out of balance is refused beside the cell, the plan saved and locked. A deal of
// the east's first rep split whole 60 / 40 with the south's first rep and won moves their
// actuals in the completion dashboard by exactly ¥300,000.00 and ¥200,000.00. The splits editor
// on the deal's team card checks its sum live; a visit rule for the east shows on its rep's
// Today page with the week's progress; a compensation plan and a run (previewed, made,
// explained, recalculation previewed, closed, exported); a new version with its reason.
// Screenshots of the allocation screen, the completion dashboard, the splits editor, the
// Today page and a compensation run, desk and phone, Chinese and English, go to docs/screenshots.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, PHONE, launch, navigate, openPage, screenshot, signIn, switchLanguage, uiLanguage } from '../lib/harness.mjs';

const stamp = Date.now().toString(36);
const PASSWORD = 'closer-e2e-20';

let browser;
let admin;
let regions;
let reps;
let customers;
let plan;
let secondVersion;
let deal;
let run;

/** A calendar day in the company's time zone, `days` from today (YYYY-MM-DD). */
function day(days) {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
const YEAR = Number(day(0).slice(0, 4));

/** A decimal amount as whole fen ("60000.00" → 6000000n). */
function fen(amount) {
  const [whole, cents = ''] = String(amount).replace(/^-/, '').split('.');
  const value = BigInt(whole || '0') * 100n + BigInt((cents + '00').slice(0, 2));
  return String(amount).startsWith('-') ? -value : value;
}
/** Money as the API writes it: `{amount, currency}` or a plain decimal. */
const amountOf = (money) => (money && typeof money === 'object' ? money.amount : money);

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  admin = await openPage(browser, DESKTOP);
  await signIn(admin);
  if ((await uiLanguage(admin)) !== 'en-US') await switchLanguage(admin, 'en-US');

  const roles = (await api(admin, 'GET', '/api/v1/roles')).items;
  const departments = (await api(admin, 'GET', '/api/v1/departments')).items;
  const root = departments.find((d) => !d.parent_id);
  const region = (name) => api(admin, 'POST', '/api/v1/departments', { name, parent_id: root.id, is_sales_region: true });
  regions = { east: await region(`E2E 华东 ${stamp}`), south: await region(`E2E 华南 ${stamp}`) };
  const rep = async (key, name, department) => {
    const email = `${key}.${stamp}@e2e.example.com`;
    const user = await api(admin, 'POST', '/api/v1/users', {
      email,
      name,
      role_id: roles.find((r) => r.key === 'sales_rep').id,
      department_id: department.id,
      password: PASSWORD,
      language: 'zh-CN',
    });
    return { user, login: { tenant: 'demo', email, password: PASSWORD } };
  };
  reps = {
    a1: await rep('east1', `王磊 ${stamp}`, regions.east),
    a2: await rep('east2', `李娜 ${stamp}`, regions.east),
    b1: await rep('south1', `陈晨 ${stamp}`, regions.south),
    b2: await rep('south2', `赵敏 ${stamp}`, regions.south),
  };
  // Active customers: 3 / 1 in the east, 2 / 2 in the south.
  // (With an annual revenue each, which is what the potential basis weighs.)
  customers = {};
  const revenue = { a1: [800, 300, 200], a2: [600], b1: [500, 400], b2: [300, 200] };
  for (const [key, amounts] of Object.entries(revenue)) {
    customers[key] = [];
    for (const [i, thousands] of amounts.entries()) {
      customers[key].push(
        await api(admin, 'POST', '/api/v1/customers', {
          name: `E2E 目标客户 ${key}-${i + 1} ${stamp} 有限公司`,
          owner_id: reps[key].user.id,
          annual_revenue: { amount: `${thousands}000.00`, currency: 'CNY' },
        }),
      );
    }
  }
  plan = await api(admin, 'POST', '/api/v1/target-plans', { name: `E2E ${YEAR} 赢单目标 ${stamp}`, metric: 'won_amount', year: YEAR, total: '50000000.00' });
  assert.equal(plan.status, 'draft');
});

after(async () => {
  if (admin) await switchLanguage(admin, 'en-US').catch(() => undefined);
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

async function assertNoSideways(page, what) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= (page.viewportSize()?.width ?? 0) + 1, `${what}: the page scrolls sideways (${scrollWidth} px)`);
}

function errorsOf(page) {
  return page.closerErrors.filter((e) => !e.includes('401'));
}

/** A fresh page signed in as `who` (default: the administrator) in `language`. */
async function as(who, viewport = DESKTOP, language = 'en-US') {
  const page = await openPage(browser, viewport);
  await signIn(page, who);
  if ((await uiLanguage(page)) !== language) await switchLanguage(page, language);
  return page;
}

/** Waits for the answer to an action and checks it succeeded. */
async function answered(page, urlPart, method, action) {
  const response = page.waitForResponse((r) => r.url().includes(urlPart) && r.request().method() === method);
  await action();
  const r = await response;
  if (!r.ok()) assert.fail(`${method} ${urlPart}: ${r.status()} ${await r.text()}`);
  return r.status() === 204 ? null : r.json();
}

/** Picks an option of an antd Select by its text, typed into its search first (the list is virtual). */
async function choose(page, selectTestId, text) {
  await page.locator(`[data-testid="${selectTestId}"]`).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

const unitOf = (saved, id) => saved.units.find((u) => u.id === id);
const row = (page, id) => page.locator(`[data-testid="alloc-row"][data-id="${id}"]`);

async function suggest(page, parentText) {
  await choose(page, 'alloc-parent', parentText);
  await page.locator('[data-testid="alloc-basis-active_customers"]').click();
  return answered(page, `/target-plans/${plan.id}/suggestion`, 'POST', () => page.locator('[data-testid="alloc-suggest"]').click());
}

test('the allocation: suggested by active customers for the company and each region, refused beside an unbalanced cell, saved and locked', async () => {
  const page = admin;
  await navigate(page, 'targets');
  await page.locator('[data-testid="targets-page"]').waitFor();
  await page.locator(`[data-testid="plan-row"][data-id="${plan.id}"] [data-testid="plan-link"]`).click();
  await page.locator('[data-testid="plan-page"][data-status="draft"]').waitFor();
  await page.locator('[data-testid="alloc-empty"]').waitFor();

  // The company: the root's sub-departments (both regions among them, 4 active customers each).
  const company = await suggest(page, 'Company');
  const east = company.units.find((u) => u.id === regions.east.id);
  const south = company.units.find((u) => u.id === regions.south.id);
  assert.equal(east.resources.active_customers, 4);
  assert.equal(south.resources.active_customers, 4);
  assert.equal(company.units.reduce((sum, u) => sum + fen(amountOf(u.total)), 0n), fen('50000000.00'));
  await row(page, regions.east.id).waitFor();
  await row(page, regions.south.id).waitFor();
  await page.locator('[data-testid="alloc-check"][data-balanced="true"]').waitFor();

  // Each region among its reps: the east 3 : 1, the south 2 : 2, month by month like the region.
  const eastSplit = await suggest(page, regions.east.name);
  const byId = (units) => Object.fromEntries(units.map((u) => [u.id, [u.resources.active_customers, u.share]]));
  assert.deepEqual(byId(eastSplit.units), { [reps.a1.user.id]: [3, '75.00'], [reps.a2.user.id]: [1, '25.00'] });
  const southSplit = await suggest(page, regions.south.name);
  assert.deepEqual(byId(southSplit.units), { [reps.b1.user.id]: [2, '50.00'], [reps.b2.user.id]: [2, '50.00'] });
  for (const m of [0, 5, 11]) {
    const sum = eastSplit.units.reduce((acc, u) => acc + fen(amountOf(u.months[m])), 0n);
    assert.equal(sum, fen(amountOf(east.months[m])), `the east's month ${m + 1}`);
  }
  await row(page, reps.a1.user.id).waitFor();
  await page.locator('[data-testid="alloc-check"][data-balanced="true"]').waitFor();
  // The balance chart of the south: its reps' share of the target beside their share of customers.
  await page.locator('[data-testid="balance-chart-canvas"] canvas').waitFor();

  // One of the east's March figures knocked out of balance: marked at once, and refused beside the cell.
  const march = row(page, reps.a1.user.id).locator('[data-testid="alloc-cell"][data-month="3"] [data-testid="alloc-input"]');
  const before = await march.inputValue();
  await march.fill('1');
  await page.locator('[data-testid="alloc-check"][data-balanced="false"]').waitFor();
  await row(page, regions.east.id).locator('[data-testid="alloc-cell"][data-month="3"][data-unbalanced="true"]').waitFor();
  const refused = page.waitForResponse((r) => r.url().endsWith(`/target-plans/${plan.id}/allocations`) && r.request().method() === 'PUT');
  await page.locator('[data-testid="alloc-save"]').click();
  assert.equal((await refused).status(), 422);
  const problem = await (await refused).json();
  assert.ok(problem.errors.some((e) => /^units\[\d+\]\.months\[2\]$/.test(e.field) && e.code === 'unbalanced'), JSON.stringify(problem.errors));
  await page.locator('[data-testid="alloc-cell"][data-month="3"] [data-testid="alloc-error"]').first().waitFor();
  await march.fill(before.replace(/,/g, ''));
  await page.locator('[data-testid="alloc-check"][data-balanced="true"]').waitFor();

  const saved = await answered(page, `/target-plans/${plan.id}/allocations`, 'PUT', () => page.locator('[data-testid="alloc-save"]').click());
  const total = (id) => fen(amountOf(unitOf(saved, id).total));
  assert.equal(total(reps.a1.user.id) + total(reps.a2.user.id), total(regions.east.id));
  assert.equal(total(reps.b1.user.id) + total(reps.b2.user.id), total(regions.south.id));
  // 3 : 1, to the fen as the months round.
  assert.ok(total(reps.a1.user.id) - 3n * total(reps.a2.user.id) <= 48n, `${total(reps.a1.user.id)} vs ${total(reps.a2.user.id)}`);
  assert.equal(unitOf(saved, reps.a1.user.id).parent_id, regions.east.id);
  await page.locator('[data-testid="alloc-dirty"]').waitFor({ state: 'detached' });

  await page.locator('[data-testid="plan-lock"]').click();
  const locked = await answered(page, `/target-plans/${plan.id}/lock`, 'POST', () => page.locator('[data-testid="plan-lock-confirm"]').click());
  assert.equal(locked.status, 'locked');
  await page.locator('[data-testid="plan-page"][data-status="locked"]').waitFor();
  assert.equal(await page.locator('[data-testid="alloc-input"]').count(), 0, 'a locked plan is not editable');
  // The one refusal was asked for.
  assert.deepEqual(errorsOf(page).filter((e) => !e.includes('status of 422')), []);
  page.closerErrors.length = 0;
});

/** Each unit's actual in the completion dashboard, by unit id ('company' for the company). */
async function actuals(page) {
  await page.locator('[data-testid="completion-table"] [data-testid="completion-row"]').first().waitFor();
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="completion-row"]')].map((tr) => [
        tr.getAttribute('data-id'),
        tr.querySelector('[data-testid="completion-actual"]')?.getAttribute('data-amount'),
      ]),
    ),
  );
}

test('a won deal split whole 60 / 40 moves each rep’s actual by exactly their share', async () => {
  const page = admin;
  await page.goto(`${BASE_URL}/targets/${plan.id}/completion?period=${YEAR}`);
  await page.locator('[data-testid="completion-period"][data-period^="year:"]').waitFor();
  const before = await actuals(page);
  for (const id of [reps.a1.user.id, reps.b1.user.id, regions.east.id, regions.south.id, 'company']) assert.ok(before[id] !== undefined, `a row for ${id}`);

  // Rep A's deal of ¥500,000.00, split with rep B of the other region, then won.
  const process = (await api(admin, 'GET', '/api/v1/sales-processes')).items.find((p) => p.is_default);
  const stages = [...process.stages].sort((a, b) => a.position - b.position);
  deal = await api(admin, 'POST', '/api/v1/opportunities', {
    customer_id: customers.a1[0].id,
    name: `E2E 分成商机 ${stamp}`,
    amount: { amount: '500000.00', currency: 'CNY' },
    owner_id: reps.a1.user.id,
    stage_id: stages[0].id,
  });
  const splits = await api(admin, 'PUT', `/api/v1/opportunities/${deal.id}/splits`, {
    kind: 'whole',
    shares: [
      { user_id: reps.a1.user.id, ratio: '60' },
      { user_id: reps.b1.user.id, ratio: '40' },
    ],
  });
  assert.deepEqual(splits.shares.map((s) => [s.user_id, s.ratio]), [
    [reps.a1.user.id, '60'],
    [reps.b1.user.id, '40'],
  ]);
  for (const stage of stages.filter((s) => !s.is_lost)) {
    deal = await api(admin, 'GET', `/api/v1/opportunities/${deal.id}`);
    if (deal.stage.id !== stage.id) deal = await api(admin, 'POST', `/api/v1/opportunities/${deal.id}/stage`, { stage_id: stage.id }, deal.version);
    for (const task of stage.tasks.filter((t) => t.required)) {
      await api(admin, 'POST', `/api/v1/opportunities/${deal.id}/tasks`, { task_key: task.key, done: true });
    }
  }
  deal = await api(admin, 'GET', `/api/v1/opportunities/${deal.id}`);
  assert.equal(stages.find((s) => s.id === deal.stage.id)?.is_won, true, 'the deal is won');

  await page.reload();
  const now = await actuals(page);
  const moved = (id) => fen(now[id]) - fen(before[id]);
  assert.equal(moved(reps.a1.user.id), fen('300000.00'), 'rep A: 60 %');
  assert.equal(moved(reps.b1.user.id), fen('200000.00'), 'rep B: 40 %');
  assert.equal(moved(reps.a2.user.id), 0n);
  assert.equal(moved(regions.east.id), fen('300000.00'));
  assert.equal(moved(regions.south.id), fen('200000.00'));
  assert.equal(moved('company'), fen('500000.00'));
  // The gauge and the month-by-month trend are drawn.
  await page.locator('[data-testid="completion-gauge-canvas"] canvas').waitFor();
  await page.locator('[data-testid="completion-trend-canvas"] canvas').waitFor();
  assert.deepEqual(errorsOf(page), []);
});

test('the splits editor on the deal’s team card: 60 / 40 credited, the sum checked live', async () => {
  const page = admin;
  await page.goto(`${BASE_URL}/opportunities/${deal.id}`);
  const share = (id) => page.locator(`[data-testid="splits-share"][data-user="${id}"]`);
  await share(reps.b1.user.id).waitFor();
  assert.equal(await page.locator('[data-testid="splits"]').getAttribute('data-kind'), 'whole');
  assert.equal((await share(reps.a1.user.id).locator('[data-testid="splits-share-value"]').textContent()).trim(), '60%');
  assert.match(await share(reps.a1.user.id).locator('[data-testid="splits-won"]').textContent(), /300,000\.00/);
  assert.match(await share(reps.b1.user.id).locator('[data-testid="splits-won"]').textContent(), /200,000\.00/);

  await page.locator('[data-testid="splits-edit"]').click();
  const dialog = page.locator('[data-testid="splits-dialog"]');
  await dialog.locator('[data-testid="splits-sum"][data-ok="true"]').waitFor();
  const b = dialog.locator(`[data-testid="splits-row"][data-user="${reps.b1.user.id}"] [data-testid="splits-ratio"]`);
  await b.fill('30');
  await dialog.locator('[data-testid="splits-sum"][data-ok="false"]').waitFor();
  assert.match(await dialog.locator('[data-testid="splits-sum"]').textContent(), /90%.*exactly 100 %/);
  // Picking a person adds them, offered what is left (10 %).
  await choose(page, 'splits-add', reps.a2.user.name);
  const added = dialog.locator(`[data-testid="splits-row"][data-user="${reps.a2.user.id}"]`);
  assert.equal(await added.locator('[data-testid="splits-ratio"]').inputValue(), '10');
  await dialog.locator('[data-testid="splits-sum"][data-ok="true"]').waitFor();
  await added.locator('[data-testid="splits-remove"]').click();
  await b.fill('40');
  await dialog.locator('[data-testid="splits-sum"][data-ok="true"]').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(errorsOf(page), []);
});

test('a visit rule for the east shows on its rep’s Today page with the week’s progress; a rule can be deleted', async () => {
  const page = admin;
  await navigate(page, 'targets');
  await page.locator('[data-testid="targets-visit-rules"]').click();
  await page.locator('[data-testid="visit-rules-page"]').waitFor();
  const addRule = async (name, perWeek) => {
    await page.locator('[data-testid="visit-rule-add"]').click();
    const drawer = page.locator('[data-testid="visit-rule-drawer"]');
    await drawer.locator('[data-testid="visit-rule-name-input"]').fill(name);
    await drawer.locator('[data-testid="visit-rule-per-week"]').fill(String(perWeek));
    await choose(page, 'visit-rule-department', regions.east.name);
    return answered(page, '/api/v1/visit-rules', 'POST', () => drawer.locator('[data-testid="visit-rule-save"]').click());
  };
  const rule = await addRule(`E2E 每周拜访 3 次 ${stamp}`, 3);
  assert.equal(rule.per_week, 3);
  assert.equal(rule.department_id, regions.east.id);
  await page.locator(`[data-testid="visit-rule-row"][data-id="${rule.id}"]`).waitFor();
  const spare = await addRule(`E2E 临时规则 ${stamp}`, 1);
  const spareRow = page.locator(`[data-testid="visit-rule-row"][data-id="${spare.id}"]`);
  await spareRow.locator('[data-testid="visit-rule-delete"]').click();
  await answered(page, `/api/v1/visit-rules/${spare.id}`, 'DELETE', () => page.locator('.ant-popconfirm .ant-btn-primary').click());
  await spareRow.waitFor({ state: 'detached' });

  // Rep A visits a customer today and has a task and a visit planned.
  const rep = await as(reps.a1.login, PHONE, 'zh-CN');
  await api(rep, 'POST', '/api/v1/activities', { kind: 'visit', subject: '拜访：确认试点范围 Confirm the pilot', customer_id: customers.a1[1].id, occurred_at: new Date().toISOString() });
  // Later today in the company's zone (Asia/Shanghai, midnight at 16:00 UTC): two hours on,
  // or just before midnight when the run is late in the evening — never tomorrow.
  const midnight = (Math.floor((Date.now() - 16 * 3_600_000) / 86_400_000) + 1) * 86_400_000 + 16 * 3_600_000;
  const later = new Date(Math.max(Date.now() + 60_000, Math.min(Date.now() + 2 * 3_600_000, midnight - 120_000))).toISOString();
  await api(rep, 'POST', '/api/v1/activities', { kind: 'visit', subject: '上门演示 On-site demo', customer_id: customers.a1[2].id, planned_for: later });
  await api(rep, 'POST', '/api/v1/activities', { kind: 'task', subject: '发送报价 Send the quote', customer_id: customers.a1[0].id, planned_for: later });
  await navigate(rep, 'today');
  const task = rep.locator(`[data-testid="visit-task"][data-rule="${rule.id}"]`);
  await task.waitFor();
  assert.equal(await task.getAttribute('data-done'), '1');
  assert.equal(await task.getAttribute('data-required'), '3');
  assert.equal((await task.locator('[data-testid="visit-task-progress"]').textContent()).trim(), '1 / 3');
  // On a phone the week's visits sit above the day's list, within the first screen.
  const box = await rep.locator('[data-testid="visit-tasks"]').boundingBox();
  assert.ok(box && box.y + box.height < PHONE.height / 2, `the visits card ends at ${box?.y + box?.height}px`);
  await rep.locator('[data-testid="today-planned-section"]').waitFor();
  await assertNoSideways(rep, 'today');
  assert.deepEqual(errorsOf(rep), []);
  await rep.context().close();
});

test('compensation: a plan with tiers, a run previewed, made, explained, recalculation previewed, closed and exported', async () => {
  const page = admin;
  await navigate(page, 'compensation');
  await page.locator('[data-testid="compensation-page"]').waitFor();
  await page.locator('[data-testid="comp-plan-new"]').click();
  const drawer = page.locator('[data-testid="comp-plan-drawer"]');
  await drawer.locator('[data-testid="comp-plan-name"]').fill(`E2E 季度提成 ${stamp}`);
  await choose(page, 'comp-plan-target', plan.name);
  await drawer.locator('[data-testid="comp-plan-base"]').fill('8000');
  await drawer.locator('[data-testid="comp-plan-pool"]').fill('30000');
  await drawer.locator('[data-testid="comp-tiers-ok"]').waitFor();
  // A gap between the tiers is said at once.
  await drawer.locator('[data-testid="comp-tier"]').nth(1).locator('[data-testid="comp-tier-from"]').fill('110');
  await drawer.locator('[data-testid="comp-tier-problem"]').waitFor();
  await drawer.locator('[data-testid="comp-tier"]').nth(1).locator('[data-testid="comp-tier-from"]').fill('100');
  await drawer.locator('[data-testid="comp-tiers-ok"]').waitFor();
  // Weighed by margin too: the switch shows its bands, sound from the start.
  await drawer.locator('[data-testid="comp-plan-margin-switch"]').click();
  await drawer.locator('[data-testid="comp-plan-margin"] [data-testid="comp-margins-ok"]').waitFor();
  const compPlan = await answered(page, '/api/v1/compensation-plans', 'POST', () => drawer.locator('[data-testid="comp-plan-save"]').click());
  assert.equal(compPlan.target_plan_id, plan.id);
  assert.deepEqual(compPlan.margin.map((t) => [t.from, t.to, t.rate]), [
    ['0', '20', '0.8'],
    ['20', '40', '1'],
    ['40', null, '1.2'],
  ]);
  assert.equal(compPlan.forecast_accuracy, null);
  assert.deepEqual(compPlan.tiers.map((t) => [t.from, t.to, t.rate]), [
    ['0', '100', '1'],
    ['100', null, '1.5'],
  ]);

  await page.locator(`[data-testid="comp-plan"][data-id="${compPlan.id}"] [data-testid="comp-plan-run"]`).click();
  const runDrawer = page.locator('[data-testid="run-drawer"]');
  const preview = await answered(page, '/api/v1/compensation-runs/preview', 'POST', () => runDrawer.locator('[data-testid="run-preview"]').click());
  assert.equal(preview.id, null);
  const quarter = `${YEAR}-Q${Math.ceil(Number(day(0).slice(5, 7)) / 3)}`;
  assert.equal(preview.period, quarter);
  await runDrawer.locator('[data-testid="run-preview-result"] [data-testid="run-row"]').first().waitFor();
  run = await answered(page, '/api/v1/compensation-runs', 'POST', () => runDrawer.locator('[data-testid="run-create"]').click());
  await page.locator('[data-testid="run-page"][data-status="draft"]').waitFor();
  const line = run.lines.find((l) => l.user_id === reps.a1.user.id);
  assert.ok(line, 'rep A is paid in the run');
  assert.equal(amountOf(line.actual), '300000.00');
  assert.equal(amountOf(line.base_pay), '8000.00', 'the base pay of the period');

  const a1 = page.locator(`[data-testid="run-row"][data-user="${reps.a1.user.id}"]`);
  await a1.locator('.ant-table-row-expand-icon').click();
  assert.ok((await page.locator('[data-testid="run-explanation-line"]').count()) > 0, 'the pay is explained');

  await page.locator('[data-testid="run-recalc"]').click();
  await page.locator('[data-testid="recalc-drawer"] :is([data-testid="recalc-none"], [data-testid="recalc-row"])').first().waitFor();
  await page.locator('[data-testid="recalc-drawer"] .ant-drawer-close').click();

  assert.match(await page.locator('[data-testid="run-csv"]').getAttribute('href'), new RegExp(`/api/v1/compensation-runs/${run.id}/export\\?format=csv`));
  const csv = await page.request.get(`${BASE_URL}/api/v1/compensation-runs/${run.id}/export?format=csv`);
  assert.equal(csv.status(), 200);
  assert.ok((await csv.text()).includes(reps.a1.user.name), 'the CSV names rep A');

  await page.locator('[data-testid="run-close"]').click();
  await answered(page, `/api/v1/compensation-runs/${run.id}/close`, 'POST', () => page.locator('[data-testid="run-close-confirm"]').click());
  await page.locator('[data-testid="run-page"][data-status="closed"]').waitFor();
  assert.equal(await page.locator('[data-testid="run-close"]').count(), 0);
  assert.deepEqual(errorsOf(page), []);
});

test('a new version asks why and starts as a draft copy of the allocation', async () => {
  const page = admin;
  await page.goto(`${BASE_URL}/targets/${plan.id}`);
  await page.locator('[data-testid="plan-page"][data-status="locked"]').waitFor();
  await page.locator('[data-testid="plan-new-version"]').click();
  const dialog = page.locator('[data-testid="version-dialog"]');
  await dialog.locator('[data-testid="version-reason"]').fill('华南新增重点客户，调整区域目标 The south won two key accounts');
  secondVersion = await answered(page, `/target-plans/${plan.id}/versions`, 'POST', () => dialog.locator('[data-testid="version-confirm"]').click());
  assert.equal(secondVersion.version, 2);
  assert.equal(secondVersion.previous_id, plan.id);
  await page.waitForURL(`**/targets/${secondVersion.id}`);
  await page.locator('[data-testid="plan-page"][data-status="draft"]').waitFor();
  await page.locator('[data-testid="plan-previous-banner"]').waitFor();
  await row(page, reps.a1.user.id).locator('[data-testid="alloc-input"]').first().waitFor();
  const old = await api(admin, 'GET', `/api/v1/target-plans/${plan.id}`);
  assert.equal(old.superseded_by, secondVersion.id);
});

test('screenshots: allocation, completion, splits editor, Today and a compensation run — desk and phone, Chinese and English', async () => {
  for (const [viewport, device] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ]) {
    for (const [language, suffix] of [
      ['zh-CN', ''],
      ['en-US', '-en'],
    ]) {
      const name = (what) => `${what}-${device}${suffix}`;
      const page = await as(undefined, viewport, language);

      await page.goto(`${BASE_URL}/targets/${secondVersion.id}`);
      await row(page, reps.a1.user.id).locator('[data-testid="alloc-input"]').first().waitFor();
      await assertNoSideways(page, 'allocation');
      // The east's reps in view: the grid scrolled to them on a phone, the balance of the east chosen.
      await choose(page, 'alloc-parent', regions.east.name);
      if (viewport === PHONE) {
        await page.locator('[data-testid="alloc-grid"]').evaluate((el) => {
          el.closest('.ant-card').scrollIntoView();
          window.scrollBy(0, -72);
        });
      }
      await docsShot(page, name('targets-allocation'));

      await page.goto(`${BASE_URL}/targets/${plan.id}/completion?period=${day(0).slice(0, 7)}&department=${regions.east.id}`);
      await page.locator('[data-testid="completion-gauge-canvas"] canvas').waitFor();
      await assertNoSideways(page, 'completion');
      await docsShot(page, name('targets-completion'));

      await page.goto(`${BASE_URL}/opportunities/${deal.id}`);
      await page.locator('[data-testid="splits-edit"]').click();
      await page.locator('[data-testid="splits-dialog"] [data-testid="splits-sum"][data-ok="true"]').waitFor();
      await assertNoSideways(page, 'splits');
      await docsShot(page, name('incentives-splits'));
      await page.keyboard.press('Escape');

      await page.goto(`${BASE_URL}/compensation/runs/${run.id}`);
      await page.locator(`[data-testid="run-row"][data-user="${reps.a1.user.id}"] .ant-table-row-expand-icon`).click();
      await page.locator('[data-testid="run-explanation"]').first().waitFor();
      await assertNoSideways(page, 'run');
      await docsShot(page, name('incentives-run'));
      assert.deepEqual(errorsOf(page), []);
      await page.context().close();

      const rep = await as(reps.a1.login, viewport, language);
      await rep.goto(`${BASE_URL}/today`);
      await rep.locator('[data-testid="visit-tasks"]').waitFor();
      await rep.locator('[data-testid="today-planned-section"]').waitFor();
      await docsShot(rep, name('targets-today'));
      await rep.context().close();
    }
  }
});
