// What a handler receives: the event (its payload typed by the catalogue) and a context.
import type { FastifyBaseLogger } from 'fastify';
import type { EventPayload, EventType } from '../../../shared/events';
import type { Config } from '../../config';
import type { Database, Db } from '../../db/client';
import type { Mailer } from '../mail';
import type { systemActor } from '../context';

/** A stored event, as the dispatcher hands it to a handler registered for its type. */
export type DomainEvent<T extends EventType = EventType> = {
  id: string;
  orgId: string;
  type: T;
  aggregateType: string;
  aggregateId: string;
  userId: string | null;
  payload: EventPayload<T>;
  attempts: number;
  completedHandlers: string[];
  requestId: string | null;
  createdAt: Date;
};

/** The actor a handler writes as: no user, the organization of the event, the request that caused it. */
export type HandlerActor = ReturnType<typeof systemActor>;

/** What the dispatcher gives every handler (the registry's services plus the event's own facts). */
export type HandlerContext = {
  database: Database;
  log: FastifyBaseLogger;
  mailer: Mailer;
  config: Config;
  /** The source event's id: key the handler's writes on it, and a retry finds them (idempotent by construction). */
  eventId: string;
  /** systemActor(ev.orgId, `handler:<name>`) carrying the event's request id (audit rows link to the request). */
  actor: HandlerActor;
  /** A transaction on `database` (db/tx.ts). On PGlite, run every query of it on its `tx`. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
};

/** Runs at least once per event (a retry, a lost lease): keep it idempotent, keyed on ctx.eventId. */
export type EventHandler<T extends EventType = EventType> = (event: DomainEvent<T>, ctx: HandlerContext) => Promise<void>;

/** The services a registry passes to its handlers (built once in app.ts). */
export type HandlerServices = { mailer: Mailer; config: Config };
