import { readFileSync } from 'node:fs';
import { launch, openPage, signIn, BASE_URL, DESKTOP, PHONE } from './lib/harness.mjs';
const id = readFileSync('/tmp/draft_id', 'utf8').trim();
const b = await launch();
for (const [vp, locale, name] of [[DESKTOP, 'zh-CN', 'desk-zh'], [PHONE, 'en-US', 'phone-en']]) {
  const page = await openPage(b, vp, { locale });
  await signIn(page, { tenant: 'demo', email: 'zhang.wei@demo.example.com', password: 'closer-demo' });
  await page.goto(`${BASE_URL}/contracts/${id}?tab=cash`);
  await page.locator('[data-testid="cash-planned"]').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/draft-${name}.png`, fullPage: true });
}
await b.close();
