/**
 * The annual report's clock (Art. 49): a calendar date, not a period of working days.
 * Kept with the catalog, which owns the 政府信息公开年报 column, until the annual
 * report has a feature of its own.
 */
import { type IsoDate, toDayNumber } from '../../lib/dates.js';
import { CalendarError } from '../calendar/calendar.js';
import { type ClockOptions, type ClockResult, type ClockState, checkToday, fmt, requireDate, sortEvents } from '../calendar/clock-kit.js';

/**
 * Art. 49: departments publish the previous year's report 每年1月31日前; the 主管部门
 * of a local government publishes the government's own 每年3月31日前. These are
 * calendar dates, not periods of working days: the date itself counts as in time
 * ("前" read inclusively, as agencies do), and it does not move when it falls on a
 * holiday — publication is online, and an earlier date is always safe.
 */
export const ANNUAL_REPORT_DUE = {
  department: { label: '县级以上人民政府部门', month: 1, day: 31, article: '第四十九条第一款', duty: '县级以上人民政府部门应于每年1月31日前向社会公布本行政机关上一年度政府信息公开工作年度报告' },
  // ¶2 puts the duty on the government's 政府信息公开工作主管部门, not on the government itself.
  government: {
    label: '县级以上地方人民政府',
    month: 3,
    day: 31,
    article: '第四十九条第二款',
    duty: '县级以上地方人民政府的政府信息公开工作主管部门应于每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告',
  },
} as const;
export type AnnualReportLevel = keyof typeof ANNUAL_REPORT_DUE;

export type AnnualReportEvent = { type: 'published'; date: IsoDate };

export interface AnnualReportDerived {
  reportYear: number;
  publishedDate: IsoDate | null;
  overdue: boolean;
}

export function annualReportClock(
  reportYear: number,
  level: AnnualReportLevel,
  events: readonly AnnualReportEvent[],
  options: Pick<ClockOptions, 'today'> = {},
): ClockResult<AnnualReportDerived> {
  if (!Number.isInteger(reportYear) || reportYear < 2008 || reportYear > 2998) {
    throw new CalendarError('INVALID_DATE', `报告年度“${String(reportYear)}”无效`);
  }
  const today = checkToday(options);
  events.forEach((e, i) => requireDate(e.date, `第${i + 1}个事件的日期`));
  const due = ANNUAL_REPORT_DUE[level];
  const deadline = `${reportYear + 1}-${String(due.month).padStart(2, '0')}-${String(due.day).padStart(2, '0')}` as IsoDate;
  const published = sortEvents(events, ['published']).find((e) => toDayNumber(e.date) > toDayNumber(`${reportYear}-12-31`))?.date ?? null;
  const explanation = [
    `${due.duty}（${due.article}），${reportYear}年度报告的期限为${fmt(deadline)}（当日仍在期限内，遇节假日不顺延）。`,
  ];
  let state: ClockState = 'running';
  const overdue = published === null && today !== undefined && today > deadline;
  if (published) {
    state = published <= deadline ? 'met' : 'late';
    explanation.push(`已于${fmt(published)}公布，${state === 'met' ? '在期限内' : '超过期限'}。`);
  } else if (overdue) {
    state = 'overdue';
    explanation.push(`截至${fmt(today!)}尚未公布，已逾期。`);
  }
  return { deadline, provisional: false, state, explanation, issues: [], derived: { reportYear, publishedDate: published, overdue } };
}
