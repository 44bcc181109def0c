import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The viewer app: `vite build viewer` writes viewer/dist, which the server serves. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `vite viewer` during development: API and websocket go to a running `palestra view --port 8765`.
    proxy: { '/api': 'http://127.0.0.1:8765', '/ws': { target: 'ws://127.0.0.1:8765', ws: true } },
  },
});
