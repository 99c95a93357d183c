// Importing a Salesforce-style CSV with two bad rows among good ones: all or nothing refuses
// and offers the report of rejected rows; keeping the good rows imports them, with the
// progress bar running to 100 %.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BASE_URL, ensureEnglish, launch, navigate, openPage, screenshot, signIn } from '../lib/harness.mjs';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'leads-import.csv');
const GOOD_ROWS = 5;
const BAD_ROWS = 2;

let browser;
let page;

before(async () => {
  browser = await launch();
  page = await openPage(browser);
  await signIn(page);
  await ensureEnglish(page);
});
after(async () => {
  await browser?.close();
});

async function upload() {
  const uploaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/leads/imports' && r.request().method() === 'POST');
  await page.locator('[data-testid="import-page"] input[type="file"]').setInputFiles(FIXTURE);
  const response = await uploaded;
  assert.equal(response.status(), 201);
  await page.locator('[data-testid="mapping-step"]').waitFor();
}

const progress = () => page.locator('[data-testid="import-progress"]');
// antd puts role="progressbar" and aria-valuenow on the element that carries the test id.
const percent = async () => Number(await progress().getAttribute('aria-valuenow'));

test('the upload recognises the columns and previews the bad rows', async () => {
  await navigate(page, 'leads');
  await page.locator('[data-testid="lead-import"]').click();
  await page.locator('[data-testid="import-page"]').waitFor();
  assert.match(await page.locator('[data-testid="import-page"] .ant-upload-drag').textContent(), /256 MB/);

  await upload();
  assert.match(await page.locator('[data-testid="import-page"]').textContent(), new RegExp(`${GOOD_ROWS + BAD_ROWS} rows`));
  // Salesforce headers come recognised: "Company" (the first column) as the company name.
  const first = page.locator('[data-testid="mapping-columns"] .ant-table-row').first();
  assert.match(await first.textContent(), /^Company\s*Recognised/);
  assert.match(await first.locator('.ant-select-selection-item').textContent(), /^Company$/);
  assert.ok((await page.locator('[data-testid="mapping-columns"]').getByText('Recognised').count()) >= 5);
  assert.match(await page.locator('[data-testid="preview-bad-rows"]').textContent(), new RegExp(`${BAD_ROWS} of the previewed rows`));
  assert.equal(await page.locator('[data-testid="preview-error"]').count(), BAD_ROWS);
  await screenshot(page, 'leads-import-mapping-desktop');
});

test('all or nothing refuses the file and offers the rejected rows', async () => {
  await page.locator('[data-testid="import-next"]').click();
  await page.locator('[data-testid="import-start"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-mode-all"]').isChecked(), true, 'all or nothing is the default');
  const started = page.waitForResponse((r) => /\/api\/v1\/leads\/imports\/[^/]+\/start$/.test(r.url()));
  await page.locator('[data-testid="import-start"]').click();
  const start = await started;
  assert.equal(start.status(), 202);

  await page.locator('[data-testid="import-result"]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('[data-testid="import-imported"]').textContent(), '0');
  assert.equal(await page.locator('[data-testid="import-rejected"]').textContent(), String(BAD_ROWS));
  const download = page.locator('[data-testid="import-rejected-download"]');
  await download.waitFor();
  await screenshot(page, 'leads-import-refused-desktop');

  // The report: one line per rejected row, with the reason.
  const href = await download.getAttribute('href');
  const report = await page.request.get(`${BASE_URL}${href}`);
  assert.equal(report.status(), 200);
  assert.match(report.headers()['content-type'] ?? '', /csv/);
  const lines = (await report.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.match(lines[0], /reason/);
  assert.equal(lines.length, 1 + BAD_ROWS, lines.join('\n'));
});

test('keeping the good rows imports them, the progress bar reaching 100 %', async () => {
  const started = page.waitForResponse((r) => /\/api\/v1\/leads\/imports\/[^/]+\/start$/.test(r.url()));
  await page.locator('[data-testid="import-keep-good"]').click();
  const start = await started;
  assert.equal(start.status(), 202);
  assert.equal(JSON.parse(start.request().postData() ?? '{}').keep_good_rows, true);

  // The refused run's result stays on screen until the new run's state arrives: wait for this
  // run's count, not merely for a result.
  await page.waitForFunction(
    (good) => document.querySelector('[data-testid="import-imported"]')?.textContent === good,
    String(GOOD_ROWS),
    { timeout: 60_000 },
  );
  await page.waitForFunction(
    () => document.querySelector('[data-testid="import-progress"]')?.getAttribute('aria-valuenow') === '100',
  );
  assert.equal(await percent(), 100);
  assert.equal(await page.locator('[data-testid="import-imported"]').textContent(), String(GOOD_ROWS));
  assert.equal(await page.locator('[data-testid="import-rejected"]').textContent(), String(BAD_ROWS));
  await page.locator('[data-testid="import-rejected-download"]').waitFor();
  await screenshot(page, 'leads-import-done-desktop');

  // An imported lead is there: routed to a rep (the leads list) or, unrouted, in the pool.
  const q = encodeURIComponent('杭州云杉导入测试');
  const [owned, pooled] = await Promise.all([
    page.request.get(`${BASE_URL}/api/v1/leads?q=${q}`).then((r) => r.json()),
    page.request.get(`${BASE_URL}/api/v1/lead-pool?q=${q}`).then((r) => r.json()),
  ]);
  const found = [...owned.items, ...pooled.items].filter((lead) => lead.source === 'web');
  assert.ok(found.length >= 1, 'the imported lead exists, with the source from the file');
});
