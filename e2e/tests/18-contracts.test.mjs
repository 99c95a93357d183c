// Contracts through multi-level approval: the administrator sets up a two-step flow for
// contracts (the submitter's manager above ¥200,000, the director above that one above
// ¥1,000,000) and a team of rep, manager and director; the rep makes a contract from a won
// deal worth ¥1,252,000 (its quote's lines copied) and submits it; the manager and then the
// director each approve from their inbox on a 390 px phone, two taps each; the contract is
// active, the rep is told so and orders part of it. An outgoing webhook registered under
// settings hears the contract become active, signed with the secret shown once. Screenshots
// of the contract and the inbox, desk and phone, Chinese and English, go to docs/screenshots.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, PHONE, launch, navigate, openPage, screenshot, signIn, switchLanguage, uiLanguage } from '../lib/harness.mjs';

const stamp = Date.now().toString(36);
const PASSWORD = 'closer-e2e-18';

let browser;
let admin;
/** The people the test makes: `{ user, login }` each. */
const people = {};
let flow;
/** The flow in force before the test's, put back afterwards. */
let previousFlow;
let deal;
let contract;
/** What the webhook receiver was sent: `{ headers, body }` each. */
const received = [];
let receiver;
let webhook;

before(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  admin = await openPage(browser, DESKTOP);
  await signIn(admin);

  // Director heads the region; the manager heads the team inside it, where the rep works.
  const roles = (await api(admin, 'GET', '/api/v1/roles')).items;
  const role = (key) => roles.find((r) => r.key === key).id;
  const region = await api(admin, 'POST', '/api/v1/departments', { name: `E2E 华东大区 ${stamp}`, is_sales_region: true });
  const team = await api(admin, 'POST', '/api/v1/departments', { name: `E2E 上海一组 ${stamp}`, parent_id: region.id });
  const person = async (key, name, roleKey, department, language) => {
    const email = `${key}.${stamp}@e2e.example.com`;
    const user = await api(admin, 'POST', '/api/v1/users', { email, name, role_id: role(roleKey), department_id: department.id, password: PASSWORD, language });
    people[key] = { user, login: { tenant: 'demo', email, password: PASSWORD } };
  };
  await person('director', `E2E 周总监 ${stamp}`, 'sales_manager', region, 'zh-CN');
  await person('manager', `E2E Manager Li ${stamp}`, 'sales_manager', team, 'en-US');
  await person('rep', `E2E 王销售 ${stamp}`, 'sales_rep', team, 'zh-CN');
  await api(admin, 'PATCH', `/api/v1/departments/${region.id}`, { head_user_id: people.director.user.id }, region.version);
  await api(admin, 'PATCH', `/api/v1/departments/${team.id}`, { head_user_id: people.manager.user.id }, team.version);

  previousFlow = (await api(admin, 'GET', '/api/v1/approval-flows')).items.find((f) => f.active && f.record_type === 'contract');
  flow = await api(admin, 'POST', '/api/v1/approval-flows', {
    record_type: 'contract',
    name: `E2E 合同审批 ${stamp}`,
    steps: [
      { name: '经理审批 Manager', when: { field: 'amount', op: 'gt', value: '200000' }, approvers: { kind: 'department_head', levels: 1 }, mode: 'any' },
      { name: '总监审批 Director', when: { field: 'amount', op: 'gt', value: '1000000' }, approvers: { kind: 'department_head', levels: 2 }, mode: 'any' },
    ],
  });

  // The rep's deal, quoted at ¥1,252,000 and won.
  const customer = await api(admin, 'POST', '/api/v1/customers', { name: `E2E 合同客户 ${stamp} 有限公司`, owner_id: people.rep.user.id });
  const process = (await api(admin, 'GET', '/api/v1/sales-processes')).items.find((p) => p.is_default);
  const stages = [...process.stages].sort((a, b) => a.position - b.position);
  deal = await api(admin, 'POST', '/api/v1/opportunities', {
    customer_id: customer.id,
    name: `E2E 智能工厂 ${stamp}`,
    amount: { amount: '1000000.00', currency: 'CNY' },
    owner_id: people.rep.user.id,
    stage_id: stages[0].id,
  });
  const products = (await api(admin, 'GET', '/api/v1/products')).items;
  const product = (prefix) => products.find((p) => p.name.startsWith(prefix)).id;
  await api(admin, 'POST', '/api/v1/quotes', {
    opportunity_id: deal.id,
    lines: [
      { product_id: product('MES'), quantity: '5' },
      { product_id: product('工业网关'), quantity: '20' },
      { product_id: product('实施服务'), quantity: '30' },
    ],
  });
  for (const stage of stages.filter((s) => !s.is_lost)) {
    deal = await api(admin, 'GET', `/api/v1/opportunities/${deal.id}`);
    if (deal.stage.id === stage.id) {
      for (const task of stage.tasks.filter((t) => t.required)) {
        await api(admin, 'POST', `/api/v1/opportunities/${deal.id}/tasks`, { task_key: task.key, done: true });
      }
      continue;
    }
    deal = await api(admin, 'POST', `/api/v1/opportunities/${deal.id}/stage`, { stage_id: stage.id }, deal.version);
    for (const task of stage.tasks.filter((t) => t.required)) {
      await api(admin, 'POST', `/api/v1/opportunities/${deal.id}/tasks`, { task_key: task.key, done: true });
    }
  }
});
after(async () => {
  // The tenant's own flow (if any) is in force again for whatever runs next.
  const restore = async (f, active) => {
    const fresh = await api(admin, 'GET', `/api/v1/approval-flows/${f.id}`);
    await api(admin, 'PUT', `/api/v1/approval-flows/${f.id}`, { record_type: fresh.record_type, name: fresh.name, steps: fresh.steps, active }, fresh.version);
  };
  if (previousFlow) await restore(previousFlow, true).catch(() => undefined);
  else if (flow) await restore(flow, false).catch(() => undefined);
  if (webhook) await api(admin, 'DELETE', `/api/v1/webhooks/${webhook.id}`).catch(() => undefined);
  receiver?.close();
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

/** Waits until the toasts have gone, so a screenshot shows the page. */
async function toastsGone(page) {
  await page.waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 10_000 }).catch(() => undefined);
}

