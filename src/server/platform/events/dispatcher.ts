// The outbox dispatcher: claims due events, each under its own lease, and runs their handlers
// concurrently (bounded), extending each event's lease while its handlers work.
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { eventCatalogue, isEventType } from '../../../shared/events';
import type { Database } from '../../db/client';
import { transaction } from '../../db/tx';
import { systemActor } from '../context';
import type { EventRegistry } from './registry';
import type { DomainEvent, HandlerContext } from './types';

export type DispatcherOptions = {
  pollMs: number;
  /** How long a claim holds an event without news from its dispatcher; extended every third of it while handlers work. */
  leaseSeconds: number;
  maxAttempts: number;
  /** At most this many events run at once (default 8). On PGlite the single connection serializes their SQL. */
  concurrency?: number;
  /** At most this many events per runOnce() (default 20). */
  batchSize?: number;
  /** Restrict this dispatcher to some event types or organizations (dedicated workers, tests). */
  only?: { types?: string[]; orgIds?: string[] };
};

const DEFAULT_CONCURRENCY = 16;

/** What became of a claimed event: written back with the claim it was run under (id, attempts). */
type Outcome = {
  id: string;
  attempts: number;
  status: 'done' | 'pending' | 'failed';
  handlers: string[];
  error: string | null;
  backoff: number;
};

/**
 * Claims due events with FOR UPDATE SKIP LOCKED, as many as it has free slots, each row with its
 * own lease (`locked_until`), and runs each as soon as it is claimed. While an event's handlers
 * work, a heartbeat extends that event's lease every leaseSeconds/3, so a slow handler (an SMTP
 * call) keeps its event and no other instance runs it again. A dispatcher that dies leaves its
 * events `processing` with a lease that soon expires; the next claim picks them up again. Each
 * handler that succeeded is recorded in completed_handlers, so a retry runs only the ones that
 * failed. Every write after the claim names the claim (`attempts`): a dispatcher that lost its
 * lease cannot overwrite the state written by the one that took the event over.
 */
export class Dispatcher {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private pumping: Promise<void> | null = null;
  private again = false;
  private inflight = new Map<string, Promise<void>>();
  private outcomes: { o: Outcome; resolve: (held: boolean) => void; reject: (err: unknown) => void }[] = [];

  constructor(
    private database: Database,
    private registry: EventRegistry,
    private log: FastifyBaseLogger,
    private opts: DispatcherOptions,
  ) {}

  private get concurrency() {
    return Math.max(1, this.opts.concurrency ?? DEFAULT_CONCURRENCY);
  }

  /** The events running now (ids). */
  get running(): string[] {
    return [...this.inflight.keys()];
  }

  start() {
    this.stopped = false;
    this.schedule(0);
  }

  /** Claims now (a NOTIFY announced a new event) instead of waiting for the next poll. */
  wake() {
    if (this.stopped) return;
    if (this.pumping) this.again = true;
    else this.schedule(0);
  }

  /** Stops claiming and waits for the events in flight to finish. */
  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pumping?.catch(() => {});
    await Promise.allSettled([...this.inflight.values()]);
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick() {
    this.timer = null;
    if (this.stopped || this.pumping) return;
    this.pumping = this.fill(Infinity).then(
      () => undefined,
      (err: unknown) => this.log.error({ err: { message: (err as Error).message } }, 'event dispatcher tick failed'),
    );
    await this.pumping;
    this.pumping = null;
    if (this.stopped) return;
    const soon = this.again;
    this.again = false;
    this.schedule(soon ? 0 : this.opts.pollMs);
  }

  /**
   * Claims into free slots until `limit` events were claimed or none is due, waiting for a slot
   * when all are busy. Returns how many it claimed (their handlers may still be running).
   */
  private async fill(limit: number): Promise<number> {
    let claimed = 0;
    while (claimed < limit && !(this.stopped && limit === Infinity)) {
      const free = this.concurrency - this.inflight.size;
      if (free <= 0) {
        await Promise.race(this.inflight.values());
        continue;
      }
      const want = Math.min(free, limit - claimed);
      const events = await this.claim(want);
      for (const ev of events) this.track(ev);
      claimed += events.length;
      if (events.length < want) {
        if (!this.again) break;
        this.again = false;
      }
    }
    return claimed;
  }

