// Role home pages: the demo administrator lands on the company's forecast against target,
// the won trend and who is stuck where; a demo sales rep on their own target, pipeline,
// today's tasks and stuck deals. The figures on the cards are those GET /api/v1/dashboards
// answers for the same user (the won amount and the target rate, exactly), the figures lead
// to their lists, and the page fits a 390 px phone without sideways scrolling. Screenshots
// at 1280 and 390 px in Chinese and English; two go to docs/screenshots for docs/analytics.md.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { compactYuan } from '../lib/compact.mjs';
import { BASE_URL, DEMO, DESKTOP, DOCS_SHOTS_DIR, PHONE, launch, openPage, screenshot, signIn, switchLanguage, uiLanguage } from '../lib/harness.mjs';

const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function dashboard(page) {
  const response = await page.request.get(`${BASE_URL}/api/v1/dashboards`);
  assert.equal(response.status(), 200);
  return response.json();
}

/** Money as the page's language writes it (Intl, the way the UI formats). */
function moneyText(page, money) {
  return page.evaluate(
    ([amount, currency]) => new Intl.NumberFormat(document.documentElement.lang, { style: 'currency', currency }).format(amount),
    [money.amount, money.currency],
  );
}

/** Browser errors but the 401 of the session check before signing in. */
function errorsOf(page) {
  return page.closerErrors.filter((e) => !e.includes('401'));
}

async function text(locator) {
  return ((await locator.textContent()) ?? '').trim();
}

/**
 * A tile's amount: rounded for a glance ("¥897.7万" / "¥8.98M") with the exact figure
 * behind it (its tooltip and `data-exact`); an amount below 1万 / 1K shows exactly.
 */
async function checkTileAmount(page, locator, money) {
  const exact = await moneyText(page, money);
  const shown = locator.locator('[data-exact]');
  assert.equal(await shown.getAttribute('data-exact'), exact);
  const compact = compactYuan(money, await uiLanguage(page));
  if (compact) assert.equal(await text(locator), compact);
  else assert.equal((await text(locator)).replace(/CN¥/, '¥').replace(/\.00$/, ''), exact.replace(/CN¥/, '¥').replace(/\.00$/, ''));
}

async function noSidewaysScroll(page) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(widths.scroll <= widths.client + 1, `no sideways scroll (${widths.scroll} > ${widths.client})`);
}

/** Waits for the cards and checks the won amount and the target rate against the API. */
async function checkFigures(page, data, cards) {
  const home = page.locator('[data-testid="home"]');
  await home.locator('[data-testid="home-cards"]').waitFor();
  for (const card of cards) await home.locator(`[data-testid="home-card-${card}"]`).waitFor();
  await checkTileAmount(page, home.locator('[data-testid="home-won-amount-value"]'), data.pipeline.won_amount);
  await checkTileAmount(page, home.locator('[data-testid="home-open-amount-value"]'), data.pipeline.open_amount);
  assert.equal(await text(home.locator('[data-testid="home-target-rate"]')), `${data.target.rate}%`);
  assert.equal(await home.locator('[data-testid="home-stuck-row"]').count(), data.stuck.length);
}

async function docsShot(page, name) {
  const path = await screenshot(page, name);
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  copyFileSync(path, join(DOCS_SHOTS_DIR, `${name}.png`));
}

/** Screens the home at desk and phone width in both languages; leaves the user's language as it was. */
async function shots(who, label, cards, docs) {
  // The language switch sits in the desk header: switch there, then narrow the window.
  const page = await openPage(browser, DESKTOP);
  await signIn(page, who);
  const original = await uiLanguage(page);
  const data = await dashboard(page);
  for (const language of [original, original === 'en-US' ? 'zh-CN' : 'en-US']) {
    if ((await uiLanguage(page)) !== language) await switchLanguage(page, language);
    await checkFigures(page, data, cards);
    const name = `home-${label}-1280-${language}`;
    if (docs.includes(name)) await docsShot(page, name);
    else await screenshot(page, name);
    await page.setViewportSize(PHONE);
    await checkFigures(page, data, cards);
    await noSidewaysScroll(page);
    await screenshot(page, `home-${label}-390-${language}`);
    await page.setViewportSize(DESKTOP);
  }
  if ((await uiLanguage(page)) !== original) await switchLanguage(page, original);
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
}

