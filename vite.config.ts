import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const OUT_DIR = path.resolve(import.meta.dirname, 'dist/web');

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every built script, style sheet and SVG of
 * at least 1 KB, at the strongest settings (done once per build, not per request). The server
 * (`@fastify/static` with `preCompressed`) picks the copy the browser's Accept-Encoding allows.
 */
function precompress(): Plugin {
  return {
    name: 'hcrm-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? OUT_DIR;
      const files = Object.keys(bundle).filter((f) => /\.(js|css|svg|json)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(dir, file);
          const raw = await fs.promises.readFile(full);
          if (raw.length < 1024) return;
          const br = zlib.brotliCompressSync(raw, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          });
          const gz = zlib.gzipSync(raw, { level: zlib.constants.Z_BEST_COMPRESSION });
          await Promise.all([fs.promises.writeFile(`${full}.br`, br), fs.promises.writeFile(`${full}.gz`, gz)]);
        }),
      );
    },
  };
}

// The SPA lives in src/web; the server serves dist/web. The API runs on :3000 during `vite dev`.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src/web'),
  plugins: [react(), precompress()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    // dist/web/.vite/manifest.json: the server reads it to preload a page's chunks (src/server/web-preload.ts).
    manifest: true,
    rolldownOptions: {
      output: {
        // What the entry imports is one file, not the entry and a dozen small shared chunks (Mantine's
        // Box, Button, Loader...): each script a page loads costs a request, its compile and its
        // evaluation on a phone's main thread (issue 11; docs/performance.md).
        codeSplitting: {
          groups: [
            { name: 'initial', tags: ['$initial'] },
            // The small modules every portal page shares (its API calls, formats, units, the lazy-form
            // helper): one file instead of six or seven requests on each page load.
            {
              name: 'portal-common',
              test: /src[\\/](web[\\/](intl|api[\\/]deferred|portal[\\/]forms[\\/]lazyForm|portal[\\/]records[\\/](format|labels|RecordList|undo)|features[\\/]portal-[\w-]+[\\/](api|format))|shared[\\/](units|vital-periods|portal-constants))\.tsx?$/,
            },
          ],
        },
      },
    },
  },
  // '/api/...' but not the SPA's own modules under src/web/api/*.ts
  server: { proxy: { '^/api/(?!.*\\.tsx?$)': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});
