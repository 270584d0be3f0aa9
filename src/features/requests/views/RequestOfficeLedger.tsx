import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Select } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { LEDGER_KINDS } from '../request.ledger.js';
import { RequestNav } from './RequestOfficeParts.js';

/** A problem found in an uploaded ledger, by spreadsheet row. */
export interface LedgerLine {
  line: number | null;
  field: string | null;
  message: string;
}

export function LedgerPage(p: {
  ctx: PageContext;
  agencies: { id: number; name: string }[];
  agencyId: string | undefined;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
  problems?: LedgerLine[] | undefined;
}) {
  const e = p.errors;
  return (
    <OfficeLayout ctx={p.ctx} title="登记台账">
      <h1>登记台账</h1>
      <RequestNav actor={p.ctx.actor} current="/office/requests/ledger" />
      <section class="panel" aria-labelledby="export-h">
        <h2 id="export-h">导出</h2>
        <p class="hint">CSV 文件，可用 Excel 或 WPS 打开；导出的台账可以原样再导入。</p>
        <ul>
          {p.agencies.map((a) => (
            <li key={a.id}>
              {p.agencies.length > 1 ? `${a.name}：` : ''}
              <a href={`/office/requests/ledger/requests.csv?agency=${a.id}`}>{LEDGER_KINDS.requests.label}</a>，
              <a href={`/office/requests/ledger/appeals.csv?agency=${a.id}`}>{LEDGER_KINDS.appeals.label}</a>
            </li>
          ))}
        </ul>
      </section>
      <section class="panel" aria-labelledby="import-h">
        <h2 id="import-h">导入</h2>
        <p class="hint">
          导入平台上线前的台账，用于统计和年度报告。第一行为表头，按表头区分两种台账：
          <br />
          {LEDGER_KINDS.requests.label}：{LEDGER_KINDS.requests.headers.join('，')}
          <br />
          {LEDGER_KINDS.appeals.label}：{LEDGER_KINDS.appeals.headers.join('，')}
          <br />
          在 Excel 中用“另存为 → CSV（逗号分隔）”保存；UTF-8 或 GBK 编码均可。有任何一行不符合要求的，整个文件都不导入。
        </p>
        {p.problems?.length ? null : <ErrorSummary errors={e} message={p.message} />}
        {p.problems?.length ? (
          <div class="alert alert-error" role="alert" id="ledger-problems">
            <p>{p.message}</p>
            <ol class="ledger-problems">
              {p.problems.map((x, i) => (
                <li key={i}>
                  {x.line !== null ? `第 ${x.line} 行` : ''}
                  {x.field ? `“${x.field}”` : ''}
                  {x.line !== null || x.field ? '：' : ''}
                  {x.message}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
        <form method="post" action="/office/requests/ledger" enctype="multipart/form-data" class="upload-form" novalidate>
          <Csrf token={p.ctx.csrfToken} />
          {p.agencies.length > 1 ? (
            <Select name="agencyId" label="导入到机关" value={p.agencyId} errors={e} options={p.agencies.map((a) => ({ value: String(a.id), label: a.name }))} required />
          ) : (
            <input type="hidden" name="agencyId" value={String(p.agencies[0]?.id ?? '')} />
          )}
          <div class={`field${e?.file ? ' field-error' : ''}`}>
            <label for="f-file">台账文件（.csv）</label>
            {e?.file ? (
              <p class="error-text" id="f-file-error">
                {e.file}
              </p>
            ) : null}
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" required aria-describedby={e?.file ? 'f-file-error' : undefined} />
          </div>
          <button type="submit">导入</button>
        </form>
      </section>
    </OfficeLayout>
  );
}
