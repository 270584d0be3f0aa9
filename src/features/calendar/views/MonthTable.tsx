import { type IsoDate, daysInMonth } from '../../../lib/dates.js';
import { type Calendar, HOLIDAYS } from '../calendar.js';
import { statutoryHolidays } from '../statutory.js';
import { dayInfo } from '../workdays.js';

/** Extra text for a day: the calculator's start day, counted working days, the result. */
export type DayNotes = ReadonlyMap<string, string>;

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];

/**
 * One month as a table, Monday first. Every mark is text (休, 班, the festival's
 * name), so nothing relies on colour; classes only add colour on top.
 */
export function MonthTable(p: { cal: Calendar; year: number; month: number; notes?: DayNotes; headingLevel?: 'h2' | 'h3' }) {
  const first = `${p.year}-${String(p.month).padStart(2, '0')}-01` as IsoDate;
  const count = daysInMonth(p.year, p.month);
  // 0 = Monday … 6 = Sunday.
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (IsoDate | null)[] = [...Array<null>(lead).fill(null)];
  for (let d = 1; d <= count; d++) cells.push(`${first.slice(0, 8)}${String(d).padStart(2, '0')}` as IsoDate);
  while (cells.length % 7) cells.push(null);
  const weeks: (IsoDate | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const provisional = dayInfo(p.cal, first).provisional;
  return (
    <table class={`month${provisional ? ' month-provisional' : ''}`}>
      <caption>
        {p.year}年{p.month}月
        {provisional ? (
          <span class="month-note">
            {statutoryHolidays(p.year) ? '（该年节假日安排尚未公布，暂按法定节假日推算，调休未定）' : '（该年节假日安排尚未公布，按周一至周五计）'}
          </span>
        ) : null}
      </caption>
      <thead>
        <tr>
          {WEEK.map((w) => (
            <th key={w} scope="col" abbr={`星期${w}`}>
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, i) => (
          <tr key={i}>
            {week.map((date, j) => {
              if (!date) return <td key={j} class="day-empty" />;
              const info = dayInfo(p.cal, date);
              const note = p.notes?.get(date);
              const tag =
                info.kind === 'holiday'
                  ? `休${info.holiday ? `·${HOLIDAYS[info.holiday].label}` : ''}${info.provisional ? '（暂定）' : ''}`
                  : info.kind === 'makeup'
                    ? '班·调休上班'
                    : info.kind === 'weekend'
                      ? '休'
                      : '';
              return (
                <td key={j} class={`day day-${info.kind}${note ? ' day-noted' : ''}`}>
                  <span class="day-num">{Number(date.slice(8))}</span>
                  {tag ? <span class="day-tag">{tag}</span> : null}
                  {note ? <span class="day-note">{note}</span> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The months from `from` to `to` inclusive, at most `max` of them. */
export function monthsBetween(from: IsoDate, to: IsoDate, max = 4): { year: number; month: number }[] {
  const out: { year: number; month: number }[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const ey = Number(to.slice(0, 4));
  const em = Number(to.slice(5, 7));
  while ((y < ey || (y === ey && m <= em)) && out.length < max) {
    out.push({ year: y, month: m });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
