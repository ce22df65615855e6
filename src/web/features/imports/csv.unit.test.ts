import { describe, expect, it } from 'vitest';
import { guessMapping, parseCsv, TARGETS } from './csv';

describe('csv helpers', () => {
  it('parses quotes, escaped quotes, CRLF and semicolons', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
    expect(parseCsv('a;b\n1;2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
  it('guesses the mapping from common header names', () => {
    const m = guessMapping(['First Name', 'Surname', 'E-mail', 'Mobile', 'Lead Source', 'DOB'], TARGETS.leads);
    expect(m).toEqual({
      first_name: 'First Name',
      last_name: 'Surname',
      email: 'E-mail',
      phone: 'Mobile',
      date_of_birth: 'DOB',
      acquisition_source: 'Lead Source',
    });
  });
});

describe('import targets', () => {
  it('offer exactly the fields the server imports', async () => {
    const { IMPORT_FIELDS } = await import('../../../shared/schemas/imports');
    expect(TARGETS.leads.map((f) => f.key).sort()).toEqual([...IMPORT_FIELDS.leads].sort());
    expect(TARGETS.patients.map((f) => f.key).sort()).toEqual([...IMPORT_FIELDS.patients].sort());
  });
});
