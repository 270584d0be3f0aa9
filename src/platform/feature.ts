/**
 * The shape of a feature as the platform sees it, and the registry built from a
 * list of them. A feature is one folder under src/features; its `*.feature.ts`
 * says what it adds to the platform. `src/features/index.ts` lists the features,
 * and the composition root (app, CLI, tests) builds the registry from that list,
 * so adding a feature means adding its folder and one line there.
 *
 * Only types are imported here: the registry knows the shapes of contributions,
 * not the features that make them.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { VNode } from 'preact';
import type { ZodType } from 'zod';
import type { Db } from '../db/database.js';
import type { ChangeListener } from '../db/runtime.js';
import type { DeadlineSource } from '../features/calendar/deadline-sources.js';
import type { ColumnKindDef, GuideProcedure, GuideSection } from '../features/catalog/catalog.kinds.js';
import type { PeriodRuleProvider } from '../features/publications/publication.periods.js';
import type { DashboardProvider } from '../web/dashboard.js';
import type { PersonalFieldSpec } from '../db/personal-data/fields.js';

export interface Feature {
  /** The folder name, e.g. `publications`. */
  key: string;
  /** What the feature is, in Chinese, for the office. */
  label: string;
  /** Route plugins (portal, office, API), registered in registry order. */
  routes?: readonly FastifyPluginAsync[];
  /**
   * Route plugins registered after every feature's `routes`: catch-all portal paths
   * such as `/:agency/:column`, which must not shadow other features' fixed paths.
   */
  lateRoutes?: readonly FastifyPluginAsync[];
  /** Links in the office menu. */
  officeMenu?: readonly OfficeMenuItem[];
  /** What the feature puts on the office dashboard for a person. */
  dashboard?: DashboardProvider;
  /** Open deadlines the calendar recomputes when a holiday year changes. */
  deadlineSources?: readonly DeadlineSource<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Listeners on content changes (any feature's). */
  listeners?: readonly ChangeListener[];
  /** Kinds of portal column the feature renders (and the fixed columns of them every agency gets). */
  columnKinds?: readonly ColumnKindDef[];
  /** Procedures drawn as charts on every agency's 指南 page. */
  procedures?: readonly GuideProcedure[];
  /** Sections of text on every agency's 指南 page (after the agency's own). */
  guideSections?: readonly GuideSection[];
  /** Work the server runs on a timer (scheduled publishing, reminders, purges); each must be safe to run in several processes at once. */
  jobs?: readonly ScheduledJob[];
  /** Office pages of the feature's records, so that other features can link to them (what a letter is about). */
  entityPages?: readonly EntityPage[];
  /** Blocks a feature adds to a published item's public page (a consultation's 采纳情况 under the decision it led to). */
  publicationAddenda?: readonly PublicationAddendum[];
  /** Blocks right under a published item's metadata table (the key project it belongs to, with its approval fields). */
  publicationMetaAddenda?: readonly PublicationAddendum[];
  /** Validation of the platform settings the feature reads (keys declared in settings.ts), merged into the settings form. */
  settingsInput?: Readonly<Record<string, ZodType>>;
  /** Period rules of publications that the feature sets (a standard catalog row's 公开时限). */
  periodRules?: PeriodRuleProvider;
  /** Blocks a feature adds to a category column's page (the fee list's link on the Art. 20(八) column). */
  columnAddenda?: readonly ColumnAddendum[];
  /** Tables whose personal columns are sealed at rest: the start-up step seals plaintext and re-seals under a new key. */
  personalData?: readonly PersonalFieldSpec[];
}

/** Renders what a feature has to say on a column's page, or null when it has nothing there. */
export type ColumnAddendum = (db: Db, c: { agencyId: number; agencySlug: string; category: string | null; kind: string }) => Promise<VNode | null>;

/** Renders what a feature has to say under a published item, or null when it has nothing. */
export type PublicationAddendum = (db: Db, pub: { id: number; agencyId: number }) => Promise<VNode | null>;

