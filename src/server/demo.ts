// The demo organization created on first start of the embedded database: one user per role, and the
// demo data of every domain (its hooks, `demoSeeders`). All of it is ONE transaction: a start killed
// mid-seed leaves nothing (the next start seeds again), and no other instance ever sees a half-seeded
// demo. On PostgreSQL a transaction-scoped advisory lock keeps two instances starting together from
// both seeding: the second waits, then finds the demo made.
import { eq, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import * as schema from './db/schema';
import { organizations } from './db/schema';
import type { Database, Db } from './db/client';
import { buildOrg, buildPerson, buildUser } from './factories';
import type { Role } from '../shared/permissions';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_SLUG = 'demo';
export const DEMO_ACCOUNTS: { role: Role; email: string; name: string }[] = [
  { role: 'admin', email: 'admin@demo.example', name: 'Ada Admin' },
  { role: 'manager', email: 'manager@demo.example', name: 'Morgan Manager' },
  { role: 'liaison', email: 'liaison@demo.example', name: 'Lee Liaison' },
  { role: 'health_coach', email: 'coach@demo.example', name: 'Casey Coach' },
  { role: 'sdr', email: 'sdr@demo.example', name: 'Sam SDR' },
  { role: 'clinician', email: 'clinician@demo.example', name: 'Dr. Chris Clinician' },
  { role: 'patient', email: 'patient@demo.example', name: 'Pat Patient' },
];

/**
 * A hook of a domain that adds its demo data to the demo organization. `database` is the demo's
 * transaction seen as a Database: `db`, `rows`, `pool` (PostgreSQL: COPY goes through the transaction's
 * connection) and `pglite` (the PGlite transaction) all write inside it. A hook may open nested
 * transactions (`database.db.transaction`: savepoints); it cannot `listen` or `close`.
 */
export type DemoSeeder = (
  database: Database,
  ctx: { orgId: string; users: Record<Role, string>; size: 'tiny' | 'small'; log: (msg: string) => void },
) => Promise<void>;
export type DemoHook = { name: string; seed: DemoSeeder };
export const demoSeeders: DemoHook[] = [
  {
    name: 'relationships',
    seed: (database, ctx) => import('./domains/relationships/relationships.demo').then((m) => m.relationshipsDemoSeeder(database, ctx)),
  },
  {
    name: 'staff CRM',
    seed: (database, ctx) => import('./domains/staff-crm.demo').then((m) => m.staffCrmDemoSeeder(database, ctx)),
  },
  {
    name: 'portal health',
    seed: (database, ctx) => import('./portal-health.demo').then((m) => m.portalHealthDemoSeeder(database, ctx)),
  },
  {
    name: 'clinic records',
    seed: (database, ctx) => import('./domains/clinic-records/clinic-records.demo').then((m) => m.clinicRecordsDemoSeeder(database, ctx)),
  },
];

/** Any constant shared by all instances (migrations use 727_001). */
const DEMO_LOCK_KEY = 727_002;

export type DemoOptions = {
  size: 'none' | 'tiny' | 'small';
  log: (msg: string) => void;
  /** The hooks to run (default: `demoSeeders`). Tests inject a failing one here. */
  seeders?: DemoHook[];
};

async function demoOrgExists(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_SLUG)).limit(1);
  return !!existing;
}

