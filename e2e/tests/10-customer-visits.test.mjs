// A rep on a 375 px phone: opens a customer's 360 page from the list, logs a visit in three
// taps (the button, "use my location", save) and finds it on top of the timeline; then the
// day's plan on the Today page, overdue work marked, one item marked done.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DOCS_SHOTS_DIR, launch, navigate, openPage, screenshot, signIn, uiLanguage } from '../lib/harness.mjs';

const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
const SMALL_PHONE = { width: 375, height: 812 };
// People's Square, Shanghai.
const HERE = { latitude: 31.2304, longitude: 121.4737, accuracy: 15 };
const stamp = Date.now().toString(36);

let browser;
let rep;

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  rep = await openPage(browser, SMALL_PHONE);
  await rep.context().grantPermissions(['geolocation'], { origin: BASE_URL });
  await rep.context().setGeolocation(HERE);
  await signIn(rep, REP);
});
after(async () => {
  await browser?.close();
});

async function docsShot(page, name) {
  const path = await screenshot(page, name);
  copyFileSync(path, join(DOCS_SHOTS_DIR, `${name}.png`));
}

/** Calls the API with the page's session and CSRF token; answers the JSON body. */
async function api(page, method, path, body) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'X-CSRF-Token': me.csrf_token },
    data: body,
  });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function assertNoSideways(page, what) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= SMALL_PHONE.width, `${what} does not scroll sideways (${scrollWidth}px)`);
}

test('a rep on a phone logs a customer visit in three taps and sees it on top of the 360 timeline', async () => {
  // One of the rep's own customers: a demo one, or a new one while the demo has none.
  const mine = await api(rep, 'GET', '/api/v1/customers?limit=1&sort=-score');
  if (mine.items.length === 0) {
    await api(rep, 'POST', '/api/v1/customers', { name: `E2E 拜访测试 ${stamp} 有限公司`, industry: '制造业', size_tier: 'large' });
  }

  await navigate(rep, 'customers');
  await rep.locator('[data-testid="customers-page"]').waitFor();
  const card = rep.locator('[data-testid="customer-card"]').first();
  await card.waitFor();
  await assertNoSideways(rep, 'the customer list');
  await card.click();
  await rep.waitForURL(/\/customers\/[^/]+$/);
  const customerId = new URL(rep.url()).pathname.split('/').pop();
  const name = (await rep.locator('[data-testid="customer-title"]').textContent()).trim();

  // The 360 page stacks its cards on a phone.
  for (const part of ['money-card', 'score-card', 'contacts-card', 'timeline-card', 'opportunities-card', 'team-card', 'profile-card']) {
    await rep.locator(`[data-testid="${part}"]`).waitFor();
  }
  await assertNoSideways(rep, 'the 360 page');
  await docsShot(rep, 'customers-360-rep-phone');

  // Tap 1: the floating button opens the sheet with the subject filled in.
  await rep.locator('[data-testid="visit-fab"]').click();
  const subject = rep.locator('[data-testid="visit-subject"]');
  await subject.waitFor();
  const expected = (await uiLanguage(rep)) === 'zh-CN' ? `拜访 ${name}` : `Visit ${name}`;
  assert.equal(await subject.inputValue(), expected);
  // Tap 2: "use my location" keeps the phone's position, shown beside the place; the rep
  // names the place (optional: the position alone is kept too).
  await rep.locator('[data-testid="visit-location-switch"]').click();
  await rep.locator('[data-testid="visit-location-status"]', { hasText: '31.23040,121.47370' }).waitFor();
  assert.equal(await rep.locator('[data-testid="visit-location"]').inputValue(), '');
  const place = (await uiLanguage(rep)) === 'zh-CN' ? '客户总部 3 楼会议室' : 'Head office, 3rd floor';
  await rep.locator('[data-testid="visit-location"]').fill(place);
  const placeBox = await rep.locator('.ant-input-affix-wrapper:has([data-testid="visit-location"])').boundingBox();
  assert.ok(placeBox && placeBox.height >= 40, `the place field is easy to tap (${placeBox?.height}px)`);
  await assertNoSideways(rep, 'the visit sheet');
  await docsShot(rep, 'customers-visit-phone');

  // Tap 3: save.
  const logged = rep.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/activities' && r.request().method() === 'POST');
  await rep.locator('[data-testid="visit-save"]').click();
  const response = await logged;
  assert.equal(response.status(), 201, await response.text());
  const visit = await response.json();
  assert.equal(visit.kind, 'visit');
  assert.equal(visit.customer_id, customerId);
  assert.equal(visit.subject, expected);
  assert.equal(visit.location, place);
  assert.equal(visit.coordinates, '31.23040,121.47370');

  // The sheet closes and the visit is the newest entry of the timeline.
  await rep.locator('[data-testid="visit-sheet"]').waitFor({ state: 'hidden' });
  const top = rep.locator('[data-testid="c360-timeline"] .ant-timeline-item').first();
  await top.locator(`[data-testid="c360-timeline-activity"][data-id="${visit.id}"]`).waitFor();
  assert.equal(await top.locator('[data-testid="c360-timeline-activity"]').getAttribute('data-kind'), 'visit');
  assert.equal((await top.locator('[data-testid="c360-timeline-title"]').textContent()).trim(), expected);
  assert.equal((await top.locator('[data-testid="c360-timeline-place"]').textContent()).trim(), place);
  const map = top.locator('[data-testid="c360-timeline-map"]');
  assert.match(await map.getAttribute('href'), /position=121\.4737,31\.2304&coordinate=wgs84/);
  await assertNoSideways(rep, 'the 360 page after the visit');
  await screenshot(rep, 'customers-360-after-visit-phone');
});

