// The portal's view of what the clinic records (issue 12): the released records of every kind in one list,
// acknowledging a result, the patient's choice about sensitive results, and the patient dashboard (003's
// PatientDashboard). Every read goes through the policies' `self` scope, which carries the release rules, so
// the lists, the counts and the dashboard can show only what the rules release.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { audit } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { emit } from '../../platform/events/outbox';
import { pageOf } from '../../platform/http';
import { MEASURES, MEASURE_SPECS, displayUnit, fromCanonical, type Measure } from '../../../shared/units';
import { preferredUnitSystem } from '../portal-profile/portal-profile.queries';
import {
  PORTAL_RECORD_KINDS,
  type PortalDashboard,
  type PortalRecord,
  type PortalRecordKind,
  type PortalRecordPreferences,
  type PortalRecordsQuery,
} from '../../../shared/schemas/clinic-records';
import { appointmentsPolicy } from '../appointments/appointments.policy';
import { patientOfActor } from '../portal-vitals/portal-vitals.queries';
import { clinicLabResultsPolicy, prescriptionsPolicy, providerNotesPolicy } from './clinic-records.policy';
import { appointmentReleased, syncReleases } from './release';

const rows = async <T>(db: Db, q: SQL): Promise<T[]> => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
const num = (v: unknown) => (v == null ? null : Number(v));
const userName = (col: string) => sql.raw(`(SELECT un.name FROM users un WHERE un.id = ${col})`);

/**
 * The SELECT of each kind, in the caller's `self` scope (the release rules included), with the same columns.
 * `patientId` (the signed-in patient's record) narrows each to the patient's index; the scope alone decides.
 */
function branches(actor: Actor, kinds: readonly PortalRecordKind[], patientId: string, id?: string): SQL[] {
  const org = sql`${actor.orgId}::uuid`;
  const one = (alias: string) =>
    sql` AND ${sql.raw(alias)}.patient_id = ${patientId}::uuid${id ? sql` AND ${sql.raw(alias)}.id = ${id}::uuid` : sql``}`;
  const out: SQL[] = [];
  if (kinds.includes('lab_result'))
    out.push(sql`SELECT l.id, 'lab_result' AS kind, coalesce(l.collected_at, l.ordered_at) AS date, l.test_name AS title, l.status,
        ${userName('l.clinician_user_id')} AS recorded_by, l.released_at,
        jsonb_build_object('value_numeric', l.value_numeric, 'value_text', l.value_text, 'unit', l.unit, 'reference_low', l.reference_low,
          'reference_high', l.reference_high, 'reference_text', l.reference_text, 'flag', l.flag, 'comment', l.comment,
          'reviewed_at', l.reviewed_at, 'acknowledged_at', l.acknowledged_at) AS details
      FROM clinic_lab_results l WHERE l.org_id = ${org} AND ${clinicLabResultsPolicy.scope(actor, 'read', 'l')}${one('l')}`);
  if (kinds.includes('prescription'))
    out.push(sql`SELECT p.id, 'prescription' AS kind, coalesce(p.start_date::timestamptz, p.created_at) AS date, p.medication_name AS title,
        p.status, ${userName('p.prescriber_user_id')} AS recorded_by, p.released_at,
        jsonb_build_object('dose', p.dose, 'frequency', p.frequency, 'route', p.route, 'refills', p.refills,
          'instructions', p.instructions, 'start_date', p.start_date, 'end_date', p.end_date) AS details
      FROM prescriptions p WHERE p.org_id = ${org} AND ${prescriptionsPolicy.scope(actor, 'read', 'p')}${one('p')}`);
  if (kinds.includes('note'))
    out.push(sql`SELECT n.id, 'note' AS kind, n.written_at AS date, n.title, 'released' AS status,
        ${userName('n.author_user_id')} AS recorded_by, n.released_at, jsonb_build_object('body', n.body) AS details
      FROM provider_notes n WHERE n.org_id = ${org} AND ${providerNotesPolicy.scope(actor, 'read', 'n')}${one('n')}`);
  if (kinds.includes('appointment'))
    out.push(sql`SELECT a.id, 'appointment' AS kind, a.starts_at AS date, coalesce(nullif(a.title, ''), 'Appointment') AS title,
        a.status, ${userName('coalesce(a.clinician_user_id, a.staff_user_id)')} AS recorded_by, NULL::timestamptz AS released_at,
        jsonb_build_object('starts_at', a.starts_at, 'ends_at', a.ends_at, 'mode', a.mode,
          'practice', (SELECT pr.name FROM practices pr WHERE pr.id = a.practice_id)) AS details
      FROM appointments a WHERE a.org_id = ${org} AND ${appointmentsPolicy.scope(actor, 'read', 'a')}
        AND ${appointmentReleased((c) => sql.raw(`a."${c}"`))}${one('a')}`);
  return out;
}