/** Creates the demo organization with its data unless it exists; true when it was created now. */
export async function ensureDemoData(database: Database, opts: DemoOptions): Promise<boolean> {
  if (await demoOrgExists(database.db)) return false;
  const afterCommit: SQL[] = [];
  const created = await inTransaction(database, afterCommit, async (txDatabase) => {
    const db = txDatabase.db;
    if (database.kind === 'postgres') await db.execute(sql`SELECT pg_advisory_xact_lock(${DEMO_LOCK_KEY})`);
    if (await demoOrgExists(db)) return false; // another instance made it while this one waited for the lock
    opts.log('Creating the demo organization...');
    const org = await buildOrg(db, { name: 'Demo Health System', slug: DEMO_SLUG });
    const ids = {} as Record<Role, string>;
    for (const a of DEMO_ACCOUNTS) {
      let personId: string | null = null;
      if (a.role === 'patient' || a.role === 'clinician') {
        const [first, ...rest] = a.name.replace('Dr. ', '').split(' ');
        const person = await buildPerson(db, {
          orgId: org.id,
          firstName: first!,
          lastName: rest.join(' '),
          email: a.email,
          roles: [a.role === 'patient' ? 'patient' : 'physician'],
        });
        personId = person.id;
      }
      ids[a.role] = (
        await buildUser(db, { orgId: org.id, role: a.role, email: a.email, name: a.name, password: DEMO_PASSWORD, personId })
      ).id;
    }
    if (opts.size !== 'none') {
      for (const s of opts.seeders ?? demoSeeders) {
        const t0 = Date.now();
        await s.seed(txDatabase, { orgId: org.id, users: ids, size: opts.size, log: opts.log });
        opts.log(`  ${s.name}: ${Date.now() - t0} ms`);
      }
    }
    return true;
  });
  // Statements a transaction cannot hold (VACUUM), asked for by a hook: run once the data is committed.
  for (const q of afterCommit) await database.rows(q).catch((err: unknown) => opts.log(`  (skipped: ${(err as Error).message})`));
  return created;
}

const dialect = new PgDialect();
const refuse = (what: string) => () => Promise.reject(new Error(`${what} is not available inside the demo transaction`));

/**
 * Runs `fn` in one transaction, handing it the transaction as a Database (see DemoSeeder). Statements
 * that cannot run in a transaction are collected in `afterCommit` instead of failing it.
 */
async function inTransaction<T>(database: Database, afterCommit: SQL[], fn: (txDatabase: Database) => Promise<T>): Promise<T> {
  const view = (db: Db, extra: Pick<Database, 'pool' | 'pglite'>): Database => ({
    kind: database.kind,
    db,
    ...extra,
    async rows<R>(query: SQL, tx?: Db) {
      if (/^\s*vacuum\b/i.test(dialect.sqlToQuery(query).sql)) {
        afterCommit.push(query);
        return [];
      }
      const res = (await (tx ?? db).execute(query)) as unknown as { rows: R[] };
      return res.rows;
    },
    listen: refuse('listen'),
    close: refuse('close'),
  });

  if (database.kind === 'pglite') {
    const { drizzle } = await import('drizzle-orm/pglite');
    return database.pglite!.transaction(async (ptx) => {
      // drizzle's PGlite session begins a transaction through its client: this one is already open.
      const client = { query: ptx.query.bind(ptx), transaction: <R>(cb: (t: PgliteTransaction) => Promise<R>) => cb(ptx) };
      const outer = drizzle({ client: client as unknown as PGlite, schema });
      return outer.transaction((tx) => fn(view(tx as unknown as Db, { pglite: ptx as unknown as PGlite })));
    });
  }

  const { drizzle } = await import('drizzle-orm/node-postgres');
  const client = await database.pool!.connect();
  let failed = false;
  try {
    // drizzle on a client (not a pool) sends BEGIN/COMMIT/ROLLBACK on that client.
    return await drizzle(client, { schema }).transaction((tx) => fn(view(tx as unknown as Db, { pool: transactionPool(client) })));
  } catch (err) {
    failed = true; // the connection is dropped rather than trusted again
    throw err;
  } finally {
    client.release(failed);
  }
}

/**
 * A stand-in pool whose connections are the transaction's own connection, lent to one borrower at a
 * time (what COPY in relationships' generator needs). Each borrower may set session state
 * (`session_replication_role = replica` to load without triggers): it is reset when the borrower
 * releases, before the next statement runs, so only the borrower's COPY skips triggers.
 */
function transactionPool(client: PoolClient): Pool {
  let tail: Promise<void> = Promise.resolve();
  return {
    async connect(): Promise<PoolClient> {
      const previous = tail;
      let done!: () => void;
      tail = new Promise<void>((resolve) => (done = resolve));
      await previous;
      const release = () => {
        void client.query('RESET session_replication_role').catch(() => {});
        done();
      };
      return new Proxy(client, {
        get(target, prop) {
          if (prop === 'release') return release;
          const v: unknown = Reflect.get(target, prop, target);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    },
  } as unknown as Pool;
}
