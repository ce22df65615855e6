// Issue 10, item 6: each event is claimed under its own lease, extended while its handlers work, and
// events run concurrently (bounded). Also: the catalogue refuses a payload that breaks its schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../tests/helpers/app';
import { buildOrg } from '../../factories';
import { transaction } from '../../db/tx';
import { Dispatcher, emit, emitMany, EventRegistry, type DispatcherOptions, type EventHandler } from './outbox';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const silent = { warn() {}, error() {}, info() {}, debug() {} } as never;
const actorOf = (orgId: string) => ({ orgId, userId: null, requestId: 'reliability-test' });

/** Polls `cond` until it holds, at most `ms`; fails with `what` otherwise. */
async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 8000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** A promise the test resolves: a handler that waits on it is "slow" for exactly as long as the test wants. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/** Counts its claims: proof that it kept polling while another dispatcher held an event. */
class CountingDispatcher extends Dispatcher {
  claims = 0;
  override async claim(limit?: number) {
    this.claims++;
    return super.claim(limit);
  }
}

/** A dispatcher over one organization only (parallel test files never take each other's events). */
function dispatcherFor(orgId: string, handler: EventHandler<'PRODUCT_UPDATED'>, opts: Partial<DispatcherOptions> = {}) {
  const reg = new EventRegistry();
  reg.on('PRODUCT_UPDATED', 'test_handler', handler);
  return new CountingDispatcher(t.database, reg, silent, {
    pollMs: 20,
    leaseSeconds: 30,
    maxAttempts: 5,
    ...opts,
    only: { orgIds: [orgId] },
  });
}

const emitProduct = (orgId: string, aggregateId: string) =>
  transaction(t.database.db, (tx) =>
    emit(tx, actorOf(orgId), { type: 'PRODUCT_UPDATED', aggregateType: 'product', aggregateId, payload: { changed: ['name'] } }),
  );
const eventRow = async (id: string) =>
  (
    await t.database.rows<{ status: string; attempts: number; locked_until: string | null; completed_handlers: string[] }>(
      sql`SELECT status, attempts, locked_until, completed_handlers FROM domain_events WHERE id = ${id}`,
    )
  )[0]!;

const statusCounts = async (orgId: string) =>
  Object.fromEntries(
    (
      await t.database.rows<{ status: string; n: number }>(
        sql`SELECT status, count(*)::int AS n FROM domain_events WHERE org_id = ${orgId} GROUP BY status`,
      )
    ).map((r) => [r.status, r.n]),
  );

