// Which handlers run for which event type. Built in app.ts; each domain module registers its
// handlers from its `<domain>.handlers.ts` (DomainModule.handlers).
import { isEventType, type EventType } from '../../../shared/events';
import type { EventHandler, HandlerServices } from './types';

export type RegisteredHandler = { name: string; fn: EventHandler };

export class EventRegistry {
  private handlers = new Map<string, RegisteredHandler[]>();

  /**
   * `services` are handed to every handler in its context (ctx.mailer, ctx.config). A registry
   * built without them (a CLI that runs no handler needing them) fails such a handler clearly.
   */
  constructor(readonly services?: HandlerServices) {}

  /**
   * Registers a handler for a type of the catalogue; `name` is recorded in the event's
   * completed_handlers, so it must stay stable (a retry runs only the handlers not recorded).
   * Handlers must be idempotent: an event can run more than once.
   */
  on<T extends EventType>(type: T, name: string, fn: EventHandler<T>) {
    if (!isEventType(type)) throw new Error(`unknown event type ${type}: add it to src/shared/events.ts`);
    const list = this.handlers.get(type) ?? [];
    if (list.some((h) => h.name === name)) throw new Error(`handler ${name} already registered for ${type}`);
    list.push({ name, fn: fn as unknown as EventHandler });
    this.handlers.set(type, list);
  }

  for(type: string): RegisteredHandler[] {
    return this.handlers.get(type) ?? [];
  }
}
