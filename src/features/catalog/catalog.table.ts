import type { Generated, Selectable, Updateable } from 'kysely';

export interface CatalogColumnTable {
  id: Generated<number>;
  agencyId: number;
  /** Stable identity within the agency: a fixed column's code or a disclosure category key. */
  key: string;
  parentId: number | null;
  kind: string;
  /** The disclosure category whose publications the column lists; null for pages that list none. */
  category: string | null;
  name: string;
  slug: string;
  /** Slugs from the agency root, e.g. `zfxxgk/fdzdgknr/fgwj`. */
  path: string;
  article: Generated<string>;
  /** 0/1: a column of the national structure that cannot be renamed, moved or deleted. */
  fixed: Generated<number>;
  hidden: Generated<number>;
  hiddenReason: Generated<string>;
  sortOrder: Generated<number>;
  /** Expected update interval; null means the default for the column's class. */
  updateIntervalDays: number | null;
  /** Why the column has nothing to show, if the agency says (under "本机关暂无此类信息"). */
  emptyReason: Generated<string>;
  version: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogRedirectTable {
  id: Generated<number>;
  agencyId: number;
  oldPath: string;
  columnId: number;
  createdAt: string;
}

export type CatalogColumnRow = Selectable<CatalogColumnTable>;
export type CatalogColumnRowUpdate = Updateable<CatalogColumnTable>;
export type CatalogRedirectRow = Selectable<CatalogRedirectTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface CatalogTables {
  catalogColumns: CatalogColumnTable;
  catalogRedirects: CatalogRedirectTable;
}
