// /api/portal/{medications, lab-results, symptoms, conditions, allergies, procedures} (issue 11): what the
// six resources share, table-driven: create/read/list/update (If-Match)/soft delete/restore with an audit
// row per write, bad input naming the field and changing nothing, 409 without a health record, and access:
// only the patient's own rows (another patient's and another organization's ids answer 404), staff 403,
// signed out 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type Response, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { STAFF_ROLES } from '../../../shared/permissions';
import { add, daysAgo, fingerprint as fp, hoursAgo, portalPatient } from './records.test-support';

let t: TestApp;
let org: TestOrg;
let me: Client;
let myPatientId: string;
const orgIds: string[] = [];
const fingerprint = () => fp(t, orgIds);
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

type Spec = {
  path: string;
  table: string;
  body: Record<string, unknown>;
  patch: Record<string, unknown>;
  /** What the answer shows after the patch. */
  patched: Record<string, unknown>;
  /** [label, field named, body] of refused creates. */
  bad: [string, string, Record<string, unknown>][];
  /** A refused change of the created record. */
  badPatch: [string, Record<string, unknown>];
};

const SPECS: Spec[] = [
  {
    path: 'medications',
    table: 'portal_medications',
    body: {
      name: 'Metformin',
      dose: 500,
      unit: 'mg',
      frequency: 'twice a day',
      route: 'oral',
      start_date: '2026-01-05',
      reason: 'diabetes',
    },
    patch: { dose: 850, notes: 'with food' },
    patched: { name: 'Metformin', dose: 850, unit: 'mg', status: 'active', notes: 'with food' },
    bad: [
      ['no name', 'name', { dose: 5 }],
      ['an unknown dose unit', 'unit', { name: 'Aspirin', unit: 'spoonful' }],
      ['a dose as text', 'dose', { name: 'Aspirin', dose: 'two' }],
      ['an end before the start', 'end_date', { name: 'Aspirin', start_date: '2026-02-01', end_date: '2026-01-01' }],
    ],
    badPatch: ['status', { status: 'paused' }],
  },
  {
    path: 'lab-results',
    table: 'portal_lab_results',
    body: {
      test_name: 'HbA1c',
      loinc: '4548-4',
      value_numeric: 6.1,
      unit: '%',
      reference_low: 4,
      reference_high: 5.6,
      collected_at: daysAgo(3),
    },
    patch: { value_numeric: 5.2 },
    patched: { test_name: 'HbA1c', value_numeric: 5.2, flag: 'normal', loinc: '4548-4' },
    bad: [
      ['no test name', 'test_name', { value_numeric: 1, collected_at: daysAgo(1) }],
      ['a malformed LOINC code', 'loinc', { test_name: 'LDL', loinc: 'LDL-1', value_numeric: 1, collected_at: daysAgo(1) }],
      ['no value at all', 'value_numeric', { test_name: 'LDL', collected_at: daysAgo(1) }],
      ['a number and a text', 'value_text', { test_name: 'LDL', value_numeric: 1, value_text: 'high', collected_at: daysAgo(1) }],
    ],
    badPatch: ['reference_low', { reference_low: 9 }],
  },
  {
    path: 'symptoms',
    table: 'portal_symptoms',
    body: { name: 'Headache', severity: 6, onset_at: hoursAgo(5), notes: 'behind the eyes' },
    patch: { severity: 3 },
    patched: { name: 'Headache', severity: 3, resolved: false },
    bad: [
      ['no name', 'name', { severity: 2, onset_at: hoursAgo(1) }],
      ['a severity of 11', 'severity', { name: 'Cough', severity: 11, onset_at: hoursAgo(1) }],
      ['an onset in the future', 'onset_at', { name: 'Cough', severity: 2, onset_at: new Date(Date.now() + 3 * 86_400_000).toISOString() }],
    ],
    badPatch: ['resolved_at', { resolved_at: daysAgo(2) }],
  },
  {
    path: 'conditions',
    table: 'portal_conditions',
    body: { name: 'Asthma', code: 'J45', diagnosed_on: '2015-04-01' },
    patch: { status: 'resolved', resolved_on: '2024-01-01' },
    patched: { name: 'Asthma', status: 'resolved', resolved_on: '2024-01-01', diagnosed_on: '2015-04-01' },
    bad: [
      ['no name', 'name', { code: 'J45' }],
      ['an unknown status', 'status', { name: 'Asthma', status: 'chronic' }],
    ],
    badPatch: ['resolved_on', { resolved_on: '2010-01-01' }],
  },
  {
    path: 'allergies',
    table: 'portal_allergies',
    body: { substance: 'Penicillin', category: 'medication', reaction: 'hives', severity: 'moderate', noted_on: '2010-06-01' },
    patch: { severity: 'severe' },
    patched: { substance: 'Penicillin', severity: 'severe', status: 'active' },
    bad: [
      ['no substance', 'substance', { reaction: 'hives' }],
      ['an unknown severity', 'severity', { substance: 'Peanuts', severity: 'awful' }],
    ],
    badPatch: ['category', { category: 'weather' }],
  },
  {
    path: 'procedures',
    table: 'portal_procedures',
    body: { name: 'Appendectomy', performed_on: '2012-09-10', performer: 'City Hospital' },
    patch: { performer: 'St Mary' },
    patched: { name: 'Appendectomy', performer: 'St Mary', performed_on: '2012-09-10' },
    bad: [
      ['no name', 'name', { performed_on: '2012-09-10' }],
      ['a date that does not exist', 'performed_on', { name: 'X-ray', performed_on: '2012-13-01' }],
      ['a very long performer', 'performer', { name: 'X-ray', performer: 'x'.repeat(201) }],
    ],
    badPatch: ['performed_on', { performed_on: '2999-01-01' }],
  },
];

