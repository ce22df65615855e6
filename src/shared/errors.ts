// One error model for server and browser: codes, their HTTP statuses and the problem+json shape.

export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  duplicate: 409,
  limit_reached: 409,
  precondition_failed: 412,
  invalid_transition: 422,
  unprocessable: 422,
  precondition_required: 428,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'Validation failed',
  unauthenticated: 'Not signed in',
  forbidden: 'Not allowed',
  csrf_failed: 'Missing or invalid CSRF token',
  not_found: 'Not found',
  conflict: 'Conflict',
  duplicate: 'Already exists',
  limit_reached: 'Limit reached',
  precondition_failed: 'The record was changed by someone else',
  invalid_transition: 'Invalid state transition',
  unprocessable: 'Unprocessable',
  precondition_required: 'If-Match header required',
  payload_too_large: 'Too large',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  unavailable: 'Service unavailable',
};

export type FieldError = { path: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  errors?: FieldError[];
  request_id?: string;
};
