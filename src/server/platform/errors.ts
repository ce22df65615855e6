// AppError and the one handler that writes every error as application/problem+json.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { pgErrorCode } from '../db/tx';
import { ERROR_STATUS, ERROR_TITLES, type ErrorCode, type FieldError, type Problem } from '../../shared/errors';
import { uuidv7 } from './ids';
import { spareStreamingUpload } from './request-timeout';

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message?: string,
    public readonly errors?: FieldError[],
    public readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_TITLES[code]);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  static notFound(what = 'Record') {
    return new AppError('not_found', `${what} not found`);
  }
  static forbidden(msg = 'You do not have permission to do this') {
    return new AppError('forbidden', msg);
  }
  static field(path: string, message: string, code: ErrorCode = 'validation_failed') {
    return new AppError(code, `${path}: ${message}`, [{ path, message }]);
  }
}

export function problem(code: ErrorCode, detail: string | undefined, requestId: string, errors?: FieldError[]): Problem {
  return {
    type: `https://healthcrm.dev/problems/${code.replace(/_/g, '-')}`,
    title: ERROR_TITLES[code],
    status: ERROR_STATUS[code],
    detail,
    code,
    ...(errors?.length ? { errors } : {}),
    request_id: requestId,
  };
}

function zodIssuesToErrors(err: ZodError, prefix = ''): FieldError[] {
  return err.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}

export function sendProblem(reply: FastifyReply, p: Problem, headers?: Record<string, string>) {
  if (headers) reply.headers(headers);
  return reply.status(p.status).type('application/problem+json').send(p);
}

/** Seconds a client is told to wait (Retry-After) when the database is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

// The network failed: the server refused, dropped or never answered the connection.
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);
// SQLSTATE class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
// connect now (starting up, in recovery), 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// node-postgres and pg-pool say it in words only; PGlite once closed (a shutdown in progress).
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end|PGlite is closed)/;

/**
 * Whether an error means the database cannot be reached right now (an outage, a restart, a shutdown)
 * rather than that the request is wrong or the code is: such a request may succeed when retried, and
 * is answered 503 `unavailable` with Retry-After, never 500 `internal`. Looks through `cause` chains
 * (drizzle wraps driver errors) and AggregateErrors (a refused connection to every address of a host).
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 6) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_ERRNO.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const rid = String(req.id);
    if (error instanceof AppError) {
      return sendProblem(reply, problem(error.code, error.message, rid, error.errors), error.headers);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const errors = error.validation.map((v) => {
        const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
        const params = v.params as { issue?: { path?: unknown[] } } | undefined;
        const issuePath = params?.issue?.path?.map(String).join('.') ?? path;
        return { path: issuePath || where, message: v.message ?? 'is invalid' };
      });
      const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      return sendProblem(reply, problem('validation_failed', detail, rid, errors));
    }
    if (error instanceof ZodError) {
      const errors = zodIssuesToErrors(error);
      return sendProblem(reply, problem('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), rid, errors));
    }
    if (isResponseSerializationError(error)) {
      req.log.error({ err: { message: error.message, issues: error.cause?.issues?.slice(0, 5) } }, 'response did not match its schema');
      return sendProblem(reply, problem('internal', 'Internal server error', rid));
    }
    // A database outage (every request, a session cookie's lookup in the guard included): retry later.
    // (Not a client error that carries a socket code: an aborted upload is the client's, and it is gone.)
    if (!(error.statusCode && error.statusCode < 500) && isDatabaseUnavailable(error)) {
      // The driver's own error, not drizzle's wrapper (whose message carries the query and its parameters).
      let root: { message?: unknown; code?: unknown; cause?: unknown } = error;
      for (let i = 0; i < 6 && root.cause && typeof root.cause === 'object'; i++) root = root.cause as typeof root;
      req.log.warn({ err: { message: String(root.message), code: root.code } }, 'database unavailable');
      return sendProblem(reply, problem('unavailable', 'The database is unavailable; try again shortly', rid), {
        'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS),
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return sendProblem(reply, problem('rate_limited', 'Too many requests', rid));
    if (status === 415) return sendProblem(reply, problem('bad_request', 'Unsupported content type: send application/json', rid));
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, body too large, ...
      const errors =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? [{ path: 'body', message: 'is not valid JSON' }]
          : undefined;
      return sendProblem(reply, { ...problem('bad_request', error.message, rid, errors), status });
    }
    // Unknown: log it with the request id, tell the client nothing more.
    // Database rejections of values that slipped past validation are the client's fault, not a 500.
    const pgCode = pgErrorCode(error);
    if (pgCode && /^22/.test(pgCode))
      return sendProblem(reply, problem('bad_request', 'A value is out of range or has the wrong format', rid));
    if (pgCode === '23505') return sendProblem(reply, problem('duplicate', 'A record with these values already exists', rid));
    if (pgCode === '23503') return sendProblem(reply, problem('bad_request', 'A referenced record does not exist', rid));
    req.log.error({ err: { message: error.message, stack: error.stack, code: pgCode } }, 'unhandled error');
    return sendProblem(reply, problem('internal', 'Internal server error', rid));
  });
}

/** A client error whose status no ErrorCode names (408, 414, 431): code bad_request, the HTTP title. */
export function httpProblem(status: number, detail: string, requestId: string): Problem {
  return { ...problem('bad_request', detail, requestId), status, title: STATUS_CODES[status] ?? 'Bad request' };
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refuses some requests before Fastify sees
 * them (headers or URL too large: 431, a body not received within requestTimeout: 408, a
 * malformed request line: 400). Node would answer with an empty body; this writes problem+json
 * on the raw socket and closes it (the connection's framing can no longer be trusted).
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // An authorised streamed upload that keeps sending is not a slow client (platform/request-timeout.ts).
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' && spareStreamingUpload(socket)) return;
  const [status, detail] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request was not received in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request line or headers are too large']
        : [400, 'The request is malformed'];
  const rid = uuidv7();
  this.log.debug({ code: err.code, request_id: rid }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(httpProblem(status, detail, rid));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Fastify's `frameworkErrors`: a URL that cannot be decoded (`/assets/%`), a parameter that is too long. */
export function frameworkErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const rid = String(req.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, httpProblem(414, 'A path segment is too long', rid));
  if (error.code === 'FST_ERR_BAD_URL') return sendProblem(reply, problem('bad_request', 'The URL is not validly encoded', rid));
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return sendProblem(reply, httpProblem(status, 'The request could not be routed', rid));
}
