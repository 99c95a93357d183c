// The front half's rough edges, measured in the browser. On a 390 px phone every control a
// finger taps (the pool's Claim, a row's "⋮", a card's "Move to…", the stage tabs) is at
// least 40 px; the stage tabs scroll with an arrow that says more is there; no "drag the
// cards" hint where cards are not dragged; the floating button leaves the last line clear.
// Amounts on cards and tiles read "¥897.7万" / "¥8.98M" with the exact figure behind them,
// periods read "2026年第1季度" / "Q1 2026", and list tables at 1280 px neither cut names nor
// scroll sideways by a few pixels. Screenshots at 1280 and 390 px in both languages go to
// docs/screenshots.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { compactYuan } from '../lib/compact.mjs';
import { BASE_URL, DEMO, DESKTOP, DOCS_SHOTS_DIR, PHONE, launch, openPage, screenshot, settle, signIn, switchLanguage, uiLanguage } from '../lib/harness.mjs';

const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
const TAP = 40;
const year = new Date().getFullYear();

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function errorsOf(page) {
  return page.closerErrors.filter((e) => !e.includes('401'));
}

async function docsShot(page, name) {
  const path = await screenshot(page, name);
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  copyFileSync(path, join(DOCS_SHOTS_DIR, `${name}.png`));
}

/** The element's box, asserted at least 40 × 40 px. */
async function assertTappable(locator, what) {
  await locator.waitFor();
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is on screen`);
  assert.ok(box.height >= TAP && box.width >= TAP, `${what} is ${Math.round(box.width)}×${Math.round(box.height)} px, less than ${TAP} px`);
}

async function api(page, method, path, body) {
  const session = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers: { 'X-CSRF-Token': session.csrf_token }, data: body });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function moneyText(page, money) {
  return page.evaluate(([amount, currency]) => new Intl.NumberFormat(document.documentElement.lang, { style: 'currency', currency }).format(amount), [money.amount, money.currency]);
}

test('on a 390 px phone the pool’s Claim, the card’s Move to… and the stage tabs are at least 40 px', async () => {
  // A lead in the pool to claim.
  const admin = await openPage(browser, DESKTOP);
  await signIn(admin, DEMO);
  const lead = await api(admin, 'POST', '/api/v1/leads', { company_name: `E2E 触控测试 ${Date.now().toString(36)} 有限公司`, phone: '13912345678' });
  await api(admin, 'POST', `/api/v1/leads/${lead.id}/release`, { reason: 'For the tap-target test' });
  await admin.context().close();

  const page = await openPage(browser, PHONE);
  await signIn(page, REP);
  await page.goto(`${BASE_URL}/lead-pool`);
  await assertTappable(page.locator('[data-testid="pool-claim"]').first(), 'the pool’s Claim button');
  // One phone format: a masked pool number is grouped like any other, 3-4-4.
  for (const shown of await page.locator('[data-testid="pool-phone"]').allTextContents()) assert.match(shown.trim(), /^1\d{2} [\d*]{4} \d{4}$/);

  await page.goto(`${BASE_URL}/opportunities`);
  await page.locator('[data-testid="opp-phone-list"] [data-testid="opp-card"]').first().waitFor();
  await assertTappable(page.locator('[data-testid="opp-card-move"]').first(), 'a card’s Move to… picker');
  const firstTab = page.locator('[data-testid="opp-stage-tabs"] .ant-segmented-item').first();
  const tabBox = await firstTab.boundingBox();
  assert.ok(tabBox && tabBox.height >= TAP, `a stage tab is ${Math.round(tabBox?.height ?? 0)} px high`);
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('on a 390 px phone a row’s "⋮" menu is at least 40 px', async () => {
  const page = await openPage(browser, PHONE);
  await signIn(page, DEMO);
  await page.goto(`${BASE_URL}/org/users`);
  await assertTappable(page.locator('[data-testid="user-actions"]').first(), 'a user’s ⋮ menu');
  await page.context().close();
});

test('the phone’s stage tabs scroll, with an arrow while more stages are to the right', async () => {
  const page = await openPage(browser, PHONE);
  await signIn(page, REP);
  await page.goto(`${BASE_URL}/opportunities`);
  const tabs = page.locator('[data-testid="opp-stage-tabs"]');
  await tabs.locator('.ant-segmented').waitFor();
  const track = tabs.locator('.closer-scroll-row__track');
  const widths = await track.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(widths.scroll > widths.client, `the stages are wider than the phone (${widths.scroll} > ${widths.client})`);
  await page.waitForFunction(() => document.querySelector('[data-testid="opp-stage-tabs"]')?.getAttribute('data-more-right') === 'true');
  const more = page.locator('[data-testid="opp-stage-tabs-more"]');
  await assertTappable(more, 'the “more stages” arrow');
  assert.equal(await page.locator('[data-testid="opp-stage-tabs-back"]').count(), 0, 'nothing to the left at first');
  await more.click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="opp-stage-tabs"] .closer-scroll-row__track')?.scrollLeft ?? 0) > 0);
  await page.locator('[data-testid="opp-stage-tabs-back"]').waitFor();
  // Scrolled to the end: the arrow goes, the last tab can be tapped.
  await track.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="opp-stage-tabs"]')?.getAttribute('data-more-right') === 'false');
  await page.context().close();
});

test('no “drag the cards” hint on a phone, where cards move with Move to…; the desk board keeps it', async () => {
  const phone = await openPage(browser, PHONE);
  await signIn(phone, REP);
  await phone.goto(`${BASE_URL}/opportunities`);
  await phone.locator('[data-testid="opp-phone-list"]').waitFor();
  assert.equal(await phone.locator('[data-testid="opp-drag-hint"]').count(), 0);
  const subtitle = await phone.locator('[data-testid="opportunities-page"] .closer-page-header').first().textContent();
  assert.doesNotMatch(subtitle ?? '', /drag|拖动|拖到/i, `the phone's subtitle speaks of dragging: ${subtitle}`);
  assert.match(subtitle ?? '', /Move to…|移到…/);
  await phone.context().close();

  const desk = await openPage(browser, DESKTOP);
  await signIn(desk, REP);
  await desk.goto(`${BASE_URL}/opportunities`);
  await desk.locator('[data-testid="opp-board"]').waitFor();
  await desk.locator('[data-testid="opp-drag-hint"]').waitFor();
  await desk.context().close();
});

