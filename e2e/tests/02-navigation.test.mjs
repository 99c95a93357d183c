import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureEnglish, launch, navigate, openPage, PHONE, signIn } from '../lib/harness.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await openPage(browser);
  await signIn(page);
  await ensureEnglish(page);
});
after(async () => {
  await browser?.close();
});

test('the analytics page loads', async () => {
  await navigate(page, 'analytics');
  await page.locator('[data-testid="analytics-page"]').waitFor();
  await page.locator('[data-testid="pipeline-report"]').waitFor();
  assert.equal(new URL(page.url()).pathname, '/analytics');
});

test('the cash pages load', async () => {
  for (const [nav, id, path] of [
    ['cashOverview', 'finance-home', '/cash/overview'],
    ['receivables', 'receivables-page', '/cash/receivables'],
    ['payments', 'payments-page', '/cash/payments'],
    ['invoices', 'invoices-page', '/cash/invoices'],
    ['aging', 'aging-page', '/cash/aging'],
    ['refunds', 'refunds-page', '/cash/refunds'],
  ]) {
    await navigate(page, nav, 'Cash');
    await page.locator(`[data-testid="${id}"]`).waitFor();
    assert.equal(new URL(page.url()).pathname, path);
  }
  await navigate(page, 'cashSettings', 'Organisation');
  await page.locator('[data-testid="cash-settings-page"]').waitFor();
});

test('the opportunity pages load', async () => {
  await navigate(page, 'opportunities');
  await page.locator('[data-testid="opportunities-page"]').waitFor();
  await navigate(page, 'forecast');
  await page.locator('[data-testid="forecast-page"]').waitFor();
  await navigate(page, 'salesProcess', 'Organisation');
  await page.locator('[data-testid="sales-process-page"]').waitFor();
});

test('the contract pages load', async () => {
  await navigate(page, 'contracts');
  await page.locator('[data-testid="contracts-page"]').waitFor();
  await navigate(page, 'approvals');
  await page.locator('[data-testid="approvals-page"]').waitFor();
  await navigate(page, 'approvalFlows', 'Organisation');
  await page.locator('[data-testid="approval-flows-page"]').waitFor();
  await navigate(page, 'webhooks', 'Organisation');
  await page.locator('[data-testid="webhooks-page"]').waitFor();
});

test('the target, performance and compensation pages load', async () => {
  await navigate(page, 'targets');
  await page.locator('[data-testid="targets-page"]').waitFor();
  await page.locator('[data-testid="targets-visit-rules"]').click();
  await page.locator('[data-testid="visit-rules-page"]').waitFor();
  await navigate(page, 'performance');
  await page.locator('[data-testid="performance-page"]').waitFor();
  await navigate(page, 'compensation');
  await page.locator('[data-testid="compensation-page"]').waitFor();
});

test('the lead pages load', async () => {
  await navigate(page, 'leads');
  await page.locator('[data-testid="leads-page"]').waitFor();
  await navigate(page, 'leadPool');
  await page.locator('[data-testid="pool-page"]').waitFor();
  await navigate(page, 'leadSettings', 'Organisation');
  await page.locator('[data-testid="lead-settings-page"]').waitFor();
});

test('the customer pages load', async () => {
  await navigate(page, 'customers');
  await page.locator('[data-testid="customers-page"]').waitFor();
  await navigate(page, 'today');
  await page.locator('[data-testid="today-page"]').waitFor();
  await navigate(page, 'scoringModel', 'Organisation');
  await page.locator('[data-testid="scoring-page"]').waitFor();
});

test('the organisation pages load', async () => {
  await navigate(page, 'users', 'Organisation');
  await page.locator('[data-testid="users-table"] .ant-table-row').first().waitFor();
  assert.match(await page.locator('[data-testid="users-table"]').textContent(), /admin@demo\.example\.com/);

  await navigate(page, 'roles', 'Organisation');
  await page.locator('[data-testid="roles-table"] .ant-table-row').first().waitFor();
  const roles = await page.locator('[data-testid="roles-table"]').textContent();
  for (const key of ['admin', 'sales_manager', 'sales_rep', 'finance', 'marketing']) {
    assert.match(roles, new RegExp(key), key);
  }

  await navigate(page, 'departments', 'Organisation');
  await page.locator('[data-testid="department-node"]').first().waitFor();
});

test('the API docs link points at /api/docs', async () => {
  const href = await page.locator('.closer-sider [data-testid="nav-apiDocs"]').getAttribute('href');
  assert.equal(href, '/api/docs');
});

test('the bell opens the inbox', async () => {
  await page.locator('[data-testid="notif-bell"]').click();
  await page.locator('.ant-drawer-open [data-testid="notification-list"]').waitFor();
  await page.locator('.ant-drawer-open [data-testid="notif-mark-all"]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.ant-drawer-open [data-testid="notification-list"]').waitFor({ state: 'detached' });
});

test('on a phone the side navigation is a drawer behind the hamburger', async () => {
  const phone = await openPage(browser, PHONE);
  await signIn(phone);
  assert.equal(await phone.locator('.closer-sider').count(), 0, 'no fixed side bar on a phone');
  await navigate(phone, 'customers');
  await phone.locator('[data-testid="customers-page"]').waitFor();
  const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE.width, `page does not scroll sideways (${scrollWidth}px)`);
  await phone.context().close();
});
