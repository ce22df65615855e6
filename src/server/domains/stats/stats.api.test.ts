import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from '../../../../tests/helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('stats API', () => {
  it('returns the funnel, weekly new leads, sources, tasks, appointments, follow-ups, care stages and journeys', async () => {
    const o = await t.org();
    const sdr = await o.as('sdr');
    const admin = await o.as('admin');
    const mk = (stage: string, i: number, source = 'website') =>
      sdr.post('/api/leads', {
        first_name: 'S',
        last_name: `T${i}`,
        email: `s${i}.${o.id.slice(-6)}@x.example`,
        stage,
        value: 100,
        acquisition_source: source,
      });
    const stages = ['lead', 'lead', 'lead', 'lead', 'qualified', 'qualified', 'proposal', 'closed_won', 'closed_lost'];
    const leads = [];
    for (const [i, s] of stages.entries()) leads.push((await mk(s, i, i < 3 ? 'event' : 'website')).json());
    await sdr.post(`/api/leads/${leads[0].id}/interactions`, { type: 'Call', channel: 'phone', note: 'n', follow_up_date: yesterday });
    await sdr.post(`/api/leads/${leads[1].id}/interactions`, { type: 'Call', channel: 'phone', note: 'n', follow_up_date: yesterday });
    await admin.post(`/api/leads/${leads[1].id}/interactions`, { type: 'Email', channel: 'email', note: 'answered' });
    await sdr.post('/api/tasks', { title: 'today', due_date: today });
    await sdr.post('/api/tasks', { title: 'late', due_date: yesterday });
    await admin.post('/api/tasks', { title: 'admin late', due_date: yesterday });
    const p = (await admin.post('/api/v1/patients', { first_name: 'P', last_name: 'Q', care_stage: 'active_care' })).json();
    await admin.post(`/api/v1/patients/${p.id}/ct-journeys`, { trial_name: 'T' });
    const start = new Date(`${today}T12:00:00Z`);
    await admin.post('/api/appointments', {
      patient_id: p.id,
      staff_user_id: o.users.sdr.id,
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + 1800_000).toISOString(),
    });

    const res = await sdr.get(`/api/stats?today=${today}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.pipeline.stages.find((x: { stage: string }) => x.stage === 'lead')).toEqual({ stage: 'lead', count: 4, total_value: 400 });
    expect(s.pipeline.conversion[0]).toEqual({ from: 'lead', to: 'qualified', rate: 0.5 });
    expect(s.pipeline.win_rate).toBe(0.5);
    expect(s.pipeline.open_count).toBe(7);
    expect(s.new_leads_per_week).toHaveLength(12);
    expect(s.new_leads_per_week[11].count).toBe(9);
    expect(s.acquisition_sources).toEqual([
      { source: 'website', count: 6 },
      { source: 'event', count: 3 },
    ]);
    expect(s.tasks).toEqual({ due_today_mine: 1, overdue_mine: 1, due_today_total: 1, overdue_total: 2 });
    expect(s.appointments_today).toMatchObject({ total: 1, mine: 1, items: [{ patient_id: p.id, patient_name: 'P Q' }] });
    expect(s.follow_ups_due.count).toBe(1);
    expect(s.follow_ups_due.items[0]).toMatchObject({ lead_id: leads[0].id, follow_up_date: yesterday, person_name: 'S T0' });
    expect(s.patients_per_care_stage).toEqual([{ care_stage: 'active_care', count: 1 }]);
    // An SDR sees no journeys (minimum necessary, SECURITY.md); a manager does.
    expect(s.journeys).toBeNull();
    expect((await (await o.as('manager')).get(`/api/stats?today=${today}`)).json().journeys.ct).toEqual([
      { status: 'interested', count: 1 },
    ]);
  });

  it("never counts another organization's leads, tasks, appointments, follow-ups, patients or journeys", async () => {
    const noisy = await t.org();
    const admin = await noisy.as('admin');
    const lead = (
      await admin.post('/api/leads', { first_name: 'N', last_name: 'Oise', email: `n.${noisy.id.slice(-6)}@x.example` })
    ).json();
    await admin.post(`/api/leads/${lead.id}/interactions`, { type: 'Call', channel: 'phone', note: 'n', follow_up_date: yesterday });
    await admin.post('/api/tasks', { title: 'noise', due_date: today });
    await admin.post('/api/tasks', { title: 'late noise', due_date: yesterday });
    const p = (await admin.post('/api/v1/patients', { first_name: 'N', last_name: 'P', care_stage: 'intake' })).json();
    await admin.post(`/api/v1/patients/${p.id}/ct-journeys`, { trial_name: 'Noise' });
    const start = new Date(`${today}T12:00:00Z`);
    const booked = await admin.post('/api/appointments', {
      patient_id: p.id,
      staff_user_id: noisy.users.sdr.id,
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + 1800_000).toISOString(),
    });
    expect(booked.statusCode).toBe(201);
    // The noisy organization sees its own figures...
    const own = (await admin.get(`/api/stats?today=${today}`)).json();
    expect(own.pipeline.open_count).toBe(1);
    expect(own.tasks).toMatchObject({ due_today_mine: 1, overdue_mine: 1 });
    expect(own.appointments_today.total).toBe(1);
    expect(own.follow_ups_due.count).toBe(1);
    // ...and a quiet organization none of them.
    const quiet = await t.org();
    const s = (await (await quiet.as('admin')).get(`/api/stats?today=${today}`)).json();
    expect(s.pipeline.open_count).toBe(0);
    expect(s.pipeline.stages.every((x: { count: number }) => x.count === 0)).toBe(true);
    expect(s.new_leads_per_week.every((w: { count: number }) => w.count === 0)).toBe(true);
    expect(s.acquisition_sources).toEqual([]);
    expect(s.tasks).toEqual({ due_today_mine: 0, overdue_mine: 0, due_today_total: 0, overdue_total: 0 });
    expect(s.appointments_today).toEqual({ total: 0, mine: 0, items: [] });
    expect(s.follow_ups_due).toEqual({ count: 0, items: [] });
    expect(s.patients_per_care_stage).toEqual([]);
    expect(s.journeys).toEqual({ ct: [], eap: [] });
  });

  it('leaves out what the caller may not read, scopes the rest, and refuses patients and strangers', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    await admin.post('/api/v1/patients', { first_name: 'A', last_name: 'B' });
    const clinician = (await (await o.as('clinician')).get('/api/stats')).json();
    expect(clinician.pipeline).toBeNull();
    expect(clinician.patients_per_care_stage).toEqual([]);
    const liaison = (await (await o.as('liaison')).get('/api/stats')).json();
    // A liaison works with providers: no patient or patient-lead figures at all.
    expect(liaison.patients_per_care_stage).toBeNull();
    expect(liaison.pipeline).toBeNull();
    expect(liaison.follow_ups_due).toBeNull();
    expect((await (await o.as('health_coach')).get('/api/stats')).json().patients_per_care_stage).toEqual([]);
    expectProblem(await (await o.as('patient')).get('/api/stats'), 403);
    expectProblem(await t.anon.get('/api/stats'), 401);
    expectProblem(await admin.get('/api/stats?today=yesterday'), 400, 'today');
  });
});
