// Realtime under failure (issue 10, items 2, 4 and 5), against a whole server (`startServer`) on a
// PostgreSQL database of its own (on PGlite: the test app with the relay server.ts starts): one LISTEN connection that comes back after being killed (and catches up
// what was committed meanwhile), replay after a reconnect with Last-Event-ID, and streams that end
// with their session. Every negative assertion waits for a later positive signal (a sentinel).
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { FastifyReply } from 'fastify';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config';
import { startServer } from '../server';
import type { AppInstance } from '../app-types';
import type { Database } from '../db/client';
import { buildOrg, buildUser } from '../factories';
import { createTestApp, signIn, type Client } from '../../../tests/helpers/app';
import { Position, RealtimeHub, relayEvents } from './realtime';
import { buildApp } from '../app';
import { sha256 } from './auth/password';

const testDb = inject('testDb');
const onPostgres = testDb.kind === 'postgres';
/** The server under test: `startServer` on PostgreSQL; on PGlite the test app with the same relay (relayEvents) as server.ts. */
let running: { app: AppInstance; database: Database; url: string; close(): Promise<void> };
let base: string;
let admin: pg.Client | null = null;
let dbName = '';
let users: { manager: string; clinician: string; sdr: string; admin: string };
let clinicianId: string;
let orgId: string;

beforeAll(async () => {
  if (testDb.kind === 'postgres') {
    // A database of its own: pg_stat_activity then counts this server's listen connections only.
    admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
    dbName = `hcrm_rt_${Date.now()}_${process.pid}`;
    await admin.query(`CREATE DATABASE ${dbName}`);
    const config = loadConfig({
      DATABASE_URL: testDb.url.replace(/\/[^/]*$/, `/${dbName}`),
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      // The shared test database: no scheduled jobs (scoring, cleanup) under other test files.
      SCHEDULER_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      RELATIONSHIP_SCORING_MINUTES: '0',
      LOGIN_MAX_PER_ADDRESS: '100000',
      LOGIN_MAX_PER_ACCOUNT: '100000',
      DATABASE_POOL_SIZE: '4',
    } as NodeJS.ProcessEnv);
    running = await startServer(config, { log: () => {}, logger: false });
  } else {
    const t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const listener = await relayEvents(t.database, t.app.deps.realtime, { wake: () => {} });
    const { port } = t.app.server.address() as { port: number };
    running = {
      app: t.app,
      database: t.database,
      url: `http://127.0.0.1:${port}`,
      async close() {
        await listener();
        await t.close();
      },
    };
  }
  base = running.url;
  const db = running.database.db;
  const org = await buildOrg(db);
  orgId = org.id;
  const clinician = await buildUser(db, { orgId, role: 'clinician' });
  clinicianId = clinician.id;
  users = {
    manager: (await buildUser(db, { orgId, role: 'manager' })).email,
    clinician: clinician.email,
    sdr: (await buildUser(db, { orgId, role: 'sdr' })).email,
    admin: (await buildUser(db, { orgId, role: 'admin' })).email,
  };
}, 120_000);

afterAll(async () => {
  await running?.close();
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
});

const as = (email: string) => signIn(running.app, email, 'password123');

type Message = { event: string; id: string | null; data: string };
type Change = { type: string; aggregate_id: string };
type Stream = {
  status: number;
  messages: Message[];
  changes(): Change[];
  /** The id the browser's EventSource would send back as Last-Event-ID. */
  lastId: string | null;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
};

/** Opens GET /api/realtime as a browser's EventSource would, parsing messages per the SSE rules. */
function open(c: Client, opts: { lastEventId?: string | null; query?: boolean } = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { cookie: c.cookie!, accept: 'text/event-stream' };
    let url = `${base}/api/realtime`;
    if (opts.lastEventId && opts.query) url += `?last_event_id=${encodeURIComponent(opts.lastEventId)}`;
    else if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
    const req = http.get(url, { headers }, (res) => {
      let endedResolve: () => void = () => {};
      const ended = new Promise<void>((r) => (endedResolve = r));
      res.on('end', endedResolve);
      res.on('close', endedResolve);
      const s: Stream = {
        status: res.statusCode ?? 0,
        messages: [],
        changes: () => s.messages.filter((m) => m.event === 'change').map((m) => JSON.parse(m.data) as Change),
        lastId: opts.lastEventId ?? null,
        ended,
        close: () => req.destroy(),
      };
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          const data: string[] = [];
          let id: string | null = null;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
            else if (field === 'id') id = value;
          }
          if (id !== null) s.lastId = id; // EventSource keeps the last id even from a message without data
          if (data.length) s.messages.push({ event, id, data: data.join('\n') });
        }
      });
      resolve(s);
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}