type RecordRow = {
  id: string;
  kind: PortalRecordKind;
  date: string;
  title: string;
  status: string;
  recorded_by: string | null;
  released_at: string | null;
  details: Record<string, unknown>;
};

function present(r: RecordRow): PortalRecord {
  const d = r.details;
  return {
    id: r.id,
    kind: r.kind,
    source: 'clinic',
    date: iso(r.date)!,
    title: r.title,
    status: r.status,
    recorded_by: r.recorded_by,
    released_at: iso(r.released_at),
    lab:
      r.kind === 'lab_result'
        ? {
            value_numeric: num(d.value_numeric),
            value_text: (d.value_text as string | null) ?? null,
            unit: (d.unit as string | null) ?? null,
            reference_low: num(d.reference_low),
            reference_high: num(d.reference_high),
            reference_text: (d.reference_text as string | null) ?? null,
            flag: (d.flag as NonNullable<PortalRecord['lab']>['flag']) ?? null,
            comment: (d.comment as string | null) ?? null,
            reviewed_at: iso(d.reviewed_at),
            acknowledged_at: iso(d.acknowledged_at),
          }
        : null,
    prescription:
      r.kind === 'prescription'
        ? {
            dose: (d.dose as string | null) ?? null,
            frequency: (d.frequency as string | null) ?? null,
            route: (d.route as string | null) ?? null,
            refills: Number(d.refills ?? 0),
            instructions: (d.instructions as string | null) ?? null,
            start_date: (d.start_date as string | null) ?? null,
            end_date: (d.end_date as string | null) ?? null,
          }
        : null,
    note: r.kind === 'note' ? { body: d.body as string } : null,
    appointment:
      r.kind === 'appointment'
        ? {
            starts_at: iso(d.starts_at)!,
            ends_at: iso(d.ends_at)!,
            mode: d.mode as string,
            practice: (d.practice as string | null) ?? null,
          }
        : null,
  };
}

const at = (v: string, end: boolean) => (v.length === 10 ? `${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : v);

/** GET /api/portal/records: one page of the released records, newest first. */
export async function listPortalRecords(db: Db, actor: Actor, q: PortalRecordsQuery) {
  const kinds = q.kind?.length ? q.kind : PORTAL_RECORD_KINDS;
  const patientId = await patientOfActor(db, actor);
  if (!patientId) return { rows: [], total: 0 };
  const union = sql.join(branches(actor, kinds, patientId), sql` UNION ALL `);
  const where = sql.join(
    [
      sql`true`,
      ...(q.from ? [sql`x.date >= ${at(q.from, false)}::timestamptz`] : []),
      ...(q.to ? [sql`x.date <= ${at(q.to, true)}::timestamptz`] : []),
    ],
    sql` AND `,
  );
  const { limit, offset } = pageOf(q);
  const [page, total] = await Promise.all([
    rows<RecordRow>(db, sql`SELECT * FROM (${union}) x WHERE ${where} ORDER BY x.date DESC, x.id DESC LIMIT ${limit} OFFSET ${offset}`),
    rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM (${union}) x WHERE ${where}`),
  ]);
  return { rows: page.map(present), total: total[0]?.n ?? 0 };
}