/** Where the office reads one record of a kind, e.g. `publication` → `/office/publications/12`. */
export interface EntityPage {
  /** The record kind, as in `ContentChange.entity` and audit events' `entityType`. */
  entity: string;
  /** What the record is called, in Chinese. */
  label: string;
  href(id: string): string;
}

export interface ScheduledJob {
  name: string;
  /** How often to run, in milliseconds. */
  everyMs: number;
  /** Returns a line for the log, or nothing when there was nothing to do. */
  run(db: Db): Promise<string | void>;
}

export interface OfficeMenuItem {
  href: string;
  label: string;
  /** A permission the person must hold somewhere, or `authenticated`. */
  permission: string;
  /** Position in the menu: lower first. */
  order: number;
}

export interface Registry {
  readonly features: readonly Feature[];
  readonly deadlineSources: readonly DeadlineSource<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly listeners: readonly ChangeListener[];
  readonly officeMenu: readonly OfficeMenuItem[];
  readonly dashboards: readonly DashboardProvider[];
  readonly columnKinds: readonly ColumnKindDef[];
  readonly procedures: readonly GuideProcedure[];
  readonly guideSections: readonly GuideSection[];
  readonly entityPages: readonly EntityPage[];
  readonly jobs: readonly ScheduledJob[];
  readonly publicationAddenda: readonly PublicationAddendum[];
  readonly publicationMetaAddenda: readonly PublicationAddendum[];
  readonly settingsInput: Readonly<Record<string, ZodType>>;
  readonly periodRules: readonly PeriodRuleProvider[];
  readonly columnAddenda: readonly ColumnAddendum[];
  readonly personalData: readonly PersonalFieldSpec[];
}

function unique<T>(items: T[], key: (t: T) => string, what: string): T[] {
  const seen = new Set<string>();
  for (const i of items) {
    if (seen.has(key(i))) throw new Error(`${what} registered twice: ${key(i)}`);
    seen.add(key(i));
  }
  return items;
}

export function createRegistry(features: readonly Feature[]): Registry {
  const keys = new Set<string>();
  for (const f of features) {
    if (keys.has(f.key)) throw new Error(`feature registered twice: ${f.key}`);
    keys.add(f.key);
  }
  const sourceKeys = new Set<string>();
  const deadlineSources = features.flatMap((f) => f.deadlineSources ?? []);
  for (const s of deadlineSources) {
    if (sourceKeys.has(s.key)) throw new Error(`deadline source registered twice: ${s.key}`);
    sourceKeys.add(s.key);
  }
  return {
    features,
    deadlineSources,
    listeners: features.flatMap((f) => f.listeners ?? []),
    officeMenu: features.flatMap((f) => f.officeMenu ?? []).sort((a, b) => a.order - b.order),
    dashboards: features.flatMap((f) => (f.dashboard ? [f.dashboard] : [])),
    columnKinds: unique(features.flatMap((f) => f.columnKinds ?? []), (k) => k.kind, 'column kind'),
    procedures: features.flatMap((f) => f.procedures ?? []),
    guideSections: features.flatMap((f) => f.guideSections ?? []),
    jobs: unique(features.flatMap((f) => f.jobs ?? []), (j) => j.name, 'job'),
    entityPages: unique(features.flatMap((f) => f.entityPages ?? []), (p) => p.entity, 'entity page'),
    publicationAddenda: features.flatMap((f) => f.publicationAddenda ?? []),
    publicationMetaAddenda: features.flatMap((f) => f.publicationMetaAddenda ?? []),
    settingsInput: Object.assign({}, ...features.map((f) => f.settingsInput ?? {})) as Record<string, ZodType>,
    periodRules: features.flatMap((f) => (f.periodRules ? [f.periodRules] : [])),
    columnAddenda: features.flatMap((f) => f.columnAddenda ?? []),
    personalData: unique(features.flatMap((f) => f.personalData ?? []), (p) => p.table, 'personal data table'),
  };
}
