import type { FieldErrors } from '../../../errors.js';
import { formatChineseDate, type IsoDate } from '../../../lib/dates.js';
import { assetUrl } from '../../../web/assets.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout, type Crumb } from '../../../web/layouts/PortalLayout.js';
import { LETTER_KIND_KEYS, MAILBOX_KINDS } from '../mailbox.clock.js';
import { RATINGS, SITE_ERROR_TYPES } from '../mailbox.js';
import type { TrackView } from '../mailbox.service.js';
import { BulletinLinks } from '../../bulletin/views/BulletinLinks.js';

interface AgencyRef {
  name: string;
  slug: string;
}

const date = (d: string | null) => (d ? formatChineseDate(d as IsoDate) : '—');
const paras = (text: string) => text.split(/\n+/).map((x, i) => <p key={i}>{x}</p>);

/** The honeypot and the proof-of-work fields every public mailbox form carries. */
function Guard({ challenge, bits }: { challenge: string; bits: number }) {
  return (
    <>
      {/* Left empty by people; filled in by form-filling robots, which are then turned away. */}
      <div class="hp" aria-hidden="true">
        <label for="f-website">网址（请勿填写）</label>
        <input id="f-website" name="website" type="text" tabIndex={-1} autoComplete="off" value="" />
      </div>
      <input type="hidden" name="challenge" value={challenge} data-pow-bits={String(bits)} />
      <input type="hidden" name="pow" value="" />
      <p class="hint" id="pow-hint">为防止自动程序批量提交，浏览器会自动完成一次简短校验；未启用脚本的，填写留言约 20 秒后即可提交。</p>
      <script src={assetUrl('mailbox-pow.js')} defer />
    </>
  );
}

export function WritePage(p: {
  ctx: PageContext;
  siteName: string;
  agency: AgencyRef;
  crumbs: Crumb[];
  limits: Record<string, number>;
  challenge: string;
  bits: number;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const v = p.values;
  const e = p.errors;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`政务信箱 - ${p.agency.name}`} crumbs={p.crumbs}>
      <article class="mailbox-write">
        <h1>{p.agency.name}政务信箱</h1>
        <section class="notice" aria-labelledby="mailbox-notice">
          <h2 id="mailbox-notice">留言须知</h2>
          <p>可以就本机关职责范围内的事项投诉、举报、咨询或提出建议，也可以写信给机关负责人。无需注册，提交后会得到一个查询码，凭它查询办理进度和答复。</p>
          <ul>
            {LETTER_KIND_KEYS.map((k) => (
              <li key={k}>
                {MAILBOX_KINDS[k].label}：自收到之日起 {p.limits[k] ?? MAILBOX_KINDS[k].days} 个工作日内答复
              </li>
            ))}
          </ul>
          <p>您的姓名和联系方式只用于办理留言，不会公开。经您的留言和答复可能以“留言选登”公开，公开时会隐去姓名、电话、证件号码、电子邮箱和详细地址。</p>
          <p>
            <a href={`/${p.agency.slug}/mailbox/qa`}>查看留言选登</a> · <a href="/mailbox/track">查询办理进度</a>
          </p>
        </section>
        <ErrorSummary errors={e} message={p.message} />
        <form method="post" action={`/${p.agency.slug}/mailbox`} novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <Select name="kind" label="留言类型" required value={v.kind} errors={e} options={LETTER_KIND_KEYS.map((k) => ({ value: k, label: MAILBOX_KINDS[k].label }))} />
          <Field name="subject" label="标题" required value={v.subject} errors={e} maxLength={100} />
          <TextArea name="body" label="留言内容" required value={v.body} errors={e} maxLength={5000} rows={8} hint="请写明事项、时间、地点等，便于办理；网址不超过 2 个" />
          <fieldset>
            <legend>联系方式（选填，不公开）</legend>
            <Field name="name" label="姓名" value={v.name} errors={e} maxLength={50} autoComplete="name" />
            <Field name="phone" label="联系电话" type="tel" inputMode="tel" value={v.phone} errors={e} maxLength={60} autoComplete="tel" />
            <Field name="email" label="电子邮箱" type="email" inputMode="email" value={v.email} errors={e} maxLength={120} autoComplete="email" />
          </fieldset>
          <Guard challenge={p.challenge} bits={p.bits} />
          <button type="submit">提交留言</button>
        </form>
      </article>
    </PortalLayout>
  );
}

