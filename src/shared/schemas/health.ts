// Contract of the health probe (GET /api/health).
import { z } from 'zod';

export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), reachable: z.boolean(), latency_ms: z.number() }),
  migrations: z.object({ expected: z.number(), applied: z.number(), current: z.boolean() }),
  /** The LISTEN connection behind realtime and the dispatcher's wake-up: `down` while it reconnects; `off` without one. */
  realtime: z.object({
    status: z.enum(['up', 'down', 'off']),
    since: z.string().nullable(),
    last_error: z.string().nullable(),
    reconnects: z.number(),
  }),
});
export type HealthResponse = z.infer<typeof healthResponse>;
