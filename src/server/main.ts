// config -> database -> app.listen; nothing else. Exit codes: 0 after a requested shutdown, 1 when the
// start-up failed, 2 when the configuration is invalid or the data folder is held by another process.
import { ConfigError, loadConfig } from './config';
import { startServer, type Running } from './server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo';
import { authPagesOf } from '../shared/permissions';
import { DataDirLockedError } from './db/data-dir-lock';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  let running: Running | null = null;
  let stopping = false;
  const shutdown = async (why: string) => {
    // A signal sent to the process group reaches the server twice through npm start: once is enough.
    // During start-up there is nothing to close yet: the demo data is one transaction, the lock goes on exit.
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: shutting down`);
    setTimeout(() => {
      console.error(`Shutdown took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s: exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await running?.close().catch(() => {});
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void shutdown(sig));
  // Started by `npm start` (scripts/start.mjs) with an IPC channel: when that wrapper dies, even by
  // SIGKILL, the channel closes and the server goes with it instead of living on as an orphan.
  if (process.send) {
    process.on('disconnect', () => void shutdown('the npm start process is gone'));
    process.channel?.unref();
    if (!process.connected) void shutdown('the npm start process is gone');
  }

  try {
    running = await startServer(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  console.log(`\nHealthCRM is running at ${running.url}  (database: ${where})`);
  console.log(`API reference: ${running.url}/docs`);
  if (config.demoData) {
    console.log(`\nDemo sign-ins (password "${DEMO_PASSWORD}"):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(13)} ${a.email.padEnd(24)} ${running.url}${authPagesOf(a.role).signIn}`);
  }
}

main().catch((err) => {
  console.error('Start-up failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
