import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  DESKTOP,
  DOCS_SHOTS_DIR,
  ensureEnglish,
  gotoSignIn,
  launch,
  navigate,
  openPage,
  PHONE,
  screenshot,
  signIn,
} from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
]) {
  test(`screenshots at ${viewport.width}×${viewport.height}`, async () => {
    const page = await openPage(browser, viewport);
    await gotoSignIn(page);
    await screenshot(page, `signin-${label}`);

    await signIn(page);
    await ensureEnglish(page);
    await page.locator('[data-testid="home-role"]').waitFor();
    const home = await screenshot(page, `home-${label}`);
    mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
    copyFileSync(home, join(DOCS_SHOTS_DIR, `home-${label}.png`));

    if (label === 'phone') {
      await page.locator('[data-testid="nav-toggle"]').click();
      await page.locator('.ant-drawer-open [data-testid="side-menu"]').waitFor();
      await screenshot(page, `nav-${label}`);
      await page.keyboard.press('Escape');
    }

    await navigate(page, 'departments', 'Organisation');
    await page.locator('[data-testid="department-node"]').first().waitFor();
    if (label === 'desktop') await page.locator('[data-testid="department-node"]').first().click();
    await screenshot(page, `departments-${label}`);

    await navigate(page, 'users', 'Organisation');
    await page.locator('[data-testid="users-table"] .ant-table-row').first().waitFor();
    await screenshot(page, `users-${label}`);

    await navigate(page, 'leads');
    await page.locator('[data-testid="leads-page"]').waitFor();
    await screenshot(page, `leads-${label}`);
    await page.context().close();
  });
}