test('the floating button leaves the last lines of a phone list clear', async () => {
  const page = await openPage(browser, PHONE);
  await signIn(page, REP);
  for (const path of ['/leads', '/customers']) {
    await page.goto(`${BASE_URL}${path}`);
    const fab = page.locator('.closer-fab').first();
    await fab.waitFor();
    await settle(page);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(200);
    const { fabTop, lastBottom } = await page.evaluate(() => {
      const fabEl = document.querySelector('.closer-fab');
      const content = document.querySelector('.closer-content');
      let bottom = 0;
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent?.trim() || fabEl?.contains(node)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) bottom = Math.max(bottom, rect.bottom);
      }
      return { fabTop: fabEl.getBoundingClientRect().top, lastBottom: bottom };
    });
    assert.ok(lastBottom <= fabTop, `${path}: the last text ends at ${Math.round(lastBottom)} px, under the floating button at ${Math.round(fabTop)} px`);
  }
  await page.context().close();
});

test('amounts on cards and tiles read at a glance in both languages, the exact figure behind them', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page, DEMO);
  const original = await uiLanguage(page);
  const dashboard = await (await page.request.get(`${BASE_URL}/api/v1/dashboards`)).json();
  for (const language of ['zh-CN', 'en-US']) {
    if ((await uiLanguage(page)) !== language) await switchLanguage(page, language);
    await page.goto(`${BASE_URL}/`);
    const won = page.locator('[data-testid="home-won-amount-value"]');
    await won.waitFor();
    const expected = compactYuan(dashboard.pipeline.won_amount, language);
    assert.ok(expected, 'the demo has won more than 1万');
    assert.equal((await won.textContent()).trim(), expected);
    assert.match(expected, language === 'zh-CN' ? /^¥\d+(\.\d)?(万|亿)$/ : /^¥\d+(\.\d+)?[KMB]$/);
    assert.equal(await won.locator('[data-exact]').getAttribute('data-exact'), await moneyText(page, dashboard.pipeline.won_amount));
    // The tooltip shows the exact figure.
    await won.locator('[data-exact]').hover();
    await page.locator('.ant-tooltip', { hasText: await moneyText(page, dashboard.pipeline.won_amount) }).waitFor();

    // A deal's card on the board: rounded, with the exact figure behind it.
    await page.goto(`${BASE_URL}/opportunities`);
    await page.locator('[data-testid="opp-board"] [data-testid="opp-card"]').first().waitFor();
    await settle(page);
    // The columns load one by one: pin the card by its deal, not by its place.
    const id = await page.locator('[data-testid="opp-board"] [data-testid="opp-card"]').first().getAttribute('data-opp-id');
    const card = page.locator(`[data-testid="opp-board"] [data-testid="opp-card"][data-opp-id="${id}"]`);
    const deal = await (await page.request.get(`${BASE_URL}/api/v1/opportunities/${id}`)).json();
    const amount = card.locator('[data-testid="opp-card-amount"]');
    assert.equal(await amount.getAttribute('data-exact'), await moneyText(page, deal.amount));
    const dealCompact = compactYuan(deal.amount, language);
    if (dealCompact) assert.equal((await amount.textContent()).trim(), dealCompact);
    await docsShot(page, `ui-edges-board-1280-${language}`);
  }
  if ((await uiLanguage(page)) !== original) await switchLanguage(page, original);
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('a period reads “2026年第1季度” / “Q1 2026”, not “2026-Q1”', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page, DEMO);
  const original = await uiLanguage(page);
  const want = { 'zh-CN': `${year}年第1季度`, 'en-US': `Q1 ${year}` };
  for (const language of ['zh-CN', 'en-US']) {
    if ((await uiLanguage(page)) !== language) await switchLanguage(page, language);
    await page.goto(`${BASE_URL}/opportunities?view=list&period=${year}-Q1`);
    const chosen = page.locator('[data-testid="opp-filter-period"] .ant-select-selection-item');
    await chosen.waitFor();
    assert.equal((await chosen.textContent()).trim(), want[language]);
    // A month from elsewhere (the home trend) reads as a month too.
    await page.goto(`${BASE_URL}/opportunities?view=list&period=${year - 1}-11`);
    await page.locator('[data-testid="opp-filter-period"] .ant-select-selection-item', { hasText: language === 'zh-CN' ? `${year - 1}年11月` : `Nov ${year - 1}` }).waitFor();
    await page.locator('[data-testid="opp-filter-period"]').click();
    // The dropdown opens with an animation: read its options once they are there.
    let options = [];
    for (let tries = 0; tries < 50 && options.length === 0; tries += 1) {
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
      options = await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents();
      if (options.length === 0) await page.waitForTimeout(100);
    }
    assert.ok(options.length > 0, 'the period filter lists its periods');
    assert.ok(options.every((o) => !/^\d{4}-(Q\d|\d{2})$/.test(o.trim())), `no raw period among ${options.join(', ')}`);
    await page.keyboard.press('Escape');
  }
  if ((await uiLanguage(page)) !== original) await switchLanguage(page, original);
  await page.context().close();
});

