/**
 * The web UI build: Vue 3 + Element Plus, built into ui/dist and served by the API server
 * (server/ui-static.ts). `npm run dev:ui` proxies /api to a server started with `npm start`.
 * Everything is bundled (no CDN, no remote fonts) so the API's Content-Security-Policy ('self')
 * holds; bpmn-js and ECharts are split into the lazy chunks of the pages that draw with them.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  // The UI imports pure rules from ../server/domain and ../server/api (shared validation).
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
});
