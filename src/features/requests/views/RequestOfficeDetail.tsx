import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { CLOCK_STATES } from '../../calendar/clock-kit.js';
import { ACCEPTED_EXTENSIONS } from '../../files/files.js';
import { CONSULTED_PARTIES } from '../request.clock.js';
import { FEE_METHODS, type FeeMethod } from '../request.fees.js';
import { APPLICANT_KINDS, DELIVERY_METHODS, ID_TYPES, INFO_FORMS, REQUEST_CHANNELS, REQUEST_OUTCOMES, type ApplicantKind, type RequestOutcome } from '../request.js';
import { LETTER_KINDS } from '../request.letters.js';
import { detailsOf, type RequestView } from '../request.read.js';
import type { RequestEventRow } from '../request.table.js';
import { ActionForms, type ActionContext, type ActionFailure } from './RequestOfficeActions.js';
import { DueBadge, fmtDate, fmtInstant, prefixed, RequestNav } from './RequestOfficeParts.js';

const label = (vocab: Record<string, { label: string }>, key: unknown) => (typeof key === 'string' ? (vocab[key]?.label ?? key) : '');

const SENT_VIA: Record<string, string> = { email: '电子邮件', post: '邮寄', in_person: '当面或自取' };

const EVENT_LABELS: Record<string, string> = {
  received: '收到申请',
  note: '系统提示',
  accepted: '审核受理',
  assigned: '指定承办',
  correction_requested: '告知补正',
  correction_received: '收到补正',
  consultation_sent: '征求意见',
  consultation_delivered: '征求意见函送达',
  consultation_answered: '收到意见',
  extension_requested: '申请延期',
  extension: '批准延期',
  extension_refused: '不同意延期',
  fee_notice: '收费通知',
  fee_paid: '已缴费',
  replied: '答复',
  delivered: '答复送达',
  withdrawn: '撤回申请',
};

/** One event in words, from what was recorded with it. */
function eventText(e: RequestEventRow, departments: Map<number, string>): string {
  const d = detailsOf(e);
  const s = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : '');
  const parts: string[] = [];
  switch (e.type) {
    case 'received':
      parts.push(label(REQUEST_CHANNELS, d.channel));
      if (s('source') === 'ledger') parts.push('由登记台账导入');
      if (s('signedDate')) parts.push(`签收于 ${s('signedDate')}`);
      if (s('confirmedDate')) parts.push(`确认于 ${s('confirmedDate')}`);
      break;
    case 'accepted':
    case 'assigned':
      if (typeof d.departmentId === 'number') parts.push(`承办股室：${departments.get(d.departmentId) ?? d.departmentId}`);
      if (s('handlerName')) parts.push(`承办人：${s('handlerName')}`);
      break;
    case 'correction_requested':
      if (s('dueDate')) parts.push(`补正期限 ${s('dueDate')}`);
      if (s('items')) parts.push(`补正事项：${s('items')}`);
      break;
    case 'consultation_sent':
      parts.push(`${label(CONSULTED_PARTIES, d.party)}：${s('consultee')}`);
      if (s('deliveredDate')) parts.push(`送达于 ${s('deliveredDate')}`);
      break;
    case 'consultation_answered':
      if (s('opinion')) parts.push(`意见：${s('opinion')}`);
      break;
    case 'extension_requested':
    case 'extension':
      parts.push(`延长 ${s('days')} 个工作日`);
      if (s('approver')) parts.push(`批准人：${s('approver')}`);
      if (s('reason')) parts.push(`理由：${s('reason')}`);
      break;
    case 'extension_refused':
    case 'withdrawn':
      if (s('reason')) parts.push(s('reason'));
      break;
    case 'fee_notice':
      parts.push(`${s('amount')} 元（${label(FEE_METHODS, d.method as FeeMethod)}）`);
      if (s('receivedDate')) parts.push(`申请人收到通知于 ${s('receivedDate')}`);
      break;
    case 'replied':
      if (s('outcome')) parts.push((REQUEST_OUTCOMES as Record<string, { short: string }>)[s('outcome')]?.short ?? s('outcome'));
      if (s('note')) parts.push(s('note'));
      break;
    case 'note':
      parts.push(s('text'));
      break;
    default:
      if (s('note')) parts.push(s('note'));
  }
  return parts.filter(Boolean).join('；');
}

