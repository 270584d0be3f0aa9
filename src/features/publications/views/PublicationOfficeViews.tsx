import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime, formatChineseDate, type IsoDate } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { can } from '../../access/policy.js';
import type { AuditEventRow } from '../../audit/audit.table.js';
import {
  DISCLOSURE_ATTRIBUTES,
  DISCLOSURE_CATEGORIES,
  DISCLOSURE_CATEGORY_KEYS,
  GENRES,
  TOPICS,
  VALIDITY,
} from '../categories.js';
import { ACCEPTED_EXTENSIONS } from '../../files/files.js';
import {
  CONFIDENTIALITY_OUTCOMES,
  LIMITS,
  REVIEW_DECISIONS,
  REVIEW_STEPS,
  TIMELINESS,
  missingForSubmit,
  type Timeliness,
  type WorkingCopy,
} from '../publication.js';
import type { OfficeListRow } from '../publication.repository.js';
import type { PublicationView, Queue, QueueItem } from '../publication.service.js';
import { WORKFLOW, WORKFLOW_STATE_KEYS, type TransitionDef, type WorkflowState } from '../publication.workflow.js';

type Values = Record<string, string | undefined>;

const GROUP_LABELS: Record<string, string> = {
  art20: '《条例》第二十条 法定主动公开内容',
  art21: '《条例》第二十一条 县级重点领域',
  rules: '政府信息公开制度',
  report: '政府信息公开工作年度报告',
  other: '其他栏目',
};

export const stateLabel = (s: string) => WORKFLOW.states[s as WorkflowState]?.label ?? s;
const categoryLabel = (c: string) => (DISCLOSURE_CATEGORIES as Record<string, { label: string }>)[c]?.label ?? (c || '未选择');
const fmtInstant = (s: string | null | undefined) => (s ? formatChinaDateTime(s) : '—');
const fmtDate = (s: string | null | undefined) => (s ? formatChineseDate(s as IsoDate) : '—');

function StateBadge({ state }: { state: string }) {
  const cls = state === 'published' ? 'ok' : state === 'returned' || state === 'withdrawn' ? 'danger' : state === 'draft' ? '' : 'warn';
  return <span class={`badge ${cls}`}>{stateLabel(state)}</span>;
}

export function TimelinessBadge({ t }: { t: Timeliness }) {
  const cls = t.status === 'overdue' || t.status === 'late' ? 'danger' : t.status === 'due_soon' ? 'warn' : t.status === 'met' ? 'ok' : '';
  const left =
    t.workdaysLeft === null ? '' : t.workdaysLeft < 0 ? `，逾期 ${-t.workdaysLeft} 个工作日` : `，剩 ${t.workdaysLeft} 个工作日`;
  return (
    <span class={`badge ${cls}`}>
      {TIMELINESS[t.status].label}
      {t.deadline ? `（期限 ${t.deadline}${left}）` : ''}
      {t.provisional ? '（日历未覆盖，按周末推算）' : ''}
    </span>
  );
}

