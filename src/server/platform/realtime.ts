// Realtime: committed domain events relayed to signed-in browsers over Server-Sent Events.
// A message names what changed (type, aggregate, id), never its data: the browser refetches
// through the API, which checks access again. Delivery is filtered by organization and role.
//
// Nothing lost, nothing doubled (docs/architecture.md, "Realtime"):
// - every message carries `id:` = a position in `domain_events.seq` (see Position); a stream that
//   reconnects with that id (Last-Event-ID, or ?last_event_id=) first replays what it missed, in seq
//   order, then goes live: live messages wait while it replays and those already replayed are dropped;
//   a gap too old to replay (REPLAY_MAX_*) gets `event: resync` and the browser refetches everything;
// - the instance relays events in the order their NOTIFY arrived, once each (`recent`); after its
//   LISTEN connection came back it catches up from the table (`catchUp`);
// - a stream ends with its session: every few seconds one query re-checks the sessions of all streams.
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { sql } from 'drizzle-orm';
import { scopeFor, type Resource } from '../../shared/permissions';
import { TOKEN_MAX_DAYS } from '../../shared/schemas/auth';
import type { Database, Listener } from '../db/client';
import type { Actor } from './context';
import { policyOfAggregate } from './policy';
import { withAudience } from './realtime-audience';

export type ChangeMessage = {
  id: string;
  org_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  user_id: string | null;
  /** The users the aggregate's policy lets read the record (withAudience); null when it has no row-level policy. */
  audience: string[] | null;
  /** `domain_events.seq`: the stream position of the event (looked up when the notification lacks it). */
  seq?: number;
};

/** A reconnecting stream replays at most this many events of its organization... */
export const REPLAY_MAX_EVENTS = 1000;
/** ...and only when the first event it missed is at most this old; beyond either bound it gets `resync`. */
export const REPLAY_MAX_AGE_MS = 60 * 60_000;
/** After its LISTEN connection came back, an instance catches up at most this many events (all organizations); beyond, every stream gets `resync`. */
export const CATCH_UP_MAX_EVENTS = 10_000;
/** How long a position keeps naming a seq below it that had not committed yet; after this it is taken as rolled back. */
const GAP_TTL_MS = 2 * 60_000;
/** Gaps tracked below the newest seq; a larger jump (a huge transaction in flight) counts the older ones as passed. */
const MAX_TRACKED_GAPS = 10_000;
/** Gaps written into an id; with more, the id falls back to the lowest gap (the client may then be told twice, never less). */
const MAX_GAPS_IN_ID = 32;
/** Seqs remembered as relayed, against doubles (a NOTIFY racing the catch-up). */
const RECENT_SEQS = 50_000;
/** Audiences remembered by event id: a reconnecting crowd replays the same events. */
const AUDIENCE_CACHE = 5_000;
/** A stream whose client does not read (this much unsent) is ended; it reconnects and replays. */
const MAX_UNSENT_BYTES = 1 << 20;
const HEARTBEAT_MS = 25_000;

/** Which resource an aggregate belongs to; unknown aggregates are never delivered. */
const RESOURCE_OF: Record<string, Resource> = {
  person: 'persons',
  user: 'users',
  relationship: 'relationships',
  campaign: 'relationships',
  referral: 'relationships',
  lead: 'leads',
  product: 'products',
  patient: 'patients',
  call: 'calls',
  ct_journey: 'journeys',
  eap_journey: 'journeys',
  task: 'tasks',
  appointment: 'appointments',
  lab_result: 'clinical_records',
  prescription: 'clinical_records',
  provider_note: 'clinical_records',
};

export function mayReceive(actor: Pick<Actor, 'orgId' | 'userId' | 'role'>, msg: ChangeMessage): boolean {
  if (msg.org_id !== actor.orgId) return false;
  const resource = RESOURCE_OF[msg.aggregate_type];
  if (!resource) return false;
  if (!scopeFor(actor.role, resource, 'read')) return false;
  // A record under a row-level policy reaches exactly the users its policy names; an
  // organization-level resource (users, products, campaigns) every role with the read grant.
  if (policyOfAggregate(msg.aggregate_type)) return Array.isArray(msg.audience) && msg.audience.includes(actor.userId);
  return true;
}

