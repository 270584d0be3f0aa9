import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { LETTER_KIND_KEYS, MAILBOX_ALARMS, MAILBOX_KINDS, type MailboxAlarm, type MailboxKind } from '../mailbox.clock.js';
import { MAILBOX_CHANNELS, MAILBOX_STATES, SITE_ERROR_TYPES, type MailboxChannel, type MailboxState, type SiteErrorType } from '../mailbox.js';
import type { MailboxStats } from '../mailbox.statistics.js';
import type { MailboxRow } from '../mailbox.table.js';

const kindLabel = (k: string) => MAILBOX_KINDS[k as MailboxKind]?.label ?? k;
const stateLabel = (s: string) => MAILBOX_STATES[s as MailboxState]?.label ?? s;

export function AlarmBadge({ alarm }: { alarm: MailboxAlarm }) {
  if (alarm === 'none') return null;
  const rank = MAILBOX_ALARMS[alarm].rank;
  return <span class={`badge ${rank >= 2 ? 'danger' : 'warn'}`}>{MAILBOX_ALARMS[alarm].label}</span>;
}

export interface InboxItem {
  id: number;
  kind: string;
  channel: string;
  subject: string;
  state: string;
  receivedDate: string;
  dueDate: string | null;
  dueProvisional: number;
  agencyName: string;
  departmentName: string | null;
  alarm: MailboxAlarm;
}

export interface InboxFilters {
  agencyId?: number | undefined;
  departmentId?: string | undefined;
  state: string;
  kind?: string | undefined;
}

function inboxHref(f: InboxFilters, over: Partial<InboxFilters>): string {
  const m = { ...f, ...over };
  const q = new URLSearchParams();
  if (m.agencyId !== undefined) q.set('agency', String(m.agencyId));
  if (m.departmentId) q.set('department', m.departmentId);
  if (m.state && m.state !== 'open') q.set('state', m.state);
  if (m.kind) q.set('kind', m.kind);
  const s = q.toString();
  return `/office/mailbox${s ? `?${s}` : ''}`;
}

