import { Fragment } from 'preact';
import type { FieldErrors } from '../../../errors.js';
import { type IsoDate, chinaDateOf, formatChinaDateTime, formatChineseDate } from '../../../lib/dates.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { type Calendar, type CalendarProblem, CALENDAR_ORIGINS, HOLIDAYS, validateCalendarYear } from '../calendar.js';
import type { CalendarOverview, StoredCalendarYear } from '../calendar.service.js';
import { DEADLINE_CHANGE_KINDS, type DeadlineChange } from '../deadline-sources.js';
import { statutoryHolidays } from '../statutory.js';
import { MonthTable } from './MonthTable.js';

const originLabel = (o: string) => (CALENDAR_ORIGINS as Record<string, { label: string }>)[o]?.label ?? o;
const holidayLabel = (h: { name: keyof typeof HOLIDAYS; combinedWith?: (keyof typeof HOLIDAYS)[] }) =>
  [h.name, ...(h.combinedWith ?? [])].map((k) => HOLIDAYS[k].label).join('、');

function Subnav(p: { year: number; current: 'show' | 'edit' }) {
  return (
    <nav class="subnav" aria-label={`${p.year}年节假日安排`}>
      <a href="/office/calendar">全部年份</a>
      <a href={`/office/calendar/${p.year}`} aria-current={p.current === 'show' ? 'page' : undefined}>
        查看
      </a>
      <a href={`/office/calendar/${p.year}/edit`} aria-current={p.current === 'edit' ? 'page' : undefined}>
        录入或修改
      </a>
      <a href={`/office/audit?entityType=calendar_year&entityId=${p.year}`}>修改记录</a>
    </nav>
  );
}

/** The statutory holidays an uncovered year's deadlines rest on, for the admin to compare with the notice. */
function ProvisionalHolidays(p: { year: number }) {
  const spans = statutoryHolidays(p.year);
  if (!spans) return null;
  return (
    <p class="hint">
      {p.year}年暂按以下法定节假日放假（调休未定）：
      {spans
        .map((h) => `${holidayLabel(h)} ${h.start === h.end ? formatChineseDate(h.start) : `${formatChineseDate(h.start)}至${formatChineseDate(h.end)}`}`)
        .join('；')}
      。
    </p>
  );
}

