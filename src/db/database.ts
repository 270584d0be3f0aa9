import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { dropPending, flushPending, openPending } from './runtime.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
/** A database handle or an open transaction: repositories accept either. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

const engines = new WeakMap<object, Engine>();

/**
 * Which engine a handle talks to. Transactions share the executor's adapter, so
 * this works for a `trx` as well as for the root handle.
 */
export function engineOf(db: DbOrTrx): Engine {
  const adapter = db.getExecutor().adapter;
  const known = engines.get(adapter);
  if (known) return known;
  return adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

// PostgreSQL returns int8 (count(*), sum of integers) as strings; our counts fit a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface OpenOptions {
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

/** Opens `sqlite:PATH` (PATH may be `:memory:`) or `postgres://…`. */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  let db: Db;
  let engine: Engine;
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SQLite(file === ':memory:' ? ':memory:' : path.resolve(file));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // Reads go through the OS page cache instead of SQLite's 2 MB one: cold list pages
    // at 100,000 items were twice as fast in bench/catalog.ts.
    if (file !== ':memory:') sqlite.pragma('mmap_size = 1073741824');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
    engine = 'sqlite';
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    engine = 'postgres';
  } else {
    throw new Error(`Unsupported DATABASE_URL: ${url}`);
  }
  engines.set(db.getExecutor().adapter, engine);
  return db;
}

/**
 * Runs `fn` in one transaction: everything it writes lands together or not at all.
 * Content changes announced inside reach their commit listeners (the page cache),
 * and work registered with `afterCommit` (a letter to send) starts, only once it
 * has committed, and never when it rolls back.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  let opened: Transaction<Database> | null = null;
  try {
    const result = await db.transaction().execute((trx) => {
      opened = trx;
      openPending(trx);
      return fn(trx);
    });
    if (opened) flushPending(opened, db);
    return result;
  } catch (e) {
    if (opened) dropPending(opened);
    throw e;
  }
}

/** `count(*)` as a number on both engines. */
export const countAll = () => sql<number>`count(*)`;

/** Case-insensitive LIKE pattern with user text escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