test("the Today page lists the day's plan with overdue work marked, and a tap marks one done", async () => {
  const { items } = await api(rep, 'GET', '/api/v1/customers?limit=1&sort=-score');
  const customerId = items[0].id;
  const now = Date.now();
  const today = await api(rep, 'POST', '/api/v1/activities', {
    kind: 'task',
    subject: '准备解决方案演示 Prepare the solution demo',
    customer_id: customerId,
    planned_for: new Date(now).toISOString(),
  });
  const late = await api(rep, 'POST', '/api/v1/activities', {
    kind: 'visit',
    subject: '回访：确认试点范围 Confirm the pilot scope',
    customer_id: customerId,
    planned_for: new Date(now - 3 * 86_400_000).toISOString(),
  });

  await navigate(rep, 'today');
  await rep.locator('[data-testid="today-page"]').waitFor();
  const lateRow = rep.locator(`[data-testid="today-overdue-section"] [data-testid="today-item"][data-id="${late.id}"]`);
  await lateRow.waitFor();
  await lateRow.locator('[data-testid="today-overdue"]').waitFor();
  const todayRow = rep.locator(`[data-testid="today-planned-section"] [data-testid="today-item"][data-id="${today.id}"]`);
  await todayRow.waitFor();
  assert.equal(await todayRow.getAttribute('data-overdue'), 'false');
  await assertNoSideways(rep, 'the Today page');
  // The last test's "visit logged" toast has gone.
  await rep.locator('.ant-message-notice').waitFor({ state: 'detached' }).catch(() => undefined);
  await docsShot(rep, 'customers-today-phone');

  await lateRow.locator('[data-testid="today-done"]').click();
  await rep.locator('[data-testid="done-outcome"]').fill('Met the buyer; demo next week');
  const done = rep.waitForResponse((r) => r.url().endsWith(`/api/v1/activities/${late.id}/done`));
  await rep.locator('[data-testid="done-confirm"]').click();
  const answer = await done;
  assert.equal(answer.status(), 200, await answer.text());
  assert.ok((await answer.json()).occurred_at, 'the visit has happened now');
  await rep.waitForFunction((id) => document.querySelector(`[data-testid="today-item"][data-id="${id}"]`)?.dataset.done === 'true', late.id);
  await lateRow.locator('[data-testid="today-done-tag"]').waitFor();
  await screenshot(rep, 'customers-today-done-phone');
});
