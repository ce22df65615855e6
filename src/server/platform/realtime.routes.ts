import type { AppInstance } from '../app-types';
import { actorOf } from './auth/guard';
import { mediaResponse } from '../../shared/schemas/media';
import { problems } from '../../shared/schemas/problem';

export async function realtimeRoutes(app: AppInstance) {
  app.get(
    '/api/realtime',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'streamChanges',
        tags: ['realtime'],
        summary: 'Server-Sent Events: `change` events naming what changed that the caller may read',
        response: {
          200: mediaResponse('An open stream of change events; a comment line every 25 s keeps it alive', 'text/event-stream'),
          ...problems(401),
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write('retry: 3000\n: connected\n\n');
      app.deps.realtime.subscribe(actor, reply);
    },
  );
}
