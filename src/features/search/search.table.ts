import type { Generated, Selectable } from 'kysely';

/**
 * One row per published publication in the search index. On PostgreSQL the table
 * also has a `tsv` tsvector column, written and read with raw SQL only (SQLite
 * keeps the tokens in the `search_fts` FTS5 table instead).
 */
export interface SearchDocumentTable {
  publicationId: number;
  /** Key in the token index: 发布日期 (seconds) × 65536 + slot, so it sorts newest-last. */
  ftsRowid: number;
  agencyId: number;
  category: string;
  topic: string;
  validity: string;
  /** Year of the 发布日期 in China time. */
  year: number;
  /** 发布日期, ISO instant. */
  publishedAt: string;
  title: string;
  documentNumber: string;
  /** The 文号 folded for comparison with a 文号 query (`documentNumberKey`). */
  documentNumberKey: string;
  /** Offset in search_content.content where the body starts. */
  snippetFrom: number;
  /** `DocumentFields.heading`: the folded heading (search_content.content up to snippetFrom) and the title's pinyin and initials. */
  heading: string;
  indexedAt: string;
}

/** The folded plain text of an indexed item (title, 文号, keywords, summary, body, attachments). */
export interface SearchContentTable {
  publicationId: number;
  content: string;
}

/** An abbreviation or synonym the office keeps: a query holding either form also looks for the other. */
export interface SearchSynonymTable {
  id: Generated<number>;
  /** The short form as typed (发改). */
  term: string;
  /** The full form (发展和改革). */
  expansion: string;
  createdAt: string;
  updatedAt: string;
}

export type SearchDocumentRow = Selectable<SearchDocumentTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface SearchTables {
  searchDocuments: SearchDocumentTable;
  searchContent: SearchContentTable;
  searchSynonyms: SearchSynonymTable;
}
