import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../../tests/helpers/app';
import { mayReceive } from './realtime';
import { withAudience } from './realtime-audience';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let base: string;
let unlisten: () => Promise<void>;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  // What server.ts does: relay every committed event announced by NOTIFY.
  unlisten = await t.database.listen('hcrm_events', (p) => {
    void withAudience(t.database, JSON.parse(p)).then((m) => t.app.deps.realtime.publish(m));
  });
});
afterAll(async () => {
  await unlisten?.();
  await t?.close();
});

/** Opens the SSE stream as a client and collects `change` events. */
function subscribe(c: Client): Promise<{ events: { type: string; aggregate_id: string }[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const events: { type: string; aggregate_id: string }[] = [];
    const req = http.get(`${base}/api/realtime`, { headers: { cookie: c.cookie! } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      let buf = '';
      res.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: change') && data) events.push(JSON.parse(data.slice(6)));
        }
      });
      resolve({ events, close: () => req.destroy() });
    });
    req.on('error', () => {});
  });
}

const waitFor = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('realtime stream', () => {
  it('delivers a committed change to users of the organization who may read it, and to nobody else', async () => {
    const manager = await subscribe(await org.as('manager'));
    const patient = await subscribe(await org.as('patient'));
    const clinician = await subscribe(await org.as('clinician'));
    const otherAdmin = await subscribe(await other.as('admin'));
    const created = (
      await (await org.as('sdr')).post('/api/persons', { first_name: 'Real', last_name: 'Time', email: `rt.${Date.now()}@x.example` })
    ).json();
    await waitFor(() => manager.events.some((e) => e.aggregate_id === created.id));
    await new Promise((r) => setTimeout(r, 200));
    expect(manager.events.filter((e) => e.aggregate_id === created.id).map((e) => e.type)).toEqual(['PERSON_CREATED']);
    expect(patient.events).toEqual([]);
    expect(clinician.events).toEqual([]);
    expect(otherAdmin.events.filter((e) => e.aggregate_id === created.id)).toEqual([]);
    for (const s of [manager, patient, clinician, otherAdmin]) s.close();
  });

  it('delivers a patient change to the assigned coach, not to another coach', async () => {
    const assigned = await subscribe(await org.as('health_coach'));
    const otherCoach = await org.newUser('health_coach');
    const other = await subscribe(otherCoach.client);
    const admin = await org.as('admin');
    const p = (
      await admin.post('/api/v1/patients', {
        first_name: 'Rea',
        last_name: 'Ltime',
        email: `rea.${Date.now()}@x.example`,
        assigned_coach_user_id: org.users.health_coach.id,
      })
    ).json();
    await admin.put(`/api/v1/patients/${p.id}`, { notes: 'changed' });
    await waitFor(() => assigned.events.filter((e) => e.aggregate_id === p.id).length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(assigned.events.filter((e) => e.aggregate_id === p.id).map((e) => e.type)).toEqual(['PATIENT_CREATED', 'PATIENT_UPDATED']);
    expect(other.events.filter((e) => e.aggregate_id === p.id)).toEqual([]);
    assigned.close();
    other.close();
  });

  it('requires a session', async () => {
    const res = await t.anon.get('/api/realtime');
    expect(res.statusCode).toBe(401);
  });

  it('delivers a record under a row-level policy only to the audience its policy named', () => {
    const msg = {
      id: '1',
      org_id: 'o',
      type: 'RELATIONSHIP_UPDATED',
      aggregate_type: 'relationship',
      aggregate_id: 'r',
      user_id: 'u1',
      audience: ['liaison-1', 'm'],
    };
    expect(mayReceive({ orgId: 'o', userId: 'liaison-1', role: 'liaison' }, msg)).toBe(true);
    expect(mayReceive({ orgId: 'o', userId: 'liaison-2', role: 'liaison' }, msg)).toBe(false);
    expect(mayReceive({ orgId: 'o', userId: 'm', role: 'manager' }, msg)).toBe(true);
    expect(mayReceive({ orgId: 'o', userId: 'm2', role: 'manager' }, msg)).toBe(false);
    expect(mayReceive({ orgId: 'x', userId: 'm', role: 'manager' }, msg)).toBe(false);
    expect(mayReceive({ orgId: 'o', userId: 'm', role: 'manager' }, { ...msg, aggregate_type: 'unknown' })).toBe(false);
    // An organization-level resource (campaigns) reaches every role with the read grant.
    expect(mayReceive({ orgId: 'o', userId: 'm2', role: 'manager' }, { ...msg, aggregate_type: 'campaign', audience: null })).toBe(true);
    expect(mayReceive({ orgId: 'o', userId: 'c', role: 'clinician' }, { ...msg, aggregate_type: 'campaign', audience: null })).toBe(false);
  });
});
