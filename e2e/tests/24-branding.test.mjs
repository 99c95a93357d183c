// Company branding: the demo administrator opens Organisation → Company branding with no logo
// (the card asks /settings/branding first, so no 404 ever reaches the console), uploads a
// 240×80 PNG through the Upload button and sees it with its size; a quote printed from its
// opportunity then carries that logo in its header, its number and ¥ amounts, and the PDF link
// answers a PDF. Removed with a confirmation, the card is empty again and the printed quote
// shows the company's initial. A sales rep has no menu entry and is told the page is not for
// their role. Screenshots (the card with the logo, the printed quote at 1280 and 390 px) go to
// docs/screenshots.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { BASE_URL, DEMO, DESKTOP, DOCS_SHOTS_DIR, PHONE, ensureEnglish, launch, navigate, openPage, screenshot, settle, signIn } from '../lib/harness.mjs';

const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
const LOGO_WIDTH = 240;
const LOGO_HEIGHT = 80;

let browser;
let admin;
let deal;
let quote;

// ----- a real PNG, written here: IHDR, one IDAT (zlib), IEND, each with its CRC-32 -----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A logo-like RGB picture: a deep blue block with rounded-looking corners cut out, a white
 * square "mark" on its left and three white bars beside it, as a word mark would sit.
 */
function logoPng(width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  const rows = [];
  const inside = (x, y, x0, y0, w, h) => x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3); // filter 0
    for (let x = 0; x < width; x += 1) {
      const corner = Math.min(x, width - 1 - x) + Math.min(y, height - 1 - y) < 8;
      let rgb = [0x1d, 0x4e, 0xd8];
      if (corner) rgb = [0xff, 0xff, 0xff];
      else if (inside(x, y, 16, 16, 48, 48) && !inside(x, y, 28, 28, 24, 24)) rgb = [0xff, 0xff, 0xff];
      else if (inside(x, y, 28, 28, 24, 24)) rgb = [0xf5, 0x9e, 0x0b];
      else if (inside(x, y, 80, 18, 140, 14) || inside(x, y, 80, 40, 100, 8) || inside(x, y, 80, 54, 120, 8)) rgb = [0xff, 0xff, 0xff];
      row.set(rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ----- helpers -----

/** Calls the API with the page's session and CSRF token; answers the JSON body. */
async function api(page, method, path, body) {
  const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers: { 'X-CSRF-Token': me.csrf_token }, data: body });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

function errorsOf(page) {
  return page.closerErrors.filter((e) => !e.includes('401'));
}

async function docsShot(page, name) {
  copyFileSync(await screenshot(page, name), join(DOCS_SHOTS_DIR, `${name}.png`));
}

/** Waits until the toasts ("saved", "removed") have gone, so a screenshot shows the page. */
async function toastsGone(page) {
  await page.waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 10_000 }).catch(() => undefined);
}

/** Every answer from the logo image's address, to prove no 404 is asked for. */
function logoAnswers(page) {
  const seen = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/v1/settings/logo' && response.request().method() === 'GET') seen.push(response.status());
  });
  return seen;
}

/** An opportunity of the demo with a quote: the first one the list gives that has any. */
async function dealWithQuote(page) {
  let cursor = null;
  for (let pages = 0; pages < 10; pages += 1) {
    const query = new URLSearchParams({ limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const list = await api(page, 'GET', `/api/v1/opportunities?${query}`);
    for (const o of list.items) {
      const quotes = (await api(page, 'GET', `/api/v1/quotes?opportunity_id=${o.id}`)).items;
      if (quotes.length > 0) return { deal: o, quote: quotes[0] };
    }
    cursor = list.next_cursor;
    if (!cursor) break;
  }
  throw new Error('the demo has no opportunity with a quote');
}

/** Opens the deal's page and follows its first print link into the new tab. */
async function followPrintLink(page) {
  await page.goto(`${BASE_URL}/opportunities/${deal.id}`);
  await page.locator('[data-testid="opp-detail"]').waitFor();
  const link = page.locator(`[data-testid="quote-print"][href="/api/v1/quotes/${quote.id}/print"]`);
  await link.scrollIntoViewIfNeeded();
  assert.equal(await link.getAttribute('target'), '_blank');
  const [printed] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  printed.closerErrors = [];
  printed.on('pageerror', (error) => printed.closerErrors.push(`pageerror: ${error.message}`));
  printed.on('console', (message) => {
    if (message.type() === 'error') printed.closerErrors.push(`console: ${message.text()}`);
  });
  await printed.waitForLoadState('load');
  assert.equal(new URL(printed.url()).pathname, `/api/v1/quotes/${quote.id}/print`);
  await printed.locator('header').waitFor();
  return printed;
}

async function openBranding(page) {
  await page.goto(`${BASE_URL}/org/branding`);
  await page.locator('[data-testid="branding-page"] [data-testid="logo-card"]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="logo-preview"]')?.getAttribute('data-state') !== 'loading');
}

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  admin = await openPage(browser, DESKTOP);
  await signIn(admin, DEMO);
  await ensureEnglish(admin);
  // Whatever an earlier run left: start without a logo.
  if ((await api(admin, 'GET', '/api/v1/settings/branding')).logo) await api(admin, 'DELETE', '/api/v1/settings/logo');
  ({ deal, quote } = await dealWithQuote(admin));
});
after(async () => {
  // Leave the demo as it was found: no logo.
  if (admin) {
    const branding = await api(admin, 'GET', '/api/v1/settings/branding').catch(() => null);
    if (branding?.logo) await api(admin, 'DELETE', '/api/v1/settings/logo').catch(() => undefined);
  }
  await browser?.close();
});

