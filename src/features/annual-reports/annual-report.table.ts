import type { Generated, Insertable, Selectable } from 'kysely';

export interface AnnualReportTable {
  id: Generated<number>;
  agencyId: number;
  year: number;
  format: string;
  origin: string;
  figuresJson: string | null;
  inputsJson: Generated<string>;
  narrativeJson: Generated<string>;
  proactiveTotal: number | null;
  sourceUrl: Generated<string>;
  sourceNote: Generated<string>;
  publicationId: number | null;
  generatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedByName: Generated<string>;
  version: Generated<number>;
}

export interface AnnualReportRevisionTable {
  id: Generated<number>;
  reportId: number;
  revisionNo: number;
  format: string;
  origin: string;
  figuresJson: string | null;
  inputsJson: Generated<string>;
  narrativeJson: Generated<string>;
  proactiveTotal: number | null;
  note: Generated<string>;
  createdAt: string;
  createdByName: Generated<string>;
}

export type AnnualReportRow = Selectable<AnnualReportTable>;
export type NewAnnualReportRow = Insertable<AnnualReportTable>;
export type AnnualReportRevisionRow = Selectable<AnnualReportRevisionTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface AnnualReportTables {
  annualReports: AnnualReportTable;
  annualReportRevisions: AnnualReportRevisionTable;
}
