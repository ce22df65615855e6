import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { Database } from './db/client';
import type { EventRegistry } from './platform/events/outbox';
import type { LoginRateLimiter } from './platform/auth/rate-limit';
import type { Mailer } from './platform/mail';
import type { RealtimeHub } from './platform/realtime';

export type AppDeps = {
  config: Config;
  database: Database;
  events: EventRegistry;
  limiter: LoginRateLimiter;
  mailer: Mailer;
  realtime: RealtimeHub;
};

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
