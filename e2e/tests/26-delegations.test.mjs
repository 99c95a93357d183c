// Delegations: an approver going on leave names a stand-in for a date range from the
// approvals inbox. The demo's East China head (王强) names his Shanghai team lead (赵磊) at
// a desk — a colleague picked by name, the days from one range picker — and sees it listed
// as in force today; on a 390 px phone (a picker for each end) he adds one for next week,
// nothing scrolls sideways, and he deletes both after confirming. Screenshots of the drawer,
// desk and phone, go to docs/screenshots.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, PHONE, launch, navigate, openPage, screenshot, signIn } from '../lib/harness.mjs';

const APPROVER = { tenant: 'demo', email: 'manager.east@demo.example.com', password: 'closer-demo' };
const STAND_IN_EMAIL = 'lead.shanghai@demo.example.com';
const NEXT_WEEK_EMAIL = 'zhang.wei@demo.example.com';

let browser;
/** The approver's session for API calls (a page of its own). */
let approver;
let standIn;
let nextWeekStandIn;
/** The delegation made at the desk. */
let delegation;

/** A day `offset` days from today as YYYY-MM-DD, in the browser's zone (the harness's Asia/Shanghai). */
function day(offset) {
  const at = new Date(Date.now() + offset * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  approver = await openPage(browser, DESKTOP);
  await signIn(approver, APPROVER);
  const users = (await api(approver, 'GET', '/api/v1/users?limit=500')).items;
  standIn = users.find((u) => u.email === STAND_IN_EMAIL);
  nextWeekStandIn = users.find((u) => u.email === NEXT_WEEK_EMAIL);
  assert.ok(standIn && nextWeekStandIn, 'the demo team lead and rep exist');
  // A rerun against the same data starts from no delegations.
  for (const d of (await api(approver, 'GET', '/api/v1/approvals/delegations')).items) {
    await api(approver, 'DELETE', `/api/v1/approvals/delegations/${d.id}`);
  }
});
after(async () => {
  if (approver) {
    for (const d of (await api(approver, 'GET', '/api/v1/approvals/delegations').catch(() => ({ items: [] }))).items) {
      await api(approver, 'DELETE', `/api/v1/approvals/delegations/${d.id}`).catch(() => undefined);
    }
  }
  await browser?.close();
});

/** Calls the API with the page's session and CSRF token. */
async function api(page, method, path, body) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers: { 'X-CSRF-Token': me.csrf_token }, data: body });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function docsShot(page, name) {
  copyFileSync(await screenshot(page, name), join(DOCS_SHOTS_DIR, `${name}.png`));
}

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

/**
 * Clicks a day in the open date panel, paging to the next month when it is not shown yet;
 * then (unless the panel stays open for a range's end) waits until the panel has gone.
 */
async function pickDay(page, iso, { closes = true } = {}) {
  const panel = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  await panel.locator('.ant-picker-cell-in-view').first().waitFor();
  const cell = panel.locator(`td.ant-picker-cell-in-view[title="${iso}"]`).first();
  // Counted, not "visible": a panel still opening is not yet visible, and paging it then
  // would move away from the month that holds the day.
  for (let i = 0; i < 2 && (await cell.count()) === 0; i += 1) {
    await panel.locator('.ant-picker-header-next-btn').last().click();
  }
  await cell.click();
  if (closes) {
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-picker-dropdown')].every((d) => d.classList.contains('ant-picker-dropdown-hidden')));
  }
}

/** Chooses the stand-in by typing part of their name. */
async function pickColleague(page, user) {
  await page.locator('[data-testid="delegation-delegate"]').click();
  await page.keyboard.type(user.name);
  await page.locator(`.ant-select-item-option[title="${user.name}"]`).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
}