async function assertNoSideways(page, what) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= (page.viewportSize()?.width ?? 0) + 1, `${what}: the page scrolls sideways (${scrollWidth} px)`);
}

/** The page's browser errors, but for the 401 of the session probe before sign-in. */
function errorsOf(page) {
  return page.closerErrors.filter((e) => !e.includes('401'));
}

async function as(key, viewport, language) {
  const page = await openPage(browser, viewport);
  await signIn(page, people[key].login);
  if (language && (await uiLanguage(page)) !== language) await switchLanguage(page, language);
  return page;
}

test('the flow editor shows the two steps in words and saves a new version with If-Match', async () => {
  await admin.goto(`${BASE_URL}/org/approval-flows`);
  const card = admin.locator('[data-testid="flow-card"]', { hasText: flow.name });
  await card.waitFor();
  const text = await card.textContent();
  assert.match(text, /200,000\.00/);
  assert.match(text, /1,000,000\.00/);
  await card.locator('[data-testid="flow-edit"]').click();
  await admin.locator('[data-testid="flow-step"]').nth(1).waitFor();
  assert.equal(await admin.locator('[data-testid="flow-step-levels"]').nth(1).inputValue(), '2');
  const saved = admin.waitForResponse((r) => r.url().endsWith(`/api/v1/approval-flows/${flow.id}`) && r.request().method() === 'PUT');
  await admin.locator('[data-testid="flow-save"]').click();
  const response = await saved;
  assert.equal(response.status(), 200);
  assert.equal(response.request().headers()['if-match'], `"${flow.version}"`);
  flow = await response.json();
  assert.equal(flow.version, 2);
  assert.deepEqual(
    flow.steps.map((s) => [s.when.value, s.approvers.levels]),
    [
      ['200000.00', 1],
      ['1000000.00', 2],
    ],
  );
  await card.getByText(/Version 2|版本 2/).waitFor();
});