export function CalendarYearList(p: { ctx: PageContext; overview: CalendarOverview }) {
  const c = p.overview.coverage;
  const next = c ? c.lastYear + 1 : Number(chinaDateOf(p.ctx.now).slice(0, 4));
  return (
    <OfficeLayout ctx={p.ctx} title="节假日安排">
      <h1>节假日安排</h1>
      <p>
        {c ? (
          <>
            已录入 <strong>{c.firstYear}年至{c.lastYear}年</strong> 的官方安排。{next}年及以后的期限暂按《全国年节及纪念日放假办法》规定的法定节假日放假、其余周一至周五为工作日计算（调休安排尚未公布，按法定节假日推算），并标为“临时”；国务院办公厅公布{next}年安排后，请及时录入，系统会重新计算所有未结期限。
          </>
        ) : (
          '尚未录入任何年份的安排，所有期限均为临时结果。'
        )}
      </p>
      <ProvisionalHolidays year={next} />
      <p>
        <a class="button" href={`/office/calendar/${next}/edit`}>
          录入{next}年安排
        </a>{' '}
        也可使用命令 <code>gongkai calendar import 文件</code> 导入（格式见 docs/calendar-import.md）。
      </p>
      <table class="table">
        <caption>各年份当前版本</caption>
        <thead>
          <tr>
            <th scope="col">年份</th>
            <th scope="col">通知文号</th>
            <th scope="col">成文日期</th>
            <th scope="col">来源</th>
            <th scope="col">版本</th>
            <th scope="col">录入</th>
          </tr>
        </thead>
        <tbody>
          {[...p.overview.years].reverse().map((y) => (
            <tr key={y.year}>
              <th scope="row">
                <a href={`/office/calendar/${y.year}`}>{y.year}年</a>
              </th>
              <td>{y.source.noticeNumber ?? <span class="muted">未知</span>}</td>
              <td>{y.source.noticeDate ?? <span class="muted">未知</span>}</td>
              <td>{originLabel(y.source.origin)}</td>
              <td>
                第{y.version}版{y.versions > 1 ? `（共${y.versions}版）` : ''}
              </td>
              <td>
                {y.enteredBy.name}，{formatChinaDateTime(y.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </OfficeLayout>
  );
}

export function DeadlineChangesTable(p: { changes: DeadlineChange[]; total: number }) {
  const fmt = (d: { deadline: string | null; provisional: boolean }) =>
    d.deadline ? `${formatChineseDate(d.deadline as IsoDate)}${d.provisional ? '（临时）' : ''}` : '无';
  return (
    <>
      <table class="table">
        <caption>变动的未结期限（{p.total}项）</caption>
        <thead>
          <tr>
            <th scope="col">事项</th>
            <th scope="col">期限类型</th>
            <th scope="col">变动</th>
            <th scope="col">原期限</th>
            <th scope="col">新期限</th>
          </tr>
        </thead>
        <tbody>
          {p.changes.map((c) => (
            <tr key={`${c.source}:${c.entityId}`}>
              <td>{c.href ? <a href={c.href}>{c.label}</a> : c.label}</td>
              <td>{c.sourceLabel}</td>
              <td>{DEADLINE_CHANGE_KINDS[c.kind].label}</td>
              <td>{fmt(c.before)}</td>
              <td>{fmt(c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.total > p.changes.length ? (
        <p>
          仅列出前{p.changes.length}项，全部变动见<a href="/office/audit?action=calendar.deadline_moved">审计日志</a>。
        </p>
      ) : null}
    </>
  );
}

export function CalendarYearPage(p: {
  ctx: PageContext;
  cal: Calendar;
  year: StoredCalendarYear;
  versions: StoredCalendarYear[];
  isCurrent: boolean;
}) {
  const y = p.year;
  const warnings: CalendarProblem[] = validateCalendarYear(y).filter((w) => w.severity === 'warning');
  return (
    <OfficeLayout ctx={p.ctx} title={`${y.year}年节假日安排`}>
      <h1>
        {y.year}年节假日安排 <small>第{y.version}版{p.isCurrent ? '（当前）' : '（历史版本）'}</small>
      </h1>
      <Subnav year={y.year} current="show" />
      {!p.isCurrent ? (
        <p class="alert alert-warning">
          这是历史版本，期限计算使用的是<a href={`/office/calendar/${y.year}`}>当前版本</a>。
        </p>
      ) : null}
      <dl class="facts">
        <dt>通知</dt>
        <dd>{y.source.title}</dd>
        <dt>文号</dt>
        <dd>{y.source.noticeNumber ?? '未知'}</dd>
        <dt>成文日期</dt>
        <dd>{y.source.noticeDate ? formatChineseDate(y.source.noticeDate) : '未知'}</dd>
        {(y.source.amendments ?? []).map((a, i) => (
          <Fragment key={i}>
            <dt>调整通知</dt>
            <dd>
              {a.title}（{a.noticeNumber ?? '文号未知'}，{a.noticeDate ? formatChineseDate(a.noticeDate) : '日期未知'}）
            </dd>
          </Fragment>
        ))}
        <dt>来源</dt>
        <dd>{originLabel(y.source.origin)}</dd>
        <dt>录入</dt>
        <dd>
          {y.enteredBy.name}，{formatChinaDateTime(y.createdAt)}
        </dd>
        {y.note ? (
          <>
            <dt>说明</dt>
            <dd>{y.note}</dd>
          </>
        ) : null}
      </dl>
      {warnings.length ? (
        <div class="alert alert-warning" role="note">
          <p>请核对：</p>
          <ul>
            {warnings.map((w) => (
              <li key={w.path + w.code}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <section aria-labelledby="changes-h">
        <h2 id="changes-h">保存本版时变动的期限</h2>
        {y.deadlinesChanged ? (
          <DeadlineChangesTable changes={y.deadlineChanges} total={y.deadlinesChanged} />
        ) : (
          <p>保存本版时没有未结期限发生变动。</p>
        )}
      </section>
      <section aria-labelledby="spans-h">
        <h2 id="spans-h">放假与调休</h2>
        <table class="table">
          <caption>放假安排</caption>
          <thead>
            <tr>
              <th scope="col">节日</th>
              <th scope="col">放假</th>
              <th scope="col">天数</th>
            </tr>
          </thead>
          <tbody>
            {y.holidays.map((h) => (
              <tr key={h.start}>
                <th scope="row">{holidayLabel(h)}</th>
                <td>
                  {formatChineseDate(h.start)}至{formatChineseDate(h.end)}
                </td>
                <td>{Math.round((Date.parse(h.end) - Date.parse(h.start)) / 86_400_000) + 1}天</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          调休上班日：{y.makeupWorkdays.length ? y.makeupWorkdays.map((d) => formatChineseDate(d as IsoDate)).join('、') : '无'}
        </p>
      </section>
      {p.isCurrent ? (
        <section aria-labelledby="months-h">
          <h2 id="months-h">月历</h2>
          <p class="muted">“休”为休息日或节假日（注明节日），“班”为调休上班日，其余为工作日。</p>
          <div class="months">
            {Array.from({ length: 12 }, (_, i) => (
              <MonthTable key={i} cal={p.cal} year={y.year} month={i + 1} />
            ))}
          </div>
        </section>
      ) : null}
      <section aria-labelledby="versions-h">
        <h2 id="versions-h">版本历史</h2>
        <table class="table">
          <caption class="visually-hidden">版本历史</caption>
          <thead>
            <tr>
              <th scope="col">版本</th>
              <th scope="col">文号</th>
              <th scope="col">来源</th>
              <th scope="col">录入</th>
              <th scope="col">变动期限</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => (
              <tr key={v.version}>
                <th scope="row">
                  <a href={`/office/calendar/${v.year}?version=${v.version}`} aria-current={v.version === y.version ? 'page' : undefined}>
                    第{v.version}版
                  </a>
                </th>
                <td>{v.source.noticeNumber ?? '未知'}</td>
                <td>{originLabel(v.source.origin)}</td>
                <td>
                  {v.enteredBy.name}，{formatChinaDateTime(v.createdAt)}
                </td>
                <td>{v.deadlinesChanged}项</td>
                <td>{v.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </OfficeLayout>
  );
}

/** What the edit form shows; strings as typed, so a mistake survives the round trip. */
export interface YearFormValues {
  year: number;
  baseVersion: number;
  title: string;
  noticeNumber: string | null;
  noticeDate: string | null;
  holidays: { name: string; start: string; end: string; combinedWith: string }[];
  makeupWorkdays: string[];
  note: string;
}

const HOLIDAY_OPTIONS = [{ value: '', label: '（不填）' }, ...Object.entries(HOLIDAYS).map(([value, { label }]) => ({ value, label }))];
const EXTRA_HOLIDAY_ROWS = 3;
const MIN_HOLIDAY_ROWS = 8;
const EXTRA_MAKEUP_ROWS = 3;
const MIN_MAKEUP_ROWS = 6;

export function CalendarYearForm(p: { ctx: PageContext; values: YearFormValues; existing: StoredCalendarYear | null; errors?: FieldErrors; message?: string }) {
  const v = p.values;
  const e = p.errors;
  const holidayRows = Math.max(MIN_HOLIDAY_ROWS, v.holidays.length + EXTRA_HOLIDAY_ROWS);
  const makeupRows = Math.max(MIN_MAKEUP_ROWS, v.makeupWorkdays.length + EXTRA_MAKEUP_ROWS);
  const wholeYear = ['year', 'holidays', 'makeupWorkdays', '_', 'source'].filter((k) => e?.[k]);
  return (
    <OfficeLayout ctx={p.ctx} title={`录入${v.year}年节假日安排`}>
      <h1>
        {p.existing ? `修改${v.year}年节假日安排` : `录入${v.year}年节假日安排`}
      </h1>
      <Subnav year={v.year} current="edit" />
      <p>
        按国务院办公厅《关于{v.year}年部分节假日安排的通知》逐项录入。保存后生成新版本（第{v.baseVersion + 1}版），旧版本保留；系统随即重新计算平台上所有未结期限，并列出变动的期限。
      </p>
      <ErrorSummary errors={e} message={p.message} />
      {wholeYear.length ? (
        <div class="alert alert-error" role="note">
          {wholeYear.map((k) => (
            <p key={k} id={`f-${k}`}>
              {e![k]}
            </p>
          ))}
        </div>
      ) : null}
      <form method="post" action={`/office/calendar/${v.year}`} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <input type="hidden" name="baseVersion" value={String(v.baseVersion)} />
        <fieldset>
          <legend>通知</legend>
          <Field name="source.title" label="通知标题" value={v.title} errors={e} required maxLength={200} />
          <Field
            name="source.noticeNumber"
            label="文号"
            hint="例如 国办发明电〔2025〕7号；确实不知道时勾选下面的“文号未知”"
            value={v.noticeNumber ?? ''}
            errors={e}
            maxLength={60}
          />
          <div class="field">
            <label>
              <input type="checkbox" name="source.noticeNumberUnknown" value="1" checked={v.noticeNumber === null} /> 文号未知
            </label>
          </div>
          <Field name="source.noticeDate" label="成文日期" hint="YYYY-MM-DD，即通知落款的日期" value={v.noticeDate ?? ''} errors={e} maxLength={10} />
          <div class="field">
            <label>
              <input type="checkbox" name="source.noticeDateUnknown" value="1" checked={v.noticeDate === null} /> 成文日期未知
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>放假区间</legend>
          <p class="hint">每个节日一行：开始和结束日期都包含在内（含其间的周六、周日）。日期格式 YYYY-MM-DD。空行不会保存。</p>
          {Array.from({ length: holidayRows }, (_, i) => {
            const h = v.holidays[i] ?? { name: '', start: '', end: '', combinedWith: '' };
            const rowError = e?.[`holidays.${i}`];
            return (
              <fieldset key={i} class={`span-row${rowError ? ' field-error' : ''}`} id={`f-holidays-${i}`}>
                <legend>第{i + 1}个放假区间</legend>
                {rowError ? <p class="error-text">{rowError}</p> : null}
                <Select name={`holidays.${i}.name`} label="节日" value={h.name} errors={e} options={HOLIDAY_OPTIONS} />
                <Field name={`holidays.${i}.start`} label="开始日期" value={h.start} errors={e} maxLength={10} />
                <Field name={`holidays.${i}.end`} label="结束日期" value={h.end} errors={e} maxLength={10} />
                <Select name={`holidays.${i}.combinedWith`} label="合并的节日（如中秋与国庆连休）" value={h.combinedWith} errors={e} options={HOLIDAY_OPTIONS} />
              </fieldset>
            );
          })}
        </fieldset>
        <fieldset>
          <legend>调休上班日</legend>
          <p class="hint">通知中要求上班的周六、周日，每格一个日期（YYYY-MM-DD）。</p>
          <div class="makeup-rows">
            {Array.from({ length: makeupRows }, (_, i) => (
              <Field key={i} name={`makeupWorkdays.${i}`} label={`第${i + 1}个调休上班日`} value={v.makeupWorkdays[i] ?? ''} errors={e} maxLength={10} />
            ))}
          </div>
        </fieldset>
        <TextArea name="note" label="修改说明" hint="例如：录入2027年通知；更正劳动节结束日期" value={v.note} errors={e} rows={2} maxLength={500} />
        <button type="submit">保存为第{v.baseVersion + 1}版</button>
      </form>
    </OfficeLayout>
  );
}
