import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime, formatChineseDate } from '../../../lib/dates.js';
import { Csrf, ErrorSummary, Field, TextArea } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout, type Crumb } from '../../../web/layouts/PortalLayout.js';
import { COMMENT_LIMITS, CONSULTATION_KINDS, CONSULTATION_PHASES, describePeriod, type ConsultationKind, type ConsultationPhase } from '../participation.js';
import type { ConsultationRow, HearingRow } from '../participation.table.js';
import type { PublicConsultation, PublicHearing } from '../participation.service.js';
import { BulletinLinks } from '../../bulletin/views/BulletinLinks.js';

export const consultationUrl = (slug: string, id: number) => `/${slug}/hdcy/yjzj/${id}`;
export const hearingUrl = (slug: string, id: number) => `/${slug}/hdcy/tzh/${id}`;
export const participationUrl = (slug: string) => `/${slug}/hdcy`;

const day = (d: string | null) => (d ? formatChineseDate(d) : '—');

function crumbs(agency: { name: string; slug: string }, last?: string): Crumb[] {
  const c: Crumb[] = [{ label: agency.name, href: `/${agency.slug}` }, { label: '互动参与', ...(last ? { href: participationUrl(agency.slug) } : {}) }];
  if (last) c.push({ label: last });
  return c;
}

export function PhaseBadge({ phase }: { phase: ConsultationPhase }) {
  return <span class={`mark phase-${phase}`}>{CONSULTATION_PHASES[phase].label}</span>;
}

