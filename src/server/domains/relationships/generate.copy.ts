// COPY in chunks for the generator: tab-separated text, one COPY in flight per table, on PostgreSQL
// (pg-copy-streams, triggers bypassed for the session) and PGlite (COPY FROM '/dev/blob').
import type { Database } from '../../db/client';

const esc = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
};

export class ChunkWriter {
  private lines: string[] = [];
  private pending: Promise<void> = Promise.resolve();
  rows = 0;
  constructor(
    private database: Database,
    private table: string,
    private columns: string[],
    private chunk = 20_000,
  ) {}
  async add(values: unknown[]) {
    this.lines.push(values.map(esc).join('\t'));
    this.rows++;
    if (this.lines.length >= this.chunk) await this.flush();
  }
  async flush() {
    const data = this.lines.length ? this.lines.join('\n') + '\n' : '';
    this.lines = [];
    await this.pending; // one COPY in flight per table: generation overlaps the previous load
    if (!data) return;
    this.pending = copyText(this.database, this.table, this.columns, data);
    if (this.database.kind === 'pglite') await this.pending;
  }
  async close() {
    await this.flush();
    await this.pending;
  }
}

async function copyText(database: Database, table: string, columns: string[], data: string) {
  const stmt = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  if (database.kind === 'pglite') {
    await database.pglite!.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([data]) });
    return;
  }
  const { from } = await import('pg-copy-streams');
  const client = await database.pool!.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await new Promise<void>((resolve, reject) => {
      const s = client.query(from(stmt));
      s.on('finish', resolve);
      s.on('error', reject);
      s.end(data);
    });
  } finally {
    // A pooled connection goes back with triggers on: later queries on it must not skip them.
    await client.query('RESET session_replication_role').catch(() => {});
    client.release();
  }
}
