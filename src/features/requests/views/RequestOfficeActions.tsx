import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf } from '../../../web/components/forms.js';
import { CONSULTED_PARTIES } from '../request.clock.js';
import { FEE_METHODS } from '../request.fees.js';
import { OUTCOME_GROUPS, REQUEST_OUTCOME_KEYS, REQUEST_OUTCOMES, type OutcomeGroup } from '../request.js';
import { detailsOf, type RequestView } from '../request.read.js';
import type { RequestTransition } from '../request.workflow.js';
import { options, PField, type Option, type OptionGroup, type Values } from './RequestOfficeParts.js';

/** What the action forms offer to choose from. */
export interface ActionContext {
  departments: { id: number; name: string }[];
  handlers: Option[];
}

/** A step that was refused: its form comes back open, as typed, with the messages. */
export interface ActionFailure {
  action: string;
  errors: FieldErrors;
  message: string;
  values: Values;
}

// Closing outcomes have their own steps (逾期不补正, 逾期未缴费), which check their periods.
const REPLY_GROUPS: OptionGroup[] = (Object.keys(OUTCOME_GROUPS) as OutcomeGroup[]).map((g) => ({
  label: OUTCOME_GROUPS[g].label,
  options: REQUEST_OUTCOME_KEYS.filter((k) => REQUEST_OUTCOMES[k].group === g && k !== 'other_no_correction' && k !== 'other_fee_unpaid').map((k) => ({
    value: k,
    label: REQUEST_OUTCOMES[k].row ? REQUEST_OUTCOMES[k].label : REQUEST_OUTCOMES[k].short,
  })),
}));

const DATE_LABELS: Record<string, string> = {
  request_correction: '告知日期',
  receive_correction: '收到补正之日',
  consult: '发函日期',
  record_consultation: '送达或答复之日',
  fee_notice: '发出日期',
  fee_paid: '缴费日期',
  close_uncorrected: '处理日期',
  close_unpaid: '处理日期',
  reply: '答复日期',
  record_delivery: '送达日期',
  withdraw: '撤回日期',
};

const COMMENT_LABELS: Record<string, [string, string?]> = {
  accept: ['说明'],
  assign: ['说明'],
  request_correction: ['补正事项', '逐项写明需要补正的内容，将写入补正申请告知书；补正应一次性告知（第三十条）'],
  receive_correction: ['说明'],
  record_consultation: ['意见内容', '记录答复的，摘要写明对方意见'],
  request_extension: ['延期理由', '将写入延长答复期限告知书'],
  approve_extension: ['说明'],
  refuse_extension: ['不同意的理由'],
  fee_paid: ['说明'],
  close_uncorrected: ['说明'],
  close_unpaid: ['说明'],
  reply: ['说明', '写入答复告知书。部分公开的写明不予公开的部分及理由；不予公开、其他处理的写明理由'],
  record_delivery: ['送达情况', '例：EMS 单号、签收人'],
  withdraw: ['撤回理由'],
};

const DANGER = new Set(['withdraw', 'close_uncorrected', 'close_unpaid', 'refuse_extension']);

function consulteeOf(v: RequestView, eventId: number): string {
  const e = v.events.find((x) => x.id === eventId);
  return e ? String(detailsOf(e).consultee ?? '') : '';
}

