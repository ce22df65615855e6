// HTTP-level hardening: no-store on API answers, the request timeout, and problem+json for the
// answers Node and the router give before any route runs (checked on a real listening server:
// inject() bypasses Node's HTTP parser).
import net from 'node:net';
import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from '../../../tests/helpers/app';
import { serverTimeouts } from './request-timeout';

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await createTestApp({ requestTimeoutMs: 1000 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
});
afterAll(async () => t.close());

/** Sends raw bytes (optionally in timed pieces) and returns everything the server wrote before closing. */
function raw(pieces: (string | { wait: number })[], timeoutMs = 8000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(out);
    }, timeoutMs);
    sock.on('data', (d) => {
      out += d.toString('utf8');
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      if (out) resolve(out);
      else reject(e);
    });
    sock.on('connect', async () => {
      for (const p of pieces) {
        if (typeof p === 'string') sock.write(p);
        else await new Promise((r) => setTimeout(r, p.wait));
      }
    });
  });
}

function parseRaw(res: string) {
  const [head, ...rest] = res.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]);
  return { status, head: head ?? '', body: rest.join('\r\n\r\n') };
}

describe('Cache-Control on API answers', () => {
  it('is no-store on every /api answer (patient data, errors, sign-in)', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    for (const res of [
      await admin.get('/api/patients'),
      await admin.get('/api/auth/me'),
      await t.anon.get('/api/patients'),
      await admin.get('/api/nope'),
    ]) {
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expect((await t.anon.post('/api/auth/login', { email: 'x@y.example', password: 'wrong-password' })).headers['cache-control']).toBe(
      'no-store',
    );
  });
});

describe('request timeout', () => {
  it('is set on the Node server from REQUEST_TIMEOUT_MS (30 s by default), with the other limits', async () => {
    expect(t.app.server.requestTimeout).toBe(1000);
    expect(t.app.server.headersTimeout).toBeLessThanOrEqual(1000);
    expect(t.app.server.keepAliveTimeout).toBe(72_000);
    const dflt = await createTestApp();
    try {
      expect(dflt.app.server.requestTimeout).toBe(30_000);
      expect(dflt.app.server.timeout).toBe(300_000);
    } finally {
      await dflt.close();
    }
  });

  it('answers 408 problem+json to a sign-in whose body never finishes', async () => {
    const started = Date.now();
    const res = parseRaw(
      await raw([
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
        { wait: 4000 },
      ]),
    );
    expect(res.status).toBe(408);
    expect(res.head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(res.body)).toMatchObject({ status: 408, code: 'bad_request' });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('does not cut a response that streams for longer than the limit (it bounds receiving the request only)', async () => {
    const app = Fastify({ ...serverTimeouts({ requestTimeoutMs: 1000 }) });
    app.get('/slow', (_req, reply) => {
      const out = new PassThrough();
      let n = 0;
      const tick = setInterval(() => {
        out.write(`chunk ${n}\n`);
        if (++n === 5) {
          clearInterval(tick);
          out.end();
        }
      }, 600);
      return reply.send(out);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const addr = app.server.address();
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/slow`);
      expect(await res.text()).toBe([0, 1, 2, 3, 4].map((i) => `chunk ${i}\n`).join(''));
      expect(Date.now() - started).toBeGreaterThan(2500);
    } finally {
      await app.close();
    }
  });
});

describe('request timeout and streamed uploads', () => {
  it('spares an authorised CSV import that keeps sending for longer than the limit; an anonymous one is cut', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const rows = [
      'first_name,last_name,email',
      ...Array.from({ length: 6 }, (_, i) => `Slow,Upload${i},slow${i}.${Date.now()}@import.example`),
    ];
    const chunks = rows.map((r) => `${r}\n`);
    const headers = (len: number, auth: boolean) =>
      `POST /api/imports/leads?dry_run=true HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${len}\r\n` +
      (auth ? `Cookie: ${admin.cookie}\r\nX-CSRF-Token: ${admin.csrf}\r\n` : '') +
      'Connection: close\r\n\r\n';
    const len = Buffer.byteLength(chunks.join(''));
    const pieces = [headers(len, true), ...chunks.flatMap((c) => [c, { wait: 400 }])]; // ~2.8 s in all, limit 1 s
    const started = Date.now();
    const res = parseRaw(await raw(pieces));
    expect(res.status, res.body).toBe(200);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(JSON.parse(res.body.replace(/^[0-9a-f]+\r\n/, ''))).toMatchObject({ dry_run: true, total: 6 });
    const anon = parseRaw(await raw([headers(len, false), ...chunks.flatMap((c) => [c, { wait: 400 }])]));
    expect([401, 408]).toContain(anon.status); // refused by the guard at once, or cut by the limit: never held open
  });
});

describe('problem+json before any route runs', () => {
  it('431 when the headers are too large', async () => {
    const res = parseRaw(await raw([`GET /api/auth/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]));
    expect(res.status).toBe(431);
    expect(res.head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(res.body)).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });

  it('431 for a URL too long to parse', async () => {
    const res = parseRaw(await raw([`GET /api/patients?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`]));
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body).status).toBe(431);
  });

  it('400 for a malformed request line', async () => {
    const res = parseRaw(await raw(['GARBAGE\r\n\r\n']));
    expect(res.status).toBe(400);
    expect(res.head).toMatch(/content-type: application\/problem\+json/i);
  });

  it('400 for a URL with a bad percent-encoding (API and assets), 414 for an over-long path parameter', async () => {
    for (const url of ['/api/patients/%', '/assets/%', '/assets/%E0%A4%A']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
    const res = await t.app.inject({ method: 'GET', url: `/api/patients/${'a'.repeat(500)}` });
    expect([404, 414]).toContain(res.statusCode);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('JSON bodies', () => {
  it('a 10,000-level nested body is a 4xx problem+json, not a 500', async () => {
    const org = await t.org();
    const mgr = await org.as('manager');
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const body = `{"campaign_name":"Deep","target_audience":${deep}}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      payload: body,
      headers: { cookie: mgr.cookie!, 'x-csrf-token': mgr.csrf!, 'content-type': 'application/json' },
    });
    expectProblem(res as never, 400, 'body');
    const arr = '['.repeat(10_000) + ']'.repeat(10_000);
    const res2 = await t.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      payload: arr,
      headers: { cookie: mgr.cookie!, 'x-csrf-token': mgr.csrf!, 'content-type': 'application/json' },
    });
    expectProblem(res2 as never, 400);
  });

  it('campaign target_audience / goals deeper than 10 levels is a 400 naming the field', async () => {
    const org = await t.org();
    const mgr = await org.as('manager');
    const nest = (n: number): Record<string, unknown> => (n === 1 ? { a: 1 } : { a: nest(n - 1) });
    expectProblem(await mgr.post('/api/campaigns', { campaign_name: 'Deep audience', target_audience: nest(12) }), 400, 'target_audience');
    expectProblem(await mgr.post('/api/campaigns', { campaign_name: 'Deep goals', goals: nest(25) }), 400, 'goals');
    expect((await mgr.post('/api/campaigns', { campaign_name: 'Ten levels', goals: nest(10) })).statusCode).toBe(201);
  });

  it('nesting is measured outside strings only', async () => {
    const org = await t.org();
    const mgr = await org.as('manager');
    const res = await mgr.post('/api/campaigns', {
      campaign_name: 'Brackets',
      description: '{'.repeat(100) + '"\\'.repeat(10),
      goals: { note: '[[[[' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});