test('the administrator sees the company forecast against target, the trend and who is stuck where', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page, DEMO);
  const data = await dashboard(page);
  assert.equal(data.role, 'admin');
  await checkFigures(page, data, ['forecast', 'trend', 'stuck', 'cash']);
  const home = page.locator('[data-testid="home"]');
  assert.equal(await home.getAttribute('data-home-kind'), 'manager');
  await home.locator('[data-testid="home-department"]').waitFor();
  await home.locator('[data-testid="home-owner"]').waitFor();
  await home.locator('[data-testid="home-trend-chart"] canvas').waitFor();
  // Who is stuck where: each deal with its owner, leading to the deal.
  const first = data.stuck[0];
  if (first) {
    const row = home.locator('[data-testid="home-stuck-row"]').first();
    assert.equal(await text(row.locator('[data-testid="home-stuck-name"]')), first.name);
    assert.notEqual(await text(row.locator('[data-testid="home-stuck-owner"]')), '');
    await row.locator('[data-testid="home-stuck-name"]').click();
    await page.waitForURL(`**/opportunities/${first.id}`);
    await page.goBack();
    await home.locator('[data-testid="home-cards"]').waitFor();
  }
  // The won figure leads to the opportunities list of the period.
  await home.locator('[data-testid="home-won-amount"]').click();
  await page.waitForURL((url) => url.pathname === '/opportunities' && url.searchParams.get('period') === data.period && url.searchParams.get('view') === 'list');
  await page.goBack();
  // Another period asks the API for it and shows its figures.
  const quarter = page.waitForResponse((r) => r.url().includes('/api/v1/dashboards') && r.url().includes(`period=${data.period}-Q1`));
  await home.locator('[data-testid="home-period-kind-quarter"]').click();
  const q1 = await (await quarter).json();
  await page.waitForFunction(() => !document.querySelector('.closer-home-cards.is-loading'));
  await checkTileAmount(page, home.locator('[data-testid="home-won-amount-value"]'), q1.pipeline.won_amount);
  assert.equal(await text(home.locator('[data-testid="home-target-rate"]')), q1.target?.rate ? `${q1.target.rate}%` : '—');
  // Cash tiles lead to the receivables.
  await home.locator('[data-testid="home-cash-overdue"]').click();
  await page.waitForURL((url) => url.pathname === '/cash/receivables');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('a sales rep sees their target, pipeline, today and stuck deals', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page, REP);
  const data = await dashboard(page);
  assert.equal(data.role, 'sales_rep');
  assert.equal(data.target?.unit, 'user');
  await checkFigures(page, data, ['target', 'pipeline', 'today', 'stuck']);
  const home = page.locator('[data-testid="home"]');
  assert.equal(await home.getAttribute('data-home-kind'), 'rep');
  assert.equal(await home.locator('[data-testid="home-department"]').count(), 0, 'no department filter for a rep');
  assert.equal(await home.locator('[data-testid="home-owner"]').count(), 0, 'no owner filter for a rep');
  await checkTileAmount(page, home.locator('[data-testid="home-target-actual"]'), data.target.actual);
  await home.locator('[data-testid="home-today-link"]').click();
  await page.waitForURL((url) => url.pathname === '/today');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('marketing sees the campaign leads, leading to the analytics page', async () => {
  const page = await openPage(browser, PHONE);
  await signIn(page, { tenant: 'demo', email: 'marketing@demo.example.com', password: 'closer-demo' });
  const data = await dashboard(page);
  assert.equal(data.role, 'marketing');
  const home = page.locator('[data-testid="home"]');
  await home.locator('[data-testid="home-card-campaigns"]').waitFor();
  assert.equal(await home.getAttribute('data-home-kind'), 'marketing');
  const number = (n) => page.evaluate((value) => new Intl.NumberFormat(document.documentElement.lang).format(value), n);
  assert.equal(await text(home.locator('[data-testid="home-campaign-leads-value"]')), await number(data.campaigns.leads));
  assert.equal(await text(home.locator('[data-testid="home-campaign-converted-value"]')), await number(data.campaigns.converted_leads));
  await noSidewaysScroll(page);
  await screenshot(page, 'home-marketing-390');
  await home.locator('[data-testid="home-campaigns-analytics"]').click();
  await page.waitForURL((url) => url.pathname === '/analytics' && url.searchParams.get('report') === 'campaigns');
  await page.locator('[data-testid="campaigns-report"]').waitFor();
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('screenshots of the administrator’s home, desk and phone, Chinese and English', async () => {
  await shots(DEMO, 'admin', ['forecast', 'trend', 'stuck', 'cash'], ['home-admin-1280-en-US']);
});

test('screenshots of the rep’s home, desk and phone, Chinese and English', async () => {
  await shots(REP, 'rep', ['target', 'pipeline', 'today', 'stuck'], ['home-rep-1280-zh-CN']);
});
