// Lab results the patient enters: a test (optionally its LOINC code), a number or a text value, the unit and
// the reference range; each answer is flagged low / high / normal against that range. Also a trend of one
// test and the list of tests the patient has.
import { and, count, desc, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { AppInstance } from '../../app-types';
import type { Db } from '../../db/client';
import { portalLabResults } from '../../db/schema';
import { actorOf } from '../../platform/auth/guard';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import {
  labResultBody,
  labResultItem,
  labResultPage,
  labResultPatch,
  labTests,
  labTrend,
  labTrendQuery,
  listLabResultsQuery,
  type LabResultItem,
  type LabTests,
  type LabTrend,
  type LabTrendQuery,
} from '../../../shared/schemas/portal-records';
import { problems } from '../../../shared/schemas/problem';
import { yAxis } from '../portal-vitals/portal-vitals.service';
import { portalLabResultsPolicy } from './portal-records.policy';
import { defineRecordResource, type OwnFields } from './records';
import { dateRange, liveRows, type RowOf } from './records.queries';
import { columnsOf, momentOf, notFuture } from './rules';

type Columns = typeof portalLabResults.$inferInsert;
type Row = RowOf<typeof portalLabResults>;
const FIELDS = {
  test_name: 'testName',
  loinc: 'loinc',
  value_numeric: 'valueNumeric',
  value_text: 'valueText',
  unit: 'unit',
  reference_low: 'referenceLow',
  reference_high: 'referenceHigh',
  reference_text: 'referenceText',
  collected_at: ['collectedAt', momentOf] as [string, (v: string) => Date],
  notes: 'notes',
};
const t = portalLabResults;

/** Where a numeric value sits in its reference range; null for a text value or without a range. */
export function labFlag(r: Pick<Row, 'valueNumeric' | 'referenceLow' | 'referenceHigh'>): LabResultItem['flag'] {
  if (r.valueNumeric === null || (r.referenceLow === null && r.referenceHigh === null)) return null;
  if (r.referenceLow !== null && r.valueNumeric < r.referenceLow) return 'low';
  if (r.referenceHigh !== null && r.valueNumeric > r.referenceHigh) return 'high';
  return 'normal';
}

/** The results outside their range (the same rule as `labFlag`, in SQL). */
const outOfRange = sql`(coalesce(${t.valueNumeric} < ${t.referenceLow}, false) OR coalesce(${t.valueNumeric} > ${t.referenceHigh}, false))`;
const sameTest = (name: string) => sql`lower(${t.testName}) = lower(${name})`;

function checkLab(r: Row) {
  if (r.valueNumeric === null && r.valueText === null)
    throw AppError.field('value_numeric', 'Please enter the result: a number, or words such as "negative"');
  if (r.valueNumeric !== null && r.valueText !== null)
    throw AppError.field('value_text', 'Please enter the result either as a number or as words, not both');
  if (r.referenceLow !== null && r.referenceHigh !== null && r.referenceLow > r.referenceHigh)
    throw AppError.field('reference_low', 'The low end of the normal range cannot be above the high end');
  notFuture('collected_at', r.collectedAt, 'The date the sample was taken cannot be in the future');
}

export const labResults = defineRecordResource({
  path: 'lab-results',
  names: { one: 'LabResult', many: 'LabResults' },
  noun: 'lab result',
  table: portalLabResults,
  tableName: 'portal_lab_results',
  policy: portalLabResultsPolicy,
  schemas: { body: labResultBody, patch: labResultPatch, query: listLabResultsQuery, item: labResultItem, page: labResultPage },
  // A new result starts without the optional columns, so the checks below see nulls, not undefined.
  toInsert: (b) => ({ valueNumeric: null, valueText: null, referenceLow: null, referenceHigh: null, ...columnsOf<Columns>(b, FIELDS) }),
  toChanges: (p) => columnsOf<Columns>(p, FIELDS),
  check: checkLab,
  present: (r): OwnFields<LabResultItem> => ({
    test_name: r.testName,
    loinc: r.loinc,
    value_numeric: r.valueNumeric,
    value_text: r.valueText,
    unit: r.unit,
    reference_low: r.referenceLow,
    reference_high: r.referenceHigh,
    reference_text: r.referenceText,
    flag: labFlag(r),
    collected_at: r.collectedAt.toISOString(),
    notes: r.notes,
  }),
  date: { column: portalLabResults.collectedAt, kind: 'timestamp' },
  filters: (q) => [
    q.test ? sameTest(q.test) : undefined,
    q.out_of_range === undefined ? undefined : q.out_of_range ? outOfRange : sql`NOT ${outOfRange}`,
  ],
});

/** The most points one trend carries (the newest). */
export const TREND_MAX_POINTS = 2000;

export async function labTrendOf(db: Db, actor: Actor, q: LabTrendQuery): Promise<LabTrend> {
  const where = and(
    liveRows(t, actor, portalLabResultsPolicy.scope(actor, 'read')),
    sameTest(q.test),
    isNotNull(t.valueNumeric),
    ...dateRange(labResults.def.date, q.from, q.to),
  );
  const newest = await db
    .select()
    .from(t)
    .where(where)
    .orderBy(desc(t.collectedAt), desc(t.id))
    .limit(TREND_MAX_POINTS + 1);
  const rows = newest.slice(0, TREND_MAX_POINTS).reverse();
  const latest = rows.at(-1);
  const banded = [...rows].reverse().find((r) => r.referenceLow !== null || r.referenceHigh !== null);
  const band = banded ? { low: banded.referenceLow, high: banded.referenceHigh } : null;
  const values = rows.map((r) => r.valueNumeric!);
  if (band) values.push(...[band.low, band.high].filter((v): v is number => v !== null));
  return {
    test_name: latest?.testName ?? q.test,
    unit: latest?.unit ?? null,
    points: rows.map((r) => ({
      id: r.id,
      collected_at: r.collectedAt.toISOString(),
      value: r.valueNumeric!,
      unit: r.unit,
      flag: labFlag(r),
    })),
    reference_band: band,
    y_axis: yAxis(values),
    truncated: newest.length > TREND_MAX_POINTS,
  };
}

/** The tests the patient has results of (one per name, whatever its case), each with its newest result. */
export async function labTestsOf(db: Db, actor: Actor): Promise<LabTests> {
  const live: SQL = liveRows(t, actor, portalLabResultsPolicy.scope(actor, 'read'));
  const key = sql<string>`lower(${t.testName})`;
  const [latest, counts] = await Promise.all([
    db.selectDistinctOn([key]).from(t).where(live).orderBy(key, desc(t.collectedAt), desc(t.id)).limit(1000),
    db.select({ key, n: count() }).from(t).where(live).groupBy(key),
  ]);
  const n = new Map(counts.map((c) => [c.key, c.n]));
  return {
    items: latest
      .map((r) => ({ test_name: r.testName, count: n.get(r.testName.toLowerCase()) ?? 1, latest: labResults.present(r) as LabResultItem }))
      .sort((a, b) => a.test_name.localeCompare(b.test_name, 'en', { sensitivity: 'base' })),
  };
}

export function labResultExtraRoutes(app: AppInstance) {
  const db = () => app.deps.database.db;
  const config = { permission: { resource: 'wellness', action: 'read', portal: true } } as const;
  app.get(
    '/api/portal/lab-results/trend',
    {
      config,
      schema: {
        operationId: 'getPortalLabResultTrend',
        tags: ['portal'],
        summary: 'A trend of one test: its numeric results oldest first, the reference band and a y-axis that fits',
        querystring: labTrendQuery,
        response: { 200: labTrend, ...problems(400, 401, 403) },
      },
    },
    async (req) => labTrendOf(db(), actorOf(req), req.query),
  );
  app.get(
    '/api/portal/lab-results/tests',
    {
      config,
      schema: {
        operationId: 'listPortalLabTests',
        tags: ['portal'],
        summary: 'The tests the patient has results of, with how many and the newest result of each',
        response: { 200: labTests, ...problems(401, 403) },
      },
    },
    async (req) => labTestsOf(db(), actorOf(req)),
  );
}
