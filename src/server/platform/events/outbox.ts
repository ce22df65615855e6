// The outbox: services write domain events in their transaction; the dispatcher runs handlers after commit.
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { domainEvents } from '../../db/schema';
import type { Database, Db } from '../../db/client';
import type { ActorRef } from '../context';
import { uuidv7 } from '../ids';

export type DomainEvent = {
  id: string;
  orgId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  userId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  completedHandlers: string[];
  requestId: string | null;
  createdAt: Date;
};

export type EventInput = { type: string; aggregateType: string; aggregateId: string; payload?: Record<string, unknown> };

/** Records an event in the caller's transaction: it exists only if the change commits. */
export async function emit(tx: Db, actor: ActorRef, ev: EventInput): Promise<string> {
  return (await emitMany(tx, actor, [ev]))[0]!;
}

/**
 * Payload keys that name a secret. Events are kept in domain_events for good and their payloads are
 * readable by every handler: a secret (an invitation token, a password) never goes in one; a handler
 * that needs one mints it (see domains/users/users.invitations.ts).
 */
const SECRET_KEY = /(^|_)(token|password|secret)s?$/i;

/** Several events in one statement per 1,000 (bulk operations). */
export async function emitMany(tx: Db, actor: ActorRef, evs: EventInput[]): Promise<string[]> {
  for (const ev of evs) {
    const secret = Object.keys(ev.payload ?? {}).find((k) => SECRET_KEY.test(k));
    if (secret) throw new Error(`event ${ev.type}: payload field ${secret} looks like a secret; events must not carry secrets`);
  }
  const rows = evs.map((ev) => ({
    id: uuidv7(),
    orgId: actor.orgId,
    type: ev.type,
    aggregateType: ev.aggregateType,
    aggregateId: ev.aggregateId,
    userId: actor.userId,
    payload: ev.payload ?? {},
    requestId: actor.requestId,
  }));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(domainEvents).values(rows.slice(i, i + 1000));
  return rows.map((r) => r.id);
}

export type HandlerContext = { database: Database; log: FastifyBaseLogger };
export type EventHandler = (event: DomainEvent, ctx: HandlerContext) => Promise<void>;

export class EventRegistry {
  private handlers = new Map<string, { name: string; fn: EventHandler }[]>();
  /** Handlers must be idempotent: an event can run more than once. */
  on(type: string, name: string, fn: EventHandler) {
    const list = this.handlers.get(type) ?? [];
    if (list.some((h) => h.name === name)) throw new Error(`handler ${name} already registered for ${type}`);
    list.push({ name, fn });
    this.handlers.set(type, list);
  }
  for(type: string) {
    return this.handlers.get(type) ?? [];
  }
}

type DispatcherOptions = {
  pollMs: number;
  leaseSeconds: number;
  maxAttempts: number;
  batchSize?: number;
  /** Restrict this dispatcher to some event types or organizations (dedicated workers, tests). */
  only?: { types?: string[]; orgIds?: string[] };
};

/**
 * Claims due events with FOR UPDATE SKIP LOCKED and a lease. A dispatcher that dies mid-way
 * leaves its events `processing` with an expired lease; the next claim picks them up again.
 * Each handler that succeeded is recorded, so a retry only runs the handlers that failed.
 */
export class Dispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private busy = false;
  private again = false;

  constructor(
    private database: Database,
    private registry: EventRegistry,
    private log: FastifyBaseLogger,
    private opts: DispatcherOptions,
  ) {}

  start() {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a tick now (a NOTIFY announced a new event) instead of waiting for the next poll. */
  wake() {
    if (this.stopped) return;
    if (this.busy) this.again = true;
    else this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), ms);
  }

  private async loop() {
    if (this.stopped || this.busy) return;
    this.busy = true;
    this.running = (async () => {
      try {
        while (!this.stopped && (await this.runOnce()) > 0);
      } catch (err) {
        this.log.error({ err: { message: (err as Error).message } }, 'event dispatcher tick failed');
      }
    })();
    await this.running;
    this.busy = false;
    if (this.stopped) return;
    const soon = this.again;
    this.again = false;
    this.schedule(soon ? 0 : this.opts.pollMs);
  }

  /** Claims one batch and runs it; returns how many events were claimed. */
  async runOnce(): Promise<number> {
    const events = await this.claim();
    for (const ev of events) await this.process(ev);
    return events.length;
  }

  async claim(): Promise<DomainEvent[]> {
    const lease = this.opts.leaseSeconds;
    const types = this.opts.only?.types;
    const orgIds = this.opts.only?.orgIds;
    const typeFilter = types ? sql`AND type = ANY(${sql.param(types)}::text[])` : sql``;
    const orgFilter = orgIds ? sql`AND org_id = ANY(${sql.param(orgIds)}::uuid[])` : sql``;
    const rows = await this.database.rows<Record<string, unknown>>(sql`
      UPDATE domain_events SET status = 'processing', attempts = attempts + 1,
             locked_until = now() + make_interval(secs => ${lease})
      WHERE id IN (
        SELECT id FROM domain_events
        WHERE ((status = 'pending' AND available_at <= now())
           OR (status = 'processing' AND locked_until < now())) ${typeFilter} ${orgFilter}
        ORDER BY available_at, id
        LIMIT ${this.opts.batchSize ?? 20}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, org_id, type, aggregate_type, aggregate_id, user_id, payload, attempts,
                completed_handlers, request_id, created_at`);
    return rows.map((r) => ({
      id: r.id as string,
      orgId: r.org_id as string,
      type: r.type as string,
      aggregateType: r.aggregate_type as string,
      aggregateId: r.aggregate_id as string,
      userId: (r.user_id as string) ?? null,
      payload: (r.payload as Record<string, unknown>) ?? {},
      attempts: Number(r.attempts),
      completedHandlers: (r.completed_handlers as string[]) ?? [],
      requestId: (r.request_id as string) ?? null,
      createdAt: new Date(r.created_at as string),
    }));
  }

  async process(ev: DomainEvent): Promise<void> {
    const done = new Set(ev.completedHandlers);
    let failure: Error | null = null;
    for (const h of this.registry.for(ev.type)) {
      if (done.has(h.name)) continue;
      try {
        await h.fn(ev, { database: this.database, log: this.log });
        done.add(h.name);
        await this.database.rows(
          sql`UPDATE domain_events SET completed_handlers = array_append(completed_handlers, ${h.name}) WHERE id = ${ev.id}`,
        );
      } catch (err) {
        failure = err as Error;
        this.log.warn(
          { event_id: ev.id, event_type: ev.type, handler: h.name, attempt: ev.attempts, err: { message: failure.message } },
          'event handler failed',
        );
      }
    }
    if (!failure) {
      await this.database.rows(
        sql`UPDATE domain_events SET status = 'done', processed_at = now(), locked_until = NULL, last_error = NULL WHERE id = ${ev.id}`,
      );
      return;
    }
    const giveUp = ev.attempts >= this.opts.maxAttempts;
    const backoffSecs = Math.min(2 ** ev.attempts, 3600);
    await this.database.rows(sql`
      UPDATE domain_events SET status = ${giveUp ? 'failed' : 'pending'}, locked_until = NULL,
             last_error = ${failure.message.slice(0, 2000)},
             available_at = now() + make_interval(secs => ${backoffSecs})
      WHERE id = ${ev.id}`);
  }
}
