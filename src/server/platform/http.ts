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
