import { z } from 'zod';
import type { AppInstance } from '../app-types';
import { actorOf } from './auth/guard';
import { mediaResponse } from '../../shared/schemas/media';
import { problems } from '../../shared/schemas/problem';

const realtimeQuery = z.object({
  last_event_id: z
    .string()
    .max(1000)
    .optional()
    .describe('Where to resume: the id of the last message received (what the Last-Event-ID header carries; the header wins)'),
});

export async function realtimeRoutes(app: AppInstance) {
  const { database, config } = app.deps;
  app.deps.realtime.attach({ database, sessionIdleMs: config.sessionIdleMs, log: app.log });
  // Open streams would hold close() (it waits for in-flight requests): they end first, and the
  // browsers reconnect (to another instance) with their Last-Event-ID.
  app.addHook('preClose', async () => app.deps.realtime.close());
  app.get(
    '/api/realtime',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'streamChanges',
        tags: ['realtime'],
        summary:
          'Server-Sent Events: `change` events naming what changed that the caller may read, each with its `id:`; with Last-Event-ID it first replays what was missed, or sends `resync` (refetch everything); `session_ended` when the session ends',
        querystring: realtimeQuery,
        response: {
          200: mediaResponse('An open stream of change events; a comment line every 25 s keeps it alive', 'text/event-stream'),
          ...problems(400, 401),
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const header = req.headers['last-event-id'];
      const lastEventId = (Array.isArray(header) ? header[0] : header) || req.query.last_event_id || null;
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write('retry: 3000\n: connected\n\n');
      await app.deps.realtime.subscribe(actor, reply, { sessionId: req.session?.sessionId ?? null, lastEventId });
    },
  );
}
