// After `vite build`: puts Swagger UI (from the swagger-ui-dist package, never a CDN) into
// dist/api-docs/, showing /api/openapi.json. The server serves index.html at /api/docs, so
// every asset URL is absolute. No inline script: the CSP allows only 'self' scripts.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'api-docs');
const require = createRequire(import.meta.url);
const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));

mkdirSync(out, { recursive: true });
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
  copyFileSync(join(swaggerDir, file), join(out, file));
}

writeFileSync(
  join(out, 'index.html'),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Closer API</title>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
    <link rel="stylesheet" href="/api-docs/swagger-ui.css" />
    <style>body { margin: 0; } .swagger-ui .topbar { display: none; }</style>
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api-docs/swagger-ui-bundle.js"></script>
    <script src="/api-docs/init.js"></script>
  </body>
</html>
`,
);

writeFileSync(
  join(out, 'init.js'),
  `// Signed-in browsers may try requests out: state changes need the session's CSRF token.
var closerCsrfToken = null;
fetch('/api/v1/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  .then(function (response) { return response.ok ? response.json() : null; })
  .then(function (body) { if (body && body.csrf_token) closerCsrfToken = body.csrf_token; })
  .catch(function () { /* not signed in: read-only use */ });

window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    requestInterceptor: function (request) {
      if (closerCsrfToken && request.method && request.method.toUpperCase() !== 'GET') {
        request.headers['X-CSRF-Token'] = closerCsrfToken;
      }
      return request;
    },
  });
});
`,
);

console.log(`api-docs: Swagger UI written to ${out}`);
