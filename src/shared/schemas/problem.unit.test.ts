// The documented problem+json schema must not change an error body: routes declare it as a response
// schema, so fastify-type-provider-zod serializes problem+json answers of those statuses with it.
import { describe, expect, it } from 'vitest';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { ERROR_STATUS, type ErrorCode } from '../errors';
import { httpProblem, problem } from '../../server/platform/errors';
import { problemSchema, problems, PROBLEM_DESCRIPTIONS } from './problem';

const serialize = serializerCompiler({ schema: problemSchema, method: 'GET', url: '/x', httpStatus: '400' } as never) as (
  data: unknown,
) => string;

describe('problem+json schema', () => {
  const codes = Object.keys(ERROR_STATUS) as ErrorCode[];
  const bodies = codes.flatMap((code) => [
    problem(code, undefined, 'rid-1'),
    problem(code, `${code}: something`, 'rid-2'),
    problem(code, 'with fields', 'rid-3', [
      { path: 'a.0.b', message: 'is required' },
      { path: 'body', message: 'is not valid JSON' },
    ]),
    { ...problem(code, 'status overridden', 'rid-4'), status: 415 },
  ]);
  bodies.push(
    httpProblem(408, 'The request was not received in time', 'rid-5'),
    httpProblem(431, 'too large', 'rid-6'),
    httpProblem(999, 'unknown status', 'rid-7'),
  );

  it('serializes every problem body exactly as JSON.stringify does', () => {
    for (const body of bodies) expect(serialize(body)).toBe(JSON.stringify(body));
  });

  it('documents each status with a description and the problem+json media type', () => {
    const r = problems(400, 404, 429);
    expect(Object.keys(r)).toEqual(['400', '404', '429']);
    expect(r[404].description).toBe(PROBLEM_DESCRIPTIONS[404]);
    expect(r[429].content['application/problem+json'].schema).toBe(problemSchema);
  });
});
