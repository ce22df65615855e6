// The portal chart data set (issue 11's benchmark): patients (with their persons), each with 1,000 vitals
// over three years (mostly blood pressure and weight) and 50 lab results. Set-based: one
// `INSERT ... SELECT generate_series` per table and chunk of patients, ids sequential (time-ordered
// like the app's uuidv7, so the indexes are appended to, not split), values from a hash of
// (patient, reading): deterministic for a given generation time. Same SQL on PostgreSQL and PGlite.
//   npm run cli -- generate --portal --size large|small|tiny [--org <slug>] [--database-url <url>]
// large: 10,000 patients x 1,000 vitals + 50 lab results (10.5 M rows; PostgreSQL);
// small: 200 patients (PGlite); tiny: 20.
import { sql, type SQL } from 'drizzle-orm';
import { loadConfig } from '../server/config';
import { openDatabase, type Database } from '../server/db/client';
import { migrateDatabase } from '../server/db/migrate';
import { buildOrg } from '../server/factories';

export const PORTAL_SIZES = {
  tiny: { patients: 20, vitals: 1000, labs: 50 },
  small: { patients: 200, vitals: 1000, labs: 50 },
  large: { patients: 10_000, vitals: 1000, labs: 50 },
} as const;
export type PortalSize = keyof typeof PORTAL_SIZES;

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Noah'];
const LAST = ['Adams', 'Bakker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Khan', 'Lopez', 'Nguyen', 'Patel'];

