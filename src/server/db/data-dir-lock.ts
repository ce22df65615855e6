// One process per embedded (PGlite) data folder. PGlite has no lock of its own: a second process opening
// the same folder starts without complaint and each overwrites the other's pages (acknowledged writes
// lost). The folder therefore holds a lock file, created atomically (O_CREAT | O_EXCL), naming the pid
// and the start marker of the process that holds it. A lock whose process is gone (or whose pid now
// belongs to another process) is stale and taken over; the lock is released on close and on exit.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export const LOCK_FILE = 'healthcrm.lock';

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly holder: LockOwner | null,
    why?: string,
  ) {
    super(
      why ??
        `The data folder ${dataDir} is in use by another HealthCRM process` +
          (holder ? ` (pid ${holder.pid}, since ${holder.at})` : '') +
          `. Stop that process first, or set DATA_DIR to another folder. ` +
          `Two processes on one embedded database lose each other's writes.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** What the lock file holds. `start` tells a live process from a later one that reuses its pid. */
export type LockOwner = { pid: number; start: string | null; at: string };

export type DataDirLock = { file: string; release(): void };

/** Folders this process holds (a second PGlite on one folder in one process is as harmful). */
const held = new Map<string, { file: string; content: string }>();
let exitHookInstalled = false;

/**
 * An identity of a running process that survives nothing: the boot id and the process's start time
 * in clock ticks since boot (Linux /proc). Null where /proc is not available: liveness then rests on
 * the pid alone.
 */
export function processStartMarker(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces and parentheses: field 3 onwards.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = fields[19];
    const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTicks ? `${bootId}:${startTicks}` : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(content: string): LockOwner | null {
  try {
    const v = JSON.parse(content) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return null;
    return { pid: v.pid, start: typeof v.start === 'string' ? v.start : null, at: typeof v.at === 'string' ? v.at : 'unknown' };
  } catch {
    return null;
  }
}

/** Why the holder of a lock no longer holds it, or null when it does. */
function staleReason(owner: LockOwner): string | null {
  // Our own pid in a lock this process does not hold: a previous process with our pid (a container
  // restarted as pid 1, say) died without releasing it.
  if (owner.pid === process.pid) return `its pid ${owner.pid} is this process now`;
  if (!isAlive(owner.pid)) return `process ${owner.pid} is gone`;
  const now = processStartMarker(owner.pid);
  if (owner.start && now && owner.start !== now) return `pid ${owner.pid} now belongs to another process`;
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function releaseSync(dir: string) {
  const h = held.get(dir);
  if (!h) return;
  held.delete(dir);
  try {
    // Only our own lock: never one another process took over in the meantime.
    if (fs.readFileSync(h.file, 'utf8') === h.content) fs.unlinkSync(h.file);
  } catch {
    /* already gone */
  }
}

/**
 * Takes the lock of a data folder (created if missing) or throws DataDirLockedError naming the folder
 * and the pid holding it. A stale lock is taken over and `log` says so.
 */
export async function lockDataDir(dataDir: string, log: (msg: string) => void = (m) => console.warn(m)): Promise<DataDirLock> {
  fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const dir = fs.realpathSync(path.resolve(dataDir));
  const file = path.join(dir, LOCK_FILE);
  if (held.has(dir))
    throw new DataDirLockedError(dir, null, `The data folder ${dir} is already open in this process (pid ${process.pid}).`);
  const me: LockOwner = { pid: process.pid, start: processStartMarker(process.pid), at: new Date().toISOString() };
  const content = JSON.stringify(me) + '\n';
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx', 0o644);
      try {
        fs.writeSync(fd, content);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let existing: string;
    let mtimeMs: number;
    try {
      existing = fs.readFileSync(file, 'utf8');
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
      throw err;
    }
    const owner = parseOwner(existing);
    let reason: string | null;
    if (owner) reason = staleReason(owner);
    else if (Date.now() - mtimeMs > 2_000) reason = 'it names no process';
    else if (Date.now() < deadline) {
      await sleep(50); // being written by a process that starts right now
      continue;
    } else throw new DataDirLockedError(dir, null);
    if (!reason) throw new DataDirLockedError(dir, owner);
    // Take it over: move it aside (atomic), and check that what moved is the lock judged stale, not a
    // fresh one that another starting process put there in the meantime (which is then put back).
    const aside = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.stale`;
    try {
      fs.renameSync(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = fs.readFileSync(aside, 'utf8');
    if (moved !== existing) {
      try {
        fs.linkSync(aside, file);
      } catch {
        /* a third process holds it now */
      }
      fs.unlinkSync(aside);
      if (Date.now() > deadline) throw new DataDirLockedError(dir, parseOwner(moved));
      continue;
    }
    fs.unlinkSync(aside);
    log(`Took over the stale lock of the data folder ${dir}: ${reason} (${owner ? `held since ${owner.at}` : 'unreadable'}).`);
  }
  held.set(dir, { file, content });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const d of [...held.keys()]) releaseSync(d);
    });
  }
  return { file, release: () => releaseSync(dir) };
}

/** The holder named by a folder's lock file, if any (for messages and tests). */
export function readDataDirLock(dataDir: string): LockOwner | null {
  try {
    return parseOwner(fs.readFileSync(path.join(path.resolve(dataDir), LOCK_FILE), 'utf8'));
  } catch {
    return null;
  }
}
