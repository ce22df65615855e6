import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { uploadCsv } from './imports.test-helpers';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

describe('CSV import', () => {
  it('dry run reports row errors, duplicates and email matches without writing; the real run imports', async () => {
    const admin = await org.as('admin');
    await admin.post('/api/products', { name: 'Coaching', is_active: false });
    const known = (await admin.post('/api/persons', { first_name: 'Known', last_name: 'Person', email: 'known@import.example' })).json();
    const csv = [
      'First Name,Last Name,E-mail,Phone,Stage,Product,Value',
      'Ann,One,ann@import.example,555-0001,qualified,coaching,100',
      'Bob,Two,bob@import.example,,lead,,',
      ',Missing,nofirst@import.example,,,,',
      'Cat,Three,not-an-email,,,,',
      'Dan,Four,dan@import.example,,winning,,',
      'Eve,Five,ANN@import.example,,,,',
      'Kay,Known,KNOWN@import.example,,,,',
      'Fay,Six,fay@import.example,,,Unknown product,',
      'Gus,Seven,,555-0007,,,12.5',
    ].join('\n');
    const before = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM leads WHERE org_id = ${org.id}`);
    const dry = await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=true', csv);
    expect(dry.statusCode).toBe(200);
    const d = dry.json();
    expect(d).toMatchObject({ dry_run: true, status: 'completed', total: 9, processed: 9, created: 3, matched: 1, failed: 5 });
    expect(d.errors.map((e: { row: number; errors: { path: string }[] }) => [e.row, e.errors[0]!.path])).toEqual([
      [4, 'first_name'],
      [5, 'email'],
      [6, 'stage'],
      [7, 'email'],
      [9, 'product'],
    ]);
    expect(d.errors.find((e: { row: number }) => e.row === 7).errors[0].message).toContain('duplicate of row 2');
    expect(d.matches).toEqual([{ row: 8, email: 'known@import.example', person_id: known.id }]);
    const mid = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM leads WHERE org_id = ${org.id}`);
    expect(mid[0]!.n).toBe(before[0]!.n);

    const real = await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', csv);
    expect(real.json()).toMatchObject({ dry_run: false, status: 'completed', created: 4, matched: 1, failed: 5 });
    const ann = (await admin.get('/api/leads?search=ann@import')).json().items[0];
    expect(ann).toMatchObject({
      stage: 'qualified',
      product_name: 'Coaching',
      value: 100,
      phone: '555-0001',
      owner_user_id: org.users.admin.id,
    });
    const kay = (await admin.get('/api/leads?search=known@import')).json().items[0];
    expect(kay).toMatchObject({ person_id: known.id, first_name: 'Known' });
    expect((await admin.get(`/api/persons/${known.id}`)).json().current_roles).toEqual(['patient_lead']);
    const job = (await admin.get(`/api/imports/${real.json().id}`)).json();
    expect(job).toMatchObject({ status: 'completed', created: 4 });
    // The same file again is recognised (409 duplicate_upload). Imported anyway, every person with an
    // email matches and gets no second open lead, and Gus (no email) is the person the first import made.
    expectProblem(await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', csv), 409, 'on_duplicate');
    const again = (await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false&on_duplicate=import_anyway', csv)).json();
    expect(again).toMatchObject({ created: 0, matched: 4, failed: 5 });
  });

  it('imports patients with a column mapping, conditions and coach by email', async () => {
    const admin = await org.as('admin');
    await admin.post('/api/v1/medical-conditions', { name: 'Hypertension' });
    const csv =
      'Given,Family,Mail,Condition list,Coach\nPia,Patient,pia@import.example,hypertension,' +
      org.users.health_coach.email +
      '\nRoy,Patient,roy@import.example,Gout,\n';
    const mapping = encodeURIComponent(
      JSON.stringify({
        first_name: 'Given',
        last_name: 'Family',
        email: 'Mail',
        medical_conditions: 'Condition list',
        coach_email: 'Coach',
      }),
    );
    const res = (await uploadCsv(t.app, admin, `/api/imports/patients?dry_run=false&mapping=${mapping}`, csv)).json();
    expect(res).toMatchObject({ created: 1, failed: 1, errors: [{ row: 3, errors: [{ path: 'medical_conditions' }] }] });
    const pia = (await admin.get('/api/v1/patients?search=pia@import')).json().items[0];
    expect(pia).toMatchObject({
      assigned_coach_user_id: org.users.health_coach.id,
      status: 'active',
      medical_conditions: [{ name: 'Hypertension' }],
    });
    // A patient's sign-in account is not staff: naming it as coach fails the row, and nothing is created.
    const viaPatient = `first_name,last_name,email,coach_email\nIda,Import,ida@import.example,${org.users.patient.email}\n`;
    const refused = (await uploadCsv(t.app, admin, '/api/imports/patients?dry_run=false', viaPatient)).json();
    expect(refused).toMatchObject({
      created: 0,
      failed: 1,
      errors: [{ row: 2, errors: [{ path: 'coach_email', message: 'no staff user with this email' }] }],
    });
    expect((await admin.get('/api/v1/patients?search=ida@import')).json().items).toEqual([]);
    expectProblem(
      await uploadCsv(t.app, admin, `/api/imports/patients?mapping=${encodeURIComponent('{"shoe_size":"x"}')}`, csv),
      400,
      'mapping',
    );
    expectProblem(await uploadCsv(t.app, admin, '/api/imports/patients', 'a,b\n1,2\n'), 400, 'mapping');
    expectProblem(await uploadCsv(t.app, admin, '/api/imports/patients', ''), 400, 'body');
    expectProblem(await admin.post('/api/imports/patients', { csv: 'x' }), 400);
  });

  it('checks access per kind and organization, and a refused upload creates no job and no record', async () => {
    const admin = await org.as('admin');
    const job = (await uploadCsv(t.app, admin, '/api/imports/patients', 'first_name,last_name\nA,B\n')).json();
    const before = await counts(org.id);
    const csv = 'first_name,last_name\nRefused,Row\n';
    expectProblem(await uploadCsv(t.app, await org.as('liaison'), '/api/imports/leads?dry_run=false', csv), 403);
    expectProblem(await uploadCsv(t.app, await org.as('clinician'), '/api/imports/patients?dry_run=false', csv), 403);
    expectProblem(await uploadCsv(t.app, await org.as('patient'), '/api/imports/leads?dry_run=false', csv), 403);
    for (const kind of ['leads', 'patients'])
      expectProblem(await t.anon.post(`/api/imports/${kind}?dry_run=false`, { csv }, { 'content-type': 'text/csv' }), 401);
    expect(await counts(org.id)).toEqual(before);

    expectProblem(await (await org.as('liaison')).get(`/api/imports/${job.id}`), 404);
    expect((await (await org.as('sdr')).get(`/api/imports/${job.id}`)).statusCode).toBe(200);
    expectProblem(await (await (await t.org()).as('admin')).get(`/api/imports/${job.id}`), 404);
    expectProblem(await t.anon.get(`/api/imports/${job.id}`), 401);
    expectProblem(await admin.get('/api/imports/not-a-uuid'), 400, 'id');
  });

  it('lists the recent jobs of the kinds the caller may read, never another organization’s', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const leadsJob = (await uploadCsv(t.app, admin, '/api/imports/leads', 'first_name,last_name\nL,J\n')).json();
    const patientsJob = (await uploadCsv(t.app, admin, '/api/imports/patients', 'first_name,last_name\nP,J\n')).json();
    const ids = async (c: Awaited<ReturnType<TestOrg['as']>>) =>
      (await c.get('/api/imports')).json().items.map((j: { id: string }) => j.id);
    expect(await ids(admin)).toEqual([patientsJob.id, leadsJob.id]);
    // A clinician reads patients but not leads: only the patients import is listed.
    expect(await ids(await o.as('clinician'))).toEqual([patientsJob.id]);
    expectProblem(await (await o.as('liaison')).get('/api/imports'), 403);
    expectProblem(await t.anon.get('/api/imports'), 401);
    expect(await ids(await (await t.org()).as('admin'))).toEqual([]);
  });

  it('refuses a body that is not CSV (400 naming content-type) and an unknown mapping, creating no job', async () => {
    const admin = await org.as('admin');
    const before = await counts(org.id);
    expectProblem(await admin.post('/api/imports/leads', { csv: 'x' }), 400, 'content-type');
    expectProblem(await uploadCsv(t.app, admin, '/api/imports/leads?mapping=%7Bnot-json', 'first_name,last_name\nA,B\n'), 400, 'mapping');
    expectProblem(await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=perhaps', 'first_name,last_name\nA,B\n'), 400, 'dry_run');
    expectProblem(await uploadCsv(t.app, admin, '/api/imports/leads?job_id=42', 'first_name,last_name\nA,B\n'), 400, 'job_id');
    expect(await counts(org.id)).toEqual(before);
  });
});

/** Jobs, leads, patients and persons of the organization: what a refused import must leave as it was. */
async function counts(orgId: string) {
  const [c] = await t.database.rows<{ jobs: number; leads: number; patients: number; persons: number }>(sql`
    SELECT (SELECT count(*)::int FROM import_jobs WHERE org_id = ${orgId}) AS jobs,
           (SELECT count(*)::int FROM leads WHERE org_id = ${orgId}) AS leads,
           (SELECT count(*)::int FROM patients WHERE org_id = ${orgId}) AS patients,
           (SELECT count(*)::int FROM persons WHERE org_id = ${orgId}) AS persons`);
  return c;
}
