import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime, formatChineseDate } from '../../../lib/dates.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import {
  COMMENT_STATUSES,
  CONSULTATION_KINDS,
  CONSULTATION_PHASES,
  CONSULTATION_STATES,
  describePeriod,
  FEEDBACK_ALARM_WORKDAYS,
  HEARING_STATES,
  minimumPeriodOf,
  REJECT_REASONS,
  sectionsText,
  type CommentStatus,
  type ConsultationKind,
  type ConsultationPhase,
  type ConsultationState,
  type HearingState,
  type RejectReason,
} from '../participation.js';
import type { FeedbackAlarm, getConsultationForOffice, getHearingForOffice } from '../participation.service.js';
import type { ConsultationRow, HearingRow } from '../participation.table.js';
import { consultationUrl, hearingUrl } from './ParticipationPortalViews.js';

type Values = Record<string, string>;
const day = (d: string | null) => (d ? formatChineseDate(d) : '—');
const BASE = '/office/participation';
const kindOptions = Object.entries(CONSULTATION_KINDS).map(([value, k]) => ({ value, label: `${k.label}（一般不少于${describePeriod(k.minimum)}）` }));

export function FeedbackAlarms({ alarms }: { alarms: FeedbackAlarm[] }) {
  return (
    <>
      <p class="muted">意见征集截止后应整理研究意见并公布采纳情况；超过截止后 {FEEDBACK_ALARM_WORKDAYS} 个工作日仍未公布的标为逾期。关联的文件在公布采纳情况前不能发布。</p>
      <ul>
        {alarms.map((a) => (
          <li key={a.id} class={a.overdue ? 'row-overdue' : undefined}>
            <a href={`${BASE}/consultations/${a.id}`}>{a.title}</a>：{day(a.endDate)}截止，应于{day(a.dueDate)}前公布{a.overdue ? '（已逾期）' : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ParticipationHome(p: {
  ctx: PageContext;
  consultations: { row: ConsultationRow; phase: ConsultationPhase; pending: number }[];
  hearings: HearingRow[];
}) {
  return (
    <OfficeLayout ctx={p.ctx} title="意见征集与听证">
      <h1>意见征集与听证</h1>
      <p class="actions">
        <a href={`${BASE}/consultations/new`}>新建意见征集</a>　<a href={`${BASE}/hearings/new`}>新建听证会</a>
      </p>
      <h2>意见征集</h2>
      {p.consultations.length ? (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">标题</th>
              <th scope="col">类别</th>
              <th scope="col">征集期</th>
              <th scope="col">状态</th>
              <th scope="col">待审核意见</th>
              <th scope="col">采纳情况</th>
            </tr>
          </thead>
          <tbody>
            {p.consultations.map(({ row, phase, pending }) => (
              <tr key={row.id}>
                <td>
                  <a href={`${BASE}/consultations/${row.id}`}>{row.title}</a>
                </td>
                <td>{CONSULTATION_KINDS[row.kind as ConsultationKind]?.label ?? row.kind}</td>
                <td>
                  {day(row.startDate)}至{day(row.endDate)}
                </td>
                <td>{CONSULTATION_PHASES[phase].label}</td>
                <td>{pending}</td>
                <td>{row.feedbackPublishedAt ? '已公布' : phase === 'ended' ? '未公布' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">还没有意见征集。</p>
      )}
      <h2>听证会</h2>
      {p.hearings.length ? (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">标题</th>
              <th scope="col">时间</th>
              <th scope="col">地点</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {p.hearings.map((h) => (
              <tr key={h.id}>
                <td>
                  <a href={`${BASE}/hearings/${h.id}`}>{h.title}</a>
                </td>
                <td>
                  {day(h.hearingDate)} {h.hearingTime}
                </td>
                <td>{h.place}</td>
                <td>{HEARING_STATES[h.state as HearingState]?.label ?? h.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">还没有听证会。</p>
      )}
    </OfficeLayout>
  );
}

function AgencyChoice(p: { agencies: { id: number; name: string }[]; v: Values; e?: FieldErrors | undefined }) {
  if (p.agencies.length > 1) return <Select name="agencyId" label="征集机关" required value={p.v.agencyId} errors={p.e} options={p.agencies.map((a) => ({ value: String(a.id), label: a.name }))} />;
  return p.agencies[0] ? <input type="hidden" name="agencyId" value={String(p.agencies[0].id)} /> : null;
}

function ConsultationFields({ v, e }: { v: Values; e?: FieldErrors | undefined }) {
  return (
    <>
      <Field name="title" label="标题" required value={v.title} errors={e} maxLength={200} hint="如：关于《示例市××管理办法（征求意见稿）》公开征求意见的公告" />
      <Select name="kind" label="征集类别" required value={v.kind ?? 'normative'} errors={e} options={kindOptions} />
      <div class="field">
        <label class="checkbox-label">
          <input type="checkbox" name="marketRelated" value="on" checked={v.marketRelated === 'on' || v.marketRelated === '1'} /> 与市场主体生产经营活动密切相关（征集期一般不少于30日）
        </label>
      </div>
      <TextArea name="explanation" label="起草说明" rows={5} value={v.explanation} errors={e} hint="起草背景、依据、主要内容等。" />
      <TextArea name="sections" label="草案正文" rows={12} value={v.sections} errors={e} hint="每个章节以一行“## 章节标题”开头，其后为该节正文；公众可针对每个章节提意见。" />
      <TextArea name="commentMethod" label="意见反馈方式" rows={3} value={v.commentMethod} errors={e} hint="信函地址、电子邮箱、电话等；平台的在线意见表单会自动列出。" />
      <div class="field-row">
        <Field name="startDate" label="征集开始日期" type="date" value={v.startDate} errors={e} />
        <Field name="endDate" label="征集截止日期" type="date" value={v.endDate} errors={e} />
      </div>
      <TextArea name="shortReason" label="缩短征集期的理由" rows={2} value={v.shortReason} errors={e} hint="征集期短于该类别的最短期限时必填，理由将在征集页面公开。" />
    </>
  );
}

export function consultationValues(row: ConsultationRow, sections: { heading: string; body: string }[]): Values {
  return {
    title: row.title,
    kind: row.kind,
    marketRelated: row.marketRelated ? 'on' : '',
    explanation: row.explanation,
    sections: sectionsText(sections),
    commentMethod: row.commentMethod,
    startDate: row.startDate ?? '',
    endDate: row.endDate ?? '',
    shortReason: row.shortReason,
    version: String(row.version),
  };
}

export function NewConsultationPage(p: { ctx: PageContext; agencies: { id: number; name: string }[]; values: Values; errors?: FieldErrors; message?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title="新建意见征集">
      <h1>新建意见征集</h1>
      <form method="post" action={`${BASE}/consultations/new`} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <ErrorSummary errors={p.errors} message={p.message} />
        <AgencyChoice agencies={p.agencies} v={p.values} e={p.errors} />
        <ConsultationFields v={p.values} e={p.errors} />
        <button type="submit">保存草稿</button>
      </form>
    </OfficeLayout>
  );
}

type OfficeConsultation = Awaited<ReturnType<typeof getConsultationForOffice>>;

export function ConsultationOfficePage(p: { ctx: PageContext; c: OfficeConsultation; values?: Values; errors?: FieldErrors; message?: string }) {
  const { c } = p;
  const r = c.row;
  const v = p.values ?? consultationValues(r, c.sections);
  const min = minimumPeriodOf(r.kind as ConsultationKind, r.marketRelated === 1);
  const action = (path: string, label: string, extra?: preact.ComponentChildren) => (
    <form method="post" action={`${BASE}/consultations/${r.id}/${path}`} class="inline-form">
      <Csrf token={p.ctx.csrfToken} />
      <input type="hidden" name="version" value={String(r.version)} />
      {extra}
      <button type="submit">{label}</button>
    </form>
  );
  const sectionName = new Map(c.sections.map((s) => [s.id, s.heading]));
  const fb: Values = p.values?.text !== undefined ? p.values : {
    received: String(r.feedbackReceived ?? c.counts.approved + c.counts.pending + c.counts.rejected),
    adopted: String(r.feedbackAdopted ?? ''),
    partly: String(r.feedbackPartly ?? ''),
    notAdopted: String(r.feedbackNotAdopted ?? ''),
    text: r.feedbackText,
  };
  return (
    <OfficeLayout ctx={p.ctx} title={r.title}>
      <h1>{r.title}</h1>
      <p>
        {c.agency.name}　状态：{CONSULTATION_STATES[r.state as ConsultationState]?.label}（{CONSULTATION_PHASES[c.phase].label}）　征集期：{day(r.startDate)}至{day(r.endDate)}
        {c.period ? `，共${c.period.length}${c.period.minimum.unit === 'days' ? '日' : '个工作日'}（最短${describePeriod(min)}${c.period.short ? '，已缩短' : ''}）` : ''}
        {r.state !== 'draft' ? (
          <>
            　<a href={consultationUrl(c.agency.slug, r.id)}>查看公开页面</a>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      {r.state === 'draft' && c.mayManage ? (
        <section aria-labelledby="h-edit">
          <h2 id="h-edit">编辑草稿</h2>
          <form method="post" action={`${BASE}/consultations/${r.id}`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="version" value={v.version ?? String(r.version)} />
            <ConsultationFields v={v} e={p.errors} />
            <button type="submit">保存草稿</button>
          </form>
          <p class="hint">发布前须填写草案、起草说明、意见反馈方式和征集起止日期；征集期短于最短期限的须说明理由。</p>
          {action('open', '发布意见征集')}
        </section>
      ) : null}
      {r.state === 'open' && c.phase === 'ended' && c.mayManage ? action('close', '结束征集') : null}
      {r.state !== 'draft' ? (
        <section aria-labelledby="h-comments">
          <h2 id="h-comments">
            收到的意见（待审核 {c.counts.pending}，已公开 {c.counts.approved}，不予公开 {c.counts.rejected}）
          </h2>
          {c.comments.length ? (
            <ul class="comment-list">
              {c.comments.map((x) => (
                <li key={x.id} id={`comment-${x.id}`}>
                  <p class="muted">
                    编号 {x.id}　{formatChinaDateTime(x.createdAt)}　{x.sectionId ? `针对：${sectionName.get(x.sectionId) ?? '—'}` : '草案整体'}　署名：{x.authorName || '（未填）'}　联系方式：{x.contact || '（未填）'}　
                    {COMMENT_STATUSES[x.status as CommentStatus]?.label}
                    {x.rejectReason ? `：${REJECT_REASONS[x.rejectReason as RejectReason]?.label ?? x.rejectReason}` : ''}
                    {x.moderationNote ? `（${x.moderationNote}）` : ''}
                  </p>
                  <p class="pre-wrap">{x.body}</p>
                  {x.status === 'pending' && c.mayManage ? (
                    <form method="post" action={`${BASE}/consultations/${r.id}/comments/${x.id}`} class="inline-form">
                      <Csrf token={p.ctx.csrfToken} />
                      <label for={`reason-${x.id}`}>不予公开的理由</label>
                      <select id={`reason-${x.id}`} name="reason">
                        {Object.entries(REJECT_REASONS).map(([k, rr]) => (
                          <option key={k} value={k}>
                            {rr.label}
                          </option>
                        ))}
                      </select>
                      <label for={`note-${x.id}`}>说明</label>
                      <input id={`note-${x.id}`} name="note" type="text" maxLength={500} />
                      <button type="submit" name="decision" value="approve">
                        公开
                      </button>
                      <button type="submit" name="decision" value="reject">
                        不予公开
                      </button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">还没有收到意见。</p>
          )}
        </section>
      ) : null}
      {c.phase === 'ended' && c.mayManage ? (
        <section aria-labelledby="h-feedback">
          <h2 id="h-feedback">{r.feedbackPublishedAt ? '更正意见采纳情况' : '公布意见采纳情况'}</h2>
          <form method="post" action={`${BASE}/consultations/${r.id}/feedback`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <div class="field-row">
              <Field name="received" label="收到意见数" inputMode="numeric" value={fb.received} errors={p.errors} hint="含信函、邮件等其他渠道收到的意见" />
              <Field name="adopted" label="采纳" inputMode="numeric" value={fb.adopted} errors={p.errors} />
              <Field name="partly" label="部分采纳" inputMode="numeric" value={fb.partly} errors={p.errors} />
              <Field name="notAdopted" label="未采纳" inputMode="numeric" value={fb.notAdopted} errors={p.errors} />
            </div>
            <TextArea name="text" label="采纳情况说明" rows={8} value={fb.text} errors={p.errors} hint="逐项说明采纳的意见及对草案的修改，未采纳意见的理由；可按章节分段。" />
            <button type="submit">{r.feedbackPublishedAt ? '保存更正' : '公布采纳情况'}</button>
          </form>
        </section>
      ) : null}
      {c.mayManage ? (
        <section aria-labelledby="h-link">
          <h2 id="h-link">形成的决策或文件</h2>
          <p>
            {c.publication ? (
              <>
                已关联：<a href={`/office/publications/${c.publication.id}`}>{c.publication.title}</a>（{c.publication.published ? '已发布' : '未发布'}）
              </>
            ) : (
              '尚未关联。'
            )}
            关联的信息须在公布采纳情况后才能发布，发布后其页面显示采纳情况。
          </p>
          <form method="post" action={`${BASE}/consultations/${r.id}/link`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <Field name="publicationId" label="信息编号" inputMode="numeric" value={p.values?.publicationId ?? (r.publicationId ? String(r.publicationId) : '')} errors={p.errors} hint="办公系统中信息的编号（网址 /office/publications/编号）；留空则取消关联。" />
            <button type="submit">保存关联</button>
          </form>
        </section>
      ) : null}
    </OfficeLayout>
  );
}

function HearingFields({ v, e }: { v: Values; e?: FieldErrors | undefined }) {
  return (
    <>
      <Field name="title" label="听证事项" required value={v.title} errors={e} maxLength={200} />
      <Field name="consultationId" label="相关意见征集编号（选填）" inputMode="numeric" value={v.consultationId} errors={e} />
      <TextArea name="draft" label="听证事项草案及说明" rows={8} value={v.draft} errors={e} />
      <div class="field-row">
        <Field name="hearingDate" label="听证日期" type="date" value={v.hearingDate} errors={e} />
        <Field name="hearingTime" label="时间" type="time" value={v.hearingTime} errors={e} />
      </div>
      <Field name="place" label="地点" value={v.place} errors={e} maxLength={300} />
      <TextArea name="selectionMethod" label="听证参加人遴选办法" rows={4} value={v.selectionMethod} errors={e} />
      <TextArea name="participants" label="听证参加人名单" rows={6} value={v.participants} errors={e} hint="每行一人，如：张三（消费者代表）" />
    </>
  );
}

export function hearingValues(h: HearingRow): Values {
  return {
    title: h.title, consultationId: h.consultationId ? String(h.consultationId) : '', draft: h.draft, hearingDate: h.hearingDate ?? '', hearingTime: h.hearingTime,
    place: h.place, selectionMethod: h.selectionMethod, participants: h.participants, version: String(h.version),
  };
}

export function NewHearingPage(p: { ctx: PageContext; agencies: { id: number; name: string }[]; values: Values; errors?: FieldErrors; message?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title="新建听证会">
      <h1>新建听证会</h1>
      <form method="post" action={`${BASE}/hearings/new`} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <ErrorSummary errors={p.errors} message={p.message} />
        <AgencyChoice agencies={p.agencies} v={p.values} e={p.errors} />
        <HearingFields v={p.values} e={p.errors} />
        <button type="submit">保存草稿</button>
      </form>
    </OfficeLayout>
  );
}

type OfficeHearing = Awaited<ReturnType<typeof getHearingForOffice>>;

export function HearingOfficePage(p: { ctx: PageContext; h: OfficeHearing; slug: string; values?: Values; errors?: FieldErrors; message?: string }) {
  const r = p.h.row;
  const v = p.values ?? hearingValues(r);
  return (
    <OfficeLayout ctx={p.ctx} title={r.title}>
      <h1>{r.title}</h1>
      <p>
        状态：{HEARING_STATES[r.state as HearingState]?.label}　时间：{day(r.hearingDate)} {r.hearingTime}　地点：{r.place || '—'}
        {r.state === 'published' ? (
          <>
            　<a href={hearingUrl(p.slug, r.id)}>查看公开页面</a>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      {r.state === 'draft' && p.h.mayManage ? (
        <>
          <form method="post" action={`/office/participation/hearings/${r.id}`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="version" value={v.version ?? String(r.version)} />
            <HearingFields v={v} e={p.errors} />
            <button type="submit">保存草稿</button>
          </form>
          <form method="post" action={`/office/participation/hearings/${r.id}/publish`} class="inline-form">
            <Csrf token={p.ctx.csrfToken} />
            <button type="submit">发布听证公告</button>
          </form>
        </>
      ) : null}
      <h2>送达听证参加人的材料</h2>
      <p class="hint">材料须在听证会七日前送达{p.h.materialDeadline ? `（最迟${day(p.h.materialDeadline)}）` : ''}；送达时间由系统记录。</p>
      {p.h.materials.length ? (
        <ul>
          {p.h.materials.map((m) => (
            <li key={m.id}>
              {m.title}（{formatChinaDateTime(m.sentAt)}）{m.description ? `：${m.description}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">尚未送达材料。</p>
      )}
      {p.h.mayManage ? (
        <form method="post" action={`/office/participation/hearings/${r.id}/materials`} novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <Field name="materialTitle" label="材料名称" value={p.values?.materialTitle} errors={p.errors} maxLength={200} />
          <TextArea name="materialDescription" label="材料说明" rows={2} value={p.values?.materialDescription} errors={p.errors} />
          <button type="submit">登记送达</button>
        </form>
      ) : null}
    </OfficeLayout>
  );
}