describe.each(SPECS)('portal $path', (s) => {
  const base = `/api/portal/${s.path}`;

  it('creates, reads and lists an entry marked as the patient’s own', async () => {
    const res = await me.post(base, s.body);
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const made = res.json();
    expect(made).toMatchObject({ source: 'patient', version: 1, deleted_at: null });
    expect(typeof made.created_at).toBe('string');
    expect(typeof made.updated_at).toBe('string');
    const [row] = await t.database.rows<{ patient_id: string; source: string }>(
      sql`SELECT patient_id, source FROM ${sql.identifier(s.table)} WHERE id = ${made.id}`,
    );
    expect(row).toEqual({ patient_id: myPatientId, source: 'patient' });
    const got = await me.get(`${base}/${made.id}`);
    expect(got.json()).toEqual(made);
    expect(got.headers.etag).toBe('"1"');
    const list = (await me.get(`${base}?page_size=100`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(made.id);
    const paged = (await me.get(`${base}?page_size=1`)).json();
    expect(paged).toMatchObject({ page: 1, page_size: 1, total_count: list.total_count });
    expect(paged.items).toHaveLength(1);
  });

  it('changes an entry (If-Match), deletes it softly and restores it, auditing each write', async () => {
    const made = await add(me, s.path, s.body);
    const changed = await me.patch(`${base}/${made.id}`, s.patch, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ ...s.patched, version: 2 });
    expectProblem(await me.patch(`${base}/${made.id}`, { notes: 'late' }, { 'if-match': '"1"' }), 412);

    const del = await me.delete(`${base}/${made.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ id: made.id, ...s.patched });
    expect(del.json().deleted_at).not.toBeNull();
    expectProblem(await me.get(`${base}/${made.id}`), 404);
    expectProblem(await me.patch(`${base}/${made.id}`, { notes: 'x' }), 404);
    expectProblem(await me.delete(`${base}/${made.id}`), 404);
    const listed = (await me.get(`${base}?page_size=100`)).json();
    expect(listed.items.some((i: { id: string }) => i.id === made.id)).toBe(false);

    const back = await me.post(`${base}/${made.id}/restore`);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ id: made.id, deleted_at: null, ...s.patched });
    expect((await me.get(`${base}/${made.id}`)).statusCode).toBe(200);
    expectProblem(await me.post(`${base}/${made.id}/restore`), 404);

    const audit = await t.database.rows<{ action: string; new_values: Record<string, unknown> | null }>(
      sql`SELECT action, new_values FROM audit_log WHERE table_name = ${s.table} AND record_id = ${made.id} ORDER BY created_at, id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete', 'update']);
    expect(audit[3]!.new_values).toEqual({ deleted_at: null });
  });

  it('a change that changes nothing keeps the version and writes no audit row', async () => {
    const made = await add(me, s.path, s.body);
    const same = await me.patch(`${base}/${made.id}`, {});
    expect(same.json()).toMatchObject({ version: 1 });
    const audit = await t.database.rows(sql`SELECT 1 FROM audit_log WHERE record_id = ${made.id}`);
    expect(audit).toHaveLength(1);
  });

  it.each(s.bad)('POST with %s -> 400 naming %s, nothing changed', async (_label, field, body) => {
    const before = await fingerprint();
    expectProblem(await me.post(base, body), 400, field);
    expect(await fingerprint()).toBe(before);
  });

  it(`PATCH refusing ${s.badPatch[0]} names it and changes nothing`, async () => {
    const made = await add<Record<string, unknown> & { id: string }>(me, s.path, s.body);
    const before = await fingerprint();
    expectProblem(await me.patch(`${base}/${made.id}`, s.badPatch[1]), 400, s.badPatch[0]);
    expect(await fingerprint()).toBe(before);
    expect((await me.get(`${base}/${made.id}`)).json()).toEqual(made);
  });

  it('answers 409 to a portal account not linked to a patient record, and lists nothing', async () => {
    const lone = await org.newUser('patient');
    const before = await fingerprint();
    expectProblem(await lone.client.post(base, s.body), 409);
    expect((await lone.client.get(base)).json().total_count).toBe(0);
    expect(await fingerprint()).toBe(before);
  });
});

describe('portal records: access', () => {
  type Call = [string, (c: Client, id: string) => Promise<Response>];
  const byId = (base: string): Call[] => [
    ['GET /:id', (c, id) => c.get(`${base}/${id}`)],
    ['PATCH /:id', (c, id) => c.patch(`${base}/${id}`, { notes: 'mine now' })],
    ['DELETE /:id', (c, id) => c.delete(`${base}/${id}`)],
    ['POST /:id/restore', (c, id) => c.post(`${base}/${id}/restore`)],
  ];
  const EXTRA: Record<string, Call[]> = {
    'lab-results': [
      ['GET trend', (c) => c.get('/api/portal/lab-results/trend?test=HbA1c')],
      ['GET tests', (c) => c.get('/api/portal/lab-results/tests')],
    ],
    symptoms: [['GET timeline', (c) => c.get('/api/portal/symptoms/timeline')]],
  };
  const every = (s: Spec): Call[] => {
    const base = `/api/portal/${s.path}`;
    return [['GET list', (c) => c.get(base)], ['POST', (c) => c.post(base, s.body)], ...byId(base), ...(EXTRA[s.path] ?? [])];
  };

  const theirs: Record<string, { live: string; deleted: string }> = {};
  const foreign: Record<string, { live: string; deleted: string }> = {};
  beforeAll(async () => {
    const them = (await portalPatient(org)).client;
    const stranger = (await portalPatient(await newOrg())).client;
    for (const s of SPECS) {
      const mk = async (c: Client) => {
        const live = (await add(c, s.path, s.body)).id;
        const deleted = (await add(c, s.path, s.body)).id;
        expect((await c.delete(`/api/portal/${s.path}/${deleted}`)).statusCode).toBe(200);
        return { live, deleted };
      };
      theirs[s.path] = await mk(them);
      foreign[s.path] = await mk(stranger);
    }
  });

  const cases = SPECS.flatMap((s) => byId(`/api/portal/${s.path}`).map(([label, call]) => [s.path, label, call] as const));
  it.each(cases)("%s: another patient's and another organization's ids answer 404 on %s, nothing changed", async (path, label, call) => {
    const before = await fingerprint();
    for (const ids of [theirs[path]!, foreign[path]!])
      expectProblem(await call(me, label.includes('restore') ? ids.deleted : ids.live), 404);
    expect(await fingerprint()).toBe(before);
  });

  it.each(SPECS)("$path: the list never holds another patient's entries", async (s) => {
    await add(me, s.path, s.body);
    const list = (await me.get(`/api/portal/${s.path}?page_size=100`)).json() as { items: { id: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    const seen = new Set(list.items.map((i) => i.id));
    for (const id of [theirs[s.path]!.live, foreign[s.path]!.live]) expect(seen.has(id)).toBe(false);
  });

  it.each(SPECS)('$path: signed out gets 401 on every endpoint, nothing changed', async (s) => {
    const before = await fingerprint();
    for (const [label, call] of every(s)) {
      const res = await call(t.anon, theirs[s.path]!.live);
      expect(res.statusCode, label).toBe(401);
    }
    expect(await fingerprint()).toBe(before);
  });

  it.each(SPECS)('$path: every staff role gets 403 on every endpoint, nothing changed', async (s) => {
    const before = await fingerprint();
    for (const role of STAFF_ROLES) {
      const c = await org.as(role);
      for (const [label, call] of every(s)) {
        const res = await call(c, theirs[s.path]!.live);
        expect(res.statusCode, `${role} ${label}`).toBe(403);
      }
    }
    expect(await fingerprint()).toBe(before);
  });
});

describe('portal records: the OpenAPI document', () => {
  it('documents every records operation under the portal tag, with operationIds unique in the document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
    };
    const all = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual([]);
    const mine = Object.entries(doc.paths).filter(([p]) => SPECS.some((s) => p.startsWith(`/api/portal/${s.path}`)));
    const ops = mine.flatMap(([, o]) => Object.values(o));
    expect(ops).toHaveLength(SPECS.length * 6 + 3);
    for (const o of ops) expect(o.tags).toEqual(['portal']);
  });
});
