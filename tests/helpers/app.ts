// A test application on its own database connection, with factories and signed-in API clients.
import fs from 'node:fs';
import { inject } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/server/config';
import { openDatabase, type Database } from '../../src/server/db/client';
import { buildApp } from '../../src/server/app';
import type { AppInstance } from '../../src/server/app-types';
import { Dispatcher } from '../../src/server/platform/events/outbox';
import { buildOrg, buildUser } from '../../src/server/factories';
import type { Role } from '../../src/shared/permissions';

export type TestApp = {
  app: AppInstance;
  database: Database;
  config: Config;
  dispatcher: Dispatcher;
  /** Runs the outbox until no event is due. */
  runEvents(): Promise<number>;
  /** A new organization with one signed-in client per role. */
  org(): Promise<TestOrg>;
  /** An API client without a session. */
  anon: Client;
  close(): Promise<void>;
};

export type TestOrg = {
  id: string;
  users: Record<Role, { id: string; email: string; password: string }>;
  as(role: Role): Promise<Client>;
  newUser(role: Role, opts?: { personId?: string }): Promise<{ id: string; email: string; password: string; client: Client }>;
};

type Body = Record<string, unknown> | unknown[] | undefined;
/** An answer of `app.inject`: `body` is the text, `json<T>()` parses it (T is the caller's expectation, unchecked). */
export type Response = LightMyRequestResponse;
export type Client = {
  userId: string | null;
  csrf: string | null;
  cookie: string | null;
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  post(url: string, body?: Body, headers?: Record<string, string>): Promise<Response>;
  patch(url: string, body?: Body, headers?: Record<string, string>): Promise<Response>;
  put(url: string, body?: Body, headers?: Record<string, string>): Promise<Response>;
  delete(url: string, headers?: Record<string, string>): Promise<Response>;
};

export function makeClient(app: AppInstance, session: { cookie: string; csrf: string; userId: string } | null): Client {
  const req = (method: string, url: string, body?: Body, headers: Record<string, string> = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      payload: body as never,
      headers: {
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
    }) as unknown as Promise<Response>;
  return {
    userId: session?.userId ?? null,
    csrf: session?.csrf ?? null,
    cookie: session?.cookie ?? null,
    get: (u, h) => req('GET', u, undefined, h),
    post: (u, b, h) => req('POST', u, b ?? {}, h),
    patch: (u, b, h) => req('PATCH', u, b ?? {}, h),
    put: (u, b, h) => req('PUT', u, b ?? {}, h),
    delete: (u, h) => req('DELETE', u, undefined, h),
  };
}

export async function signIn(app: AppInstance, email: string, password: string, portal = false): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: portal ? '/api/portal/auth/login' : '/api/auth/login',
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const body = res.json();
  return makeClient(app, { cookie, csrf: body.csrf_token, userId: body.user.id });
}

export async function openTestDatabase(): Promise<Database> {
  const testDb = inject('testDb');
  if (testDb.kind === 'postgres') return openDatabase({ databaseUrl: testDb.url, poolSize: 5 });
  const buf = fs.readFileSync(testDb.dumpPath);
  return openDatabase({ pgliteLoadDataDir: new Blob([buf]) });
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const base = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false' } as NodeJS.ProcessEnv);
  // Every test signs in from 127.0.0.1 against a shared database: the per-address limit would
  // add up across files, so it is out of the way unless a test sets its own limits.
  const config: Config = {
    ...base,
    ...overrides,
    login: overrides.login ?? { ...base.login, maxPerAddress: 1_000_000 },
    events: { ...base.events, enabled: false, pollMs: 20, ...(overrides.events ?? {}) },
  };
  const database = await openTestDatabase();
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  // The test's dispatcher only handles events of the organizations this test made (the
  // PostgreSQL database is shared by test files running in parallel).
  const orgIds: string[] = [];
  const dispatcher = new Dispatcher(database, app.deps.events, app.log, { ...config.events, leaseSeconds: 30, only: { orgIds } });
  const t: TestApp = {
    app,
    database,
    config,
    dispatcher,
    anon: makeClient(app, null),
    async runEvents() {
      let total = 0;
      for (let i = 0; i < 50; i++) {
        const n = await dispatcher.runOnce();
        total += n;
        if (!n) break;
      }
      return total;
    },
    async org() {
      const db = database.db;
      const org = await buildOrg(db);
      orgIds.push(org.id);
      const roles: Role[] = ['admin', 'manager', 'liaison', 'health_coach', 'sdr', 'clinician', 'patient'];
      const users = {} as TestOrg['users'];
      for (const role of roles) users[role] = await buildUser(db, { orgId: org.id, role });
      const clients = new Map<Role, Client>();
      return {
        id: org.id,
        users,
        async as(role) {
          if (!clients.has(role)) clients.set(role, await signIn(app, users[role].email, users[role].password, role === 'patient'));
          return clients.get(role)!;
        },
        async newUser(role, opts = {}) {
          const u = await buildUser(db, { orgId: org.id, role, personId: opts.personId });
          return { ...u, client: await signIn(app, u.email, u.password, role === 'patient') };
        },
      };
    },
    async close() {
      await dispatcher.stop();
      await app.close();
      await database.close();
    },
  };
  return t;
}

/** Asserts a problem+json answer with a status and, when given, the field it names. */
export function expectProblem(res: Response, status: number, field?: string) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  if (!String(res.headers['content-type']).includes('application/problem+json'))
    throw new Error(`expected problem+json, got ${res.headers['content-type']}`);
  if (field) {
    const errs: { path: string }[] = res.json().errors ?? [];
    if (!errs.some((e) => e.path === field || e.path.startsWith(`${field}.`) || e.path.endsWith(`.${field}`))) {
      throw new Error(`expected an error naming ${field}, got ${JSON.stringify(res.json())}`);
    }
  }
}
