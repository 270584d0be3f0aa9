/** Queries of the office's list of abbreviations and synonyms. */
import type { DbOrTrx } from '../../db/database.js';

export interface SynonymRow {
  id: number;
  term: string;
  expansion: string;
  createdAt: string;
  updatedAt: string;
}

export async function listSynonyms(db: DbOrTrx): Promise<SynonymRow[]> {
  return db.selectFrom('searchSynonyms').selectAll().orderBy('term').execute();
}

export async function findSynonym(db: DbOrTrx, id: number): Promise<SynonymRow | undefined> {
  return db.selectFrom('searchSynonyms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSynonymByTerm(db: DbOrTrx, term: string): Promise<SynonymRow | undefined> {
  return db.selectFrom('searchSynonyms').selectAll().where('term', '=', term).executeTakeFirst();
}

export async function insertSynonym(db: DbOrTrx, row: Omit<SynonymRow, 'id'>): Promise<number> {
  const r = await db.insertInto('searchSynonyms').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateSynonym(db: DbOrTrx, id: number, values: { term: string; expansion: string; updatedAt: string }): Promise<void> {
  await db.updateTable('searchSynonyms').set(values).where('id', '=', id).execute();
}

export async function deleteSynonym(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('searchSynonyms').where('id', '=', id).execute();
}
