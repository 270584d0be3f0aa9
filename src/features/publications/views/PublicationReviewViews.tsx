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
import { InterpretationPanel } from './InterpretationPanel.js';
import { MetadataTable, StateBadge, TimelinessBadge, VocabSelect, fmtInstant, type FormContext, type Values } from './parts.js';

/**
 * How the findings can be confirmed on this page: by checkboxes of the review
 * form (the office review, where confirming and approving are one step), by a
 * form of their own (at 待发布 and later, so nothing unconfirmed blocks publishing
 * with no way to act on it), or not at all.
 */
type FindingsConfirm = { kind: 'review-form' } | { kind: 'own'; ctx: PageContext; from: 'detail' | 'review' } | null;

function Findings({ v, confirm }: { v: PublicationView; confirm: FindingsConfirm }) {
  if (!v.findings.length) return null;
  const selectable = confirm !== null && v.openFindings > 0;
  const formAttr = confirm?.kind === 'review-form' ? { form: 'review-form' } : {};
  const list = (
    <ul class="finding-list">
      {v.findings.map((f) => (
        <li key={f.id} class={f.confirmedAt ? 'confirmed' : 'open'}>
          {selectable && !f.confirmedAt ? (
            <>
              <input type="checkbox" name="confirmFindings" value={String(f.id)} id={`finding-${f.id}`} {...formAttr} />{' '}
              <label for={`finding-${f.id}`}>
                <span class="visually-hidden">确认：</span>
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
  );
  return (
    <section class="panel" aria-labelledby="find-h" id="f-confirmFindings">
      <h2 id="find-h">
        内容筛查结果（{v.openFindings ? `${v.openFindings} 项待确认` : '均已确认'}）
      </h2>
      <p class="hint">
        发布前，审核人须逐项核实并确认：个人信息应遮盖或删除，涉密、内部资料标识的内容不得公开。
        {selectable && confirm?.kind === 'review-form' ? '勾选已核实的各项，随审核意见一并提交。' : ''}
      </p>
      {selectable && confirm?.kind === 'own' ? (
        <form method="post" action={`/office/publications/${v.id}/findings`} class="confirm-findings">
          <Csrf token={confirm.ctx.csrfToken} />
          <input type="hidden" name="from" value={confirm.from} />
          {list}
          <div class="field">
            <label for="f-confirmNote">核实说明（可选）</label>
            <textarea id="f-confirmNote" name="note" rows={2} maxLength={LIMITS.comment} />
          </div>
          <button type="submit" class="secondary">确认所选筛查结果</button>
        </form>
      ) : (
        list
      )}
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

/** The reject steps of the office review and the leader's approval: made on the review page, with the decision's other inputs. */
const isDecisionReject = (t: TransitionDef) => t.action === 'reject' && (t.from as readonly string[]).some((f) => f === 'submitted' || f === 'pending_approval');

/**
 * One form per transition the actor may make, each with the inputs that action
 * needs. With the edit form on the page, 提交审核 is a second submit button of that
 * form, so what is typed is saved and submitted together, never dropped.
 */
function TransitionForms(p: { ctx: PageContext; v: PublicationView; actions: TransitionDef[]; from: 'detail' | 'review'; editForm?: boolean }) {
  const { v } = p;
  const simple = (t: TransitionDef, children?: ComponentChildren, cls = '') => (
    <form method="post" action={`/office/publications/${v.id}/transition`} class={`transition-form ${cls}`} key={`${t.action}-${t.to}`}>
      <Csrf token={p.ctx.csrfToken} />
      <input type="hidden" name="action" value={t.action} />
      <input type="hidden" name="version" value={String(v.version)} />
      <input type="hidden" name="from" value={p.from} />
      {t.action === 'withdraw' ? (
        <div class="field">
          <label for="c-withdraw">撤回理由（必填，将向公众公开）</label>
          <p class="hint" id="c-withdraw-hint">
            撤回后，原网址显示“此信息已撤回”和这里填写的理由，任何人都能看到：请勿写入个人信息或内部情况。
          </p>
          <textarea id="c-withdraw" name="comment" rows={2} maxLength={LIMITS.comment} required aria-describedby="c-withdraw-hint" />
        </div>
      ) : t.comment === 'required' || t.action === 'submit' ? (
        <div class="field">
          <label for={`c-${t.action}`}>{t.comment === 'required' ? '意见（必填）' : '说明（可选）'}</label>
          <textarea id={`c-${t.action}`} name="comment" rows={2} maxLength={LIMITS.comment} required={t.comment === 'required'} />
        </div>
      ) : null}
      {children}
      <button type="submit" class={t.action === 'withdraw' || t.action === 'discard' || t.action === 'reject' ? 'danger' : t.action === 'publish' || t.action === 'submit' ? '' : 'secondary'}>
        {t.label}
      </button>
    </form>
  );
  const forms = p.actions
    // Decisions of the office review and the leader's approval are made on the review page only: one action per role.
    .filter((t) => !(t.action === 'approve' || isDecisionReject(t)))
    .map((t) => {
      if (t.action === 'submit' && p.editForm) {
        return (
          <div class="transition-form" key="submit">
            <div class="field">
              <label for="c-submit">说明（可选）</label>
              <textarea id="c-submit" name="comment" rows={2} maxLength={LIMITS.comment} form="edit-form" />
            </div>
            <button type="submit" form="edit-form" name="intent" value="submit">
              保存并提交审核
            </button>
            <p class="hint">先保存表单中的修改，再提交办公室审核。</p>
          </div>
        );
      }
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
      if (t.action === 'withdraw') {
        return (
          <details key="withdraw" class="transition-details">
            <summary>撤回（下线）此信息</summary>
            {simple(
              t,
              <div class="field checkbox">
                <input type="checkbox" id="f-confirmWithdraw" name="confirmWithdraw" value="1" required />
                <label for="f-confirmWithdraw">我确认撤回此信息，并知悉撤回理由将在原网址公开显示</label>
              </div>,
            )}
          </details>
        );
      }
      if (t.action === 'reject' || t.action === 'discard' || t.action === 'cancel_revision' || t.action === 'withdraw_submission') {
        return (
          <details key={`${t.action}-${t.to}`} class="transition-details">
            <summary>{t.label}</summary>
            {t.action === 'withdraw_submission' ? <p class="hint">办公室审核前可撤回，撤回后回到草稿，可继续修改后重新提交。</p> : null}
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

/** How findings can be confirmed by this actor on the page: only a reviewer confirms, and at submitted only with the review decision. */
function findingsConfirm(ctx: PageContext, v: PublicationView, from: 'detail' | 'review', reviewForm: boolean): FindingsConfirm {
  if (!v.openFindings || !can(ctx.actor ?? null, 'publication.review', { agencyId: v.agencyId, departmentId: v.departmentId })) return null;
  if (reviewForm) return { kind: 'review-form' };
  // Before review the editor resolves findings by editing; at review they are confirmed with the decision.
  if (v.state === 'draft' || v.state === 'returned' || v.state === 'submitted') return null;
  return { kind: 'own', ctx, from };
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
        {p.actions.some((t) => t.action === 'approve') ? (
          <a href={`/office/publications/${v.id}/review`}>{p.actions.some((t) => t.action === 'approve' && t.records === 'office_review') ? '审核' : '审批'}</a>
        ) : null}
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
      <InterpretationPanel ctx={p.ctx} v={v} errors={p.errors?.reason ? p.errors : undefined} />
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
          <TransitionForms ctx={p.ctx} v={v} actions={p.actions} from="detail" editForm={p.editable} />
          <Attachments ctx={p.ctx} v={v} editable={p.editable} errors={p.errors} />
          {working ? null : <Findings v={v} confirm={findingsConfirm(p.ctx, v, 'detail', false)} />}
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
    <OfficeLayout ctx={p.ctx} title={`${leaderApproval ? '审批' : '审核'}：${v.title}`}>
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
          <Findings v={v} confirm={findingsConfirm(p.ctx, v, 'review', !!officeReview)} />
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
