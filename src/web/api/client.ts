// The browser's API client: JSON in and out, the CSRF header on writes, problem+json as ApiError.
import type { Problem } from '../../shared/errors';

export class ApiError extends Error {
  constructor(
    public status: number,
    public problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `Request failed (${status})`);
  }
  /** The message for one field, for forms. */
  fieldError(path: string): string | undefined {
    return this.problem?.errors?.find((e) => e.path === path)?.message;
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (t: string | null) => {
  csrfToken = t;
};

/** Called when any request answers 401 (the session expired): the app sends the user to sign-in. */
let onUnauthenticated: (() => void) | null = null;
export const setOnUnauthenticated = (fn: (() => void) | null) => {
  onUnauthenticated = fn;
};

export type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

export function toQueryString(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => p.append(`${k}[]`, String(x)));
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) {
    let problem: Problem | null = null;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      /* not JSON */
    }
    if (res.status === 401 && onUnauthenticated && !url.includes('/auth/')) onUnauthenticated();
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(url: string, query?: Query) => request<T>('GET', url + toQueryString(query)),
  post: <T>(url: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', url, body ?? {}, headers),
  patch: <T>(url: string, body: unknown, headers?: Record<string, string>) => request<T>('PATCH', url, body, headers),
  put: <T>(url: string, body: unknown, headers?: Record<string, string>) => request<T>('PUT', url, body, headers),
  delete: <T>(url: string) => request<T>('DELETE', url),
};

/** Downloads a streamed file answer (CSV/XLSX export) with progress. */
export async function download(url: string, body: unknown, filename: string, onProgress?: (bytes: number, chunk: Uint8Array) => void) {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!res.ok || !res.body) {
    let problem: Problem | null = null;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      /* */
    }
    throw new ApiError(res.status, problem);
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    onProgress?.(bytes, value);
  }
  const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return bytes;
}
