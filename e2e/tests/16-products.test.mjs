// Products (administrators): create a product in the drawer and find it in the table, change
// its price (sent with If-Match), see a bad price refused beside its field, see a change made
// meanwhile by someone else reloaded rather than overwritten, deactivate and reactivate it;
// a sales rep has no menu entry and is told they lack access. Screenshots at desk and
// 375 px width go to docs/screenshots for docs/opportunities.md.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, ensureEnglish, launch, navigate, openPage, screenshot, signIn } from '../lib/harness.mjs';

const PHONE_375 = { width: 375, height: 812 };
const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
const stamp = Date.now().toString(36);
const NAME = `E2E 边缘网关 Edge gateway ${stamp}`;
const SKU = `E2E-GW-${stamp}`.toUpperCase();
const LINE = '硬件 Hardware';

let browser;
let admin;
let product;

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  admin = await openPage(browser, DESKTOP);
  await signIn(admin);
  await ensureEnglish(admin);
});
after(async () => {
  await browser?.close();
});

async function api(page, method, path, body, headers = {}) {
  const session = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
  const response = await page.request.fetch(`${BASE_URL}${path}`, { method, headers: { 'X-CSRF-Token': session.csrf_token, ...headers }, data: body });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

async function shoot(page, name) {
  copyFileSync(await screenshot(page, name), join(DOCS_SHOTS_DIR, `${name}.png`));
}

const row = (page) => page.locator('[data-testid="products-table"] .ant-table-row', { hasText: NAME });
const drawer = (page) => page.locator('.ant-drawer-open [data-testid="product-drawer"]');
const priceItem = (page) => page.locator('.ant-form-item', { has: page.locator('[data-testid="product-price"]') });
const isPatch = (r) => r.url().includes('/api/v1/products/') && r.request().method() === 'PATCH';

test('an administrator creates a product and sees it in the table', async () => {
  await navigate(admin, 'products', 'Organisation');
  await admin.locator('[data-testid="products-table"] .ant-table-row').first().waitFor();
  assert.equal(new URL(admin.url()).pathname, '/org/products');

  await admin.locator('[data-testid="product-new"]').click();
  await drawer(admin).waitFor();
  await admin.locator('[data-testid="product-name"]').fill(NAME);
  // The radio's own input is hidden; a person clicks its button.
  await drawer(admin).locator('.ant-radio-button-wrapper', { has: admin.locator('[data-testid="product-kind-accessory"]') }).click();
  await admin.locator('[data-testid="product-price"]').fill('12,800.50');
  // The product line is suggested from the lines in use.
  const line = admin.locator('#product_line');
  await line.fill('硬件');
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: LINE }).waitFor();
  // The one matching suggestion, picked from the keyboard (a click may land while the list re-renders).
  await line.press('ArrowDown');
  await line.press('Enter');
  await admin.waitForFunction((value) => document.querySelector('#product_line')?.value === value, LINE);
  await admin.locator('[data-testid="product-sku"]').fill(SKU);
  const created = admin.waitForResponse((r) => r.url().endsWith('/api/v1/products') && r.request().method() === 'POST');
  await admin.locator('[data-testid="product-submit"]').click();
  const response = await created;
  assert.equal(response.status(), 201, await response.text());
  // The price travels as the exact decimal string typed, never a float.
  assert.deepEqual(response.request().postDataJSON().list_price, { amount: '12800.50', currency: 'CNY' });
  product = await response.json();

  await row(admin).waitFor();
  const text = await row(admin).textContent();
  for (const expected of [SKU, LINE, 'Accessory', '12,800.50', 'On sale']) assert.ok(text.includes(expected), `${expected} in ${text}`);

  // The filters narrow the table to it: product line, type and search text.
  await admin.goto(`${BASE_URL}/org/products?kind=accessory&line=${encodeURIComponent(LINE)}&q=${encodeURIComponent(SKU.toLowerCase())}`);
  await row(admin).waitFor();
  assert.equal(await admin.locator('[data-testid="products-table"] .ant-table-row').count(), 1);
});