describe('dispatcher: a claim per event, a lease extended while its handlers work', () => {
  it('runs a handler slower than its lease exactly once while a second dispatcher keeps polling', { timeout: 30_000 }, async () => {
    const org = await buildOrg(t.database.db);
    const slow = gate();
    let runs = 0;
    let startedAt = 0;
    const handler: EventHandler<'PRODUCT_UPDATED'> = async () => {
      runs++;
      startedAt ||= Date.now();
      await slow.promise;
    };
    const a = dispatcherFor(org.id, handler, { leaseSeconds: 2 });
    const b = dispatcherFor(org.id, handler, { leaseSeconds: 2 });
    const id = await emitProduct(org.id, 'slow');
    let mid: Awaited<ReturnType<typeof eventRow>> & { at: number };
    try {
      a.start();
      await waitFor('the first dispatcher to start the handler', () => runs === 1);
      b.start();
      // Past the 2 s lease, the event is still held: its lease was extended.
      await waitFor('2.4 s into the handler', () => Date.now() - startedAt >= 2400);
      mid = { ...(await eventRow(id)), at: Date.now() };
      // The handler works for 5 s, 2.5 times its lease (2 s: generous on a loaded machine), while the second dispatcher keeps claiming
      // (or, as before the fix, took the event over and runs it a second time).
      const claimsBefore = b.claims;
      await waitFor(
        '5 s of handler time with the second dispatcher polling',
        () => Date.now() - startedAt >= 5000 && (b.claims >= claimsBefore + 5 || runs > 1),
      );
      slow.open();
      await waitFor('the event to be done', async () => (await eventRow(id)).status === 'done');
    } finally {
      slow.open();
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(runs).toBe(1);
    expect(await eventRow(id)).toMatchObject({ status: 'done', attempts: 1, completed_handlers: ['test_handler'] });
    // 2.4 s in, still held by the first claim, with a lease extended past its first second.
    expect(mid!).toMatchObject({ status: 'processing', attempts: 1 });
    expect(new Date(mid!.locked_until!).getTime()).toBeGreaterThan(mid!.at - 100);
  });

  it('does not let one slow handler stall the others: 10 quick events finish while it runs', { timeout: 20_000 }, async () => {
    const org = await buildOrg(t.database.db);
    const slow = gate();
    const finished = new Set<string>();
    let slowRunning = false;
    const d = dispatcherFor(
      org.id,
      async (ev) => {
        if (ev.aggregateId === 'slow') {
          slowRunning = true;
          await slow.promise;
          slowRunning = false;
        }
        finished.add(ev.aggregateId);
      },
      { concurrency: 4 },
    );
    // The slow event is the oldest: claimed first.
    const slowId = await emitProduct(org.id, 'slow');
    const quick = Array.from({ length: 10 }, (_, i) => `quick-${i}`);
    for (const q of quick) await emitProduct(org.id, q);
    try {
      d.start();
      await waitFor('the slow handler to start', () => slowRunning);
      await waitFor('the 10 quick events to finish', () => quick.every((q) => finished.has(q)));
      // ...and are recorded done, while the slow one is still held.
      await waitFor('the 10 quick events to be done', async () => (await statusCounts(org.id)).done === 10);
      expect(slowRunning).toBe(true);
      expect(await statusCounts(org.id)).toEqual({ done: 10, processing: 1 });
      expect(d.running).toEqual([slowId]);
      slow.open();
      await waitFor('the slow event to be done', async () => (await eventRow(slowId)).status === 'done');
    } finally {
      slow.open();
      await d.stop();
    }
    expect(await statusCounts(org.id)).toEqual({ done: 11 });
  });

  it('stop() waits for the event in flight and claims nothing more', { timeout: 20_000 }, async () => {
    const org = await buildOrg(t.database.db);
    const slow = gate();
    let started = false;
    let finished = false;
    const d = dispatcherFor(
      org.id,
      async () => {
        started = true;
        await slow.promise;
        finished = true;
      },
      { leaseSeconds: 1 },
    );
    const id = await emitProduct(org.id, 'in-flight');
    d.start();
    await waitFor('the handler to start', () => started);
    const firstLease = (await eventRow(id)).locked_until;
    let stopped = false;
    const stopping = d.stop().then(() => (stopped = true));
    const later = await emitProduct(org.id, 'after-stop');
    // Time passes with the handler still at work (its lease is extended: a positive signal), stop() still waits.
    await waitFor('a lease extension', async () => (await eventRow(id)).locked_until !== firstLease);
    expect(stopped).toBe(false);
    slow.open();
    await stopping;
    expect(finished).toBe(true);
    expect((await eventRow(id)).status).toBe('done');
    expect((await eventRow(later)).status).toBe('pending');
  });
});

describe('event catalogue', () => {
  it("refuses a payload that breaks its schema inside the service's transaction: nothing is committed", async () => {
    const org = await buildOrg(t.database.db);
    const count = async () =>
      (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM domain_events WHERE org_id = ${org.id}`))[0]!.n;
    await expect(
      transaction(t.database.db, async (tx) => {
        await emit(tx, actorOf(org.id), { type: 'PERSON_UPDATED', aggregateType: 'person', aggregateId: 'p1' });
        // A string where the catalogue wants a list of field names (the compiler refuses it too).
        await emit(tx, actorOf(org.id), {
          type: 'PRODUCT_UPDATED',
          aggregateType: 'product',
          aggregateId: 'x',
          // @ts-expect-error the payload does not match PRODUCT_UPDATED
          payload: { changed: 'name' },
        });
      }),
    ).rejects.toThrow(/PRODUCT_UPDATED: payload does not match the catalogue: changed/);
    expect(await count()).toBe(0);

    await expect(
      transaction(t.database.db, (tx) =>
        // @ts-expect-error a required field is missing
        emit(tx, actorOf(org.id), { type: 'USER_INVITED', aggregateType: 'user', aggregateId: 'u1', payload: { email: 'a@example.org' } }),
      ),
    ).rejects.toThrow(/USER_INVITED: payload does not match the catalogue: name/);
    await expect(
      transaction(t.database.db, (tx) =>
        // @ts-expect-error not a type of the catalogue
        emit(tx, actorOf(org.id), { type: 'NO_SUCH_EVENT', aggregateType: 'x', aggregateId: 'x' }),
      ),
    ).rejects.toThrow(/NO_SUCH_EVENT: not in the event catalogue/);
    await expect(
      transaction(t.database.db, (tx) =>
        emitMany(tx, actorOf(org.id), [
          // @ts-expect-error the payload does not match LEADS_IMPORTED
          { type: 'LEADS_IMPORTED', aggregateType: 'import_job', aggregateId: 'j', payload: { count: 'many' } },
        ]),
      ),
    ).rejects.toThrow(/LEADS_IMPORTED/);
    expect(await count()).toBe(0);

    // A payload of its schema commits, and its handler gets it typed.
    await transaction(t.database.db, (tx) =>
      emit(tx, actorOf(org.id), { type: 'PRODUCT_UPDATED', aggregateType: 'product', aggregateId: 'x', payload: { changed: ['name'] } }),
    );
    expect(await count()).toBe(1);
  });

  it('gives a handler the full context: mailer, config, a system actor with the request id, a transaction', async () => {
    const org = await t.org();
    const seen: Record<string, unknown>[] = [];
    t.app.deps.events.on('PERSON_RESTORED', 'reliability_context_probe', async (ev, ctx) => {
      const n = await ctx.transaction(async (tx) => (await t.database.rows<{ n: number }>(sql`SELECT 1::int AS n`, tx))[0]!.n);
      seen.push({
        eventId: ctx.eventId === ev.id,
        actor: ctx.actor,
        mailer: typeof ctx.mailer,
        publicUrl: ctx.config.publicUrl === t.config.publicUrl,
        n,
      });
    });
    const id = await transaction(t.database.db, (tx) =>
      emit(
        tx,
        { orgId: org.id, userId: null, requestId: 'req-42' },
        { type: 'PERSON_RESTORED', aggregateType: 'person', aggregateId: 'p' },
      ),
    );
    await t.runEvents();
    expect(seen).toEqual([
      {
        eventId: true,
        actor: expect.objectContaining({ orgId: org.id, userId: null, requestId: 'req-42', role: 'admin' }),
        mailer: 'object',
        publicUrl: true,
        n: 1,
      },
    ]);
    expect((await eventRow(id)).status).toBe('done');
  });
});
