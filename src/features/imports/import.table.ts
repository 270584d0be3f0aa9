import type { Generated, Selectable } from 'kysely';

/** One import run (CLI or office upload), with its progress and final report. */
export interface ImportJobTable {
  id: Generated<number>;
  agencyId: number;
  createdBy: number | null;
  createdByName: string;
  /** 'cli' | 'office'. */
  source: string;
  label: string;
  /** A key of IMPORT_MODES. */
  mode: string;
  /** A key of IMPORT_JOB_STATUSES. */
  status: string;
  total: Generated<number>;
  processed: Generated<number>;
  imported: Generated<number>;
  skipped: Generated<number>;
  failed: Generated<number>;
  /** JSON array of ImportReportLine. */
  reportJson: Generated<string>;
  message: Generated<string>;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** A page imported once: its content hash, unique per agency. */
export interface ImportPageTable {
  id: Generated<number>;
  agencyId: number;
  contentHash: string;
  publicationId: number | null;
  jobId: number | null;
  sourceName: string;
  createdAt: string;
}

export type ImportJobRow = Selectable<ImportJobTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface ImportTables {
  importJobs: ImportJobTable;
  importPages: ImportPageTable;
}
