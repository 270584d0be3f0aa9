/**
 * Mailbox statistics per agency and period: per kind, received, replied on time
 * and late, still open (overdue or not), average working days to reply, ratings.
 */
import type { DbOrTrx } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import { MAILBOX_KINDS, MAILBOX_KIND_KEYS, type MailboxKind } from './mailbox.clock.js';
import * as repo from './mailbox.repository.js';

export interface KindStats {
  kind: MailboxKind;
  label: string;
  received: number;
  replied: number;
  onTime: number;
  late: number;
  open: number;
  overdue: number;
  avgReplyWorkdays: number | null;
  published: number;
  avgRating: number | null;
}

export interface MailboxStats {
  from: string;
  to: string;
  byKind: KindStats[];
  total: Omit<KindStats, 'kind' | 'label'>;
}

type Row = Awaited<ReturnType<typeof repo.statsRows>>[number];

/** Pure: the figures of a set of rows as of `today`. */
export function summarise(rows: readonly Row[], today: string): Omit<KindStats, 'kind' | 'label'> {
  const replied = rows.filter((r) => r.repliedDate !== null);
  const open = rows.filter((r) => r.state === 'open');
  const days = replied.map((r) => r.workdaysTaken).filter((d): d is number => d !== null);
  const rated = rows.map((r) => r.rating).filter((x): x is number => x !== null);
  const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
  return {
    received: rows.length,
    replied: replied.length,
    onTime: replied.filter((r) => r.onTime === 1).length,
    late: replied.filter((r) => r.onTime === 0).length,
    open: open.length,
    overdue: open.filter((r) => r.dueDate !== null && r.dueDate < today).length,
    avgReplyWorkdays: avg(days),
    published: rows.filter((r) => r.publishedAt !== null).length,
    avgRating: avg(rated),
  };
}

export async function mailboxStats(db: DbOrTrx, agencyId: number | null, from: string, to: string): Promise<MailboxStats> {
  const rows = await repo.statsRows(db, agencyId, from, to);
  const today = todayOf(db);
  return {
    from,
    to,
    byKind: MAILBOX_KIND_KEYS.map((kind) => ({ kind, label: MAILBOX_KINDS[kind].label, ...summarise(rows.filter((r) => r.kind === kind), today) })),
    total: summarise(rows, today),
  };
}

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function statsCsv(s: MailboxStats): string {
  const head = ['类型', '收到', '已答复', '按期答复', '超期答复', '未答复', '其中已逾期', '平均答复用时（工作日）', '已公开', '平均评价'];
  const line = (label: string, k: Omit<KindStats, 'kind' | 'label'>) =>
    [label, k.received, k.replied, k.onTime, k.late, k.open, k.overdue, k.avgReplyWorkdays, k.published, k.avgRating].map(cell).join(',');
  return `\uFEFF${[head.join(','), ...s.byKind.map((k) => line(k.label, k)), line('合计', s.total)].join('\r\n')}\r\n`;
}
