import type { FieldErrors } from '../../../errors.js';
import { formatChineseDate, type IsoDate } from '../../../lib/dates.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout, type Crumb } from '../../../web/layouts/PortalLayout.js';
import { APPLICANT_KINDS, DELIVERY_METHODS, ID_TYPES, INFO_FORMS } from '../request.js';
import type { RequestStats, TrackingView } from '../request.public.js';

const options = (o: Record<string, { label: string }>) => Object.entries(o).map(([value, v]) => ({ value, label: v.label }));

/** Art. 29 in the Regulation's words: what an application must contain. */
export const ART29 = [
  '（一）申请人的姓名或者名称、身份证明、联系方式；',
  '（二）申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；',
  '（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径。',
];

interface AgencyRef {
  name: string;
  slug: string;
}

export function ApplyPage(p: {
  ctx: PageContext;
  siteName: string;
  agency: AgencyRef;
  crumbs: Crumb[];
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const v = p.values;
  const e = p.errors;
  const action = `/${p.agency.slug}/zfxxgk/ysqgk/apply`;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`在线申请政府信息公开 - ${p.agency.name}`} crumbs={p.crumbs}>
      <article class="request-apply">
        <h1>向{p.agency.name}申请政府信息公开</h1>
        <section class="notice" aria-labelledby="art29">
          <h2 id="art29">申请须知</h2>
          <p>根据《中华人民共和国政府信息公开条例》第二十九条，政府信息公开申请应当包括下列内容：</p>
          <ul>
            {ART29.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <p>提交后您将得到一个查询码，凭查询码可以随时查询办理进度、答复期限和全部告知书。您的身份证明和联系方式只用于办理本申请，不会公开。</p>
        </section>
        <ErrorSummary errors={e} message={p.message} />
        <form method="post" action={action} novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <fieldset>
            <legend>申请人信息</legend>
            <Select name="applicant.kind" label="申请人类型" required value={v['applicant.kind']} errors={e} options={options(APPLICANT_KINDS)} />
            <Field name="applicant.name" label="申请人姓名或名称" required value={v['applicant.name']} errors={e} maxLength={100} autoComplete="name" />
            <Field name="applicant.contactName" label="联系人（法人或其他组织填写）" value={v['applicant.contactName']} errors={e} maxLength={40} />
            <Select name="applicant.idType" label="身份证明类型" required value={v['applicant.idType']} errors={e} options={options(ID_TYPES)} />
            <Field
              name="applicant.idNumber"
              label="身份证明号码"
              required
              value={v['applicant.idNumber']}
              errors={e}
              maxLength={50}
              hint="自然人填写居民身份证号码等；法人或其他组织填写统一社会信用代码"
            />
            <Field name="applicant.phone" label="联系电话" type="tel" inputMode="tel" value={v['applicant.phone']} errors={e} maxLength={60} autoComplete="tel" />
            <Field name="applicant.email" label="电子邮箱" type="email" inputMode="email" value={v['applicant.email']} errors={e} maxLength={120} autoComplete="email" />
            <Field name="applicant.address" label="通信地址" value={v['applicant.address']} errors={e} maxLength={200} autoComplete="street-address" hint="电话、电子邮箱、通信地址至少填写一项" />
          </fieldset>
          <fieldset>
            <legend>申请公开的政府信息</legend>
            <Field name="infoName" label="信息名称" value={v.infoName} errors={e} maxLength={200} />
            <Field name="infoNumber" label="文号" value={v.infoNumber} errors={e} maxLength={100} hint="例：示发改投〔2025〕12号" />
            <TextArea name="description" label="所需信息的内容描述" required value={v.description} errors={e} maxLength={2000} rows={5} hint="请尽量写明便于查找的特征，如制作机关、时间、事项等" />
          </fieldset>
          <fieldset>
            <legend>获取信息的方式</legend>
            <Select name="form" label="所需信息的形式" required value={v.form} errors={e} options={options(INFO_FORMS)} />
            <Select name="delivery" label="获取信息的方式" required value={v.delivery} errors={e} options={options(DELIVERY_METHODS)} />
          </fieldset>
          {/* Left empty by people; filled in by form-filling robots, which are then turned away. */}
          <div class="hp" aria-hidden="true">
            <label for="f-website">网址（请勿填写）</label>
            <input id="f-website" name="website" type="text" tabIndex={-1} autoComplete="off" value="" />
          </div>
          <button type="submit">提交申请</button>
        </form>
        <p>
          不便在线提交的，可以<a href={`/${p.agency.slug}/zfxxgk/ysqgk/form`}>打印申请表</a>填写后当面提交或邮寄。
        </p>
      </article>
    </PortalLayout>
  );
}