function StepForm(p: { ctx: PageContext; v: RequestView; ac: ActionContext; t: RequestTransition; failure?: ActionFailure | undefined }) {
  const { v, t } = p;
  const a = t.action;
  const failed = p.failure?.action === a ? p.failure : undefined;
  const values = failed?.values ?? {};
  const f = (name: string, label: string, extra: Partial<Parameters<typeof PField>[0]> = {}) => (
    <PField prefix={a} name={name} label={label} value={values[name]} errors={failed?.errors} {...extra} />
  );
  const fields: ComponentChildren[] = [];
  if (a === 'accept' || a === 'assign') {
    fields.push(
      f('departmentId', '承办股室', { options: p.ac.departments.map((d) => ({ value: String(d.id), label: d.name })), empty: '（不指定）', value: values.departmentId ?? (v.row.departmentId ? String(v.row.departmentId) : '') }),
      f('handlerId', '承办人', {
        options: p.ac.handlers,
        empty: '（不指定）',
        value: values.handlerId ?? (v.row.handlerId ? String(v.row.handlerId) : ''),
        hint: '承办人是股室编辑的，请同时选择其所在股室，否则其看不到本申请。指定承办人后，申请人的个人信息只有承办人可见。',
      }),
    );
  }
  if (a === 'request_correction') fields.push(f('correctionDue', '补正期限', { type: 'date', required: true, hint: '申请人应在此日期前补正' }));
  if (a === 'consult') {
    fields.push(
      f('party', '征求意见的对象', { options: options(CONSULTED_PARTIES), empty: '请选择', required: true, hint: '第三方：第三十二条，15 个工作日内提出意见；其他机关：第三十四条，逾期未提出意见的视为同意' }),
      f('consultee', '第三方或机关的名称', { required: true, maxLength: 100 }),
      f('deliveredDate', '对方收到征求意见函之日', { type: 'date', hint: '已知的填写；15 个工作日自对方收到之日起算，未知时自发函之日推算' }),
    );
  }
  if (a === 'record_consultation') {
    fields.push(
      f('consultation', '征求意见函', {
        options: v.openConsultations.map((c) => ({
          value: String(c.eventId),
          label: `${c.sent} 致${CONSULTED_PARTIES[c.party as keyof typeof CONSULTED_PARTIES]?.label ?? ''}“${consulteeOf(v, c.eventId)}”${c.delivered ? `（${c.delivered} 送达）` : ''}`,
        })),
        empty: v.openConsultations.length === 1 ? undefined : '请选择',
        required: true,
      }),
      f('consultationStep', '记录', { options: [{ value: 'delivered', label: '对方收到征求意见函' }, { value: 'answered', label: '对方提出意见' }], required: true }),
    );
  }
  if (a === 'request_extension') fields.push(f('days', '延长工作日数', { type: 'number', min: '1', required: true, hint: '累计不超过 20 个工作日（第三十三条第二款），须在答复期限届满前经负责人同意' }));
  if ((a === 'approve_extension' || a === 'refuse_extension') && v.pendingExtension) {
    const x = v.pendingExtension;
    fields.push(
      <p class="pending-extension">
        {x.requestedBy} 申请延长 <strong>{x.days}</strong> 个工作日：{x.reason}
      </p>,
    );
  }
  if (a === 'fee_notice') {
    fields.push(
      f('feeMethod', '计收方式', { options: options(FEE_METHODS), empty: '请选择', required: true, hint: '申请数量、频次明显超过合理范围的才收费（第四十二条）' }),
      f('pages', '页数', { type: 'number', min: '1', hint: '按量计收的，填写提供信息的页数' }),
      f('receivedDate', '申请人收到通知之日', { type: 'date', hint: '邮寄的，送达后填写；电子邮件、网上送达的为发出之日' }),
    );
  }
  if (a === 'reply') fields.push(f('outcome', '答复决定', { groups: REPLY_GROUPS, empty: '请选择', required: true, hint: '按年度报告表三的分类选择；告知书载明依据和救济途径' }));
  if (DATE_LABELS[a]) fields.push(f('date', DATE_LABELS[a]!, { type: 'date', hint: '不填则为今天' }));
  const comment = COMMENT_LABELS[a];
  if (comment) fields.push(f('comment', comment[0], { textarea: true, rows: a === 'reply' || a === 'request_correction' ? 4 : 2, maxLength: 2000, required: t.comment === 'required', hint: comment[1] }));
  return (
    <details class="transition-details" open={!!failed}>
      <summary>{t.label}</summary>
      <form method="post" action={`/office/requests/${v.row.id}/act`} class="transition-form" novalidate id={`act-${a}`}>
        <Csrf token={p.ctx.csrfToken} />
        <input type="hidden" name="action" value={a} />
        <input type="hidden" name="version" value={String(v.row.version)} />
        {t.note ? <p class="hint">{t.note}</p> : null}
        {failed && !Object.keys(failed.errors).length ? (
          <p class="error-text" role="alert">
            {failed.message}
          </p>
        ) : null}
        {fields}
        <button type="submit" class={DANGER.has(a) ? 'danger' : a === 'reply' || a === 'accept' ? '' : 'secondary'}>
          {t.label}
        </button>
      </form>
    </details>
  );
}

/** One small form per step this person may take now, each with that step's fields. */
export function ActionForms(p: { ctx: PageContext; v: RequestView; ac: ActionContext; failure?: ActionFailure | undefined }) {
  return (
    <section class="panel" aria-labelledby="act-h">
      <h2 id="act-h">办理</h2>
      {p.v.pendingExtension && !p.v.actions.some((t) => t.action === 'approve_extension') ? (
        <p class="hint">
          已申请延长 {p.v.pendingExtension.days} 个工作日，等待负责人批准。
        </p>
      ) : null}
      {p.v.actions.length ? (
        p.v.actions.map((t) => <StepForm key={t.action} ctx={p.ctx} v={p.v} ac={p.ac} t={t} failure={p.failure} />)
      ) : (
        <p class="muted">当前状态下您没有可办理的事项。</p>
      )}
    </section>
  );
}
