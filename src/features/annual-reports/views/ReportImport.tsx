import type { FieldErrors } from '../../../errors.js';
import { chinaDateOf } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { proactiveLayout, REPORT_FORMATS, REQUEST_COLUMNS, requestRows, REVIEW_GROUPS, REVIEW_RESULTS, type ReportFigures } from '../annual-report.js';
import { cellValue } from '../annual-report.generate.js';
import { ChecksPanel, reportPath } from './ReportOffice.js';
import { ReportTables } from './ReportTables.js';
import { checkFigures } from '../annual-report.js';

const STYLES = ['report-tables.css'];

export interface ImportPreview {
  year: number | null;
  agencyName: string | null;
  format: '2021' | '2019' | 'free';
  figures: ReportFigures | null;
  proactiveTotal: number | null;
  warnings: string[];
}

export function ImportPage(p: {
  ctx: PageContext;
  agency: { id: number; name: string };
  preview?: ImportPreview | undefined;
  values?: Record<string, string> | undefined;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
  problems?: string[] | undefined;
}) {
  const base = `/office/annual-reports/${p.agency.id}`;
  const v = p.values ?? {};
  const pr = p.preview;
  return (
    <OfficeLayout ctx={p.ctx} title={`导入往年年度报告 - ${p.agency.name}`} stylesheets={STYLES}>
      <p class="breadcrumbs">
        <a href="/office/annual-reports">年度报告</a> › <a href={`${base}/history`}>{p.agency.name}</a>
      </p>
      <h1>导入往年年度报告</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      {p.problems?.length ? (
        <div class="alert alert-error" role="alert">
          <p>这篇网页无法读取为年度报告：</p>
          <ul>
            {p.problems.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {pr ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">读取结果</h2>
          <dl class="meta-list">
            <dt>机关</dt>
            <dd>{pr.agencyName ?? '（未识别）'}</dd>
            <dt>年度</dt>
            <dd>{pr.year ?? '（未识别，请在下面填写）'}</dd>
            <dt>格式</dt>
            <dd>{REPORT_FORMATS[pr.format].label}</dd>
            {pr.format === 'free' ? (
              <>
                <dt>主动公开总数</dt>
                <dd>{pr.proactiveTotal ?? '（报告中没有明确的总数）'}</dd>
              </>
            ) : null}
          </dl>
          {pr.warnings.length ? (
            <div class="alert alert-info">
              <p>读取时的提示：</p>
              <ul>
                {pr.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {pr.figures ? (
            <>
              <ChecksPanel checks={checkFigures(pr.figures)} heading="原报告的勾稽关系核对（照原样保存，不作更正）" />
              <ReportTables figures={pr.figures} failing={new Set(checkFigures(pr.figures).filter((c) => !c.ok).flatMap((c) => c.cells))} headingLevel={3} idPrefix="imp" />
            </>
          ) : null}
          <form method="post" action={`${base}/import/store`} class="card">
            <h3>保存为历年数据</h3>
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="figures" value={pr.figures ? JSON.stringify(pr.figures) : ''} />
            <input type="hidden" name="proactiveTotal" value={pr.proactiveTotal === null ? '' : String(pr.proactiveTotal)} />
            <Field name="year" label="报告年度" value={v.year ?? (pr.year ? String(pr.year) : '')} errors={p.errors} inputMode="numeric" required />
            <Field name="sourceUrl" label="原文地址" value={v.sourceUrl} errors={p.errors} maxLength={500} hint="原网站上这篇报告的网址，便于核查" />
            <button type="submit" class="button button-primary">
              保存
            </button>
          </form>
        </section>
      ) : null}
      <form method="post" action={`${base}/import`} enctype="multipart/form-data" class="card">
        <h2>{pr ? '换一篇' : '选择报告网页'}</h2>
        <p class="hint">
          上传从原网站保存的报告网页（.html，UTF-8 或 GBK 编码，不超过 5 MB），或粘贴网页源代码。平台识别2021年格式和2019年格式的表格；2019年以前的自由格式报告只提取“主动公开政府信息N条”的总数。
        </p>
        <Csrf token={p.ctx.csrfToken} />
        <div class="field">
          <label for="f-page">报告网页文件</label>
          <input id="f-page" type="file" name="page" accept=".html,.htm,text/html" />
        </div>
        <TextArea name="html" label="或粘贴网页源代码" value={v.html} errors={p.errors} rows={6} />
        <Field name="sourceUrl" label="原文地址（可选）" value={v.sourceUrl} errors={p.errors} maxLength={500} />
        <button type="submit" class="button">
          读取
        </button>
      </form>
      <p>
        没有网页的，也可以<a href={`${base}/${Number(chinaDateOf(p.ctx.now).slice(0, 4)) - 1}/typed`}>手工录入某一年度的表格</a>。
      </p>
    </OfficeLayout>
  );
}

/** Every cell of a format's layout, grouped by table and row, as `table:row:column` references. */
export function layoutCells(format: '2021' | '2019') {
  const proactive = proactiveLayout(format).flatMap((b) => b.rows.map((row) => ({ table: '二', row, cells: b.columns.slice(1).map((c) => ({ ref: `二:${row}:${c}`, column: c })) })));
  const requests = requestRows(format).map((r) => ({ table: '三', row: r.label, cells: REQUEST_COLUMNS.map((c) => ({ ref: `三:${r.label}:${c}`, column: c })) }));
  const review = REVIEW_GROUPS.map((g) => ({ table: '四', row: g.label, cells: REVIEW_RESULTS.map((c) => ({ ref: `四:${g.label}:${c}`, column: c })) }));
  return [...proactive, ...requests, ...review];
}

/** Form field name of a cell: the reference, made safe for ids (the label texts are Chinese). */
export const cellField = (ref: string) => `c${[...ref].map((ch) => ch.codePointAt(0)!.toString(36)).join('_')}`;

export function TypedPage(p: {
  ctx: PageContext;
  agency: { id: number; name: string };
  year: number;
  format: '2021' | '2019';
  figures: ReportFigures | null;
  values?: Record<string, string> | undefined;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const base = reportPath(p.agency.id, p.year);
  const value = (ref: string) => {
    const fromForm = p.values?.[cellField(ref)];
    if (fromForm !== undefined) return fromForm;
    const v = p.figures ? cellValue(p.figures, ref) : null;
    return v === null || v === undefined ? '' : String(v);
  };
  const groups = layoutCells(p.format);
  const tables = [
    { key: '二', heading: '二、主动公开政府信息情况' },
    { key: '三', heading: '三、收到和处理政府信息公开申请情况' },
    { key: '四', heading: '四、政府信息公开行政复议、行政诉讼情况' },
  ];
  return (
    <OfficeLayout ctx={p.ctx} title={`手工录入${p.year}年度报告 - ${p.agency.name}`}>
      <p class="breadcrumbs">
        <a href="/office/annual-reports">年度报告</a> › <a href={base}>{p.agency.name}{p.year}年度</a>
      </p>
      <h1>
        手工录入{p.year}年度报告表格（{REPORT_FORMATS[p.format].label}）
      </h1>
      <p>
        格式：
        <a href={`${base}/typed?format=2021`} aria-current={p.format === '2021' ? 'page' : undefined}>
          2021年格式
        </a>{' '}
        ·{' '}
        <a href={`${base}/typed?format=2019`} aria-current={p.format === '2019' ? 'page' : undefined}>
          2019年格式
        </a>
      </p>
      <p class="hint">按原报告照录，空白按0计（表二空白表示原报告未填）。原报告数字不一致的，照原样录入，保存后核对结果会标出。</p>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action={`${base}/typed`}>
        <Csrf token={p.ctx.csrfToken} />
        <input type="hidden" name="format" value={p.format} />
        {tables.map((t) => (
          <fieldset key={t.key}>
            <legend>{t.heading}</legend>
            {groups
              .filter((g) => g.table === t.key)
              .map((g) => (
                <fieldset key={g.row} class="typed-row">
                  <legend>{g.row}</legend>
                  <div class="field-row">
                    {g.cells.map((c) => {
                      const name = cellField(c.ref);
                      const err = p.errors?.[name];
                      return (
                        <div class={`field field-narrow${err ? ' field-error' : ''}`} key={c.ref}>
                          <label for={`f-${name}`}>{c.column}</label>
                          {err ? (
                            <p class="error-text" id={`f-${name}-error`}>
                              {err}
                            </p>
                          ) : null}
                          <input
                            id={`f-${name}`}
                            name={name}
                            value={value(c.ref)}
                            inputMode="decimal"
                            size={6}
                            aria-invalid={err ? 'true' : undefined}
                            aria-describedby={err ? `f-${name}-error` : undefined}
                          />
                        </div>
                      );
                    })}
                  </div>
                </fieldset>
              ))}
          </fieldset>
        ))}
        <Field name="sourceUrl" label="原文地址（可选）" value={p.values?.sourceUrl} errors={p.errors} maxLength={500} />
        <button type="submit" class="button button-primary">
          保存
        </button>
      </form>
    </OfficeLayout>
  );
}
