// Builds the Fastify instance: plugins, security, error handling, the guard, every domain's routes.
import path from 'node:path';
import fs from 'node:fs';
import Fastify from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { Database } from './db/client';
import type { AppDeps, AppInstance } from './app-types';
import { AppError, clientErrorHandler, frameworkErrors, problem, registerErrorHandler, sendProblem } from './platform/errors';
import { findNulField, jsonDepthExceeds, logRequest, MAX_JSON_DEPTH } from './platform/http';
import { markStreamingUpload, serverTimeouts, unmarkStreamingUpload } from './platform/request-timeout';
import { registerGuard } from './platform/auth/guard';
import { LoginRateLimiter } from './platform/auth/rate-limit';
import { EventRegistry } from './platform/events/outbox';
import { createMailer } from './platform/mail';
import { uuidv7 } from './platform/ids';
import { parseQueryString } from './platform/querystring';
import { authRoutes } from './platform/auth/auth.routes';
import { RealtimeHub } from './platform/realtime';
import { realtimeRoutes } from './platform/realtime.routes';
import { apiTokenRoutes } from './platform/auth/api-tokens.routes';
import { domainModules } from './domains';
import { indexHtmlFor } from './web-preload';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../dist/web');

export type BuildOptions = { config: Config; database: Database; logger?: boolean | object };

