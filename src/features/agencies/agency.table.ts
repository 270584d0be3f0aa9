import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AgencyTable {
  id: Generated<number>;
  slug: string;
  code: string;
  name: string;
  shortName: string;
  level: string;
  siteIdCode: string | null;
  address: Generated<string>;
  postcode: Generated<string>;
  officeHours: Generated<string>;
  phone: Generated<string>;
  fax: Generated<string>;
  email: Generated<string>;
  website: Generated<string>;
  supervisionPhone: Generated<string>;
  functions: Generated<string>;
  headName: Generated<string>;
  /** JSON of GuideFields being edited. */
  guideDraft: Generated<string>;
  /** JSON of GuideFields as last published, shown on the portal. */
  guidePublished: string | null;
  guidePublishedAt: string | null;
  sortOrder: Generated<number>;
  /** 索引号 pattern, e.g. `{agencyCode}/{yyyy}-{serial:5}` (publications feature). */
  indexPattern: Generated<string>;
  /** 1 when publications need the leader's approval after the office review. */
  requiresLeaderApproval: Generated<number>;
  /** 1: the author or last editor of an item may not approve or publish it (four eyes). */
  fourEyesReview: Generated<number>;
  /** 1 when the agency is a 预算单位 and must publish its 部门预算、决算 (default 1). */
  budgetUnit: Generated<number>;
  version: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface DepartmentTable {
  id: Generated<number>;
  agencyId: number;
  name: string;
  duties: Generated<string>;
  phone: Generated<string>;
  sortOrder: Generated<number>;
  createdAt: string;
}

export type AgencyRow = Selectable<AgencyTable>;
export type NewAgencyRow = Insertable<AgencyTable>;
export type AgencyRowUpdate = Updateable<AgencyTable>;
export type DepartmentRow = Selectable<DepartmentTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
/** A former slug of an agency, kept so its old URLs redirect. */
export interface AgencySlugRedirectTable {
  oldSlug: string;
  agencyId: number;
  createdAt: string;
}

export interface AgencyTables {
  agencies: AgencyTable;
  departments: DepartmentTable;
  agencySlugRedirects: AgencySlugRedirectTable;
}