test('with no logo the branding page says quotes show the initial, and the console stays clean', async () => {
  const logos = logoAnswers(admin);
  await admin.goto(`${BASE_URL}/`);
  await admin.locator('[data-testid="home"]').waitFor();
  const branding = admin.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/settings/branding');
  await navigate(admin, 'branding', 'Organisation');
  assert.equal((await (await branding).json()).logo ?? null, null);
  await admin.locator('[data-testid="branding-page"]').waitFor();
  const empty = admin.locator('[data-testid="logo-empty"]');
  await empty.waitFor();
  assert.match(await empty.textContent(), /No logo: quotes show the company's initial/);
  assert.equal(await admin.locator('[data-testid="logo-preview"]').getAttribute('data-state'), 'none');
  assert.equal(await admin.locator('[data-testid="logo-image"]').count(), 0);
  assert.equal(await admin.locator('[data-testid="logo-remove"]').count(), 0);
  assert.match(await admin.locator('[data-testid="logo-upload"]').textContent(), /Upload a logo/);
  await settle(admin);
  assert.deepEqual(logos, [], 'the card never asked for an image that is not there');
  assert.deepEqual(errorsOf(admin), []);
});

test('a 240×80 PNG uploaded with the Upload button is shown with its size', async () => {
  await openBranding(admin);
  const png = logoPng(LOGO_WIDTH, LOGO_HEIGHT);
  const saved = admin.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/settings/logo' && r.request().method() === 'PUT');
  const reread = admin.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/settings/branding');
  await admin.locator('[data-testid="logo-card"] input[type="file"]').setInputFiles({ name: 'demo-logo.png', mimeType: 'image/png', buffer: png });
  const answer = await saved;
  assert.equal(answer.status(), 200);
  assert.equal(answer.request().headers()['content-type'], 'image/png');
  assert.deepEqual(await answer.json(), { content_type: 'image/png', width: LOGO_WIDTH, height: LOGO_HEIGHT, bytes: png.length });
  assert.equal((await (await reread).json()).logo?.width, LOGO_WIDTH, 'the card reads the branding again after the upload');

  const image = admin.locator('[data-testid="logo-image"]');
  await image.waitFor();
  await admin.waitForFunction(() => {
    const img = document.querySelector('[data-testid="logo-image"]');
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
  });
  assert.deepEqual(await image.evaluate((img) => [img.naturalWidth, img.naturalHeight]), [LOGO_WIDTH, LOGO_HEIGHT]);
  assert.equal(await admin.locator('[data-testid="logo-preview"]').getAttribute('data-state'), 'shown');
  assert.match(await admin.locator('[data-testid="logo-size"]').textContent(), /^240×80 px · /);
  assert.match(await admin.locator('[data-testid="logo-upload"]').textContent(), /Replace the logo/);
  await admin.locator('[data-testid="logo-remove"]').waitFor();
  assert.equal(await admin.locator('[data-testid="logo-empty"]').count(), 0);

  // A fresh visit finds it from the branding answer alone.
  await openBranding(admin);
  await admin.locator('[data-testid="logo-image"]').waitFor();
  assert.match(await admin.locator('[data-testid="logo-size"]').textContent(), /^240×80 px · /);
  await toastsGone(admin);
  await docsShot(admin, 'branding-desktop');
  assert.deepEqual(errorsOf(admin), []);
});

test('the printed quote carries the logo, its number and ¥ amounts, at 1280 and 390 px', async () => {
  const printed = await followPrintLink(admin);
  const logo = printed.locator('header img[alt="logo"]');
  await logo.waitFor();
  assert.match(await logo.getAttribute('src'), /^data:image\/png;base64,/);
  assert.ok(await logo.evaluate((img) => img.complete && img.naturalWidth === 240 && img.naturalHeight === 80), 'the logo is drawn at its own size');
  assert.equal(await printed.locator('header .mark').count(), 0, 'no initial beside the logo');
  const text = await printed.locator('body').innerText();
  assert.match(text, /报价单号 No\. Q-/);
  assert.match(text, /¥\s?[\d,]+\.\d{2}/);
  assert.match(await printed.title(), /报价单 Quotation Q-/);
  await docsShot(printed, 'quote-print-desktop');
  assert.deepEqual(errorsOf(printed), []);
  await printed.close();

  // On a phone, signed in there, the same link.
  const phone = await openPage(browser, PHONE);
  await signIn(phone, DEMO);
  const onPhone = await followPrintLink(phone);
  await onPhone.locator('header img[alt="logo"]').waitFor();
  assert.match(await onPhone.locator('body').innerText(), /报价单号 No\. Q-/);
  // Laid out for the phone: nothing wider than the screen, text people can read, each
  // line's figures named.
  const fit = await onPhone.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    smallest: Math.min(...[...document.querySelectorAll('td, .meta, .party div')].map((e) => parseFloat(getComputedStyle(e).fontSize))),
  }));
  assert.ok(fit.scroll <= fit.width, `the page scrolls sideways: ${fit.scroll} > ${fit.width}`);
  assert.ok(fit.smallest >= 12, `text ${fit.smallest}px high`);
  assert.match(await onPhone.locator('tbody td[data-label]').first().evaluate((e) => getComputedStyle(e, '::before').content), /Qty/);
  await docsShot(onPhone, 'quote-print-phone');
  assert.deepEqual(errorsOf(onPhone), []);
  assert.deepEqual(errorsOf(phone), []);
  await phone.context().close();
});