export function ReceiptPage(p: {
  ctx: PageContext;
  siteName: string;
  agency: AgencyRef;
  crumbs: Crumb[];
  receipt: { id: number; trackingCode: string; receivedDate: string | null; dueDate: string | null; provisional: boolean };
}) {
  const r = p.receipt;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`申请已提交 - ${p.agency.name}`} crumbs={p.crumbs}>
      <article class="request-receipt">
        <h1>申请已提交</h1>
        <p role="status">{p.agency.name}已收到您的政府信息公开申请（编号 {r.id}）。</p>
        <div class="tracking-code">
          <p>您的查询码</p>
          <p class="code">
            {r.trackingCode}
          </p>
          <p>请抄写或打印保存：查询码只显示这一次，凭它查询办理进度和告知书。</p>
        </div>
        <dl class="facts">
          <div>
            <dt>收到申请日期</dt>
            <dd>{r.receivedDate ? formatChineseDate(r.receivedDate as IsoDate) : '待确认'}</dd>
          </div>
          <div>
            <dt>答复期限</dt>
            <dd>
              {r.dueDate ? formatChineseDate(r.dueDate as IsoDate) : '待确认'}
              {r.provisional ? <span class="badge warn">临时</span> : null}
              {r.provisional ? <p class="hint">该期限跨入国务院尚未公布节假日安排的年份，暂按法定节假日推算，调休未定，公布后会重新计算。</p> : null}
            </dd>
          </div>
        </dl>
        <p>本机关将自收到申请之日起20个工作日内答复；需要延长的，将告知您，延长期限最长不超过20个工作日（条例第三十三条）。征求第三方或者其他机关意见所需时间不计算在内。</p>
        <p>
          <a href="/requests/track">查询办理进度</a>
        </p>
      </article>
    </PortalLayout>
  );
}

export function TrackFormPage(p: { ctx: PageContext; siteName: string; code?: string; error?: string | undefined }) {
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title="查询申请办理进度" crumbs={[{ label: '查询申请办理进度' }]}>
      <article>
        <h1>查询政府信息公开申请办理进度</h1>
        {p.error ? (
          <div class="alert alert-error" role="alert">
            {p.error}
          </div>
        ) : null}
        <form method="post" action="/requests/track" novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <Field name="code" label="查询码" required value={p.code} errors={p.error ? { code: p.error } : undefined} maxLength={40} hint="提交申请时得到的16位查询码，例：ABCD-EFGH-JKMN-PQRS" autoComplete="off" />
          <button type="submit">查询</button>
        </form>
      </article>
    </PortalLayout>
  );
}

