// The UI hides what a role cannot use: the demo finance user (zh-CN) has no lead or opportunity
// entries in the menu or on the home page, is told a lead page is not for their role without a
// single 403 from the API, and sees no one's e-mail under Organisation; a sales rep typing the
// import's address is told the same.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, launch, openPage, signIn } from '../lib/harness.mjs';

const FINANCE = { tenant: 'demo', email: 'finance@demo.example.com', password: 'closer-demo' };
const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
const MARKETING = { tenant: 'demo', email: 'marketing@demo.example.com', password: 'closer-demo' };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Every API answer 403 the page receives from now on. */
function forbiddenAnswers(page) {
  const seen = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/') && response.status() === 403) seen.push(`${response.request().method()} ${url.pathname}`);
  });
  return seen;
}

test('finance sees no Leads, Lead pool or Opportunities, and is told so at their addresses', async () => {
  const page = await openPage(browser, DESKTOP);
  const forbidden = forbiddenAnswers(page);
  await signIn(page, FINANCE);

  const menu = page.locator('.closer-sider [data-testid="side-menu"]');
  await menu.locator('[data-testid="nav-customers"]').waitFor();
  await menu.locator('[data-testid="nav-departments"]').waitFor();
  for (const key of ['leads', 'leadPool', 'opportunities', 'forecast', 'leadSettings', 'products']) {
    assert.equal(await menu.locator(`[data-testid="nav-${key}"]`).count(), 0, `no ${key} entry`);
  }

  // The home page's quick links: customers yes, leads and opportunities no.
  const home = page.locator('[data-testid="home"]');
  await home.locator('a[href="/customers"]').waitFor();
  assert.equal(await home.locator('a[href="/leads"]').count(), 0);
  assert.equal(await home.locator('a[href="/opportunities"]').count(), 0);

  for (const [path, id] of [
    ['/leads', 'leads'],
    ['/lead-pool', 'leadPool'],
    ['/opportunities', 'opportunities'],
  ]) {
    await page.goto(`${BASE_URL}${path}`);
    const notice = page.locator(`[data-testid="${id}-no-access"]`);
    await notice.waitFor();
    assert.match(await notice.textContent(), /你的角色无法使用此功能/);
  }

  // Analytics: the figures, but no way into the deals behind them (no link, no hint).
  await page.goto(`${BASE_URL}/analytics`);
  await page.locator('[data-testid="pipeline-row-name"]').first().waitFor();
  await page.waitForLoadState('networkidle').catch(() => undefined);
  assert.equal(await page.locator('a[href^="/opportunities"]').count(), 0, 'no link into the deals');

  // Organisation → Users: the people, but not their e-mail addresses.
  await page.goto(`${BASE_URL}/org/users`);
  const table = page.locator('[data-testid="users-table"]');
  await table.locator('.ant-table-row').first().waitFor();
  assert.doesNotMatch(await table.textContent(), /@demo\.example\.com/);
  assert.equal(await table.locator('[data-testid="user-cell-email"]').count(), 0);

  await page.waitForLoadState('networkidle').catch(() => undefined);
  assert.deepEqual(forbidden, [], 'no API call answered 403');
  await page.context().close();
});

test('a sales rep typing the import address is told it is not for their role', async () => {
  const page = await openPage(browser, DESKTOP);
  const forbidden = forbiddenAnswers(page);
  await signIn(page, REP);
  const menu = page.locator('.closer-sider [data-testid="side-menu"]');
  await menu.locator('[data-testid="nav-leads"]').waitFor();
  await menu.locator('[data-testid="nav-opportunities"]').waitFor();

  await page.goto(`${BASE_URL}/leads/import`);
  await page.locator('[data-testid="leadImport-no-access"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-dropzone"]').count(), 0);
  await page.locator('[data-testid="no-access"] a[href="/"]').click();
  await page.locator('[data-testid="home"]').waitFor();

  await page.waitForLoadState('networkidle').catch(() => undefined);
  assert.deepEqual(forbidden, [], 'no API call answered 403');
  await page.context().close();
});

test('marketing opens Today without asking for visit tasks it may not read', async () => {
  const page = await openPage(browser, DESKTOP);
  const forbidden = forbiddenAnswers(page);
  await signIn(page, MARKETING);
  await page.goto(`${BASE_URL}/today`);
  await page.locator('.closer-page-card, .ant-empty').first().waitFor();
  await page.waitForLoadState('networkidle').catch(() => undefined);
  assert.deepEqual(forbidden, [], 'no API call answered 403');
  await page.context().close();
});
