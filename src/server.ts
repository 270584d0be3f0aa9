import { buildApp } from './app.js';
import type { Config } from './config.js';
import { afterCommitSettled } from './db/runtime.js';
import { openPlatformDatabase } from './platform/open.js';
import { publishDue } from './features/publications/publication.service.js';

/** Listens until SIGINT/SIGTERM, then stops taking requests, finishes those in flight and closes the database. */
export async function serve(config: Config): Promise<void> {
  const db = openPlatformDatabase(config.databaseUrl, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom });
  const app = await buildApp({ config, db });
  let closing = false;
  // Scheduled publications go live within a minute of their time; running it in
  // several processes is safe (each item is claimed by its version).
  const scheduler = setInterval(() => {
    publishDue(db)
      .then((ids) => ids.length && app.log.info({ ids }, 'published scheduled items'))
      .catch((err: unknown) => app.log.error({ err }, 'scheduled publishing failed'));
  }, 60_000);
  scheduler.unref();
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(scheduler);
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
  if (!config.smtpUrl) app.log.warn('SMTP_URL is not set: no e-mail is sent; letters are kept in the office outbox (/office/mail)');
  app.log.info(`Gongkai is serving ${config.publicUrl} (database: ${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : 'postgres'})`);
}