/** POST /api/portal/records/{id}/acknowledge: a released lab result of the patient's, acknowledged once. */
export async function acknowledgeResult(db: Db, actor: Actor, id: string): Promise<PortalRecord> {
  return transaction(db, async (tx) => {
    const patientId = await patientOfActor(tx, actor);
    if (!patientId) throw AppError.notFound('Result');
    const [r] = await rows<RecordRow & { patient_id: string }>(
      tx,
      sql`SELECT x.*, l2.patient_id FROM (${branches(actor, ['lab_result'], patientId, id)[0]}) x JOIN clinic_lab_results l2 ON l2.id = x.id FOR UPDATE OF l2`,
    );
    if (!r) throw AppError.notFound('Result');
    if (!r.details.acknowledged_at) {
      const now = new Date();
      await tx.execute(sql`UPDATE clinic_lab_results SET acknowledged_at = ${now} WHERE id = ${id}`);
      await audit(tx, actor, {
        action: 'acknowledge',
        table: 'clinic_lab_results',
        recordId: id,
        oldValues: { acknowledged_at: null },
        newValues: { acknowledged_at: now },
      });
      await emit(tx, actor, {
        type: 'LAB_RESULTS_ACKNOWLEDGED',
        aggregateType: 'lab_result',
        aggregateId: id,
        payload: { lab_result_id: id, patient_id: r.patient_id },
      });
    }
    const [after] = await rows<RecordRow>(tx, branches(actor, ['lab_result'], patientId, id)[0]!);
    return present(after!);
  });
}

async function ownPatient(db: Db, actor: Actor) {
  const id = await patientOfActor(db, actor);
  if (!id) throw new AppError('conflict', 'Your portal account is not linked to a health record yet');
  return id;
}

export async function getPreferences(db: Db, actor: Actor): Promise<PortalRecordPreferences> {
  const id = await ownPatient(db, actor);
  const [p] = await rows<{ d: boolean }>(db, sql`SELECT delay_sensitive_results AS d FROM patients WHERE id = ${id}`);
  return { delay_sensitive_results: p!.d };
}

/** The patient's choice; what they see follows at once (results it releases write LAB_RESULTS_AVAILABLE). */
export async function updatePreferences(db: Db, actor: Actor, body: PortalRecordPreferences): Promise<PortalRecordPreferences> {
  return transaction(db, async (tx) => {
    const id = await ownPatient(tx, actor);
    const [p] = await rows<{ d: boolean }>(tx, sql`SELECT delay_sensitive_results AS d FROM patients WHERE id = ${id} FOR UPDATE`);
    if (p!.d !== body.delay_sensitive_results) {
      await tx.execute(
        sql`UPDATE patients SET delay_sensitive_results = ${body.delay_sensitive_results}, updated_at = now() WHERE id = ${id}`,
      );
      await audit(tx, actor, {
        action: 'update',
        table: 'patients',
        recordId: id,
        oldValues: { delay_sensitive_results: p!.d },
        newValues: { delay_sensitive_results: body.delay_sensitive_results },
      });
      await emit(tx, actor, {
        type: 'PATIENT_UPDATED',
        aggregateType: 'patient',
        aggregateId: id,
        payload: { changed: ['delay_sensitive_results'] },
      });
      await syncReleases(tx, actor, ['lab_result'], { patientId: id });
    }
    return { delay_sensitive_results: body.delay_sensitive_results };
  });
}

const STAGE_LABELS: Record<string, string> = {
  intake: 'Getting started',
  assessment: 'Assessment',
  care_planning: 'Planning your care',
  active_care: 'Active care',
  maintenance: 'Maintenance',
  graduated: 'Graduated',
};
const APPOINTMENT_WORDS: Record<string, string> = {
  requested: 'requested',
  scheduled: 'scheduled',
  completed: 'completed',
  cancelled: 'cancelled',
  no_show: 'missed',
};

