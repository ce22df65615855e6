// /api/portal/vitals (issue 11): canonical storage with LOINC codes, unit round trips, validation in the
// patient's words, soft delete with undo, and access: only the patient's own rows, staff refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type Response, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { STAFF_ROLES } from '../../../shared/permissions';

let t: TestApp;
let org: TestOrg;
let me: Client;
let myPatientId: string;
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** A patient record of `o` and a portal user who is that patient, signed in. */
async function portalPatient(o: TestOrg) {
  const admin = await o.as('admin');
  const res = await admin.post('/api/v1/patients', { first_name: 'Val', last_name: `Ital${uniq()}`, email: `v.${uniq()}@x.example` });
  if (res.statusCode !== 201) throw new Error(`patient: ${res.statusCode} ${res.body}`);
  const p = res.json() as { id: string; person_id: string };
  const u = await o.newUser('patient', { personId: p.person_id });
  return { patientId: p.id, client: u.client };
}

type Stored = {
  measure: string;
  value: string;
  value2: string | null;
  unit: string;
  loinc: string;
  loinc_components: string[];
  source: string;
  patient_id: string;
};
const stored = async (id: string) =>
  (
    await t.database.rows<Stored>(
      sql`SELECT measure, value::text, value2::text, unit, loinc, loinc_components, source, patient_id FROM portal_vitals WHERE id = ${id}`,
    )
  )[0];
/** Every column of every reading of the organizations: proves a refused request changed nothing. */
const orgIds: string[] = [];
const fingerprint = async () =>
  (
    await t.database.rows<{ h: string }>(
      sql`SELECT md5(coalesce(string_agg(to_jsonb(v)::text, '|' ORDER BY v.id), '')) AS h FROM portal_vitals v
        WHERE v.org_id = ANY(${sql.param(orgIds)}::uuid[])`,
    )
  )[0]!.h;
const newOrg = async () => {
  const o = await t.org();
  orgIds.push(o.id);
  return o;
};

beforeAll(async () => {
  t = await createTestApp();
  org = await newOrg();
  const p = await portalPatient(org);
  me = p.client;
  myPatientId = p.patientId;
});
afterAll(async () => t?.close());