/** A sequential uuid: `<tag>-<kind>-7000-8000-<n>` (tag: 8 hex digits of the organization, kind: the table). */
const idOf = (tag: string, kind: number, n: SQL) =>
  sql`(${tag}::text || '-' || lpad(to_hex(${kind}::int), 4, '0') || '-7000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

/** A value in [0, 1) from two integers and a salt: the same every run. */
const h01 = (a: SQL, b: SQL, salt: number) =>
  sql`(((${a})::bigint * 7919 + (${b})::bigint * 104729 + ${salt}::bigint * 15485863) * 2654435761 % 1000003)::float8 / 1000003`;

export type PortalGenerateResult = { orgId: string; patients: number; vitals: number; labs: number; seconds: number; reused: boolean };

/**
 * Loads the data set into organization `orgId` (which must have no portal patients yet). Chunks of
 * patients, each chunk its own transaction; FK checks skipped when the role may (superuser), as
 * the rows are consistent by construction.
 */
export async function generatePortalData(
  database: Database,
  opts: { orgId: string; size: PortalSize; log?: (m: string) => void; now?: Date },
): Promise<Omit<PortalGenerateResult, 'reused'>> {
  const log = opts.log ?? (() => {});
  const { patients: P, vitals: V, labs: L } = PORTAL_SIZES[opts.size];
  const t0 = performance.now();
  const tag = opts.orgId.replace(/-/g, '').slice(-8);
  const now = (opts.now ?? new Date()).toISOString();
  const [su] = await database.rows<{ s: boolean }>(sql`SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`);
  const fast = !!su?.s;
  const names = (xs: string[]) => sql.raw(`ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`);

  await database.db.transaction(async (tx) => {
    await database.rows(
      sql`INSERT INTO persons (id, org_id, first_name, last_name, email)
        SELECT ${idOf(tag, 1, sql`n`)}, ${opts.orgId}, (${names(FIRST)})[1 + n % ${FIRST.length}],
          (${names(LAST)})[1 + (n / ${FIRST.length}) % ${LAST.length}] || ' ' || n, 'portal-' || ${tag}::text || '-' || n || '@bench.example'
        FROM generate_series(1, ${P}) n`,
      tx as never,
    );
    await database.rows(
      sql`INSERT INTO patients (id, org_id, person_id, status, care_stage)
        SELECT ${idOf(tag, 2, sql`n`)}, ${opts.orgId}, ${idOf(tag, 1, sql`n`)}, 'active', 'active_care' FROM generate_series(1, ${P}) n`,
      tx as never,
    );
  });
  log(`  ${P.toLocaleString()} persons and patients`);

  const span = sql`(interval '3 years')`;
  const start = sql`(${now}::timestamptz - ${span})`;
  // Mostly blood pressure (45 %) and weight (25 %), then heart rate, glucose, temperature and SpO2.
  const bucket = sql`(k % 20)`;
  const measure = sql`CASE WHEN ${bucket} < 9 THEN 'blood_pressure' WHEN ${bucket} < 14 THEN 'weight' WHEN ${bucket} < 17 THEN 'heart_rate'
    WHEN ${bucket} < 19 THEN 'glucose' WHEN k % 40 = 19 THEN 'temperature' ELSE 'spo2' END`;
  const h = h01(sql`p`, sql`k`, 1);
  const h2 = h01(sql`p`, sql`k`, 2);
  const perChunk = Math.max(1, Math.floor(500_000 / V));
  let vitals = 0;
  for (let a = 1; a <= P; a += perChunk) {
    const b = Math.min(P, a + perChunk - 1);
    await database.db.transaction(async (tx) => {
      if (fast) await database.rows(sql`SET LOCAL session_replication_role = replica`, tx as never);
      await database.rows(
        sql`INSERT INTO portal_vitals (id, org_id, patient_id, measure, value, value2, unit, loinc, loinc_components, measured_at, source, created_by_user_id, created_at, updated_at)
          SELECT ${idOf(tag, 3, sql`(p - 1) * ${V} + k`)}, ${opts.orgId}, ${idOf(tag, 2, sql`p`)}, m,
            CASE m WHEN 'blood_pressure' THEN 112 + floor(${h} * 48) WHEN 'weight' THEN round((55 + p % 60 + ${h} * 4)::numeric, 1)
              WHEN 'heart_rate' THEN 55 + floor(${h} * 45) WHEN 'glucose' THEN 75 + floor(${h} * 90)
              WHEN 'temperature' THEN round((36.1 + ${h} * 1.5)::numeric, 1) ELSE 93 + floor(${h} * 7) END,
            CASE WHEN m = 'blood_pressure' THEN 68 + floor(${h2} * 28) END,
            CASE m WHEN 'blood_pressure' THEN 'mmHg' WHEN 'weight' THEN 'kg' WHEN 'heart_rate' THEN 'bpm' WHEN 'glucose' THEN 'mg/dL'
              WHEN 'temperature' THEN 'C' ELSE '%' END,
            CASE m WHEN 'blood_pressure' THEN '85354-9' WHEN 'weight' THEN '29463-7' WHEN 'heart_rate' THEN '8867-4' WHEN 'glucose' THEN '2339-0'
              WHEN 'temperature' THEN '8310-5' ELSE '59408-5' END,
            CASE WHEN m = 'blood_pressure' THEN ARRAY['8480-6', '8462-4'] ELSE '{}'::text[] END,
            at, 'patient', NULL, at, at
          FROM generate_series(${a}::int, ${b}::int) p, generate_series(0, ${V - 1}) k,
            LATERAL (SELECT ${measure} AS m, ${start} + ${span} * (k::float8 / ${V}) + interval '1 hour' * (${h2} * 12) AS at) x`,
        tx as never,
      );
    });
    vitals += (b - a + 1) * V;
    log(`  vitals ${vitals.toLocaleString()} / ${(P * V).toLocaleString()} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }

  // Lab results: seven tests in turn, 50 draws' worth over three years, some out of range.
  const tests = sql.raw(`(VALUES
    (0, 'Hemoglobin A1c', '4548-4', '%', 4.0, 5.6, 4.8, 3.0),
    (1, 'LDL cholesterol (calculated)', '13457-7', 'mg/dL', NULL, 100, 70, 90),
    (2, 'Total cholesterol', '2093-3', 'mg/dL', NULL, 200, 140, 110),
    (3, 'Fasting glucose', '1558-6', 'mg/dL', 70, 99, 75, 60),
    (4, 'Creatinine', '2160-0', 'mg/dL', 0.7, 1.3, 0.7, 0.8),
    (5, 'TSH', '3016-3', 'mIU/L', 0.4, 4.0, 0.5, 4.5),
    (6, 'HDL cholesterol', '2085-9', 'mg/dL', 40, NULL, 30, 50)) t(i, name, loinc, unit, lo, hi, base, spread)`);
  const lh = h01(sql`p`, sql`k`, 3);
  const labChunk = Math.max(1, Math.floor(500_000 / L));
  let labs = 0;
  for (let a = 1; a <= P; a += labChunk) {
    const b = Math.min(P, a + labChunk - 1);
    await database.db.transaction(async (tx) => {
      if (fast) await database.rows(sql`SET LOCAL session_replication_role = replica`, tx as never);
      await database.rows(
        sql`INSERT INTO portal_lab_results (id, org_id, patient_id, source, test_name, loinc, value_numeric, unit, reference_low, reference_high,
            collected_at, created_at, updated_at)
          SELECT ${idOf(tag, 4, sql`(p - 1) * ${L} + k`)}, ${opts.orgId}, ${idOf(tag, 2, sql`p`)}, 'patient', t.name, t.loinc,
            round((t.base + ${lh} * t.spread)::numeric, 2), t.unit, t.lo, t.hi, c.at, c.at, c.at
          FROM generate_series(${a}::int, ${b}::int) p, generate_series(0, ${L - 1}) k
            JOIN ${tests} ON t.i = k % 7,
            LATERAL (SELECT ${start} + ${span} * (k::float8 / ${L}) AS at) c`,
        tx as never,
      );
    });
    labs += (b - a + 1) * L;
  }
  log(`  lab results ${labs.toLocaleString()}`);
  // Fresh statistics and visibility map before anything measures (VACUUM cannot run in a transaction).
  for (const t of ['persons', 'patients', 'portal_vitals', 'portal_lab_results']) await database.rows(sql.raw(`VACUUM (ANALYZE) ${t}`));
  return { orgId: opts.orgId, patients: P, vitals, labs, seconds: (performance.now() - t0) / 1000 };
}

