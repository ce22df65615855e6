import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../tests/helpers/app';
import { buildOrg } from '../../factories';
import { transaction } from '../../db/tx';
import { Dispatcher, emit, EventRegistry, type DomainEvent } from './outbox';
import type { EventType } from '../../../shared/events';

let t: TestApp;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
});
// Each test works in an organization of its own, and its dispatcher only takes that organization's events.
beforeEach(async () => {
  orgId = (await buildOrg(t.database.db)).id;
});
afterAll(async () => t?.close());

const actor = () => ({ orgId, userId: null, requestId: 'test' });
const silent = { warn() {}, error() {}, info() {}, debug() {} } as never;
const statusOf = async (id: string) =>
  (
    await t.database.rows<{ status: string; attempts: number; last_error: string | null; completed_handlers: string[] }>(
      sql`SELECT status, attempts, last_error, completed_handlers FROM domain_events WHERE id = ${id}`,
    )
  )[0]!;

/** A dispatcher over only this test's organization, so tests do not handle each other's events. */
function dispatcherFor(
  type: EventType,
  handlers: Record<string, (e: DomainEvent) => Promise<void>>,
  opts: Partial<{ leaseSeconds: number; maxAttempts: number }> = {},
) {
  const reg = new EventRegistry();
  for (const [name, fn] of Object.entries(handlers)) reg.on(type, name, fn);
  return new Dispatcher(t.database, reg, silent, {
    pollMs: 10,
    leaseSeconds: opts.leaseSeconds ?? 30,
    maxAttempts: opts.maxAttempts ?? 5,
    only: { orgIds: [orgId] },
  });
}
const makeDue = (id: string) => t.database.rows(sql`UPDATE domain_events SET available_at = now() - interval '1 second' WHERE id = ${id}`);

describe('outbox', () => {
  it('never runs an event written in a rolled-back transaction', async () => {
    const type = 'PERSON_UPDATED';
    const seen: string[] = [];
    await expect(
      transaction(t.database.db, async (tx) => {
        await emit(tx, actor(), { type, aggregateType: 'x', aggregateId: '1' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const d = dispatcherFor(type, {
      h: async (e) => {
        seen.push(e.id);
      },
    });
    for (let i = 0; i < 3; i++) await d.runOnce();
    expect(seen).toEqual([]);
    expect(await t.database.rows(sql`SELECT 1 FROM domain_events WHERE org_id = ${orgId}`)).toHaveLength(0);
  });

  it('runs a committed event once and marks it done', async () => {
    const type = 'PRODUCT_UPDATED';
    const id = await transaction(t.database.db, (tx) =>
      emit(tx, actor(), { type, aggregateType: 'x', aggregateId: '1', payload: { changed: ['a'] } }),
    );
    const seen: DomainEvent[] = [];
    const d = dispatcherFor(type, {
      h: async (e) => {
        seen.push(e);
      },
    });
    await d.runOnce();
    await d.runOnce();
    expect(seen.map((e) => e.id)).toEqual([id]);
    expect(seen[0]!.payload).toEqual({ changed: ['a'] });
    expect((await statusOf(id)).status).toBe('done');
  });

  it('retries a failing handler with backoff, without re-running handlers that succeeded', async () => {
    const type = 'PERSON_UPDATED';
    const id = await transaction(t.database.db, (tx) => emit(tx, actor(), { type, aggregateType: 'x', aggregateId: '1' }));
    let okRuns = 0;
    let flakyRuns = 0;
    const d = dispatcherFor(type, {
      ok: async () => {
        okRuns++;
      },
      flaky: async () => {
        flakyRuns++;
        if (flakyRuns < 3) throw new Error(`fail ${flakyRuns}`);
      },
    });
    await d.runOnce();
    let s = await statusOf(id);
    expect(s).toMatchObject({ status: 'pending', attempts: 1, last_error: 'fail 1', completed_handlers: ['ok'] });
    // Backoff: not due again immediately.
    expect(await d.runOnce()).toBe(0);
    await makeDue(id);
    await d.runOnce();
    await makeDue(id);
    await d.runOnce();
    s = await statusOf(id);
    expect(s.status).toBe('done');
    expect(flakyRuns).toBe(3);
    expect(okRuns).toBe(1);
  });

  it('gives up after the maximum attempts and records the failure', async () => {
    const type = 'PERSON_UPDATED';
    const id = await transaction(t.database.db, (tx) => emit(tx, actor(), { type, aggregateType: 'x', aggregateId: '1' }));
    const d = dispatcherFor(
      type,
      {
        h: async () => {
          throw new Error('always');
        },
      },
      { maxAttempts: 2 },
    );
    await d.runOnce();
    await makeDue(id);
    await d.runOnce();
    await makeDue(id);
    expect(await d.runOnce()).toBe(0);
    expect(await statusOf(id)).toMatchObject({ status: 'failed', attempts: 2, last_error: 'always' });
  });

  it('leaves an event claimed by a dispatcher that died mid-way to be run again after its lease', async () => {
    const type = 'PERSON_UPDATED';
    const id = await transaction(t.database.db, (tx) => emit(tx, actor(), { type, aggregateType: 'x', aggregateId: '1' }));
    // The first dispatcher claims the event and "dies": it never finishes or releases it.
    const dying = dispatcherFor(type, { h: async () => {} }, { leaseSeconds: 30 });
    const claimed = await dying.claim();
    expect(claimed.map((e) => e.id)).toEqual([id]);
    expect((await statusOf(id)).status).toBe('processing');
    // While the lease holds, nobody else takes it.
    const seen: string[] = [];
    const next = dispatcherFor(type, {
      h: async (e) => {
        seen.push(e.id);
      },
    });
    expect(await next.runOnce()).toBe(0);
    // Once the lease has expired, the next dispatcher runs it.
    await t.database.rows(sql`UPDATE domain_events SET locked_until = now() - interval '1 second' WHERE id = ${id}`);
    await next.runOnce();
    expect(seen).toEqual([id]);
    expect(await statusOf(id)).toMatchObject({ status: 'done', attempts: 2 });
  });
});