test('at a desk the approver names his team lead for this week from the inbox', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page, APPROVER);
  await page.goto(`${BASE_URL}/approvals`);
  await page.locator('[data-testid="delegations-open"]').click();
  const drawer = page.locator('[data-testid="delegations-drawer"]');
  await drawer.locator('[data-testid="delegations-list"]').waitFor();
  assert.equal(await drawer.locator('[data-testid="delegation-row"]').count(), 0);

  await pickColleague(page, standIn);
  await drawer.locator('[data-testid="delegation-range"]').first().click();
  await pickDay(page, day(0), { closes: false });
  await pickDay(page, day(4));
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/approvals/delegations') && r.request().method() === 'POST');
  await drawer.locator('[data-testid="delegation-add"]').click();
  const response = await created;
  assert.equal(response.status(), 201);
  delegation = await response.json();
  assert.equal(delegation.delegate_id, standIn.id);
  assert.equal(delegation.starts_on, day(0));
  assert.equal(delegation.ends_on, day(4));

  const row = drawer.locator(`[data-testid="delegation-row"][data-delegation-id="${delegation.id}"]`);
  await row.waitFor();
  assert.equal((await row.locator('[data-testid="delegation-name"]').textContent()).trim(), standIn.name);
  await row.locator('[data-testid="delegation-state"][data-state="active"]').waitFor();
  // The server keeps it: the list answers it after a reload of the drawer too.
  const listed = (await api(page, 'GET', '/api/v1/approvals/delegations')).items;
  assert.deepEqual(
    listed.map((d) => [d.delegate_id, d.starts_on, d.ends_on]),
    [[standIn.id, day(0), day(4)]],
  );
  await toastsGone(page);
  await docsShot(page, 'approvals-delegations-desktop');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});

test('on a 390 px phone he adds next week’s, sees both without sideways scrolling, and deletes them', async () => {
  assert.ok(delegation, 'the desk test made its delegation');
  const page = await openPage(browser, PHONE);
  await signIn(page, APPROVER);
  await navigate(page, 'approvals');
  await page.locator('[data-testid="approvals-page"]').waitFor();
  await page.locator('[data-testid="delegations-open"]').tap();
  const drawer = page.locator('[data-testid="delegations-drawer"]');
  const first = drawer.locator(`[data-testid="delegation-row"][data-delegation-id="${delegation.id}"]`);
  await first.waitFor();
  await first.locator('[data-testid="delegation-state"][data-state="active"]').waitFor();

  // A picker for each end on a phone.
  await pickColleague(page, nextWeekStandIn);
  await drawer.locator('[data-testid="delegation-starts"]').tap();
  await pickDay(page, day(7));
  await drawer.locator('[data-testid="delegation-ends"]').tap();
  await pickDay(page, day(9));
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/approvals/delegations') && r.request().method() === 'POST');
  await drawer.locator('[data-testid="delegation-add"]').tap();
  const response = await created;
  assert.equal(response.status(), 201);
  const nextWeek = await response.json();
  assert.deepEqual([nextWeek.delegate_id, nextWeek.starts_on, nextWeek.ends_on], [nextWeekStandIn.id, day(7), day(9)]);
  const second = drawer.locator(`[data-testid="delegation-row"][data-delegation-id="${nextWeek.id}"]`);
  await second.locator('[data-testid="delegation-state"][data-state="upcoming"]').waitFor();

  await assertNoSideways(page, 'the delegations drawer');
  // Every row's delete button is on the screen.
  for (const button of await drawer.locator('[data-testid="delegation-delete"]').all()) {
    const box = await button.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `a delete button sits off the screen: ${JSON.stringify(box)}`);
  }
  await drawer.locator('.ant-drawer-body').evaluate((body) => body.scrollTo(0, 0));
  await toastsGone(page);
  await docsShot(page, 'approvals-delegations-phone');

  // Deleting asks first; each confirmed delete is a DELETE answered 204 and the row goes.
  for (const [row, id] of [
    [first, delegation.id],
    [second, nextWeek.id],
  ]) {
    await row.locator('[data-testid="delegation-delete"]').tap();
    const deleted = page.waitForResponse((r) => r.url().endsWith(`/api/v1/approvals/delegations/${id}`) && r.request().method() === 'DELETE');
    await page.locator('.ant-popover:not(.ant-popover-hidden) [data-testid="delegation-delete-ok"]').tap();
    assert.equal((await deleted).status(), 204);
    await row.waitFor({ state: 'detached' });
  }
  assert.deepEqual((await api(page, 'GET', '/api/v1/approvals/delegations')).items, []);
  await assertNoSideways(page, 'the delegations drawer, emptied');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});
