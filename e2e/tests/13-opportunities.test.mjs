// Opportunities: drag a card to the next stage on the desktop board and watch the forecast's
// figures move; a required task stops the next move until it is ticked in the checklist
// prompt; on a phone the board is a stage-by-stage list. Every forecast figure (a stage's or a
// rep's count, amount and expected amount) opens the deals behind it. The sales-process editor
// makes stage keys from the names, keeps new stages before won/lost and shows a refused stage
// beside its field. Screenshots of the board, the forecast and the detail at desk and phone
// width go to docs/screenshots for docs/opportunities.md; the forecast and the process editor
// at 1280 and 390 px in both languages go to screenshots-out.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, ensureEnglish, launch, openPage, PHONE, screenshot, signIn, switchLanguage, uiLanguage } from '../lib/harness.mjs';

const PHONE_375 = { width: 375, height: 812 };
const stamp = Date.now().toString(36);
const year = new Date().getFullYear();

let browser;
let admin;
let me;
let stages;
let opportunity;

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  admin = await openPage(browser, DESKTOP);
  await signIn(admin);
  await ensureEnglish(admin);
  me = (await api(admin, 'GET', '/api/v1/me')).user;
  const processes = await api(admin, 'GET', '/api/v1/sales-processes');
  stages = processes.items.find((p) => p.is_default).stages;
  const customer = await api(admin, 'POST', '/api/v1/customers', { name: `E2E 商机客户 ${stamp} 有限公司`, owner_id: me.id });
  // Owned by the admin, who owns no demo deals: the board and forecast filtered to them show only this one.
  opportunity = await api(admin, 'POST', '/api/v1/opportunities', {
    customer_id: customer.id,
    name: `E2E 商机 ${stamp} · 产线改造`,
    amount: { amount: '100000.00', currency: 'CNY' },
    expected_close_date: `${year}-12-20`,
    owner_id: me.id,
    stage_id: stage('initial_contact').id,
  });
  // The demo playbook wants the budget confirmed before a deal leaves its first stage.
  for (const task of stage('initial_contact').tasks.filter((t) => t.required)) {
    opportunity = await api(admin, 'POST', `/api/v1/opportunities/${opportunity.id}/tasks`, { task_key: task.key, done: true });
  }
});
after(async () => {
  await browser?.close();
});

function stage(key) {
  return stages.find((s) => s.key === key);
}

async function api(page, method, path, body) {
  const session = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers: { 'X-CSRF-Token': session.csrf_token }, data: body });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function shoot(page, name) {
  copyFileSync(await screenshot(page, name), join(DOCS_SHOTS_DIR, `${name}.png`));
}

const column = (page, key) => page.locator(`[data-testid="opp-column"][data-stage-key="${key}"]`);
const card = (scope) => scope.locator('[data-testid="opp-card"]', { hasText: `E2E 商机 ${stamp}` });

/** Drags with the mouse in small steps, as a person does (dnd-kit starts after a few pixels). */
async function drag(page, from, to) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + 20);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 24, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + 80, { steps: 12 });
  await page.mouse.up();
}

async function forecastExpected(page) {
  await page.goto(`${BASE_URL}/opportunities/forecast?period=${year}&owner_id=${me.id}`);
  const figure = page.locator('[data-testid="forecast-expected"]');
  await page.locator('[data-testid="forecast-table"] .ant-table-row').first().waitFor();
  return (await figure.textContent()).trim();
}

