// Just enough CSV reading in the browser to show headers, guess a mapping and preview rows.

/** Parses CSV text (RFC 4180 quotes, , or ; separators) into rows; stops after maxRows. */
export function parseCsv(text: string, maxRows = Infinity): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      cell = '';
      if (row.some((x) => x !== '')) rows.push(row);
      row = [];
    } else cell += c;
  }
  if ((cell !== '' || row.length) && rows.length < maxRows) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export type TargetField = { key: string; label: string; required?: boolean; synonyms: string[] };

const person: TargetField[] = [
  { key: 'first_name', label: 'First name', required: true, synonyms: ['firstname', 'first', 'givenname', 'forename'] },
  { key: 'last_name', label: 'Last name', required: true, synonyms: ['lastname', 'last', 'surname', 'familyname'] },
  { key: 'email', label: 'Email', synonyms: ['email', 'emailaddress', 'mail', 'e-mail'] },
  { key: 'phone', label: 'Phone', synonyms: ['phone', 'phonenumber', 'telephone', 'mobile', 'tel'] },
  { key: 'date_of_birth', label: 'Date of birth', synonyms: ['dateofbirth', 'dob', 'birthdate', 'birthday'] },
];
export const TARGETS: Record<'leads' | 'patients', TargetField[]> = {
  leads: [
    ...person,
    { key: 'stage', label: 'Stage', synonyms: ['stage', 'status', 'pipelinestage'] },
    { key: 'product', label: 'Product (name)', synonyms: ['product', 'productname', 'program', 'service'] },
    { key: 'acquisition_source', label: 'Source', synonyms: ['source', 'acquisitionsource', 'leadsource', 'channel'] },
    { key: 'value', label: 'Value', synonyms: ['value', 'amount', 'dealvalue'] },
    { key: 'owner_email', label: 'Owner (email)', synonyms: ['owner', 'owneremail', 'salesrep', 'rep'] },
    { key: 'medical_condition', label: 'Medical condition', synonyms: ['medicalcondition', 'condition', 'diagnosis'] },
    { key: 'notes', label: 'Notes', synonyms: ['notes', 'note', 'comments', 'comment'] },
  ],
  patients: [
    ...person,
    { key: 'status', label: 'Status', synonyms: ['status', 'patientstatus'] },
    { key: 'care_stage', label: 'Care stage', synonyms: ['carestage', 'stage', 'contactstage'] },
    {
      key: 'medical_conditions',
      label: 'Medical conditions',
      synonyms: ['medicalconditions', 'medicalcondition', 'conditions', 'condition', 'diagnosis'],
    },
    { key: 'coach_email', label: 'Health coach (email)', synonyms: ['coach', 'coachemail', 'healthcoach'] },
    { key: 'clinician_email', label: 'Clinician (email)', synonyms: ['clinician', 'clinicianemail', 'physician', 'doctor'] },
    { key: 'notes', label: 'Notes', synonyms: ['notes', 'note', 'comments', 'comment'] },
  ],
};

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Guesses which CSV column feeds each field from the header names; each column is used once. */
export function guessMapping(headers: string[], fields: TargetField[]): Record<string, string> {
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const f of fields) {
    const candidates = [norm(f.key), norm(f.label), ...f.synonyms.map(norm)];
    const hit = headers.find((h) => !used.has(h) && candidates.includes(norm(h)));
    if (hit) {
      out[f.key] = hit;
      used.add(hit);
    }
  }
  // "Name" alone: first and last name from one column is not guessed; the user maps it.
  return out;
}