function CategorySelect(p: { value: string | undefined; errors?: FieldErrors | undefined }) {
  const err = p.errors?.category;
  return (
    <div class={`field${err ? ' field-error' : ''}`}>
      <label for="f-category">公开类别（栏目）</label>
      {err ? <p class="error-text" id="f-category-error">{err}</p> : null}
      <select id="f-category" name="category" aria-invalid={err ? 'true' : undefined} aria-describedby={err ? 'f-category-error' : undefined}>
        <option value="">请选择</option>
        {Object.entries(GROUP_LABELS).map(([group, label]) => (
          <optgroup key={group} label={label}>
            {DISCLOSURE_CATEGORY_KEYS.filter((k) => DISCLOSURE_CATEGORIES[k].group === group).map((k) => (
              <option key={k} value={k} selected={p.value === k}>
                {DISCLOSURE_CATEGORIES[k].article ? `${DISCLOSURE_CATEGORIES[k].article.replace('第二十条', '').replace('第二十一条', '第二十一条 ')} ` : ''}
                {DISCLOSURE_CATEGORIES[k].label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function VocabSelect(p: { name: string; label: string; vocab: Record<string, string>; value: string | undefined; errors?: FieldErrors | undefined; empty?: string }) {
  const err = p.errors?.[p.name];
  const id = `f-${p.name}`;
  return (
    <div class={`field${err ? ' field-error' : ''}`}>
      <label for={id}>{p.label}</label>
      {err ? <p class="error-text" id={`${id}-error`}>{err}</p> : null}
      <select id={id} name={p.name} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-error` : undefined}>
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {Object.entries(p.vocab).map(([k, label]) => (
          <option key={k} value={k} selected={p.value === k}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface AgencyOption {
  id: number;
  name: string;
}
export interface DepartmentOption {
  id: number;
  name: string;
}

export interface FormContext {
  agencies: AgencyOption[];
  departments: DepartmentOption[];
  /** Whether the actor may choose the department (the office), or it is their own (an editor). */
  chooseDepartment: boolean;
}

/** Form values of a working copy. */
export function valuesOf(v: PublicationView): Values {
  return {
    title: v.title,
    summary: v.summary,
    body: v.body,
    documentNumber: v.documentNumber,
    writtenDate: v.writtenDate ?? '',
    formedDate: v.formedDate ?? '',
    category: v.category,
    topic: v.topic,
    genre: v.genre,
    keywords: v.keywords,
    disclosureAttribute: v.disclosureAttribute,
    disclosureBasis: v.disclosureBasis,
    changeNote: v.changeNote,
    departmentId: v.departmentId ? String(v.departmentId) : '',
    issuerAgencies: v.issuers.filter((i) => i.agencyId).map((i) => i.agencyId).join(','),
    issuerOther: v.issuers.filter((i) => !i.agencyId).map((i) => i.name).join('\n'),
    version: String(v.version),
  };
}

function PublicationFields(p: { v: Values; e?: FieldErrors | undefined; fc: FormContext; revision: boolean; agencyId: number }) {
  const { v, e } = p;
  const issuerIds = new Set((v.issuerAgencies ?? '').split(',').filter(Boolean));
  return (
    <>
      <fieldset>
        <legend>基本信息</legend>
        <Field name="title" label="名称（标题）" value={v.title} errors={e} required maxLength={LIMITS.title} />
        <TextArea name="summary" label="内容概述" hint="目录中显示的摘要，一两句话说明这条信息是什么" value={v.summary} errors={e} rows={3} maxLength={LIMITS.summary} />
        <Field name="documentNumber" label="文号" hint="例：示发改投〔2026〕12号；没有文号可不填" value={v.documentNumber} errors={e} maxLength={LIMITS.documentNumber} />
        <div class="field-row">
          <Field name="writtenDate" label="成文日期" type="date" value={v.writtenDate} errors={e} />
          <Field name="formedDate" label={p.revision ? '变更日期' : '形成日期'} hint="信息形成或变更之日，用于计算 20 个工作日的公开期限" type="date" value={v.formedDate} errors={e} />
        </div>
        {p.revision ? <TextArea name="changeNote" label="修订说明" hint="公众在页面上看到的修订说明，例：更正附件中的项目投资额" value={v.changeNote} errors={e} rows={2} maxLength={LIMITS.changeNote} /> : null}
      </fieldset>
      <fieldset>
        <legend>正文</legend>
        {e?.body ? <p class="error-text">{e.body}</p> : null}
        <div class="field">
          <label for="f-body">正文</label>
          <p class="hint" id="f-body-hint">可直接从 Word、WPS 粘贴，系统会清理格式、保留表格和列表；保存时自动去除脚本等不安全内容。</p>
          <textarea id="f-body" name="body" rows={16} data-editor="rich" aria-describedby="f-body-hint">
            {v.body ?? ''}
          </textarea>
        </div>
      </fieldset>
      <fieldset>
        <legend>分类</legend>
        <CategorySelect value={v.category} errors={e} />
        <VocabSelect name="topic" label="主题分类" vocab={TOPICS} value={v.topic} errors={e} empty="请选择" />
        <VocabSelect name="genre" label="体裁分类" vocab={GENRES} value={v.genre} errors={e} empty="请选择" />
        <Field name="keywords" label="关键词（主题词）" hint="用顿号或逗号分隔，最多 10 个" value={v.keywords} errors={e} maxLength={240} />
      </fieldset>
      <fieldset>
        <legend>公开属性</legend>
        <VocabSelect name="disclosureAttribute" label="公开属性" vocab={DISCLOSURE_ATTRIBUTES} value={v.disclosureAttribute || 'proactive'} errors={e} />
        <TextArea name="disclosureBasis" label="依据" hint="依申请公开、不予公开的须写明依据，例：《政府信息公开条例》第十六条" value={v.disclosureBasis} errors={e} rows={2} maxLength={LIMITS.disclosureBasis} />
      </fieldset>
      <fieldset id="f-issuers" class={e?.issuers ? 'field-error' : undefined}>
        <legend>发布机构</legend>
        {e?.issuers ? <p class="error-text">{e.issuers}</p> : null}
        <p class="hint">联合发文的，勾选所有发布机构；平台以外的机构填在下面，每行一个。</p>
        <div class="checkbox-grid">
          {p.fc.agencies.map((a) => (
            <div class="field checkbox" key={a.id}>
              <input type="checkbox" id={`issuer-${a.id}`} name="issuerAgencies" value={String(a.id)} checked={issuerIds.has(String(a.id))} />
              <label for={`issuer-${a.id}`}>{a.name}</label>
            </div>
          ))}
        </div>
        <TextArea name="issuerOther" label="其他发布机构" value={v.issuerOther} errors={e} rows={2} maxLength={600} />
      </fieldset>
      {p.fc.chooseDepartment && p.fc.departments.length ? (
        <fieldset>
          <legend>承办股室</legend>
          <VocabSelect
            name="departmentId"
            label="承办股室"
            vocab={Object.fromEntries(p.fc.departments.map((d) => [String(d.id), d.name]))}
            value={v.departmentId}
            errors={e}
            empty="（不指定）"
          />
        </fieldset>
      ) : null}
    </>
  );
}

export function NewPublicationPage(p: { ctx: PageContext; values: Values; fc: FormContext; agencies: AgencyOption[]; errors?: FieldErrors; message?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title="起草信息" scripts={['editor.js']}>
      <h1>起草信息</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action="/office/publications" novalidate>
        <Csrf token={p.ctx.csrfToken} />
        {p.agencies.length > 1 ? (
          <fieldset>
            <legend>机关</legend>
            <VocabSelect name="agencyId" label="所属机关" vocab={Object.fromEntries(p.agencies.map((a) => [String(a.id), a.name]))} value={p.values.agencyId} errors={p.errors} />
          </fieldset>
        ) : p.agencies[0] ? (
          <input type="hidden" name="agencyId" value={String(p.agencies[0].id)} />
        ) : null}
        <PublicationFields v={p.values} e={p.errors} fc={p.fc} revision={false} agencyId={Number(p.values.agencyId ?? p.agencies[0]?.id ?? 0)} />
        <div class="actions">
          <button type="submit">保存草稿</button>
        </div>
        <p class="hint">保存后可上传附件、查看公开期限和提交审核。</p>
      </form>
    </OfficeLayout>
  );
}

function MetadataTable({ v }: { v: PublicationView }) {
  const rows: [string, ComponentChildren][] = [
    ['索引号', v.indexNumber ?? '（发布时生成）'],
    ['名称', v.title],
    ['内容概述', v.summary || '—'],
    ['文号', v.documentNumber || '—'],
    ['发布机构', v.issuers.map((i) => i.name).join('、') || '—'],
    ['成文日期', fmtDate(v.writtenDate)],
    ['形成或变更日期', fmtDate(v.formedDate)],
    ['发布日期', v.firstPublishedAt ? fmtInstant(v.firstPublishedAt) : '（发布时由系统记录）'],
    ['公开类别', categoryLabel(v.category)],
    ['主题分类', (TOPICS as Record<string, string>)[v.topic] ?? '—'],
    ['体裁分类', (GENRES as Record<string, string>)[v.genre] ?? '—'],
    ['关键词', v.keywords || '—'],
    ['公开属性', `${(DISCLOSURE_ATTRIBUTES as Record<string, string>)[v.disclosureAttribute] ?? v.disclosureAttribute}${v.disclosureBasis ? `（依据：${v.disclosureBasis}）` : ''}`],
    ['有效性', `${(VALIDITY as Record<string, string>)[v.validity] ?? v.validity}${v.validityDate ? `（${v.validityDate}）` : ''}`],
  ];
  return (
    <table class="table meta-table">
      <caption class="visually-hidden">元数据</caption>
      <tbody>
        {rows.map(([k, val]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{val}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Attachments(p: { ctx: PageContext; v: PublicationView; editable: boolean; errors?: FieldErrors | undefined }) {
  return (
    <section class="panel" aria-labelledby="att-h">
      <h2 id="att-h">附件（{p.v.attachments.length}）</h2>
      {p.v.attachments.length ? (
        <ul class="attachment-list">
          {p.v.attachments.map((a) => (
            <li key={a.id}>
              <a href={a.officeUrl}>{a.name}</a> <span class="muted">（{Math.max(1, Math.round(a.size / 1024))} KB）</span>
              {p.editable ? (
                <form method="post" action={`/office/publications/${p.v.id}/attachments/${a.id}/delete`} class="inline">
                  <Csrf token={p.ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    删除<span class="visually-hidden">附件 {a.name}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">没有附件。</p>
      )}
      {p.editable ? (
        <form method="post" action={`/office/publications/${p.v.id}/attachments`} enctype="multipart/form-data" class="upload-form">
          <Csrf token={p.ctx.csrfToken} />
          <div class={`field${p.errors?.file ? ' field-error' : ''}`}>
            <label for="f-file">上传附件</label>
            <p class="hint" id="f-file-hint">
              PDF、OFD、Word、Excel 或图片，{ACCEPTED_EXTENSIONS.map((x) => `.${x}`).join(' ')}；文件类型按内容识别。先保存正文再上传，以免未保存的修改丢失。
            </p>
            {p.errors?.file ? <p class="error-text" id="f-file-error">{p.errors.file}</p> : null}
            <input id="f-file" type="file" name="file" required aria-describedby={`f-file-hint${p.errors?.file ? ' f-file-error' : ''}`} accept={ACCEPTED_EXTENSIONS.map((x) => `.${x}`).join(',')} />
          </div>
          <Field name="name" label="附件名称（可选）" hint="不填则使用文件名" maxLength={LIMITS.attachmentName} />
          <button type="submit" class="secondary">
            上传
          </button>
        </form>
      ) : null}
    </section>
  );
}

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

function SubmitChecklist({ v, missing }: { v: PublicationView; missing: FieldErrors }) {
  const entries = Object.entries(missing);
  return (
    <section class="panel" aria-labelledby="check-h">
      <h2 id="check-h">提交前检查</h2>
      <p>
        公开期限：<TimelinessBadge t={v.timeliness} />
      </p>
      {v.timeliness.deadline ? <p class="hint">{v.timeliness.explanation[0]}</p> : null}
      {entries.length ? (
        <>
          <p>还需填写：</p>
          <ul class="missing-list">
            {entries.map(([k, msg]) => (
              <li key={k}>
                <a href={`#f-${k}`}>{msg.replace(/^提交前须填写/, '')}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="badge ok">各项已填写完整，可以提交审核</p>
      )}
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

export interface ListFilters {
  state?: string | undefined;
  category?: string | undefined;
  q?: string | undefined;
  agencyId?: string | undefined;
  mine?: string | undefined;
  findings?: string | undefined;
  deadline?: string | undefined;
  page?: number | undefined;
}

function QueueTabs({ queues, current }: { queues: Queue[]; current: string }) {
  if (!queues.length) return null;
  return (
    <nav class="queue-tabs" aria-label="待办">
      <ul>
        {queues.map((q) => (
          <li key={q.key}>
            <a href={q.href} aria-current={current === q.href ? 'page' : undefined}>
              {q.title} <span class={`badge ${q.total && (q.key === 'deadline' || q.key === 'returned') ? 'danger' : q.total ? 'warn' : ''}`}>{q.total}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function PublicationListPage(p: {
  ctx: PageContext;
  items: (OfficeListRow & { timeliness?: Timeliness })[];
  total: number;
  filters: ListFilters;
  queues: Queue[];
  agencies: AgencyOption[];
  canDraft: boolean;
  pageSize: number;
  settingsAgencies: AgencyOption[];
}) {
  const f = p.filters;
  const page = f.page ?? 1;
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const qs = (over: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...f, ...over })) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
    const s = params.toString();
    return s ? `/office/publications?${s}` : '/office/publications';
  };
  return (
    <OfficeLayout ctx={p.ctx} title="信息发布">
      <h1>信息发布</h1>
      <div class="actions">
        {p.canDraft ? (
          <a class="button" href="/office/publications/new">
            起草信息
          </a>
        ) : null}
        {p.settingsAgencies.map((a) => (
          <a class="button secondary-link" key={a.id} href={`/office/publications/settings/${a.id}`}>
            发布设置{p.settingsAgencies.length > 1 ? `（${a.name}）` : ''}
          </a>
        ))}
      </div>
      <QueueTabs queues={p.queues} current={p.ctx.path} />
      <form method="get" action="/office/publications" class="filters" role="search">
        <label>
          检索
          <input type="search" name="q" value={f.q ?? ''} placeholder="标题、文号或索引号" />
        </label>
        <label>
          状态
          <select name="state">
            <option value="">全部</option>
            {WORKFLOW_STATE_KEYS.filter((s) => s !== 'discarded').map((s) => (
              <option key={s} value={s} selected={f.state === s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          公开类别
          <select name="category">
            <option value="">全部</option>
            {DISCLOSURE_CATEGORY_KEYS.map((k) => (
              <option key={k} value={k} selected={f.category === k}>
                {DISCLOSURE_CATEGORIES[k].label.slice(0, 24)}
              </option>
            ))}
          </select>
        </label>
        {p.agencies.length > 1 ? (
          <label>
            机关
            <select name="agencyId">
              <option value="">全部</option>
              {p.agencies.map((a) => (
                <option key={a.id} value={String(a.id)} selected={f.agencyId === String(a.id)}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label class="checkbox-label">
          <span>
            <input type="checkbox" name="mine" value="1" checked={f.mine === '1'} /> 只看我起草的
          </span>
        </label>
        <button type="submit">筛选</button>
      </form>
      <p class="muted" role="status">
        共 {p.total} 条{f.deadline ? '（即将到期或已逾期）' : ''}
        {f.findings ? '（有待确认的筛查结果）' : ''}
      </p>
      <table class="table">
        <caption class="visually-hidden">信息列表</caption>
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">状态</th>
            <th scope="col">股室</th>
            <th scope="col">公开类别</th>
            <th scope="col">公开期限</th>
            <th scope="col">更新时间</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((i) => (
            <tr key={i.id}>
              <td>
                <a href={`/office/publications/${i.id}`}>{i.title}</a>
                {i.indexNumber ? <div class="muted small">{i.indexNumber}</div> : null}
                {i.openFindings ? <span class="badge danger">{i.openFindings} 项筛查结果待确认</span> : null}
              </td>
              <td>
                <StateBadge state={i.state} />
                {i.publicStatus === 'published' && i.state !== 'published' ? <div class="muted small">门户显示旧版</div> : null}
              </td>
              <td>{i.departmentName ?? '—'}</td>
              <td>{categoryLabel(i.category).slice(0, 16)}</td>
              <td>{i.timeliness && i.state !== 'published' && i.state !== 'withdrawn' ? <TimelinessBadge t={i.timeliness} /> : i.firstPublishedAt ? `发布于 ${fmtInstant(i.firstPublishedAt)}` : '—'}</td>
              <td>{fmtInstant(i.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav class="pager" aria-label="分页">
          {page > 1 ? <a href={qs({ page: page - 1 })}>上一页</a> : null}
          <span>
            第 {page} / {pages} 页
          </span>
          {page < pages ? <a href={qs({ page: page + 1 })}>下一页</a> : null}
        </nav>
      ) : null}
    </OfficeLayout>
  );
}

export function SettingsPage(p: { ctx: PageContext; agency: { id: number; name: string; code: string; version: number }; values: Values; example: string | null; errors?: FieldErrors; message?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title={`发布设置：${p.agency.name}`}>
      <p>
        <a href="/office/publications">← 信息发布</a>
      </p>
      <h1>信息发布设置：{p.agency.name}</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action={`/office/publications/settings/${p.agency.id}`} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <input type="hidden" name="version" value={String(p.agency.version)} />
        <fieldset>
          <legend>索引号</legend>
          <Field
            name="indexPattern"
            label="索引号格式"
            hint="占位符：{agencyCode} 机关代码，{yyyy} 年份，{mm} 月份，{serial:5} 5 位流水号（按年重新编排）。索引号在首次发布时生成，之后不再改变。"
            value={p.values.indexPattern}
            errors={p.errors}
            maxLength={60}
          />
          {p.example ? (
            <p>
              示例：<code>{p.example}</code>
            </p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>审核流程</legend>
          <div class="field checkbox">
            <input type="checkbox" id="f-requiresLeaderApproval" name="requiresLeaderApproval" value="1" checked={p.values.requiresLeaderApproval === '1'} />
            <label for="f-requiresLeaderApproval">办公室审核通过后，须经分管领导审批方可发布</label>
          </div>
        </fieldset>
        <button type="submit">保存</button>
      </form>
    </OfficeLayout>
  );
}

/** The per-role queues for the dashboard: a short list each, linking to the whole queue. */
export function QueueSummary({ queues }: { queues: Queue[] }) {
  return (
    <div class="queue-summary">
      {queues.map((q) => (
        <section key={q.key} aria-labelledby={`q-${q.key}`}>
          <h3 id={`q-${q.key}`}>
            <a href={q.href}>{q.title}</a> <span class={`badge ${q.total ? (q.key === 'deadline' ? 'danger' : 'warn') : ''}`}>{q.total}</span>
          </h3>
          {q.items.length ? (
            <ul>
              {q.items.slice(0, 5).map((i: QueueItem) => (
                <li key={i.id}>
                  <a href={`/office/publications/${i.id}`}>{i.title}</a>
                  {i.timeliness.status === 'overdue' || i.timeliness.status === 'due_soon' ? (
                    <>
                      {' '}
                      <TimelinessBadge t={i.timeliness} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">没有待办事项。</p>
          )}
        </section>
      ))}
    </div>
  );
}
