// Opportunities: drag a card to the next stage on the desktop board and watch the forecast's
// figures move; a required task stops the next move until it is ticked in the checklist
// prompt; on a phone the board is a stage-by-stage list. Screenshots of the board, the
// forecast and the detail at desk and phone width go to docs/screenshots for docs/opportunities.md.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, ensureEnglish, launch, openPage, screenshot, signIn } from '../lib/harness.mjs';

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

test('the sales process page shows a bad win rate beside its field', async () => {
  await admin.goto(`${BASE_URL}/org/sales-process`);
  const rate = admin.locator('[data-testid="process-win-rate-1"]');
  await rate.waitFor();
  await rate.fill('150');
  const saved = admin.waitForResponse((r) => r.url().includes('/api/v1/sales-processes/') && r.request().method() === 'PUT');
  await admin.locator('[data-testid="process-save"]').click();
  assert.equal((await saved).status(), 422);
  const item = admin.locator('.ant-form-item', { has: rate });
  await item.locator('.ant-form-item-explain-error').waitFor();
  // Nothing was saved: the stage still has its 30%.
  const process = (await api(admin, 'GET', '/api/v1/sales-processes')).items.find((p) => p.is_default);
  assert.equal(process.stages[1].win_rate, '30');
});