const waitFor = async (what: string, cond: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const within = <T>(what: string, p: Promise<T>, ms = 15_000) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))]);
const count = (s: Stream, id: string) => s.changes().filter((c) => c.aggregate_id === id).length;

let n = 0;
/** A person made by the SDR: readable by managers and admins, not by clinicians. */
async function newPerson(sdr: Client): Promise<string> {
  const res = await sdr.post('/api/persons', { first_name: 'Re', last_name: `Play${++n}`, email: `rt.${Date.now()}.${n}@x.example` });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`person: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>().id;
}

/** The listen connections of this server's database (PostgreSQL). */
async function listenPids(): Promise<number[]> {
  const r = await admin!.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'healthcrm-listen' ORDER BY pid`,
    [dbName],
  );
  return r.rows.map((x) => x.pid);
}

describe('the LISTEN connection (item 2)', () => {
  it('stays exactly one through repeated kills and an outage, catches up, and delivers each change once', async () => {
    const mgr = await as(users.manager);
    const sdr = await as(users.sdr);
    const stream = await open(mgr);
    expect(stream.status).toBe(200);
    const hub = running.app.deps.realtime;
    if (!onPostgres) {
      // The embedded database has no connection to lose: the listener is in-process and always up.
      expect(hub.listenerState().status).toBe('up');
      const id = await newPerson(sdr);
      await waitFor('the change', () => count(stream, id) === 1);
      const sentinel = await newPerson(sdr);
      await waitFor('the sentinel', () => count(stream, sentinel) === 1);
      expect(count(stream, id)).toBe(1);
      stream.close();
      return;
    }
    await waitFor('one listen connection', async () => (await listenPids()).length === 1);
    const made: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const [pid] = await listenPids();
      await admin!.query('SELECT pg_terminate_backend($1)', [pid]);
      // Committed while the listener is (most likely) down: delivered by the catch-up after the reconnect.
      const id = await newPerson(sdr);
      made.push(id);
      await waitFor(`the change made after kill ${i}`, () => count(stream, id) >= 1);
      await waitFor(`the listener back up after kill ${i}`, () => hub.listenerState().status === 'up');
      const pids = await listenPids();
      expect(pids).toHaveLength(1);
      expect(pids[0]).not.toBe(pid);
    }
    // An outage longer than a second: every new listen connection is killed as it appears, for 3 s,
    // while changes are committed.
    const until = Date.now() + 3000;
    let nextChange = Date.now() + 500;
    let downSeen = false;
    while (Date.now() < until) {
      for (const pid of await listenPids()) await admin!.query('SELECT pg_terminate_backend($1)', [pid]);
      if (hub.listenerState().status === 'down') downSeen = true;
      if (Date.now() >= nextChange) {
        made.push(await newPerson(sdr));
        nextChange += 1000;
      }
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(downSeen).toBe(true);
    expect(hub.listenerState().last_error).toBeTruthy();
    await waitFor('the listener back up after the outage', () => hub.listenerState().status === 'up', 45_000);
    const after = await newPerson(sdr);
    made.push(after);
    for (const id of made) await waitFor(`change ${id}`, () => count(stream, id) >= 1, 15_000);
    const sentinel = await newPerson(sdr);
    await waitFor('the sentinel', () => count(stream, sentinel) === 1);
    expect(made.map((id) => count(stream, id))).toEqual(made.map(() => 1));
    expect(await listenPids()).toHaveLength(1);
    stream.close();
  }, 120_000);
});

