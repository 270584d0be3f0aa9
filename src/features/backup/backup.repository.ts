/**
 * Schema introspection and raw row access for backups. Works below the application's
 * camel-case plugin (`withoutPlugins`), on the database's own table and column names.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf, type DbOrTrx } from '../../db/database.js';
import { quoteIdent, type ForeignKey } from './backup.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Kysely<any>;

export interface ColumnInfo {
  name: string;
  json: boolean;
}

export async function listTables(db: DbOrTrx): Promise<string[]> {
  if (engineOf(db) === 'postgres') {
    const r = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
    return r.rows.map((x) => x.name);
  }
  const r = await sql<{ name: string }>`SELECT name FROM sqlite_master
    WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`.execute(db);
  return r.rows.map((x) => x.name);
}

export async function listColumns(db: DbOrTrx, table: string): Promise<ColumnInfo[]> {
  if (engineOf(db) === 'postgres') {
    const r = await sql<{ name: string; type: string }>`SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(db);
    return r.rows.map((c) => ({ name: c.name, json: c.type === 'json' || c.type === 'jsonb' }));
  }
  const r = await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${table}) ORDER BY cid`.execute(db);
  return r.rows.map((c) => ({ name: c.name, json: false }));
}

export async function foreignKeys(db: DbOrTrx): Promise<ForeignKey[]> {
  if (engineOf(db) === 'postgres') {
    const r = await sql<ForeignKey>`SELECT cl.relname AS "table", a.attname AS "column", rf.relname AS "references"
      FROM pg_constraint c
      JOIN pg_class cl ON cl.oid = c.conrelid
      JOIN pg_class rf ON rf.oid = c.confrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`.execute(db);
    return r.rows;
  }
  const r = await sql<ForeignKey>`SELECT m.name AS "table", p."from" AS "column", p."table" AS "references"
    FROM sqlite_master m, pragma_foreign_key_list(m.name) p WHERE m.type = 'table'`.execute(db);
  return r.rows;
}

/** Migrations applied, in the order they ran. */
export async function appliedMigrations(db: DbOrTrx): Promise<string[]> {
  const exists = (await listTables(db)).includes('kysely_migration');
  if (!exists) return [];
  const r = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY timestamp, name`.execute(db);
  return r.rows.map((x) => x.name);
}

/**
 * Reads a table in pages by its physical row id (SQLite rowid, PostgreSQL ctid). Inside
 * one snapshot transaction the order is stable, and keyset paging keeps each page cheap.
 */
export async function* readRows(db: Raw, table: string, columns: string[], page = 2000): AsyncGenerator<unknown[][]> {
  const pg = engineOf(db) === 'postgres';
  const list = columns.map(quoteIdent).join(', ');
  const key = pg ? 'ctid' : 'rowid';
  let after: unknown = null;
  for (;;) {
    const where = after === null ? sql`` : pg ? sql`WHERE ctid > ${after}::tid` : sql`WHERE rowid > ${after}`;
    const r = await sql<Record<string, unknown>>`SELECT ${sql.raw(key)} AS "__k", ${sql.raw(list)} FROM ${sql.raw(quoteIdent(table))} ${where} ORDER BY ${sql.raw(key)} LIMIT ${page}`.execute(db);
    if (!r.rows.length) return;
    yield r.rows.map((row) => columns.map((c) => row[c]));
    after = r.rows[r.rows.length - 1]!.__k;
    if (r.rows.length < page) return;
  }
}

export async function insertRows(db: Raw, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const list = columns.map(quoteIdent).join(', ');
  await sql`INSERT INTO ${sql.raw(quoteIdent(table))} (${sql.raw(list)}) VALUES ${sql.join(rows.map((r) => sql`(${sql.join(r)})`))}`.execute(db);
}

export async function deleteAll(db: Raw, table: string): Promise<void> {
  await sql`DELETE FROM ${sql.raw(quoteIdent(table))}`.execute(db);
}

export async function countRows(db: DbOrTrx, table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.raw(quoteIdent(table))}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Sets one deferred reference column of one row (by its `id`). */
export async function setColumnById(db: Raw, table: string, column: string, id: unknown, value: unknown): Promise<void> {
  await sql`UPDATE ${sql.raw(quoteIdent(table))} SET ${sql.raw(quoteIdent(column))} = ${value} WHERE "id" = ${id}`.execute(db);
}

/** PostgreSQL: moves each table's id sequence past the restored ids. */
export async function resetSequences(db: Raw, tables: string[]): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  for (const t of tables) {
    const seq = await sql<{ s: string | null }>`SELECT pg_get_serial_sequence(${quoteIdent(t)}, 'id') AS s`.execute(db).catch(() => null);
    const name = seq?.rows[0]?.s;
    if (!name) continue;
    await sql`SELECT setval(${name}, COALESCE((SELECT max("id") FROM ${sql.raw(quoteIdent(t))}), 1), (SELECT max("id") IS NOT NULL FROM ${sql.raw(quoteIdent(t))}))`.execute(db);
  }
}