function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <table class="table meta-table">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Applicant({ v }: { v: RequestView }) {
  const a = v.applicant;
  return (
    <section class="panel" aria-labelledby="applicant-h">
      <h2 id="applicant-h">申请人</h2>
      {a.masked ? (
        <p class="hint" role="note">
          {v.row.purgedAt ? '个人信息保存期限已满，已清除。' : '个人信息已隐去，仅承办人可见。'}
        </p>
      ) : null}
      <Facts
        rows={[
          ['类型', label(APPLICANT_KINDS, v.row.applicantKind as ApplicantKind)],
          ['姓名或名称', a.name],
          ['联系人', a.contactName],
          ['身份证明', `${label(ID_TYPES, a.idType)} ${a.idNumber}`],
          ['联系电话', a.phone],
          ['电子邮箱', a.email],
          ['通信地址', a.address],
        ]}
      />
    </section>
  );
}

function AskedFor({ v }: { v: RequestView }) {
  const r = v.row;
  return (
    <section class="panel" aria-labelledby="asked-h">
      <h2 id="asked-h">申请内容</h2>
      <Facts
        rows={[
          ['信息名称', r.infoName],
          ['文号', r.infoNumber],
          ['内容描述', <span class="pre-wrap">{r.description}</span>],
          ['所需形式', label(INFO_FORMS, r.infoForm)],
          ['获取方式', label(DELIVERY_METHODS, r.delivery)],
          ['提交方式', `${label(REQUEST_CHANNELS, r.channel)}（${fmtInstant(r.submittedAt)} 登记）`],
        ]}
      />
      {r.repeatOf ? (
        <p class="alert alert-warning">
          同一申请人曾就相同信息提出申请，可能属于重复申请：<a href={`/office/requests/${r.repeatOf}`}>申请 {r.repeatOf}</a>
        </p>
      ) : null}
    </section>
  );
}

