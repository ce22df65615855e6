// Starts the real server (PGlite, fresh data folder, demo data) for the browser tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.resolve(import.meta.dirname, '../dist/web/index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` first (npm test does it for you).');
  }
  const { loadConfig } = await import('../src/server/config');
  const { startServer } = await import('../src/server/server');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-e2e-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: '',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    DEMO_SIZE: process.env.E2E_DEMO_SIZE ?? 'small',
    LOGIN_MAX_PER_ADDRESS: '1000',
    EVENTS_POLL_MS: '100',
  });
  const running = await startServer(config, { log: () => {}, logger: false });
  project.provide('e2eBaseUrl', running.url);
  return async () => {
    await running.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
