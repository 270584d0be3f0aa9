import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { BarChart } from '../../../web/components/charts.js';
import { Csrf, ErrorSummary, Field, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { REPORT_FORMATS, type Check } from '../annual-report.js';
import { cellRefKey } from '../annual-report.export.js';
import { ENTERED_CELLS, NARRATIVE_SECTIONS } from '../annual-report.generate.js';
import { REPORT_ORIGINS, type DepartmentPart, type ReportView } from '../annual-report.service.js';
import { ReportTables } from './ReportTables.js';

type Values = Record<string, string>;
const STYLES = ['report-tables.css'];

export const reportPath = (agencyId: number, year: number) => `/office/annual-reports/${agencyId}/${year}`;

export interface AgencyYears {
  agency: { id: number; name: string; level: string };
  dueYear: number;
  dueDate: string;
  dueState: string;
  dueMessage: string;
  years: { year: number; origin: string; format: string; published: boolean; prepared: boolean; failing: number }[];
}

export function ReportsIndexPage(p: { ctx: PageContext; agencies: AgencyYears[]; canManage: (agencyId: number) => boolean }) {
  return (
    <OfficeLayout ctx={p.ctx} title="年度报告">
      <h1>政府信息公开工作年度报告</h1>
      <p class="hint">
        年度报告的表格由平台根据信息公开目录、依申请公开和复议诉讼记录生成，每个数字都可以点开查看背后的记录；勾稽关系核对不通过的报告不能提交发布。2019年以前的报告和平台启用之前的报告可作为历年数据导入。
      </p>
      {p.agencies.map((a) => (
        <section key={a.agency.id} class="card" aria-labelledby={`ag-${a.agency.id}`}>
          <h2 id={`ag-${a.agency.id}`}>{a.agency.name}</h2>
          <p class={a.dueState === 'overdue' || a.dueState === 'due_today' ? 'alert alert-warning' : a.dueState === 'upcoming' ? 'alert alert-info' : 'muted'}>{a.dueMessage}</p>
          <ul class="link-list">
            <li>
              <a href={reportPath(a.agency.id, a.dueYear)}>
                编制{a.dueYear}年度报告（{a.dueDate}前公布）
              </a>
            </li>
            {a.agency.level === 'government' ? (
              <li>
                <a href={`/office/annual-reports/${a.agency.id}/${a.dueYear}/government`}>{a.dueYear}年度政府汇总报告（含所属部门）</a>
              </li>
            ) : null}
            <li>
              <a href={`/office/annual-reports/${a.agency.id}/history`}>历年数据</a>
            </li>
            {p.canManage(a.agency.id) ? (
              <li>
                <a href={`/office/annual-reports/${a.agency.id}/import`}>导入往年报告网页</a>
              </li>
            ) : null}
          </ul>
          {a.years.length ? (
            <table class="table">
              <caption class="visually-hidden">{a.agency.name}已有的年度报告</caption>
              <thead>
                <tr>
                  <th scope="col">年度</th>
                  <th scope="col">来源</th>
                  <th scope="col">格式</th>
                  <th scope="col">核对</th>
                  <th scope="col">发布</th>
                </tr>
              </thead>
              <tbody>
                {a.years.map((y) => (
                  <tr key={y.year}>
                    <th scope="row">
                      <a href={reportPath(a.agency.id, y.year)}>{y.year}年度</a>
                    </th>
                    <td>{REPORT_ORIGINS[y.origin as keyof typeof REPORT_ORIGINS]?.label ?? y.origin}</td>
                    <td>{REPORT_FORMATS[y.format as keyof typeof REPORT_FORMATS]?.label ?? y.format}</td>
                    <td>{y.format === 'free' ? '—' : y.failing ? <strong class="text-danger">{y.failing}项不一致</strong> : '通过'}</td>
                    <td>{y.published ? '已发布' : y.prepared ? '已生成发布稿' : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ))}
    </OfficeLayout>
  );
}

export function ChecksPanel(p: { checks: Check[]; heading?: string }) {
  const failing = p.checks.filter((c) => !c.ok);
  return (
    <section aria-labelledby="checks-heading" class={failing.length ? 'alert alert-error' : 'alert alert-success'}>
      <h2 id="checks-heading">{p.heading ?? '勾稽关系核对'}</h2>
      {failing.length ? (
        <>
          <p>
            共 {p.checks.length} 项核对，<strong>{failing.length} 项不一致</strong>；表格中不一致的数字以虚线框和“≠”标出。
          </p>
          <ul>
            {failing.map((c, i) => (
              <li key={i}>{c.message}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>共 {p.checks.length} 项核对全部通过：每列“一+二”等于“（七）总计+四”，“（七）总计”等于各项办理结果之和，“总计”等于六类申请人之和，表四各组总计等于其各项之和。</p>
      )}
      <details>
        <summary>查看全部核对项</summary>
        <ul>
          {p.checks.map((c, i) => (
            <li key={i}>
              {c.ok ? '✓ ' : '✗ '}
              {c.message}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

export function ReportWorkbench(p: {
  ctx: PageContext;
  v: ReportView;
  canManage: boolean;
  due: { date: string; message: string; state: string };
  values?: Values | undefined;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const { v } = p;
  const base = reportPath(v.agency.id, v.year);
  const failing = new Set(v.checks.filter((c) => !c.ok).flatMap((c) => c.cells));
  const platform = v.origin === 'platform';
  const inputs = p.values ?? Object.fromEntries(ENTERED_CELLS.flatMap((c) => [[c.key, v.inputs[c.key]?.value == null ? '' : String(v.inputs[c.key]!.value)], [`${c.key}Source`, v.inputs[c.key]?.source ?? '']]));
  const narrative = p.values ?? { overview: v.narrative.overview, problems: v.narrative.problems, other: v.narrative.other };
  const version = String(v.stored?.row.version ?? '');
  const title = `${v.agency.name}${v.year}年度政府信息公开工作年度报告`;
  return (
    <OfficeLayout ctx={p.ctx} title={title} stylesheets={STYLES}>
      <p class="breadcrumbs">
        <a href="/office/annual-reports">年度报告</a> › {v.agency.name}
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <dl class="meta-list">
        <dt>来源</dt>
        <dd>{REPORT_ORIGINS[v.origin].label}</dd>
        <dt>格式</dt>
        <dd>{REPORT_FORMATS[v.format].label}</dd>
        <dt>公布期限</dt>
        <dd>
          {p.due.date}前（{p.due.message}）
        </dd>
        {v.publication ? (
          <>
            <dt>发布稿</dt>
            <dd>
              <a href={`/office/publications/${v.publication.id}`}>{v.publication.stateLabel}</a>
              {v.publication.url ? (
                <>
                  {' · '}
                  <a href={v.publication.url}>公开页面</a>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {v.stored?.row.generatedAt ? (
          <>
            <dt>发布稿生成于</dt>
            <dd>{formatChinaDateTime(v.stored.row.generatedAt)}</dd>
          </>
        ) : null}
        {v.stored?.row.sourceUrl ? (
          <>
            <dt>原文地址</dt>
            <dd>{v.stored.row.sourceUrl}</dd>
          </>
        ) : null}
      </dl>
      {v.empty ? (
        <p class="alert alert-info" role="note">
          {v.year}年度平台上没有本机关的主动公开、依申请公开或复议诉讼记录，下面的表格各项均为0。如本机关该年度的工作记录在平台之外，请导入历史台账或把该年度作为历年数据录入。
        </p>
      ) : null}
      {v.stale ? (
        <p class="alert alert-warning" role="note">
          生成发布稿之后，平台上的记录有变化，下表是记录的最新数据；发布稿中的数字仍是生成时的数据。需要时请重新“生成发布稿”。
        </p>
      ) : null}
      {v.figures ? <ChecksPanel checks={v.checks} /> : null}
      {v.figures ? (
        <ReportTables
          figures={v.figures}
          failing={failing}
          headingLevel={2}
          cellHref={platform ? (ref) => `${base}/cell?ref=${encodeURIComponent(cellRefKey(ref))}` : undefined}
        />
      ) : (
        <p class="alert alert-info">本年度报告没有固定表格（2019年以前的自由格式）{v.proactiveTotal !== null ? `，报告称全年主动公开政府信息${v.proactiveTotal}条` : ''}。</p>
      )}
      {v.figures ? (
        <p class="actions">
          <a href={`${base}/report.docx`}>下载 Word（DOCX）</a> · <a href={`${base}/report.xlsx`}>下载 Excel（XLSX）</a> · <a href={`${base}/table-2.csv`}>表二 CSV</a> ·{' '}
          <a href={`${base}/table-3.csv`}>表三 CSV</a> · <a href={`${base}/table-4.csv`}>表四 CSV</a> · <a href={`${base}/print`}>打印版</a> · <a href={`${base}/statistics`}>统计图表</a>
        </p>
      ) : null}
      {platform && p.canManage ? (
        <>
          <form method="post" action={`${base}/inputs`} class="card" id="inputs">
            <h2>平台不掌握的数据</h2>
            <p class="hint">行政许可、行政处罚、行政强制的处理决定数量和行政事业性收费金额由相关股室或业务系统提供，填写时请注明来源，以便核查。</p>
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="version" value={version} />
            {ENTERED_CELLS.map((c) => (
              <div class="field-row" key={c.key}>
                <Field name={c.key} label={`${c.row}：${c.column}`} value={inputs[c.key]} errors={p.errors} inputMode={c.unit === '万元' ? 'text' : 'numeric'} hint={`单位：${c.unit}`} />
                <Field name={`${c.key}Source`} label="数据来源" value={inputs[`${c.key}Source`]} errors={p.errors} maxLength={200} />
              </div>
            ))}
            <button type="submit" class="button">
              保存数据
            </button>
          </form>
          <form method="post" action={`${base}/narrative`} class="card" id="narrative">
            <h2>报告正文（一、五、六部分）</h2>
            {v.narrativeIsDraft ? <p class="alert alert-info">下面是平台根据本年度和上一年度数据生成的初稿，【】内为需要补充的内容，请修改后保存。</p> : null}
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="version" value={version} />
            {NARRATIVE_SECTIONS.map((s) => (
              <TextArea key={s.key} name={s.key} label={s.heading} value={narrative[s.key]} errors={p.errors} rows={s.key === 'overview' ? 14 : 8} maxLength={20000} hint="段落之间空一行" />
            ))}
            <button type="submit" class="button">
              保存正文
            </button>
          </form>
          <form method="post" action={`${base}/prepare`} class="card">
            <h2>生成发布稿</h2>
            <p class="hint">
              把上面的表格和正文写入“政府信息公开工作年度报告”栏目的一条信息，按本机关的审核流程提交、审核、发布。{v.publication?.publicStatus === 'published' ? '报告已发布的，生成的是新的修订版本，原版本在新版本发布前继续公开。' : ''}
              {v.ok ? '' : '表格核对未通过，发布稿可以生成，但不能提交或发布。'}
            </p>
            <Csrf token={p.ctx.csrfToken} />
            <button type="submit" class="button button-primary">
              {v.publication ? '重新生成发布稿' : '生成发布稿'}
            </button>
          </form>
        </>
      ) : null}
      {!platform && p.canManage ? (
        <p>
          <a href={`/office/annual-reports/${v.agency.id}/${v.year}/typed`}>修改本年度的历年数据</a>
        </p>
      ) : null}
      {platform && p.canManage && v.year < 2021 ? (
        <p class="hint">
          平台启用之前的年度，也可以<a href={`/office/annual-reports/${v.agency.id}/import`}>导入原报告网页</a>或<a href={`/office/annual-reports/${v.agency.id}/${v.year}/typed`}>手工录入</a>。
        </p>
      ) : null}
      {v.revisions.length ? (
        <section aria-labelledby="revisions">
          <h2 id="revisions">保留的版本</h2>
          <ul>
            {v.revisions.map((r) => (
              <li key={r.revisionNo}>
                第{r.revisionNo}版（{r.note}，{REPORT_ORIGINS[r.origin as keyof typeof REPORT_ORIGINS]?.label ?? r.origin}）{formatChinaDateTime(r.createdAt)} {r.createdByName} ·{' '}
                <a href={`${base}/revisions/${r.revisionNo}`}>查看</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </OfficeLayout>
  );
}

export interface CellRecords {
  label: string;
  value: number | null;
  explanation: string;
  columns: string[];
  rows: { href?: string; cells: string[] }[];
  total: number;
}

export function CellPage(p: { ctx: PageContext; agencyName: string; year: number; agencyId: number; ref: string; records: CellRecords }) {
  const r = p.records;
  return (
    <OfficeLayout ctx={p.ctx} title={`${r.label} - ${p.year}年度报告`}>
      <p class="breadcrumbs">
        <a href="/office/annual-reports">年度报告</a> › <a href={reportPath(p.agencyId, p.year)}>{p.agencyName}{p.year}年度</a>
      </p>
      <h1>{r.label}</h1>
      <p>
        表中数字：<strong>{r.value ?? '—'}</strong>。{r.explanation}
      </p>
      {r.total > r.rows.length ? <p class="hint">共 {r.total} 条，下面列出前 {r.rows.length} 条。</p> : null}
      {r.rows.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="记录">
          <table class="table">
            <caption class="visually-hidden">计入该数字的记录</caption>
            <thead>
              <tr>
                {r.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row, i) => (
                <tr key={i}>
                  {row.cells.map((c, k) => (
                    <td key={k}>{k === 0 && row.href ? <a href={row.href}>{c}</a> : c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">没有记录。</p>
      )}
    </OfficeLayout>
  );
}

export function GovernmentPage(p: { ctx: PageContext; agency: { id: number; name: string }; year: number; own: DepartmentPart; departments: DepartmentPart[]; checks: Check[]; figures: import('../annual-report.js').ReportFigures; dueDate: string }) {
  const failing = new Set(p.checks.filter((c) => !c.ok).flatMap((c) => c.cells));
  const status = (d: DepartmentPart) =>
    d.excluded ? '格式不同，未计入' : d.source === 'none' ? '无记录' : `${d.source === 'report' ? (d.published ? '已发布报告' : REPORT_ORIGINS[d.origin ?? 'platform'].label) : '平台记录（尚未生成报告）'}${d.ok ? '，核对通过' : `，${d.failing}项核对不一致`}`;
  const all = [p.own, ...p.departments];
  return (
    <OfficeLayout ctx={p.ctx} title={`${p.agency.name}${p.year}年度汇总报告`} stylesheets={STYLES}>
      <p class="breadcrumbs">
        <a href="/office/annual-reports">年度报告</a> › {p.agency.name}
      </p>
      <h1>
        {p.agency.name}
        {p.year}年度政府信息公开工作年度报告（汇总）
      </h1>
      <p class="hint">
        县级以上地方人民政府的年度报告由政府信息公开工作主管部门于{p.dueDate}前公布（条例第四十九条）。下表汇总本级政府自身的记录和平台上各部门、乡镇（街道）的年度报告；尚未生成报告的，按其平台记录计入。各单位核对不一致的，数字照其报告计入，并在下面标出。
      </p>
      <table class="table">
        <caption>各单位数据来源和核对情况</caption>
        <thead>
          <tr>
            <th scope="col">单位</th>
            <th scope="col">数据来源与核对</th>
          </tr>
        </thead>
        <tbody>
          {all.map((d) => (
            <tr key={d.agency.id} class={!d.ok && !d.excluded ? 'row-warning' : undefined}>
              <th scope="row">
                <a href={reportPath(d.agency.id, p.year)}>{d.agency.name}</a>
              </th>
              <td>{d.ok || d.excluded || d.source === 'none' ? status(d) : <strong>{status(d)}</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ChecksPanel checks={p.checks} heading="汇总数据的核对" />
      <ReportTables figures={p.figures} failing={failing} headingLevel={2} idPrefix="gov" />
      <p class="actions">
        <a href={`/office/annual-reports/${p.agency.id}/${p.year}/government.xlsx`}>下载汇总表 Excel（XLSX）</a>
      </p>
    </OfficeLayout>
  );
}

export interface HistoryYear {
  year: number;
  origin: string;
  format: string;
  proactiveTotal: number | null;
  received: number | null;
  closed: number | null;
  reconsiderations: number | null;
  litigations: number | null;
  failing: number;
}

export function HistoryTable(p: { years: HistoryYear[]; href?: (year: number) => string }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="历年数据">
      <table class="table">
        <caption>历年年度报告主要数据</caption>
        <thead>
          <tr>
            <th scope="col">年度</th>
            <th scope="col">主动公开（条）</th>
            <th scope="col">新收申请（件）</th>
            <th scope="col">办结申请（件）</th>
            <th scope="col">行政复议（件）</th>
            <th scope="col">行政诉讼（件）</th>
            <th scope="col">数据来源</th>
            <th scope="col">核对</th>
          </tr>
        </thead>
        <tbody>
          {p.years.map((y) => (
            <tr key={y.year}>
              <th scope="row">{p.href ? <a href={p.href(y.year)}>{y.year}</a> : y.year}</th>
              <td>{y.proactiveTotal ?? '—'}</td>
              <td>{y.received ?? '—'}</td>
              <td>{y.closed ?? '—'}</td>
              <td>{y.reconsiderations ?? '—'}</td>
              <td>{y.litigations ?? '—'}</td>
              <td>{REPORT_ORIGINS[y.origin as keyof typeof REPORT_ORIGINS]?.label ?? y.origin}</td>
              <td>{y.format === 'free' ? '无表格' : y.failing ? `原报告${y.failing}项不一致` : '一致'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HistoryChart(p: { id: string; years: HistoryYear[] }) {
  const ys = [...p.years].sort((a, b) => a.year - b.year);
  if (!ys.length) return null;
  return (
    <BarChart
      id={p.id}
      title="历年依申请公开数量"
      unit="件"
      categories={ys.map((y) => String(y.year))}
      series={[
        { label: '新收申请', values: ys.map((y) => y.received ?? 0) },
        { label: '行政复议', values: ys.map((y) => y.reconsiderations ?? 0) },
        { label: '行政诉讼', values: ys.map((y) => y.litigations ?? 0) },
      ]}
    />
  );
}

export function HistoryOfficePage(p: { ctx: PageContext; agency: { id: number; name: string }; years: HistoryYear[]; canManage: boolean }) {
  return (
    <OfficeLayout ctx={p.ctx} title={`${p.agency.name}历年年度报告数据`}>
      <p class="breadcrumbs">
        <a href="/office/annual-reports">年度报告</a> › {p.agency.name}
      </p>
      <h1>{p.agency.name}历年年度报告数据</h1>
      {p.canManage ? (
        <p>
          <a href={`/office/annual-reports/${p.agency.id}/import`}>导入往年报告网页</a>
        </p>
      ) : null}
      {p.years.length ? (
        <>
          <HistoryChart id="history-chart" years={p.years} />
          <HistoryTable years={p.years} href={(y) => reportPath(p.agency.id, y)} />
        </>
      ) : (
        <p class="empty">还没有年度报告数据。</p>
      )}
    </OfficeLayout>
  );
}

export function StatisticsPage(p: { ctx: PageContext; agency: { id: number; name: string }; year: number; sets: import('../annual-report.statistics.js').DataSet[]; years: number[] }) {
  const base = `${reportPath(p.agency.id, p.year)}/statistics`;
  return (
    <OfficeLayout ctx={p.ctx} title={`${p.agency.name}${p.year}年统计图表`}>
      <p class="breadcrumbs">
        <a href="/office/annual-reports">年度报告</a> › <a href={reportPath(p.agency.id, p.year)}>{p.agency.name}{p.year}年度</a>
      </p>
      <h1>
        {p.agency.name}
        {p.year}年统计图表
      </h1>
      <nav class="subnav" aria-label="年份">
        {p.years.map((y) => (
          <a key={y} href={`${reportPath(p.agency.id, y)}/statistics`} aria-current={y === p.year ? 'page' : undefined}>
            {y}年
          </a>
        ))}
      </nav>
      <p class="actions">
        <a href={`${base}.xlsx`}>下载全部数据（XLSX）</a>
      </p>
      {p.sets.map((d) => (
        <section key={d.key} aria-labelledby={`chart-${d.key}`} class="card">
          <BarChart id={`chart-${d.key}`} title={d.title} unit={d.unit} categories={d.categories} series={d.series} stacked={d.stacked} />
          <p>
            <a href={`${base}/${d.key}.csv`}>下载数据（CSV）</a>
          </p>
        </section>
      ))}
    </OfficeLayout>
  );
}
