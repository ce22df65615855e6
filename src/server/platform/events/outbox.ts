// The outbox: services write domain events in their transaction; the dispatcher runs handlers after
// commit (dispatcher.ts), the handlers each domain registered (registry.ts) for the types of the
// catalogue (src/shared/events.ts).
import { domainEvents } from '../../db/schema';
import type { Db } from '../../db/client';
import type { ActorRef } from '../context';
import { uuidv7 } from '../ids';
import { eventCatalogue, isEventType, type EventPayloadInput, type EventType } from '../../../shared/events';

export type { DomainEvent, EventHandler, HandlerActor, HandlerContext, HandlerServices } from './types';
export { EventRegistry } from './registry';
export { Dispatcher, type DispatcherOptions } from './dispatcher';

/** The payload may be left out when its schema has no required field. */
type PayloadField<T extends EventType> =
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "has no required key" is exactly `{} extends`
  {} extends EventPayloadInput<T> ? { payload?: EventPayloadInput<T> } : { payload: EventPayloadInput<T> };
type EventInputOf<T extends EventType> = { type: T; aggregateType: string; aggregateId: string } & PayloadField<T>;
/** An event to record: a type of the catalogue with a payload of its schema (omitted when it has no fields). */
export type EventInput = { [T in EventType]: EventInputOf<T> }[EventType];

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

/**
 * Payloads are checked against the catalogue outside production (tests, development): the compiler
 * already holds services to it, the check catches what it cannot see (a null where a string is
 * due). A bulk call checks the first event of each type (they are built by the same code), so a
 * 10,000-row update does not pay for 10,000 parses.
 */
const CHECK_PAYLOADS = process.env.NODE_ENV !== 'production';

/** Throws when an event does not fit the catalogue: the caller's transaction rolls back. */
export function checkEvent(ev: { type: string; payload?: unknown }) {
  if (!isEventType(ev.type)) throw new Error(`event ${ev.type}: not in the event catalogue (src/shared/events.ts)`);
  const parsed = eventCatalogue[ev.type].safeParse(ev.payload ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'} ${i.message}`).join('; ');
    throw new Error(`event ${ev.type}: payload does not match the catalogue: ${issues}`);
  }
}

/** Several events in one statement per 1,000 (bulk operations). */
export async function emitMany(tx: Db, actor: ActorRef, evs: EventInput[]): Promise<string[]> {
  const checked = new Set<string>();
  for (const ev of evs) {
    const secret = Object.keys(ev.payload ?? {}).find((k) => SECRET_KEY.test(k));
    if (secret) throw new Error(`event ${ev.type}: payload field ${secret} looks like a secret; events must not carry secrets`);
    if (CHECK_PAYLOADS && !checked.has(ev.type)) {
      checkEvent(ev);
      checked.add(ev.type);
    }
  }
  const rows = evs.map((ev) => ({
    id: uuidv7(),
    orgId: actor.orgId,
    type: ev.type,
    aggregateType: ev.aggregateType,
    aggregateId: ev.aggregateId,
    userId: actor.userId,
    payload: (ev.payload ?? {}) as Record<string, unknown>,
    requestId: actor.requestId,
  }));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(domainEvents).values(rows.slice(i, i + 1000));
  return rows.map((r) => r.id);
}