/** `generate --portal`: into organization `org` (default `portal-<size>`), created if absent; reused when it has the data. */
export async function generatePortalCommand(args: {
  size: PortalSize;
  org?: string;
  databaseUrl?: string;
  database?: Database;
  log?: (m: string) => void;
}): Promise<PortalGenerateResult> {
  const log = args.log ?? ((m: string) => console.log(m));
  const config = loadConfig();
  const database =
    args.database ?? (await openDatabase({ databaseUrl: args.databaseUrl ?? config.databaseUrl, dataDir: config.dataDir, poolSize: 4 }));
  try {
    if (!args.database) await migrateDatabase(database);
    const slug = args.org ?? `portal-${args.size}`;
    const [existing] = await database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE slug = ${slug}`);
    const spec = PORTAL_SIZES[args.size];
    if (existing) {
      const [c] = await database.rows<{ p: number; v: number; l: number }>(
        sql`SELECT (SELECT count(*) FROM patients WHERE org_id = ${existing.id})::int AS p,
          (SELECT count(*) FROM portal_vitals WHERE org_id = ${existing.id})::int AS v,
          (SELECT count(*) FROM portal_lab_results WHERE org_id = ${existing.id})::int AS l`,
      );
      if (c && c.p >= spec.patients && c.v >= spec.patients * spec.vitals) {
        log(`Organization ${slug} already has ${c.p.toLocaleString()} patients and ${c.v.toLocaleString()} vitals: reusing it.`);
        return { orgId: existing.id, patients: c.p, vitals: c.v, labs: c.l, seconds: 0, reused: true };
      }
      if (c && c.p > 0) throw new Error(`Organization ${slug} has a partial portal data set (${c.p} patients): use another --org.`);
    }
    const org = existing ?? (await buildOrg(database.db, { slug, name: `Portal bench ${args.size}` }));
    log(`Generating the portal data set ${args.size} into organization ${slug} (${database.kind})...`);
    const res = await generatePortalData(database, { orgId: org.id, size: args.size, log });
    log(`Done in ${res.seconds.toFixed(1)} s.`);
    return { ...res, reused: false };
  } finally {
    if (!args.database) await database.close();
  }
}
