import type { Generated, Selectable } from 'kysely';

export interface ProjectTable {
  id: Generated<number>;
  agencyId: number;
  name: string;
  code: string;
  owner: string;
  investment: string;
  location: Generated<string>;
  plannedStart: string;
  plannedEnd: string;
  status: string;
  summary: Generated<string>;
  createdAt: string;
  updatedAt: string;
  updatedByName: Generated<string>;
  version: Generated<number>;
}

export interface ProjectStageTable {
  id: Generated<number>;
  projectId: number;
  name: string;
  sortOrder: number;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  description: Generated<string>;
}

export interface ProjectProgressTable {
  id: Generated<number>;
  projectId: number;
  stageId: number | null;
  entryDate: string;
  percent: number;
  body: string;
  createdAt: string;
  createdByName: Generated<string>;
}

export interface ProjectPhotoTable {
  id: Generated<number>;
  progressId: number;
  sha256: string;
  size: number;
  mimeType: string;
  name: string;
  createdAt: string;
}

export interface ProjectPublicationTable {
  publicationId: number;
  projectId: number;
  lifecycle: string;
  approvalKind: Generated<string>;
  approvalResult: Generated<string>;
  decidedOn: string | null;
  documentNumber: Generated<string>;
  decidingUnit: Generated<string>;
  projectName: Generated<string>;
  projectCode: Generated<string>;
  updatedAt: string;
}

export interface ProjectAgencySettingsTable {
  agencyId: number;
  codePattern: Generated<string>;
  staleDays: number | null;
  planDue: Generated<string>;
  updatedAt: string;
}

export interface WorkPlanTable {
  id: Generated<number>;
  agencyId: number;
  year: number;
  title: string;
  intro: Generated<string>;
  summary: Generated<string>;
  summaryOn: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: Generated<number>;
}

export interface WorkPlanTargetTable {
  id: Generated<number>;
  planId: number;
  sortOrder: number;
  text: string;
  responsible: Generated<string>;
}

export interface WorkPlanProgressTable {
  id: Generated<number>;
  planId: number;
  targetId: number | null;
  entryDate: string;
  body: string;
  createdAt: string;
  createdByName: Generated<string>;
}

export type ProjectRow = Selectable<ProjectTable>;
export type ProjectStageRow = Selectable<ProjectStageTable>;
export type ProjectProgressRow = Selectable<ProjectProgressTable>;
export type ProjectPhotoRow = Selectable<ProjectPhotoTable>;
export type ProjectPublicationRow = Selectable<ProjectPublicationTable>;
export type WorkPlanRow = Selectable<WorkPlanTable>;
export type WorkPlanTargetRow = Selectable<WorkPlanTargetTable>;
export type WorkPlanProgressRow = Selectable<WorkPlanProgressTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface ProjectTables {
  projects: ProjectTable;
  projectStages: ProjectStageTable;
  projectProgress: ProjectProgressTable;
  projectPhotos: ProjectPhotoTable;
  projectPublications: ProjectPublicationTable;
  projectAgencySettings: ProjectAgencySettingsTable;
  workPlans: WorkPlanTable;
  workPlanTargets: WorkPlanTargetTable;
  workPlanProgress: WorkPlanProgressTable;
}
