import type { AppInstance } from '../app-types';
import { actorOf } from './auth/guard';

export async function realtimeRoutes(app: AppInstance) {
  app.get('/api/realtime', {
    config: { permission: 'authenticated' },
    schema: { tags: ['realtime'], summary: 'Server-Sent Events: `change` events naming what changed that the caller may read' },
  }, async (req, reply) => {
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
  });
}
