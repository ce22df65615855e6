// Issue 10 item 8: the demo data is created atomically. A hook failing mid-seed (or a start killed
// mid-seed) leaves no demo organization behind, and the next start seeds it fully; on PostgreSQL two
// instances starting together do not both seed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../db/client';
import { openTestDatabase } from '../../../tests/helpers/app';
import { DEMO_SLUG, demoSeeders, ensureDemoData, type DemoHook } from '../demo';
import { generatedIdCollisions } from '../domains/relationships/generate';
import { readDataDirLock } from '../db/data-dir-lock';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const isPg = inject('testDb').kind === 'postgres';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const count = async (db: Database, q: ReturnType<typeof sql>) => (await db.rows<{ n: number }>(q))[0]!.n;
const demoOrgs = (db: Database) => count(db, sql`SELECT count(*)::int AS n FROM organizations WHERE slug = ${DEMO_SLUG}`);

/** The demo organization's row counts: every hook's data is there. */
async function demoCounts(db: Database) {
  const [org] = await db.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE slug = ${DEMO_SLUG}`);
  if (!org) return null;
  const n = (table: string) => count(db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE org_id = ${org.id}`);
  return {
    users: await n('users'),
    relationships: await n('relationships'),
    relationshipSearch: await n('relationship_search'),
    products: await n('products'),
    leads: await n('leads'),
    patients: await n('patients'),
    appointments: await n('appointments'),
  };
}

function expectFullDemo(c: Awaited<ReturnType<typeof demoCounts>>) {
  expect(c).not.toBeNull();
  expect(c!.users).toBe(7 + 3); // one per role, and the relationships hook's three liaisons
  expect(c!.relationships).toBe(600);
  expect(c!.relationshipSearch).toBe(600);
  expect(c!.products).toBe(4);
  expect(c!.leads).toBe(80);
  expect(c!.patients).toBeGreaterThan(0);
  expect(c!.appointments).toBeGreaterThan(0);
}

describe('demo data is one transaction', () => {
  it('a hook failing mid-seed leaves no demo organization, users or hook data; the next start seeds it fully', async () => {
    expect(await demoOrgs(database)).toBe(0);
    const boom: DemoHook = {
      name: 'boom',
      seed: async (txDatabase, ctx) => {
        // The earlier hooks' data is there, inside the transaction...
        expect(await count(txDatabase, sql`SELECT count(*)::int AS n FROM relationships WHERE org_id = ${ctx.orgId}`)).toBe(600);
        throw new Error('injected failure mid-seed');
      },
    };
    const [first, ...rest] = demoSeeders;
    await expect(ensureDemoData(database, { size: 'tiny', log: () => {}, seeders: [first!, boom, ...rest] })).rejects.toThrow(
      'injected failure mid-seed',
    );
    // ...and none of it outside.
    expect(await demoOrgs(database)).toBe(0);
    expect(await count(database, sql`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@demo.example'`)).toBe(0);
    expect(await generatedIdCollisions(database, { size: 'tiny' })).toEqual([]);

    // The next start: every hook runs, and each finds the session as it should (triggers on after the COPY loads).
    const replicationRole: string[] = [];
    const probe: DemoHook = {
      name: 'probe',
      seed: async (txDatabase) => {
        const [r] = await txDatabase.rows<{ role: string }>(sql`SELECT current_setting('session_replication_role') AS role`);
        replicationRole.push(r!.role);
      },
    };
    const log: string[] = [];
    const [relationships, ...others] = demoSeeders;
    const seed = (db: Database) =>
      ensureDemoData(db, { size: 'tiny', log: (m) => log.push(m), seeders: [relationships!, probe, ...others] });
    if (isPg) {
      // Two instances starting together on one PostgreSQL: one seeds, the other waits and finds it made.
      const second = await openDatabase({ databaseUrl: (inject('testDb') as { url: string }).url, poolSize: 2 });
      try {
        const results = await Promise.all([seed(database), seed(second)]);
        expect(results.sort()).toEqual([false, true]);
      } finally {
        await second.close();
      }
    } else {
      expect(await seed(database)).toBe(true);
    }
    expect(replicationRole).toEqual(['origin']);
    expect(log.filter((m) => m.startsWith('Creating the demo organization'))).toHaveLength(1);
    expect(await demoOrgs(database)).toBe(1);
    expectFullDemo(await demoCounts(database));
    expect(await ensureDemoData(database, { size: 'tiny', log: () => {} })).toBe(false);
  }, 180_000);
});

describe.skipIf(isPg)('a start killed mid-seed (PGlite data folder)', () => {
  let dir: string;
  beforeAll(async () => {
    // A migrated data folder, made from the run's dump (migrating a new folder takes ~20 s here).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-demo-kill-'));
    const { dumpPath } = inject('testDb') as { dumpPath: string };
    const seeded = await openDatabase({ dataDir: dir, pgliteLoadDataDir: new Blob([fs.readFileSync(dumpPath)]) });
    await seeded.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kill -9 while the demo is being written leaves no demo; the next start seeds it fully (and takes over the stale folder lock)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', PORT: '0', DEMO_DATA: 'true', DEMO_SIZE: 'tiny', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    // Killed once the organization, its users and part of the relationships are written.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no seeding progress within 90 s:\n${output}`)), 90_000);
      child.stdout!.on('data', (d: Buffer) => {
        output += String(d);
        if (/referrals [\d,]+/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (d: Buffer) => (output += String(d)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(readDataDirLock(dir)?.pid).toBe(child.pid); // left behind: its process is gone

    const log: string[] = [];
    const restarted = await openDatabaseLogged(dir, log);
    try {
      expect(log.join('\n')).toMatch(new RegExp(`stale lock.*process ${child.pid} is gone`));
      expect(await demoOrgs(restarted)).toBe(0);
      expect(await ensureDemoData(restarted, { size: 'tiny', log: () => {} })).toBe(true);
      expectFullDemo(await demoCounts(restarted));
    } finally {
      await restarted.close();
    }
  }, 180_000);
});

/** Opens a data folder, collecting what the lock logs (console.warn) meanwhile. */
async function openDatabaseLogged(dir: string, log: string[]): Promise<Database> {
  const warn = console.warn;
  console.warn = (...a: unknown[]) => log.push(a.map(String).join(' '));
  try {
    return await openDatabase({ dataDir: dir });
  } finally {
    console.warn = warn;
  }
}
