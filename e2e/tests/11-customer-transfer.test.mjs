// A manager's transfer from the customer list: tick a customer of one rep, pick another rep,
// and the list shows the new owner; a transfer that someone else overtook says so plainly
// and moves nothing.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DOCS_SHOTS_DIR, ensureEnglish, launch, openPage, screenshot, signIn } from '../lib/harness.mjs';

const stamp = Date.now().toString(36);
const prefix = `E2E 转移 ${stamp}`;

let browser;
let admin;
let people;
let customers;

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  admin = await openPage(browser);
  await signIn(admin);
  await ensureEnglish(admin);

  const { items } = await api('GET', '/api/v1/users?limit=100');
  const byEmail = (email) => items.find((u) => u.email === email);
  people = {
    zhang: byEmail('zhang.wei@demo.example.com'),
    li: byEmail('li.na@demo.example.com'),
    chen: byEmail('chen.jie@demo.example.com'),
  };
  customers = {};
  for (const letter of ['A', 'B']) {
    customers[letter] = await api('POST', '/api/v1/customers', { name: `${prefix} ${letter} 有限公司`, owner_id: people.zhang.id });
  }
});
after(async () => {
  await browser?.close();
});

/** Calls the API as the signed-in admin; answers the JSON body. */
async function api(method, path, body) {
  const me = await (await admin.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await admin.request.fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'X-CSRF-Token': me.csrf_token },
    data: body,
  });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

const row = (letter) => admin.locator('[data-testid="customers-table"] .ant-table-row', { hasText: `${prefix} ${letter}` });
const ownerOf = async (letter) => (await row(letter).locator('[data-testid="customer-owner-cell"]').textContent()).trim();

/** Picks the new owner by typing the name (the list of people is long and virtual). */
async function pickTarget(name) {
  const select = admin.locator('[data-testid="transfer-to"]');
  await select.click();
  await select.locator('input').fill(name);
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
}

test('a customer ticked in the list moves to another rep in one transfer', async () => {
  await admin.goto(`${BASE_URL}/customers?q=${encodeURIComponent(prefix)}`);
  await row('A').waitFor();
  await row('B').waitFor();
  assert.equal(await ownerOf('A'), people.zhang.name);

  await row('A').locator('.ant-checkbox-input').check();
  await admin.locator('[data-testid="customer-transfer"]', { hasText: '(1)' }).click();
  await admin.locator('[data-testid="transfer-from-name"]').waitFor();
  assert.equal((await admin.locator('[data-testid="transfer-from-name"]').textContent()).trim(), people.zhang.name);
  await pickTarget(people.li.name);
  const copy = join(DOCS_SHOTS_DIR, 'customers-transfer-desktop.png');
  copyFileSync(await screenshot(admin, 'customers-transfer-desktop'), copy);

  const moved = admin.waitForResponse((r) => r.url().endsWith('/api/v1/customers/transfer'));
  await admin.locator('[data-testid="transfer-submit"]').click();
  const response = await moved;
  assert.equal(response.status(), 200, await response.text());
  assert.deepEqual(await response.json(), { transferred: 1 });
  assert.deepEqual(JSON.parse(response.request().postData()), {
    from_user_id: people.zhang.id,
    to_user_id: people.li.id,
    customer_ids: [customers.A.id],
  });
  await admin.locator('[data-testid="transfer-submit"]').waitFor({ state: 'detached' });
  await admin.waitForFunction(
    ([text, name]) =>
      [...document.querySelectorAll('[data-testid="customers-table"] .ant-table-row')]
        .find((r) => r.textContent.includes(text))
        ?.querySelector('[data-testid="customer-owner-cell"]')?.textContent.trim() === name,
    [`${prefix} A`, people.li.name],
  );
  assert.equal(await ownerOf('B'), people.zhang.name, 'the other customer stays');

  // The customer's own page says who owns it now.
  const fresh = await api('GET', `/api/v1/customers/${customers.A.id}`);
  assert.equal(fresh.owner_id, people.li.id);
});

test('a transfer someone else overtook is refused with a plain message and moves nothing', async () => {
  await admin.goto(`${BASE_URL}/customers?q=${encodeURIComponent(prefix)}`);
  await row('B').waitFor();
  await row('B').locator('.ant-checkbox-input').check();
  await admin.locator('[data-testid="customer-transfer"]', { hasText: '(1)' }).click();
  await admin.locator('[data-testid="transfer-from-name"]').waitFor();
  await pickTarget(people.li.name);

  // Meanwhile another manager gives the same customer to someone else.
  await api('POST', '/api/v1/customers/transfer', {
    from_user_id: people.zhang.id,
    to_user_id: people.chen.id,
    customer_ids: [customers.B.id],
  });

  const refused = admin.waitForResponse((r) => r.url().endsWith('/api/v1/customers/transfer'));
  await admin.locator('[data-testid="transfer-submit"]').click();
  const response = await refused;
  assert.equal(response.status(), 409);
  assert.equal((await response.json()).code, 'customers_changed');
  const message = await admin.locator('[data-testid="transfer-error"]').textContent();
  assert.match(message, /changed owner in the meantime/);
  assert.match(message, /Nothing was moved/);
  await screenshot(admin, 'customers-transfer-refused-desktop');

  // The list behind the dialog was reloaded and shows the owner that won.
  await admin.keyboard.press('Escape');
  await admin.waitForFunction(
    ([text, name]) =>
      [...document.querySelectorAll('[data-testid="customers-table"] .ant-table-row')]
        .find((r) => r.textContent.includes(text))
        ?.querySelector('[data-testid="customer-owner-cell"]')?.textContent.trim() === name,
    [`${prefix} B`, people.chen.name],
  );
  const fresh = await api('GET', `/api/v1/customers/${customers.B.id}`);
  assert.equal(fresh.owner_id, people.chen.id, 'the overtaken transfer moved nothing');
});

test('a transfer to someone deactivated meanwhile puts the reason on the new-owner field', async () => {
  const roles = await api('GET', '/api/v1/roles');
  const rep = roles.items.find((r) => r.key === 'sales_rep');
  const leaver = await api('POST', '/api/v1/users', {
    email: `e2e.leaver.${stamp}@demo.example.com`,
    name: `E2E Leaver ${stamp}`,
    password: 'closer-demo-e2e',
    role_id: rep.id,
    department_id: people.zhang.department_id,
  });

  await admin.goto(`${BASE_URL}/customers?q=${encodeURIComponent(prefix)}`);
  await row('A').waitFor();
  await row('A').locator('.ant-checkbox-input').check();
  await admin.locator('[data-testid="customer-transfer"]', { hasText: '(1)' }).click();
  await admin.locator('[data-testid="transfer-from-name"]').waitFor();
  await pickTarget(leaver.name);
  // The new owner leaves while the dialog is open.
  await api('POST', `/api/v1/users/${leaver.id}/deactivate`);

  const refused = admin.waitForResponse((r) => r.url().endsWith('/api/v1/customers/transfer'));
  await admin.locator('[data-testid="transfer-submit"]').click();
  const response = await refused;
  assert.equal(response.status(), 422);
  assert.equal((await response.json()).errors[0].field, 'to_user_id');
  const fieldError = admin.locator('.ant-modal-wrap:visible .ant-form-item-has-error .ant-form-item-explain-error');
  await fieldError.waitFor();
  assert.match(await fieldError.textContent(), /deactivated or outside your part of the organisation/);
  await admin.keyboard.press('Escape');
  const fresh = await api('GET', `/api/v1/customers/${customers.A.id}`);
  assert.equal(fresh.owner_id, people.li.id, 'nothing moved');
});
