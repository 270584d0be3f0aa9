import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime } from '../../../lib/dates.js';
import { Csrf, ErrorSummary } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { IMPORT_JOB_STATUSES, IMPORT_LIMITS, IMPORT_MODES, IMPORT_OUTCOMES, type ImportJobStatus, type ImportMode, type ImportOutcome } from '../import.js';
import type { JobView, listJobs } from '../import.service.js';

type JobListRow = Awaited<ReturnType<typeof listJobs>>[number];

const statusLabel = (s: string) => IMPORT_JOB_STATUSES[s as ImportJobStatus] ?? s;
const when = (iso: string | null) => (iso ? formatChinaDateTime(iso) : '');

/** The upload form and the recent jobs. */
export function ImportHome(p: {
  ctx: PageContext;
  agencies: { id: number; name: string; mayPublish: boolean }[];
  jobs: JobListRow[];
  values?: { agencyId?: string; mode?: string };
  errors?: FieldErrors;
  message?: string;
  maxUploadMb: number;
}) {
  const anyPublish = p.agencies.some((a) => a.mayPublish);
  return (
    <OfficeLayout ctx={p.ctx} title="历史信息导入">
      <h1>历史信息导入</h1>
      <p>
        把旧网站的页面导入为本平台的信息：可上传单个 .html、.htm、.txt 文件，或把整个栏目打包成 .zip 上传（不超过 {p.maxUploadMb} MB，单个页面不超过{' '}
        {IMPORT_LIMITS.pageBytes / 1048576} MB）。系统会去除拼音注音和网站导航等无关内容，繁体转为简体，识别标题、发布日期、发文机关、文号并推荐公开类别；GBK 编码的旧页面会自动识别。
        同一页面重复导入不会产生重复信息。
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action="/office/imports" enctype="multipart/form-data" class="panel">
        <Csrf token={p.ctx.csrfToken} />
        <div class="field">
          <label for="f-agencyId">导入到机关</label>
          <select id="f-agencyId" name="agencyId" required>
            {p.agencies.map((a) => (
              <option key={a.id} value={String(a.id)} selected={p.values?.agencyId === String(a.id)}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field">
          <legend>导入方式</legend>
          {(Object.keys(IMPORT_MODES) as ImportMode[]).map((m) =>
            m === 'publish' && !anyPublish ? null : (
              <label key={m} class="choice">
                <input type="radio" name="mode" value={m} checked={(p.values?.mode ?? 'draft') === m} /> {IMPORT_MODES[m]}
              </label>
            ),
          )}
          <p class="hint">
            直接发布时，发布日期取原页面上的发布日期，导入操作（时间、操作人）记入审计日志；没有日期或筛查发现身份证号、手机号、密级标志等内容的页面仍导入为草稿，须经审核后发布。
          </p>
        </fieldset>
        <div class={`field${p.errors?.file ? ' field-error' : ''}`}>
          <label for="f-file">文件</label>
          {p.errors?.file ? (
            <p class="error-text" id="f-file-error">
              {p.errors.file}
            </p>
          ) : null}
          <input id="f-file" name="file" type="file" accept=".zip,.html,.htm,.shtml,.txt" required aria-describedby={p.errors?.file ? 'f-file-error' : undefined} />
        </div>
        <button type="submit">开始导入</button>
      </form>

      <h2>最近的导入</h2>
      {p.jobs.length === 0 ? (
        <p class="empty">还没有导入记录。</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">机关</th>
              <th scope="col">文件</th>
              <th scope="col">状态</th>
              <th scope="col">导入 / 跳过 / 失败</th>
              <th scope="col">操作人</th>
            </tr>
          </thead>
          <tbody>
            {p.jobs.map((j) => (
              <tr key={j.id}>
                <td>{when(j.createdAt)}</td>
                <td>{j.agencyName}</td>
                <td>
                  <a href={`/office/imports/${j.id}`}>{j.label}</a>
                </td>
                <td>
                  {statusLabel(j.status)}
                  {j.status === 'running' ? `（${j.processed}/${j.total}）` : ''}
                </td>
                <td>
                  {j.imported} / {j.skipped} / {j.failed}
                </td>
                <td>{j.createdByName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </OfficeLayout>
  );
}

/** One job: a progress bar that refreshes itself while running (no JavaScript), then the report. */
export function ImportJobPage(p: { ctx: PageContext; job: JobView }) {
  const j = p.job;
  const active = (j.status === 'running' || j.status === 'queued') && !j.stalled;
  const percent = j.total ? Math.floor((j.processed / j.total) * 100) : 0;
  return (
    <OfficeLayout ctx={p.ctx} title={`导入任务 ${j.id}`} refreshSeconds={active ? 2 : undefined}>
      <p>
        <a href="/office/imports">← 历史信息导入</a>
      </p>
      <h1>导入任务：{j.label}</h1>
      <dl class="meta">
        <dt>机关</dt>
        <dd>{j.agencyName}</dd>
        <dt>方式</dt>
        <dd>{IMPORT_MODES[j.mode as ImportMode] ?? j.mode}</dd>
        <dt>操作人</dt>
        <dd>{j.createdByName}</dd>
        <dt>开始时间</dt>
        <dd>{when(j.createdAt)}</dd>
        {j.finishedAt ? (
          <>
            <dt>结束时间</dt>
            <dd>{when(j.finishedAt)}</dd>
          </>
        ) : null}
      </dl>
      <div role="status" aria-live="polite">
        <p>
          {j.stalled ? '任务已中断（服务可能已重启）。已导入的页面保留；重新上传同一文件即可继续，已导入的页面会自动跳过。' : statusLabel(j.status)}
          {active ? '，本页每 2 秒自动刷新' : ''}
        </p>
        <label for="import-progress">
          进度：{j.processed} / {j.total}（{percent}%）
        </label>
        <progress id="import-progress" max={String(Math.max(1, j.total))} value={String(j.processed)}>
          {percent}%
        </progress>
        <p>
          已导入 {j.imported}，跳过 {j.skipped}，失败 {j.failed}
        </p>
        {j.message ? <p class="alert alert-error">{j.message}</p> : null}
      </div>
      {j.report.length ? (
        <>
          <h2>导入报告</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">文件</th>
                <th scope="col">结果</th>
                <th scope="col">标题</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {j.report.map((r, i) => (
                <tr key={i}>
                  <td>{r.name}</td>
                  <td>{IMPORT_OUTCOMES[r.outcome as ImportOutcome] ?? r.outcome}</td>
                  <td>{r.publicationId ? <a href={`/office/publications/${r.publicationId}`}>{r.title || `信息 ${r.publicationId}`}</a> : r.title}</td>
                  <td>
                    {r.reason}
                    {r.warnings.length ? (
                      <ul>
                        {r.warnings.map((w, k) => (
                          <li key={k}>{w}</li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </OfficeLayout>
  );
}
