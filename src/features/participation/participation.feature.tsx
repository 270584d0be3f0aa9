import type { Db } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import type { IsoDate } from '../../lib/dates.js';
import type { Feature } from '../../platform/feature.js';
import type { DashboardSection } from '../../web/dashboard.js';
import { can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { DeadlineSource } from '../calendar/deadline-sources.js';
import { participationApiRoutes } from './participation.api.js';
import { participationBulletinRoutes } from './participation.bulletin.js';
import { participationOfficeRoutes } from './participation.office.js';
import { participationPortalRoutes } from './participation.portal.js';
import * as repo from './participation.repository.js';
import { feedbackAlarms, feedbackDue, feedbackForPublication, guardFeedbackBeforePublishing } from './participation.service.js';
import { FeedbackAlarms } from './views/ParticipationOfficeViews.js';
import { consultationUrl, FeedbackBlock } from './views/ParticipationPortalViews.js';

/** The 采纳情况 expected after a consultation closed, recomputed when the calendar changes. */
const feedbackDeadlineSource: DeadlineSource<{ endDate: IsoDate }> = {
  key: 'consultation-feedback',
  label: '意见采纳情况公布',
  entityType: 'consultation',
  async listOpen(db) {
    const rows = await repo.awaitingFeedback(db, todayOf(db), null);
    return rows.map((r) => ({ id: r.id, agencyId: r.agencyId, label: `意见征集：${r.title}`, href: `/office/participation/consultations/${r.id}`, stored: null, input: { endDate: r.endDate as IsoDate } }));
  },
  compute: (cal, input) => feedbackDue(cal, input.endDate),
};

async function participationDashboard(db: Db, actor: Actor): Promise<DashboardSection[]> {
  if (!can(actor, 'participation.manage')) return [];
  const alarms = await feedbackAlarms(db, actor);
  if (!alarms.length) return [];
  const overdue = alarms.filter((a) => a.overdue).length;
  return [{ title: overdue ? `意见征集：${overdue}项截止后逾期未公布采纳情况` : '意见征集：待公布采纳情况', order: overdue ? 13 : 35, body: <FeedbackAlarms alarms={alarms} /> }];
}

/** Public participation (Arts. 14–18 of 重大行政决策程序暂行条例): consultations on drafts, their feedback, hearings. */
export const participationFeature: Feature = {
  key: 'participation',
  label: '意见征集与听证',
  routes: [participationPortalRoutes, participationApiRoutes, participationOfficeRoutes, participationBulletinRoutes],
  officeMenu: [{ href: '/office/participation', label: '意见征集与听证', permission: 'office.access', order: 42 }],
  dashboard: participationDashboard,
  deadlineSources: [feedbackDeadlineSource],
  listeners: [
    {
      phase: 'transaction',
      name: 'participation.feedback-before-publishing',
      async handle(trx, change) {
        if (change.entity !== 'publication' || typeof change.id !== 'number') return;
        await guardFeedbackBeforePublishing(trx, change.id, change.action);
      },
    },
  ],
  // Art. 32: the decision explains how the public's opinions were adopted; its page shows the feedback.
  publicationAddenda: [
    async (db, pub) => {
      const list = await feedbackForPublication(db, pub.id);
      return list.length ? <>{list.map((f) => <FeedbackBlock key={f.row.id} row={f.row} link={consultationUrl(f.agencySlug, f.row.id)} />)}</> : null;
    },
  ],
  entityPages: [
    { entity: 'consultation', label: '意见征集', href: (id) => `/office/participation/consultations/${id}` },
    { entity: 'hearing', label: '听证会', href: (id) => `/office/participation/hearings/${id}` },
  ],
};