describe('replay after a reconnect (item 4)', () => {
  it('delivers the changes made while a stream was closed, once each, to a user who may see them and not to one who may not', async () => {
    const mgr = await as(users.manager);
    const clin = await as(users.clinician);
    const sdr = await as(users.sdr);
    const adm = await as(users.admin);
    const m1 = await open(mgr);
    const c1 = await open(clin);
    // A patient of the clinician: both hear of it; their streams then hold an id.
    const patient = (
      await adm.post('/api/v1/patients', {
        first_name: 'Re',
        last_name: 'Play',
        email: `rp.${Date.now()}@x.example`,
        clinician_user_id: clinicianId,
      })
    ).json<{ id: string }>();
    await waitFor('the patient (manager)', () => count(m1, patient.id) === 1);
    await waitFor('the patient (clinician)', () => count(c1, patient.id) === 1);
    expect(m1.lastId).toMatch(/^\d+/);
    expect(c1.lastId).toMatch(/^\d+/);
    m1.close();
    c1.close();

    const missed: string[] = [];
    for (let i = 0; i < 6; i++) missed.push(await newPerson(sdr));

    const m2 = await open(mgr, { lastEventId: m1.lastId });
    const c2 = await open(clin, { lastEventId: c1.lastId, query: true });
    // The sentinel: a change to the clinician's patient, which both hear after the replay.
    expect((await adm.put(`/api/v1/patients/${patient.id}`, { notes: 'sentinel' })).statusCode).toBe(200);
    await waitFor('the six missed changes (manager)', () => missed.every((id) => count(m2, id) >= 1));
    await waitFor('the sentinel (manager)', () => count(m2, patient.id) === 1);
    await waitFor('the sentinel (clinician)', () => count(c2, patient.id) === 1);
    expect(missed.map((id) => count(m2, id))).toEqual([1, 1, 1, 1, 1, 1]);
    // In commit order, and the sentinel after them.
    const order = m2.changes().map((c) => c.aggregate_id);
    expect(order.filter((id) => missed.includes(id))).toEqual(missed);
    expect(order.indexOf(patient.id)).toBeGreaterThan(order.indexOf(missed[5]!));
    expect(missed.map((id) => count(c2, id))).toEqual([0, 0, 0, 0, 0, 0]);
    // Ids go up with the stream: each message's id is a domain_events.seq.
    const ids = m2.messages.filter((m) => m.event === 'change').map((m) => Number(m.id!.split(',')[0]));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    m2.close();
    c2.close();
  }, 60_000);

  it('replays an event that committed after a later one (its seq stays a gap in the id until it commits)', async () => {
    if (!onPostgres) {
      // One connection: transactions cannot commit out of order here. The position arithmetic instead.
      const p = new Position(9);
      p.add(11);
      expect(p.format()).toBe('11,10');
      expect(Position.parse('11,10')!.covers(10)).toBe(false);
      p.add(10);
      expect(p.format()).toBe('11');
      expect(Position.merge(Position.parse('20,15')!, Position.parse('12')!).format()).toBe('20,15');
      expect(Position.parse('12,15')).toBeNull();
      return;
    }
    const mgr = await as(users.manager);
    const sdr = await as(users.sdr);
    const person = await newPerson(sdr);
    // A transaction that takes its seq now and commits later.
    const holder = new pg.Client({ connectionString: testDb.url.replace(/\/[^/]*$/, `/${dbName}`) });
    await holder.connect();
    await holder.query('BEGIN');
    const [{ seq: held }] = (
      await holder.query<{ seq: string }>(
        `INSERT INTO domain_events (id, org_id, type, aggregate_type, aggregate_id, payload)
         VALUES (gen_random_uuid(), $1, 'TEST_LATE_COMMIT', 'person', $2, '{}') RETURNING seq`,
        [orgId, person],
      )
    ).rows as [{ seq: string }];
    const s1 = await open(mgr);
    const later = await newPerson(sdr);
    await waitFor('the later change', () => count(s1, later) === 1);
    expect(s1.lastId!.split(',')).toContain(String(held));
    s1.close();
    await holder.query('COMMIT');
    await holder.end();
    const s2 = await open(mgr, { lastEventId: s1.lastId });
    await waitFor('the late commit, replayed', () => s2.changes().some((c) => c.type === 'TEST_LATE_COMMIT' && c.aggregate_id === person));
    const sentinel = await newPerson(sdr);
    await waitFor('the sentinel', () => count(s2, sentinel) === 1);
    expect(count(s2, later)).toBe(0);
    expect(s2.changes().filter((c) => c.type === 'TEST_LATE_COMMIT')).toHaveLength(1);
    s2.close();
  }, 60_000);

  it('asks the browser to refetch everything (resync) when the gap is too old or unknown', async () => {
    const mgr = await as(users.manager);
    const sdr = await as(users.sdr);
    const s1 = await open(mgr);
    const first = await newPerson(sdr);
    await waitFor('a first change', () => count(s1, first) === 1);
    s1.close();
    const old = await newPerson(sdr);
    // The change after the stream's id is older than the replay bound (1 hour).
    await running.database.rows(sql`UPDATE domain_events SET created_at = now() - interval '2 hours' WHERE aggregate_id = ${old}`);
    const s2 = await open(mgr, { lastEventId: s1.lastId });
    await waitFor('resync (old gap)', () => s2.messages.some((m) => m.event === 'resync'));
    expect(count(s2, old)).toBe(0);
    // A live change still arrives after the resync.
    const live = await newPerson(sdr);
    await waitFor('a live change after the resync', () => count(s2, live) === 1);
    s2.close();
    const s3 = await open(mgr, { lastEventId: 'not-an-id', query: true });
    await waitFor('resync (unknown id)', () => s3.messages.some((m) => m.event === 'resync'));
    s3.close();
  }, 60_000);
});