/** The 采纳情况 block: on the consultation page and under the document it led to. */
export function FeedbackBlock({ row, headingLevel = 2, link }: { row: ConsultationRow; headingLevel?: 2 | 3; link?: string }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const id = `h-feedback-${row.id}`;
  return (
    <section class="panel consultation-feedback" aria-labelledby={id}>
      <H id={id}>意见采纳情况{link ? <>：<a href={link}>{row.title}</a></> : null}</H>
      <p>
        共收到意见 {row.feedbackReceived} 条，其中采纳 {row.feedbackAdopted} 条，部分采纳 {row.feedbackPartly} 条，未采纳 {row.feedbackNotAdopted} 条。
        {row.feedbackPublishedAt ? <span class="muted">（{formatChinaDateTime(row.feedbackPublishedAt)} 公布）</span> : null}
      </p>
      <div class="prose">
        {row.feedbackText.split(/\n+/).filter(Boolean).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
    </section>
  );
}

interface ListItem {
  row: ConsultationRow;
  phase: ConsultationPhase;
}

/** `/:agency/hdcy`: the agency's consultations, open ones first, then closed ones with their feedback; its hearings. */
export function ParticipationListPage(p: { ctx: PageContext; siteName: string; agency: { name: string; slug: string }; items: ListItem[]; hearings: HearingRow[] }) {
  const open = p.items.filter((i) => i.phase !== 'ended');
  const closed = p.items.filter((i) => i.phase === 'ended');
  const Row = ({ i }: { i: ListItem }) => (
    <li>
      <a href={consultationUrl(p.agency.slug, i.row.id)}>{i.row.title}</a> <PhaseBadge phase={i.phase} />
      <span class="item-meta">
        {CONSULTATION_KINDS[i.row.kind as ConsultationKind]?.label ?? i.row.kind}，征集期 {day(i.row.startDate)}至{day(i.row.endDate)}
        {i.phase === 'ended' ? (i.row.feedbackPublishedAt ? '，已公布采纳情况' : '，采纳情况整理中') : ''}
      </span>
    </li>
  );
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={`互动参与 - ${p.agency.name}`} crumbs={crumbs(p.agency)}>
      <h1>互动参与</h1>
      <p class="lead">{p.agency.name}公开征集社会公众对决策草案、规范性文件草案等的意见，并公布意见采纳情况。无需注册即可提交意见。</p>
      <section class="panel" aria-labelledby="h-open">
        <h2 id="h-open">正在征集</h2>
        {open.length ? <ul class="link-list">{open.map((i) => <Row key={i.row.id} i={i} />)}</ul> : <p class="empty">目前没有正在征集意见的事项。</p>}
      </section>
      <section class="panel" aria-labelledby="h-closed">
        <h2 id="h-closed">已结束的意见征集</h2>
        {closed.length ? <ul class="link-list">{closed.map((i) => <Row key={i.row.id} i={i} />)}</ul> : <p class="empty">暂无。</p>}
      </section>
      <section class="panel" aria-labelledby="h-hearings">
        <h2 id="h-hearings">听证会</h2>
        {p.hearings.length ? (
          <ul class="link-list">
            {p.hearings.map((h) => (
              <li key={h.id}>
                <a href={hearingUrl(p.agency.slug, h.id)}>{h.title}</a>
                <span class="item-meta">
                  {day(h.hearingDate)} {h.hearingTime}，{h.place}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">暂无听证会公告。</p>
        )}
      </section>
    </PortalLayout>
  );
}

export interface CommentFormState {
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
  sent?: boolean;
}

/** `/:agency/hdcy/yjzj/:id`: the draft in sections, its 说明, how to comment, the approved comments, the form, the feedback. */
export function ConsultationPage(p: { ctx: PageContext; siteName: string; c: PublicConsultation; form: CommentFormState }) {
  const { c } = p;
  const r = c.row;
  const slug = c.agency.slug;
  const kind = CONSULTATION_KINDS[r.kind as ConsultationKind]?.label ?? r.kind;
  const bySection = new Map<number | null, typeof c.comments>();
  for (const x of c.comments) bySection.set(x.sectionId, [...(bySection.get(x.sectionId) ?? []), x]);
  const Comments = ({ list }: { list: typeof c.comments | undefined }) =>
    list?.length ? (
      <ul class="comment-list">
        {list.map((x) => (
          <li key={x.id}>
            <p class="item-meta">
              {x.name}　{formatChinaDateTime(x.createdAt)}
            </p>
            <p class="pre-wrap">{x.body}</p>
          </li>
        ))}
      </ul>
    ) : null;
  const v = p.form.values ?? {};
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={r.title} crumbs={crumbs(c.agency, '意见征集')} canonicalPath={consultationUrl(slug, r.id)}>
      <article class="consultation">
        <h1>{r.title}</h1>
        <dl class="facts" aria-label="征集信息">
          <div>
            <dt>征集机关</dt>
            <dd>{c.agency.name}</dd>
          </div>
          <div>
            <dt>类别</dt>
            <dd>
              {kind}
              {r.marketRelated ? '（涉及市场主体）' : ''}
            </dd>
          </div>
          <div>
            <dt>征集期</dt>
            <dd>
              {day(r.startDate)}至{day(r.endDate)} <PhaseBadge phase={c.phase} />
            </dd>
          </div>
          {c.period?.short ? (
            <div>
              <dt>期限说明</dt>
              <dd>
                本次征集期少于{describePeriod(c.period.minimum)}，理由：{r.shortReason}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>意见反馈方式</dt>
            <dd class="pre-wrap">{r.commentMethod}；也可在本页下方直接提交意见（无需注册）。</dd>
          </div>
        </dl>
        <BulletinLinks pagePath={consultationUrl(slug, r.id)} />
        {r.feedbackPublishedAt ? <FeedbackBlock row={r} /> : null}
        {c.publication?.published ? (
          <p class="notice">
            根据本次征集形成的文件：<a href={`/${slug}/zfxxgk/content/${c.publication.id}`}>{c.publication.title}</a>
          </p>
        ) : null}
        <section class="panel" aria-labelledby="h-explanation">
          <h2 id="h-explanation">起草说明</h2>
          <div class="prose">
            {r.explanation.split(/\n+/).filter(Boolean).map((x, i) => (
              <p key={i}>{x}</p>
            ))}
          </div>
        </section>
        <section class="panel" aria-labelledby="h-draft">
          <h2 id="h-draft">草案（征求意见稿）</h2>
          {c.sections.map((s) => (
            <section key={s.id} id={`s-${s.position}`} class="draft-section" aria-labelledby={`h-s-${s.position}`}>
              <h3 id={`h-s-${s.position}`}>{s.heading}</h3>
              <div class="prose">
                {s.body.split(/\n+/).filter(Boolean).map((x, i) => (
                  <p key={i}>{x}</p>
                ))}
              </div>
              {bySection.get(s.id)?.length ? (
                <details class="section-comments">
                  <summary>对本节的意见（{bySection.get(s.id)!.length}）</summary>
                  <Comments list={bySection.get(s.id)} />
                </details>
              ) : null}
              {c.phase === 'accepting' ? (
                <p>
                  <a href={`?section=${s.id}#comment-form`}>对“{s.heading}”提意见</a>
                </p>
              ) : null}
            </section>
          ))}
        </section>
        {bySection.get(null)?.length ? (
          <section class="panel" aria-labelledby="h-general">
            <h2 id="h-general">对草案的总体意见</h2>
            <Comments list={bySection.get(null)} />
          </section>
        ) : null}
        {c.hearings.length ? (
          <p class="notice">
            相关听证会：
            {c.hearings.map((h) => (
              <a key={h.id} href={hearingUrl(slug, h.id)}>
                {h.title}
              </a>
            ))}
          </p>
        ) : null}
        <section class="panel" id="comment-form" aria-labelledby="h-form">
          <h2 id="h-form">提交意见</h2>
          {p.form.sent ? (
            <p class="alert alert-success" role="status">
              您的意见已提交，经审核后公开显示。感谢您的参与！
            </p>
          ) : null}
          {c.phase === 'accepting' ? (
            <form method="post" action={`${consultationUrl(slug, r.id)}/comments`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <ErrorSummary errors={p.form.errors} message={p.form.message} />
              <div class={`field${p.form.errors?.section ? ' field-error' : ''}`}>
                <label for="f-section">意见针对</label>
                {p.form.errors?.section ? <p class="error-text" id="f-section-error">{p.form.errors.section}</p> : null}
                <select id="f-section" name="section">
                  <option value="general">草案整体</option>
                  {c.sections.map((s) => (
                    <option key={s.id} value={String(s.id)} selected={v.section === String(s.id)}>
                      {s.heading}
                    </option>
                  ))}
                </select>
              </div>
              <TextArea name="body" label="意见内容" required rows={6} maxLength={COMMENT_LIMITS.body} value={v.body} errors={p.form.errors} hint={`5 至 ${COMMENT_LIMITS.body} 字。意见经审核后公开显示。`} />
              <Field name="name" label="姓名或称呼（选填）" value={v.name} errors={p.form.errors} maxLength={COMMENT_LIMITS.name} hint="将随意见公开显示，可填化名；不填显示为“网友”。" autoComplete="nickname" />
              <Field name="contact" label="联系方式（选填）" value={v.contact} errors={p.form.errors} maxLength={COMMENT_LIMITS.contact} hint="电话或电子邮箱，仅供工作人员联系您，不会公开。" />
              {/* A trap for form robots: hidden from people and screen readers, never filled by a person. */}
              <div class="hp" aria-hidden="true">
                <label for="f-website">网址（请勿填写）</label>
                <input id="f-website" name="website" type="text" tabIndex={-1} autoComplete="off" value="" />
              </div>
              <button type="submit">提交意见</button>
            </form>
          ) : c.phase === 'upcoming' ? (
            <p class="notice">征集将于{day(r.startDate)}开始，届时可在此提交意见。</p>
          ) : (
            <p class="notice">意见征集已于{day(r.endDate)}截止，不再接受意见。</p>
          )}
        </section>
      </article>
    </PortalLayout>
  );
}

/** `/:agency/hdcy/tzh/:id`: the hearing notice with its draft, time, place, 遴选办法, participants and the materials. */
export function HearingPage(p: { ctx: PageContext; siteName: string; h: PublicHearing }) {
  const { h } = p;
  const r = h.row;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={r.title} crumbs={crumbs(h.agency, '听证会')} canonicalPath={hearingUrl(h.agency.slug, r.id)}>
      <article class="hearing">
        <h1>{r.title}</h1>
        <dl class="facts" aria-label="听证会信息">
          <div>
            <dt>组织机关</dt>
            <dd>{h.agency.name}</dd>
          </div>
          <div>
            <dt>时间</dt>
            <dd>
              {day(r.hearingDate)} {r.hearingTime}
            </dd>
          </div>
          <div>
            <dt>地点</dt>
            <dd>{r.place}</dd>
          </div>
          {h.consultation ? (
            <div>
              <dt>相关意见征集</dt>
              <dd>
                <a href={consultationUrl(h.agency.slug, h.consultation.id)}>{h.consultation.title}</a>
              </dd>
            </div>
          ) : null}
        </dl>
        <BulletinLinks pagePath={hearingUrl(h.agency.slug, r.id)} />
        <section class="panel" aria-labelledby="h-draft">
          <h2 id="h-draft">听证事项（草案及说明）</h2>
          <div class="prose">
            {r.draft.split(/\n+/).filter(Boolean).map((x, i) => (
              <p key={i}>{x}</p>
            ))}
          </div>
        </section>
        <section class="panel" aria-labelledby="h-selection">
          <h2 id="h-selection">听证参加人遴选办法</h2>
          <p class="pre-wrap">{r.selectionMethod}</p>
        </section>
        <section class="panel" aria-labelledby="h-participants">
          <h2 id="h-participants">听证参加人名单</h2>
          <ol>
            {h.participants.map((x, i) => (
              <li key={i}>{x}</li>
            ))}
          </ol>
        </section>
        <section class="panel" aria-labelledby="h-materials">
          <h2 id="h-materials">向听证参加人送达的材料</h2>
          {h.materials.length ? (
            <ul>
              {h.materials.map((m) => (
                <li key={m.id}>
                  {m.title}（{formatChinaDateTime(m.sentAt)} 送达）{m.description ? `：${m.description}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">材料将于听证会七日前送达听证参加人。</p>
          )}
        </section>
      </article>
    </PortalLayout>
  );
}
