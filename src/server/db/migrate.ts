// Applies the committed SQL migrations; an advisory lock makes concurrent start-ups safe.
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Database } from './client';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');
const LOCK_KEY = 727_001; // any constant shared by all instances

export async function migrateDatabase(database: Database): Promise<void> {
  const migrationsFolder = MIGRATIONS_DIR;
  if (database.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const client = await database.pool!.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      const { drizzle } = await import('drizzle-orm/node-postgres');
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
      client.release();
    }
  } else {
    // One process owns a PGlite data folder, so no lock is needed.
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await database.db.execute(sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await migrate(database.db as never, { migrationsFolder });
  }
}

/** Number of migrations in the folder and the number applied, for the health check. */
export async function migrationStatus(database: Database): Promise<{ expected: number; applied: number }> {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  const rows = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
  return { expected: journal.entries.length, applied: rows[0]?.n ?? 0 };
}
