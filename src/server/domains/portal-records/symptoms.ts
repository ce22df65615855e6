// Symptoms the patient notes: what, how bad (1-10), since when, and when it got better; over time.
import { and, desc, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AppInstance } from '../../app-types';
import type { Db } from '../../db/client';
import { portalSymptoms } from '../../db/schema';
import { actorOf } from '../../platform/auth/guard';
import type { Actor } from '../../platform/context';
import {
  listSymptomsQuery,
  symptomBody,
  symptomItem,
  symptomPage,
  symptomPatch,
  symptomTimeline,
  symptomTimelineQuery,
  type SymptomItem,
  type SymptomTimeline,
  type SymptomTimelineQuery,
} from '../../../shared/schemas/portal-records';
import { problems } from '../../../shared/schemas/problem';
import { portalSymptomsPolicy } from './portal-records.policy';
import { defineRecordResource, type OwnFields } from './records';
import { dateRange, liveRows } from './records.queries';
import { columnsOf, momentOf, notBefore, notFuture } from './rules';

type Columns = typeof portalSymptoms.$inferInsert;
const asMoment = (field: string): [string, (v: string) => Date] => [field, momentOf];
const FIELDS = { name: 'name', severity: 'severity', onset_at: asMoment('onsetAt'), resolved_at: asMoment('resolvedAt'), notes: 'notes' };
const t = portalSymptoms;
const sameName = (name: string) => sql`lower(${t.name}) = lower(${name})`;

export const symptoms = defineRecordResource({
  path: 'symptoms',
  names: { one: 'Symptom', many: 'Symptoms' },
  noun: 'symptom',
  table: portalSymptoms,
  tableName: 'portal_symptoms',
  policy: portalSymptomsPolicy,
  schemas: { body: symptomBody, patch: symptomPatch, query: listSymptomsQuery, item: symptomItem, page: symptomPage },
  toInsert: (b) => columnsOf<Columns>(b, FIELDS),
  toChanges: (p) => columnsOf<Columns>(p, FIELDS),
  check: (r) => {
    notFuture('onset_at', r.onsetAt, 'The time the symptom started cannot be in the future');
    notFuture('resolved_at', r.resolvedAt, 'The time the symptom went away cannot be in the future');
    notBefore('resolved_at', r.resolvedAt, r.onsetAt, 'The time the symptom went away cannot be before it started');
  },
  present: (r): OwnFields<SymptomItem> => ({
    name: r.name,
    severity: r.severity,
    onset_at: r.onsetAt.toISOString(),
    resolved_at: r.resolvedAt?.toISOString() ?? null,
    resolved: r.resolvedAt !== null,
    notes: r.notes,
  }),
  date: { column: portalSymptoms.onsetAt, kind: 'timestamp' },
  filters: (q) => [
    q.name ? sameName(q.name) : undefined,
    q.resolved === undefined ? undefined : q.resolved ? isNotNull(t.resolvedAt) : isNull(t.resolvedAt),
  ],
});

/** The most points one timeline carries (the newest). */
export const TIMELINE_MAX_POINTS = 2000;

/** Severity over time, oldest first: of one symptom (any case), or of all of them. */
export async function symptomTimelineOf(db: Db, actor: Actor, q: SymptomTimelineQuery): Promise<SymptomTimeline> {
  const newest = await db
    .select()
    .from(t)
    .where(
      and(
        liveRows(t, actor, portalSymptomsPolicy.scope(actor, 'read')),
        q.name ? sameName(q.name) : undefined,
        ...dateRange(symptoms.def.date, q.from, q.to),
      ),
    )
    .orderBy(desc(t.onsetAt), desc(t.id))
    .limit(TIMELINE_MAX_POINTS + 1);
  const rows = newest.slice(0, TIMELINE_MAX_POINTS).reverse();
  return {
    points: rows.map((r) => ({
      id: r.id,
      name: r.name,
      severity: r.severity,
      onset_at: r.onsetAt.toISOString(),
      resolved_at: r.resolvedAt?.toISOString() ?? null,
    })),
    // The whole scale, so a mild week does not look like a bad one.
    y_axis: { min: 0, max: 10 },
    truncated: newest.length > TIMELINE_MAX_POINTS,
  };
}

export function symptomExtraRoutes(app: AppInstance) {
  const db = () => app.deps.database.db;
  app.get(
    '/api/portal/symptoms/timeline',
    {
      config: { permission: { resource: 'wellness', action: 'read', portal: true } },
      schema: {
        operationId: 'getPortalSymptomTimeline',
        tags: ['portal'],
        summary: 'Severity over time, oldest first: of one symptom (name, any case) or of all',
        querystring: symptomTimelineQuery,
        response: { 200: symptomTimeline, ...problems(400, 401, 403) },
      },
    },
    async (req) => symptomTimelineOf(db(), actorOf(req), req.query),
  );
}