export function ReceiptPage(p: {
  ctx: PageContext;
  siteName: string;
  title: string;
  crumbs: Crumb[];
  receipt: { id: number; trackingCode: string; kindLabel: string; dueDate: string | null; provisional: boolean; to: string };
}) {
  const r = p.receipt;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={p.title} crumbs={p.crumbs}>
      <article class="request-receipt">
        <h1>{p.title}</h1>
        <p role="status">
          {r.to}已收到您的{r.kindLabel}（编号 {r.id}）。
        </p>
        <div class="tracking-code">
          <p>您的查询码</p>
          <p class="code">{r.trackingCode}</p>
          <p>请抄写或保存：查询码只显示这一次，凭它查询办理进度、答复并评价答复。</p>
        </div>
        <dl class="facts">
          <div>
            <dt>答复期限</dt>
            <dd>
              {date(r.dueDate)}
              {r.provisional ? <span class="badge warn">临时</span> : null}
              {r.provisional ? <p class="hint">该期限跨入国务院尚未公布节假日安排的年份，暂按法定节假日推算，公布后会重新计算。</p> : null}
            </dd>
          </div>
        </dl>
        <p>
          <a href={`/mailbox/track/${r.trackingCode}`}>查询办理进度</a>
        </p>
      </article>
    </PortalLayout>
  );
}

export function TrackFormPage(p: { ctx: PageContext; siteName: string; code?: string; error?: string }) {
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title="查询留言办理进度" crumbs={[{ label: '查询留言办理进度' }]}>
      <h1>查询留言办理进度</h1>
      <ErrorSummary errors={p.error ? { code: p.error } : undefined} />
      <form method="post" action="/mailbox/track">
        <Csrf token={p.ctx.csrfToken} />
        <Field name="code" label="查询码" value={p.code} errors={p.error ? { code: p.error } : undefined} hint="提交留言时显示的查询码，以 X 开头，例：XABCD-EFGH-JKMN-PQRS" autoComplete="off" />
        <button type="submit">查询</button>
      </form>
    </PortalLayout>
  );
}

export function TrackPage(p: { ctx: PageContext; siteName: string; code: string; view: TrackView; errors?: FieldErrors | undefined; message?: string | undefined }) {
  const v = p.view;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title="留言办理进度" crumbs={[{ label: '查询留言办理进度', href: '/mailbox/track' }, { label: '办理进度' }]}>
      <h1>留言办理进度</h1>
      <dl class="facts">
        <div>
          <dt>受理机关</dt>
          <dd>{v.agency?.name ?? '网站管理单位'}</dd>
        </div>
        <div>
          <dt>类型</dt>
          <dd>{v.kindLabel}</dd>
        </div>
        <div>
          <dt>标题</dt>
          <dd>{v.subject}</dd>
        </div>
        <div>
          <dt>状态</dt>
          <dd>{v.statusLabel}</dd>
        </div>
        <div>
          <dt>收到日期</dt>
          <dd>{date(v.receivedDate)}</dd>
        </div>
        <div>
          <dt>答复期限</dt>
          <dd>
            {date(v.dueDate)}
            {v.provisional ? <span class="badge warn">临时</span> : null}
          </dd>
        </div>
      </dl>
      {v.reply ? (
        <section aria-labelledby="reply-h">
          <h2 id="reply-h">答复（{date(v.repliedDate)}）</h2>
          <div class="prose">{paras(v.reply)}</div>
        </section>
      ) : (
        <p>尚未答复，请在答复期限后再来查询。</p>
      )}
      {v.reply && v.rating === null ? (
        <section aria-labelledby="rate-h">
          <h2 id="rate-h">评价答复</h2>
          <ErrorSummary errors={p.errors} message={p.message} />
          <form method="post" action={`/mailbox/track/${p.code}/rate`}>
            <Csrf token={p.ctx.csrfToken} />
            <fieldset>
              <legend>您对答复是否满意</legend>
              {Object.entries(RATINGS)
                .reverse()
                .map(([n, label]) => (
                  <label key={n} class="choice">
                    <input type="radio" name="rating" value={n} /> {label}
                  </label>
                ))}
            </fieldset>
            <TextArea name="comment" label="意见（选填）" rows={3} maxLength={500} errors={p.errors} />
            <button type="submit">提交评价</button>
          </form>
        </section>
      ) : null}
      {v.rating !== null ? <p>您已评价：{RATINGS[v.rating as keyof typeof RATINGS]}。感谢您的反馈。</p> : null}
    </PortalLayout>
  );
}

