// CT and EAP journeys (004): many per patient, each with its status and a timeline of status changes.
import { checkVersion, pageOf } from '../../platform/http';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import { recordAccess } from '../../platform/access-log';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import {
  canTransition,
  JOURNEY_STATUSES,
  JOURNEY_TRANSITIONS,
  type JourneyBody,
  type JourneyKind,
  type JourneyPatch,
  type ListJourneysQuery,
} from '../../../shared/schemas/journeys';
import { ctJourneysPolicy, eapJourneysPolicy, patientScope } from '../patients/patients.policy';
import { findPatient } from '../patients/patients.queries';
import { existingIds } from '../../platform/references';
import {
  findJourney,
  insertJourney,
  insertStatusChange,
  listJourneys as queryJourneys,
  listPatientJourneys,
  listStatusChanges,
  tableName,
  updateJourneyRow,
  type JourneyValues,
} from './journeys.queries';

const label = (kind: JourneyKind) => (kind === 'ct' ? 'Clinical trial journey' : 'EAP journey');
const resource = (kind: JourneyKind) => `${kind}_journeys`;

/** Every field a journey body of either kind may carry. */
type JourneyFields = Partial<Record<'trial_name' | 'drug_name', string>> &
  Partial<Record<'nct_id' | 'sponsor' | 'site' | 'manufacturer' | 'physician_person_id' | 'notes' | 'note', string | null>> & {
    status?: string;
  };

/** The detail columns a body sets, for the fields of its kind. */
function detailsOf(kind: JourneyKind, b: JourneyFields): JourneyValues {
  const v: JourneyValues = {};
  if (b.notes !== undefined) v.notes = b.notes;
  if (kind === 'ct') {
    if (b.trial_name !== undefined) v.trialName = b.trial_name;
    if (b.nct_id !== undefined) v.nctId = b.nct_id;
    if (b.sponsor !== undefined) v.sponsor = b.sponsor;
    if (b.site !== undefined) v.site = b.site;
  } else {
    if (b.drug_name !== undefined) v.drugName = b.drug_name;
    if (b.manufacturer !== undefined) v.manufacturer = b.manufacturer;
    if (b.physician_person_id !== undefined) v.physicianPersonId = b.physician_person_id;
  }
  return v;
}

/** The caller's journeys predicate (patients.policy.ts); 403 without the grant. */
export const journeyScope = (kind: JourneyKind, actor: Actor, action: 'read' | 'write') =>
  (kind === 'ct' ? ctJourneysPolicy : eapJourneysPolicy).scope(actor, action);

async function patientFor(db: Db, actor: Actor, patientId: string, action: 'read' | 'write') {
  journeyScope('ct', actor, action); // 403 without the journeys grant
  const p = await findPatient(db, actor.orgId, patientId, patientScope(actor, 'read'));
  if (!p) throw AppError.notFound('Patient');
  return p;
}

async function checkRefs(tx: Db, kind: JourneyKind, orgId: string, body: JourneyFields) {
  if (kind === 'eap' && body.physician_person_id) {
    const found = await existingIds(tx, 'persons', orgId, [body.physician_person_id]);
    if (!found.has(body.physician_person_id)) throw AppError.field('physician_person_id', 'unknown person');
  }
}

/** A patient's journeys of one kind, recorded as a list of that patient's data. */
export async function listJourneys(db: Db, kind: JourneyKind, actor: Actor, patientId: string) {
  const p = await patientFor(db, actor, patientId, 'read');
  const items = await listPatientJourneys(db, kind, actor.orgId, p.id, journeyScope(kind, actor, 'read'));
  await recordAccess(db, actor, { action: 'list', resource: resource(kind), recordId: patientId, patientIds: [patientId] });
  return items;
}

export async function createJourney(db: Db, kind: JourneyKind, actor: Actor, patientId: string, body: JourneyBody) {
  return transaction(db, async (tx) => {
    const p = await patientFor(tx, actor, patientId, 'write');
    await checkRefs(tx, kind, actor.orgId, body);
    const id = uuidv7();
    const status = body.status ?? JOURNEY_STATUSES[kind][0]!;
    const row = { id, orgId: actor.orgId, patientId: p.id, status, createdByUserId: actor.userId, ...detailsOf(kind, body) };
    await insertJourney(tx, kind, row);
    await insertStatusChange(tx, {
      id: uuidv7(),
      orgId: actor.orgId,
      journeyType: kind,
      journeyId: id,
      fromStatus: null,
      toStatus: status,
      note: body.notes ?? null,
      changedByUserId: actor.userId,
    });
    await audit(tx, actor, { action: 'create', table: tableName(kind), recordId: id, newValues: row });
    await emit(tx, actor, {
      type: 'JOURNEY_CREATED',
      aggregateType: `${kind}_journey`,
      aggregateId: id,
      payload: { patient_id: p.id, status },
    });
    return (await findJourney(tx, kind, actor.orgId, id, undefined))!;
  });
}

