// Prepares one migrated database per run: a PGlite data-dir dump, or a fresh PostgreSQL database.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { TestProject } from 'vitest/node';

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { kind: 'pglite'; dumpPath: string } | { kind: 'postgres'; url: string };
  }
}

export default async function setup(project: TestProject) {
  const kind = project.config.env?.TEST_DB ?? process.env.TEST_DB;
  const { openDatabase } = await import('../src/server/db/client');
  const { migrateDatabase } = await import('../src/server/db/migrate');
  if (kind === 'postgres') {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    try {
      await admin.connect();
    } catch (err) {
      throw new Error(
        `PostgreSQL is not reachable at ${PG_ADMIN_URL} (${(err as Error).message}).\n` +
          `Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_PG_ADMIN_URL.`,
        { cause: err },
      );
    }
    const name = `hcrm_test_${Date.now()}_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
    await migrateDatabase(database);
    await database.close();
    project.provide('testDb', { kind: 'postgres', url });
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
    };
  }
  // PGlite: migrate once, dump the data folder; every test file loads the dump (~0.5 s instead of ~5 s).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-pglite-'));
  const database = await openDatabase({ dataDir: undefined });
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  const dumpPath = path.join(dir, 'template.tar');
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('testDb', { kind: 'pglite', dumpPath });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
