/**
 * The reply deadline of each open message, kept on its row for the inbox order
 * and the alarms, and recomputed by the calendar whenever a holiday year changes
 * (a deadline computed on a provisional year becomes final or moves).
 */
import type { DeadlineSource } from '../calendar/deadline-sources.js';
import type { IsoDate } from '../../lib/dates.js';
import { MAILBOX_KINDS, mailboxClock, type MailboxKind } from './mailbox.clock.js';
import * as repo from './mailbox.repository.js';

export interface MailboxDeadlineInput {
  receivedDate: IsoDate;
  kind: MailboxKind;
  limitDays: number;
}

export const mailboxDeadlineSource: DeadlineSource<MailboxDeadlineInput> = {
  key: 'mailbox',
  label: '信箱答复期限',
  entityType: 'mailbox',
  async listOpen(db) {
    const rows = await repo.listOpen(db);
    return rows.map((r) => ({
      id: r.id,
      agencyId: r.agencyId,
      label: `${MAILBOX_KINDS[r.kind as MailboxKind]?.label ?? '留言'} 第${r.id}号：${r.subject}`,
      href: `/office/mailbox/${r.id}`,
      stored: { deadline: r.dueDate as IsoDate | null, provisional: r.dueProvisional === 1 },
      input: { receivedDate: r.receivedDate as IsoDate, kind: r.kind as MailboxKind, limitDays: r.limitDays },
    }));
  },
  compute(cal, input) {
    const c = mailboxClock(cal, [{ type: 'received', date: input.receivedDate, kind: input.kind }], { limits: { [input.kind]: input.limitDays } });
    return { deadline: c.deadline, provisional: c.provisional };
  },
  async store(db, updates) {
    for (const u of updates) {
      await db
        .updateTable('mailboxMessages')
        .set({ dueDate: u.next.deadline, dueProvisional: u.next.provisional ? 1 : 0 })
        .where('id', '=', Number(u.item.id))
        .execute();
    }
  },
};
