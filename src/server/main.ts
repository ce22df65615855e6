// config -> database -> app.listen; nothing else.
import { ConfigError, loadConfig } from './config';
import { startServer } from './server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo';

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
  const running = await startServer(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  console.log(`\nHealthCRM is running at ${running.url}  (database: ${where})`);
  console.log(`API reference: ${running.url}/docs`);
  if (config.demoData) {
    console.log(`\nDemo sign-ins (password "${DEMO_PASSWORD}"):`);
    for (const a of DEMO_ACCOUNTS)
      console.log(
        `  ${a.role.padEnd(13)} ${a.email.padEnd(24)} ${a.role === 'patient' ? `${running.url}/portal/login` : `${running.url}/login`}`,
      );
  }
  const shutdown = async (sig: string) => {
    console.log(`\n${sig}: shutting down`);
    await running.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('Start-up failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
