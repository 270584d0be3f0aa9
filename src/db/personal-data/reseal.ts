/**
 * The start-up step that keeps every personal column sealed under the current key:
 * plaintext left by an older version (or written by a bulk path) is sealed, values
 * under an older key or cipher are re-sealed, and blind indexes are (re)computed.
 * Run by `gongkai migrate` and `gongkai start` after the migrations, on both engines;
 * idempotent, in pages, one transaction per page.
 */
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../database.js';
import { inTransaction } from '../database.js';
import { runtimeOf } from '../runtime.js';
import { isSealed } from '../../lib/personal-data/keyring.js';
import { sealPersonal, openPersonal, type PersonalFieldSpec } from './fields.js';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface ResealReport {
  table: string;
  sealed: number;
}

export async function resealPersonalData(db: Db, specs: readonly PersonalFieldSpec[] = runtimeOf(db).registry.personalData): Promise<ResealReport[]> {
  const ring = runtimeOf(db).keyring;
  const out: ResealReport[] = [];
  for (const spec of specs) {
    let sealed = 0;
    for (let after = 0; ; ) {
      const rows = await readPage(db, spec, after);
      if (!rows.length) break;
      after = Number(rows[rows.length - 1]!.id);
      const stale = rows.filter((r) => spec.fields.some((f) => typeof r[f] === 'string' && ring.needsSeal(r[f] as string)));
      if (!stale.length) continue;
      await inTransaction(db, async (trx) => {
        for (const r of stale) {
          const plain = openPersonal(trx, spec, pick(r, spec.fields));
          await write(trx, spec, Number(r.id), sealPersonal(trx, spec, plain));
        }
      });
      sealed += stale.length;
    }
    out.push({ table: spec.table, sealed });
  }
  return out;
}

/**
 * Opens one sealed value of each table, so that a wrong or missing key stops the
 * start with a message naming the key, rather than failing on the first page that shows
 * an applicant.
 */
export async function checkPersonalDataKey(db: DbOrTrx, specs: readonly PersonalFieldSpec[] = runtimeOf(db).registry.personalData): Promise<void> {
  for (const spec of specs) {
    for (const f of spec.fields) {
      const row = await sql<{ v: string }>`SELECT ${sql.ref(snake(f))} AS v FROM ${sql.table(spec.table)} WHERE ${sql.ref(snake(f))} LIKE 'pd1:%' LIMIT 1`.execute(db);
      const v = row.rows[0]?.v;
      if (isSealed(v)) openPersonal(db, spec, { [f]: v });
    }
  }
}

async function readPage(db: DbOrTrx, spec: PersonalFieldSpec, after: number) {
  const cols = sql.join([sql.ref('id'), ...spec.fields.map((f) => sql`${sql.ref(snake(f))} AS ${sql.ref(f)}`)]);
  const r = await sql<Record<string, unknown>>`SELECT ${cols} FROM ${sql.table(spec.table)} WHERE id > ${after} ORDER BY id LIMIT 500`.execute(db);
  return r.rows;
}

function pick(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

async function write(db: DbOrTrx, spec: PersonalFieldSpec, id: number, values: Record<string, unknown>) {
  const sets = sql.join(Object.entries(values).map(([k, v]) => sql`${sql.ref(snake(k))} = ${v as string}`));
  await sql`UPDATE ${sql.table(spec.table)} SET ${sets} WHERE id = ${id}`.execute(db);
}