test('the PDF link answers a PDF', async () => {
  await admin.goto(`${BASE_URL}/opportunities/${deal.id}`);
  await admin.locator('[data-testid="opp-detail"]').waitFor();
  const link = admin.locator('[data-testid="quote-pdf"]').first();
  await link.waitFor();
  const href = await link.getAttribute('href');
  assert.match(href, /^\/api\/v1\/quotes\/[^/]+\/print\?format=pdf$/);
  const response = await admin.request.get(`${BASE_URL}${href}`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'], /^application\/pdf/);
  const body = await response.body();
  assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(body.length > 1000, `a real document (${body.length} bytes)`);
  assert.deepEqual(errorsOf(admin), []);
});

test('removed with a confirmation, the logo leaves the card and the printed quote', async () => {
  const logos = logoAnswers(admin);
  await openBranding(admin);
  await admin.locator('[data-testid="logo-image"]').waitFor();
  await admin.locator('[data-testid="logo-remove"]').click();
  const removed = admin.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/settings/logo' && r.request().method() === 'DELETE');
  await admin.locator('[data-testid="logo-remove-confirm"]').click();
  assert.equal((await removed).status(), 204);
  await admin.locator('[data-testid="logo-empty"]').waitFor();
  assert.equal(await admin.locator('[data-testid="logo-image"]').count(), 0);
  assert.equal(await admin.locator('[data-testid="logo-size"]').count(), 0);
  assert.equal(await admin.locator('[data-testid="logo-preview"]').getAttribute('data-state'), 'none');
  assert.equal((await api(admin, 'GET', '/api/v1/settings/branding')).logo ?? null, null);

  // A fresh visit: empty again, and still no 404 asked for.
  await openBranding(admin);
  await admin.locator('[data-testid="logo-empty"]').waitFor();
  await settle(admin);
  assert.ok(!logos.includes(404), `the logo's address answered ${logos.join(', ')}`);

  const printed = await followPrintLink(admin);
  await printed.locator('header .mark').waitFor();
  assert.equal(await printed.locator('img').count(), 0, 'no image on the printed quote');
  assert.match(await printed.locator('body').innerText(), /报价单号 No\. Q-/);
  assert.deepEqual(errorsOf(printed), []);
  await printed.close();
  assert.deepEqual(errorsOf(admin), []);
});

test('a sales rep has no branding entry and is told the page is not for their role', async () => {
  const page = await openPage(browser, DESKTOP);
  const forbidden = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/') && response.status() === 403) forbidden.push(`${response.request().method()} ${url.pathname}`);
  });
  await signIn(page, REP);
  const menu = page.locator('.closer-sider [data-testid="side-menu"]');
  await menu.locator('[data-testid="nav-opportunities"]').waitFor();
  // Open the Organisation group (when the rep has it) so its entries are in the menu.
  const orgGroup = menu.getByText(/^(Organisation|组织)$/);
  if ((await orgGroup.count()) > 0) {
    await orgGroup.first().click();
    await menu.locator('[data-testid="nav-departments"], [data-testid="nav-users"]').first().waitFor();
  }
  assert.equal(await menu.locator('[data-testid="nav-branding"]').count(), 0, 'no branding entry');

  await page.goto(`${BASE_URL}/org/branding`);
  const notice = page.locator('[data-testid="branding-no-access"]');
  await notice.waitFor();
  assert.match(await notice.textContent(), /Not available for your role|你的角色无法使用此功能/);
  assert.equal(await page.locator('[data-testid="logo-card"]').count(), 0);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  assert.deepEqual(forbidden, [], 'no API call answered 403');
  assert.deepEqual(errorsOf(page), []);
  await page.context().close();
});