const record = async (c: Client, body: Record<string, unknown>, query = '') => {
  const res = await c.post(`/api/portal/vitals${query}`, { measured_at: hoursAgo(1), ...body });
  if (res.statusCode !== 201) throw new Error(`record: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; value: number; value2: number | null; unit: string; version: number };
};

describe('portal vitals: storage', () => {
  const cases = [
    {
      measure: 'blood_pressure',
      value: 128,
      value2: 82,
      unit: 'mmHg',
      canon: ['128.0000', '82.0000'],
      cu: 'mmHg',
      loinc: '85354-9',
      comps: ['8480-6', '8462-4'],
    },
    { measure: 'heart_rate', value: 64, unit: 'bpm', canon: ['64.0000', null], cu: 'bpm', loinc: '8867-4', comps: [] },
    { measure: 'weight', value: 150, unit: 'lb', canon: ['68.0389', null], cu: 'kg', loinc: '29463-7', comps: [] },
    { measure: 'height', value: 70, unit: 'in', canon: ['177.8000', null], cu: 'cm', loinc: '8302-2', comps: [] },
    { measure: 'glucose', value: 5.5, unit: 'mmol/L', canon: ['99.0880', null], cu: 'mg/dL', loinc: '2339-0', comps: [] },
    { measure: 'temperature', value: 98.6, unit: 'F', canon: ['37.0000', null], cu: 'C', loinc: '8310-5', comps: [] },
    { measure: 'spo2', value: 97, unit: '%', canon: ['97.0000', null], cu: '%', loinc: '59408-5', comps: [] },
    {
      measure: 'respiratory_rate',
      value: 16,
      unit: 'breaths/min',
      canon: ['16.0000', null],
      cu: 'breaths/min',
      loinc: '9279-1',
      comps: [],
    },
  ];
  it.each(cases)('stores $measure in $cu with LOINC $loinc', async (c) => {
    const v = await record(me, { measure: c.measure, value: c.value, value2: c.value2, unit: c.unit, note: 'after breakfast' });
    expect(await stored(v.id)).toEqual({
      measure: c.measure,
      value: c.canon[0],
      value2: c.canon[1],
      unit: c.cu,
      loinc: c.loinc,
      loinc_components: c.comps,
      source: 'patient',
      patient_id: myPatientId,
    });
    const back = (await me.get(`/api/portal/vitals/${v.id}?units=us`)).json();
    expect(back).toMatchObject({ measure: c.measure, loinc: c.loinc, source: 'patient', note: 'after breakfast' });
  });

  it('round trips lb -> kg -> lb and mg/dL <-> mmol/L through the API', async () => {
    const w = await record(me, { measure: 'weight', value: 183.4, unit: 'lb' }, '?units=us');
    expect(w).toMatchObject({ value: 183.4, unit: 'lb' });
    expect((await stored(w.id))!.value).toBe('83.1888');
    expect((await me.get(`/api/portal/vitals/${w.id}`)).json()).toMatchObject({ value: 83.2, unit: 'kg' });
    expect((await me.get(`/api/portal/vitals/${w.id}?units=us`)).json()).toMatchObject({ value: 183.4, unit: 'lb' });

    const g = await record(me, { measure: 'glucose', value: 126, unit: 'mg/dL' });
    expect(g).toMatchObject({ value: 7, unit: 'mmol/L' }); // metric by default
    expect((await me.get(`/api/portal/vitals/${g.id}?units=us`)).json()).toMatchObject({ value: 126, unit: 'mg/dL' });
    const g2 = await record(me, { measure: 'glucose', value: 6.1, unit: 'mmol/L' }, '?units=metric');
    expect(g2).toMatchObject({ value: 6.1, unit: 'mmol/L' });
    expect((await me.get(`/api/portal/vitals/${g2.id}?units=us`)).json()).toMatchObject({ value: 110, unit: 'mg/dL' });
  });
});

describe('portal vitals: list, chart, change, delete and undo', () => {
  it('lists newest first with filters and pages, and draws a chart with the band and a fitted axis', async () => {
    const p = await portalPatient(org);
    const hrs = [72, 48, 24];
    for (const [i, h] of hrs.entries())
      await record(p.client, { measure: 'blood_pressure', value: 140 + i, value2: 90 + i, unit: 'mmHg', measured_at: hoursAgo(h) });
    await record(p.client, { measure: 'heart_rate', value: 70, unit: 'bpm', measured_at: hoursAgo(2) });
    const all = (await p.client.get('/api/portal/vitals')).json();
    expect(all.total_count).toBe(4);
    expect(all.items.map((i: { measure: string }) => i.measure)).toEqual([
      'heart_rate',
      'blood_pressure',
      'blood_pressure',
      'blood_pressure',
    ]);
    const bp = (await p.client.get('/api/portal/vitals?measure=blood_pressure&page_size=2')).json();
    expect(bp).toMatchObject({ total_count: 3, total_pages: 2 });
    expect(bp.items.map((i: { value: number }) => i.value)).toEqual([142, 141]);
    const ranged = (await p.client.get(`/api/portal/vitals?measure=blood_pressure&from=${encodeURIComponent(hoursAgo(50))}`)).json();
    expect(ranged.items.map((i: { value: number }) => i.value)).toEqual([142, 141]);
    const until = (await p.client.get(`/api/portal/vitals?to=${encodeURIComponent(hoursAgo(60))}`)).json();
    expect(until.items.map((i: { value: number }) => i.value)).toEqual([140]);

    const chart = (await p.client.get('/api/portal/vitals/chart?measure=blood_pressure')).json();
    expect(chart.unit).toBe('mmHg');
    expect(chart.points.map((x: { value: number; value2: number }) => [x.value, x.value2])).toEqual([
      [140, 90],
      [141, 91],
      [142, 92],
    ]);
    expect(chart.normal_band).toEqual({ value: { low: 90, high: 120 }, value2: { low: 60, high: 80 } });
    expect(chart.y_axis.min).toBeGreaterThan(0);
    expect(chart.y_axis.min).toBeLessThanOrEqual(60);
    expect(chart.y_axis.max).toBeGreaterThanOrEqual(142);
    expect(chart.y_axis.max).toBeLessThan(200);

    // Weight has no band: the axis hugs the data, far from zero.
    await record(p.client, { measure: 'weight', value: 80, unit: 'kg' });
    await record(p.client, { measure: 'weight', value: 82.5, unit: 'kg' });
    const w = (await p.client.get('/api/portal/vitals/chart?measure=weight&units=us')).json();
    expect(w).toMatchObject({ unit: 'lb', normal_band: null, truncated: false });
    expect(w.points.map((x: { value: number }) => x.value)).toEqual([176.4, 181.9]);
    expect(w.y_axis.min).toBeGreaterThan(150);
    expect(w.y_axis.min).toBeLessThanOrEqual(176.4);
    expect(w.y_axis.max).toBeGreaterThanOrEqual(181.9);
    expect(w.y_axis.max).toBeLessThan(200);
  });

  it('corrects a reading (If-Match), deletes it softly and restores it, auditing each write', async () => {
    const v = await record(me, { measure: 'temperature', value: 37.4, unit: 'C' });
    const fixed = await me.patch(
      `/api/portal/vitals/${v.id}?units=us`,
      { value: 100.2, unit: 'F', note: 'evening' },
      { 'if-match': '"1"' },
    );
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ value: 100.2, unit: 'F', note: 'evening', version: 2 });
    expect((await stored(v.id))!.value).toBe('37.8889');
    expectProblem(await me.patch(`/api/portal/vitals/${v.id}`, { note: 'late' }, { 'if-match': '"1"' }), 412);

    const del = await me.delete(`/api/portal/vitals/${v.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().deleted_at).not.toBeNull();
    expectProblem(await me.get(`/api/portal/vitals/${v.id}`), 404);
    expectProblem(await me.delete(`/api/portal/vitals/${v.id}`), 404);
    const listed = (await me.get('/api/portal/vitals?measure=temperature&page_size=100')).json();
    expect(listed.items.some((i: { id: string }) => i.id === v.id)).toBe(false);

    const back = await me.post(`/api/portal/vitals/${v.id}/restore`);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ id: v.id, deleted_at: null, value: 37.9, unit: 'C' });
    expect((await me.get(`/api/portal/vitals/${v.id}`)).statusCode).toBe(200);
    expectProblem(await me.post(`/api/portal/vitals/${v.id}/restore`), 404);

    const audit = await t.database.rows<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE table_name = 'portal_vitals' AND record_id = ${v.id} ORDER BY created_at, id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete', 'update']);
  });

  it('answers 409 to a portal account not linked to a patient record, and lists nothing', async () => {
    const lone = await org.newUser('patient');
    const before = await fingerprint();
    expectProblem(
      await lone.client.post('/api/portal/vitals', { measure: 'heart_rate', value: 60, unit: 'bpm', measured_at: hoursAgo(1) }),
      409,
    );
    expect((await lone.client.get('/api/portal/vitals')).json().total_count).toBe(0);
    expect(await fingerprint()).toBe(before);
  });
});