/**
 * A position in the event stream: every event with `seq <= pos` has been passed, except the `gaps`
 * (seqs below `pos` that had not committed when a later one was relayed: seqs are taken at insert,
 * events arrive at commit). Written as the SSE id: `pos`, or `pos,gap,gap,...`.
 */
export class Position {
  constructor(
    public pos: number,
    /** seq -> when it became a gap (ms). */
    public gaps = new Map<number, number>(),
  ) {}

  static parse(id: string | null | undefined): Position | null {
    if (!id || !/^\d{1,15}(,\d{1,15}){0,64}$/.test(id)) return null;
    const [pos, ...gaps] = id.split(',').map(Number) as [number, ...number[]];
    if (gaps.some((g) => g >= pos)) return null;
    const now = Date.now();
    return new Position(pos, new Map(gaps.map((g) => [g, now])));
  }

  covers(seq: number) {
    return seq <= this.pos && !this.gaps.has(seq);
  }

  /** Passes `seq`; the seqs between the old position and a later seq become gaps. */
  add(seq: number, now = Date.now()) {
    if (seq > this.pos) {
      for (let s = Math.max(this.pos + 1, seq - MAX_TRACKED_GAPS); s < seq; s++) this.gaps.set(s, now);
      this.pos = seq;
    } else this.gaps.delete(seq);
  }

  expire(now = Date.now()) {
    for (const [s, t] of this.gaps) if (now - t > GAP_TTL_MS) this.gaps.delete(s);
  }

  /** Everything at or below is passed. */
  low() {
    let low = this.pos;
    for (const g of this.gaps.keys()) if (g - 1 < low) low = g - 1;
    return low;
  }

  format(): string {
    if (!this.gaps.size) return String(this.pos);
    if (this.gaps.size > MAX_GAPS_IN_ID) return String(this.low());
    return [this.pos, ...[...this.gaps.keys()].sort((a, b) => b - a)].join(',');
  }

  clone() {
    return new Position(this.pos, new Map(this.gaps));
  }

  /** Passed by either. */
  static merge(a: Position, b: Position): Position {
    const gaps = new Map<number, number>();
    for (const [g, t] of a.gaps) if (!b.covers(g)) gaps.set(g, t);
    for (const [g, t] of b.gaps) if (!a.covers(g)) gaps.set(g, t);
    return new Position(Math.max(a.pos, b.pos), gaps);
  }

  /** Everything `other` has passed, this has passed too. */
  dominates(other: Position) {
    if (this.pos < other.pos) return false;
    for (const g of this.gaps.keys()) if (g <= other.pos && !other.gaps.has(g)) return false;
    return true;
  }
}

type Subscriber = {
  actor: Actor;
  /** The session behind the stream (sessions.id, or `token:<id>` for an API token); null: never re-checked. */
  sessionId: string | null;
  reply: FastifyReply;
  /** What the client had when it connected (its Last-Event-ID); null for a fresh stream. */
  since: Position | null;
  /** While it replays, live messages wait here (with the instance's position when they were relayed). */
  buffer: { msg: ChangeMessage; data: string; id: string | null }[] | null;
  /** Seqs the replay wrote: not written again when they come live. */
  replayed: Set<number>;
  closed: boolean;
};

type Log = Pick<FastifyBaseLogger, 'info' | 'warn'>;

/** What `/api/health` says of realtime (`listenerState()`). */
export type RealtimeListenerState = {
  /** up: listening; down: the LISTEN connection is lost and being re-established; off: no listener (tests, tools). */
  status: 'up' | 'down' | 'off';
  /** Since when it is up or down (ISO). */
  since: string | null;
  last_error: string | null;
  /** How often the connection came back since the start. */
  reconnects: number;
};

