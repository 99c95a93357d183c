import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, ensureEnglish, gotoSignIn, launch, openPage, signIn, switchLanguage, uiLanguage } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const homeNav = (page) => page.locator('.closer-sider [data-testid="nav-home"]');

test('the sign-in page switches between English and Chinese', async () => {
  const page = await openPage(browser, undefined, { locale: 'en-US' });
  await gotoSignIn(page);
  await page.getByText('Sign in to Closer').waitFor();
  await page.locator('[data-testid="lang-switch"]').click();
  await page.locator('[data-testid="lang-option-zh-CN"]').click();
  await page.getByText('登录 Closer').waitFor();
  assert.equal(await uiLanguage(page), 'zh-CN');
  await page.context().close();
});

test('a Chinese browser gets the Chinese sign-in page', async () => {
  const page = await openPage(browser, undefined, { locale: 'zh-CN' });
  await gotoSignIn(page);
  await page.getByText('登录 Closer').waitFor();
  await page.context().close();
});

test('the header switch changes the texts and saves the choice on the user', async () => {
  const page = await openPage(browser);
  await signIn(page);
  await ensureEnglish(page);
  assert.equal((await homeNav(page).textContent())?.trim(), 'Home');

  const saved = await switchLanguage(page, 'zh-CN');
  assert.equal(saved.status(), 200);
  assert.equal(JSON.parse(saved.request().postData() ?? '{}').language, 'zh-CN');
  assert.equal((await homeNav(page).textContent())?.trim(), '首页');
  assert.match(await page.locator('[data-testid="home-welcome"]').textContent(), /^欢迎/);

  // Saved on the user: a fresh page load comes back in Chinese although the browser says English.
  await page.goto(`${BASE_URL}/`);
  await page.locator('[data-testid="home"]').waitFor();
  assert.equal((await homeNav(page).textContent())?.trim(), '首页');

  await switchLanguage(page, 'en-US');
  assert.equal((await homeNav(page).textContent())?.trim(), 'Home');
  await page.context().close();
});