export async function getJourney(db: Db, kind: JourneyKind, actor: Actor, id: string) {
  const j = await findJourney(db, kind, actor.orgId, id, journeyScope(kind, actor, 'read'));
  if (!j) throw AppError.notFound(label(kind));
  return j;
}

/** GET of one journey: recorded as a read of its patient's data. */
export async function readJourney(db: Db, kind: JourneyKind, actor: Actor, id: string) {
  const j = await getJourney(db, kind, actor, id);
  await recordAccess(db, actor, { action: 'read', resource: resource(kind), recordId: j.id, patientIds: [j.patientId] });
  return j;
}

/** Changes status (checked against the graph: 422 invalid_transition) and/or details; every status change joins the timeline. */
export async function updateJourney(db: Db, kind: JourneyKind, actor: Actor, id: string, body: JourneyPatch, ifMatch?: number) {
  return transaction(db, async (tx) => {
    const before = await findJourney(tx, kind, actor.orgId, id, journeyScope(kind, actor, 'write'), { forUpdate: true });
    if (!before) throw AppError.notFound(label(kind));
    checkVersion(ifMatch, before.version, 'journey');
    await checkRefs(tx, kind, actor.orgId, body);
    const next = detailsOf(kind, body);
    const to = body.status;
    const statusChange = to !== undefined && to !== before.status;
    if (statusChange && !canTransition(kind, before.status, to)) {
      const allowed = JOURNEY_TRANSITIONS[kind][before.status] ?? [];
      throw new AppError(
        'invalid_transition',
        `Cannot move from ${before.status} to ${to}; allowed: ${allowed.join(', ') || 'none (final state)'}`,
        [{ path: 'status', message: `cannot move from ${before.status} to ${to}` }],
      );
    }
    if (statusChange) {
      next.status = to;
      next.statusChangedAt = new Date();
    }
    const changes = diff(before, next);
    const noteOnly = !statusChange && body.note;
    if (Object.keys(changes.newValues).length === 0 && !noteOnly) return before;
    await updateJourneyRow(tx, kind, id, next);
    if (statusChange || noteOnly) {
      await insertStatusChange(tx, {
        id: uuidv7(),
        orgId: actor.orgId,
        journeyType: kind,
        journeyId: id,
        fromStatus: before.status,
        toStatus: next.status ?? before.status,
        note: body.note ?? null,
        changedByUserId: actor.userId,
      });
    }
    await audit(tx, actor, {
      action: 'update',
      table: tableName(kind),
      recordId: id,
      ...changes,
      newValues: { ...changes.newValues, ...(body.note ? { note: body.note } : {}) },
    });
    if (statusChange)
      await emit(tx, actor, {
        type: 'JOURNEY_STATUS_CHANGED',
        aggregateType: `${kind}_journey`,
        aggregateId: id,
        payload: { patient_id: before.patientId, from: before.status, to },
      });
    return (await findJourney(tx, kind, actor.orgId, id, undefined))!;
  });
}

/** The journey's status changes, recorded as a read of its patient's data. */
export async function journeyTimeline(db: Db, kind: JourneyKind, actor: Actor, id: string) {
  const journey = await getJourney(db, kind, actor, id);
  const items = await listStatusChanges(db, kind, actor.orgId, journey.id);
  await recordAccess(db, actor, { action: 'read', resource: resource(kind), recordId: journey.id, patientIds: [journey.patientId] });
  return items;
}

/** Journeys of one kind across every patient the caller may see, newest status change first (400 for a status of another kind). */
export async function listAllJourneys(
  db: Db,
  kind: JourneyKind,
  actor: Actor,
  f: { status?: string[] },
  page: { limit: number; offset: number },
) {
  const allowed = new Set<string>(JOURNEY_STATUSES[kind]);
  const bad = (f.status ?? []).find((s) => !allowed.has(s));
  if (bad) throw AppError.field('status', `must be one of ${[...allowed].join(', ')}`);
  return queryJourneys(db, kind, actor.orgId, journeyScope(kind, actor, 'read'), f, page);
}

/** GET /api/ct-journeys, /api/eap-journeys: a page of listAllJourneys, recorded as a list of each patient's data. */
export async function browseJourneys(db: Db, kind: JourneyKind, actor: Actor, q: ListJourneysQuery) {
  const page = await listAllJourneys(db, kind, actor, { status: q.status }, pageOf(q));
  await recordAccess(db, actor, { action: 'list', resource: resource(kind), patientIds: page.rows.map((r) => r.journey.patientId) });
  return page;
}
