// Small HTTP helpers shared by routes: versions as ETags, page arithmetic.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors';

/** The version a client read, from `If-Match: "3"` (or W/"3"); undefined when absent. */
export function ifMatchVersion(req: FastifyRequest): number | undefined {
  const h = req.headers['if-match'];
  if (h === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(h).trim());
  if (!m) throw AppError.field('If-Match', 'must be the ETag of the record, e.g. "3"', 'bad_request');
  return Number(m[1]);
}

export function setEtag(reply: FastifyReply, version: number | string) {
  reply.header('etag', `"${version}"`);
}

export function pageOf(q: { page: number; page_size: number }) {
  return { limit: q.page_size, offset: (q.page - 1) * q.page_size };
}

export function pageResult<T>(items: T[], total: number, q: { page: number; page_size: number }) {
  return { items, total_count: total, page: q.page, page_size: q.page_size, total_pages: Math.ceil(total / q.page_size) };
}

/** 412 when the client read another version than the one stored (no If-Match: no check). */
export function checkVersion(ifMatch: number | undefined, current: number, what: string) {
  if (ifMatch !== undefined && ifMatch !== current) {
    throw new AppError('precondition_failed', `This ${what} was changed by someone else; reload and try again`);
  }
}

/** Deepest nesting of objects and arrays a JSON body may have (campaign JSON fields allow 10 of them). */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply a JSON text nests, found by one pass over its characters (no recursion, no parse),
 * stopping as soon as `limit` is passed: an absurdly nested body costs nothing to refuse.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/**
 * The first string containing a NUL character in a parsed query or JSON body, as a field path
 * (`filters.search_text`, `cities.0`). PostgreSQL text cannot hold NUL, and a NUL pasted into SQL
 * text (COPY) cuts the statement short: it is refused for every route before validation.
 * Iterative with a visit budget, so a huge or deep value cannot exhaust the stack.
 */
export function findNulField(value: unknown, prefix = ''): string | null {
  const stack: [unknown, string][] = [[value, prefix]];
  let budget = 1_000_000;
  while (stack.length && budget-- > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) return path || 'body';
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push([x, path ? `${path}.${i}` : String(i)]));
    } else if (v && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\0')) return path || 'body';
        stack.push([x, path ? `${path}.${k}` : k]);
      }
    }
  }
  return null;
}

/** Strips the values of a URL's query string for logs (search boxes carry patient names). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const keys = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return `${eq < 0 ? pair : pair.slice(0, eq)}=~`;
    });
  return `${url.slice(0, q)}?${keys.join('&')}`;
}

/** The request as request logs show it: the query string's values redacted (see redactUrl). */
export function logRequest(req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