export function TrackPage(p: { ctx: PageContext; siteName: string; view: TrackingView; base: string }) {
  const v = p.view;
  const date = (d: string | null) => (d ? formatChineseDate(d as IsoDate) : '—');
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`申请办理进度（编号 ${v.id}）`} crumbs={[{ label: '查询申请办理进度', href: '/requests/track' }, { label: `编号 ${v.id}` }]}>
      <article class="request-track">
        <h1>政府信息公开申请办理进度</h1>
        <dl class="facts">
          <div>
            <dt>受理机关</dt>
            <dd>{v.agency.name}</dd>
          </div>
          <div>
            <dt>申请内容</dt>
            <dd>{v.askedFor}</dd>
          </div>
          <div>
            <dt>办理状态</dt>
            <dd>
              <strong>{v.stateLabel}</strong>
              {v.outcomeLabel ? `（${v.outcomeLabel}）` : ''}
            </dd>
          </div>
          <div>
            <dt>收到申请日期</dt>
            <dd>{date(v.receivedDate)}</dd>
          </div>
          <div>
            <dt>答复期限</dt>
            <dd>
              {date(v.dueDate)}
              {v.provisional ? <span class="badge warn">临时</span> : null}
              {v.provisional ? <span class="hint">（暂按法定节假日推算，调休未定）</span> : null}
            </dd>
          </div>
          {v.repliedDate ? (
            <div>
              <dt>答复日期</dt>
              <dd>{date(v.repliedDate)}</dd>
            </div>
          ) : null}
        </dl>
        <details>
          <summary>期限是怎样计算的</summary>
          <ul>
            {v.explanation.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </details>
        <section aria-labelledby="letters-h">
          <h2 id="letters-h">告知书</h2>
          {v.letters.length === 0 ? <p>暂无。</p> : null}
          {v.letters.map((l) => (
            <section key={l.id} class="letter" aria-labelledby={`letter-${l.id}`}>
              <h3 id={`letter-${l.id}`}>
                {l.title}（{date(l.issuedDate)}）
              </h3>
              <p>{l.addressee}：</p>
              {l.body.split('\n').map((para, i) => (
                <p key={i}>{para}</p>
              ))}
              <p>
                <a href={`${p.base}/letters/${l.id}.docx`}>下载（Word 文档）</a>
              </p>
            </section>
          ))}
        </section>
        {v.files.length ? (
          <section aria-labelledby="files-h">
            <h2 id="files-h">提供的信息</h2>
            <ul>
              {v.files.map((f) => (
                <li key={f.id}>
                  <a href={`${p.base}/files/${f.id}`}>{f.name}</a>（{Math.max(1, Math.round(f.size / 1024))} KB）
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
    </PortalLayout>
  );
}

/** The application form on paper, for those who write by hand (Art. 29 says "书面形式"). */
export function PaperFormPage(p: { ctx: PageContext; siteName: string; agency: AgencyRef; crumbs: Crumb[] }) {
  const rows: [string, string][] = [
    ['申请人类型', '□自然人　□商业企业　□科研机构　□社会公益组织　□法律服务机构　□其他'],
    ['姓名或名称', ''],
    ['联系人', ''],
    ['身份证明类型及号码', ''],
    ['联系电话', ''],
    ['电子邮箱', ''],
    ['通信地址', ''],
    ['所需信息的名称', ''],
    ['文号', ''],
    ['所需信息的内容描述', ''],
    ['所需信息的形式', '□纸质　□电子数据　□当场阅读'],
    ['获取信息的方式', '□邮寄　□电子邮件　□自行领取　□在线查看'],
    ['申请人签名（盖章）', ''],
    ['申请日期', '　　　　年　　月　　日'],
  ];
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`政府信息公开申请表 - ${p.agency.name}`} crumbs={p.crumbs}>
      <article class="paper-form">
        <h1>政府信息公开申请表</h1>
        <p>受理机关：{p.agency.name}</p>
        <table class="form-table">
          <caption>请用黑色钢笔或签字笔填写</caption>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td class={value ? '' : 'blank'}>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">申请应当包括：</p>
        <ul class="hint">
          {ART29.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
        <p class="no-print">
          <a href={`/${p.agency.slug}/zfxxgk/ysqgk/apply`}>改为在线申请</a>
        </p>
      </article>
    </PortalLayout>
  );
}

export function StatsPage(p: { ctx: PageContext; siteName: string; agency: AgencyRef; crumbs: Crumb[]; stats: RequestStats; years: number[] }) {
  const s = p.stats;
  const groups = [...new Set(s.byOutcome.map((o) => o.group))];
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`依申请公开统计（${s.year}年） - ${p.agency.name}`} crumbs={p.crumbs}>
      <article class="request-stats">
        <h1>
          {p.agency.name}依申请公开统计（{s.year}年）
        </h1>
        <nav aria-label="年份">
          {p.years.map((y) => (
            <a key={y} href={`?year=${y}`} aria-current={y === s.year ? 'page' : undefined}>
              {y}年{' '}
            </a>
          ))}
        </nav>
        <dl class="facts">
          <div>
            <dt>本年收到申请</dt>
            <dd>{s.received} 件</dd>
          </div>
          <div>
            <dt>本年答复</dt>
            <dd>{s.replied} 件</dd>
          </div>
          <div>
            <dt>正在办理</dt>
            <dd>{s.open} 件</dd>
          </div>
          <div>
            <dt>办理用时中位数</dt>
            <dd>{s.medianWorkdays === null ? '—' : `${s.medianWorkdays} 个工作日`}</dd>
          </div>
          <div>
            <dt>按期答复比例</dt>
            <dd>{s.onTimeShare === null ? '—' : `${(s.onTimeShare * 100).toFixed(1)}%`}</dd>
          </div>
        </dl>
        <table>
          <caption>本年答复的办理结果</caption>
          <thead>
            <tr>
              <th scope="col">办理结果</th>
              <th scope="col">件数</th>
            </tr>
          </thead>
          <tbody>
            {groups.flatMap((g) =>
              s.byOutcome
                .filter((o) => o.group === g)
                .map((o) => (
                  <tr key={o.key}>
                    <th scope="row">{o.label}</th>
                    <td>{o.count}</td>
                  </tr>
                )),
            )}
          </tbody>
        </table>
      </article>
    </PortalLayout>
  );
}
