// Issue 10 item 3: two processes on one embedded (PGlite) data folder. The second refuses to start
// (exit code 2) with a message naming the folder and the pid holding it; once the first has closed
// the database, a new one opens it. (PGlite only: PostgreSQL has its own server.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { DataDirLockedError, readDataDirLock } from '../db/data-dir-lock';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const testDb = inject('testDb');

/** `node --import tsx src/server/main.ts` on a data folder; `running` resolves once it serves. */
function startMain(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dir,
      DATABASE_URL: '',
      PORT: '0',
      DEMO_DATA: 'false',
      SCHEDULER_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      RELATIONSHIP_SCORING_MINUTES: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += String(d)));
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const exit = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const running = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /running at (\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exit.then((code) => reject(new Error(`exited ${code} before serving:\n${stdout}\n${stderr}`)));
  });
  running.catch(() => {});
  return { child, exit, running, output: () => stdout + stderr };
}

describe.skipIf(testDb.kind !== 'pglite')('one process per PGlite data folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-lock-')));
    // Migrated from the run's dump, so the server that opens it after the first starts in seconds.
    const database = await openDatabase({
      dataDir: dir,
      pgliteLoadDataDir: new Blob([fs.readFileSync((testDb as { dumpPath: string }).dumpPath)]),
    });
    await database.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a second process refuses to start, naming the folder and the pid holding it; after the first closes, a new one opens it', async () => {
    const first = await openDatabase({ dataDir: dir });
    await first.rows(sql`INSERT INTO organizations (id, name, slug) VALUES (gen_random_uuid(), 'Lock test', 'lock-test')`);
    const refused = startMain(dir);
    try {
      // Either it refuses (exits) or it serves on the folder the first one holds (the bug).
      expect(await Promise.race([refused.exit, refused.running.then(() => 'it started')])).toBe(2);
    } finally {
      refused.child.kill('SIGKILL');
    }
    expect(refused.output()).toContain(`The data folder ${dir} is in use by another HealthCRM process (pid ${process.pid},`);
    await first.close();

    const second = startMain(dir);
    try {
      await second.running;
      expect(readDataDirLock(dir)?.pid).toBe(second.child.pid);
      // ...and now this process is the one refused.
      const err = await openDatabase({ dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as Error).message).toContain(`pid ${second.child.pid}`);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exit).toBe(0);

    // The first process's committed write is there: nobody overwrote the folder.
    const third = await openDatabase({ dataDir: dir });
    try {
      expect(await third.rows(sql`SELECT name FROM organizations WHERE slug = 'lock-test'`)).toEqual([{ name: 'Lock test' }]);
    } finally {
      await third.close();
    }
  }, 180_000);
});