/** GET /api/portal/dashboard (003's PatientDashboard); notifications come with the automation issue. */
export async function dashboard(db: Db, actor: Actor): Promise<PortalDashboard> {
  const patientId = await ownPatient(db, actor);
  const pid = sql`${patientId}::uuid`;
  const apptScope = appointmentsPolicy.scope(actor, 'read', 'a');
  const released = (kinds: PortalRecordKind[]) => sql.join(branches(actor, kinds, patientId), sql` UNION ALL `);
  const [system, stage, next, activity, metrics, unack] = await Promise.all([
    preferredUnitSystem(db, actor),
    rows<{ care_stage: string }>(db, sql`SELECT care_stage FROM patients WHERE id = ${pid}`),
    rows<{ id: string; title: string | null; starts_at: string; ends_at: string; mode: string; with: string | null }>(
      db,
      sql`SELECT a.id, a.title, a.starts_at, a.ends_at, a.mode, ${userName('coalesce(a.clinician_user_id, a.staff_user_id)')} AS with
        FROM appointments a WHERE a.org_id = ${actor.orgId} AND a.patient_id = ${pid} AND a.deleted_at IS NULL AND a.status = 'scheduled'
          AND a.starts_at >= now() AND ${apptScope}
        ORDER BY a.starts_at LIMIT 1`,
    ),
    rows<{ kind: 'entry' | 'release' | 'appointment'; what: string; name: string | null; at: string; ref: string | null }>(
      db,
      sql`SELECT * FROM (
        (SELECT 'entry' AS kind, 'vital' AS what, v.measure AS name, v.created_at AS at, v.measure AS ref FROM portal_vitals v
          WHERE v.patient_id = ${pid} AND v.deleted_at IS NULL AND v.source = 'patient' ORDER BY v.created_at DESC NULLS LAST LIMIT 10)
        UNION ALL (SELECT 'entry', 'medication', m.name, m.created_at, NULL FROM portal_medications m
          WHERE m.patient_id = ${pid} AND m.deleted_at IS NULL AND m.source = 'patient' ORDER BY m.created_at DESC NULLS LAST LIMIT 10)
        UNION ALL (SELECT 'entry', 'lab', l.test_name, l.created_at, NULL FROM portal_lab_results l
          WHERE l.patient_id = ${pid} AND l.deleted_at IS NULL AND l.source = 'patient' ORDER BY l.created_at DESC NULLS LAST LIMIT 10)
        UNION ALL (SELECT 'entry', 'symptom', s.name, s.created_at, NULL FROM portal_symptoms s
          WHERE s.patient_id = ${pid} AND s.deleted_at IS NULL AND s.source = 'patient' ORDER BY s.created_at DESC NULLS LAST LIMIT 10)
        UNION ALL (SELECT 'entry', 'condition', c.name, c.created_at, NULL FROM portal_conditions c
          WHERE c.patient_id = ${pid} AND c.deleted_at IS NULL AND c.source = 'patient' ORDER BY c.created_at DESC NULLS LAST LIMIT 10)
        UNION ALL (SELECT 'entry', 'allergy', al.substance, al.created_at, NULL FROM portal_allergies al
          WHERE al.patient_id = ${pid} AND al.deleted_at IS NULL AND al.source = 'patient' ORDER BY al.created_at DESC NULLS LAST LIMIT 10)
        UNION ALL (SELECT 'entry', 'procedure', pr.name, pr.created_at, NULL FROM portal_procedures pr
          WHERE pr.patient_id = ${pid} AND pr.deleted_at IS NULL AND pr.source = 'patient' ORDER BY pr.created_at DESC NULLS LAST LIMIT 10)
        UNION ALL (SELECT 'entry', 'care_plan', cp.title, cp.created_at, cp.id::text FROM portal_care_plans cp
          WHERE cp.patient_id = ${pid} AND cp.deleted_at IS NULL AND cp.source = 'patient' ORDER BY cp.created_at DESC NULLS LAST LIMIT 10)
        UNION ALL (SELECT 'release', r.kind, r.title, r.released_at, r.id::text FROM (${released(['lab_result', 'prescription', 'note'])}) r
          ORDER BY r.released_at DESC LIMIT 10)
        UNION ALL (SELECT 'appointment', a.status, coalesce(nullif(a.title, ''), 'Appointment'), a.updated_at, a.id::text FROM appointments a
          WHERE a.org_id = ${actor.orgId} AND a.patient_id = ${pid} AND a.deleted_at IS NULL AND ${apptScope} ORDER BY a.updated_at DESC LIMIT 10)
      ) x ORDER BY x.at DESC LIMIT 10`,
    ),
    rows<{ measure: string; value: string; value2: string | null; unit: string; measured_at: string; prev: string | null }>(
      db,
      // Per measure, the two newest readings through the (patient, measure, time) index.
      sql`SELECT m.measure, v.value, v.value2, v.unit, v.measured_at, v.prev
        FROM unnest(${sql.param([...MEASURES])}::text[]) AS m(measure)
        CROSS JOIN LATERAL (
          SELECT x.value, x.value2, x.unit, x.measured_at, lead(x.value) OVER (ORDER BY x.measured_at DESC) AS prev
          FROM (SELECT pv.value, pv.value2, pv.unit, pv.measured_at FROM portal_vitals pv
            WHERE pv.patient_id = ${pid} AND pv.measure = m.measure AND pv.deleted_at IS NULL AND pv.org_id = ${actor.orgId}
            ORDER BY pv.measured_at DESC NULLS LAST LIMIT 2) x
          ORDER BY x.measured_at DESC LIMIT 1) v
        ORDER BY v.measured_at DESC`,
    ),
    rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM clinic_lab_results l WHERE l.org_id = ${actor.orgId} AND l.patient_id = ${pid}
        AND l.acknowledged_at IS NULL AND ${clinicLabResultsPolicy.scope(actor, 'read', 'l')}`,
    ),
  ]);
  const code = stage[0]?.care_stage ?? 'intake';
  const a = next[0];
  return {
    current_stage: { code, label: STAGE_LABELS[code] ?? code },
    next_appointment: a
      ? { id: a.id, title: a.title || 'Appointment', starts_at: iso(a.starts_at)!, ends_at: iso(a.ends_at)!, mode: a.mode, with: a.with }
      : null,
    recent_activity: activity.map((r) => activityItem(r)),
    // In the patient's unit system (the readings are stored in each measure's canonical unit).
    health_metrics: metrics.map((m) => {
      const measure = m.measure as Measure;
      const unit = MEASURE_SPECS[measure] ? displayUnit(measure, system) : m.unit;
      const show = (v: number) => (MEASURE_SPECS[measure] ? fromCanonical(measure, v, unit as never) : v);
      const value = Number(m.value);
      const prev = m.prev == null ? null : Number(m.prev);
      const trend = prev == null ? null : Math.abs(value - prev) <= Math.abs(prev) * 0.005 ? 'flat' : value > prev ? 'up' : 'down';
      return {
        measure: m.measure,
        label: MEASURE_SPECS[measure]?.label ?? m.measure,
        value: show(value),
        value2: m.value2 == null ? null : show(Number(m.value2)),
        unit,
        measured_at: iso(m.measured_at)!,
        trend,
        href: `/portal/vitals/${m.measure}`,
      };
    }),
    unacknowledged_results: unack[0]?.n ?? 0,
  };
}

const ENTRY: Record<string, [string, string]> = {
  medication: ['Medicine added', '/portal/medications'],
  lab: ['Lab result added', '/portal/labs'],
  symptom: ['Symptom logged', '/portal/symptoms'],
  condition: ['Condition added', '/portal/history'],
  allergy: ['Allergy added', '/portal/history'],
  procedure: ['Procedure added', '/portal/history'],
};
const RELEASE: Record<string, string> = { lab_result: 'New lab result', prescription: 'Prescription', note: 'Note from your care team' };

function activityItem(r: { kind: 'entry' | 'release' | 'appointment'; what: string; name: string | null; at: string; ref: string | null }) {
  const at = iso(r.at)!;
  if (r.kind === 'release')
    return { kind: r.kind, title: `${RELEASE[r.what] ?? 'Record'}: ${r.name}`, at, href: `/portal/records?kind=${r.what}` };
  if (r.kind === 'appointment')
    return { kind: r.kind, title: `${r.name} ${APPOINTMENT_WORDS[r.what] ?? r.what}`, at, href: '/portal/records?kind=appointment' };
  if (r.what === 'vital') {
    const label = MEASURE_SPECS[r.name as Measure]?.label ?? 'Vital';
    return { kind: r.kind, title: `${label} recorded`, at, href: `/portal/vitals/${r.ref}` };
  }
  if (r.what === 'care_plan') return { kind: r.kind, title: `Care plan added: ${r.name}`, at, href: `/portal/care-plans/${r.ref}` };
  const [title, href] = ENTRY[r.what] ?? ['Entry added', '/portal/health'];
  return { kind: r.kind, title: `${title}: ${r.name}`, at, href };
}
