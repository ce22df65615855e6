import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// The SPA lives in src/web; the server serves dist/web. The API runs on :3000 during `vite dev`.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src/web'),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  // '/api/...' but not the SPA's own modules under src/web/api/*.ts
  server: { proxy: { '^/api/(?!.*\\.tsx?$)': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});
