/**
 * The production server (src/server.ts `serve`: the whole app with its page cache
 * and front door, the scheduler, graceful shutdown) in a process of its own, for
 * benches that load it from outside. Configured from the environment like
 * `gongkai serve`: DATABASE_URL, PORT, HOST, PUBLIC_URL, DATA_DIR, LOG_LEVEL, …
 * The database must already be migrated. Stop it with SIGTERM.
 *
 *   DATABASE_URL=sqlite:/tmp/x.db PORT=3999 HOST=127.0.0.1 LOG_LEVEL=silent node --import tsx bench/serve-for-bench.ts
 */
import { loadConfig } from '../src/config.js';
import { serve } from '../src/server.js';

await serve(loadConfig());