test('dragging a card to the next stage moves it and the forecast', async () => {
  assert.match(await forecastExpected(admin), /10,000\.00/);

  await admin.goto(`${BASE_URL}/opportunities?owner_id=${me.id}`);
  await card(column(admin, 'initial_contact')).waitFor();
  const moved = admin.waitForResponse((r) => r.url().endsWith(`/api/v1/opportunities/${opportunity.id}/stage`));
  await drag(admin, card(column(admin, 'initial_contact')), column(admin, 'needs_confirmed'));
  const response = await moved;
  assert.equal(response.status(), 200);
  assert.equal(response.request().headers()['if-match'], `"${opportunity.version}"`);
  await card(column(admin, 'needs_confirmed')).waitFor();
  await card(column(admin, 'initial_contact')).waitFor({ state: 'detached' });
  assert.match(await column(admin, 'needs_confirmed').locator('[data-testid="opp-column-sum"]').textContent(), /100,000\.00/);

  // 100,000 × 30% now, where it was × 10%.
  assert.match(await forecastExpected(admin), /30,000\.00/);
  await admin.locator('[data-testid="forecast-drill-needs_confirmed"]').click();
  await admin.locator('[data-testid="opp-table"] .ant-table-row', { hasText: `E2E 商机 ${stamp}` }).waitFor();
});

test('a required task open stops the move until it is ticked in the prompt', async () => {
  const process = (await api(admin, 'GET', '/api/v1/sales-processes')).items.find((p) => p.is_default);
  const body = {
    name: process.name,
    stages: process.stages.map((s) => ({
      key: s.key,
      name: s.name,
      name_en: s.name_en,
      win_rate: s.win_rate,
      is_won: s.is_won,
      is_lost: s.is_lost,
      tasks: s.key === 'needs_confirmed' ? [{ key: 'budget_confirmed', label: 'Budget confirmed 预算已确认', required: true }] : s.tasks,
    })),
  };
  await api(admin, 'PUT', `/api/v1/sales-processes/${process.id}`, body);
  try {
    await admin.goto(`${BASE_URL}/opportunities?owner_id=${me.id}`);
    await card(column(admin, 'needs_confirmed')).waitFor();
    const refused = admin.waitForResponse((r) => r.url().endsWith('/stage'));
    await drag(admin, card(column(admin, 'needs_confirmed')), column(admin, 'quotation'));
    assert.equal((await refused).status(), 409);
    await admin.locator('[data-testid="checklist-prompt"]').waitFor();
    const ticked = admin.waitForResponse((r) => r.url().endsWith('/tasks'));
    await admin.locator('[data-testid="task-budget_confirmed"]').click();
    assert.ok((await ticked).ok());
    const retried = admin.waitForResponse((r) => r.url().endsWith('/stage'));
    await admin.locator('[data-testid="checklist-retry"]').click();
    assert.equal((await retried).status(), 200);
    await card(column(admin, 'quotation')).waitFor();
  } finally {
    await api(admin, 'PUT', `/api/v1/sales-processes/${process.id}`, {
      ...body,
      stages: body.stages.map((s) => ({ ...s, tasks: s.key === 'needs_confirmed' ? [] : s.tasks })),
    });
  }
});

test('on a phone the board is a list, stage by stage', async () => {
  const phone = await openPage(browser, PHONE_375);
  await signIn(phone);
  await ensureEnglish(phone);
  await phone.goto(`${BASE_URL}/opportunities?owner_id=${me.id}`);
  await phone.locator('[data-testid="opp-phone-list"]').waitFor();
  assert.equal(await phone.locator('[data-testid="opp-board"]').count(), 0);
  await phone.locator('[data-testid="opp-stage-tab-quotation"]').click();
  await card(phone).waitFor();
  // The session probe before sign-in answers 401; nothing else may fail.
  const errors = phone.closerErrors.filter((e) => !e.includes('401'));
  assert.equal(errors.length, 0, errors.join('\n'));
  await phone.context().close();
});

