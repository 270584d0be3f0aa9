import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { ProposalView } from '../request.proposals.js';
import { fmtInstant, PField, prefixed, RequestNav, type Values } from './RequestOfficeParts.js';

export interface ProposalFailure {
  id: number;
  errors: FieldErrors;
  message: string;
  values: Values;
}

function DecisionForm(p: { ctx: PageContext; x: ProposalView; failure?: ProposalFailure | undefined }) {
  const failed = p.failure?.id === p.x.id ? p.failure : undefined;
  const prefix = `p-${p.x.id}`;
  return (
    <form method="post" action={`/office/requests/proposals/${p.x.id}`} class="transition-form" novalidate>
      <Csrf token={p.ctx.csrfToken} />
      <PField
        prefix={prefix}
        name="decision"
        label="决定"
        value={failed?.values.decision}
        errors={failed?.errors}
        options={[
          { value: 'accepted', label: '采纳：转为主动公开' },
          { value: 'dismissed', label: '不予采纳' },
        ]}
        empty="请选择"
        required
      />
      <PField prefix={prefix} name="note" label="说明" value={failed?.values.note} errors={failed?.errors} textarea rows={2} maxLength={1000} hint="不予采纳的须写明理由，例：涉及个人隐私、已主动公开" />
      <button type="submit" class="secondary">
        提交决定
      </button>
    </form>
  );
}

export function ProposalsPage(p: { ctx: PageContext; open: ProposalView[]; decided: ProposalView[]; canDraft: boolean; failure?: ProposalFailure | undefined }) {
  const multi = new Set([...p.open, ...p.decided].map((x) => x.agencyId)).size > 1;
  const fail = p.failure;
  return (
    <OfficeLayout ctx={p.ctx} title="转主动公开建议">
      <h1>转主动公开建议</h1>
      <RequestNav actor={p.ctx.actor} current="/office/requests/proposals" />
      <p class="hint">
        多个申请人就相同政府信息提出公开申请，且该信息属于可以公开的，可以纳入主动公开的范围（《政府信息公开条例》第四十四条）。平台在一年内有两个以上申请人申请相同信息时提出建议。
        {p.canDraft ? (
          <>
            {' '}
            采纳后请在<a href="/office/publications/new">信息发布</a>中起草发布。
          </>
        ) : null}
      </p>
      <ErrorSummary errors={fail ? prefixed(`p-${fail.id}`, fail.errors) : undefined} message={fail?.message} />
      <section aria-labelledby="open-h">
        <h2 id="open-h">待决定（{p.open.length}）</h2>
        {p.open.length ? (
          <ul class="proposal-list">
            {p.open.map((x) => (
              <li key={x.id} class="panel">
                <p>
                  <strong>{x.subject}</strong>
                </p>
                <p class="muted">
                  {multi ? `${x.agencyName}，` : ''}
                  {x.requestCount} 件申请，{fmtInstant(x.createdAt)} 提出
                </p>
                {x.decidable ? <DecisionForm ctx={p.ctx} x={x} failure={fail} /> : <p class="muted">由机关办公室决定。</p>}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">没有待决定的建议。</p>
        )}
      </section>
      {p.decided.length ? (
        <section aria-labelledby="decided-h">
          <h2 id="decided-h">已决定</h2>
          <table class="table">
            <caption class="visually-hidden">已决定的建议</caption>
            <thead>
              <tr>
                {multi ? <th scope="col">机关</th> : null}
                <th scope="col">信息</th>
                <th scope="col">申请数</th>
                <th scope="col">决定</th>
                <th scope="col">说明</th>
                <th scope="col">决定人和时间</th>
              </tr>
            </thead>
            <tbody>
              {p.decided.map((x) => (
                <tr key={x.id}>
                  {multi ? <td>{x.agencyName}</td> : null}
                  <td>{x.subject}</td>
                  <td>{x.requestCount}</td>
                  <td>{x.statusLabel}</td>
                  <td>{x.note || '—'}</td>
                  <td>
                    {x.decidedByName}，{fmtInstant(x.decidedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </OfficeLayout>
  );
}
