import type { VNode } from 'preact';
import type { Db } from '../db/database.js';
import type { Actor } from '../features/accounts/roles.js';
import { agencyDashboard } from '../features/agencies/agency.dashboard.js';
import { catalogDashboard } from '../features/catalog/catalog.dashboard.js';
import { publicationDashboard } from '../features/publications/publication.dashboard.js';

export interface DashboardSection {
  title: string;
  /** Lower numbers come first: urgent work above reference information. */
  order: number;
  body: VNode;
}

export type DashboardProvider = (db: Db, actor: Actor) => Promise<DashboardSection[]>;

/** Each feature contributes what its people need to see first in the morning. */
const PROVIDERS: DashboardProvider[] = [agencyDashboard, catalogDashboard, publicationDashboard];

export async function dashboardSections(db: Db, actor: Actor): Promise<DashboardSection[]> {
  const all = (await Promise.all(PROVIDERS.map((p) => p(db, actor)))).flat();
  return all.sort((a, b) => a.order - b.order);
}