test('screenshots of the board, the forecast and the detail', async () => {
  // A quote on the test deal so its detail page shows one.
  const products = (await api(admin, 'GET', '/api/v1/products')).items;
  await api(admin, 'POST', '/api/v1/quotes', {
    opportunity_id: opportunity.id,
    lines: [
      { product_id: products[0].id, quantity: '2', discount: '10' },
      { product_id: products[1].id, quantity: '5' },
    ],
  });
  await api(admin, 'POST', `/api/v1/opportunities/${opportunity.id}/tasks`, { task_key: 'budget_confirmed', done: true }).catch(() => null);

  for (const [viewport, suffix] of [
    [DESKTOP, 'desktop'],
    [PHONE_375, 'phone'],
  ]) {
    const page = suffix === 'desktop' ? admin : await openPage(browser, viewport);
    if (suffix === 'phone') {
      await signIn(page);
      await ensureEnglish(page);
    }
    await page.goto(`${BASE_URL}/opportunities`);
    await page.locator(suffix === 'desktop' ? '[data-testid="opp-board"] [data-testid="opp-card"]' : '[data-testid="opp-phone-list"] [data-testid="opp-card"]').first().waitFor();
    await shoot(page, `opportunities-board-${suffix}`);
    await page.goto(`${BASE_URL}/opportunities/forecast?period=${year}`);
    await page.locator('[data-testid="forecast-funnel"] canvas').waitFor();
    await shoot(page, `opportunities-forecast-${suffix}`);
    await page.goto(`${BASE_URL}/opportunities/${opportunity.id}`);
    await page.locator('[data-testid="quote-table"]').waitFor();
    await shoot(page, `opportunities-detail-${suffix}`);
    if (suffix === 'phone') await page.context().close();
  }
});

// ——— The forecast's figures click through (issue 17, item 6) ———

const LANGUAGES = ['en-US', 'zh-CN'];
const SIZES = [
  [DESKTOP, '1280'],
  [PHONE, '390'],
];

async function noSidewaysScroll(page) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(widths.scroll <= widths.client + 1, `no sideways scroll (${widths.scroll} > ${widths.client})`);
}

/** A page signed in as the admin, in `language`; the caller puts the language back with `backToEnglish`. */
async function pageIn(language) {
  const page = await openPage(browser, DESKTOP);
  await signIn(page);
  if ((await uiLanguage(page)) !== language) await switchLanguage(page, language);
  return page;
}

/** The admin's saved language back to English, whatever state a failed page is in. */
async function backToEnglish(page) {
  await page.context().close();
  await api(admin, 'PATCH', '/api/v1/me', { language: 'en-US' });
}

/** How a table shows an exact amount: 385030.8 → "385,030.80" (the currency sign aside). */
const grouped = (amount) => Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The list's filters after a click: the address's query as an object. */
function listFilters(page) {
  const url = new URL(page.url());
  assert.equal(url.pathname, '/opportunities');
  return Object.fromEntries(url.searchParams.entries());
}

/** The list's rows once it has answered: waits (a while) for `expected` rows, then counts them. */
async function listRows(page, expected) {
  await page.locator('[data-testid="opp-table"]').waitFor();
  await page
    .waitForFunction((n) => document.querySelectorAll('[data-testid="opp-table"] .ant-table-row').length === n, expected, { timeout: 10_000 })
    .catch(() => undefined);
  return page.locator('[data-testid="opp-table"] .ant-table-row').count();
}

/** Clicks a figure and checks where it led: the list with exactly `filters`, showing `count` deals. */
async function clickThrough(page, figure, filters, count) {
  await figure.click();
  await page.waitForURL(/\/opportunities\?/);
  assert.deepEqual(listFilters(page), { view: 'list', ...filters });
  assert.equal(await listRows(page, count), count, `deals behind ${JSON.stringify(filters)}`);
  await noSidewaysScroll(page);
  await page.goBack();
  await page.locator('[data-testid="forecast-page"]').waitFor();
}

