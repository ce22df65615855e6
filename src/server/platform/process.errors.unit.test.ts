// Issue 10 item 9a: which errors mean "the database is unavailable" (503 `unavailable`, Retry-After)
// rather than a bug (500 `internal`) or the client's fault.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, registerErrorHandler, UNAVAILABLE_RETRY_AFTER_SECONDS } from './errors';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** drizzle's wrapper around a driver error: its message carries the query and the parameters. */
const drizzleWrapped = (cause: Error) => new Error('Failed query: select 1\nparams: secret', { cause });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET', 'read ECONNRESET')],
    ['a connection timeout', withCode('ETIMEDOUT')],
    ['admin shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', withCode('57P02')],
    ['cannot connect now (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', withCode('08006', 'connection failure')],
    ['too many connections (53300)', withCode('53300')],
    ['node-postgres: the connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['node-postgres: the connection ended', new Error('Connection terminated')],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect')],
    ['pg-pool: ended (a shutdown)', new Error('Cannot use a pool after calling end on the pool')],
    ['PGlite: closed (a shutdown)', new Error('PGlite is closed')],
    ['wrapped by drizzle', drizzleWrapped(withCode('57P01'))],
    ['wrapped twice', new Error('outer', { cause: drizzleWrapped(new Error('Connection terminated unexpectedly')) })],
    ['every address refused (AggregateError)', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed')],
  ])('%s: unavailable', (_what, err) => expect(isDatabaseUnavailable(err)).toBe(true));

  it.each([
    ['a unique violation', withCode('23505')],
    ['a bad value', withCode('22P02')],
    ['a syntax error (a bug)', withCode('42601')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['wrapped constraint error', drizzleWrapped(withCode('23503'))],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('%s: not unavailable', (_what, err) => expect(isDatabaseUnavailable(err)).toBe(false));

  it('does not loop on a cyclic cause chain', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe('the error handler', () => {
  async function answer(err: Error) {
    const app = Fastify({ logger: false });
    registerErrorHandler(app);
    app.get('/x', async () => {
      throw err;
    });
    const res = await app.inject({ method: 'GET', url: '/x' });
    await app.close();
    return res;
  }

  it('answers a database outage 503 problem+json `unavailable` with Retry-After', async () => {
    const res = await answer(drizzleWrapped(withCode('ECONNREFUSED')));
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect(res.json()).toMatchObject({ status: 503, code: 'unavailable', title: 'Service unavailable' });
    expect(res.body).not.toContain('secret');
  });

  it('still answers a bug 500 `internal`, and a constraint error as the client error it is', async () => {
    expect((await answer(new TypeError('boom'))).json()).toMatchObject({ status: 500, code: 'internal' });
    expect((await answer(drizzleWrapped(withCode('23505')))).json()).toMatchObject({ status: 409, code: 'duplicate' });
  });

  it('leaves a client error that carries a socket code (an aborted upload) a client error', async () => {
    const res = await answer(Object.assign(new Error('aborted'), { code: 'ECONNRESET', statusCode: 400 }));
    expect(res.statusCode).toBe(400);
  });
});
