// Screenshots of the lead screens at desk and phone width, also copied into docs/screenshots
// for docs/leads.md. They do not depend on how many demo leads there are.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  BASE_URL,
  DESKTOP,
  DOCS_SHOTS_DIR,
  ensureEnglish,
  launch,
  navigate,
  openPage,
  PHONE,
  screenshot,
  signIn,
} from '../lib/harness.mjs';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'leads-import.csv');

let browser;
before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
});
after(async () => {
  await browser?.close();
});

async function shoot(page, name) {
  const path = await screenshot(page, name);
  copyFileSync(path, join(DOCS_SHOTS_DIR, `${name}.png`));
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
]) {
  test(`lead screens at ${viewport.width}×${viewport.height}`, async () => {
    const page = await openPage(browser, viewport);
    await signIn(page);
    await ensureEnglish(page);
    const phone = label === 'phone';

    await navigate(page, 'leads');
    await page.locator(phone ? '[data-testid="lead-card"]' : '[data-testid="leads-table"] .ant-table-row').first().waitFor();
    await shoot(page, `leads-list-${label}`);
    if (!phone) {
      // The orders the list offers.
      await page.locator('[data-testid="filter-sort"]').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
      await shoot(page, `leads-sort-${label}`);
      await page.keyboard.press('Escape');
    }
    if (phone) {
      await page.locator('[data-testid="lead-filters-open"]').click();
      await page.locator('[data-testid="lead-filters-drawer"] [data-testid="filter-status"]').waitFor();
      await shoot(page, `leads-filters-${label}`);
      await page.keyboard.press('Escape');
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' }).catch(() => undefined);
    }

    // A lead someone is working on: its timeline has something to show.
    await page.goto(`${BASE_URL}/leads?status=contacted`);
    await page.locator('[data-testid="lead-link"]').first().click();
    await page.locator('[data-testid="lead-detail"]').waitFor();
    await page.locator('[data-testid="lead-timeline"], [data-testid="lead-detail"] .ant-empty').first().waitFor();
    await shoot(page, `leads-detail-${label}`);

    await navigate(page, 'leadPool');
    await page.locator('[data-testid="pool-row"]').first().waitFor();
    await page.locator('[data-testid="pool-quota"]').waitFor();
    await shoot(page, `leads-pool-${label}`);

    await page.goto(`${BASE_URL}/leads/import`);
    await page.locator('[data-testid="import-page"] input[type="file"]').setInputFiles(FIXTURE);
    await page.locator('[data-testid="mapping-step"]').waitFor();
    await shoot(page, `leads-import-${label}`);

    if (!phone) {
      await page.goto(`${BASE_URL}/org/lead-settings`);
      await page.locator('[data-testid="pool-rules-form"]').waitFor();
      await shoot(page, `leads-settings-${label}`);
    }
    await page.context().close();
  });
}