test('editing the price sends If-Match; a bad price is refused beside its field', async () => {
  await admin.goto(`${BASE_URL}/org/products?q=${encodeURIComponent(SKU)}`);
  await row(admin).locator('[data-testid="product-edit"]').click();
  await drawer(admin).waitFor();
  const price = admin.locator('[data-testid="product-price"]');
  assert.equal(await price.inputValue(), '12800.50');

  await price.fill('13000');
  const saved = admin.waitForResponse(isPatch);
  await admin.locator('[data-testid="product-submit"]').click();
  const response = await saved;
  assert.equal(response.status(), 200, await response.text());
  assert.equal(response.request().headers()['if-match'], `"${product.version}"`);
  assert.deepEqual(response.request().postDataJSON(), { list_price: { amount: '13000', currency: 'CNY' } });
  product = await response.json();
  await drawer(admin).waitFor({ state: 'detached' });
  await admin.waitForFunction((sku) => [...document.querySelectorAll('[data-testid="products-table"] .ant-table-row')].some((r) => r.textContent.includes(sku) && r.textContent.includes('13,000.00')), SKU);

  // Let the "saved" toast go, so the screenshot below shows only the refusal.
  await admin.locator('.ant-message-notice', { hasText: 'saved' }).waitFor({ state: 'detached' });
  await row(admin).locator('[data-testid="product-edit"]').click();
  await drawer(admin).waitFor();
  // Not a number at all: refused in the form, nothing is sent.
  const sent = [];
  const watch = (request) => request.url().includes('/api/v1/products/') && request.method() === 'PATCH' && sent.push(request);
  admin.on('request', watch);
  await price.fill('13 000 元');
  await admin.locator('[data-testid="product-submit"]').click();
  await priceItem(admin).locator('.ant-form-item-explain-error', { hasText: 'Enter a price such as' }).waitFor();
  admin.off('request', watch);
  assert.equal(sent.length, 0);

  // Three decimals for yuan: the server refuses it, and says so beside the field.
  await price.fill('13000.555');
  const refused = admin.waitForResponse(isPatch);
  await admin.locator('[data-testid="product-submit"]').click();
  const problem = await refused;
  assert.equal(problem.status(), 422);
  assert.ok((await problem.json()).errors.some((e) => e.field.startsWith('list_price')));
  await priceItem(admin).locator('.ant-form-item-explain-error', { hasText: 'A price in CNY takes at most 2 decimals' }).waitFor();
  await shoot(admin, 'products-edit-desktop');
  assert.ok(await drawer(admin).isVisible(), 'the drawer stays open on a refused price');

  const stored = (await api(admin, 'GET', '/api/v1/products')).items.find((p) => p.id === product.id);
  assert.equal(stored.list_price.amount, '13000.00');
  await admin.locator('.ant-drawer-open .ant-drawer-footer').getByText('Cancel').click();
  await drawer(admin).waitFor({ state: 'detached' });
});

test('a product someone else changed meanwhile is reloaded, not overwritten', async () => {
  await admin.goto(`${BASE_URL}/org/products?q=${encodeURIComponent(SKU)}`);
  await row(admin).locator('[data-testid="product-edit"]').click();
  await drawer(admin).waitFor();
  // Another administrator renames it while this drawer is open.
  const renamed = `${NAME} v2`;
  product = await api(admin, 'PATCH', `/api/v1/products/${product.id}`, { name: renamed }, { 'If-Match': `"${product.version}"` });
  await admin.locator('[data-testid="product-price"]').fill('14000');
  const refused = admin.waitForResponse(isPatch);
  await admin.locator('[data-testid="product-submit"]').click();
  assert.equal((await refused).status(), 412);
  const warning = admin.locator('.ant-modal-confirm', { hasText: 'Changed by someone else' });
  await warning.waitFor();
  await warning.locator('.ant-btn-primary').click();
  // The drawer now shows the product as it is: the other person's name and the stored price.
  await admin.waitForFunction((name) => document.querySelector('[data-testid="product-name"]')?.value === name, renamed);
  assert.equal(await admin.locator('[data-testid="product-price"]').inputValue(), '13000.00');
  await row(admin).filter({ hasText: renamed }).waitFor();
  await admin.locator('.ant-drawer-open .ant-drawer-footer').getByText('Cancel').click();
  await drawer(admin).waitFor({ state: 'detached' });
});

test('a product is deactivated and reactivated', async () => {
  await admin.goto(`${BASE_URL}/org/products?q=${encodeURIComponent(SKU)}`);
  const deactivated = admin.waitForResponse(isPatch);
  await row(admin).locator('[data-testid="product-deactivate"]').click();
  await admin.locator('.ant-popover:visible .ant-btn-dangerous').click();
  assert.deepEqual((await deactivated).request().postDataJSON(), { active: false });
  // On sale is the default view: the product leaves it.
  await row(admin).waitFor({ state: 'detached' });

  await admin.goto(`${BASE_URL}/org/products?q=${encodeURIComponent(SKU)}&status=inactive`);
  const reactivated = admin.waitForResponse(isPatch);
  await row(admin).locator('[data-testid="product-reactivate"]').click();
  assert.equal((await reactivated).status(), 200);
  await row(admin).waitFor({ state: 'detached' });
  const stored = (await api(admin, 'GET', '/api/v1/products')).items.find((p) => p.id === product.id);
  assert.equal(stored.active, true);
});

test('a sales rep has no Products entry and is told they lack access', async () => {
  const rep = await openPage(browser, DESKTOP);
  await signIn(rep, REP);
  // The Organisation group is open by default; the rep sees its other entries but not this one.
  await rep.locator('.closer-sider [data-testid="nav-departments"]').waitFor();
  assert.equal(await rep.locator('[data-testid="nav-products"]').count(), 0);
  await rep.goto(`${BASE_URL}/org/products`);
  await rep.locator('[data-testid="products-no-access"]').waitFor();
  assert.equal(await rep.locator('[data-testid="product-new"]').count(), 0);
  await rep.context().close();
});

test('screenshots of the catalogue at desk and phone width', async () => {
  await admin.goto(`${BASE_URL}/org/products`);
  await row(admin).waitFor();
  await shoot(admin, 'products-list-desktop');

  const phone = await openPage(browser, PHONE_375);
  await signIn(phone);
  await ensureEnglish(phone);
  await phone.goto(`${BASE_URL}/org/products`);
  await phone.locator('[data-testid="products-cards"] [data-testid="product-card"]').first().waitFor();
  assert.equal(await phone.locator('[data-testid="products-table"]').count(), 0);
  // Nothing wider than the screen.
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await shoot(phone, 'products-list-phone');
  // The session probe before sign-in answers 401; nothing else may fail.
  const errors = phone.closerErrors.filter((e) => !e.includes('401'));
  assert.equal(errors.length, 0, errors.join('\n'));
  await phone.context().close();
});
