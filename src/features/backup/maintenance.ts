/**
 * Maintenance mode: reads go on, writes are answered 503 with Retry-After, so a restore,
 * an upgrade or a storage move cannot race with a citizen's request or an editor's save.
 * The switch is a file in DATA_DIR, so `gongkai maintenance on` works across processes
 * and every server of a cluster that shares the data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';

export interface MaintenanceState {
  since: string;
  retryAfter: number;
  message: string;
}

const FILE = 'maintenance.json';
export const DEFAULT_RETRY_AFTER = 600;

export function maintenanceFile(dataDir: string): string {
  return path.join(dataDir, FILE);
}

/** The current state, or null when the platform is open for writes. */
export function readMaintenance(dataDir: string): MaintenanceState | null {
  let text: string;
  try {
    text = fs.readFileSync(maintenanceFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Partial<MaintenanceState>;
    const retryAfter = Number.isInteger(v.retryAfter) && v.retryAfter! > 0 ? v.retryAfter! : DEFAULT_RETRY_AFTER;
    return { since: String(v.since ?? ''), retryAfter, message: String(v.message ?? '') };
  } catch {
    // A hand-made or half-written file still means "in maintenance".
    return { since: '', retryAfter: DEFAULT_RETRY_AFTER, message: '' };
  }
}

export function startMaintenance(dataDir: string, state: MaintenanceState): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${maintenanceFile(dataDir)}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  fs.renameSync(tmp, maintenanceFile(dataDir));
}

export function endMaintenance(dataDir: string): boolean {
  try {
    fs.unlinkSync(maintenanceFile(dataDir));
    return true;
  } catch {
    return false;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses every write while the switch is on; checked per write request (one stat). */
export function registerMaintenance(app: FastifyInstance, dataDir: string): void {
  app.addHook('onRequest', async (req, reply) => {
    if (SAFE.has(req.method)) return;
    const state = readMaintenance(dataDir);
    if (!state) return;
    reply.header('Retry-After', String(state.retryAfter));
    const minutes = Math.max(1, Math.round(state.retryAfter / 60));
    throw new AppError('MAINTENANCE', `${state.message ? `${state.message}。` : ''}系统正在维护，暂时不能提交或修改，请约 ${minutes} 分钟后再试；浏览和查询不受影响`);
  });
}
