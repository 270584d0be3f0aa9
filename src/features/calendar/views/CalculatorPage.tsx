import type { FieldErrors } from '../../../errors.js';
import { type IsoDate, addDays, dayOfWeek, formatChineseDate, toDayNumber } from '../../../lib/dates.js';
import { ErrorSummary, Field } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import { type Calendar, HOLIDAYS } from '../calendar.js';
import type { StoredCalendarYear } from '../calendar.service.js';
import { type AddWorkdaysResult, dayInfo, isWorkday } from '../workdays.js';
import { MonthTable, monthsBetween } from './MonthTable.js';

const WEEKDAYS = '日一二三四五六';
export const weekdayOf = (d: IsoDate) => `星期${WEEKDAYS[dayOfWeek(d)]}`;

/**
 * Consecutive dates of one festival, as [start, end, label]; a statutory holiday no
 * notice has confirmed yet is labelled 元旦（暂按法定节假日推算）.
 */
export function holidayRuns(cal: Calendar, dates: readonly IsoDate[], provisional: readonly IsoDate[] = []): { start: IsoDate; end: IsoDate; label: string }[] {
  const runs: { start: IsoDate; end: IsoDate; label: string }[] = [];
  const unconfirmed = new Set(provisional);
  for (const d of dates) {
    const info = dayInfo(cal, d);
    const label = `${info.holiday ? HOLIDAYS[info.holiday].label : '节假日'}${unconfirmed.has(d) ? '（暂按法定节假日推算）' : ''}`;
    const last = runs[runs.length - 1];
    if (last && last.label === label && toDayNumber(last.end) + 1 === toDayNumber(d)) last.end = d;
    else runs.push({ start: d, end: d, label });
  }
  return runs;
}

/** Longest range for which every counted working day gets its number in the month view. */
const NUMBER_DAYS_UP_TO = 60;

function dayNotes(cal: Calendar, from: IsoDate, days: number, result: IsoDate): Map<string, string> {
  const notes = new Map<string, string>([[from, '起算日（不计）']]);
  if (days <= NUMBER_DAYS_UP_TO) {
    let k = 0;
    for (let d = addDays(from, 1); d <= result; d = addDays(d, 1)) {
      if (isWorkday(cal, d).working) notes.set(d, `第${++k}个工作日`);
    }
  }
  notes.set(result, `第${days}个工作日（结果）`);
  return notes;
}

export interface CalculatorResult {
  from: IsoDate;
  days: number;
  r: AddWorkdaysResult;
}

export function CalculatorPage(p: {
  ctx: PageContext;
  siteName: string;
  cal: Calendar;
  values: { from?: string; days?: string };
  errors?: FieldErrors;
  message?: string;
  result?: CalculatorResult;
  latest: StoredCalendarYear | null;
}) {
  const c = p.cal.coverage;
  const res = p.result;
  const months = res
    ? (() => {
        const all = monthsBetween(res.from, res.r.date, 24);
        return all.length <= 4 ? all : [all[0]!, all[all.length - 1]!];
      })()
    : [];
  const notes = res ? dayNotes(p.cal, res.from, res.days, res.r.date) : undefined;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title="工作日计算" crumbs={[{ label: '工作日计算' }]} meta={{ ColumnName: '工作日计算' }}>
      <h1>工作日计算</h1>
      <p>
        政府信息公开的法定期限按工作日计算：周六、周日和法定节假日不计入，国务院办公厅通知中的调休上班日计入。输入起算日期和工作日天数，即可得到期限届满日，并列出其间跳过的节假日和计入的调休上班日。
      </p>
      <p class="muted">
        起算日当天不计入，从次日起计算第1个工作日（例如依申请公开：收到申请之日起20个工作日内答复）。
        {c
          ? `节假日安排已录入${c.firstYear}年至${c.lastYear}年；涉及以后年份的结果为临时结果（暂按法定节假日推算，调休未定）。`
          : '尚未录入任何节假日安排，所有结果均为临时结果（暂按法定节假日推算，调休未定）。'}
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="get" action="/calendar" class="panel calculator" novalidate>
        <Field name="from" label="起算日期" type="date" hint="格式：YYYY-MM-DD，例如 2026-09-15" value={p.values.from} errors={p.errors} required />
        <Field name="days" label="工作日天数" inputMode="numeric" hint="例如 20；最多 10000" value={p.values.days} errors={p.errors} required maxLength={12} />
        <button type="submit">计算</button>
      </form>
      {res ? (
        <section aria-labelledby="result-h" class="calc-result">
          <h2 id="result-h">计算结果</h2>
          <p class="calc-answer">
            {formatChineseDate(res.from)}之后的第{res.days}个工作日是
            <strong>
              {' '}
              <time dateTime={res.r.date}>
                {formatChineseDate(res.r.date)}（{weekdayOf(res.r.date)}）
              </time>
            </strong>
            {res.r.provisional ? '（临时结果）' : ''}
          </p>
          {res.r.provisional ? (
            <div class="alert alert-warning" role="note">
              <p>
                <strong>临时结果：</strong>
                {res.r.explain.filter((line) => line.includes('节假日安排未录入')).join('')}
              </p>
            </div>
          ) : null}
          <ul class="calc-explain">
            {res.r.explain.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
          <h3>跳过的节假日（{res.r.holidaysSkipped.length}天）</h3>
          {res.r.holidaysSkipped.length ? (
            <ul>
              {holidayRuns(p.cal, res.r.holidaysSkipped, res.r.provisionalHolidaysSkipped).map((run) => (
                <li key={run.start}>
                  {run.label}：{run.start === run.end ? formatChineseDate(run.start) : `${formatChineseDate(run.start)}至${formatChineseDate(run.end)}`}
                </li>
              ))}
            </ul>
          ) : (
            <p>无</p>
          )}
          <h3>计入的调休上班日（{res.r.makeupDaysCounted.length}天）</h3>
          {res.r.makeupDaysCounted.length ? (
            <ul>
              {res.r.makeupDaysCounted.map((d) => (
                <li key={d}>
                  {formatChineseDate(d)}（{weekdayOf(d)}）
                </li>
              ))}
            </ul>
          ) : (
            <p>无</p>
          )}
          <h3>月历</h3>
          <p class="muted">“休”为休息日或节假日，“班”为调休上班日；表中标出起算日和每个计入的工作日。</p>
          <div class="months">
            {months.map((m) => (
              <MonthTable key={`${m.year}-${m.month}`} cal={p.cal} year={m.year} month={m.month} notes={notes} />
            ))}
          </div>
          <p>
            <a href={`/api/v1/calendar/add-workdays?from=${res.from}&days=${res.days}`}>以 JSON 格式获取此结果</a>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="source-h">
        <h2 id="source-h">数据来源</h2>
        <p>
          节假日和调休安排以国务院办公厅每年发布的《关于部分节假日安排的通知》为准。
          {p.latest
            ? `最新录入的是${p.latest.year}年的安排：${p.latest.source.title}${p.latest.source.noticeNumber ? `（${p.latest.source.noticeNumber}）` : ''}。`
            : ''}
          <a href="/api/v1/calendar/years">全部年份及来源（JSON）</a>
        </p>
      </section>
    </PortalLayout>
  );
}
