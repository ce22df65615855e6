// Opens the database, migrates, seeds the demo when asked, builds the app and starts the outbox dispatcher
// and the scheduler.
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { migrateDatabase } from './db/migrate';
import { buildApp } from './app';
import { Dispatcher } from './platform/events/outbox';
import { ensureDemoData } from './demo';
import { relayEvents } from './platform/realtime';
import type { AppInstance } from './app-types';
import { domainModules } from './domains';
import { Scheduler } from './platform/scheduler/scheduler';
import { platformJobs } from './platform/scheduler/platform.jobs';

export type Running = {
  app: AppInstance;
  database: Database;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  url: string;
  demoCreated: boolean;
  close(): Promise<void>;
};

export async function startServer(
  config: Config,
  opts: { listen?: boolean; log?: (m: string) => void; logger?: boolean | object } = {},
): Promise<Running> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  await migrateDatabase(database);
  const demoCreated = config.demoData ? await ensureDemoData(database, { size: config.demoSize, log }) : false;
  const app = await buildApp({ config, database, logger: opts.logger });
  const dispatcher = new Dispatcher(database, app.deps.events, app.log, config.events);
  let url = '';
  if (opts.listen !== false) {
    await app.listen({ port: config.port, host: config.host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  }
  if (config.events.enabled) dispatcher.start();
  // Scheduled work: the platform's and every domain's (`DomainModule.jobs`); each occurrence runs once
  // across the instances on this database (platform/scheduler).
  const jobs = [...platformJobs(), ...domainModules.flatMap((m) => m.jobs?.(app.deps) ?? [])];
  const scheduler = new Scheduler(database, jobs, {
    log: app.log,
    config,
    mailer: app.deps.mailer,
    tickMs: config.scheduler.tickMs,
  });
  if (config.scheduler.enabled) await scheduler.start();
  // One NOTIFY per committed event: wake the dispatcher, relay to this instance's browsers. One LISTEN
  // connection, re-established with backoff when lost, then a catch-up (platform/realtime.ts).
  const unlisten = await relayEvents(database, app.deps.realtime, {
    wake: () => dispatcher.wake(),
    log: (level, m) => app.log[level](m),
  });
  return {
    app,
    database,
    dispatcher,
    scheduler,
    url,
    demoCreated,
    async close() {
      await unlisten();
      await scheduler.stop();
      await dispatcher.stop();
      await app.close();
      await database.close();
    },
  };
}
