// A rep keeps documents with a customer on its 360 page: uploads a real PDF (a Chinese name
// too), finds it in the Documents card and on the timeline, downloads it, sees a disguised
// program refused with a plain message, and deletes the PDF again. On a 375 px phone the card
// stacks with the others.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, DOCS_SHOTS_DIR, SHOTS_DIR, launch, openPage, settle, signIn, uiLanguage } from '../lib/harness.mjs';

const REP = { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' };
const SMALL_PHONE = { width: 375, height: 812 };
const stamp = Date.now().toString(36);
const PDF_NAME = `报价单 Quotation ${stamp}.pdf`;

/** A small, well-formed one-page PDF. */
function pdfBytes() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = 'BT /F1 12 Tf 20 50 Td (Closer quotation) Tj ET';
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** An ELF program dressed up as a report. */
function elfBytes() {
  const bytes = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(bytes, 0);
  bytes.writeUInt16LE(2, 16); // ET_EXEC
  bytes.writeUInt16LE(0x3e, 18); // x86-64
  bytes.writeUInt32LE(1, 20);
  return bytes;
}

const REFUSALS = {
  'en-US': {
    executable: 'report.pdf was refused: programs and scripts cannot be uploaded.',
    type_mismatch: 'report.pdf was refused: its contents do not match its file extension.',
  },
  'zh-CN': {
    executable: 'report.pdf 被拒绝：不能上传程序或脚本。',
    type_mismatch: 'report.pdf 被拒绝：文件内容与扩展名不符。',
  },
};

let browser;
let desk;
let customerId;

before(async () => {
  browser = await launch();
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  desk = await openPage(browser, DESKTOP);
  await signIn(desk, REP);
});
after(async () => {
  await browser?.close();
});

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

async function cardShot(page, name) {
  const card = page.locator('[data-testid="documents-card"]');
  await card.scrollIntoViewIfNeeded();
  await settle(page);
  await card.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
  await card.screenshot({ path: join(DOCS_SHOTS_DIR, `${name}.png`) });
}

async function open360(page, id) {
  await page.goto(`${BASE_URL}/customers/${id}`);
  await page.locator('[data-testid="customer-detail"]').waitFor();
  await page.locator('[data-testid="documents-card"]').waitFor();
}

function uploadResponse(page) {
  return page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/documents' && r.request().method() === 'POST');
}

async function upload(page, name, buffer, mimeType) {
  const answer = uploadResponse(page);
  await page.locator('[data-testid="documents-card"] input[type="file"]').setInputFiles({ name, mimeType, buffer });
  return answer;
}

test('a rep uploads a PDF document to a customer, finds it listed and on the timeline, and downloads it', async () => {
  const mine = await api(desk, 'GET', '/api/v1/customers?limit=1&sort=-score');
  customerId = mine.items[0]?.id;
  if (!customerId) {
    customerId = (await api(desk, 'POST', '/api/v1/customers', { name: `E2E 文档测试 ${stamp} 有限公司`, industry: '制造业' })).id;
  }
  await open360(desk, customerId);

  const response = await upload(desk, PDF_NAME, pdfBytes(), 'application/pdf');
  assert.equal(response.status(), 201, await response.text());
  const doc = await response.json();
  assert.equal(doc.name, PDF_NAME);
  assert.equal(doc.kind, 'pdf');
  assert.equal(doc.size_bytes, pdfBytes().length);

  // Listed on top of the card, with size and date, and on the timeline.
  const item = desk.locator(`[data-testid="document-item"][data-id="${doc.id}"]`);
  await item.waitFor();
  assert.equal((await desk.locator('[data-testid="document-item"]').first().getAttribute('data-id')), doc.id);
  assert.equal((await item.locator('[data-testid="document-name"]').textContent()).trim(), PDF_NAME);
  assert.match(await item.locator('[data-testid="document-meta"]').textContent(), /\d+(\.\d)? KB|\d+ B/);
  await desk
    .locator('[data-testid="c360-timeline"] [data-testid="c360-timeline-record"][data-kind="document"]', { hasText: PDF_NAME })
    .first()
    .waitFor();

  // The download link serves the same bytes.
  const href = await item.locator('[data-testid="document-download"]').getAttribute('href');
  assert.equal(href, `/api/v1/documents/${doc.id}/content`);
  assert.equal(await item.locator('[data-testid="document-download"]').getAttribute('target'), '_blank');
  const download = await desk.request.get(`${BASE_URL}${href}`);
  assert.equal(download.status(), 200);
  assert.ok((await download.body()).equals(pdfBytes()), 'the download is the uploaded file');

  await desk.locator('.ant-message-notice').waitFor({ state: 'detached' }).catch(() => undefined);
  await cardShot(desk, 'customers-documents-desktop');

  // On a 375 px phone the card stacks with the others and does not scroll sideways.
  const phone = await openPage(browser, SMALL_PHONE);
  await signIn(phone, REP);
  await open360(phone, customerId);
  await phone.locator(`[data-testid="document-item"][data-id="${doc.id}"]`).waitFor();
  const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= SMALL_PHONE.width, `the 360 page does not scroll sideways (${scrollWidth}px)`);
  const box = await phone.locator('[data-testid="documents-card"]').boundingBox();
  assert.ok(box.width <= SMALL_PHONE.width, `the card fits the phone (${box.width}px)`);
  await cardShot(phone, 'customers-documents-phone');
  await phone.context().close();
});

test('a program named report.pdf is refused with a plain document message, and the PDF is deleted', async () => {
  assert.ok(customerId, 'the upload test ran first');
  await open360(desk, customerId);
  const before = await desk.locator('[data-testid="document-item"]').count();

  const response = await upload(desk, 'report.pdf', elfBytes(), 'application/pdf');
  assert.equal(response.status(), 422, await response.text());
  const problem = await response.json();
  assert.equal(problem.code, 'document_refused');
  const reason = problem.errors[0].code;
  assert.ok(['executable', 'type_mismatch'].includes(reason), `refused as ${reason}`);
  const language = (await uiLanguage(desk)) === 'zh-CN' ? 'zh-CN' : 'en-US';
  await desk.locator('.ant-message-notice', { hasText: REFUSALS[language][reason] }).waitFor();
  await settle(desk);
  assert.equal(await desk.locator('[data-testid="document-item"]').count(), before, 'nothing was added');

  // Delete the PDF, after confirming.
  const item = desk.locator('[data-testid="document-item"]', { hasText: PDF_NAME });
  const id = await item.getAttribute('data-id');
  await item.locator('[data-testid="document-delete"]').click();
  const deleted = desk.waitForResponse((r) => r.url().endsWith(`/api/v1/documents/${id}`) && r.request().method() === 'DELETE');
  await desk.locator('[data-testid="document-delete-confirm"]').click();
  assert.equal((await deleted).status(), 204);
  await desk.locator(`[data-testid="document-item"][data-id="${id}"]`).waitFor({ state: 'detached' });
  const left = await api(desk, 'GET', `/api/v1/documents?customer_id=${customerId}`);
  assert.ok(!left.items.some((d) => d.id === id), 'the server no longer lists it');
});