type EventRow = {
  id: string;
  org_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  user_id: string | null;
  seq: number | string;
};

const EVENT_COLUMNS = sql.raw('id, org_id, type, aggregate_type, aggregate_id, user_id, seq');
const rowToMessage = (r: EventRow): ChangeMessage & { seq: number } => ({
  id: r.id,
  org_id: r.org_id,
  type: r.type,
  aggregate_type: r.aggregate_type,
  aggregate_id: r.aggregate_id,
  user_id: r.user_id,
  audience: null,
  seq: Number(r.seq),
});
const dataOf = (msg: ChangeMessage) =>
  JSON.stringify({ type: msg.type, aggregate_type: msg.aggregate_type, aggregate_id: msg.aggregate_id, id: msg.id });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class RealtimeHub {
  private subs = new Set<Subscriber>();
  private heartbeat: NodeJS.Timeout;
  private sessionTimer: NodeJS.Timeout | null = null;
  private database: Database | null = null;
  private sessionIdleMs = 15 * 60_000;
  private log: Log = { info: () => {}, warn: () => {} };
  /** How often the sessions of open streams are re-checked. */
  private sessionCheckMs = 3000;
  private checkingSessions = false;
  /** Up to where this instance has relayed (null until known). */
  private position: Position | null = null;
  private positionReady: Promise<void> | null = null;
  private recent = new Set<number>();
  private chain: Promise<void> = Promise.resolve();
  private audiences = new Map<string, string[] | null>();
  private seqWaiting = new Map<string, { resolve: (seq: number | null) => void; reject: (err: unknown) => void }[]>();
  private listener: Listener | null = null;
  private closed = false;

  constructor() {
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Gives the hub its database (replay, catch-up, session checks); done by the realtime routes. */
  attach(opts: { database: Database; sessionIdleMs: number; log?: Log; sessionCheckMs?: number }) {
    this.database = opts.database;
    this.sessionIdleMs = opts.sessionIdleMs;
    if (opts.log) this.log = opts.log;
    if (opts.sessionCheckMs) this.sessionCheckMs = opts.sessionCheckMs;
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    this.sessionTimer = setInterval(() => void this.checkSessions(), this.sessionCheckMs);
    this.sessionTimer.unref();
  }

  get size() {
    return this.subs.size;
  }

  /** The LISTEN connection that feeds the hub (relayEvents). */
  setListener(listener: Listener | null) {
    this.listener = listener;
  }

  /** For /api/health: is this instance hearing of committed events? */
  listenerState(): RealtimeListenerState {
    const s = this.listener?.state();
    if (!s) return { status: 'off', since: null, last_error: null, reconnects: 0 };
    return { status: s.status, since: s.since.toISOString(), last_error: s.lastError, reconnects: s.reconnects };
  }

  /**
   * Adds a stream. With `lastEventId` it first replays what the client missed since then (or says
   * `resync`), then goes live; in both cases it ends with an `id:` line giving the position.
   */
  async subscribe(actor: Actor, reply: FastifyReply, opts: { sessionId?: string | null; lastEventId?: string | null } = {}) {
    const sub: Subscriber = {
      actor,
      sessionId: opts.sessionId ?? null,
      reply,
      since: null,
      buffer: [],
      replayed: new Set(),
      closed: false,
    };
    this.subs.add(sub);
    reply.raw.on('close', () => {
      sub.closed = true;
      this.subs.delete(sub);
    });
    try {
      await this.ensurePosition();
      if (opts.lastEventId) await this.replay(sub, opts.lastEventId);
    } catch (err) {
      // The database is unreachable: end the stream, the browser reconnects with the same id.
      this.log.warn({ err: { message: (err as Error).message } }, 'realtime: replay failed; ending the stream');
      this.end(sub);
      return;
    }
    const buffered = sub.buffer ?? [];
    sub.buffer = null;
    for (const b of buffered) this.deliver(sub, b.msg, b.data, b.id);
    for (const seq of sub.replayed) if (this.recent.has(seq)) sub.replayed.delete(seq);
    if (this.position) this.write(sub, `id: ${this.idFor(sub, this.position.format())}\n\n`);
  }

  /**
   * Relays a message whose audience is known, to every stream that may receive it. With a `seq` it
   * is relayed once (a second time is dropped) and carries the instance's position as its id.
   */
  publish(msg: ChangeMessage) {
    let id: string | null = null;
    if (typeof msg.seq === 'number') {
      if (this.recent.has(msg.seq)) return;
      this.remember(msg.seq);
      this.position ??= new Position(msg.seq - 1);
      this.position.add(msg.seq);
      id = this.position.format();
    }
    const data = dataOf(msg);
    for (const s of this.subs) {
      if (s.buffer) s.buffer.push({ msg, data, id });
      else this.deliver(s, msg, data, id);
    }
  }

  /** A committed event announced by NOTIFY: looked up, given its audience, relayed in arrival order. */
  ingest(msg: ChangeMessage) {
    const prepared = this.prepare(msg);
    prepared.catch(() => {}); // handled below, in order
    this.chain = this.chain
      .then(() => prepared)
      .then((m) => {
        if (m && !this.closed) this.publish(m);
      })
      .catch((err: unknown) => {
        // Could not be read after retries: whoever may have missed it refetches.
        this.log.warn({ err: { message: (err as Error).message } }, 'realtime: an event could not be relayed; streams resync');
        this.resyncAll();
      });
  }

  /**
   * After the LISTEN connection came back: the events committed meanwhile, from the table, in seq
   * order (those already relayed are dropped). Too many: every stream resyncs.
   */
  catchUp(): Promise<void> {
    const run = async () => {
      if (!this.database || this.closed) return;
      await this.ensurePosition();
      const low = this.position!.low();
      const rows = await this.database.rows<EventRow>(
        sql`SELECT ${EVENT_COLUMNS} FROM domain_events WHERE seq > ${low} ORDER BY seq LIMIT ${CATCH_UP_MAX_EVENTS + 1}`,
      );
      if (rows.length > CATCH_UP_MAX_EVENTS) {
        const [last] = await this.database.rows<{ max: number | string }>(sql`SELECT max(seq) AS max FROM domain_events`);
        this.position = new Position(Number(last!.max));
        this.log.warn(`realtime: more than ${CATCH_UP_MAX_EVENTS} events to catch up; every stream resyncs`);
        this.resyncAll();
        return;
      }
      const fresh = rows.map(rowToMessage).filter((m) => !this.recent.has(m.seq));
      const ready = fresh.map((m) => (this.subs.size ? this.audienceOf(m) : Promise.resolve(this.unaddressed(m))));
      for (const p of ready) p.catch(() => {}); // awaited in order below
      for (const p of ready) this.publish(await p);
      if (fresh.length) this.log.info(`realtime: caught up ${fresh.length} events committed while not listening`);
    };
    const done = this.chain.then(run);
    this.chain = done.catch((err: unknown) => {
      this.log.warn({ err: { message: (err as Error).message } }, 'realtime: catch-up failed; streams resync');
      this.resyncAll();
    });
    return this.chain;
  }

  /** Ends the streams whose session was signed out, expired (idle or absolute), revoked, or whose user changed role or was deactivated. */
  async checkSessions() {
    if (!this.database || this.checkingSessions || !this.subs.size) return;
    const cookies = new Set<string>();
    const tokens = new Set<string>();
    const checked = [...this.subs]; // streams opened during the query wait for the next check
    for (const s of checked) {
      if (!s.sessionId) continue;
      if (s.sessionId.startsWith('token:')) tokens.add(s.sessionId.slice(6));
      else cookies.add(s.sessionId);
    }
    if (!cookies.size && !tokens.size) return;
    this.checkingSessions = true;
    try {
      // One query for every stream of the instance; it reads, never touches last_seen_at: a stream
      // does not keep its session alive. The same rules as resolveSession / resolveApiToken.
      const live = await this.database.rows<{ sid: string; role: string }>(sql`
        SELECT s.id AS sid, u.role FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = ANY(${sql.param([...cookies])}::text[]) AND s.revoked_at IS NULL AND s.expires_at > now()
           AND s.last_seen_at > now() - ${this.sessionIdleMs} * interval '1 millisecond' AND u.is_active
        UNION ALL
        SELECT 'token:' || t.id, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.id = ANY(${sql.param([...tokens])}::uuid[]) AND t.revoked_at IS NULL AND u.is_active
           AND coalesce(t.expires_at, t.created_at + ${TOKEN_MAX_DAYS} * interval '1 day') > now()`);
      const roleOf = new Map(live.map((r) => [r.sid, r.role]));
      for (const s of checked) {
        if (!s.closed && s.sessionId && roleOf.get(s.sessionId) !== s.actor.role) {
          this.write(s, `event: session_ended\ndata: {"reason":"session_ended"}\n\n`);
          this.end(s);
        }
      }
    } catch (err) {
      // The database is unreachable: streams stay; the next check decides.
      this.log.warn({ err: { message: (err as Error).message } }, 'realtime: session check failed');
    } finally {
      this.checkingSessions = false;
    }
  }

  close() {
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    for (const s of this.subs) s.reply.raw.end();
    this.subs.clear();
  }

  // --- inside ---

  private async replay(sub: Subscriber, lastEventId: string) {
    const since = Position.parse(lastEventId);
    if (!since) return this.resync(sub, 'unknown_id');
    const db = this.database!;
    const low = since.low();
    const [bounds] = await db.rows<{ min: number | string | null; max: number | string | null; age_ms: number | string | null }>(sql`
      SELECT min(seq) AS min, max(seq) AS max,
             (SELECT extract(epoch FROM now() - created_at) * 1000 FROM domain_events WHERE seq > ${since.pos} ORDER BY seq LIMIT 1) AS age_ms
        FROM domain_events`);
    const max = bounds?.max == null ? 0 : Number(bounds.max);
    const min = bounds?.min == null ? null : Number(bounds.min);
    // An id this database never gave (restored, another deployment), or events deleted since it.
    if (since.pos > max || (min !== null && low < min - 1)) return this.resync(sub, 'unknown_id');
    if (bounds?.age_ms != null && Number(bounds.age_ms) > REPLAY_MAX_AGE_MS) return this.resync(sub, 'too_old');
    // The client's gaps (index look-ups), then what came after its position (an index range).
    const rows = await db.rows<EventRow>(sql`
      SELECT * FROM (
        SELECT ${EVENT_COLUMNS} FROM domain_events WHERE org_id = ${sub.actor.orgId} AND seq = ANY(${sql.param([...since.gaps.keys()])}::bigint[])
        UNION ALL
        (SELECT ${EVENT_COLUMNS} FROM domain_events WHERE org_id = ${sub.actor.orgId} AND seq > ${since.pos} ORDER BY seq LIMIT ${REPLAY_MAX_EVENTS + 1})
      ) e ORDER BY seq`);
    const messages = rows.map(rowToMessage);
    if (messages.filter((m) => m.seq > since.pos).length > REPLAY_MAX_EVENTS) return this.resync(sub, 'too_many');
    sub.since = since;
    // Audiences a few at a time (a long replay must not take the whole pool), written in seq order.
    for (let from = 0; from < messages.length; from += 16) {
      const chunk = await Promise.all(messages.slice(from, from + 16).map((m) => this.audienceOf(m)));
      for (const msg of chunk) {
        if (sub.closed) return;
        sub.replayed.add(msg.seq!);
        if (!mayReceive(sub.actor, msg)) continue;
        // Its id: passed up to this event, except the client's gaps not replayed and what this
        // instance still waits for below it.
        const at = new Position(msg.seq!);
        for (const [g, t] of since.gaps) if (!sub.replayed.has(g)) at.gaps.set(g, t);
        for (const [g, t] of this.position?.gaps ?? []) if (g > since.pos && g < msg.seq!) at.gaps.set(g, t);
        this.write(sub, `id: ${at.format()}\nevent: change\ndata: ${dataOf(msg)}\n\n`);
      }
    }
  }

  /** The gap cannot be replayed: the browser refetches all it shows. */
  private resync(sub: Subscriber, reason: string) {
    sub.since = null;
    const id = this.position ? `id: ${this.position.format()}\n` : '';
    this.write(sub, `${id}event: resync\ndata: ${JSON.stringify({ reason })}\n\n`);
  }

  private resyncAll() {
    for (const s of this.subs) this.resync(s, 'missed_events');
  }

  private deliver(sub: Subscriber, msg: ChangeMessage, data: string, id: string | null) {
    if (typeof msg.seq === 'number') {
      if (sub.replayed.delete(msg.seq)) return;
      if (sub.since?.covers(msg.seq)) return;
    }
    if (!mayReceive(sub.actor, msg)) return;
    // The common case (a stream without an earlier position) shares one text for all streams.
    if (!sub.since || !id)
      return this.write(sub, (this.shared.data === data && this.shared.id === id && this.shared.text) || this.text(data, id));
    this.write(sub, `id: ${this.idFor(sub, id)}\nevent: change\ndata: ${data}\n\n`);
  }

  private shared: { data: string; id: string | null; text: string } = { data: '', id: null, text: '' };
  private text(data: string, id: string | null) {
    const text = `${id ? `id: ${id}\n` : ''}event: change\ndata: ${data}\n\n`;
    this.shared = { data, id, text };
    return text;
  }

  /** The id for this stream: the instance's position, and what the client had before (a replayed stream). */
  private idFor(sub: Subscriber, hubId: string): string {
    if (!sub.since) return hubId;
    if (this.position?.dominates(sub.since) && hubId === this.position.format()) {
      sub.since = null;
      return hubId;
    }
    const at = Position.parse(hubId);
    return at ? Position.merge(at, sub.since).format() : hubId;
  }

  private write(sub: Subscriber, text: string) {
    const raw = sub.reply.raw;
    if (sub.closed || raw.destroyed || raw.writableEnded) return;
    if (raw.writableLength > MAX_UNSENT_BYTES) return this.end(sub); // a client that does not read
    raw.write(text);
  }

  private end(sub: Subscriber) {
    sub.closed = true;
    this.subs.delete(sub);
    if (!sub.reply.raw.writableEnded) sub.reply.raw.end();
  }

  private beat() {
    const now = Date.now();
    this.position?.expire(now);
    const hubId = this.position?.format();
    for (const s of this.subs) {
      if (s.buffer) continue;
      this.write(s, hubId ? `id: ${this.idFor(s, hubId)}\n: ping\n\n` : ': ping\n\n');
    }
  }

  private remember(seq: number) {
    this.recent.add(seq);
    if (this.recent.size > RECENT_SEQS) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    if (this.recent.size % 256 === 0) this.position?.expire();
  }

  private ensurePosition(): Promise<void> {
    if (this.position) return Promise.resolve();
    if (!this.database) return Promise.resolve();
    this.positionReady ??= this.database
      .rows<{ max: number | string | null }>(sql`SELECT max(seq) AS max FROM domain_events`)
      .then(([r]) => {
        this.position ??= new Position(r?.max == null ? 0 : Number(r.max));
      })
      .finally(() => {
        this.positionReady = null;
      });
    return this.positionReady;
  }

  /** Seq and audience of a notified event; retried while the database is briefly unreachable. */
  private async prepare(msg: ChangeMessage): Promise<ChangeMessage | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ensurePosition();
        // The seq (when the notification lacks it) and the audience, side by side.
        const [seq, m] = await Promise.all([
          typeof msg.seq === 'number' ? msg.seq : this.seqOf(msg.id),
          this.subs.size ? this.audienceOf(msg) : this.unaddressed(msg),
        ]);
        if (seq === null) return null; // gone (deleted) before it could be relayed
        return { ...m, seq };
      } catch (err) {
        if (attempt >= 3 || this.closed) throw err;
        await sleep(250 * 4 ** attempt);
      }
    }
  }

  /** No stream listens: nobody under a row-level policy is addressed (a stream opened meanwhile replays it). */
  private unaddressed(m: ChangeMessage): ChangeMessage {
    return { ...m, audience: policyOfAggregate(m.aggregate_type) ? [] : null };
  }

  private async audienceOf(m: ChangeMessage): Promise<ChangeMessage> {
    if (this.audiences.has(m.id)) return { ...m, audience: this.audiences.get(m.id) ?? null };
    const withIt = await withAudience(this.database!, m);
    this.audiences.set(m.id, withIt.audience);
    if (this.audiences.size > AUDIENCE_CACHE) {
      const oldest = this.audiences.keys().next().value;
      if (oldest !== undefined) this.audiences.delete(oldest);
    }
    return withIt;
  }

  /** The seq of an event by its id; the lookups of one tick share a query. */
  private seqOf(id: string): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const first = this.seqWaiting.size === 0;
      const list = this.seqWaiting.get(id) ?? [];
      list.push({ resolve, reject });
      this.seqWaiting.set(id, list);
      if (first) setImmediate(() => void this.lookUpSeqs());
    });
  }

  private async lookUpSeqs() {
    const batch = this.seqWaiting;
    this.seqWaiting = new Map();
    try {
      const rows = await this.database!.rows<{ id: string; seq: number | string }>(
        sql`SELECT id, seq FROM domain_events WHERE id = ANY(${sql.param([...batch.keys()])}::uuid[])`,
      );
      const seqs = new Map(rows.map((r) => [r.id, Number(r.seq)]));
      for (const [id, list] of batch) for (const w of list) w.resolve(seqs.get(id) ?? null);
    } catch (err) {
      for (const list of batch.values()) for (const w of list) w.reject(err);
    }
  }
}