  private track(ev: DomainEvent) {
    const run = this.process(ev)
      .catch((err: unknown) =>
        // The event stays `processing` and is claimed again once its lease expires.
        this.log.error({ event_id: ev.id, err: { message: (err as Error).message } }, 'event processing failed'),
      )
      .finally(() => this.inflight.delete(ev.id));
    this.inflight.set(ev.id, run);
  }

  /** Claims up to batchSize events, runs them (at most `concurrency` at once) and waits for them; returns how many. */
  async runOnce(): Promise<number> {
    const n = await this.fill(this.opts.batchSize ?? 20);
    await Promise.allSettled([...this.inflight.values()]);
    return n;
  }

  /**
   * Claims up to `limit` due events in one statement; each claimed row gets its own lease. Ordered by
   * `available_at` alone, so the due index (domain_events_due_idx) hands over the first rows: a
   * tie-break on `id` would sort every event of a bulk change (one `available_at`) at each claim.
   */
  async claim(limit = this.concurrency): Promise<DomainEvent[]> {
    const lease = this.opts.leaseSeconds;
    const types = this.opts.only?.types;
    const orgIds = this.opts.only?.orgIds;
    if (orgIds && orgIds.length === 0) return [];
    const typeFilter = types ? sql`AND type = ANY(${sql.param(types)}::text[])` : sql``;
    const orgFilter = orgIds ? sql`AND org_id = ANY(${sql.param(orgIds)}::uuid[])` : sql``;
    const rows = await this.database.rows<Record<string, unknown>>(sql`
      UPDATE domain_events SET status = 'processing', attempts = attempts + 1,
             locked_until = now() + make_interval(secs => ${lease})
      WHERE id IN (
        SELECT id FROM domain_events
        WHERE ((status = 'pending' AND available_at <= now())
           OR (status = 'processing' AND locked_until < now())) ${typeFilter} ${orgFilter}
        ORDER BY available_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, org_id, type, aggregate_type, aggregate_id, user_id, payload, attempts,
                completed_handlers, request_id, created_at`);
    return rows.map((r) => ({
      id: r.id as string,
      orgId: r.org_id as string,
      type: r.type as DomainEvent['type'],
      aggregateType: r.aggregate_type as string,
      aggregateId: r.aggregate_id as string,
      userId: (r.user_id as string) ?? null,
      payload: (r.payload as DomainEvent['payload']) ?? {},
      attempts: Number(r.attempts),
      completedHandlers: (r.completed_handlers as string[]) ?? [],
      requestId: (r.request_id as string) ?? null,
      createdAt: new Date(r.created_at as string),
    }));
  }

  /** Extends the lease of an event this dispatcher still holds; false when it lost it. */
  private async extendLease(ev: DomainEvent): Promise<boolean> {
    const rows = await this.database.rows(sql`
      UPDATE domain_events SET locked_until = now() + make_interval(secs => ${this.opts.leaseSeconds})
      WHERE id = ${ev.id} AND status = 'processing' AND attempts = ${ev.attempts} RETURNING id`);
    return rows.length > 0;
  }

  private context(ev: DomainEvent, handler: string): HandlerContext {
    const services = this.registry.services;
    const missing = (what: string): never => {
      throw new Error(`handler ${handler}: ctx.${what} is not available (the EventRegistry was built without services)`);
    };
    const log = typeof this.log.child === 'function' ? this.log.child({ event_id: ev.id, event_type: ev.type, handler }) : this.log;
    const database = this.database;
    return {
      database,
      log,
      get mailer() {
        return services?.mailer ?? missing('mailer');
      },
      get config() {
        return services?.config ?? missing('config');
      },
      eventId: ev.id,
      actor: { ...systemActor(ev.orgId, `handler:${handler}`), requestId: ev.requestId ?? `handler:${handler}` },
      transaction: (fn) => transaction(database.db, fn),
    } as HandlerContext;
  }

