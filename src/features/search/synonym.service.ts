/**
 * The office's abbreviations and synonyms for search (发改 ↔ 发展和改革): kept in a
 * table, edited by whoever manages the platform's settings, each change audited, and
 * read (cached briefly) by every search to widen the query.
 */
import { z } from 'zod';
import { inTransaction, type Db, type DbOrTrx } from '../../db/database.js';
import { nowOf } from '../../db/runtime.js';
import { conflict, notFound } from '../../errors.js';
import { parseInput, text } from '../../lib/validation.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { asciiLower, foldForMatch, type Synonym } from './search.js';
import * as repo from './synonym.repository.js';

export type { SynonymRow } from './synonym.repository.js';

// Spaces inside a form would split it into two query words; the forms are stored folded
// (simplified script, narrow letters) because queries are compared in that form.
const form = (max: number) => text(max, { required: true }).transform((v) => asciiLower(foldForMatch(v)).replace(/\s+/g, ''));

export const synonymInput = z
  .object({ term: form(20), expansion: form(60) })
  .superRefine((v, ctx) => {
    for (const k of ['term', 'expansion'] as const) {
      if (Array.from(v[k]).length < 2) ctx.addIssue({ code: 'custom', path: [k], message: '至少 2 个字' });
      else if (!/[\p{L}\p{N}]/u.test(v[k])) ctx.addIssue({ code: 'custom', path: [k], message: '应包含文字或数字' });
    }
    if (v.term === v.expansion) ctx.addIssue({ code: 'custom', path: ['expansion'], message: '全称应与简称不同' });
  });

// Keyed by the database adapter, so two databases in one process (tests) never share a cache.
const caches = new WeakMap<object, { at: number; value: Synonym[] }>();

/** The list as queries use it; read at most every few seconds. */
export async function synonymsForQuery(db: DbOrTrx): Promise<Synonym[]> {
  const key = db.getExecutor().adapter;
  const cached = caches.get(key);
  if (cached && Date.now() - cached.at < 5000) return cached.value;
  const value = (await repo.listSynonyms(db)).map((r) => ({ term: r.term, expansion: r.expansion }));
  caches.set(key, { at: Date.now(), value });
  return value;
}

export const listSynonyms = (db: DbOrTrx) => repo.listSynonyms(db);

export async function getSynonym(db: DbOrTrx, id: number): Promise<repo.SynonymRow> {
  const row = await repo.findSynonym(db, id);
  if (!row) throw notFound('同义词');
  return row;
}

async function checkUnique(db: DbOrTrx, term: string, id?: number): Promise<void> {
  const other = await repo.findSynonymByTerm(db, term);
  if (other && other.id !== id) throw conflict(`简称“${term}”已在列表中`, { term: '已在列表中，请修改那一条' });
}

export async function addSynonym(db: Db, actor: Actor, raw: unknown): Promise<repo.SynonymRow> {
  const v = parseInput(synonymInput, raw);
  const row = await inTransaction(db, async (trx) => {
    await checkUnique(trx, v.term);
    const now = nowOf(trx);
    const id = await repo.insertSynonym(trx, { term: v.term, expansion: v.expansion, createdAt: now, updatedAt: now });
    await audit.record(trx, actor, { action: 'search_synonym.create', entityType: 'search_synonym', entityId: id, summary: `新增检索同义词“${v.term}”→“${v.expansion}”`, after: v });
    return (await repo.findSynonym(trx, id))!;
  });
  caches.delete(db.getExecutor().adapter);
  return row;
}

export async function updateSynonym(db: Db, actor: Actor, id: number, raw: unknown): Promise<repo.SynonymRow> {
  const v = parseInput(synonymInput, raw);
  const row = await inTransaction(db, async (trx) => {
    const before = await getSynonym(trx, id);
    await checkUnique(trx, v.term, id);
    await repo.updateSynonym(trx, id, { ...v, updatedAt: nowOf(trx) });
    await audit.record(trx, actor, {
      action: 'search_synonym.update',
      entityType: 'search_synonym',
      entityId: id,
      summary: `修改检索同义词“${before.term}”`,
      before: { term: before.term, expansion: before.expansion },
      after: v,
    });
    return (await repo.findSynonym(trx, id))!;
  });
  caches.delete(db.getExecutor().adapter);
  return row;
}

export async function removeSynonym(db: Db, actor: Actor, id: number): Promise<repo.SynonymRow> {
  const row = await inTransaction(db, async (trx) => {
    const before = await getSynonym(trx, id);
    await repo.deleteSynonym(trx, id);
    await audit.record(trx, actor, {
      action: 'search_synonym.delete',
      entityType: 'search_synonym',
      entityId: id,
      summary: `删除检索同义词“${before.term}”`,
      before: { term: before.term, expansion: before.expansion },
    });
    return before;
  });
  caches.delete(db.getExecutor().adapter);
  return row;
}