/** Waits (bounded) until the receiver was sent an event matching `match`; answers it. */
async function heard(match, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const found = received.find((r) => match(JSON.parse(r.body)));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail('the webhook receiver was not sent the event');
}

test('a webhook registered under settings shows its secret once and delivers a signed test', async () => {
  await admin.goto(`${BASE_URL}/org/webhooks`);
  await admin.locator('[data-testid="webhook-new"]').click();
  const url = `http://127.0.0.1:${receiver.address().port}/closer-${stamp}`;
  await admin.locator('[data-testid="webhook-url"]').fill(url);
  await admin.locator('[data-testid="webhook-event-contract.activated"]').click();
  const created = admin.waitForResponse((r) => r.url().endsWith('/api/v1/webhooks') && r.request().method() === 'POST');
  await admin.locator('[data-testid="webhook-save"]').click();
  webhook = await (await created).json();
  const secret = (await admin.locator('[data-testid="webhook-secret-value"]').textContent()).trim();
  assert.match(secret, /^whsec_[0-9a-f]{48}$/);
  assert.equal(secret, webhook.secret);
  await admin.locator('[data-testid="webhook-secret"] .ant-btn-primary').click();
  // Once only: the list shows no more than its start and end.
  const card = admin.locator('[data-testid="webhook-card"]', { hasText: url });
  await card.waitFor();
  assert.ok(!(await card.textContent()).includes(secret));

  await card.locator('[data-testid="webhook-deliveries"]').click();
  await admin.locator('[data-testid="webhook-test"]').click();
  const row = admin.locator('[data-testid="delivery-row"][data-status="delivered"]');
  await row.waitFor({ timeout: 20_000 });
  assert.match(await row.locator('[data-testid="delivery-response-status"]').textContent(), /200/);
  const test = await heard((event) => event.event === 'webhook.test');
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(test.headers['x-closer-signature']);
  assert.equal(v1, createHmac('sha256', secret).update(`${t}.${test.body}`).digest('hex'));
  await admin.locator('[data-testid="deliveries-drawer"] .ant-drawer-close').click();
});

