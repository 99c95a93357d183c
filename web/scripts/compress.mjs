// After the build: a brotli (.br) and a gzip (.gz) copy beside every text file of dist/, made
// once at the highest levels, so the server sends them as they are (Content-Encoding) instead
// of compressing on every request. Node's own zlib: nothing to install.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const TEXT = /\.(js|mjs|css|html|svg|json|txt|map)$/;
// Below this a compressed copy saves less than the round trip's headers.
const MIN_BYTES = 1024;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let plain = 0;
let brotli = 0;
for (const path of files(dist)) {
  if (!TEXT.test(path) || path.endsWith('.map')) continue;
  const bytes = readFileSync(path);
  if (bytes.length < MIN_BYTES) continue;
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: 9 });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gz);
  plain += bytes.length;
  brotli += br.length;
}
console.log(`compress: ${(plain / 1024).toFixed(0)} KiB of text → ${(brotli / 1024).toFixed(0)} KiB brotli`);
