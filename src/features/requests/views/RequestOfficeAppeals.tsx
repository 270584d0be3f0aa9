import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { APPEAL_RESULTS, APPEAL_TYPES } from '../request.js';
import type { RequestAppealRow } from '../request.table.js';
import { options, RequestNav, type Values } from './RequestOfficeParts.js';

const label = (vocab: Record<string, { label: string }>, k: string) => vocab[k]?.label ?? k;

export function appealValues(a: RequestAppealRow): Values {
  return {
    agencyId: String(a.agencyId),
    type: a.type,
    result: a.result,
    filedDate: a.filedDate,
    closedDate: a.closedDate ?? '',
    requestId: a.requestId === null ? '' : String(a.requestId),
    caseNumber: a.caseNumber,
    note: a.note,
    version: String(a.version),
  };
}

export function AppealsPage(p: {
  ctx: PageContext;
  agencies: { id: number; name: string }[];
  appeals: RequestAppealRow[];
  /** The record being edited, if any. */
  editing?: RequestAppealRow | undefined;
  values: Values;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const names = new Map(p.agencies.map((a) => [a.id, a.name]));
  const multi = p.agencies.length > 1;
  const v = p.values;
  const e = p.errors;
  const action = p.editing ? `/office/requests/appeals/${p.editing.id}` : '/office/requests/appeals';
  return (
    <OfficeLayout ctx={p.ctx} title="行政复议和行政诉讼">
      <h1>行政复议和行政诉讼</h1>
      <RequestNav actor={p.ctx.actor} current="/office/requests/appeals" />
      <p class="hint">因政府信息公开工作被申请行政复议、提起行政诉讼的情况，用于年度报告表四。</p>
      {p.appeals.length ? (
        <table class="table">
          <caption class="visually-hidden">复议诉讼记录</caption>
          <thead>
            <tr>
              {multi ? <th scope="col">机关</th> : null}
              <th scope="col">类型</th>
              <th scope="col">结果</th>
              <th scope="col">立案日期</th>
              <th scope="col">结案日期</th>
              <th scope="col">申请编号</th>
              <th scope="col">案号</th>
              <th scope="col">备注</th>
              <th scope="col">
                <span class="visually-hidden">操作</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.appeals.map((a) => (
              <tr key={a.id} class={p.editing?.id === a.id ? 'row-current' : undefined}>
                {multi ? <td>{names.get(a.agencyId) ?? ''}</td> : null}
                <td>{label(APPEAL_TYPES, a.type)}</td>
                <td>{label(APPEAL_RESULTS, a.result)}</td>
                <td>{a.filedDate}</td>
                <td>{a.closedDate ?? '—'}</td>
                <td>{a.requestId ? <a href={`/office/requests/${a.requestId}`}>{a.requestId}</a> : '—'}</td>
                <td>{a.caseNumber || '—'}</td>
                <td>{a.note || (a.source === 'ledger' ? <span class="muted">台账导入</span> : '—')}</td>
                <td>
                  <a href={`/office/requests/appeals?edit=${a.id}#appeal-form`}>
                    编辑<span class="visually-hidden">第 {a.id} 条记录</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">尚无记录。</p>
      )}
      <section class="panel" id="appeal-form" aria-labelledby="appeal-form-h">
        <h2 id="appeal-form-h">{p.editing ? `编辑记录（${names.get(p.editing.agencyId) ?? ''}）` : '新增记录'}</h2>
        <ErrorSummary errors={e} message={p.message} />
        <form method="post" action={action} novalidate>
          <Csrf token={p.ctx.csrfToken} />
          {p.editing ? <input type="hidden" name="version" value={v.version ?? String(p.editing.version)} /> : null}
          {!p.editing && multi ? (
            <Select name="agencyId" label="机关" value={v.agencyId} errors={e} options={p.agencies.map((a) => ({ value: String(a.id), label: a.name }))} required />
          ) : !p.editing ? (
            <input type="hidden" name="agencyId" value={v.agencyId ?? String(p.agencies[0]?.id ?? '')} />
          ) : null}
          <div class="field-row">
            <Select name="type" label="类型" value={v.type} errors={e} options={options(APPEAL_TYPES)} required />
            <Select name="result" label="结果" value={v.result ?? 'pending'} errors={e} options={options(APPEAL_RESULTS)} required />
          </div>
          <div class="field-row">
            <Field name="filedDate" label="立案日期" type="date" value={v.filedDate} errors={e} required />
            <Field name="closedDate" label="结案日期" type="date" value={v.closedDate} errors={e} hint="尚未审结的不填" />
          </div>
          <div class="field-row">
            <Field name="requestId" label="申请编号（可选）" value={v.requestId} errors={e} inputMode="numeric" hint="本机关的政府信息公开申请编号" />
            <Field name="caseNumber" label="案号" value={v.caseNumber} errors={e} maxLength={100} />
          </div>
          <TextArea name="note" label="备注" value={v.note} errors={e} rows={2} maxLength={1000} />
          <div class="actions">
            <button type="submit">{p.editing ? '保存修改' : '新增'}</button>
            {p.editing ? (
              <a class="button secondary-link" href="/office/requests/appeals">
                取消编辑
              </a>
            ) : null}
          </div>
        </form>
      </section>
    </OfficeLayout>
  );
}