export function InboxPage(p: {
  ctx: PageContext;
  filters: InboxFilters;
  agencies: { id: number; name: string }[];
  departments: { id: number; name: string }[];
  items: InboxItem[];
  total: number;
  page: number;
  pageSize: number;
  canLog: boolean;
}) {
  const f = p.filters;
  return (
    <OfficeLayout ctx={p.ctx} title="政务信箱">
      <h1>政务信箱</h1>
      <p>
        逾期的留言排在最前。网站检查对“留言超过三个月未答复”实行单项否决，请在答复期限内答复。
        {p.canLog ? (
          <>
            {' '}
            <a href="/office/mailbox/phone">登记监督电话</a>
          </>
        ) : null}{' '}
        <a href="/office/mailbox/stats">统计</a> <a href="/office/mailbox/limits">答复时限</a>
      </p>
      <nav class="queue-tabs" aria-label="办理状态">
        {(['open', 'replied', 'closed', 'all'] as const).map((s) => (
          <a key={s} href={inboxHref(f, { state: s })} aria-current={f.state === s ? 'page' : undefined}>
            {s === 'all' ? '全部' : MAILBOX_STATES[s].label}
          </a>
        ))}
      </nav>
      {p.departments.length ? (
        <nav class="queue-tabs" aria-label="按股室">
          <a href={inboxHref(f, { departmentId: undefined })} aria-current={!f.departmentId ? 'page' : undefined}>
            全部股室
          </a>
          <a href={inboxHref(f, { departmentId: 'none' })} aria-current={f.departmentId === 'none' ? 'page' : undefined}>
            未转办
          </a>
          {p.departments.map((d) => (
            <a key={d.id} href={inboxHref(f, { departmentId: String(d.id) })} aria-current={f.departmentId === String(d.id) ? 'page' : undefined}>
              {d.name}
            </a>
          ))}
        </nav>
      ) : null}
      <form method="get" action="/office/mailbox" class="filters">
        {p.agencies.length > 1 ? (
          <Select
            name="agency"
            label="机关"
            value={f.agencyId === undefined ? '' : String(f.agencyId)}
            options={[{ value: '', label: '全部' }, ...p.agencies.map((a) => ({ value: String(a.id), label: a.name }))]}
          />
        ) : null}
        <Select name="kind" label="类型" value={f.kind ?? ''} options={[{ value: '', label: '全部' }, ...Object.entries(MAILBOX_KINDS).map(([k, v]) => ({ value: k, label: v.label }))]} />
        <input type="hidden" name="state" value={f.state} />
        <button type="submit">筛选</button>
      </form>
      <p class="muted" role="status">
        共 {p.total} 件
      </p>
      {p.items.length ? (
        <div class="table-scroll">
          <table class="table">
            <caption class="visually-hidden">信箱留言列表</caption>
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">标题</th>
                <th scope="col">类型</th>
                <th scope="col">渠道</th>
                <th scope="col">机关 / 股室</th>
                <th scope="col">收到</th>
                <th scope="col">答复期限</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => (
                <tr key={i.id}>
                  <td>{i.id}</td>
                  <td>
                    <a href={`/office/mailbox/${i.id}`}>{i.subject}</a>
                  </td>
                  <td>{kindLabel(i.kind)}</td>
                  <td>{MAILBOX_CHANNELS[i.channel as MailboxChannel]?.label ?? i.channel}</td>
                  <td>
                    {i.agencyName}
                    {i.departmentName ? ` / ${i.departmentName}` : ''}
                  </td>
                  <td>{i.receivedDate}</td>
                  <td>
                    {i.dueDate ?? '—'}
                    {i.dueProvisional ? '（临时）' : ''}
                  </td>
                  <td>
                    {stateLabel(i.state)} <AlarmBadge alarm={i.alarm} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>没有符合条件的留言。</p>
      )}
      {p.total > p.pageSize ? (
        <nav class="pager" aria-label="分页">
          {p.page > 1 ? <a href={`${inboxHref(f, {})}${inboxHref(f, {}).includes('?') ? '&' : '?'}page=${p.page - 1}`}>上一页</a> : null}
          <span>
            第 {p.page} 页，共 {Math.ceil(p.total / p.pageSize)} 页
          </span>
          {p.page * p.pageSize < p.total ? <a href={`${inboxHref(f, {})}${inboxHref(f, {}).includes('?') ? '&' : '?'}page=${p.page + 1}`}>下一页</a> : null}
        </nav>
      ) : null}
    </OfficeLayout>
  );
}

export function DetailPage(p: {
  ctx: PageContext;
  row: MailboxRow;
  agencyName: string;
  departments: { id: number; name: string }[];
  explanation: string[];
  alarm: MailboxAlarm;
  preview: { subject: string; body: string; reply: string };
  /** The writer as this person may see them (service.writerFor). */
  writer: { name: string; phone: string; email: string; masked: boolean; purged: boolean };
  can: { handle: boolean; publish: boolean };
  errors?: FieldErrors | undefined;
  message?: string | undefined;
  values?: Record<string, string> | undefined;
}) {
  const r = p.row;
  const v = p.values ?? {};
  const dept = p.departments.find((d) => d.id === r.departmentId);
  return (
    <OfficeLayout ctx={p.ctx} title={`留言 ${r.id}`}>
      <p>
        <a href="/office/mailbox">返回信箱</a>
      </p>
      <h1>
        {r.subject} <AlarmBadge alarm={p.alarm} />
      </h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <dl class="meta">
        <dt>编号</dt>
        <dd>{r.id}</dd>
        <dt>类型</dt>
        <dd>{kindLabel(r.kind)}</dd>
        <dt>渠道</dt>
        <dd>{MAILBOX_CHANNELS[r.channel as MailboxChannel]?.label ?? r.channel}</dd>
        <dt>机关</dt>
        <dd>{p.agencyName}</dd>
        <dt>承办股室</dt>
        <dd>{dept?.name ?? '未转办'}</dd>
        <dt>状态</dt>
        <dd>{stateLabel(r.state)}</dd>
        <dt>收到日期</dt>
        <dd>{r.receivedDate}</dd>
        <dt>答复期限</dt>
        <dd>
          {r.dueDate ?? '—'}（{r.limitDays} 个工作日{r.dueProvisional ? '；依据临时节假日安排计算' : ''}）
        </dd>
        <dt>来信人</dt>
        <dd>
          {p.writer.purged ? '已清除（个人信息保存期限届满）' : p.writer.name || '匿名'}
          {p.writer.masked && !p.writer.purged ? <span class="hint">（已遮盖：仅承办人可见完整信息）</span> : null}
        </dd>
        <dt>电话</dt>
        <dd>{p.writer.phone || '—'}</dd>
        <dt>电子邮箱</dt>
        <dd>{p.writer.email || '—'}</dd>
        {r.pageUrl ? (
          <>
            <dt>出错页面</dt>
            <dd>
              <a href={r.pageUrl} rel="noopener noreferrer">
                {r.pageUrl}
              </a>
              （{SITE_ERROR_TYPES[r.errorType as SiteErrorType]?.label ?? r.errorType}）
            </dd>
          </>
        ) : null}
        {r.rating !== null ? (
          <>
            <dt>来信人评价</dt>
            <dd>
              {r.rating} 分{r.ratingComment ? `：${r.ratingComment}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>留言内容</h2>
      <div class="prose">
        {r.body.split(/\n+/).map((x, i) => (
          <p key={i}>{x}</p>
        ))}
      </div>
      <details>
        <summary>答复期限计算说明</summary>
        <ul>
          {p.explanation.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      </details>
      {r.replyBody ? (
        <>
          <h2>答复</h2>
          <p class="muted">
            {r.repliedByName} 于 {r.repliedDate} 答复{r.onTime === 0 ? '（超过答复期限）' : ''}
          </p>
          <div class="prose">
            {r.replyBody.split(/\n+/).map((x, i) => (
              <p key={i}>{x}</p>
            ))}
          </div>
        </>
      ) : null}
      {p.can.handle && r.state === 'open' ? (
        <>
          <h2>转办</h2>
          <form method="post" action={`/office/mailbox/${r.id}/assign`}>
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="version" value={String(r.version)} />
            <Select
              name="departmentId"
              label="承办股室"
              value={r.departmentId === null ? '' : String(r.departmentId)}
              errors={p.errors}
              options={[{ value: '', label: '机关办公室（不转办）' }, ...p.departments.map((d) => ({ value: String(d.id), label: d.name }))]}
            />
            <button type="submit">转办</button>
          </form>
        </>
      ) : null}
      {p.can.handle && r.state !== 'closed' ? (
        <>
          <h2>{r.replyBody ? '修改答复' : '答复'}</h2>
          <form method="post" action={`/office/mailbox/${r.id}/reply`}>
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="version" value={String(r.version)} />
            <TextArea name="reply" label="答复内容" rows={8} value={v.reply ?? r.replyBody} errors={p.errors} required />
            <button type="submit">提交答复</button>
          </form>
        </>
      ) : null}
      {p.can.publish && r.replyBody && r.agencyId !== null ? (
        <>
          <h2>{r.publishedAt ? '已公开的内容' : '公开为留言选登'}</h2>
          {r.publishedAt ? (
            <form method="post" action={`/office/mailbox/${r.id}/unpublish`}>
              <Csrf token={p.ctx.csrfToken} />
              <input type="hidden" name="version" value={String(r.version)} />
              <p>于 {r.publishedAt.slice(0, 10)} 公开。</p>
              <button type="submit">撤下</button>
            </form>
          ) : (
            <form method="post" action={`/office/mailbox/${r.id}/publish`}>
              <Csrf token={p.ctx.csrfToken} />
              <input type="hidden" name="version" value={String(r.version)} />
              <p class="hint">以下为隐去个人信息（姓名、电话、身份证号、电子邮箱、乡镇街道以下地址）后的预览，请核对，可修改后公开；公开时会再次自动隐去。</p>
              <Field name="subject" label="公开标题" value={v.subject ?? p.preview.subject} errors={p.errors} required />
              <TextArea name="body" label="公开的留言内容" rows={6} value={v.body ?? p.preview.body} errors={p.errors} required />
              <TextArea name="reply" label="公开的答复内容" rows={6} value={v.reply ?? p.preview.reply} errors={p.errors} required />
              <button type="submit">公开</button>
            </form>
          )}
        </>
      ) : null}
      {p.can.handle && r.state !== 'closed' ? (
        <>
          <h2>办结</h2>
          <form method="post" action={`/office/mailbox/${r.id}/close`}>
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="version" value={String(r.version)} />
            <Field name="reason" label="办结说明" hint={r.state === 'open' ? '未答复即办结的，须说明理由（如广告、重复、来信人撤回）' : '可不填'} value={v.reason} errors={p.errors} />
            <button type="submit">办结</button>
          </form>
        </>
      ) : null}
    </OfficeLayout>
  );
}

export function PhoneLogPage(p: { ctx: PageContext; agencies: { id: number; name: string; departments: { id: number; name: string }[] }[]; values: Record<string, string>; errors?: FieldErrors | undefined; message?: string | undefined }) {
  const v = p.values;
  return (
    <OfficeLayout ctx={p.ctx} title="登记监督电话">
      <h1>登记监督电话</h1>
      <p>监督电话来电按留言登记，同样计算答复期限。</p>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action="/office/mailbox/phone">
        <Csrf token={p.ctx.csrfToken} />
        <Select name="agencyId" label="机关" value={v.agencyId} errors={p.errors} options={p.agencies.map((a) => ({ value: String(a.id), label: a.name }))} />
        <Select name="kind" label="类型" value={v.kind ?? 'consultation'} errors={p.errors} options={LETTER_KIND_KEYS.map((k) => ({ value: k, label: MAILBOX_KINDS[k].label }))} />
        <Select
          name="departmentId"
          label="转办股室"
          value={v.departmentId}
          errors={p.errors}
          options={[{ value: '', label: '暂不转办' }, ...p.agencies.flatMap((a) => a.departments.map((d) => ({ value: String(d.id), label: `${a.name} · ${d.name}` })))]}
        />
        <Field name="receivedDate" label="来电日期" type="date" value={v.receivedDate} errors={p.errors} hint="默认为今天" />
        <Field name="name" label="来电人姓名" value={v.name} errors={p.errors} />
        <Field name="phone" label="来电号码" type="tel" value={v.phone} errors={p.errors} />
        <Field name="subject" label="事由" value={v.subject} errors={p.errors} required />
        <TextArea name="body" label="来电内容" rows={6} value={v.body} errors={p.errors} required />
        <button type="submit">登记</button>
      </form>
    </OfficeLayout>
  );
}

export function StatsPage(p: { ctx: PageContext; agencies: { id: number; name: string }[]; agencyId: number | null; year: number; stats: MailboxStats }) {
  const q = `agency=${p.agencyId ?? ''}&year=${p.year}`;
  return (
    <OfficeLayout ctx={p.ctx} title="信箱统计">
      <h1>信箱统计（{p.year} 年）</h1>
      <form method="get" action="/office/mailbox/stats" class="filters">
        <Select name="agency" label="机关" value={p.agencyId === null ? '' : String(p.agencyId)} options={p.agencies.map((a) => ({ value: String(a.id), label: a.name }))} />
        <Field name="year" label="年度" value={String(p.year)} inputMode="numeric" />
        <button type="submit">查看</button>
      </form>
      <p>
        <a href={`/office/mailbox/stats.csv?${q}`}>下载 CSV</a>
      </p>
      <div class="table-scroll">
        <table class="table">
          <caption>按类型统计</caption>
          <thead>
            <tr>
              <th scope="col">类型</th>
              <th scope="col">收到</th>
              <th scope="col">已答复</th>
              <th scope="col">按期答复</th>
              <th scope="col">超期答复</th>
              <th scope="col">未答复</th>
              <th scope="col">其中已逾期</th>
              <th scope="col">平均答复用时（工作日）</th>
              <th scope="col">已公开</th>
              <th scope="col">平均评价</th>
            </tr>
          </thead>
          <tbody>
            {[...p.stats.byKind.map((k) => ({ ...k, name: k.label })), { ...p.stats.total, name: '合计', kind: 'total' }].map((k) => (
              <tr key={k.kind}>
                <th scope="row">{k.name}</th>
                <td>{k.received}</td>
                <td>{k.replied}</td>
                <td>{k.onTime}</td>
                <td>{k.late}</td>
                <td>{k.open}</td>
                <td>{k.overdue}</td>
                <td>{k.avgReplyWorkdays ?? '—'}</td>
                <td>{k.published}</td>
                <td>{k.avgRating ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </OfficeLayout>
  );
}

export function LimitsPage(p: { ctx: PageContext; agencies: { id: number; name: string }[]; agencyId: number; limits: Record<string, number>; values?: Record<string, string>; errors?: FieldErrors | undefined; canEdit: boolean }) {
  return (
    <OfficeLayout ctx={p.ctx} title="信箱答复时限">
      <h1>信箱答复时限</h1>
      <p>各类留言自收到之次日起按工作日计算答复期限。平台默认值为本平台设置，可按本机关制度调整（1 至 60 个工作日）。</p>
      <form method="get" action="/office/mailbox/limits" class="filters">
        <Select name="agency" label="机关" value={String(p.agencyId)} options={p.agencies.map((a) => ({ value: String(a.id), label: a.name }))} />
        <button type="submit">查看</button>
      </form>
      <ErrorSummary errors={p.errors} />
      <form method="post" action={`/office/mailbox/limits?agency=${p.agencyId}`}>
        <Csrf token={p.ctx.csrfToken} />
        {Object.entries(MAILBOX_KINDS).map(([k, def]) => (
          <Field key={k} name={k} label={`${def.label}（默认 ${def.days} 个工作日）`} value={p.values?.[k] ?? String(p.limits[k] ?? def.days)} errors={p.errors} inputMode="numeric" />
        ))}
        {p.canEdit ? <button type="submit">保存</button> : <p class="muted">只有机关管理员可以修改。</p>}
      </form>
    </OfficeLayout>
  );
}

export function MailboxAlarms({ items, counts }: { items: { id: number; subject: string; agencyName: string; dueDate: string | null; alarm: MailboxAlarm }[]; counts: Record<MailboxAlarm, number> }) {
  return (
    <>
      <p class="hint">
        超过答复期限：{counts.overdue} 件；超过30天：{counts.day30} 件；超过60天：{counts.day60} 件；超过三个月（检查单项否决）：{counts.day90} 件；即将到期：{counts.due_soon} 件。
      </p>
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            <a href={`/office/mailbox/${i.id}`}>{i.subject}</a>（{i.agencyName}，期限 {i.dueDate ?? '—'}） <AlarmBadge alarm={i.alarm} />
          </li>
        ))}
      </ul>
      <p>
        <a href="/office/mailbox">打开信箱</a>
      </p>
    </>
  );
}
