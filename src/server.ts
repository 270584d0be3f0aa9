import { buildApp } from './app.js';
import type { Config } from './config.js';
import { afterCommitSettled, runtimeOf } from './db/runtime.js';
import { keyringFromConfig, openPlatformDatabase } from './platform/open.js';

/** Listens until SIGINT/SIGTERM, then stops taking requests, finishes those in flight and closes the database. */
export async function serve(config: Config): Promise<void> {
  const db = openPlatformDatabase(config.databaseUrl, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, auditKey: config.auditKey, keyring: keyringFromConfig(config) });
  const app = await buildApp({ config, db });
  let closing = false;
  // The features' timed work (scheduled publishing every minute, reminders, purges);
  // each job is safe to run in several processes at once.
  const timers = runtimeOf(db).registry.jobs.map((job) => {
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      job
        .run(db)
        .then((line) => line && app.log.info({ job: job.name }, line))
        .catch((err: unknown) => app.log.error({ err, job: job.name }, 'scheduled job failed'))
        .finally(() => (running = false));
    };
    const t = setInterval(tick, job.everyMs);
    t.unref();
    return t;
  });
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    for (const t of timers) clearInterval(t);
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close();
    // Letters handed to the mail server after their transaction committed record their outcome.
    await afterCommitSettled();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  for (const name of config.developmentSecrets) {
    app.log.warn(`${name} is not set: a fixed development value is used, which protects nothing; set it (openssl rand -hex 32) before real use`);
  }
  if (!config.smtpUrl) app.log.warn('SMTP_URL is not set: no e-mail is sent; letters are kept in the office outbox (/office/mail)');
  app.log.info(`Gongkai is serving ${config.publicUrl} (database: ${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : 'postgres'})`);
}
