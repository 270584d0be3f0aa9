/**
 * Column kinds as features contribute them. The catalog owns the column tree
 * (the national structure of 政府信息公开 and the agency's own columns) and the
 * portal URLs; what a column of some kind shows is its kind's `render`, supplied
 * by the feature that owns that content through the feature registry: the
 * catalog's own lists and guide, the request service's 依申请公开 page, a new
 * feature's page. A feature may also give every agency a fixed column of its kind.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, DbOrTrx } from '../../db/database.js';
import { runtimeOf } from '../../db/runtime.js';
import type { KnownGuards, AnyWorkflow } from '../../lib/workflow.js';
import type { AgencyWithDepartments } from '../agencies/agency.service.js';
import type { Settings } from '../settings/settings.js';
import type { Column, ColumnSeed, ColumnTree } from './catalog.js';

/** What a column page is rendered from. */
export interface ColumnPageContext {
  req: FastifyRequest;
  reply: FastifyReply;
  db: Db;
  agency: AgencyWithDepartments;
  tree: ColumnTree;
  column: Column;
  settings: Settings;
}

export interface ColumnKindDef {
  /** Stored in catalog_columns.kind. */
  kind: string;
  label: string;
  /** The 栏目类型 of the page metadata (GB/T 政府网站 ColumnType). */
  columnType: string;
  /** Columns of this kind every agency gets, placed in the tree by `parentKey` and `sortOrder`. */
  seeds?: readonly Omit<ColumnSeed, 'kind'>[];
  /** Columns of this kind only some agencies get, by what the agency is (a 发展和改革局's 重大建设项目 columns). */
  seedsFor?(agency: { name: string; level: string }): readonly Omit<ColumnSeed, 'kind'>[];
  /** Answers a request for a column of this kind. */
  render(c: ColumnPageContext): Promise<FastifyReply>;
}

/**
 * A procedure a feature runs for the public, drawn on each agency's 指南 page
 * (Art. 12 asks the guide for the procedures): its workflow definition, and what
 * is known of its guards for that agency (whether the leader approves, say).
 */
export interface GuideProcedure {
  /** The chart's heading on the guide, e.g. 主动公开工作流程图. */
  heading: string;
  workflow: AnyWorkflow;
  known?(agency: AgencyWithDepartments): KnownGuards;
  /** A sentence under the chart. */
  caption?: string;
}

/** A section a feature adds to every agency's 指南 (the fee standard for requests, say). */
export interface GuideSection {
  heading: string;
  paragraphs: readonly string[];
}

/** The column kinds of the registry the handle carries. */
export function columnKindsOf(db: DbOrTrx): readonly ColumnKindDef[] {
  return runtimeOf(db).registry.columnKinds;
}

export function columnKindOf(db: DbOrTrx, kind: string): ColumnKindDef | undefined {
  return columnKindsOf(db).find((k) => k.kind === kind);
}

/** The guide's procedures, in registry order. */
export function guideProceduresOf(db: DbOrTrx): readonly GuideProcedure[] {
  return runtimeOf(db).registry.procedures;
}

/** The guide's contributed sections, in registry order. */
export function guideSectionsOf(db: DbOrTrx): readonly GuideSection[] {
  return runtimeOf(db).registry.guideSections;
}

/** Seeds of the contributed kinds, as catalog seeds: every agency's, then those for this agency. */
export function contributedSeeds(db: DbOrTrx, agency?: { name: string; level: string }): ColumnSeed[] {
  return columnKindsOf(db).flatMap((k) => [...(k.seeds ?? []), ...(agency && k.seedsFor ? k.seedsFor(agency) : [])].map((s) => ({ ...s, kind: k.kind })));
}
