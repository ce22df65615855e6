// The invitation token is minted by the email handler: never in domain_events, only hashed on the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../tests/helpers/app';
import { sha256 } from '../../platform/auth/password';
import { systemActor } from '../../platform/context';
import { transaction } from '../../db/tx';
import type { DomainEvent, HandlerContext } from '../../platform/events/outbox';
import { sendInvitationEmail } from './users.invitations';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const tokenOf = (body: string) => decodeURIComponent(/token=([^\s]+)/.exec(body)![1]!);

describe('invitation tokens', () => {
  it('are in no domain_events row; the emailed link works once; only its hash is stored', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const email = `inv.${Date.now()}@x.example`;
    const res = await admin.post('/api/users', { email, name: 'Ina Vite', role: 'sdr' });
    expect(res.statusCode, res.body).toBe(201);
    await t.runEvents();
    const [mail] = await t.database.rows<{ body: string }>(sql`SELECT body FROM outbound_emails WHERE to_address = ${email}`);
    const token = tokenOf(mail!.body);
    const events = await t.database.rows<{ payload: unknown }>(sql`SELECT payload FROM domain_events WHERE org_id = ${org.id}`);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(JSON.stringify(e.payload)).not.toContain(token);
    const [u] = await t.database.rows<{ invite_token_hash: string }>(sql`SELECT invite_token_hash FROM users WHERE id = ${res.json().id}`);
    expect(u!.invite_token_hash).toBe(sha256(token));
    expect((await t.anon.post('/api/auth/accept-invite', { token, password: 'a-good-password-1' })).statusCode).toBe(200);
  });

  it('a retried handler resends the same email, and its link still works', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const email = `retry.${Date.now()}@x.example`;
    await admin.post('/api/users', { email, name: 'Re Try', role: 'sdr' });
    await t.runEvents();
    // Run the event again as a retry would (handler recorded as not done).
    await t.database.rows(
      sql`UPDATE domain_events SET status = 'pending', completed_handlers = '{}', available_at = now()
        WHERE org_id = ${org.id} AND type = 'USER_INVITED'`,
    );
    await t.runEvents();
    const mails = await t.database.rows<{ body: string }>(sql`SELECT body FROM outbound_emails WHERE to_address = ${email}`);
    expect(mails).toHaveLength(1);
    expect(
      (await t.anon.post('/api/auth/accept-invite', { token: tokenOf(mails[0]!.body), password: 'a-good-password-1' })).statusCode,
    ).toBe(200);
  });

  it('two runs of the same event at once store one email, whose link is the one that works', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const email = `twice.${Date.now()}@x.example`;
    const res = await admin.post('/api/users', { email, name: 'Two Runs', role: 'sdr' });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await t.database.rows<{ id: string; payload: DomainEvent<'USER_INVITED'>['payload'] }>(
      sql`SELECT id, payload FROM domain_events WHERE org_id = ${org.id} AND type = 'USER_INVITED'`,
    );
    const ev = {
      id: row!.id,
      orgId: org.id,
      type: 'USER_INVITED',
      aggregateId: res.json().id,
      payload: row!.payload,
    } as DomainEvent<'USER_INVITED'>;
    // As two dispatchers would run it (a lease lost mid-handler): the same event, twice at once.
    const ctx = {
      database: t.database,
      log: t.app.log,
      mailer: t.app.deps.mailer,
      config: t.config,
      eventId: ev.id,
      actor: systemActor(org.id, 'handler:send_invitation_email'),
      transaction: (fn) => transaction(t.database.db, fn),
    } as HandlerContext;
    await Promise.all([sendInvitationEmail(ev, ctx), sendInvitationEmail(ev, ctx), sendInvitationEmail(ev, ctx)]);
    const mails = await t.database.rows<{ body: string }>(sql`SELECT body FROM outbound_emails WHERE to_address = ${email}`);
    expect(mails).toHaveLength(1);
    const [u] = await t.database.rows<{ invite_token_hash: string }>(sql`SELECT invite_token_hash FROM users WHERE id = ${ev.aggregateId}`);
    expect(u!.invite_token_hash).toBe(sha256(tokenOf(mails[0]!.body)));
  });

  it('writes no email for an invitation that was accepted or deactivated since', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const email = `gone.${Date.now()}@x.example`;
    const res = await admin.post('/api/users', { email, name: 'Gone Away', role: 'sdr' });
    await t.database.rows(sql`UPDATE users SET is_active = false WHERE id = ${res.json().id}`);
    await t.runEvents();
    expect(await t.database.rows(sql`SELECT id FROM outbound_emails WHERE to_address = ${email}`)).toHaveLength(0);
  });

  it('an event carrying a secret is refused by the outbox', async () => {
    const { emit } = await import('../../platform/events/outbox');
    const org = await t.org();
    await expect(
      emit(
        t.database.db,
        { orgId: org.id, userId: null, requestId: 'x' },
        { type: 'USER_INVITED', aggregateType: 'user', aggregateId: org.id, payload: { invite_token: 'abc' } as never },
      ),
    ).rejects.toThrow(/secret/);
  });
});
