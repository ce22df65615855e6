// Realtime: committed domain events relayed to signed-in browsers over Server-Sent Events.
// A message names what changed (type, aggregate, id), never its data: the browser refetches
// through the API, which checks access again. Delivery is filtered by organization and role.
import type { FastifyReply } from 'fastify';
import { scopeFor, type Resource } from '../../shared/permissions';
import type { Actor } from './context';
import { policyOfAggregate } from './policy';

export type ChangeMessage = {
  id: string;
  org_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  user_id: string | null;
  /** The users the aggregate's policy lets read the record (withAudience); null when it has no row-level policy. */
  audience: string[] | null;
};

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

type Subscriber = { actor: Actor; reply: FastifyReply };

export class RealtimeHub {
  private subs = new Set<Subscriber>();
  private heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const s of this.subs) s.reply.raw.write(': ping\n\n');
    }, 25_000);
    this.heartbeat.unref();
  }

  get size() {
    return this.subs.size;
  }

  subscribe(actor: Actor, reply: FastifyReply) {
    const sub = { actor, reply };
    this.subs.add(sub);
    reply.raw.on('close', () => this.subs.delete(sub));
    return () => this.subs.delete(sub);
  }

  publish(msg: ChangeMessage) {
    const data = JSON.stringify({ type: msg.type, aggregate_type: msg.aggregate_type, aggregate_id: msg.aggregate_id, id: msg.id });
    for (const s of this.subs) {
      if (mayReceive(s.actor, msg)) s.reply.raw.write(`event: change\ndata: ${data}\n\n`);
    }
  }

  close() {
    clearInterval(this.heartbeat);
    for (const s of this.subs) s.reply.raw.end();
    this.subs.clear();
  }
}
