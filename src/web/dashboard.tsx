import type { VNode } from 'preact';
import type { Db } from '../db/database.js';
import { runtimeOf } from '../db/runtime.js';
import type { Actor } from '../features/access/roles.js';

export interface DashboardSection {
  title: string;
  /** Lower numbers come first: urgent work above reference information. */
  order: number;
  body: VNode;
}

export type DashboardProvider = (db: Db, actor: Actor) => Promise<DashboardSection[]>;

/** Each feature in the registry contributes what its people need to see first in the morning. */
export async function dashboardSections(db: Db, actor: Actor): Promise<DashboardSection[]> {
  const providers = runtimeOf(db).registry.dashboards;
  const all = (await Promise.all(providers.map((p) => p(db, actor)))).flat();
  return all.sort((a, b) => a.order - b.order);
}
