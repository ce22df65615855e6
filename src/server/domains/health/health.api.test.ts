import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('health', () => {
  it('reports the database reachable and migrations current, without a session', async () => {
    const res = await t.anon.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { reachable: true }, migrations: { current: true } });
    expect(res.json().migrations.applied).toBeGreaterThanOrEqual(res.json().migrations.expected);
    expect(['pglite', 'postgres']).toContain(res.json().database.kind);
  });

  it('says when realtime is down (degraded), while the instance keeps serving (200)', async () => {
    const before = await t.anon.get('/api/health');
    expect(before.json().realtime).toMatchObject({ status: 'off', reconnects: 0 });
    const hub = t.app.deps.realtime;
    const original = hub.listenerState.bind(hub);
    hub.listenerState = () => ({ status: 'down', since: new Date().toISOString(), last_error: 'Connection terminated', reconnects: 2 });
    try {
      const res = await t.anon.get('/api/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'degraded', database: { reachable: true }, realtime: { status: 'down', reconnects: 2 } });
    } finally {
      hub.listenerState = original;
    }
    expect((await t.anon.get('/api/health')).json().status).toBe('ok');
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const res = await t.anon.get('/api/openapi.json');
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/persons'].get).toBeTruthy();
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeTruthy();
  });
});
