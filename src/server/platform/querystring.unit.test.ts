import { describe, expect, it } from 'vitest';
import { parseQueryString } from './querystring';

describe('parseQueryString', () => {
  it('reads a[]=1&a[]=2, a=1&a=2 and single values', () => {
    expect(parseQueryString('a[]=1&a[]=2&b=x&c=1&c=2&d[]=only')).toEqual({ a: ['1', '2'], b: 'x', c: ['1', '2'], d: ['only'] });
  });
  it('decodes values and ignores prototype keys', () => {
    expect(parseQueryString('q=a%20b+c&__proto__=x&constructor[]=y')).toEqual({ q: 'a b c' });
  });
});
