import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureEnglish, launch, navigate, openPage, signIn } from '../lib/harness.mjs';

let browser;
let page;
const stamp = Date.now().toString(36);

before(async () => {
  browser = await launch();
  page = await openPage(browser);
  await signIn(page);
  await ensureEnglish(page);
  await navigate(page, 'departments', 'Organisation');
  await page.locator('[data-testid="department-node"]').first().waitFor();
});
after(async () => {
  await browser?.close();
});

const modalOk = (testid) => page.locator(`.ant-modal:has([data-testid="${testid}"]) .ant-modal-footer .ant-btn-primary`);

test('an admin creates a department and sees it in the tree', async () => {
  const name = `E2E 华东 ${stamp}`;
  await page.locator('[data-testid="department-new"]').click();
  await page.locator('[data-testid="department-name"]').fill(name);
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/departments') && r.request().method() === 'POST');
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const response = await created;
  assert.equal(response.status(), 201, await response.text());

  const node = page.locator('[data-testid="department-tree"] [data-testid="department-node"]', { hasText: name });
  await node.waitFor();
  // The new department is selected and its details are shown.
  await page.locator('[data-testid="department-details"]', { hasText: name }).waitFor();
});

test('an admin marks the department as a sales region and reads its history', async () => {
  const name = `E2E 华东 ${stamp}`;
  await page.locator('[data-testid="department-tree"] [data-testid="department-node"]', { hasText: name }).click();
  await page.locator('[data-testid="department-edit"]').click();
  await page.locator('.ant-modal').getByRole('switch').click();
  const saved = page.waitForResponse((r) => /\/api\/v1\/departments\/[^/]+$/.test(r.url()) && r.request().method() === 'PATCH');
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const response = await saved;
  assert.equal(response.status(), 200, await response.text());
  assert.ok(response.request().headers()['if-match'], 'PATCH sends If-Match');
  assert.ok(response.request().headers()['x-csrf-token'], 'PATCH sends the CSRF token');
  await page
    .locator('[data-testid="department-tree"] [data-testid="department-node"]', { hasText: name })
    .getByText('Sales region')
    .waitFor();

  await page.locator('[data-testid="department-history"]').click();
  const drawer = page.locator('.ant-drawer-open');
  await drawer.locator('.ant-timeline, .ant-empty, .ant-result').first().waitFor();
  await page.keyboard.press('Escape');
});

test('an admin creates a user with a role and a department', async () => {
  await navigate(page, 'users', 'Organisation');
  await page.locator('[data-testid="users-table"] .ant-table-row').first().waitFor();
  await page.locator('[data-testid="user-new"]').click();
  const email = `e2e-${stamp}@demo.example.com`;
  await page.locator('[data-testid="user-email"]').fill(email);
  await page.locator('[data-testid="user-name"]').fill(`E2E 用户 ${stamp}`);
  await page.locator('[data-testid="user-password"]').fill('e2e-password-1');
  await page.locator('.ant-modal [data-testid="user-role"]').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Sales rep' }).click();
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
  await modalOk('user-email').click();
  const response = await created;
  assert.equal(response.status(), 201, await response.text());
  await page.locator('[data-testid="users-table"] .ant-table-row', { hasText: email }).waitFor();
});

test('the role editor shows the permission catalogue by area', async () => {
  await navigate(page, 'roles', 'Organisation');
  const row = page.locator('[data-testid="roles-table"] .ant-table-row', { hasText: 'sales_rep' });
  await row.waitFor();
  await row.getByRole('button', { name: /Edit/ }).click();
  const picker = page.locator('.ant-modal [data-testid="permission-picker"]');
  await picker.waitFor();
  assert.ok((await picker.locator('.ant-checkbox-wrapper').count()) >= 10, 'permission checkboxes');
  assert.match(await picker.textContent(), /leads\.read/);
  await page.locator('.ant-modal-footer .ant-btn').first().click();
});
