import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseText, sqlNeutralisedText, xlsxCell } from './csv';
import { findNulField, jsonDepthExceeds, logRequest, redactUrl } from './http';
import { campaignBody } from '../../shared/schemas/campaigns';

describe('spreadsheet cells (platform/csv.ts)', () => {
  it("prefixes text that starts with = + - @ tab or CR with '", () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("x")']) expect(csvCell(s)).toBe(`'${s}`);
    for (const s of ['plain', ' =x', 'a=b', '']) expect(csvCell(s)).toBe(s);
    expect(neutraliseText('-x')).toBe("'-x");
  });
  it('keeps numbers numeric (a negative number is data), dates as ISO, null as empty', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(xlsxCell(-5)).toBe(-5);
    expect(xlsxCell('-5')).toBe("'-5");
    expect(csvCell(null)).toBe('');
    expect(xlsxCell(null)).toBe(null);
    expect(csvCell(new Date('2025-01-02T03:04:05Z'))).toBe('2025-01-02T03:04:05.000Z');
    expect(csvCell(['=a', 'b'])).toBe("'=a; b");
  });
  it('writes the same rule as SQL for COPY', () => {
    expect(sqlNeutralisedText('r.x')).toBe(
      "(CASE WHEN left(r.x, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || r.x ELSE r.x END)",
    );
  });
});

describe('request log serializer', () => {
  it('logs the path and the query keys, never the query values (search terms, invitation tokens)', () => {
    expect(redactUrl('/api/patients?search=Jane%20Doe&page=2')).toBe('/api/patients?search=~&page=~');
    expect(redactUrl('/accept-invite?token=abc123')).toBe('/accept-invite?token=~');
    expect(redactUrl('/api/patients')).toBe('/api/patients');
    const logged = logRequest({
      method: 'GET',
      url: '/api/relationships?search_text=Smith',
      host: 'h',
      ip: '1.2.3.4',
      socket: { remotePort: 5 },
    });
    expect(logged).toEqual({ method: 'GET', url: '/api/relationships?search_text=~', host: 'h', remoteAddress: '1.2.3.4', remotePort: 5 });
    expect(JSON.stringify(logged)).not.toContain('Smith');
  });
});

describe('NUL bytes and nesting', () => {
  it('names the field holding a NUL character', () => {
    expect(findNulField({ a: 'x', filters: { search_text: 'a\u0000b' } })).toBe('filters.search_text');
    expect(findNulField({ cities: ['ok', 'b\u0000'] })).toBe('cities.1');
    expect(findNulField({ a: 'x', b: [1, { c: 'd' }] })).toBe(null);
    expect(findNulField('x\u0000')).toBe('body');
  });
  it('measures JSON nesting outside strings, stopping at the limit', () => {
    expect(jsonDepthExceeds('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":{"b":[1]}}', 2)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds('['.repeat(1_000_000), 32)).toBe(true);
  });
  it('campaign JSON fields are at most 10 levels deep and 20,000 characters, naming the field', () => {
    const nest = (n: number): unknown => (n === 0 ? 1 : { a: nest(n - 1) });
    expect(campaignBody.safeParse({ campaign_name: 'x', target_audience: nest(10) }).success).toBe(true);
    const deep = campaignBody.safeParse({ campaign_name: 'x', target_audience: nest(11) });
    expect(deep.success).toBe(false);
    expect(deep.error!.issues[0]).toMatchObject({ path: ['target_audience'], message: 'must be nested at most 10 levels deep' });
    const big = campaignBody.safeParse({ campaign_name: 'x', goals: { text: 'x'.repeat(20_001) } });
    expect(big.error!.issues[0]).toMatchObject({ path: ['goals'] });
    expect(campaignBody.safeParse({ campaign_name: 'x', goals: nest(5000) }).success).toBe(false); // no stack overflow
  });
});