test('list tables at 1280 px neither cut names nor scroll sideways by a few pixels', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page, DEMO);
  const original = await uiLanguage(page);
  const lists = [
    ['/leads', '[data-testid="lead-link"]'],
    ['/lead-pool', '[data-testid="pool-company"]'],
    ['/customers', '[data-testid="customer-link"]'],
    ['/opportunities?view=list', '[data-testid="opp-row-link"]'],
    ['/contracts', '.ant-table-row td:nth-child(2)'],
    ['/cash/receivables', '.ant-table-row td a[href^="/customers/"]'],
    ['/cash/aging', '[data-testid="aging-name"]'],
    ['/org/users', '.ant-table-row td:first-child'],
  ];
  for (const language of ['zh-CN', 'en-US']) {
    if ((await uiLanguage(page)) !== language) await switchLanguage(page, language);
    for (const [path, names] of lists) {
      await page.goto(`${BASE_URL}${path}`);
      await page.locator('.ant-table-row').first().waitFor();
      await settle(page);
      const found = await page.evaluate((selector) => {
        const overflow = [...document.querySelectorAll('.ant-table-content, .ant-table-body')].map((el) => el.scrollWidth - el.clientWidth);
        // A name is cut when its text runs past its cell (an ellipsis clips it there).
        const cut = [...document.querySelectorAll(selector)]
          .filter((el) => {
            const cell = el.closest('td')?.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(el);
            const text = range.getBoundingClientRect();
            return cell && text.width > 0 && text.right > cell.right + 0.5;
          })
          .map((el) => el.textContent?.trim());
        return { overflow, cut };
      }, names);
      for (const px of found.overflow) assert.ok(px <= 0 || px >= 40, `${path} (${language}) scrolls sideways by only ${px} px`);
      assert.deepEqual(found.cut, [], `${path} (${language}) cuts names`);
    }
    await page.setViewportSize(PHONE);
    await page.goto(`${BASE_URL}/opportunities`);
    await page.locator('[data-testid="opp-phone-list"] [data-testid="opp-card"]').first().waitFor();
    await docsShot(page, `ui-edges-board-390-${language}`);
    await page.setViewportSize(DESKTOP);
  }
  if ((await uiLanguage(page)) !== original) await switchLanguage(page, original);
  await page.context().close();
});
