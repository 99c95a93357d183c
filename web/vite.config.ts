import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The dev server forwards API calls to a locally running `closer serve`.
const apiTarget = process.env.CLOSER_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/readyz': apiTarget,
      '/healthz': apiTarget,
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
    // Component tests render Ant Design in jsdom: on a busy 2-core machine one can take
    // longer than the default 5 s without anything being wrong.
    testTimeout: 30_000,
  },
});
