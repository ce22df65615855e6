// Compression (issue 11, a phone-first portal): the built scripts and style sheets go out as the
// brotli or gzip copy the build wrote beside them, chosen from Accept-Encoding; API answers of 1 KB
// or more are compressed on the fly; the realtime stream never is (it must flush each message).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../../tests/helpers/app';
import { WEB_DIST } from '../app';
import { withAudience } from './realtime-audience';
import { buildRelationship } from '../domains/relationships/relationships.factories';

let t: TestApp;
let org: TestOrg;
let admin: Client;
let base: string;
let unlisten: () => Promise<void>;

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build:web` first (npm test does it for you).');
  t = await createTestApp();
  org = await t.org();
  admin = await org.as('admin');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  // What server.ts does: relay every committed event announced by NOTIFY to the realtime hub.
  let relay = Promise.resolve();
  unlisten = await t.database.listen('hcrm_events', (p) => {
    relay = relay.then(() => withAudience(t.database, JSON.parse(p)).then((m) => t.app.deps.realtime.publish(m)));
  });
});
afterAll(async () => {
  await unlisten?.();
  await t?.close();
});

/** The entry script and style sheet index.html loads (hashed names, so read from the build). */
function entryAssets() {
  const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const js = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const css = /<link[^>]+href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
  if (!js || !css) throw new Error('index.html names no /assets/*.js or *.css: rebuild with `npm run build:web`');
  const file = (url: string) => fs.readFileSync(path.join(WEB_DIST, url));
  return { js, css, jsBytes: file(js), cssBytes: file(css) };
}
const getStatic = (url: string, acceptEncoding?: string) =>
  t.app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
const varies = (h: unknown) =>
  String(h ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .includes('accept-encoding');

describe('static assets: precompressed at build time', () => {
  it('a script asked with Accept-Encoding: br comes back as brotli, the same bytes as the file once decoded', async () => {
    const { js, jsBytes } = entryAssets();
    expect(fs.existsSync(path.join(WEB_DIST, `${js}.br`)), `${js}.br was not written by the build`).toBe(true);
    const res = await getStatic(js, 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(varies(res.headers.vary)).toBe(true);
    // Hashed names: cached for a year, never revalidated (as before compression).
    expect(res.headers['cache-control']).toMatch(/max-age=31536000/);
    expect(res.headers['cache-control']).toMatch(/immutable/);
    expect(res.rawPayload.length).toBeLessThan(jsBytes.length / 2);
    expect(zlib.brotliDecompressSync(res.rawPayload).equals(jsBytes)).toBe(true);
  });

  it('gzip likewise, for a script and a style sheet; a browser that takes both gets brotli', async () => {
    const { js, jsBytes, css, cssBytes } = entryAssets();
    for (const [url, bytes] of [
      [js, jsBytes],
      [css, cssBytes],
    ] as const) {
      const res = await getStatic(url, 'gzip');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('gzip');
      expect(varies(res.headers.vary)).toBe(true);
      expect(zlib.gunzipSync(res.rawPayload).equals(bytes), url).toBe(true);
    }
    const browser = await getStatic(css, 'gzip, deflate, br, zstd');
    expect(browser.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(browser.rawPayload).equals(cssBytes)).toBe(true);
  });

  it('no Accept-Encoding (or identity only) gets the file itself, still marked as varying', async () => {
    const { js, jsBytes } = entryAssets();
    for (const enc of [undefined, 'identity']) {
      const res = await getStatic(js, enc);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(varies(res.headers.vary)).toBe(true);
      expect(res.rawPayload.equals(jsBytes)).toBe(true);
    }
  });

  it('the compressed copies are not addressable files of their own', async () => {
    const { js } = entryAssets();
    expect((await getStatic(`${js}.br`, 'br')).statusCode).toBe(404);
    expect((await getStatic(`${js}.gz`)).statusCode).toBe(404);
  });
});

describe('API answers: compressed from 1 KB', () => {
  it('a JSON list over the threshold comes back brotli or gzip, the same JSON once decoded; a small answer does not', async () => {
    for (let i = 0; i < 8; i++)
      expect(
        (await admin.post('/api/v1/patients', { first_name: `Zip${i}`, last_name: 'Compress', email: `zip${i}.${org.id}@x.example` }))
          .statusCode,
      ).toBe(201);
    const plain = await admin.get('/api/v1/patients?page_size=50');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const br = await admin.get('/api/v1/patients?page_size=50', { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(varies(br.headers.vary)).toBe(true);
    expect(br.headers['cache-control']).toBe('no-store');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
    const gz = await admin.get('/api/v1/patients?page_size=50', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(plain.json());

    const small = await admin.get('/api/auth/me', { 'accept-encoding': 'br, gzip' });
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('a compressed record keeps its ETag, and that ETag still works as If-Match', async () => {
    const p = (
      await admin.post('/api/v1/patients', {
        first_name: 'Etag',
        last_name: 'Kept',
        email: `etag.${org.id}@x.example`,
        notes: 'A long note. '.repeat(200),
      })
    ).json();
    const got = await admin.get(`/api/v1/patients/${p.id}`, { 'accept-encoding': 'gzip' });
    expect(got.headers['content-encoding']).toBe('gzip');
    expect(got.headers.etag).toBe('"1"');
    const upd = await admin.put(`/api/v1/patients/${p.id}`, { phone: '555-0100' }, { 'if-match': String(got.headers.etag) });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().version).toBe(2);
  });

  it('a streamed CSV export is compressed as it streams and decodes to the same CSV', async () => {
    for (let i = 0; i < 30; i++)
      await buildRelationship(t.database, {
        orgId: org.id,
        userId: org.users.liaison.id,
        name: `Zip Provider ${i}`,
        specialty: 'Oncology',
      });
    const mgr = await org.as('manager');
    const body = { format: 'csv', filters: {}, sort_by: 'entity_name', sort_order: 'asc' };
    const plain = await mgr.post('/api/relationships/export', body);
    expect(plain.statusCode, plain.body).toBe(200);
    const gz = await mgr.post('/api/relationships/export', body, { 'accept-encoding': 'gzip' });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-disposition']).toBe(plain.headers['content-disposition']);
    const rows = parse(zlib.gunzipSync(gz.rawPayload).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual(parse(plain.body, { columns: true }));
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });
});

describe('the realtime stream is never compressed', () => {
  it('answers text/event-stream without Content-Encoding to a browser that accepts br and gzip, and delivers a change while open', async () => {
    const events: { type: string; aggregate_id: string }[] = [];
    let headers: http.IncomingHttpHeaders = {};
    const req = await new Promise<http.ClientRequest>((resolve, reject) => {
      const r = http.get(`${base}/api/realtime`, { headers: { cookie: admin.cookie!, 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        headers = res.headers;
        let buf = '';
        res.on('data', (chunk: Buffer) => {
          buf += chunk.toString('utf8');
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (block.includes('event: change') && data) events.push(JSON.parse(data.slice(6)));
          }
        });
        resolve(r);
      });
      r.on('error', () => {});
    });
    try {
      expect(headers['content-type']).toMatch(/^text\/event-stream/);
      expect(headers['content-encoding']).toBeUndefined();
      const p = (
        await admin.post('/api/v1/patients', { first_name: 'Live', last_name: 'Stream', email: `live.${org.id}@x.example` })
      ).json();
      // A bounded poll for the positive signal: the change arrives on the still-open stream.
      const end = Date.now() + 5000;
      while (!events.some((e) => e.aggregate_id === p.id)) {
        if (Date.now() > end) throw new Error('timed out after 5000 ms waiting for the change on the stream');
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      req.destroy();
    }
  });
});

describe("index.html: each address's first requests named in advance (web-preload.ts)", () => {
  const linksOf = (html: string) =>
    [...html.matchAll(/<link rel="(modulepreload|preload)"[^>]*href="([^"]+)"/g)].map(
      (m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')] as const,
    );

  it("a signed-in portal page names its chunks (files the build wrote), portal.css, the user and the page's data", async () => {
    const res = await getStatic('/portal/medications');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const links = linksOf(res.body);
    const scripts = links.filter(([rel]) => rel === 'modulepreload').map(([, href]) => href);
    expect(scripts.some((s) => /\/assets\/PortalApp-[\w-]+\.js$/.test(s))).toBe(true);
    expect(scripts.some((s) => /\/assets\/MedicationsPage-[\w-]+\.js$/.test(s))).toBe(true);
    for (const s of scripts) expect(fs.existsSync(path.join(WEB_DIST, s)), s).toBe(true);
    // Nothing the entry already loads is named twice, and nothing of the staff app.
    expect(res.body.match(/<script[^>]+src="([^"]+)"/)![1]).not.toBeOneOf(scripts);
    expect(scripts.some((s) => /StaffApp/.test(s))).toBe(false);
    expect(links.filter(([rel, href]) => rel === 'preload' && href.startsWith('/api/')).map(([, href]) => href)).toEqual([
      '/api/auth/me',
      '/api/portal/medications?page_size=50&page=1',
    ]);
    expect(links.some(([rel, href]) => rel === 'preload' && /\/assets\/portal-[\w-]+\.css$/.test(href))).toBe(true);
  });

  it('the sign-in page and unknown addresses name nothing more than the build did', async () => {
    const plain = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    for (const url of ['/portal/login', '/login', '/nowhere']) {
      const res = await getStatic(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(plain);
    }
  });
});