test('the rep makes the contract from the won deal and submits it', async () => {
  const page = await as('rep', DESKTOP);
  await page.goto(`${BASE_URL}/opportunities/${deal.id}`);
  // A won deal offers the contract in its header, and on each of its quotes.
  await page.locator('[data-testid="contract-create"]').waitFor();
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/contracts') && r.request().method() === 'POST');
  await page.locator('[data-testid="quote-create-contract"]').first().click();
  const answer = await created;
  assert.equal(answer.status(), 201);
  contract = await answer.json();
  assert.equal(contract.status, 'draft');
  assert.equal(contract.amount.amount, '1252000.00');
  assert.equal(contract.lines.length, 3);

  await page.waitForURL(`${BASE_URL}/contracts/${contract.id}`);
  await page.locator('[data-testid="contract-status"][data-status="draft"]').waitFor();
  assert.match(await page.locator('[data-testid="contract-amount"]').textContent(), /1,252,000\.00/);
  assert.equal(await page.locator('[data-testid="contract-line"]').count(), 3);

  const submitted = page.waitForResponse((r) => r.url().endsWith(`/api/v1/contracts/${contract.id}/submit`));
  await page.locator('[data-testid="contract-submit"]').click();
  assert.equal((await submitted).status(), 200);
  await page.locator('[data-testid="contract-status"][data-status="in_approval"]').waitFor();
  // The trail names the manager on the first step.
  const trail = page.locator('[data-testid="contract-approval"]');
  await trail.getByText(people.manager.user.name).first().waitFor();
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('the manager approves from the inbox on a phone in two taps', async () => {
  // First at a desk, in English: the menu counts the approval waiting.
  const desk = await as('manager', DESKTOP);
  await desk.locator('.closer-sider [data-testid="nav-approvals-badge"]').waitFor();
  await desk.goto(`${BASE_URL}/approvals`);
  const deskCard = desk.locator('[data-testid="approval-card"]', { hasText: contract.number });
  await deskCard.waitFor();
  assert.match(await deskCard.textContent(), /Step 1 of 2/);
  await docsShot(desk, 'contracts-inbox-desktop-en');
  await desk.context().close();

  const phone = await as('manager', PHONE, 'zh-CN');
  await navigate(phone, 'approvals');
  const card = phone.locator('[data-testid="approval-card"]', { hasText: contract.number });
  await card.waitFor();
  await assertNoSideways(phone, 'the inbox');
  await docsShot(phone, 'contracts-inbox-phone');

  // Rejecting needs a comment: the modal says so and nothing is sent.
  await card.locator('[data-testid="approval-reject"]').click();
  await phone.locator('[data-testid="approval-comment-ok"]').click();
  await phone.locator('[data-testid="approval-comment"] .ant-form-item-explain-error').waitFor();
  await phone.locator('[data-testid="approval-comment"] .ant-modal-close').click();

  const approved = phone.waitForResponse((r) => r.url().includes('/approve') && r.request().method() === 'POST');
  await card.locator('[data-testid="approval-approve"]').tap();
  await phone.locator('[data-testid="approval-comment-ok"]').tap();
  const response = await approved;
  assert.equal(response.status(), 200);
  const approval = await response.json();
  assert.equal(approval.status, 'pending');
  assert.equal(approval.current_step, 1);
  await card.waitFor({ state: 'detached' });
  assert.deepEqual(errorsOf(phone), []);
  await phone.context().close();
});

test('the director approves on a phone and the contract is active', async () => {
  const desk = await as('director', DESKTOP);
  await desk.goto(`${BASE_URL}/approvals`);
  const deskCard = desk.locator('[data-testid="approval-card"]', { hasText: contract.number });
  await deskCard.waitFor();
  assert.match(await deskCard.textContent(), /第 2\/2 步/);
  await docsShot(desk, 'contracts-inbox-desktop');
  await desk.context().close();

  const phone = await as('director', PHONE, 'en-US');
  await phone.goto(`${BASE_URL}/approvals`);
  const card = phone.locator('[data-testid="approval-card"]', { hasText: contract.number });
  await card.waitFor();
  await assertNoSideways(phone, 'the inbox');
  await docsShot(phone, 'contracts-inbox-phone-en');
  const approved = phone.waitForResponse((r) => r.url().includes('/approve') && r.request().method() === 'POST');
  await card.locator('[data-testid="approval-approve"]').tap();
  await phone.locator('[data-testid="approval-comment-text"]').fill('OK for the region');
  await phone.locator('[data-testid="approval-comment-ok"]').tap();
  const approval = await (await approved).json();
  assert.equal(approval.status, 'approved');
  await card.waitFor({ state: 'detached' });
  assert.deepEqual(errorsOf(phone), []);
  await phone.context().close();

  contract = await api(admin, 'GET', `/api/v1/contracts/${contract.id}`);
  assert.equal(contract.status, 'active');
  const activated = await heard((event) => event.event === 'contract.activated' && event.data?.contract_id === contract.id);
  assert.ok(activated.headers['x-closer-signature']);
});

test('the rep is told, sees the trail and orders part of the contract', async () => {
  const page = await as('rep', DESKTOP, 'zh-CN');
  await page.locator('[data-testid="notif-badge"] .ant-badge-count').waitFor();
  await page.locator('[data-testid="notif-bell"]').click();
  const note = page.locator('[data-testid="notification-item"]', { hasText: contract.number }).filter({ has: page.locator('[data-testid="notification-kind"][data-kind="approval_approved"]') });
  await note.waitFor();
  await note.getByRole('button', { name: /查看|Open/ }).click();
  await page.waitForURL(`${BASE_URL}/contracts/${contract.id}`);
  await page.locator('[data-testid="contract-status"][data-status="active"]').waitFor();
  const trail = page.locator('[data-testid="contract-approval"]');
  await trail.locator('[data-testid="approval-status"][data-status="approved"]').waitFor();
  assert.equal(await trail.locator('[data-testid="approval-trail-entry"][data-action="approved"]').count(), 2);
  assert.match(await trail.textContent(), /OK for the region/);

  // An order for two of the five MES licences, then shipped.
  await page.locator('[data-testid="order-new"]').click();
  await page.locator('[data-testid="order-quantity"]').first().fill('2');
  const ordered = page.waitForResponse((r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST');
  await page.locator('[data-testid="order-submit"]').click();
  assert.equal((await ordered).status(), 201);
  const row = page.locator('[data-testid="order-row"]').first();
  await row.locator('[data-testid="order-status"][data-status="open"]').waitFor();
  await row.locator('[data-testid="order-move"]').click();
  const moved = page.waitForResponse((r) => r.url().includes('/status') && r.request().method() === 'POST');
  await page.locator('[data-testid="order-move-shipped"]').click();
  assert.equal((await moved).status(), 200);
  await row.locator('[data-testid="order-status"][data-status="shipped"]').waitFor();
  assert.match(await page.locator('[data-testid="contract-ordered"]').textContent(), /360,000\.00/);
  await page.locator('[data-testid="contract-line-left"][data-left="3"]').first().waitFor();

  // Its history reads as people speak: the approval by name, statuses and amounts in words.
  await page.locator('[data-testid="contract-history"]').click();
  const history = page.locator('[data-testid="history-list"]');
  await history.waitFor();
  await history.getByText('360,000.00').first().waitFor();
  await history.getByText('审批通过').first().waitFor();
  assert.match(await history.textContent(), new RegExp(contract.number));
  assert.doesNotMatch(await history.textContent(), /_minor|in_approval/);
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('screenshots of the contract, desk and phone, Chinese and English', async () => {
  for (const [language, suffix] of [
    ['zh-CN', ''],
    ['en-US', '-en'],
  ]) {
    for (const [viewport, width] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ]) {
      const page = await as('rep', viewport, language);
      await page.goto(`${BASE_URL}/contracts/${contract.id}`);
      await page.locator('[data-testid="approval-trail"]').waitFor();
      await page.locator('[data-testid="order-row"]').first().waitFor();
      await toastsGone(page);
      if (width === 'phone') await assertNoSideways(page, `the contract (${language})`);
      await docsShot(page, `contracts-detail-${width}${suffix}`);
      await page.context().close();
    }
  }
});

test('a won deal’s own "Create contract" makes a draft for the deal’s amount and opens it', async () => {
  const page = await as('rep', PHONE);
  await page.goto(`${BASE_URL}/opportunities/${deal.id}`);
  // The contract made from its quote is one tap away from the deal.
  await page.locator('[data-testid="opp-contracts"]').getByText(contract.number).waitFor();
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/contracts') && r.request().method() === 'POST');
  await page.locator('[data-testid="contract-create"]').tap();
  const draft = await (await created).json();
  assert.equal(draft.opportunity_id, deal.id);
  assert.equal(draft.amount.amount, '1252000.00');
  await page.waitForURL(`${BASE_URL}/contracts/${draft.id}`);
  await page.locator('[data-testid="contract-status"][data-status="draft"]').waitFor();
  await page.context().close();
});
