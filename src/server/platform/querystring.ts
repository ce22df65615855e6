// Query strings: repeated keys become arrays and the documents' `ids[]=1&ids[]=2` form is the
// same as `ids=1&ids=2` (API.md), for every route.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function parseQueryString(str: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of new URLSearchParams(str)) {
    const isArray = rawKey.endsWith('[]');
    const key = isArray ? rawKey.slice(0, -2) : rawKey;
    if (!key || FORBIDDEN.has(key)) continue;
    const prev = out[key];
    if (prev === undefined) out[key] = isArray ? [value] : value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
