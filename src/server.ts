import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';

/** Listens until SIGINT/SIGTERM, then stops taking requests, finishes those in flight and closes the database. */
export async function serve(config: Config): Promise<void> {
  const db = openDatabase(config.databaseUrl);
  const app = await buildApp({ config, db });
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Gongkai is serving ${config.publicUrl} (database: ${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : 'postgres'})`);
}
