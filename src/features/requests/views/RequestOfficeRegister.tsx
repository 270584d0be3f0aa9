import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { Receipt } from '../request.apply.js';
import { APPLICANT_KINDS, DELIVERY_METHODS, ID_TYPES, INFO_FORMS, REQUEST_CHANNELS } from '../request.js';
import { fmtDate, options, RequestNav, type Values } from './RequestOfficeParts.js';

/** The channels the office registers; online applications come in through the portal by themselves. */
const OFFICE_CHANNELS = ['in_person', 'post', 'fax', 'email'] as const;

export function registerDefaults(agencyId: number | undefined, today: string): Values {
  return {
    agencyId: agencyId ? String(agencyId) : '',
    channel: 'in_person',
    submittedDate: today,
    'applicant.kind': 'natural_person',
    'applicant.idType': 'resident_id',
    form: 'paper',
    delivery: 'pickup',
  };
}

export function RegisterPage(p: { ctx: PageContext; agencies: { id: number; name: string }[]; values: Values; errors?: FieldErrors; message?: string }) {
  const v = p.values;
  const e = p.errors;
  return (
    <OfficeLayout ctx={p.ctx} title="登记政府信息公开申请">
      <h1>登记政府信息公开申请</h1>
      <RequestNav actor={p.ctx.actor} current="/office/requests/new" />
      <p class="hint">登记当面提交、邮寄、传真或电子邮件提交的申请。网上申请由申请人在门户提交，无需登记。</p>
      <ErrorSummary errors={e} message={p.message} />
      <form method="post" action="/office/requests/new" novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <fieldset>
          <legend>收到申请</legend>
          {p.agencies.length > 1 ? (
            <Select name="agencyId" label="受理机关" value={v.agencyId} errors={e} options={p.agencies.map((a) => ({ value: String(a.id), label: a.name }))} required />
          ) : (
            <input type="hidden" name="agencyId" value={v.agencyId ?? String(p.agencies[0]?.id ?? '')} />
          )}
          <Select name="channel" label="提交方式" value={v.channel} errors={e} options={options(REQUEST_CHANNELS, OFFICE_CHANNELS)} required />
          <p class="hint">
            收到申请之日按提交方式确定（《政府信息公开条例》第三十一条）：当面提交的，以提交之日为准；邮寄的，以签收之日为准，平常信函等无需签收的，以与申请人确认之日为准；传真、电子邮件提交的，以双方确认之日为准（电子邮件未填确认日期的，以登记之日为确认之日）。
          </p>
          <div class="field-row">
            <Field name="submittedDate" label="提交（寄出、发送）日期" type="date" value={v.submittedDate} errors={e} required hint="当面提交的，即收到申请之日" />
            <Field name="signedDate" label="签收日期" type="date" value={v.signedDate} errors={e} hint="邮寄（挂号、快递）的，填写本机关签收之日" />
            <Field name="confirmedDate" label="确认日期" type="date" value={v.confirmedDate} errors={e} hint="传真、电子邮件、平常信函，填写与申请人确认收到之日" />
          </div>
        </fieldset>
        <fieldset>
          <legend>申请人</legend>
          <Select name="applicant.kind" label="申请人类型" value={v['applicant.kind']} errors={e} options={options(APPLICANT_KINDS)} required />
          <Field name="applicant.name" label="姓名或名称" value={v['applicant.name']} errors={e} required maxLength={100} />
          <Field name="applicant.contactName" label="联系人" value={v['applicant.contactName']} errors={e} maxLength={40} hint="法人或其他组织须填写" />
          <div class="field-row">
            <Select name="applicant.idType" label="身份证明" value={v['applicant.idType']} errors={e} options={options(ID_TYPES)} required />
            <Field name="applicant.idNumber" label="证件号码" value={v['applicant.idNumber']} errors={e} required maxLength={50} hint="居民身份证、统一社会信用代码按校验位核对" />
          </div>
          <div class="field-row">
            <Field name="applicant.phone" label="联系电话" type="tel" value={v['applicant.phone']} errors={e} maxLength={60} />
            <Field name="applicant.email" label="电子邮箱" type="email" value={v['applicant.email']} errors={e} maxLength={120} />
          </div>
          <Field name="applicant.address" label="通信地址" value={v['applicant.address']} errors={e} maxLength={200} hint="电话、电子邮箱、通信地址至少填写一项；选择邮寄的须填写通信地址" />
        </fieldset>
        <fieldset>
          <legend>申请公开的政府信息</legend>
          <Field name="infoName" label="信息名称" value={v.infoName} errors={e} maxLength={200} />
          <Field name="infoNumber" label="文号" value={v.infoNumber} errors={e} maxLength={100} />
          <TextArea name="description" label="所需信息的内容描述" value={v.description} errors={e} rows={4} maxLength={2000} required hint="政府信息的名称、文号或者便于行政机关查询的其他特征性描述（第二十九条）" />
        </fieldset>
        <fieldset>
          <legend>提供方式</legend>
          <div class="field-row">
            <Select name="form" label="所需信息的形式" value={v.form} errors={e} options={options(INFO_FORMS)} required />
            <Select name="delivery" label="获取信息的方式" value={v.delivery} errors={e} options={options(DELIVERY_METHODS)} required />
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit">登记</button>
        </div>
      </form>
    </OfficeLayout>
  );
}