describe('portal vitals: latest per measure (Home)', () => {
  type Latest = {
    items: {
      measure: string;
      unit: string;
      latest: { id: string; value: number; value2: number | null; unit: string };
      previous: { id: string; value: number } | null;
    }[];
  };
  const latestOf = async (c: Client, query = '') => {
    const res = await c.get(`/api/portal/vitals/latest${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as Latest;
  };

  it('answers the newest two readings of each measure the patient has, in a fixed order, in their units', async () => {
    const p = await portalPatient(org);
    const bp = [];
    for (const [i, h] of [72, 48, 24].entries())
      bp.push(
        await record(p.client, { measure: 'blood_pressure', value: 140 - i, value2: 90 - i, unit: 'mmHg', measured_at: hoursAgo(h) }),
      );
    const w1 = await record(p.client, { measure: 'weight', value: 150, unit: 'lb', measured_at: hoursAgo(30) });
    const w2 = await record(p.client, { measure: 'weight', value: 70, unit: 'kg', measured_at: hoursAgo(5) });
    // Recorded last but listed after blood pressure and weight: the order is the measures', not the time's.
    const hr = await record(p.client, { measure: 'heart_rate', value: 64, unit: 'bpm', measured_at: hoursAgo(1) });

    const metric = await latestOf(p.client);
    expect(metric.items.map((i) => [i.measure, i.unit, i.latest.id, i.previous?.id ?? null])).toEqual([
      ['blood_pressure', 'mmHg', bp[2]!.id, bp[1]!.id],
      ['heart_rate', 'bpm', hr.id, null],
      ['weight', 'kg', w2.id, w1.id],
    ]);
    expect(metric.items[0]!.latest).toMatchObject({ value: 138, value2: 88, unit: 'mmHg' });
    expect(metric.items[2]!.previous).toMatchObject({ value: 68, unit: 'kg' });

    const us = await latestOf(p.client, '?units=us');
    const weight = us.items.find((i) => i.measure === 'weight')!;
    expect(weight).toMatchObject({ unit: 'lb', latest: { value: 154.3, unit: 'lb' }, previous: { value: 150, unit: 'lb' } });
  });

  it('follows the unit system of the profile unless ?units= says otherwise', async () => {
    const p = await portalPatient(org);
    await record(p.client, { measure: 'temperature', value: 37, unit: 'C' });
    const prefer = await p.client.patch('/api/portal/profile', { preferred_units: 'us' });
    expect(prefer.statusCode).toBe(200);
    expect((await latestOf(p.client)).items[0]).toMatchObject({ unit: 'F', latest: { value: 98.6, unit: 'F' } });
    expect((await latestOf(p.client, '?units=metric')).items[0]).toMatchObject({ unit: 'C', latest: { value: 37, unit: 'C' } });
  });

  it('skips deleted readings: the one before moves up, and a measure with none left is gone', async () => {
    const p = await portalPatient(org);
    const old = await record(p.client, { measure: 'glucose', value: 100, unit: 'mg/dL', measured_at: hoursAgo(50) });
    const mid = await record(p.client, { measure: 'glucose', value: 110, unit: 'mg/dL', measured_at: hoursAgo(30) });
    const neu = await record(p.client, { measure: 'glucose', value: 120, unit: 'mg/dL', measured_at: hoursAgo(2) });
    const spo2 = await record(p.client, { measure: 'spo2', value: 97, unit: '%' });
    expect((await p.client.delete(`/api/portal/vitals/${neu.id}`)).statusCode).toBe(200);
    expect((await p.client.delete(`/api/portal/vitals/${spo2.id}`)).statusCode).toBe(200);
    const after = await latestOf(p.client);
    expect(after.items.map((i) => [i.measure, i.latest.id, i.previous?.id ?? null])).toEqual([['glucose', mid.id, old.id]]);
  });

  it("answers nothing to a new patient while others have readings, never another patient's", async () => {
    const others = await portalPatient(org);
    await record(others.client, { measure: 'heart_rate', value: 80, unit: 'bpm' });
    const foreign = await portalPatient(await newOrg());
    await record(foreign.client, { measure: 'heart_rate', value: 81, unit: 'bpm' });
    const fresh = await portalPatient(org);
    expect(await latestOf(fresh.client)).toEqual({ items: [] });
    expect(await latestOf((await org.newUser('patient')).client)).toEqual({ items: [] });
    // The other patient sees only their own.
    const theirs = await latestOf(others.client);
    expect(theirs.items.map((i) => [i.measure, i.latest.value, i.previous])).toEqual([['heart_rate', 80, null]]);
  });

  it('refuses an unknown unit system naming units', async () => {
    expectProblem(await me.get('/api/portal/vitals/latest?units=imperial'), 400, 'units');
  });
});

describe('portal vitals: bad input names the field and changes nothing', () => {
  const ok = { measure: 'weight', value: 70, unit: 'kg' };
  const bad: [string, string, Record<string, unknown>][] = [
    ['no measure', 'measure', { value: 70, unit: 'kg' }],
    ['unknown measure', 'measure', { ...ok, measure: 'mood' }],
    ['a unit of another measure', 'unit', { ...ok, unit: 'mmHg' }],
    ['an unknown unit', 'unit', { ...ok, unit: 'stone' }],
    ['a value as text', 'value', { ...ok, value: '70' }],
    ['an implausible weight', 'value', { ...ok, value: 7000, unit: 'lb' }],
    ['a negative heart rate', 'value', { measure: 'heart_rate', value: -3, unit: 'bpm' }],
    ['blood pressure without diastolic', 'value2', { measure: 'blood_pressure', value: 120, unit: 'mmHg' }],
    ['diastolic above systolic', 'value2', { measure: 'blood_pressure', value: 80, value2: 120, unit: 'mmHg' }],
    ['a second value on a weight', 'value2', { ...ok, value2: 3 }],
    ['a temperature in F read as C', 'value', { measure: 'temperature', value: 98.6, unit: 'C' }],
    ['a bad time', 'measured_at', { ...ok, measured_at: 'yesterday' }],
    ['a time in the future', 'measured_at', { ...ok, measured_at: new Date(Date.now() + 3 * 86_400_000).toISOString() }],
    ['a very long note', 'note', { ...ok, note: 'x'.repeat(2001) }],
  ];
  it.each(bad)('POST with %s -> 400 naming %s', async (_label, field, body) => {
    const before = await fingerprint();
    expectProblem(await me.post('/api/portal/vitals', { measured_at: hoursAgo(1), ...body }), 400, field);
    expect(await fingerprint()).toBe(before);
  });

  it('PATCH refuses a value without its unit, an implausible value and a bad query, changing nothing', async () => {
    const v = await record(me, { measure: 'heart_rate', value: 66, unit: 'bpm' });
    const before = await fingerprint();
    expectProblem(await me.patch(`/api/portal/vitals/${v.id}`, { value: 70 }), 400, 'unit');
    expectProblem(await me.patch(`/api/portal/vitals/${v.id}`, { value: 900, unit: 'bpm' }), 400, 'value');
    expectProblem(await me.patch(`/api/portal/vitals/${v.id}`, { value: 70, unit: 'kg' }), 400, 'unit');
    expectProblem(await me.get('/api/portal/vitals?units=imperial'), 400, 'units');
    expectProblem(await me.get('/api/portal/vitals/chart'), 400, 'measure');
    expect(await fingerprint()).toBe(before);
    expect((await me.get(`/api/portal/vitals/${v.id}`)).json()).toMatchObject({ value: 66, version: 1 });
  });
});

describe('portal vitals: access', () => {
  type Call = [string, (c: Client, id: string) => Promise<Response>];
  const body = { measure: 'heart_rate', value: 61, unit: 'bpm', measured_at: hoursAgo(3) };
  const byId: Call[] = [
    ['GET /:id', (c, id) => c.get(`/api/portal/vitals/${id}`)],
    ['PATCH /:id', (c, id) => c.patch(`/api/portal/vitals/${id}`, { note: 'mine now' })],
    ['DELETE /:id', (c, id) => c.delete(`/api/portal/vitals/${id}`)],
    ['POST /:id/restore', (c, id) => c.post(`/api/portal/vitals/${id}/restore`)],
  ];
  const every: Call[] = [
    ['GET list', (c) => c.get('/api/portal/vitals')],
    ['GET chart', (c) => c.get('/api/portal/vitals/chart?measure=heart_rate')],
    ['GET latest', (c) => c.get('/api/portal/vitals/latest')],
    ['POST', (c) => c.post('/api/portal/vitals', body)],
    ...byId,
  ];

  let theirs: { live: string; deleted: string };
  let foreign: { live: string; deleted: string };
  beforeAll(async () => {
    const mk = async (c: Client) => {
      const live = (await record(c, body)).id;
      const deleted = (await record(c, body)).id;
      expect((await c.delete(`/api/portal/vitals/${deleted}`)).statusCode).toBe(200);
      return { live, deleted };
    };
    theirs = await mk((await portalPatient(org)).client);
    foreign = await mk((await portalPatient(await newOrg())).client);
  });

  it.each(byId)("another patient's and another organization's ids answer 404 on %s, nothing changed", async (label, call) => {
    const before = await fingerprint();
    for (const ids of [theirs, foreign]) {
      const id = label.includes('restore') ? ids.deleted : ids.live;
      expectProblem(await call(me, id), 404);
    }
    expect(await fingerprint()).toBe(before);
  });

  it("lists and charts never include another patient's readings", async () => {
    const list = (await me.get('/api/portal/vitals?page_size=100')).json() as { items: { id: string }[] };
    const chart = (await me.get('/api/portal/vitals/chart?measure=heart_rate')).json() as { points: { id: string }[] };
    const latest = (await me.get('/api/portal/vitals/latest')).json() as {
      items: { latest: { id: string }; previous: { id: string } | null }[];
    };
    const seen = new Set([
      ...list.items.map((i) => i.id),
      ...chart.points.map((p) => p.id),
      ...latest.items.flatMap((i) => [i.latest.id, i.previous?.id]),
    ]);
    expect(list.items.length).toBeGreaterThan(0);
    for (const id of [theirs.live, foreign.live]) expect(seen.has(id)).toBe(false);
  });

  it.each(every)('signed out: 401 on %s, nothing changed', async (_label, call) => {
    const before = await fingerprint();
    expectProblem(await call(t.anon, theirs.live), 401);
    expect(await fingerprint()).toBe(before);
  });

  it.each(every)('every staff role: 403 on %s, nothing changed', async (_label, call) => {
    const before = await fingerprint();
    for (const role of STAFF_ROLES) expectProblem(await call(await org.as(role), theirs.live), 403);
    expect(await fingerprint()).toBe(before);
  });
});
