// Opens the database: embedded PGlite in a data folder by default, PostgreSQL when DATABASE_URL is set.
import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: services pass it down explicitly. */
export type Tx = Db;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Rows of a raw SQL statement, the same shape on both drivers. */
  rows<T = Record<string, unknown>>(query: SQL, tx?: Db): Promise<T[]>;
  /** The node-postgres pool (postgres only), for COPY and cursors. */
  pool?: import('pg').Pool;
  /** The PGlite instance (pglite only). */
  pglite?: import('@electric-sql/pglite').PGlite;
  /** LISTEN on a channel; the callback gets each NOTIFY payload. Returns an unlisten function. */
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export type OpenOptions = { databaseUrl?: string; dataDir?: string; poolSize?: number; pgliteLoadDataDir?: Blob | File };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // Dates stay strings for `date`; bigint counts come back as numbers.
  pg.default.types.setTypeParser(20, (v: string) => Number(v));
  pg.default.types.setTypeParser(1700, (v: string) => Number(v));
  const pool = new pg.default.Pool({ connectionString: url, max: poolSize, application_name: 'healthcrm' });
  pool.on('error', () => {}); // idle client errors surface on the next query
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    async rows<T>(query: SQL, tx?: Db) {
      const res = (await (tx ?? db).execute(query)) as unknown as { rows: T[] };
      return res.rows;
    },
    async listen(channel, cb) {
      // A dedicated connection (not from the pool): LISTEN lives as long as its connection.
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel ${channel}`);
      let client: import('pg').Client | null = null;
      let stopped = false;
      const connect = async () => {
        const c = new pg.default.Client({ connectionString: url, application_name: 'healthcrm-listen' });
        c.on('notification', (m) => {
          if (m.channel === channel) cb(m.payload ?? '');
        });
        c.on('error', () => {
          if (!stopped) setTimeout(() => void connect().catch(() => {}), 1000);
        });
        await c.connect();
        await c.query(`LISTEN ${channel}`);
        client = c;
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => {});
      };
    },
    close: () => pool.end(),
  };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : undefined;
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite({
    dataDir,
    extensions: { pg_trgm },
    loadDataDir: opts.pgliteLoadDataDir,
    parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) },
  });
  await pglite.waitReady;
  const db = drizzle(pglite, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite,
    async rows<T>(query: SQL, tx?: Db) {
      const res = (await (tx ?? db).execute(query)) as unknown as { rows: T[] };
      return res.rows;
    },
    async listen(channel, cb) {
      const unsub = await pglite.listen(channel, cb);
      return async () => {
        await unsub().catch?.(() => {});
      };
    },
    close: () => pglite.close(),
  };
}

export { sql };