test('every forecast figure opens the deals behind it, by stage and by rep', async () => {
  // A department with open deals this year, so the drill-through must carry it along.
  const departments = (await api(admin, 'GET', '/api/v1/departments')).items.filter((d) => d.parent_id);
  let department;
  let forecast;
  for (const d of departments) {
    forecast = await api(admin, 'GET', `/api/v1/forecast?period=${year}&department_id=${d.id}`);
    if (forecast.stages.some((s) => s.count > 0) && forecast.count <= 500) {
      department = d;
      break;
    }
  }
  assert.ok(department, 'a department with open deals');
  const stageRow = forecast.stages.find((s) => s.count > 0 && s.count <= 50);
  const pipeline = await api(admin, 'GET', `/api/v1/analytics/pipeline?group_by=owner&period=${year}&department_id=${department.id}`);
  const reps = pipeline.rows.filter((r) => r.key && r.open_count > 0);
  assert.ok(reps.length > 0, 'reps with open deals');
  const filters = { period: String(year), department_id: department.id };

  for (const language of LANGUAGES) {
    const page = await pageIn(language);
    try {
      for (const [size, width] of SIZES) {
        await page.setViewportSize(size);
        await page.goto(`${BASE_URL}/opportunities/forecast?period=${year}&department_id=${department.id}`);
        await page.locator('[data-testid="forecast-table"] .ant-table-row').first().waitFor();
        await page.locator('[data-testid="forecast-rep-row"]').first().waitFor();
        await noSidewaysScroll(page);
        await screenshot(page, `forecast-${width}-${language}`);

        // A stage's count, amount and expected amount: that stage's deals, same period and department.
        const key = stageRow.stage.key;
        assert.equal((await page.locator(`[data-testid="forecast-drill-count-${key}"]`).textContent()).trim(), String(stageRow.count));
        assert.match(await page.locator(`[data-testid="forecast-drill-amount-${key}"]`).textContent(), new RegExp(grouped(stageRow.amount.amount).replace('.', '\\.')));
        for (const figure of ['count', 'amount', 'expected']) {
          await clickThrough(page, page.locator(`[data-testid="forecast-drill-${figure}-${key}"]`), { ...filters, stage_id: stageRow.stage.id }, stageRow.count);
        }

        // The total: every open deal of the forecast, not the won and lost ones.
        await clickThrough(page, page.locator('[data-testid="forecast-total-count"]'), { ...filters, open: 'true' }, forecast.count);

        // A rep: the pipeline report's open deals of that owner, and their forecast's expected amount.
        const row = page.locator('[data-testid="forecast-rep-row"]').first();
        const ownerId = await row.getAttribute('data-owner-id');
        const rep = reps.find((r) => r.key === ownerId);
        assert.ok(rep, `rep ${ownerId} is in the pipeline report`);
        assert.equal(await page.locator('[data-testid="forecast-rep-row"]').count(), reps.length);
        assert.equal((await row.locator('[data-testid="forecast-rep-count"]').textContent()).trim(), String(rep.open_count));
        const theirs = await api(admin, 'GET', `/api/v1/forecast?period=${year}&department_id=${department.id}&owner_id=${ownerId}`);
        assert.match(await row.locator('[data-testid="forecast-rep-expected"]').textContent(), new RegExp(grouped(theirs.expected_amount.amount).replace('.', '\\.')));
        for (const figure of ['count', 'amount', 'expected']) {
          await clickThrough(page, page.locator('[data-testid="forecast-rep-row"]').first().locator(`[data-testid="forecast-rep-${figure}"]`), { ...filters, owner_id: ownerId, open: 'true' }, rep.open_count);
        }
      }
      await page.setViewportSize(DESKTOP);
      const errors = page.closerErrors.filter((e) => !e.includes('401'));
      assert.deepEqual(errors, []);
    } finally {
      await backToEnglish(page);
    }
  }
});

// ——— The sales-process editor speaks people's language (issue 17, item 4) ———

const stageCard = (page, index) => page.locator('[data-testid="process-stage"]').nth(index);
const fieldError = (page, testId) => page.locator('.ant-form-item', { has: page.locator(`[data-testid="${testId}"]`) }).locator('.ant-form-item-explain-error');

async function openProcess(page) {
  await page.goto(`${BASE_URL}/org/sales-process`);
  await page.locator('[data-testid="process-stage"]').first().waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="process-key-0"]')?.textContent ?? '').includes('_'));
}

async function defaultProcess() {
  return (await api(admin, 'GET', '/api/v1/sales-processes')).items.find((p) => p.is_default);
}

const processBody = (process) => ({
  name: process.name,
  stages: [...process.stages]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ key: s.key, name: s.name, name_en: s.name_en || null, win_rate: s.win_rate, is_won: s.is_won, is_lost: s.is_lost, tasks: s.tasks })),
});

