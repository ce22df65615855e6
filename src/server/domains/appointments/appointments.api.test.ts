import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const at = (h: number, m = 0, dayOffset = 1) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return new Date(d.getTime() + dayOffset * 86_400_000 + (h * 60 + m) * 60_000).toISOString();
};
const newPatient = async (o: TestOrg, over: Record<string, unknown> = {}) =>
  (
    await (
      await o.as('admin')
    ).post('/api/v1/patients', {
      first_name: 'Ap',
      last_name: 'Pointment',
      email: `ap.${Math.random().toString(36).slice(2)}@x.example`,
      ...over,
    })
  ).json();

describe('appointments API', () => {
  it('books, lists by range, reschedules, completes (events in the same transaction) and exports ICS', async () => {
    const admin = await org.as('admin');
    const practice = (await admin.post('/api/practices', { name: 'South Clinic', address: '2 Side St' })).json();
    const p = await newPatient(org, { assigned_coach_user_id: org.users.health_coach.id });
    const created = await admin.post('/api/appointments', {
      patient_id: p.id,
      clinician_user_id: org.users.clinician.id,
      practice_id: practice.id,
      starts_at: at(9),
      ends_at: at(9, 30),
      mode: 'in_person',
      title: 'Check-up',
    });
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({
      status: 'scheduled',
      patient_name: 'Ap Pointment',
      practice_name: 'South Clinic',
      clinician_name: expect.any(String),
    });
    const booked = await t.database.rows<{ type: string; payload: Record<string, unknown> }>(
      sql`SELECT type, payload FROM domain_events WHERE aggregate_id = ${a.id}`,
    );
    expect(booked).toEqual([
      {
        type: 'APPOINTMENT_BOOKED',
        payload: expect.objectContaining({ patient_id: p.id, assigned_coach_user_id: org.users.health_coach.id }),
      },
    ]);

    const inRange = (
      await admin.get(
        `/api/appointments?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(24))}&clinician_user_id=${org.users.clinician.id}`,
      )
    ).json();
    expect(inRange.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(
      (await admin.get(`/api/appointments?from=${encodeURIComponent(at(10))}&to=${encodeURIComponent(at(11))}`))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).not.toContain(a.id);

    const moved = await admin.patch(`/api/appointments/${a.id}`, { starts_at: at(10), ends_at: at(10, 45) }, { 'if-match': '"1"' });
    expect(moved.json()).toMatchObject({ starts_at: at(10), version: 2 });
    expectProblem(await admin.patch(`/api/appointments/${a.id}`, { notes: 'x' }, { 'if-match': '"1"' }), 412);
    expect((await admin.patch(`/api/appointments/${a.id}`, { status: 'completed' })).json().status).toBe('completed');
    const types = (
      await t.database.rows<{ type: string }>(sql`SELECT type FROM domain_events WHERE aggregate_id = ${a.id} ORDER BY id`)
    ).map((r) => r.type);
    expect(types).toEqual(['APPOINTMENT_BOOKED', 'APPOINTMENT_RESCHEDULED', 'APPOINTMENT_COMPLETED']);
    const illegal = await admin.patch(`/api/appointments/${a.id}`, { status: 'scheduled' });
    expectProblem(illegal, 422, 'status');

    const ics = await admin.get(`/api/appointments/${a.id}/ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect(ics.body).toContain(`UID:${a.id}@`);
    expect(ics.body).toContain('SUMMARY:Check-up');
    expect(ics.body).toContain('DTSTART:' + at(10).replace(/[-:]/g, '').replace('.000', ''));
  });

  it('deletes an appointment: gone from every read, audited, APPOINTMENT_DELETED in the same transaction', async () => {
    const admin = await org.as('admin');
    const p = await newPatient(org);
    const a = (
      await admin.post('/api/appointments', {
        patient_id: p.id,
        staff_user_id: org.users.sdr.id,
        starts_at: at(16, 0, 5),
        ends_at: at(17, 0, 5),
      })
    ).json();
    const res = await admin.delete(`/api/appointments/${a.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, patient_id: p.id });
    expectProblem(await admin.get(`/api/appointments/${a.id}`), 404);
    expectProblem(await admin.get(`/api/appointments/${a.id}/ics`), 404);
    expectProblem(await admin.patch(`/api/appointments/${a.id}`, { notes: 'x' }), 404);
    expectProblem(await admin.delete(`/api/appointments/${a.id}`), 404);
    expect((await admin.get(`/api/appointments?patient_id=${p.id}`)).json().total_count).toBe(0);
    const [row] = await t.database.rows<{ deleted: boolean }>(
      sql`SELECT deleted_at IS NOT NULL AS deleted FROM appointments WHERE id = ${a.id}`,
    );
    expect(row).toEqual({ deleted: true });
    const log = await t.database.rows<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE table_name = 'appointments' AND record_id = ${a.id} ORDER BY created_at, id`,
    );
    expect(log.map((l) => l.action)).toEqual(['create', 'delete']);
    const events = await t.database.rows<{ type: string }>(sql`SELECT type FROM domain_events WHERE aggregate_id = ${a.id} ORDER BY id`);
    expect(events.map((e) => e.type)).toEqual(['APPOINTMENT_BOOKED', 'APPOINTMENT_DELETED']);
    // The slot is free again.
    expect(
      (
        await admin.post('/api/appointments', {
          patient_id: p.id,
          staff_user_id: org.users.sdr.id,
          starts_at: at(16, 0, 5),
          ends_at: at(17, 0, 5),
        })
      ).statusCode,
    ).toBe(201);
  });

  it('never double-books a clinician, also under concurrent bookings', async () => {
    const admin = await org.as('admin');
    const p = await newPatient(org);
    const c = org.users.clinician.id;
    expect(
      (await admin.post('/api/appointments', { patient_id: p.id, clinician_user_id: c, starts_at: at(14, 0, 2), ends_at: at(15, 0, 2) }))
        .statusCode,
    ).toBe(201);
    expectProblem(
      await admin.post('/api/appointments', { patient_id: p.id, clinician_user_id: c, starts_at: at(14, 30, 2), ends_at: at(15, 30, 2) }),
      409,
      'starts_at',
    );
    // Back to back is fine; a cancelled slot frees the time.
    expect(
      (await admin.post('/api/appointments', { patient_id: p.id, clinician_user_id: c, starts_at: at(15, 0, 2), ends_at: at(15, 30, 2) }))
        .statusCode,
    ).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        admin.post('/api/appointments', { patient_id: p.id, clinician_user_id: c, starts_at: at(8, 0, 3), ends_at: at(9, 0, 3) }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9);
    const winner = results.find((r) => r.statusCode === 201)!.json();
    await admin.patch(`/api/appointments/${winner.id}`, { status: 'cancelled' });
    expect(
      (await admin.post('/api/appointments', { patient_id: p.id, clinician_user_id: c, starts_at: at(8, 0, 3), ends_at: at(9, 0, 3) }))
        .statusCode,
    ).toBe(201);
  });

  it('answers 400 naming the field and changes nothing', async () => {
    const admin = await org.as('admin');
    const p = await newPatient(org);
    const before = (await admin.get('/api/appointments?page_size=1')).json().total_count;
    const base = { patient_id: p.id, clinician_user_id: org.users.clinician.id, starts_at: at(12, 0, 4), ends_at: at(13, 0, 4) };
    expectProblem(await admin.post('/api/appointments', { ...base, ends_at: at(11, 0, 4) }), 400, 'ends_at');
    expectProblem(await admin.post('/api/appointments', { ...base, mode: 'telepathy' }), 400, 'mode');
    expectProblem(await admin.post('/api/appointments', { ...base, clinician_user_id: undefined }), 400, 'clinician_user_id');
    expectProblem(await admin.post('/api/appointments', { ...base, clinician_user_id: org.users.sdr.id }), 400, 'clinician_user_id');
    expectProblem(await admin.post('/api/appointments', { ...base, status: 'completed' }), 400, 'status');
    expectProblem(await admin.post('/api/appointments', { ...base, starts_at: 'tomorrow' }), 400, 'starts_at');
    expectProblem(await admin.post('/api/appointments', { ...base, patient_id: crypto.randomUUID() }), 404, 'patient_id');
    expectProblem(await admin.get('/api/appointments?from=yesterday'), 400, 'from');
    expect((await admin.get('/api/appointments?page_size=1')).json().total_count).toBe(before);
  });

  it('scopes clinicians and liaisons to their own appointments; other organizations get 404', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const p = await newPatient(o, { clinician_user_id: o.users.clinician.id });
    const mine = (
      await admin.post('/api/appointments', {
        patient_id: p.id,
        clinician_user_id: o.users.clinician.id,
        starts_at: at(9),
        ends_at: at(10),
      })
    ).json();
    const coachs = (
      await admin.post('/api/appointments', {
        patient_id: p.id,
        staff_user_id: o.users.health_coach.id,
        starts_at: at(11),
        ends_at: at(12),
      })
    ).json();
    const clinician = await o.as('clinician');
    expect((await clinician.get('/api/appointments')).json().items.map((x: { id: string }) => x.id)).toEqual([mine.id]);
    expectProblem(await clinician.get(`/api/appointments/${coachs.id}`), 404);
    expectProblem(await clinician.patch(`/api/appointments/${coachs.id}`, { notes: 'not mine' }), 404);
    expectProblem(await clinician.delete(`/api/appointments/${coachs.id}`), 403);
    expect((await admin.get(`/api/appointments/${coachs.id}`)).json()).toMatchObject({ notes: null, version: 1 });
    expect((await clinician.patch(`/api/appointments/${mine.id}`, { notes: 'bring labs' })).statusCode).toBe(200);
    expectProblem(
      await clinician.post('/api/appointments', {
        patient_id: p.id,
        staff_user_id: o.users.health_coach.id,
        starts_at: at(13),
        ends_at: at(14),
      }),
      403,
      'clinician_user_id',
    );
    expect((await admin.get('/api/appointments')).json().total_count).toBe(2);
    expect(
      (
        await clinician.post('/api/appointments', {
          patient_id: p.id,
          clinician_user_id: o.users.clinician.id,
          starts_at: at(13),
          ends_at: at(14),
        })
      ).statusCode,
    ).toBe(201);
    expect((await (await o.as('liaison')).get('/api/appointments')).json().total_count).toBe(0);
    expect((await (await o.as('health_coach')).get('/api/appointments')).json().total_count).toBe(3);
    expectProblem(await (await o.as('sdr')).delete(`/api/appointments/${mine.id}`), 403);
    expectProblem(await (await o.as('patient')).get('/api/appointments'), 403);
    expectProblem(await t.anon.get(`/api/appointments/${mine.id}/ics`), 401);
    const stranger = await (await t.org()).as('admin');
    expectProblem(await stranger.get(`/api/appointments/${mine.id}`), 404);
    expectProblem(await stranger.get(`/api/appointments/${mine.id}/ics`), 404);
    expectProblem(await stranger.patch(`/api/appointments/${mine.id}`, { status: 'cancelled' }), 404);
    expectProblem(
      await stranger.post('/api/appointments', {
        patient_id: p.id,
        clinician_user_id: o.users.clinician.id,
        starts_at: at(20),
        ends_at: at(21),
      }),
      404,
    );
    // None of the refusals changed anything.
    expect((await admin.get(`/api/appointments/${mine.id}`)).json()).toMatchObject({
      status: 'scheduled',
      notes: 'bring labs',
      version: 2,
    });
    expect((await admin.get('/api/appointments')).json().total_count).toBe(3);
    expect((await stranger.get('/api/appointments')).json().total_count).toBe(0);
  });
});