/** The shape of a NOTIFY payload on hcrm_events (db/sql/005_outbox_notify.sql). */
function parseNotification(payload: string): ChangeMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : null);
  const id = str('id');
  const orgId = str('org_id');
  const type = str('type');
  const aggregateType = str('aggregate_type');
  const aggregateId = str('aggregate_id');
  if (!id || !orgId || !type || !aggregateType || aggregateId === null) return null;
  const seq = typeof o.seq === 'number' ? o.seq : typeof o.seq === 'string' && /^\d+$/.test(o.seq) ? Number(o.seq) : undefined;
  return {
    id,
    org_id: orgId,
    type,
    aggregate_type: aggregateType,
    aggregate_id: aggregateId,
    user_id: str('user_id'),
    audience: null,
    seq,
  };
}

/**
 * LISTENs on hcrm_events for this instance: each notification wakes the outbox dispatcher and is
 * relayed to the hub's streams; when the connection comes back after a loss, the dispatcher is
 * woken and the hub catches up what was committed meanwhile. The hub reports its state to /api/health.
 */
export async function relayEvents(
  database: Database,
  hub: RealtimeHub,
  opts: { wake: () => void; log?: (level: 'info' | 'warn', message: string) => void },
): Promise<Listener> {
  const listener = await database.listen(
    'hcrm_events',
    (payload) => {
      opts.wake();
      const msg = parseNotification(payload);
      if (msg) hub.ingest(msg);
    },
    {
      log: opts.log,
      onReconnect: () => {
        opts.wake();
        void hub.catchUp();
      },
    },
  );
  hub.setListener(listener);
  return Object.assign(
    async () => {
      hub.setListener(null);
      await listener();
    },
    { state: () => listener.state() },
  );
}
