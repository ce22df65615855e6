// The export never hands a spreadsheet a formula, and no filter value can make it (or the list) fail.
// On PostgreSQL the CSV comes from COPY (the SQL rule), on PGlite from the stream (the Node rule):
// this file runs on both, so both paths are checked; XLSX is the same on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createTestApp, expectProblem, type Client, type TestApp } from '../../../../tests/helpers/app';
import { buildRelationship } from './relationships.factories';

const EVIL = '=HYPERLINK("http://evil.example","x")';
let t: TestApp;
let mgr: Client;

beforeAll(async () => {
  t = await createTestApp();
  const org = await t.org();
  mgr = await org.as('manager');
  await buildRelationship(t.database, {
    orgId: org.id,
    userId: org.users.liaison.id,
    name: EVIL,
    specialty: '+Cardio',
    city: '@Austin',
    geography: '-North',
    phone: '\t555',
    leadScore: 4,
    nextSteps: '\rcall back',
  });
  await buildRelationship(t.database, {
    orgId: org.id,
    userId: org.users.liaison.id,
    name: 'Plain Provider',
    specialty: 'Oncology',
    leadScore: 2,
  });
});
afterAll(async () => t.close());

describe('relationships export: formula injection', () => {
  const path = process.env.TEST_DB === 'postgres' ? 'COPY' : 'stream';
  it(`CSV (${path} path) prefixes every cell that would start a formula with '`, async () => {
    const res = await mgr.post('/api/relationships/export', { format: 'csv', filters: {}, sort_by: 'entity_name', sort_order: 'asc' });
    expect(res.statusCode, res.body).toBe(200);
    const records = parse(res.body, { columns: true }) as Record<string, string>[];
    const evil = records.find((r) => r.entity_name!.includes('HYPERLINK'))!;
    expect(evil.entity_name).toBe(`'${EVIL}`);
    expect(evil.specialty).toBe("'+Cardio");
    expect(evil.city).toBe("'@Austin");
    expect(evil.geography).toBe("'-North");
    expect(evil.phone).toBe("'\t555");
    expect(evil.next_steps).toBe("'\rcall back");
    expect(evil.lead_score).toBe('4'); // numbers stay numbers
    const plain = records.find((r) => r.entity_name === 'Plain Provider')!;
    expect(plain.specialty).toBe('Oncology');
    for (const r of records) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('XLSX writes them as plain strings with the same prefix, never as formulas', async () => {
    const res = await mgr.post('/api/relationships/export', { format: 'xlsx', filters: {} });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) row.eachCell((c) => cells.push(c));
    });
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    const nameCol = header.indexOf('entity_name') + 1;
    const scoreCol = header.indexOf('lead_score') + 1;
    const evilRow = [...Array(ws.rowCount).keys()]
      .map((i) => ws.getRow(i + 1))
      .find((r) => String(r.getCell(nameCol).value).includes('HYPERLINK'))!;
    expect(evilRow.getCell(nameCol).value).toBe(`'${EVIL}`);
    expect(evilRow.getCell(nameCol).type).toBe(ExcelJS.ValueType.String);
    expect(evilRow.getCell(scoreCol).value).toBe(4);
  });
});

describe('relationships export and list: a NUL byte in a filter', () => {
  it('answers 400 naming the filter field, never 500 (export, both formats)', async () => {
    for (const format of ['csv', 'xlsx']) {
      expectProblem(
        await mgr.post('/api/relationships/export', { format, filters: { search_text: 'abc\u0000def' } }),
        400,
        'filters.search_text',
      );
      expectProblem(
        await mgr.post('/api/relationships/export', { format, filters: { cities: ['Austin', 'Bo\u0000ston'] } }),
        400,
        'filters.cities',
      );
    }
  });

  it('answers 400 naming the field on the list too', async () => {
    expectProblem(await mgr.get('/api/relationships?search_text=abc%00def'), 400, 'search_text');
    expectProblem(await mgr.get('/api/relationships?cities[]=Austin&cities[]=Bo%00ston'), 400, 'cities');
  });

  it('quotes, backslashes and dollar signs in filters are values, not SQL', async () => {
    for (const v of ["O'Brien", 'a\\b', '$1 x', "'); DROP TABLE users; --"]) {
      const res = await mgr.post('/api/relationships/export', { format: 'csv', filters: { cities: [v], search_text: `${v}zz` } });
      expect(res.statusCode, res.body).toBe(200);
      expect(parse(res.body, { columns: true })).toEqual([]);
    }
  });
});
