// The probe's one query: does the database answer?
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

export async function pingDatabase(database: Database) {
  await database.rows(sql`SELECT 1`);
}