function Clock({ v }: { v: RequestView }) {
  const c = v.clock;
  const r = v.row;
  return (
    <section class="panel" aria-labelledby="clock-h">
      <h2 id="clock-h">答复期限</h2>
      <p>
        <DueBadge dueDate={r.dueDate ?? c.deadline} provisional={r.dueDate ? r.dueProvisional === 1 : c.provisional} overdue={c.derived.overdue} />
      </p>
      <p>
        计时：{CLOCK_STATES[c.state]?.label ?? c.state}
        {c.derived.remainingWorkdays !== null && !c.derived.overdue ? `，还剩 ${c.derived.remainingWorkdays} 个工作日` : ''}
      </p>
      {c.explanation.length ? (
        <ul class="clock-lines">
          {c.explanation.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : null}
      {c.issues.length ? (
        <ul class="clock-issues">
          {c.issues.map((i, n) => (
            <li key={n}>
              <span class={`badge ${i.severity === 'error' ? 'danger' : 'warn'}`}>{i.severity === 'error' ? '未计入' : '请核实'}</span> {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      {r.outcome ? (
        <p>
          答复决定：<strong>{(REQUEST_OUTCOMES as Record<string, { short: string }>)[r.outcome]?.short ?? r.outcome}</strong>（{fmtDate(r.repliedDate)}
          {r.onTime === 1 ? '，按期' : r.onTime === 0 ? '，逾期' : ''}）{r.deliveredDate ? `；${fmtDate(r.deliveredDate)} 送达` : ''}
        </p>
      ) : null}
    </section>
  );
}

function Timeline({ v, departments }: { v: RequestView; departments: Map<number, string> }) {
  return (
    <section class="panel" aria-labelledby="events-h">
      <h2 id="events-h">办理过程</h2>
      <ol class="timeline">
        {v.events.map((e) => (
          <li key={e.id}>
            <strong>{e.date}</strong> {EVENT_LABELS[e.type] ?? e.type}
            <span class="muted">（{e.actorName}）</span>
            {eventText(e, departments) ? <div class="pre-wrap">{eventText(e, departments)}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Letters({ v }: { v: RequestView }) {
  return (
    <section class="panel" aria-labelledby="letters-h">
      <h2 id="letters-h">告知书与函件（{v.letters.length}）</h2>
      {v.letters.length ? (
        <ul class="attachment-list">
          {v.letters.map((l) => (
            <li key={l.id}>
              <strong>{l.title}</strong>
              <span class="muted">
                （{label(LETTER_KINDS, l.kind)}，{l.issuedDate} 出具，{l.toApplicant ? `致申请人，${SENT_VIA[l.sentVia] ?? l.sentVia}` : `致${l.addressee}`}）
              </span>{' '}
              <a href={`/office/requests/${v.row.id}/letters/${l.id}`}>
                打印<span class="visually-hidden">{l.title}</span>
              </a>{' '}
              <a href={`/office/requests/${v.row.id}/letters/${l.id}.docx`}>
                下载 Word<span class="visually-hidden">：{l.title}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">尚未出具告知书。</p>
      )}
    </section>
  );
}

function Files(p: { ctx: PageContext; v: RequestView; editable: boolean; errors?: FieldErrors | undefined }) {
  const { v } = p;
  const err = p.errors?.file;
  return (
    <section class="panel" aria-labelledby="files-h">
      <h2 id="files-h">提供的信息（{v.files.length}）</h2>
      <p class="hint">予以公开或部分公开的，答复时一并提供给申请人（门户凭查询码下载）。</p>
      {v.files.length ? (
        <ul class="attachment-list">
          {v.files.map((f) => (
            <li key={f.id}>
              <a href={`/office/requests/files/${f.id}`}>{f.name}</a> <span class="muted">（{Math.max(1, Math.round(f.size / 1024))} KB）</span>
              {p.editable ? (
                <form method="post" action={`/office/requests/${v.row.id}/files/${f.id}/delete`} class="inline">
                  <Csrf token={p.ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    删除<span class="visually-hidden">文件 {f.name}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">没有文件。</p>
      )}
      {p.editable ? (
        <form method="post" action={`/office/requests/${v.row.id}/files`} enctype="multipart/form-data" class="upload-form">
          <Csrf token={p.ctx.csrfToken} />
          <div class={`field${err ? ' field-error' : ''}`}>
            <label for="f-file">上传文件</label>
            <p class="hint" id="f-file-hint">
              PDF、OFD、Word、Excel 或图片（{ACCEPTED_EXTENSIONS.map((x) => `.${x}`).join(' ')}），文件类型按内容识别。请先遮盖不应公开的内容。
            </p>
            {err ? (
              <p class="error-text" id="f-file-error">
                {err}
              </p>
            ) : null}
            <input id="f-file" type="file" name="file" required aria-describedby={`f-file-hint${err ? ' f-file-error' : ''}`} accept={ACCEPTED_EXTENSIONS.map((x) => `.${x}`).join(',')} />
          </div>
          <button type="submit" class="secondary">
            上传
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function RequestDetailPage(p: {
  ctx: PageContext;
  v: RequestView;
  ac: ActionContext;
  filesEditable: boolean;
  failure?: ActionFailure | undefined;
  fileErrors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const { v, failure } = p;
  const r = v.row;
  const departments = new Map(p.ac.departments.map((d) => [d.id, d.name]));
  return (
    <OfficeLayout ctx={p.ctx} title={`申请 ${r.id}`}>
      <p>
        <a href="/office/requests">← 依申请公开</a>
      </p>
      <h1>
        政府信息公开申请 第 {r.id} 号
      </h1>
      <RequestNav actor={p.ctx.actor} current="" />
      <p class="pub-status">
        <span class="badge">{v.stateLabel}</span> {v.agency.name}
        {v.departmentName ? ` · ${v.departmentName}` : ''}
        {r.handlerName ? ` · 承办人 ${r.handlerName}` : ' · 未指定承办人'}
      </p>
      <ErrorSummary errors={failure ? prefixed(failure.action, failure.errors) : p.fileErrors} message={failure?.message ?? p.message} />
      <div class="pub-layout">
        <div class="pub-main">
          <AskedFor v={v} />
          <Applicant v={v} />
          <Timeline v={v} departments={departments} />
          <Letters v={v} />
          <Files ctx={p.ctx} v={v} editable={p.filesEditable} errors={p.fileErrors} />
        </div>
        <aside class="pub-side" aria-label="期限与办理">
          <Clock v={v} />
          <ActionForms ctx={p.ctx} v={v} ac={p.ac} failure={failure} />
        </aside>
      </div>
    </OfficeLayout>
  );
}
