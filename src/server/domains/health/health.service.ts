// The health probe: the database answers and every migration is applied. Its answer is computed, not a
// row, so it has no presenter: the response schema checks it.
import type { Database } from '../../db/client';
import { migrationStatus } from '../../db/migrate';
import type { HealthResponse } from '../../../shared/schemas/health';
import { pingDatabase } from './health.queries';

/**
 * `degraded` (503) when the database is unreachable or migrations are missing. Realtime down alone also says
 * `degraded`, with 200: the instance still serves every request (changes reach browsers on their next refetch).
 */
export async function checkHealth(
  database: Database,
  realtime: HealthResponse['realtime'],
): Promise<{ body: HealthResponse; serving: boolean }> {
  const t0 = performance.now();
  let reachable = true;
  let m = { expected: 0, applied: 0 };
  try {
    await pingDatabase(database);
    m = await migrationStatus(database);
  } catch {
    reachable = false;
  }
  const current = reachable && m.applied >= m.expected;
  const serving = reachable && current;
  const body: HealthResponse = {
    status: serving && realtime.status !== 'down' ? 'ok' : 'degraded',
    database: { kind: database.kind, reachable, latency_ms: Math.round((performance.now() - t0) * 100) / 100 },
    migrations: { ...m, current },
    realtime,
  };
  return { body, serving };
}
