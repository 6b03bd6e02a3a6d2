import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is served by Lakehose under /_console/ (src/console/consoleRoute.ts); the
// build goes next to the compiled server, where src/console/StaticAssets.ts looks for it.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/_console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One small app: a single chunk loads fastest and keeps the file list short.
    chunkSizeWarningLimit: 200,
  },
  server: {
    // `npx vite console` for work on the pages, against a Lakehose on the default port.
    proxy: { '/_console/api': 'http://127.0.0.1:4566' },
  },
});