test('the sales process editor: keys from names, new stages before won/lost, problems beside their fields', async () => {
  const process = await defaultProcess();
  const stagesInOrder = [...process.stages].sort((a, b) => a.position - b.position);
  const open = stagesInOrder.filter((s) => !s.is_won && !s.is_lost).length;
  const total = stagesInOrder.length;

  for (const language of LANGUAGES) {
    const page = await pageIn(language);
    const puts = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().includes('/api/v1/sales-processes/')) puts.push(r);
    });
    try {
      for (const [size, width] of SIZES) {
        await page.setViewportSize(size);
        await openProcess(page);
        // Keys are shown, never asked for.
        assert.match(await page.locator('[data-testid="process-key-0"]').textContent(), new RegExp(stagesInOrder[0].key));
        const values = await page.locator('[data-testid="sales-process-page"] input').evaluateAll((inputs) => inputs.map((i) => i.value));
        for (const stage of stagesInOrder) assert.ok(!values.includes(stage.key), `no input holds the key ${stage.key}`);

        // A new stage lands before the won and lost ones and cannot be moved past them.
        await page.locator('[data-testid="process-add-stage"]').click();
        assert.equal(await page.locator('[data-testid="process-stage"]').count(), total + 1);
        assert.equal(await page.locator(`[data-testid="process-name-${open}"]`).inputValue(), '');
        for (let i = open + 1; i <= total; i += 1) {
          const closed = (await page.locator(`[data-testid="process-won-${i}"]`).isChecked()) || (await page.locator(`[data-testid="process-lost-${i}"]`).isChecked());
          assert.ok(closed, `stage ${i + 1} is still a closed one`);
        }
        assert.ok(await page.locator(`[data-testid="process-down-${open}"]`).isDisabled());
        assert.ok(await page.locator(`[data-testid="process-up-${open + 1}"]`).isDisabled());
        assert.ok(await page.locator(`[data-testid="process-up-${open}"]`).isEnabled());

        // Its key follows the name: stage_N for a Chinese name, a slug of the English one.
        await page.locator(`[data-testid="process-name-${open}"]`).fill('现场演示');
        await page.waitForFunction((i) => document.querySelector(`[data-testid="process-key-${i}"]`)?.textContent?.includes(`stage_${i + 1}`), open);
        await page.locator(`[data-testid="process-name-en-${open}"]`).fill('On-site demo');
        await page.waitForFunction((i) => document.querySelector(`[data-testid="process-key-${i}"]`)?.textContent?.includes('on_site_demo'), open);

        // The checklist heading and its button keep apart.
        const label = await page.locator(`[data-testid="process-checklist-${open}"] .closer-process-checklist__label`).boundingBox();
        const button = await page.locator(`[data-testid="process-add-task-${open}"]`).boundingBox();
        assert.ok(button.y - (label.y + label.height) >= 6, `checklist label and button ${button.y - (label.y + label.height)} px apart`);
        await noSidewaysScroll(page);
        await stageCard(page, open).scrollIntoViewIfNeeded();
        await screenshot(page, `sales-process-new-stage-${width}-${language}`);

        // A stage without a name: the problem beside the field, nothing sent, no uncaught rejection.
        await page.locator(`[data-testid="process-name-${open}"]`).fill('');
        await page.locator('[data-testid="process-save"]').click();
        await fieldError(page, `process-name-${open}`).waitFor();
        assert.match(await fieldError(page, `process-name-${open}`).textContent(), /\S/);
        await page.locator(`[data-testid="process-win-rate-${open}"]`).fill('150');
        await page.locator('[data-testid="process-save"]').click();
        await fieldError(page, `process-win-rate-${open}`).waitFor();
        await screenshot(page, `sales-process-invalid-${width}-${language}`);
        assert.equal(puts.length, 0, 'an invalid stage is not sent');

        // Marking an open stage lost moves it to the closed ones at the end.
        await openProcess(page);
        await page.locator('[data-testid="process-lost-0"]').click();
        assert.equal(await page.locator(`[data-testid="process-name-${open - 1}"]`).inputValue(), stagesInOrder[0].name);
        assert.ok(await page.locator(`[data-testid="process-lost-${open - 1}"]`).isChecked());
      }
      const errors = page.closerErrors.filter((e) => !e.includes('401'));
      assert.deepEqual(errors, []);
    } finally {
      await backToEnglish(page);
    }
  }
});

