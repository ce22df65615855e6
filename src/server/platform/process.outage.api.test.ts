// Issue 10 item 9a: during a database outage every request, one with a session cookie or a bearer token
// and /api/health included, answers 503 problem+json `unavailable` with Retry-After, never 500 `internal`;
// when the database is back, the same requests succeed again.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { buildApp } from '../app';
import type { AppInstance } from '../app-types';
import { buildOrg, buildUser } from '../factories';
import { openTestDatabase, signIn, type Client, type Response } from '../../../tests/helpers/app';

const testDb = inject('testDb');

function expectUnavailable(res: Response) {
  expect(res.statusCode, res.body).toBe(503);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 503, code: 'unavailable' });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

/**
 * A TCP proxy in front of the test PostgreSQL: `down()` drops every connection and closes the port
 * (a crashed or stopped server: ECONNRESET / "Connection terminated" in flight, ECONNREFUSED after),
 * `up()` opens it again on the same port.
 */
class Outage {
  private server = net.createServer((socket) => this.relay(socket));
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(
    private host: string,
    private targetPort: number,
  ) {}
  private relay(socket: net.Socket) {
    const upstream = net.connect(this.targetPort, this.host);
    for (const s of [socket, upstream]) {
      this.sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => this.sockets.delete(s));
    }
    socket.pipe(upstream).pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  }
  up() {
    return new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', () => resolve())).then(() => {
      this.port = (this.server.address() as net.AddressInfo).port;
    });
  }
  down() {
    for (const s of this.sockets) s.destroy();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function appOn(database: Database): Promise<AppInstance> {
  const base = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false' } as NodeJS.ProcessEnv);
  const config: Config = { ...base, login: { ...base.login, maxPerAddress: 1_000_000 }, events: { ...base.events, enabled: false } };
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return app;
}

async function signedIn(app: AppInstance, database: Database): Promise<{ client: Client; token: string }> {
  const org = await buildOrg(database.db);
  const user = await buildUser(database.db, { orgId: org.id, role: 'manager' });
  const client = await signIn(app, user.email, user.password);
  const res = await client.post('/api/auth/tokens', { name: 'outage test' });
  expect(res.statusCode, res.body).toBe(201);
  return { client, token: (res.json() as { token: string }).token };
}

describe.skipIf(testDb.kind !== 'postgres')('PostgreSQL outage', () => {
  let outage: Outage;
  let database: Database;
  let app: AppInstance;
  beforeAll(async () => {
    const url = new URL((testDb as { url: string }).url);
    outage = new Outage(url.hostname, Number(url.port || 5432));
    await outage.up();
    url.hostname = '127.0.0.1';
    url.port = String(outage.port);
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 3 });
    app = await appOn(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await outage?.down().catch(() => {});
  });

  it('answers 503 unavailable with Retry-After while the database is down, and 200 again once it is back', async () => {
    const { client, token } = await signedIn(app, database);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);

    await outage.down();
    for (const res of [
      await client.get('/api/auth/me'), // the guard's session lookup fails
      await client.get('/api/tasks'),
      await client.post('/api/tasks', { title: 'x' }),
      await app.inject({ method: 'GET', url: '/api/tasks', headers: bearer }),
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.example', password: 'password123' } }),
    ])
      expectUnavailable(res as Response);
    // Without a cookie the health probe answers for itself: 503, degraded.
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'degraded', database: { reachable: false } });

    await outage.up();
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/tasks', headers: bearer })).statusCode).toBe(200);
  });

  // Needs health.routes.ts to document its 503 as problem+json too (the guard's session lookup fails
  // first): today the answer is serialized with the health body's schema and fails as a 500.
  it('/api/health with a session cookie answers 503 problem+json too', async () => {
    const { client } = await signedIn(app, database);
    await outage.down();
    try {
      expectUnavailable(await client.get('/api/health'));
    } finally {
      await outage.up();
    }
  });
});

describe.skipIf(testDb.kind !== 'pglite')('PGlite closed under the app (a shutdown in progress)', () => {
  it('answers 503 unavailable, not 500', async () => {
    const database = await openTestDatabase();
    const app = await appOn(database);
    try {
      const { client } = await signedIn(app, database);
      await database.pglite!.close();
      expectUnavailable(await client.get('/api/auth/me'));
      expectUnavailable(await client.get('/api/tasks'));
    } finally {
      await app.close();
    }
  });
});
