import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, DEMO, ensureEnglish, fillSignIn, gotoSignIn, launch, openPage, signIn } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the server serves the built UI', async () => {
  const response = await fetch(`${BASE_URL}/`);
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /<div id="root">/, 'index.html of web/dist (run `npm run build` in web/ before building the server)');
  assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline scripts');
});

test('the sign-in page comes compressed: brotli files of the build, under 300 KB in all', async () => {
  const page = await openPage(browser);
  const loaded = [];
  page.on('requestfinished', (request) => loaded.push(request));
  await page.goto(`${BASE_URL}/`, { waitUntil: 'networkidle' });
  await page.locator('[data-testid="signin-submit"]').waitFor();
  let transferred = 0;
  const files = [];
  for (const request of loaded) {
    if (!request.url().startsWith(BASE_URL)) continue;
    const response = await request.response();
    const sizes = await request.sizes();
    transferred += sizes.responseBodySize;
    const path = new URL(request.url()).pathname;
    if (/\.(js|css)$/.test(path) && sizes.responseBodySize > 1024) {
      files.push(path);
      assert.equal(response?.headers()['content-encoding'], 'br', `${path} comes as brotli`);
      assert.match(response?.headers()['cache-control'] ?? '', /immutable/, `${path} is cached for good`);
    }
  }
  assert.ok(files.length > 0, 'the page loads its scripts');
  console.log(`sign-in page: ${(transferred / 1024).toFixed(0)} KB transferred in ${loaded.length} requests`);
  assert.ok(transferred <= 300 * 1024, `the sign-in page transfers ${transferred} bytes`);
  await page.context().close();
});

test('a wrong password shows an error and stays on the sign-in page', async () => {
  const page = await openPage(browser);
  await gotoSignIn(page);
  await fillSignIn(page, { ...DEMO, password: 'not-the-password' });
  const error = page.locator('[data-testid="signin-error"]');
  await error.waitFor();
  assert.ok((await error.textContent())?.trim().length, 'the error says something');
  assert.equal(await page.locator('[data-testid="home"]').count(), 0);
  await page.context().close();
});

test('the demo admin signs in, sees role and scope, signs out; the tenant is remembered', async () => {
  const page = await openPage(browser);
  await signIn(page);
  await ensureEnglish(page);
  assert.match(await page.locator('[data-testid="home-welcome"]').textContent(), /^Welcome, /);
  assert.equal((await page.locator('[data-testid="home-role"]').textContent())?.trim(), 'Administrator');
  assert.equal((await page.locator('[data-testid="home-scope"]').textContent())?.trim(), 'Whole company');

  // A reload keeps the session (GET /me restores the CSRF token), and the signed-in
  // application is asked for before /me, not after its answer.
  const asked = [];
  const note = (request) => {
    const path = new URL(request.url()).pathname;
    if (path === '/api/v1/me' || /\/assets\/AppRoutes-[^/]+\.js$/.test(path)) asked.push(path === '/api/v1/me' ? 'me' : 'app');
  };
  page.on('request', note);
  await page.reload();
  await page.locator('[data-testid="home"]').waitFor();
  page.off('request', note);
  assert.deepEqual(asked.slice(0, 2), ['app', 'me'], `requests in order: ${asked.join(', ')}`);

  await page.locator('[data-testid="user-menu"]').click();
  await page.locator('[data-testid="signout"]').click();
  await page.locator('[data-testid="signin-submit"]').waitFor();
  assert.equal(await page.locator('#tenant').inputValue(), DEMO.tenant);

  // Signed out means signed out: a reload shows the sign-in page again.
  await page.reload();
  await page.locator('[data-testid="signin-submit"]').waitFor();
  assert.deepEqual(page.closerErrors.filter((e) => !e.includes('401')), []);
  await page.context().close();
});