export async function buildApp({ config, database, logger }: BuildOptions): Promise<AppInstance> {
  const app = Fastify({
    logger: logger ?? {
      level: config.logLevel,
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      // Query strings carry search terms (patient names) and invitation tokens: logged without their values.
      serializers: { req: logRequest },
    },
    genReqId: () => uuidv7(),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: parseQueryString },
    // REQUEST_TIMEOUT_MS bounds sending a request, never the (streamed) response.
    ...serverTimeouts(config),
    // Answers Node and the router give before any route runs are problem+json too (408, 414, 431, bad URLs).
    clientErrorHandler,
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>() as unknown as AppInstance;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const deps: AppDeps = {
    config,
    database,
    // Handlers get the app's mailer and config in their context (platform/events); the mailer is built below.
    events: new EventRegistry({
      config,
      get mailer() {
        return deps.mailer;
      },
    }),
    limiter: new LoginRateLimiter(database, config.login),
    mailer: createMailer(database, { smtpUrl: config.smtpUrl, from: config.mailFrom }),
    realtime: new RealtimeHub(),
  };
  app.decorate('deps', deps);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // API answers hold patient data: never stored by a browser or a proxy, unless a route chose its own policy.
    if (req.url.startsWith('/api') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // JSON bodies: Fastify's parser (prototype poisoning refused), after a cheap scan that refuses
  // absurd nesting before JSON.parse, validation or the database (jsonb) has to walk it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH))
      return done(AppError.field('body', `is nested more than ${MAX_JSON_DEPTH} levels deep`, 'bad_request'), undefined);
    return parseJson(req, body as string, done);
  });
  // A NUL character can be in no PostgreSQL text and would cut SQL text short: refused in every
  // query string and JSON body, naming the field, before validation.
  app.addHook('preValidation', async (req) => {
    const field = findNulField(req.query) ?? (typeof req.body === 'object' ? findNulField(req.body) : null);
    if (field) throw AppError.field(field, 'must not contain a NUL character', 'bad_request');
  });
  // A CSV import is read while it arrives, so it may take longer to send than REQUEST_TIMEOUT_MS:
  // once authorised (after the guard), its socket is spared while bytes keep arriving.
  app.addHook('preParsing', async (req, _reply, payload) => {
    if (req.actor && /^(text\/csv|text\/plain|application\/csv)/.test(String(req.headers['content-type'] ?? '')))
      markStreamingUpload(req.raw, config.requestTimeoutMs);
    return payload;
  });
  app.addHook('onResponse', async (req) => unmarkStreamingUpload(req.raw));

  // API answers of 1 KB or more are compressed (brotli, else gzip) when the client accepts it, before any
  // route is registered (the plugin attaches itself to each route). Never text/event-stream (the
  // realtime stream is hijacked and must flush each message); streamed CSV exports are compressed as
  // they stream. The ETag stays as it is (If-Match compares versions, not bytes). Compressed request
  // bodies are not accepted: a small body must not inflate past the limits the routes count on.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    globalDecompression: false,
  });
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.cookieSecure,
  });

  const SUCCESS: Record<string, string> = {
    200: 'OK: the answer in the schema below',
    201: 'Created: the new record',
    202: 'Accepted: the work continues in the background',
    204: 'Done; no content',
  };
  // The OpenAPI document (GET /api/openapi.json), linted by `node scripts/openapi.mjs` in `npm test`.
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'HealthCRM API',
        version: '0.1.0',
        description:
          'One API for the staff app, the Relationship Manager and the patient portal. Every error is `application/problem+json` (the `Problem` schema).',
      },
      servers: [{ url: '/', description: 'The server that serves this document' }],
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hcrm_session' }, token: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: (route) => {
      const out = jsonSchemaTransform(route);
      // A route that reads its body as a stream (CSV imports) declares `consumes` and no body schema
      // (a body schema would be validated): documented here as a string of those media types.
      const s = route.schema as { consumes?: string[]; body?: unknown } | undefined;
      if (s?.consumes?.length && !s.body && out.schema)
        (out.schema as Record<string, unknown>).body = {
          type: 'string',
          description: 'The file (a header row, then one row per record), read as it arrives',
        };
      // A success answer without its own description says what its status means (instead of "Default Response").
      const responses = (out.schema as { response?: Record<string, { description?: string }> } | undefined)?.response;
      for (const [status, r] of Object.entries(responses ?? {}))
        if (r && typeof r === 'object' && !r.description && SUCCESS[status]) r.description = SUCCESS[status];
      return out;
    },
    // Shared schemas registered with an id (the Problem) become components; only those referenced are kept.
    transformObject: (documentObject) => {
      const doc = jsonSchemaTransformObject(documentObject) as { components?: { schemas?: Record<string, unknown> } };
      const schemas = doc.components?.schemas;
      for (const id of Object.keys(schemas ?? {})) {
        const { [id]: _own, ...others } = schemas!;
        if (!JSON.stringify({ ...doc, components: { ...doc.components, schemas: others } }).includes(`"#/components/schemas/${id}"`))
          delete schemas![id];
      }
      return doc as ReturnType<typeof jsonSchemaTransformObject>;
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: false,
    transformSpecification: (spec) => spec,
  });

  registerErrorHandler(app);
  registerGuard(app, database, config);

  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes);
  await app.register(realtimeRoutes);
  await app.register(apiTokenRoutes);
  app.addHook('onClose', async () => deps.realtime.close());
  for (const mod of domainModules) {
    await app.register(mod.routes);
    mod.handlers?.(deps);
  }

  // The single-page app: static assets, and index.html for every other non-API GET.
  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  // The build writes a .br and a .gz beside each script and style sheet (vite.config.ts): the copy the
  // request's Accept-Encoding allows is sent (Content-Encoding, Vary: Accept-Encoding), else the file
  // itself. The copies are not routes of their own.
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      index: false,
      maxAge: '1y',
      immutable: true,
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
    });
  // index.html with the address's page chunks preloaded (web-preload.ts).
  const indexHtml = hasWeb ? indexHtmlFor(WEB_DIST) : null;
  app.setNotFoundHandler((req, reply) => {
    const p = req.url.split('?')[0]!;
    if (indexHtml && req.method === 'GET' && !p.startsWith('/api') && !path.extname(p)) {
      return reply.header('cache-control', 'no-cache').type('text/html').send(indexHtml(req.url));
    }
    return sendProblem(reply, problem('not_found', `No route ${req.method} ${p}`, String(req.id)));
  });
  return app;
}