test('a saved process sends keys made from the names, and a refused stage shows beside its field', async () => {
  const process = await defaultProcess();
  const original = processBody(process);
  const open = original.stages.filter((s) => !s.is_won && !s.is_lost).length;
  const won = original.stages.findIndex((s) => s.is_won);
  try {
    for (const [size, width, language] of [
      [DESKTOP, '1280', 'en-US'],
      [PHONE, '390', 'zh-CN'],
    ]) {
      const page = await pageIn(language);
      try {
        await page.setViewportSize(size);
        await openProcess(page);
        // Two new stages, one with an English name, one with a Chinese name only, and a task.
        await page.locator('[data-testid="process-add-stage"]').click();
        await page.locator(`[data-testid="process-name-${open}"]`).fill('现场演示');
        await page.locator(`[data-testid="process-name-en-${open}"]`).fill('On-site demo');
        await page.locator(`[data-testid="process-win-rate-${open}"]`).fill('60');
        await page.locator(`[data-testid="process-add-task-${open}"]`).click();
        await page.locator(`[data-testid="process-checklist-${open}"] input[type="text"]`).first().fill('安排演示');
        await page.locator('[data-testid="process-add-stage"]').click();
        await page.locator(`[data-testid="process-name-${open + 1}"]`).fill('商务确认');
        await page.locator(`[data-testid="process-win-rate-${open + 1}"]`).fill('70');
        const sent = page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/api/v1/sales-processes/'));
        const answered = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/sales-processes/'));
        await page.locator('[data-testid="process-save"]').click();
        const body = (await sent).postDataJSON();
        assert.equal((await answered).status(), 200);
        const keys = body.stages.map((s) => s.key);
        assert.deepEqual(keys.slice(0, open), original.stages.slice(0, open).map((s) => s.key), 'kept stages keep their keys');
        assert.equal(keys[open], 'on_site_demo');
        assert.equal(keys[open + 1], `stage_${open + 2}`);
        assert.deepEqual(body.stages[open].tasks, [{ key: 'task_1', label: '安排演示', required: false }]);
        assert.ok(body.stages.slice(open + 2).every((s) => s.is_won || s.is_lost), 'won and lost stay last');
        const saved = await defaultProcess();
        const stored = [...saved.stages].sort((a, b) => a.position - b.position);
        assert.equal(stored[open].key, 'on_site_demo');
        assert.equal(stored[open].name_en, 'On-site demo');
        await openProcess(page);
        assert.match(await page.locator(`[data-testid="process-key-${open}"]`).textContent(), /on_site_demo/);

        // A won stage below 100 %: the server refuses it and the page says so beside the field.
        const wonIndex = won + 2;
        await page.locator(`[data-testid="process-win-rate-${wonIndex}"]`).fill('90');
        const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/sales-processes/'));
        await page.locator('[data-testid="process-save"]').click();
        assert.equal((await refused).status(), 422);
        await fieldError(page, `process-win-rate-${wonIndex}`).waitFor();
        // The page's own words for the rule, not the server's "not an allowed value".
        assert.match(await fieldError(page, `process-win-rate-${wonIndex}`).textContent(), language === 'en-US' ? /won stage.*100 %/ : /赢单阶段.*100%/);
        await screenshot(page, `sales-process-refused-${width}-${language}`);
        const after = [...(await defaultProcess()).stages].sort((a, b) => a.position - b.position);
        assert.equal(after[wonIndex].win_rate, '100');
        const errors = page.closerErrors.filter((e) => !e.includes('401') && !e.includes('422'));
        assert.deepEqual(errors, []);
      } finally {
        await api(admin, 'PUT', `/api/v1/sales-processes/${process.id}`, original);
        await backToEnglish(page);
      }
    }
  } finally {
    await api(admin, 'PUT', `/api/v1/sales-processes/${process.id}`, original);
  }
});
