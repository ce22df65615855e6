import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { loadConfig } from '../../config';
import { auditLog, domainEvents, outboundEmails, scheduledJobs } from '../../db/schema';
import { emit, type EventInput } from '../../platform/events/outbox';
import { EVENT_TYPES, eventCatalogue, type EventType } from '../../../shared/events';
import { uuidv7 } from '../../platform/ids';
import type { Role } from '../../../shared/permissions';
import type { OperationEmailItem, OperationEventItem, OperationsSummary } from '../../../shared/schemas/operations';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let admin: Client;
beforeAll(async () => {
  // One attempt: a handler that fails once leaves its event failed (dead), as after EVENTS_MAX_ATTEMPTS.
  const base = loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  t = await createTestApp({ events: { ...base.events, maxAttempts: 1 } });
  org = await t.org();
  other = await t.org();
  admin = await org.as('admin');
});
afterAll(async () => t?.close());

let seq = 0;
const uniq = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${(seq++).toString(36)}`;
const db = () => t.database.db;

type EventSeed = Partial<typeof domainEvents.$inferInsert>;
async function seedEvent(orgId: string, over: EventSeed = {}) {
  const id = uuidv7();
  await db()
    .insert(domainEvents)
    .values({
      id,
      orgId,
      type: 'ops.test',
      aggregateType: 'person',
      aggregateId: uuidv7(),
      payload: { first_name: 'Secret', diagnosis: 'private' },
      ...over,
    });
  return id;
}

type EmailSeed = Partial<typeof outboundEmails.$inferInsert>;
async function seedEmail(orgId: string, over: EmailSeed = {}) {
  const id = uuidv7();
  await db()
    .insert(outboundEmails)
    .values({
      id,
      orgId,
      toAddress: `${uniq('to')}@x.example`,
      subject: 'Your invitation',
      body: 'Open https://example.test/accept?token=single-use-secret',
      template: 'invitation',
      ...over,
    });
  return id;
}

const eventRow = async (id: string) => (await db().select().from(domainEvents).where(eq(domainEvents.id, id)))[0]!;
const emailRow = async (id: string) => (await db().select().from(outboundEmails).where(eq(outboundEmails.id, id)))[0]!;
const retryAudits = (orgId: string, id: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), eq(auditLog.recordId, id), eq(auditLog.action, 'retry')));

/** What a refused call must leave as it was. */
const eventState = async (id: string) => {
  const e = await eventRow(id);
  return { status: e.status, attempts: e.attempts, availableAt: e.availableAt.toISOString(), lastError: e.lastError };
};
const emailState = async (id: string) => {
  const e = await emailRow(id);
  return { status: e.status, attempts: e.attempts, availableAt: e.availableAt.toISOString(), lastError: e.lastError };
};

const past = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('operations API: summary', () => {
  it("counts the organization's events and emails by status and lists the scheduled jobs", async () => {
    const o = await t.org();
    const a = await o.as('admin');
    const before = (await a.get('/api/operations/summary')).json() as OperationsSummary;

    await seedEvent(o.id, { status: 'pending' });
    await seedEvent(o.id, { status: 'pending', attempts: 2, lastError: 'smtp down' });
    await seedEvent(o.id, { status: 'processing', attempts: 1, lockedUntil: new Date(Date.now() + 60_000) });
    await seedEvent(o.id, { status: 'failed', attempts: 5, lastError: 'gave up' });
    await seedEvent(o.id, { status: 'done', attempts: 1, processedAt: past(5) });
    await seedEvent(o.id, { status: 'done', attempts: 1, processedAt: past(60 * 30) }); // older than 24 h
    await seedEmail(o.id, { status: 'stored' });
    await seedEmail(o.id, { status: 'pending' });
    await seedEmail(o.id, { status: 'sending', attempts: 1 });
    await seedEmail(o.id, { status: 'failed', attempts: 3, lastError: 'refused' });
    await seedEmail(o.id, { status: 'sent', attempts: 1, sentAt: past(1) });
    // Noise in another organization: never counted.
    await seedEvent(other.id, { status: 'failed', attempts: 5 });
    await seedEmail(other.id, { status: 'failed', attempts: 3 });

    const jobA = uniq('ops_job_a');
    const jobB = uniq('ops_job_b');
    const lastRun = past(2);
    const nextRun = new Date(Date.now() + 60_000);
    await db()
      .insert(scheduledJobs)
      .values([
        {
          name: jobA,
          intervalSeconds: 60,
          nextRunAt: nextRun,
          lastRunAt: lastRun,
          lastFinishedAt: lastRun,
          lastStatus: 'failed',
          lastError: 'scoring failed',
          runCount: 7,
        },
        { name: jobB, intervalSeconds: 3600, nextRunAt: nextRun, enabled: false },
      ]);

    const res = await a.get('/api/operations/summary');
    expect(res.statusCode).toBe(200);
    const s = res.json() as OperationsSummary;
    expect(s.events).toEqual({
      pending: before.events.pending + 2,
      processing: before.events.processing + 1,
      failed: before.events.failed + 1,
      retried: before.events.retried + 2,
      done_last_24h: before.events.done_last_24h + 1,
    });
    expect(s.emails).toEqual({
      stored: before.emails.stored + 1,
      pending: before.emails.pending + 1,
      sending: before.emails.sending + 1,
      failed: before.emails.failed + 1,
      retried: before.emails.retried + 1,
      sent_last_24h: before.emails.sent_last_24h + 1,
    });
    expect(s.jobs.find((j) => j.name === jobA)).toEqual({
      name: jobA,
      interval_seconds: 60,
      enabled: true,
      next_run_at: nextRun.toISOString(),
      last_run_at: lastRun.toISOString(),
      last_finished_at: lastRun.toISOString(),
      last_status: 'failed',
      last_error: 'scoring failed',
      run_count: 7,
    });
    expect(s.jobs.find((j) => j.name === jobB)).toMatchObject({ enabled: false, last_run_at: null, last_status: null, run_count: 0 });
    await db()
      .delete(scheduledJobs)
      .where(inArray(scheduledJobs.name, [jobA, jobB]));
  });
});

describe('operations API: lists', () => {
  it('lists events newest first by status, with type and aggregate but never the payload', async () => {
    const o = await t.org();
    const a = await o.as('admin');
    const failedOld = await seedEvent(o.id, { status: 'failed', attempts: 5, lastError: 'boom', createdAt: past(10) });
    const failedNew = await seedEvent(o.id, { status: 'failed', attempts: 5, lastError: 'bang', createdAt: past(1) });
    const retrying = await seedEvent(o.id, { status: 'pending', attempts: 3, lastError: 'flaky', createdAt: past(2) });
    const pending = await seedEvent(o.id, { status: 'pending', createdAt: past(3) });
    const processing = await seedEvent(o.id, { status: 'processing', attempts: 1, createdAt: past(4) });
    await seedEvent(other.id, { status: 'failed', attempts: 5 });

    const failed = (await a.get('/api/operations/events?status=failed')).json();
    expect(failed.items.map((e: OperationEventItem) => e.id)).toEqual([failedNew, failedOld]);
    expect(failed.total_count).toBe(2);
    const item = failed.items[0] as OperationEventItem;
    expect(item).toMatchObject({ type: 'ops.test', aggregate_type: 'person', status: 'failed', attempts: 5, last_error: 'bang' });
    expect(Object.keys(item).sort()).toEqual(
      [
        'aggregate_id',
        'aggregate_type',
        'attempts',
        'available_at',
        'completed_handlers',
        'created_at',
        'id',
        'last_error',
        'processed_at',
        'status',
        'type',
      ].sort(),
    );
    expect(JSON.stringify(failed)).not.toContain('Secret');
    expect(JSON.stringify(failed)).not.toContain('private');

    const ids = async (q: string) => (await a.get(`/api/operations/events?${q}`)).json().items.map((e: OperationEventItem) => e.id);
    expect(await ids('status=pending')).toEqual([retrying, pending]);
    expect(await ids('status=processing')).toEqual([processing]);
    expect(await ids('status=retried')).toEqual([failedNew, retrying, failedOld]);
    expect(await ids('page_size=100')).toEqual(expect.arrayContaining([failedNew, retrying, pending, processing, failedOld]));

    const page2 = (await a.get('/api/operations/events?status=failed&page_size=1&page=2')).json();
    expect(page2).toMatchObject({ page: 2, page_size: 1, total_count: 2, total_pages: 2 });
    expect(page2.items.map((e: OperationEventItem) => e.id)).toEqual([failedOld]);
  });

  it('lists emails newest first by status, with the envelope but never the body', async () => {
    const o = await t.org();
    const a = await o.as('admin');
    const failed = await seedEmail(o.id, { status: 'failed', attempts: 4, lastError: 'connection refused', createdAt: past(1) });
    const sent = await seedEmail(o.id, { status: 'sent', attempts: 1, sentAt: past(1), createdAt: past(2) });
    const stored = await seedEmail(o.id, { status: 'stored', createdAt: past(3) });
    const retrying = await seedEmail(o.id, { status: 'pending', attempts: 2, lastError: 'timeout', createdAt: past(4) });
    await seedEmail(other.id, { status: 'failed', attempts: 4 });

    const res = (await a.get('/api/operations/emails?status=failed')).json();
    expect(res.items).toHaveLength(1);
    expect(res.items[0]).toMatchObject({
      id: failed,
      subject: 'Your invitation',
      template: 'invitation',
      status: 'failed',
      attempts: 4,
      last_error: 'connection refused',
      sent_at: null,
    });
    expect(res.items[0]).not.toHaveProperty('body');
    expect(JSON.stringify(res)).not.toContain('single-use-secret');
    const ids = async (q: string) => (await a.get(`/api/operations/emails?${q}`)).json().items.map((e: OperationEmailItem) => e.id);
    expect(await ids('status=sent')).toEqual([sent]);
    expect(await ids('status=stored')).toEqual([stored]);
    expect(await ids('status=retried')).toEqual([failed, retrying]);
    expect(await ids('')).toEqual([failed, sent, stored, retrying]);
  });

  it('answers 400 naming the field for a bad filter, page or id, and changes nothing', async () => {
    const failedEvent = await seedEvent(org.id, { status: 'failed', attempts: 5, lastError: 'x' });
    const failedEmail = await seedEmail(org.id, { status: 'failed', attempts: 3, lastError: 'y' });
    const before = [await eventState(failedEvent), await emailState(failedEmail)];
    expectProblem(await admin.get('/api/operations/events?status=dead'), 400, 'status');
    expectProblem(await admin.get('/api/operations/events?page_size=101'), 400, 'page_size');
    expectProblem(await admin.get('/api/operations/events?page=0'), 400, 'page');
    expectProblem(await admin.get('/api/operations/emails?status=bounced'), 400, 'status');
    expectProblem(await admin.get('/api/operations/emails?page_size=0'), 400, 'page_size');
    expectProblem(await admin.post('/api/operations/events/not-a-uuid/retry'), 400, 'id');
    expectProblem(await admin.post('/api/operations/emails/not-a-uuid/retry'), 400, 'id');
    expect([await eventState(failedEvent), await emailState(failedEmail)]).toEqual(before);
    expect(await retryAudits(org.id, failedEvent)).toHaveLength(0);
  });
});

describe('operations API: retry', () => {
  it('runs a failed event again: only the handler that failed, then the event is done', async () => {
    // A type of the catalogue that takes an empty payload and has no handler in the app: only the test's run.
    const type = EVENT_TYPES.find((x) => !t.app.deps.events.for(x).length && eventCatalogue[x].safeParse({}).success) as EventType;
    expect(type).toBeTruthy();
    const [okName, flakyName] = [uniq('ops-test-ok'), uniq('ops-test-flaky')];
    let healthy = false;
    const calls = { ok: 0, flaky: 0 };
    t.app.deps.events.on(type, okName, async () => {
      calls.ok++;
    });
    t.app.deps.events.on(type, flakyName, async () => {
      calls.flaky++;
      if (!healthy) throw new Error('downstream unavailable');
    });
    const actor = { orgId: org.id, userId: null, requestId: 'ops-test' };
    const id = await emit(db(), actor, { type, aggregateType: 'person', aggregateId: uuidv7() } as EventInput);

    // Bounded: the event fails on its one attempt.
    for (let i = 0; i < 20 && (await eventRow(id)).status !== 'failed'; i++) await t.runEvents();
    const dead = await eventRow(id);
    expect(dead).toMatchObject({ status: 'failed', attempts: 1, lastError: 'downstream unavailable', completedHandlers: [okName] });
    expect(calls).toEqual({ ok: 1, flaky: 1 });
    // A failed event is not picked up again by itself.
    await t.runEvents();
    expect(calls).toEqual({ ok: 1, flaky: 1 });

    healthy = true;
    const res = await admin.post(`/api/operations/events/${id}/retry`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'pending', attempts: 0, completed_handlers: [okName] });
    const requeued = await eventRow(id);
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0, lockedUntil: null, completedHandlers: [okName] });
    expect(requeued.availableAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    const audits = await retryAudits(org.id, id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ userId: org.users.admin.id, tableName: 'domain_events' });
    expect(audits[0]!.oldValues).toMatchObject({ status: 'failed', attempts: 1 });
    expect(audits[0]!.newValues).toMatchObject({ status: 'pending', attempts: 0 });

    for (let i = 0; i < 20 && (await eventRow(id)).status !== 'done'; i++) await t.runEvents();
    expect(await eventRow(id)).toMatchObject({ status: 'done', lastError: null });
    expect(calls).toEqual({ ok: 1, flaky: 2 });
  });

  it('makes a failed email due again', async () => {
    const id = await seedEmail(org.id, { status: 'failed', attempts: 5, lastError: 'connection refused', availableAt: past(30) });
    const res = await admin.post(`/api/operations/emails/${id}/retry`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'pending', attempts: 0 });
    expect(res.json()).not.toHaveProperty('body');
    const row = await emailRow(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, lockedUntil: null });
    expect(row.availableAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const audits = await retryAudits(org.id, id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ userId: org.users.admin.id, tableName: 'outbound_emails' });
  });

  it('answers 409 for an event or email that is not failed, and changes nothing', async () => {
    for (const status of ['pending', 'processing', 'done'] as const) {
      const id = await seedEvent(org.id, { status, attempts: 1 });
      const before = await eventState(id);
      expectProblem(await admin.post(`/api/operations/events/${id}/retry`), 409);
      expect(await eventState(id)).toEqual(before);
      expect(await retryAudits(org.id, id)).toHaveLength(0);
    }
    for (const status of ['stored', 'pending', 'sending', 'sent'] as const) {
      const id = await seedEmail(org.id, { status, attempts: 1 });
      const before = await emailState(id);
      expectProblem(await admin.post(`/api/operations/emails/${id}/retry`), 409);
      expect(await emailState(id)).toEqual(before);
      expect(await retryAudits(org.id, id)).toHaveLength(0);
    }
  });

  it("answers 404 for another organization's event or email and for an unknown id, and changes nothing", async () => {
    const foreignEvent = await seedEvent(other.id, { status: 'failed', attempts: 5, lastError: 'theirs' });
    const foreignEmail = await seedEmail(other.id, { status: 'failed', attempts: 3, lastError: 'theirs' });
    const before = [await eventState(foreignEvent), await emailState(foreignEmail)];
    expectProblem(await admin.post(`/api/operations/events/${foreignEvent}/retry`), 404);
    expectProblem(await admin.post(`/api/operations/emails/${foreignEmail}/retry`), 404);
    expectProblem(await admin.post(`/api/operations/events/${uuidv7()}/retry`), 404);
    expectProblem(await admin.post(`/api/operations/emails/${uuidv7()}/retry`), 404);
    expect([await eventState(foreignEvent), await emailState(foreignEmail)]).toEqual(before);
    expect(await retryAudits(org.id, foreignEvent)).toHaveLength(0);
    expect(await retryAudits(other.id, foreignEvent)).toHaveLength(0);
    // Their admin may retry it.
    expect((await (await other.as('admin')).post(`/api/operations/events/${foreignEvent}/retry`)).statusCode).toBe(200);
  });
});

describe('operations API: access', () => {
  const NON_ADMINS: Role[] = ['manager', 'liaison', 'health_coach', 'sdr', 'clinician', 'patient'];

  it('answers 401 signed out and 403 to every role but admin, and changes nothing', async () => {
    const failedEvent = await seedEvent(org.id, { status: 'failed', attempts: 5, lastError: 'x' });
    const failedEmail = await seedEmail(org.id, { status: 'failed', attempts: 3, lastError: 'y' });
    const before = [await eventState(failedEvent), await emailState(failedEmail)];
    const calls = (c: Client) => [
      c.get('/api/operations/summary'),
      c.get('/api/operations/events'),
      c.get('/api/operations/emails?status=failed'),
      c.post(`/api/operations/events/${failedEvent}/retry`),
      c.post(`/api/operations/emails/${failedEmail}/retry`),
    ];
    for (const res of await Promise.all(calls(t.anon))) expectProblem(res, 401);
    for (const role of NON_ADMINS) {
      const c = await org.as(role);
      for (const res of await Promise.all(calls(c))) expectProblem(res, 403);
    }
    expect([await eventState(failedEvent), await emailState(failedEmail)]).toEqual(before);
    expect(await retryAudits(org.id, failedEvent)).toHaveLength(0);
    expect(await retryAudits(org.id, failedEmail)).toHaveLength(0);
  });
});
