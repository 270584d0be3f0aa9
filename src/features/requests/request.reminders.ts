/**
 * Reminders before a reply deadline passes: once a day, each open application due
 * within three working days (or already overdue) is brought to its handler's
 * attention by e-mail — the office's reviewers when nobody is assigned — and the
 * reminder is recorded on the application, so a second run the same day sends
 * nothing twice.
 */
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowOf, todayOf } from '../../db/runtime.js';
import { formatChineseDate, type IsoDate } from '../../lib/dates.js';
import { agencyStaff } from '../accounts/account.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { addWorkdays } from '../calendar/workdays.js';
import { queueMail } from '../mail/mail.service.js';
import { askedFor } from './request.replies.js';
import * as repo from './request.repository.js';
import { OPEN_STATES } from './request.workflow.js';

/** Days ahead of the deadline that a reminder goes out. */
export const REMIND_WORKDAYS = 3;

export async function remindDeadlines(db: Db): Promise<number> {
  const today = todayOf(db);
  const soon = addWorkdays(await getCalendar(db), today, REMIND_WORKDAYS, { details: false }).date;
  const due = (await repo.listOpen(db, OPEN_STATES)).filter((r) => r.dueDate !== null && r.dueDate <= soon);
  let sent = 0;
  for (const r of due) {
    const events = await repo.listEvents(db, r.id);
    if (events.some((e) => e.type === 'reminded' && e.date === today)) continue;
    const staff = await agencyStaff(db, r.agencyId);
    const to = (r.handlerId ? staff.filter((p) => p.userId === r.handlerId) : staff.filter((p) => p.role === 'office_reviewer')).map((p) => p.email).filter(Boolean);
    const overdue = r.dueDate! < today;
    await inTransaction(db, async (trx) => {
      await repo.insertEvent(trx, { requestId: r.id, type: 'reminded', date: today, details: JSON.stringify({ to: to.length, overdue }), actorId: null, actorName: '系统', createdAt: nowOf(trx) });
      for (const address of [...new Set(to)]) {
        await queueMail(trx, {
          to: address,
          subject: `${overdue ? '已逾期' : '即将到期'}：政府信息公开申请第${r.id}号`,
          text: [
            `政府信息公开申请第${r.id}号（${askedFor(r)}）的答复期限为${formatChineseDate(r.dueDate as IsoDate)}，${overdue ? '已经逾期，请尽快答复' : `将在${REMIND_WORKDAYS}个工作日内届满，请及时办理`}。`,
            '',
            `办公系统：/office/requests/${r.id}`,
          ].join('\n'),
          agencyId: r.agencyId,
          related: { type: 'request', id: String(r.id) },
        });
      }
    });
    sent++;
  }
  return sent;
}
