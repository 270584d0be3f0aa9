import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { can } from '../../access/policy.js';
import type { AuditEventRow } from '../../audit/audit.service.js';
import { VALIDITY } from '../categories.js';
import { CONFIDENTIALITY_OUTCOMES, LIMITS, REVIEW_DECISIONS, REVIEW_STEPS, missingForSubmit, type WorkingCopy } from '../publication.js';
import type { PublicationView } from '../publication.service.js';
import type { TransitionDef } from '../publication.workflow.js';
import { Attachments, PublicationFields, SubmitChecklist, valuesOf } from './PublicationEditViews.js';
import { MetadataTable, StateBadge, TimelinessBadge, VocabSelect, fmtInstant, type FormContext, type Values } from './parts.js';

function Findings({ v, selectable }: { v: PublicationView; selectable: boolean }) {
  if (!v.findings.length) return null;
  return (
    <section class="panel" aria-labelledby="find-h">
      <h2 id="find-h">
        内容筛查结果（{v.openFindings ? `${v.openFindings} 项待确认` : '均已确认'}）
      </h2>
      <p class="hint">发布前，审核人须逐项核实并确认：个人信息应遮盖或删除，涉密、内部资料标识的内容不得公开。</p>
      <ul class="finding-list">
        {v.findings.map((f) => (
          <li key={f.id} class={f.confirmedAt ? 'confirmed' : 'open'}>
            {selectable && !f.confirmedAt ? (
              <>
                <input type="checkbox" name="confirmFindings" value={String(f.id)} id={`finding-${f.id}`} form="review-form" />{' '}
                <label for={`finding-${f.id}`}>
                  <strong>{f.label}</strong>（{f.sourceLabel}）：<code>{f.excerpt}</code>
                </label>
              </>
            ) : (
              <span>
                <strong>{f.label}</strong>（{f.sourceLabel}）：<code>{f.excerpt}</code>
              </span>
            )}
            {f.suggestion ? <div class="hint">{f.suggestion}</div> : null}
            <div class="hint">
              {f.severity === 'block' ? <span class="badge danger">阻止发布</span> : <span class="badge warn">需要核实</span>}{' '}
              {f.confirmedAt ? `已由 ${f.confirmedByName ?? ''} 于 ${fmtInstant(f.confirmedAt)} 确认${f.confirmationNote ? `：${f.confirmationNote}` : ''}` : '未确认'}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Reviews({ v }: { v: PublicationView }) {
  if (!v.reviews.length) return null;
  return (
    <section class="panel" aria-labelledby="rev-h">
      <h2 id="rev-h">审核与审批记录</h2>
      <ul class="review-list">
        {v.reviews.map((r) => (
          <li key={r.id}>
            <strong>
              {REVIEW_STEPS[r.step as keyof typeof REVIEW_STEPS] ?? r.step}：{REVIEW_DECISIONS[r.decision as keyof typeof REVIEW_DECISIONS] ?? r.decision}
            </strong>{' '}
            <span class="muted">
              {r.reviewerName}，{fmtInstant(r.createdAt)}（第 {r.revisionNo} 版）
            </span>
            {r.confidentiality ? <div>保密审查：{CONFIDENTIALITY_OUTCOMES[r.confidentiality as keyof typeof CONFIDENTIALITY_OUTCOMES]?.label ?? r.confidentiality}</div> : null}
            {r.comment ? <div>意见：{r.comment}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Revisions({ v }: { v: PublicationView }) {
  if (!v.revisions.length) return null;
  return (
    <section class="panel" aria-labelledby="ver-h">
      <h2 id="ver-h">已发布版本</h2>
      <ol reversed class="revision-list">
        {v.revisions.map((r) => (
          <li key={r.id}>
            第 {r.revisionNo} 版，{fmtInstant(r.publishedAt)} 由 {r.publishedByName} 发布{r.changeNote ? `：${r.changeNote}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One form per transition the actor may make, each with the inputs that action needs. */
function TransitionForms(p: { ctx: PageContext; v: PublicationView; actions: TransitionDef[]; from: 'detail' | 'review' }) {
  const { v } = p;
  const simple = (t: TransitionDef, children?: ComponentChildren, cls = '') => (
    <form method="post" action={`/office/publications/${v.id}/transition`} class={`transition-form ${cls}`} key={`${t.action}-${t.to}`}>
      <Csrf token={p.ctx.csrfToken} />
      <input type="hidden" name="action" value={t.action} />
      <input type="hidden" name="version" value={String(v.version)} />
      <input type="hidden" name="from" value={p.from} />
      {children}
      {t.comment === 'required' || t.action === 'submit' ? (
        <div class="field">
          <label for={`c-${t.action}`}>{t.action === 'withdraw' ? '撤回理由' : t.comment === 'required' ? '意见（必填）' : '说明（可选）'}</label>
          <textarea id={`c-${t.action}`} name="comment" rows={2} maxLength={LIMITS.comment} required={t.comment === 'required'} />
        </div>
      ) : null}
      <button type="submit" class={t.action === 'withdraw' || t.action === 'discard' || t.action === 'reject' ? 'danger' : t.action === 'publish' || t.action === 'submit' ? '' : 'secondary'}>
        {t.label}
      </button>
    </form>
  );
  const forms = p.actions
    .filter((t) => !(t.action === 'approve' && t.records === 'office_review' && p.from === 'detail'))
    .filter((t) => !(p.from === 'review' && (t.action === 'approve' || (t.action === 'reject' && t.from.includes('submitted' as never)))))
    .map((t) => {
      if (t.action === 'schedule') {
        return simple(
          t,
          <div class="field">
            <label for="f-scheduledAt">发布时间（北京时间）</label>
            <input id="f-scheduledAt" type="datetime-local" name="scheduledAt" required />
          </div>,
        );
      }
      if (t.action === 'set_validity') {
        return (
          <details key="validity" class="transition-details">
            <summary>变更有效性（失效、废止）</summary>
            {simple(
              t,
              <>
                <VocabSelect name="validity" label="有效性" vocab={VALIDITY} value={v.validity} />
                <Field name="validityDate" label="失效或废止日期" type="date" />
                <Field name="replacedById" label="替代文件的信息编号（可选）" inputMode="numeric" hint="本平台上替代本文件的信息的编号" />
                <Field name="replacedByUrl" label="替代文件链接（可选）" hint="平台以外的替代文件网址" />
              </>,
            )}
          </details>
        );
      }
      if (t.action === 'withdraw' || t.action === 'reject' || t.action === 'discard' || t.action === 'cancel_revision') {
        return (
          <details key={`${t.action}-${t.to}`} class="transition-details">
            <summary>{t.label}</summary>
            {simple(t)}
          </details>
        );
      }
      return simple(t);
    });
  const review = p.from === 'detail' && p.actions.some((t) => t.action === 'approve' && t.records === 'office_review');
  const leader = p.from === 'detail' && p.actions.some((t) => t.action === 'approve' && t.records === 'leader_approval');
  return (
    <section class="panel" aria-labelledby="act-h">
      <h2 id="act-h">操作</h2>
      {review || leader ? (
        <p>
          <a class="button" href={`/office/publications/${v.id}/review`}>
            {review ? '审核（含保密审查）' : '审批'}
          </a>
        </p>
      ) : null}
      {forms.length || review || leader ? forms : <p class="muted">当前状态下您没有可执行的操作。</p>}
    </section>
  );
}

export function PublicationPage(p: {
  ctx: PageContext;
  v: PublicationView;
  actions: TransitionDef[];
  editable: boolean;
  fc: FormContext;
  values?: Values;
  errors?: FieldErrors;
  message?: string;
}) {
  const { v } = p;
  const values = p.values ?? valuesOf(v);
  const missing = missingForSubmit(v as WorkingCopy, { issuerCount: v.issuers.length, attachmentCount: v.attachments.length });
  const working = v.state === 'draft' || v.state === 'returned';
  const lastRejection = v.state === 'returned' ? v.reviews.find((r) => r.decision === 'rejected') : undefined;
  return (
    <OfficeLayout ctx={p.ctx} title={v.title} scripts={p.editable ? ['editor.js'] : []}>
      <p>
        <a href="/office/publications">← 信息发布</a>
      </p>
      <h1>{v.title}</h1>
      <p class="pub-status">
        <StateBadge state={v.state} /> {v.agencyName}
        {v.departmentName ? ` · ${v.departmentName}` : ''}
        {v.indexNumber ? (
          <>
            {' '}
            · 索引号 <code>{v.indexNumber}</code>
          </>
        ) : null}
        {v.publicUrl && v.publicStatus === 'published' ? (
          <>
            {' '}
            · <a href={v.publicUrl}>查看门户页面</a>
          </>
        ) : null}
        {v.publicStatus === 'published' && v.state !== 'published' ? <span class="badge">修订中：门户仍显示第 {v.revisionCount} 版</span> : null}
        {v.scheduledAt ? <span class="badge warn">定时发布：{fmtInstant(v.scheduledAt)}</span> : null}
      </p>
      <nav class="subnav" aria-label="信息">
        <a href={`/office/publications/${v.id}`} aria-current="page">
          内容
        </a>
        {p.actions.some((t) => t.action === 'approve') ? <a href={`/office/publications/${v.id}/review`}>审核</a> : null}
        <a href={`/office/publications/${v.id}/history`}>版本与修改记录</a>
      </nav>
      {lastRejection ? (
        <div class="alert alert-warning" role="status">
          <strong>退回意见</strong>（{lastRejection.reviewerName}，{fmtInstant(lastRejection.createdAt)}）：{lastRejection.comment}
        </div>
      ) : null}
      {v.state === 'withdrawn' ? (
        <div class="alert alert-warning">
          已于 {fmtInstant(v.withdrawnAt)} 撤回：{v.withdrawalReason}
        </div>
      ) : null}
      <ErrorSummary errors={p.errors} message={p.message} />
      <div class="pub-layout">
        <div class="pub-main">
          {p.editable ? (
            <form method="post" action={`/office/publications/${v.id}`} novalidate id="edit-form">
              <Csrf token={p.ctx.csrfToken} />
              <input type="hidden" name="version" value={values.version ?? String(v.version)} />
              <PublicationFields v={values} e={p.errors} fc={p.fc} revision={v.revisionCount > 0} agencyId={v.agencyId} />
              <div class="actions">
                <button type="submit" name="intent" value="save" class="secondary">
                  保存
                </button>
                {working && p.actions.some((t) => t.action === 'submit') ? (
                  <button type="submit" name="intent" value="submit">
                    保存并提交审核
                  </button>
                ) : null}
              </div>
            </form>
          ) : (
            <>
              <MetadataTable v={v} />
              <section class="panel doc-body" aria-label="正文">
                {/* The body was sanitized when it was saved. */}
                <div class="rich-text" dangerouslySetInnerHTML={{ __html: v.body || '<p class="muted">（无正文）</p>' }} />
              </section>
            </>
          )}
        </div>
        <aside class="pub-side" aria-label="状态与操作">
          {working ? <SubmitChecklist v={v} missing={missing} /> : (
            <section class="panel" aria-labelledby="time-h">
              <h2 id="time-h">公开期限</h2>
              <p>
                <TimelinessBadge t={v.timeliness} />
              </p>
            </section>
          )}
          <TransitionForms ctx={p.ctx} v={v} actions={p.actions} from="detail" />
          <Attachments ctx={p.ctx} v={v} editable={p.editable} errors={p.errors} />
          <Findings v={v} selectable={false} />
          <Reviews v={v} />
          <Revisions v={v} />
        </aside>
      </div>
    </OfficeLayout>
  );
}

export function ReviewPage(p: { ctx: PageContext; v: PublicationView; actions: TransitionDef[]; errors?: FieldErrors; message?: string; values?: Values }) {
  const { v } = p;
  const officeReview = p.actions.find((t) => t.action === 'approve' && t.records === 'office_review');
  const leaderApproval = p.actions.find((t) => t.action === 'approve' && t.records === 'leader_approval');
  const reject = p.actions.find((t) => t.action === 'reject' && (t.from as readonly string[]).some((f) => f === 'submitted' || f === 'pending_approval'));
  const canPublishNext = officeReview?.to === 'approved' && can(p.ctx.actor ?? null, 'publication.publish', { agencyId: v.agencyId });
  const values = p.values ?? {};
  return (
    <OfficeLayout ctx={p.ctx} title={`审核：${v.title}`}>
      <p>
        <a href={`/office/publications/${v.id}`}>← 返回信息</a>
      </p>
      <h1>{officeReview ? '审核' : leaderApproval ? '领导审批' : '审核'}：{v.title}</h1>
      <p class="pub-status">
        <StateBadge state={v.state} /> {v.agencyName}
        {v.departmentName ? ` · ${v.departmentName}` : ''} · 公开期限 <TimelinessBadge t={v.timeliness} />
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      <div class="pub-layout">
        <div class="pub-main">
          <MetadataTable v={v} />
          <section class="panel doc-body" aria-label="正文">
            <div class="rich-text" dangerouslySetInnerHTML={{ __html: v.body || '<p class="muted">（无正文）</p>' }} />
          </section>
          <Attachments ctx={p.ctx} v={v} editable={false} />
        </div>
        <aside class="pub-side" aria-label="审核">
          <Findings v={v} selectable={!!(officeReview || canPublishNext || p.actions.some((t) => t.action === 'publish'))} />
          {officeReview || leaderApproval || reject ? (
            <section class="panel" aria-labelledby="decide-h">
              <h2 id="decide-h">{officeReview ? '审核意见' : '审批意见'}</h2>
              <form method="post" action={`/office/publications/${v.id}/transition`} id="review-form" novalidate>
                <Csrf token={p.ctx.csrfToken} />
                <input type="hidden" name="version" value={String(v.version)} />
                <input type="hidden" name="from" value="review" />
                {officeReview ? (
                  <fieldset id="f-confidentiality" class={p.errors?.confidentiality ? 'field-error' : undefined}>
                    <legend>保密审查结论</legend>
                    {p.errors?.confidentiality ? <p class="error-text">{p.errors.confidentiality}</p> : null}
                    {Object.entries(CONFIDENTIALITY_OUTCOMES).map(([k, o]) => (
                      <div class="field checkbox" key={k}>
                        <input type="radio" name="confidentiality" id={`conf-${k}`} value={k} checked={values.confidentiality === k} />
                        <label for={`conf-${k}`}>{o.label}</label>
                      </div>
                    ))}
                  </fieldset>
                ) : null}
                <TextArea name="comment" label="意见" hint={`退回时必填；审核人：${p.ctx.actor?.displayName ?? ''}`} value={values.comment} errors={p.errors} rows={3} maxLength={LIMITS.comment} />
                {p.errors?.confirmFindings ? <p class="error-text">{p.errors.confirmFindings}</p> : null}
                <div class="actions">
                  {officeReview || leaderApproval ? (
                    <button type="submit" name="action" value="approve">
                      {officeReview?.to === 'pending_approval' ? '审核通过，报领导审批' : leaderApproval ? '审批同意' : '审核通过'}
                    </button>
                  ) : null}
                  {canPublishNext ? (
                    <button type="submit" name="action" value="approve_publish">
                      审核通过并发布
                    </button>
                  ) : null}
                  {reject ? (
                    <button type="submit" name="action" value="reject" class="danger">
                      退回修改
                    </button>
                  ) : null}
                </div>
              </form>
            </section>
          ) : null}
          {!officeReview && !leaderApproval ? <TransitionForms ctx={p.ctx} v={v} actions={p.actions} from="review" /> : null}
          <Reviews v={v} />
        </aside>
      </div>
    </OfficeLayout>
  );
}

export function HistoryPage(p: { ctx: PageContext; v: PublicationView; events: AuditEventRow[] }) {
  const { v } = p;
  return (
    <OfficeLayout ctx={p.ctx} title={`版本与修改记录：${v.title}`}>
      <p>
        <a href={`/office/publications/${v.id}`}>← 返回信息</a>
      </p>
      <h1>版本与修改记录</h1>
      <p>{v.title}</p>
      <Revisions v={v} />
      <section class="panel" aria-labelledby="audit-h">
        <h2 id="audit-h">修改记录（审计日志）</h2>
        <table class="table audit">
          <caption class="visually-hidden">此信息的全部操作记录</caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {p.events.map((e) => (
              <tr key={e.id}>
                <td>{fmtInstant(e.at)}</td>
                <td>
                  {e.actorName}
                  {e.actorRole ? <div class="muted">{e.actorRole}</div> : null}
                </td>
                <td>{e.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </OfficeLayout>
  );
}