export function QaListPage(p: {
  ctx: PageContext;
  siteName: string;
  agency: AgencyRef;
  crumbs: Crumb[];
  items: { id: number; kind: string; publicSubject: string; receivedDate: string; repliedDate: string | null }[];
  total: number;
  page: number;
  pageSize: number;
}) {
  const base = `/${p.agency.slug}/mailbox/qa`;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`留言选登 - ${p.agency.name}`} crumbs={p.crumbs}>
      <h1>{p.agency.name}留言选登</h1>
      <p>
        <a href={`/${p.agency.slug}/mailbox`}>我要留言</a> · <a href="/mailbox/track">查询办理进度</a>
      </p>
      <p class="muted">共 {p.total} 条</p>
      {p.items.length ? (
        <ul class="link-list qa-list">
          {p.items.map((i) => (
            <li key={i.id}>
              <a href={`${base}/${i.id}`}>{i.publicSubject}</a>{' '}
              <span class="muted">
                [{MAILBOX_KINDS[i.kind as keyof typeof MAILBOX_KINDS]?.label ?? i.kind}] 留言 {i.receivedDate}，答复 {i.repliedDate ?? '—'}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>暂无公开的留言。</p>
      )}
      {p.total > p.pageSize ? (
        <nav class="pager" aria-label="分页">
          {p.page > 1 ? <a href={`${base}?page=${p.page - 1}`}>上一页</a> : null}
          <span>
            第 {p.page} 页，共 {Math.ceil(p.total / p.pageSize)} 页
          </span>
          {p.page * p.pageSize < p.total ? <a href={`${base}?page=${p.page + 1}`}>下一页</a> : null}
        </nav>
      ) : null}
    </PortalLayout>
  );
}

export function QaItemPage(p: {
  ctx: PageContext;
  siteName: string;
  agency: AgencyRef;
  crumbs: Crumb[];
  item: { id: number; kindLabel: string; subject: string; body: string; reply: string; receivedDate: string; repliedDate: string | null };
}) {
  const i = p.item;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`${i.subject} - 留言选登`} crumbs={p.crumbs}>
      <article class="qa-item">
        <h1>{i.subject}</h1>
        <dl class="facts">
          <div>
            <dt>类型</dt>
            <dd>{i.kindLabel}</dd>
          </div>
          <div>
            <dt>留言日期</dt>
            <dd>{date(i.receivedDate)}</dd>
          </div>
          <div>
            <dt>答复日期</dt>
            <dd>{date(i.repliedDate)}</dd>
          </div>
          <div>
            <dt>答复单位</dt>
            <dd>{p.agency.name}</dd>
          </div>
        </dl>
        <section aria-labelledby="q-h">
          <h2 id="q-h">留言内容</h2>
          <div class="prose">{paras(i.body)}</div>
        </section>
        <section aria-labelledby="a-h">
          <h2 id="a-h">答复内容</h2>
          <div class="prose">{paras(i.reply)}</div>
        </section>
        <BulletinLinks pagePath={`/${p.agency.slug}/mailbox/qa/${i.id}`} />
      </article>
    </PortalLayout>
  );
}

export function SiteErrorPage(p: {
  ctx: PageContext;
  siteName: string;
  challenge: string;
  bits: number;
  days: number;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const v = p.values;
  const e = p.errors;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title="网站纠错" crumbs={[{ label: '网站纠错' }]}>
      <article class="mailbox-write">
        <h1>我为政府网站找错</h1>
        <p>发现错别字、打不开的链接、过期信息或泄露个人信息等问题，请告诉我们。纠错信息转给该页面所属机关办理，{p.days} 个工作日内答复；提交后凭查询码查询。</p>
        <ErrorSummary errors={e} message={p.message} />
        <form method="post" action="/jiucuo" novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <Field name="pageUrl" label="出错页面网址" required value={v.pageUrl} errors={e} maxLength={500} inputMode="url" hint="例：https://www.example.gov.cn/fgj/zfxxgk" />
          <Select name="errorType" label="错误类型" required value={v.errorType} errors={e} options={Object.entries(SITE_ERROR_TYPES).map(([value, t]) => ({ value, label: t.label }))} />
          <TextArea name="description" label="问题描述" required value={v.description} errors={e} maxLength={5000} rows={6} hint="请写明出错的文字或位置" />
          <Field name="contact" label="联系方式（选填，不公开）" value={v.contact} errors={e} maxLength={120} hint="电话或电子邮箱" />
          <Guard challenge={p.challenge} bits={p.bits} />
          <button type="submit">提交纠错</button>
        </form>
      </article>
    </PortalLayout>
  );
}
