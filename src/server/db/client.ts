// Opens the database: embedded PGlite in a data folder by default, PostgreSQL when DATABASE_URL is set.
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';
import { lockDataDir } from './data-dir-lock';

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
  /**
   * LISTEN on a channel; the callback gets each NOTIFY payload. Returns the listener: call it to
   * stop. On PostgreSQL one dedicated connection, re-established with backoff when lost.
   */
  listen(channel: string, cb: (payload: string) => void, opts?: ListenOptions): Promise<Listener>;
  close(): Promise<void>;
};

/** Whether a listener is listening: `down` since when, with the last connection error. */
export type ListenerState = { status: 'up' | 'down'; since: Date; lastError: string | null; reconnects: number };
export type ListenOptions = {
  /** Told of each loss of the connection, each failed attempt and each recovery. */
  log?: (level: 'info' | 'warn', message: string) => void;
  /** Called after the connection came back (not on the first connect): notifications sent meanwhile were lost. */
  onReconnect?: () => void;
  /** First and largest wait between reconnect attempts (default 500 ms, doubling up to 30 s, with jitter). */
  backoff?: { minMs: number; maxMs: number };
};
/** A LISTEN: call it to stop listening; `state()` tells whether it is up. */
export type Listener = (() => Promise<void>) & { state(): ListenerState };

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
  // A request waits at most 10 s for a connection (an outage, a pool taken by long work): then it is
  // answered 503 `unavailable` (platform/errors.ts) instead of hanging until the client gives up.
  const pool = new pg.default.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'healthcrm',
    connectionTimeoutMillis: 10_000,
  });
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
    async listen(channel, cb, opts = {}) {
      // One dedicated connection (not from the pool): LISTEN lives as long as its connection. A small
      // state machine: at most one client exists at a time (`current`, connecting or listening); when
      // it errors or ends it is closed and ONE reconnect is scheduled with exponential backoff and
      // jitter, for as long as it takes. Notifications sent while no connection listened are lost:
      // `onReconnect` lets the caller catch up from the table.
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel ${channel}`);
      const log = opts.log ?? (() => {});
      const { minMs, maxMs } = opts.backoff ?? { minMs: 500, maxMs: 30_000 };
      const state: ListenerState = { status: 'down', since: new Date(), lastError: null, reconnects: 0 };
      let current: import('pg').Client | null = null;
      let retry: NodeJS.Timeout | null = null;
      let ping: NodeJS.Timeout | null = null;
      let failures = 0;
      let connected = false; // once the first connect succeeded, a later success is a recovery
      let stopped = false;
      const lost = (c: import('pg').Client, err: unknown) => {
        if (c !== current) return; // an earlier client, already handled (errors and 'end' both come)
        current = null;
        if (ping) clearInterval(ping);
        ping = null;
        c.removeAllListeners('notification');
        void c.end().catch(() => {});
        if (stopped || !connected) return;
        const message = err instanceof Error ? err.message : String(err);
        state.lastError = message;
        const wait = Math.min(maxMs, minMs * 2 ** Math.min(failures, 20));
        const ms = Math.round(wait / 2 + (Math.random() * wait) / 2);
        if (state.status === 'up') {
          state.status = 'down';
          state.since = new Date();
          log('warn', `realtime: the LISTEN ${channel} connection was lost (${message}); reconnecting in ${ms} ms`);
        } else {
          log('warn', `realtime: LISTEN ${channel} reconnect attempt ${failures} failed (${message}); next try in ${ms} ms`);
        }
        failures++;
        retry = setTimeout(() => {
          retry = null;
          void connect().catch(() => {}); // a failure went through lost(), which scheduled the next try
        }, ms);
      };
      const connect = async () => {
        const c = new pg.default.Client({
          connectionString: url,
          application_name: 'healthcrm-listen',
          keepAlive: true,
          connectionTimeoutMillis: 10_000,
          query_timeout: 10_000,
        });
        current = c;
        c.on('notification', (m) => {
          if (c === current && m.channel === channel) cb(m.payload ?? '');
        });
        c.on('error', (err) => lost(c, err));
        c.on('end', () => lost(c, new Error('the connection was closed')));
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
        } catch (err) {
          lost(c, err);
          throw err;
        }
        if (c !== current) throw new Error('the connection was lost while listening');
        if (stopped) {
          current = null;
          await c.end().catch(() => {});
          return;
        }
        // A half-open connection (a peer gone without a reset) shows up on the next round trip.
        ping = setInterval(() => void c.query('SELECT 1').catch((err: unknown) => lost(c, err)), 30_000);
        ping.unref();
        const downFor = Date.now() - state.since.getTime();
        state.status = 'up';
        state.since = new Date();
        if (connected) {
          state.reconnects++;
          log(
            'info',
            `realtime: the LISTEN ${channel} connection is back after ${(downFor / 1000).toFixed(1)} s (${failures} failed attempts)`,
          );
          failures = 0;
          opts.onReconnect?.();
        }
        connected = true;
        failures = 0;
      };
      await connect(); // the first connect fails loudly: the server does not start without it
      const stop = async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        if (ping) clearInterval(ping);
        const c = current;
        current = null;
        await c?.end().catch(() => {});
      };
      return Object.assign(stop, { state: () => ({ ...state }) });
    },
    close: () => pool.end(),
  };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : undefined;
  // One process per data folder (db/data-dir-lock.ts): taken before PGlite touches it, released on close or exit.
  const lock = dataDir ? await lockDataDir(dataDir) : undefined;
  const pglite = new PGlite({
    dataDir,
    extensions: { pg_trgm },
    loadDataDir: opts.pgliteLoadDataDir,
    parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) },
  });
  if (lock) {
    const closePglite = pglite.close.bind(pglite);
    pglite.close = () => closePglite().finally(lock.release);
  }
  await pglite.waitReady.catch((err: unknown) => {
    lock?.release();
    throw err;
  });
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
      // In-process: there is no connection to lose, the listener is up as long as the database is open.
      const unsub = await pglite.listen(channel, cb);
      const state: ListenerState = { status: 'up', since: new Date(), lastError: null, reconnects: 0 };
      const stop = async () => {
        await unsub().catch?.(() => {});
      };
      return Object.assign(stop, { state: () => ({ ...state }) });
    },
    close: () => pglite.close(),
  };
}

export { sql };
