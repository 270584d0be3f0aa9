/**
 * The reply deadline of each open application, kept on its row for lists, sorting
 * and reminders, and recomputed from its events whenever they change and whenever
 * a holiday year is entered (the deadline source the calendar recomputes).
 */
import { openApplicant } from './request.personal.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { countWorkdays } from '../calendar/workdays.js';
import type { IsoDate } from '../../lib/dates.js';
import type { DeadlineSource } from '../calendar/deadline-sources.js';
import { requestReplyClock, type RequestEvent } from './request.clock.js';
import { clockEvents, clockSettings } from './request.read.js';
import * as repo from './request.repository.js';
import type { RequestRow } from './request.table.js';
import { OPEN_STATES } from './request.workflow.js';

/** Recomputes the row's receipt date and deadline from its events and stores them; returns the row as stored. */
export async function storeDeadline(trx: DbOrTrx, row: RequestRow): Promise<RequestRow> {
  const [events, cal, settings] = await Promise.all([repo.listEvents(trx, row.id), getCalendar(trx as Db), clockSettings(trx)]);
  const clock = requestReplyClock(cal, clockEvents(row, events), { feePausesReplyClock: settings.feePausesReplyClock });
  const receivedDate = clock.derived.receiptDate;
  const open = (OPEN_STATES as readonly string[]).includes(row.state);
  // A reply's deadline is the one in force when it was given (the clock still knows it).
  const dueDate = open || (row.repliedDate && clock.deadline) ? clock.deadline : row.dueDate;
  const dueProvisional = open ? (clock.provisional ? 1 : 0) : row.dueProvisional;
  const replied = row.repliedDate && receivedDate && !open;
  const workdaysTaken = replied ? countWorkdays(cal, receivedDate, row.repliedDate as IsoDate, { details: false }).count : null;
  const onTime = replied && dueDate ? (row.repliedDate! <= dueDate ? 1 : 0) : null;
  if (receivedDate === row.receivedDate && dueDate === row.dueDate && dueProvisional === row.dueProvisional && workdaysTaken === row.workdaysTaken && onTime === row.onTime) {
    return row;
  }
  const updated = await trx
    .updateTable('requests')
    .set({ receivedDate, dueDate, dueProvisional, workdaysTaken, onTime })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return openApplicant(trx, updated);
}

export interface RequestDeadlineInput {
  events: RequestEvent[];
  feePausesReplyClock: boolean;
}

/** Open applications for the calendar's recomputation; it stores the new deadlines on the rows. */
export const requestDeadlineSource: DeadlineSource<RequestDeadlineInput> = {
  key: 'request',
  label: '答复期限',
  entityType: 'request',
  async listOpen(db) {
    const rows = await repo.listOpen(db, OPEN_STATES);
    const events = await repo.eventsOf(
      db,
      rows.map((r) => r.id),
    );
    const { feePausesReplyClock } = await clockSettings(db);
    return rows.map((r) => ({
      id: r.id,
      agencyId: r.agencyId,
      label: `依申请公开 第${r.id}号`,
      href: `/office/requests/${r.id}`,
      stored: { deadline: r.dueDate as never, provisional: r.dueProvisional === 1 },
      input: { events: clockEvents(r, events.get(r.id) ?? []), feePausesReplyClock },
    }));
  },
  compute(cal, input) {
    const c = requestReplyClock(cal, input.events, { feePausesReplyClock: input.feePausesReplyClock });
    return { deadline: c.deadline, provisional: c.provisional };
  },
  async store(db, updates) {
    for (const u of updates) {
      await db
        .updateTable('requests')
        .set({ dueDate: u.next.deadline, dueProvisional: u.next.provisional ? 1 : 0 })
        .where('id', '=', Number(u.item.id))
        .execute();
    }
  },
};

/** Whether an open application's deadline has passed, as of today. */
export function isOverdue(db: DbOrTrx, row: Pick<RequestRow, 'state' | 'dueDate'>): boolean {
  return (OPEN_STATES as readonly string[]).includes(row.state) && row.dueDate !== null && row.dueDate < todayOf(db);
}