  /**
   * Records an event's outcome. Outcomes that arrive together are written in one statement (a burst
   * of quick handlers costs one round-trip, not one each); each row is written only while this
   * dispatcher still holds its claim. Resolves with whether it did.
   */
  private record(o: Outcome): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.outcomes.push({ o, resolve, reject });
      if (this.outcomes.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush() {
    const batch = this.outcomes.splice(0);
    if (!batch.length) return;
    try {
      const rows = await this.database.rows<{ id: string }>(sql`
        UPDATE domain_events d SET status = v.status, locked_until = NULL, last_error = v.error, completed_handlers = v.handlers,
               processed_at = CASE WHEN v.status = 'done' THEN now() ELSE d.processed_at END,
               available_at = CASE WHEN v.status = 'done' THEN d.available_at ELSE now() + make_interval(secs => v.backoff) END
        FROM jsonb_to_recordset(${JSON.stringify(batch.map((b) => b.o))}::jsonb)
             AS v(id uuid, attempts int, status text, handlers text[], error text, backoff int)
        WHERE d.id = v.id AND d.attempts = v.attempts AND d.status = 'processing'
        RETURNING d.id`);
      const written = new Set(rows.map((r) => r.id));
      for (const b of batch) b.resolve(written.has(b.o.id));
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }

  /** Runs the handlers of one claimed event that have not completed yet, then records the outcome. */
  async process(ev: DomainEvent): Promise<void> {
    let lost = false;
    const beat = setInterval(
      () =>
        void this.extendLease(ev).then(
          (held) => {
            if (!held && !lost) {
              lost = true;
              this.log.warn({ event_id: ev.id, event_type: ev.type }, 'event lease lost while its handlers ran');
            }
          },
          (err: unknown) => this.log.warn({ event_id: ev.id, err: { message: (err as Error).message } }, 'event lease extension failed'),
        ),
      Math.max(50, (this.opts.leaseSeconds * 1000) / 3),
    );
    beat.unref?.();
    try {
      const { done, failure, giveUp } = await this.runHandlers(ev);
      const held = await this.record({
        id: ev.id,
        attempts: ev.attempts,
        status: !failure ? 'done' : giveUp || ev.attempts >= this.opts.maxAttempts ? 'failed' : 'pending',
        handlers: done,
        error: failure ? failure.message.slice(0, 2000) : null,
        backoff: Math.min(2 ** ev.attempts, 3600),
      });
      if (!held && !lost)
        this.log.warn({ event_id: ev.id, event_type: ev.type }, 'event lease lost: another dispatcher took the event over');
    } finally {
      clearInterval(beat);
    }
  }

  private async runHandlers(ev: DomainEvent): Promise<{ done: string[]; failure: Error | null; giveUp: boolean }> {
    const done = [...ev.completedHandlers];
    const pending = this.registry.for(ev.type).filter((h) => !done.includes(h.name));
    if (!pending.length) return { done, failure: null, giveUp: false };
    const parsed = isEventType(ev.type) ? eventCatalogue[ev.type].safeParse(ev.payload) : null;
    if (parsed && !parsed.success) {
      // A stored payload that no longer fits its schema fails the same way on every retry: no retry.
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
      return { done, failure: new Error(`payload does not match ${ev.type}: ${issues}`), giveUp: true };
    }
    const event = { ...ev, payload: parsed ? parsed.data : ev.payload } as DomainEvent;
    let failure: Error | null = null;
    for (const [i, h] of pending.entries()) {
      try {
        await h.fn(event, this.context(ev, h.name));
        done.push(h.name);
        // Recorded at once, so a retry skips it; the last one is recorded with the event's outcome.
        if (i < pending.length - 1)
          await this.database.rows(
            sql`UPDATE domain_events SET completed_handlers = array_append(completed_handlers, ${h.name}) WHERE id = ${ev.id}`,
          );
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
        this.log.warn(
          { event_id: ev.id, event_type: ev.type, handler: h.name, attempt: ev.attempts, err: { message: failure.message } },
          'event handler failed',
        );
      }
    }
    return { done, failure, giveUp: false };
  }
}
