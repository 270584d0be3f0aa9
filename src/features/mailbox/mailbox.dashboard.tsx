import type { Db } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import type { IsoDate } from '../../lib/dates.js';
import type { DashboardSection } from '../../web/dashboard.js';
import { agenciesWith, can } from '../access/policy.js';
import { mayAct } from './mailbox.service.js';
import type { Actor } from '../access/roles.js';
import { agencyLabels } from '../agencies/agency.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { MAILBOX_ALARMS, mailboxAlarm, type MailboxAlarm } from './mailbox.clock.js';
import * as repo from './mailbox.repository.js';
import { MailboxAlarms } from './views/MailboxOfficeViews.js';

/**
 * The alarms of unanswered messages: due soon, overdue, and escalating at 30, 60
 * and 90 days, so that no message nears the inspections' three-month veto unseen.
 */
export async function mailboxDashboard(db: Db, actor: Actor): Promise<DashboardSection[]> {
  if (!can(actor, 'mailbox.read')) return [];
  const agencies = agenciesWith(actor, 'mailbox.read');
  let open = await repo.listOpen(db, agencies);
  if (agencies === null && !actor.platformAdmin) open = open.filter((r) => r.agencyId !== null);
  if (agencies !== null && actor.platformAdmin) open = [...open, ...(await repo.listOpen(db)).filter((r) => r.agencyId === null)];
  // Only what the reader may open: a department editor's own department's letters.
  open = open.filter((r) => mayAct(actor, r, 'mailbox.read'));
  if (!open.length) return [];
  const cal = await getCalendar(db);
  const today = todayOf(db);
  const counts = Object.fromEntries(Object.keys(MAILBOX_ALARMS).map((k) => [k, 0])) as Record<MailboxAlarm, number>;
  const alarmed = open
    .map((r) => ({ ...r, alarm: mailboxAlarm(cal, { receivedDate: r.receivedDate as IsoDate, dueDate: r.dueDate as IsoDate | null, answered: false }, today) }))
    .filter((r) => {
      counts[r.alarm]++;
      return r.alarm !== 'none';
    })
    .sort((a, b) => MAILBOX_ALARMS[b.alarm].rank - MAILBOX_ALARMS[a.alarm].rank || (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
  const names = await agencyLabels(db, [...new Set(alarmed.map((r) => r.agencyId).filter((x): x is number => x !== null))]);
  const worst = alarmed[0]?.alarm ?? 'none';
  const rank = MAILBOX_ALARMS[worst].rank;
  return [
    {
      title: `政务信箱（待答复 ${open.length} 件${alarmed.length ? `，需关注 ${alarmed.length} 件` : ''}）`,
      order: rank >= 2 ? 10 : rank === 1 ? 20 : 46,
      body: (
        <MailboxAlarms
          counts={counts}
          items={alarmed.slice(0, 20).map((r) => ({ id: r.id, subject: r.subject, agencyName: r.agencyId === null ? '平台' : (names.get(r.agencyId)?.name ?? ''), dueDate: r.dueDate, alarm: r.alarm }))}
        />
      ),
    },
  ];
}
