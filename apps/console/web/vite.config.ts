import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by scripts/build-console-web.mjs into web/dist, which the console app serves.
// `vite` in this folder serves the UI with the API proxied to a console on :3000.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
