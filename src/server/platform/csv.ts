// One rule for every spreadsheet export (CSV and XLSX): a text cell a spreadsheet could run as a
// formula gets a leading single quote (OWASP "CSV injection"). Exports call these helpers, never
// their own copy, so a new export cannot forget the rule.

/** The first characters that make Excel, LibreOffice or Sheets read a cell as a formula (or a DDE call). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** The same set for SQL (the COPY fast path), as PostgreSQL string literals. */
const FORMULA_START_SQL = `'=', '+', '-', '@', E'\\t', E'\\r'`;

/** Text as it may appear in a cell: prefixed with ' when it would start a formula. */
export function neutraliseText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * A CSV cell. Numbers stay as they are (a negative number is data, not a formula, and a
 * spreadsheet must still read it as a number); every text value goes through neutraliseText().
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join('; ') : String(v);
  return neutraliseText(s);
}

/** An XLSX cell: numbers stay numeric, everything else is written as a plain (neutralised) string, never a formula. */
export function xlsxCell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  return csvCell(v);
}

/**
 * The same rule inside a SELECT, for exports PostgreSQL formats itself (COPY ... TO STDOUT):
 * `expr` must be a trusted SQL expression of type text (a column), never user input.
 */
export function sqlNeutralisedText(expr: string): string {
  return `(CASE WHEN left(${expr}, 1) IN (${FORMULA_START_SQL}) THEN '''' || ${expr} ELSE ${expr} END)`;
}