/** After registering: the tracking code, shown this once (only its hash is kept), and a receipt to print. */
export function ReceiptPage(p: { ctx: PageContext; receipt: Receipt }) {
  const r = p.receipt;
  return (
    <OfficeLayout ctx={p.ctx} title="申请已登记" scripts={['print.js']}>
      <div class="alert alert-success no-print" role="status">
        申请已登记（编号 {r.id}）。查询码只显示这一次，系统不保存查询码本身，遗失后无法找回：请打印回执交给申请人，或抄告申请人。
      </div>
      <section class="receipt" aria-labelledby="receipt-h">
        <h1 id="receipt-h">政府信息公开申请登记回执</h1>
        <dl class="receipt-facts">
          <div>
            <dt>受理机关</dt>
            <dd>{r.agency.name}</dd>
          </div>
          <div>
            <dt>申请编号</dt>
            <dd>{r.id}</dd>
          </div>
          <div>
            <dt>查询码</dt>
            <dd>
              <code class="tracking-code">{r.trackingCode}</code>
            </dd>
          </div>
          <div>
            <dt>收到申请日期</dt>
            <dd>{r.receivedDate ? fmtDate(r.receivedDate) : '待确认'}</dd>
          </div>
          <div>
            <dt>答复期限</dt>
            <dd>
              {r.dueDate ? fmtDate(r.dueDate) : '收到申请之日确认后起算'}
              {r.provisional ? '（临时：该年度节假日安排尚未公布，期限暂按法定节假日推算，调休未定，公布后可能调整）' : ''}
            </dd>
          </div>
        </dl>
        <p>
          答复期限为收到申请之日起 20 个工作日；需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长期限不超过 20 个工作日（《政府信息公开条例》第三十三条）。征求第三方或其他机关意见所需时间不计算在内。
        </p>
        <p>
          凭查询码可在 {p.ctx.publicUrl.replace(/\/$/, '')}/requests/track 或各机关门户“依申请公开”栏目查询办理进度、查看告知书。
        </p>
      </section>
      <div class="actions no-print">
        <button type="button" data-print hidden>
          打印回执
        </button>
        <span class="hint">也可使用浏览器的打印功能（Ctrl+P）。</span>
        <a class="button secondary-link" href={`/office/requests/${r.id}`}>
          查看申请
        </a>
        <a class="button secondary-link" href="/office/requests/new">
          继续登记
        </a>
      </div>
    </OfficeLayout>
  );
}
