import { defineConfig } from 'vite';

// The dashboard is plain TypeScript + uPlot; the API serves web/dist. In development run
// `hashfloor serve` and `npx vite web` (requests to /api are proxied to it).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080' } },
});
