// The data folder lock (issue 10 item 3) on its own: taken atomically, refused while its holder lives,
// taken over when the holder is gone or its pid belongs to another process now, released only by its owner.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir, processStartMarker, readDataDirLock } from './data-dir-lock';

let root: string;
let dir: string;
let n = 0;
beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-lock-')));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const releases: (() => void)[] = [];
afterEach(() => {
  for (const r of releases.splice(0)) r();
});
const newDir = () => (dir = path.join(root, `d${++n}`));
const take = async (log?: (m: string) => void) => {
  const lock = await lockDataDir(dir, log ?? (() => {}));
  releases.push(lock.release);
  return lock;
};
const writeLock = (owner: { pid: number; start: string | null; at?: string }) => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ at: '2026-01-01T00:00:00.000Z', ...owner }));
};

/** A pid that belonged to a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

describe('lockDataDir', () => {
  it('creates the folder and a lock naming this process; a second open in this process is refused; release removes it', async () => {
    newDir();
    const lock = await take();
    expect(fs.existsSync(dir)).toBe(true);
    expect(readDataDirLock(dir)).toMatchObject({ pid: process.pid, start: processStartMarker(process.pid) });
    await expect(lockDataDir(dir)).rejects.toThrow(/already open in this process/);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
    await take(); // and again
  });

  it('refuses while the holder lives, naming the folder and its pid', async () => {
    newDir();
    const holder = spawn('sleep', ['30']);
    try {
      writeLock({ pid: holder.pid!, start: processStartMarker(holder.pid!) });
      const err = await lockDataDir(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as Error).message).toContain(`The data folder ${dir} is in use by another HealthCRM process (pid ${holder.pid}`);
      expect(readDataDirLock(dir)?.pid).toBe(holder.pid); // untouched
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a stale lock whose process is gone, and says so', async () => {
    newDir();
    const pid = deadPid();
    writeLock({ pid, start: 'whatever' });
    const log: string[] = [];
    await take((m) => log.push(m));
    expect(readDataDirLock(dir)?.pid).toBe(process.pid);
    expect(log).toEqual([expect.stringMatching(new RegExp(`Took over the stale lock of the data folder ${dir}: process ${pid} is gone`))]);
  });

  it.skipIf(!processStartMarker(process.pid))(
    'takes over a lock whose pid now belongs to another process (start marker differs)',
    async () => {
      newDir();
      const other = spawn('sleep', ['30']);
      try {
        writeLock({ pid: other.pid!, start: 'an-earlier-boot:123' });
        const log: string[] = [];
        await take((m) => log.push(m));
        expect(log.join()).toContain(`pid ${other.pid} now belongs to another process`);
      } finally {
        other.kill('SIGKILL');
      }
    },
  );

  it("takes over a lock naming this process's own pid that this process does not hold (a restarted container's pid 1)", async () => {
    newDir();
    writeLock({ pid: process.pid, start: 'an-earlier-boot:1' });
    const log: string[] = [];
    await take((m) => log.push(m));
    expect(log.join()).toContain('is this process now');
  });

  it('takes over an unreadable lock file once it is old (a start that died while writing it)', async () => {
    newDir();
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    await take();
    expect(readDataDirLock(dir)?.pid).toBe(process.pid);
  });

  it('release leaves alone a lock that another process holds by now', async () => {
    newDir();
    const lock = await lockDataDir(dir);
    writeLock({ pid: 999_999, start: null });
    lock.release();
    expect(readDataDirLock(dir)?.pid).toBe(999_999);
  });
});
