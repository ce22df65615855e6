// The problem+json body of every error answer (RFC 9457), as `platform/errors.ts` writes it, and the
// documented error responses of the routes: `response: { 200: item, ...problems(400, 401, 403, 404) }`.
//
// These entries are keyed by media type (`application/problem+json`), so Fastify serializes with
// this schema only the problem+json answers of those statuses. Its keys are in the order `problem()`
// writes them and every field takes what `problem()` / `httpProblem()` can hold, so the serialized
// body is byte-for-byte what it was without the entry (problem.unit.test.ts checks every code).
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../errors';

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const problemSchema = z
  .object({
    type: z.string().describe('URI of the kind of problem: https://healthcrm.dev/problems/<code with dashes>'),
    title: z.string().describe('Short human-readable summary of the kind of problem'),
    status: z.number().int().describe('The HTTP status code'),
    detail: z.string().optional().describe('What went wrong with this request'),
    code: z.enum(ERROR_CODES).describe('Machine-readable error code (shared/errors.ts)'),
    errors: z
      .array(
        z.object({
          path: z.string().describe('The field, query parameter or header, dotted for nested fields (e.g. `items.0.email`)'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('One entry per field in error'),
    request_id: z.string().optional().describe('The request id, also in the `x-request-id` header and the server log'),
  })
  .meta({ id: 'Problem', description: 'An error answer (application/problem+json, RFC 9457)' });

export type ProblemBody = z.infer<typeof problemSchema>;

/** What each documented error status means in this API. */
export const PROBLEM_DESCRIPTIONS = {
  400: 'Invalid request: a path or query parameter, header or body field fails validation (`errors` names each field), or the body is malformed',
  401: 'Not signed in: no session or API token, the session expired, or the token is invalid, expired or revoked',
  403: "Not allowed: the role lacks the permission, the record is outside the caller's scope for this action, or a cookie-authenticated write lacks its X-CSRF-Token header",
  404: "Not found: no such record in the caller's organization, or outside what the caller may see",
  409: 'Conflict: a duplicate, a limit reached, or a clash with another record (`code` says which)',
  412: 'Precondition failed: the If-Match header names an older version of the record; reload and try again',
  413: 'Too large: the upload exceeds the size or row limit',
  422: "Invalid state transition: the change is not allowed from the record's current state",
  429: 'Too many requests: too many failed sign-ins; see the Retry-After header',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

type ProblemResponse = { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } };

/** The documented problem+json responses of a route, one per status. */
export function problems<const S extends ProblemStatus>(...statuses: S[]): { [K in S]: ProblemResponse } {
  const out = {} as { [K in S]: ProblemResponse };
  for (const s of statuses)
    out[s] = { description: PROBLEM_DESCRIPTIONS[s], content: { 'application/problem+json': { schema: problemSchema } } };
  return out;
}
