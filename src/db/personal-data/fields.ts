/**
 * Field helpers: what a feature writes to seal its personal columns and read them
 * back. A feature declares its personal fields once (`PersonalFields`), then calls
 * `sealPersonal` before an insert/update and `openPersonal` on rows read. The keyring
 * travels in the database handle's runtime, like the clock and the audit key.
 *
 * Wiring another feature (the mailbox's writers) is:
 *   const WRITER: PersonalFields<MessageRow> = { table: 'messages', fields: ['name', 'phone', 'email', 'ip'], index: { phone: 'phoneBidx' } };
 *   insert: values(sealPersonal(db, WRITER, row))   read: rows.map((r) => openPersonal(db, WRITER, r))
 *   lookup: where('phoneBidx', '=', blindIndexOf(db, WRITER, 'phone', phone))
 *   startup migration: add WRITER to the list in personal-data/reseal.ts
 */
import type { DbOrTrx } from '../database.js';
import { runtimeOf } from '../runtime.js';
import type { Keyring } from '../../lib/personal-data/keyring.js';

/** What the helpers need of a declaration, whatever its row type. */
export interface PersonalFieldSpec {
  table: string;
  fields: readonly string[];
  index?: Readonly<Record<string, string | undefined>>;
}

export interface PersonalFields<Row> extends PersonalFieldSpec {
  /** Table name (snake_case as in SQL), for the re-seal step and error messages. */
  table: string;
  /** Columns (camelCase) holding personal data, all text. */
  fields: readonly (keyof Row & string)[];
  /** Blind-index columns for the fields looked up by equality. */
  index?: Partial<Record<keyof Row & string, string>>;
}

export const keyringOf = (db: DbOrTrx): Keyring => runtimeOf(db).keyring;

/** The AAD of a field: table and column, so a sealed value copied into another column does not open. */
const aad = (spec: PersonalFieldSpec, field: string) => `${spec.table}.${field}`;

/** Seals the personal fields present in `row` (an insert or a patch) and sets their blind indexes. */
export function sealPersonal<T extends object>(db: DbOrTrx, spec: PersonalFieldSpec, row: T): T {
  const ring = keyringOf(db);
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const f of spec.fields) {
    const v = out[f];
    if (typeof v !== 'string') continue;
    out[f] = ring.seal(aad(spec, f), v);
    const idx = spec.index?.[f];
    if (idx) out[idx] = ring.blindIndex(aad(spec, f), v);
  }
  return out as T;
}

/** Opens the personal fields present in a row read from the database. */
export function openPersonal<T extends object>(db: DbOrTrx, spec: PersonalFieldSpec, row: T): T {
  const ring = keyringOf(db);
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const f of spec.fields) {
    const v = out[f];
    if (typeof v === 'string') out[f] = ring.open(aad(spec, f), v);
  }
  return out as T;
}

/** The blind index of a value of `field`, to compare with its index column. */
export function blindIndexOf<Row>(db: DbOrTrx, spec: PersonalFields<Row>, field: keyof Row & string, value: string): string {
  return keyringOf(db).blindIndex(aad(spec, field), value);
}

/** Masks text for display to someone who may not see it: the first character (or `keep`) and stars. */
export function maskText(value: string, keep = 1): string {
  if (!value) return '';
  const chars = [...value];
  return `${chars.slice(0, keep).join('')}${'*'.repeat(Math.min(6, Math.max(2, chars.length - keep)))}`;
}