describe('a stream ends with its session (item 5)', () => {
  it('ends after sign-out of its session', async () => {
    const mgr = await as(users.manager);
    const s = await open(mgr);
    const sdr = await as(users.sdr);
    const id = await newPerson(sdr);
    await waitFor('the stream is live', () => count(s, id) === 1);
    expect((await mgr.post('/api/auth/logout')).statusCode).toBe(200);
    await within('the stream to end after sign-out', s.ended);
    expect(s.messages.some((m) => m.event === 'session_ended')).toBe(true);
  }, 30_000);

  it.each([
    ['absolute expiry', (sid: string) => sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = ${sid}`],
    ['idle expiry', (sid: string) => sql`UPDATE sessions SET last_seen_at = now() - interval '1 day' WHERE id = ${sid}`],
    [
      'deactivation of its user',
      (sid: string) => sql`UPDATE users SET is_active = false WHERE id = (SELECT user_id FROM sessions WHERE id = ${sid})`,
    ],
    [
      'role change of its user',
      (sid: string) => sql`UPDATE users SET role = 'sdr' WHERE id = (SELECT user_id FROM sessions WHERE id = ${sid})`,
    ],
  ])(
    'ends at the %s, and does not itself keep the session alive',
    async (what, change) => {
      const mgr = await as((await buildUser(running.database.db, { orgId, role: 'manager' })).email);
      const s = await open(mgr);
      const sdr = await as(users.sdr);
      const id = await newPerson(sdr);
      await waitFor('the stream is live', () => count(s, id) === 1);
      const sessionId = sha256(decodeURIComponent(mgr.cookie!.split('=')[1]!));
      await running.database.rows(change(sessionId));
      const [before] = await running.database.rows<{ last_seen_at: string }>(
        sql`SELECT last_seen_at FROM sessions WHERE id = ${sessionId}`,
      );
      expect(before).toBeDefined();
      await within(`the stream to end after ${what}`, s.ended);
      const [after] = await running.database.rows<{ last_seen_at: string; revoked_at: string | null }>(
        sql`SELECT last_seen_at, revoked_at FROM sessions WHERE id = ${sessionId}`,
      );
      expect(String(after!.last_seen_at)).toBe(String(before!.last_seen_at));
      // Another user's stream goes on.
      const other = await open(await as(users.admin));
      const id2 = await newPerson(sdr);
      await waitFor('the other stream', () => count(other, id2) === 1);
      other.close();
    },
    30_000,
  );

  it('a stream opened while the sessions are being checked is not ended by that check', async () => {
    // Found by the bench: the check ended streams it had not asked about. A hub on a stand-in
    // database whose session query lets a new stream in before it answers.
    const hub = new RealtimeHub();
    const ended: string[] = [];
    const reply = (name: string) => {
      const raw = Object.assign(new EventEmitter(), {
        destroyed: false,
        writableEnded: false,
        writableLength: 0,
        write: () => true,
        end() {
          raw.writableEnded = true;
          ended.push(name);
        },
      });
      return { raw } as unknown as FastifyReply;
    };
    const actor = { orgId, userId: clinicianId, role: 'manager' as const, name: 'm', email: 'm@x.example', personId: null, requestId: 't' };
    const dialect = new PgDialect();
    let late: Promise<void> | null = null;
    const stand = {
      kind: 'pglite',
      rows: async (q: Parameters<Database['rows']>[0]) => {
        if (!dialect.sqlToQuery(q).sql.includes('FROM sessions')) return [{ max: 0 }];
        late ??= hub.subscribe(actor, reply('late'), { sessionId: 'late-session' });
        await late;
        return [{ sid: 'early-session', role: 'manager' }];
      },
    } as unknown as Database;
    hub.attach({ database: stand, sessionIdleMs: 60_000, sessionCheckMs: 3_600_000 });
    await hub.subscribe(actor, reply('early'), { sessionId: 'early-session' });
    await hub.checkSessions();
    expect(late).not.toBeNull();
    expect(hub.size).toBe(2);
    expect(ended).toEqual([]);
    hub.close();
  });

  it('ends when its server closes, and close() does not wait for it', async () => {
    const second = await buildApp({ config: running.app.deps.config, database: running.database, logger: false });
    await second.listen({ port: 0, host: '127.0.0.1' });
    const { port } = second.server.address() as { port: number };
    const mgr = await as(users.manager);
    const s = await new Promise<{ ended: Promise<void> }>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${port}/api/realtime`, { headers: { cookie: mgr.cookie! } }, (res) => {
          const ended = new Promise<void>((r) => res.on('close', r));
          res.once('data', () => resolve({ ended }));
        })
        .on('error', reject);
    });
    await within('close() with an open stream', second.close());
    await within('the stream to end', s.ended);
  });
});
