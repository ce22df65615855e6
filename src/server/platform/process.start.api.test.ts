// Issue 10 item 9b: `npm start` (scripts/start.mjs) exits non-zero when the server is killed by a signal
// (128 + its number, as a shell says), passes SIGTERM/SIGINT/SIGHUP on, and never leaves an orphan server
// answering on its port when the wrapper itself is killed.
// The wrapper's behaviour does not depend on the database: run on PGlite only (on the shared PostgreSQL
// test database the server's dispatcher would take other test files' events).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase } from '../db/client';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const testDb = inject('testDb');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

// One migrated data folder (made from the run's dump) for every start: a server killed by SIGKILL leaves
// its folder lock behind, and the next start takes it over (db/data-dir-lock.ts).
let dir = '';
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-start-'));
  if (testDb.kind !== 'pglite') return;
  const database = await openDatabase({ dataDir: dir, pgliteLoadDataDir: new Blob([fs.readFileSync(testDb.dumpPath)]) });
  await database.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by whoever adopted it) is gone too.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function until<T>(what: string, fn: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Started = { wrapper: ChildProcess; serverPid: number; url: string; exit: Promise<{ code: number | null; signal: string | null }> };

/** `npm start` on the data folder: resolves once the server answers, with the server's own pid. */
async function npmStart(): Promise<Started> {
  const wrapper = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      START_SKIP_BUILD: '1', // the web app is not what is tested (and building it here would race the browser tests)
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
  cleanups.push(() => {
    if (wrapper.exitCode === null && wrapper.signalCode === null) wrapper.kill('SIGKILL');
  });
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    wrapper.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let output = '';
  wrapper.stdout!.on('data', (d: Buffer) => (output += String(d)));
  wrapper.stderr!.on('data', (d: Buffer) => (output += String(d)));
  const url = await until(
    'the server to start',
    () => /running at (http:\/\/\S+)/.exec(output)?.[1] ?? (wrapper.exitCode !== null && fail(output)),
    90_000,
  );
  const serverPid = Number(fs.readFileSync(`/proc/${wrapper.pid}/task/${wrapper.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  expect(serverPid).toBeGreaterThan(0);
  cleanups.push(() => {
    if (alive(serverPid)) process.kill(serverPid, 'SIGKILL');
  });
  expect((await fetch(`${url}/api/health`)).status).toBe(200);
  return { wrapper, serverPid, url, exit };
}

function fail(output: string): never {
  throw new Error(`npm start exited before the server ran:\n${output}`);
}

describe.skipIf(testDb.kind !== 'pglite')('npm start (scripts/start.mjs)', () => {
  it('exits 137 (128 + SIGKILL) when the server is killed by a signal, so a supervisor restarts it', async () => {
    const s = await npmStart();
    process.kill(s.serverPid, 'SIGKILL');
    expect(await s.exit).toEqual({ code: 137, signal: null });
  }, 120_000);

  it('killed itself (SIGKILL), it takes the server with it: no orphan left answering on the port', async () => {
    const s = await npmStart();
    s.wrapper.kill('SIGKILL');
    expect(await s.exit).toEqual({ code: null, signal: 'SIGKILL' });
    await until('the orphaned server to exit', () => !alive(s.serverPid), 20_000);
    await expect(fetch(`${s.url}/api/health`)).rejects.toThrow();
  }, 120_000);

  it('passes SIGTERM and SIGHUP on: the server shuts down cleanly and npm start exits 0', async () => {
    for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
      const s = await npmStart();
      s.wrapper.kill(sig);
      expect(await s.exit).toEqual({ code: 0, signal: null });
      expect(alive(s.serverPid)).toBe(false);
      expect(fs.existsSync(path.join(dir, 'healthcrm.lock'))).toBe(false); // closed cleanly: the folder lock is released
    }
  }, 180_000);
});
