import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Explicit, because the root scripts run `vite --config web/vite.config.ts` from the repository root.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiUrl = process.env.DRUMBEAT_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  // Keep Vite's cache with the repository's node_modules instead of growing a web/node_modules.
  cacheDir: '../node_modules/.vite/web',
  plugins: [vue()],
  build: {
    // Outside the root, so Vite only empties it when told to; the api role serves this folder.
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // Same-origin in development too, so session cookies behave as they will in production. The Host header
    // is kept (no changeOrigin) and X-Forwarded-* added, so redirects the API builds point back at this server.
    proxy: Object.fromEntries(
      ['/api', '/auth', '/healthz', '/readyz'].map((prefix) => [prefix, { target: apiUrl, xfwd: true }]),
    ),
  },
  test: {
    name: 'web',
    root: webRoot,
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
