// Issue 12: the demo shows the release rules at work. The demo patient's clinic records exist in every status;
// the portal shows exactly the released ones (no ordered or preliminary lab, no internal note, no on-hold or
// cancelled prescription, the sensitive result waiting for review), and the clinician sees them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, signIn, type TestApp } from '../../../../tests/helpers/app';
import { DEMO_PASSWORD, ensureDemoData } from '../../demo';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoData(t.database, { size: 'tiny', log: () => {} });
}, 120_000);
afterAll(async () => t?.close());

type Item = { id: string; kind: string; title: string; status: string; lab: { acknowledged_at: string | null } | null };

describe('the demo clinic records', () => {
  it('the patient sees the released records only; the clinician sees every status', async () => {
    const patient = await signIn(t.app, 'patient@demo.example', DEMO_PASSWORD, true);
    const res = await patient.get('/api/portal/records?page_size=100&kind=lab_result&kind=prescription&kind=note');
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: Item[] }).items;
    const labs = items.filter((i) => i.kind === 'lab_result');
    expect(labs.map((l) => l.title).sort()).toEqual(['Hemoglobin A1c', 'LDL cholesterol']);
    expect(labs.find((l) => l.title === 'LDL cholesterol')!.lab!.acknowledged_at).toBeNull();
    expect(
      items
        .filter((i) => i.kind === 'prescription')
        .map((i) => i.status)
        .sort(),
    ).toEqual(['active', 'active', 'completed']);
    expect(items.filter((i) => i.kind === 'note').map((i) => i.title)).toEqual(['After your visit']);
    const dash = (await patient.get('/api/portal/dashboard')).json() as { unacknowledged_results: number; current_stage: { code: string } };
    expect(dash.unacknowledged_results).toBe(1);
    expect(dash.current_stage.code).toBe('active_care');

    const clinician = await signIn(t.app, 'clinician@demo.example', DEMO_PASSWORD);
    const [{ pid } = { pid: '' }] = await t.database.rows<{ pid: string }>(
      sql`SELECT p.id AS pid FROM users u JOIN patients p ON p.person_id = u.person_id WHERE u.email = 'patient@demo.example'`,
    );
    const all = (await clinician.get(`/api/v1/patients/${pid}/lab-results`)).json() as {
      items: { status: string; released_at: string | null }[];
    };
    expect(all.items.map((l) => l.status).sort()).toEqual(['completed', 'completed', 'ordered', 'preliminary', 'reviewed']);
    expect(all.items.filter((l) => l.released_at).length).toBe(2);
    const rx = (await clinician.get(`/api/v1/patients/${pid}/prescriptions`)).json() as { items: { status: string }[] };
    expect(rx.items.map((r) => r.status).sort()).toEqual(['active', 'active', 'cancelled', 'completed', 'on_hold']);
  });
});
