// Shared helpers: one headless Chromium per test file, pages at a given viewport, sign-in.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.CLOSER_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
export const DEMO = { tenant: 'demo', email: 'admin@demo.example.com', password: 'closer-demo' };
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const here = dirname(fileURLToPath(import.meta.url));
export const SHOTS_DIR = join(here, '..', 'screenshots-out');
export const DOCS_SHOTS_DIR = join(here, '..', '..', 'docs', 'screenshots');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch() {
  mkdirSync(SHOTS_DIR, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/**
 * A fresh context (no cookies, no storage) and page at `viewport`. Browser errors are
 * collected on `page.closerErrors` so a test can assert the console stayed clean.
 */
export async function openPage(browser, viewport = DESKTOP, { locale = 'en-US' } = {}) {
  const phone = viewport.width < 600;
  const context = await browser.newContext({
    viewport,
    locale,
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.closerErrors = [];
  page.on('pageerror', (error) => page.closerErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.closerErrors.push(`console: ${message.text()}`);
  });
  return page;
}

/** Opens the app and waits for the sign-in form. */
export async function gotoSignIn(page) {
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="signin-submit"]').waitFor();
}

export async function fillSignIn(page, { tenant, email, password }) {
  await page.locator('#tenant').fill(tenant);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('[data-testid="signin-submit"]').click();
}

/** Signs in as the demo administrator and waits for the home page. */
export async function signIn(page, who = DEMO) {
  await gotoSignIn(page);
  await fillSignIn(page, who);
  await page.locator('[data-testid="home"]').waitFor();
}

/** Clicks a side-navigation entry; on a phone through the hamburger drawer. */
export async function navigate(page, key, parentLabel) {
  const phone = (page.viewportSize()?.width ?? 1280) < 768;
  if (phone) {
    await page.locator('[data-testid="nav-toggle"]').click();
  }
  const scope = phone ? page.locator('.ant-drawer-open [data-testid="side-menu"]') : page.locator('.closer-sider [data-testid="side-menu"]');
  const item = scope.locator(`[data-testid="nav-${key}"]`);
  if (parentLabel && !(await item.isVisible())) {
    await scope.getByText(parentLabel, { exact: true }).click();
  }
  await item.click();
}

/** Waits until nothing is loading and animations have settled, then saves a PNG. */
export async function screenshot(page, name) {
  await settle(page);
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page
    .waitForFunction(
      () =>
        !document.querySelector('.ant-skeleton, .ant-spin-spinning, .ant-table-placeholder .ant-spin') &&
        document.fonts.status === 'loaded',
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  await page.waitForTimeout(400);
}

/** The UI language, as the app sets it on <html lang>. */
export async function uiLanguage(page) {
  return page.evaluate(() => document.documentElement.lang);
}

/** Switches the UI language from the header (which also saves it on the user). */
export async function switchLanguage(page, language) {
  await page.locator('[data-testid="lang-switch"]').first().click();
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
  await page.locator(`[data-testid="lang-option-${language}"]`).click();
  const response = await saved;
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  return response;
}

/** Leaves the signed-in admin in English, whatever an earlier test saved. */
export async function ensureEnglish(page) {
  if ((await uiLanguage(page)) !== 'en-US') await switchLanguage(page, 'en-US');
}
