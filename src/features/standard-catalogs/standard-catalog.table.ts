import type { Generated, Selectable } from 'kysely';

export interface StandardCatalogRowTable {
  id: Generated<number>;
  /** The agency whose catalog the row belongs to. */
  agencyId: number;
  domain: string;
  level1: string;
  level2: string;
  level3: Generated<string>;
  /** JSON string[]: 公开内容（要素）. */
  elementsJson: Generated<string>;
  /** JSON {title, url}[]: 公开依据. */
  basisJson: Generated<string>;
  /** JSON TimeRule: 公开时限. */
  timeRuleJson: string;
  /** 公开主体 as written: a body's name or a role (相关审批部门). */
  subject: string;
  /** The platform agency the row is assigned to, when the 主体 is another agency. */
  subjectAgencyId: number | null;
  /** JSON {name, required}[]: 公开渠道和载体. */
  channelsJson: Generated<string>;
  audience: string;
  audienceGroup: Generated<string>;
  mode: string;
  /** JSON string[]: 公开层级. */
  levelsJson: Generated<string>;
  /** The portal column the row maps to, by its key within the agency. */
  columnKey: string | null;
  sortOrder: number;
  version: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface StandardCatalogLinkTable {
  publicationId: number;
  rowId: number;
  createdAt: string;
}

export interface StandardCatalogSeedTable {
  agencyId: number;
  domain: string;
  seededAt: string;
}

export type StandardCatalogRowRow = Selectable<StandardCatalogRowTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface StandardCatalogTables {
  standardCatalogRows: StandardCatalogRowTable;
  standardCatalogLinks: StandardCatalogLinkTable;
  standardCatalogSeeds: StandardCatalogSeedTable;
}
