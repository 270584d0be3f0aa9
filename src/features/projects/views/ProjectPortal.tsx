/** The public pages of key projects: the agency's list, a project's timeline and items, a year's work plan. */
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { Settings } from '../../settings/settings.js';
import { formatInvestment, PROJECT_STATUSES, type ProjectStatus } from '../project.js';
import type { ProjectView, PublicationProjectInfo } from '../project.service.js';
import type { ProjectRow } from '../project.table.js';
import type { PlanView } from '../work-plan.service.js';
import { APPROVAL_FIELDS } from '../project.js';
import { BulletinLinks } from '../../bulletin/views/BulletinLinks.js';
import { stageBulletinPath } from '../project.bulletin.js';

export const statusLabel = (s: string) => PROJECT_STATUSES[s as ProjectStatus]?.label ?? s;
const crumbsOf = (a: AgencyWithDepartments) => [
  { label: a.name, href: `/${a.slug}` },
  { label: '重点项目', href: `/${a.slug}/zdxm` },
];

export function ProjectListPage(p: {
  ctx: PageContext;
  settings: Settings;
  agency: AgencyWithDepartments;
  projects: (ProjectRow & { percent: number | null; lastEntryDate: string | null })[];
  total: string;
  planYears: number[];
}) {
  const a = p.agency;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title={`重点项目 - ${a.name}`} crumbs={[{ label: a.name, href: `/${a.slug}` }, { label: '重点项目' }]}>
      <h1>{a.name}重点项目</h1>
      {p.projects.length ? (
        <table class="data-table">
          <caption>
            共 {p.projects.length} 个项目，合计总投资 {formatInvestment(p.total)} 万元
          </caption>
          <thead>
            <tr>
              <th scope="col">项目名称</th>
              <th scope="col">项目统一代码</th>
              <th scope="col">项目单位</th>
              <th scope="col">总投资（万元）</th>
              <th scope="col">状态</th>
              <th scope="col">完成进度</th>
              <th scope="col">最近进展</th>
            </tr>
          </thead>
          <tbody>
            {p.projects.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`/${a.slug}/zdxm/${r.id}`}>{r.name}</a>
                </td>
                <td>{r.code}</td>
                <td>{r.owner}</td>
                <td class="num">{formatInvestment(r.investment)}</td>
                <td>{statusLabel(r.status)}</td>
                <td class="num">{r.percent == null ? '—' : `${r.percent}%`}</td>
                <td>{r.lastEntryDate ?? '暂无'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">暂无重点项目。</p>
      )}
      <h2>年度工作目标和计划</h2>
      {p.planYears.length ? (
        <ul>
          {p.planYears.map((y) => (
            <li key={y}>
              <a href={`/${a.slug}/ndjh/${y}`}>{y}年度工作目标和计划</a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">暂无已公开的年度工作计划。</p>
      )}
    </PortalLayout>
  );
}

export function ProjectFacts({ v }: { v: ProjectView }) {
  const pr = v.project;
  const rows: [string, string][] = [
    ['项目名称', pr.name],
    ['项目统一代码', pr.code],
    ['项目单位', pr.owner],
    ['总投资', `${formatInvestment(pr.investment)} 万元`],
    ['建设地点', pr.location || '—'],
    ['计划工期', `${pr.plannedStart} 至 ${pr.plannedEnd}`],
    ['项目状态', statusLabel(pr.status)],
    ['完成进度', v.percent == null ? '暂无进展' : `${v.percent}%`],
  ];
  return (
    <dl class="meta-table" aria-label="项目登记信息">
      {rows.map(([k, val]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{val}</dd>
        </div>
      ))}
    </dl>
  );
}

export function StagesTable({ v, caption }: { v: ProjectView; caption: string }) {
  if (!v.stages.length) return <p class="empty">暂无建设阶段。</p>;
  return (
    <table class="data-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">阶段</th>
          <th scope="col">计划时间</th>
          <th scope="col">实际时间</th>
        </tr>
      </thead>
      <tbody>
        {v.stages.map((s) => (
          <tr key={s.id}>
            <th scope="row">{s.name}</th>
            <td>{s.plannedStart || s.plannedEnd ? `${s.plannedStart ?? '—'} 至 ${s.plannedEnd ?? '—'}` : '未定'}</td>
            <td>{s.actualStart ? `${s.actualStart} 至 ${s.actualEnd ?? '进行中'}` : '未开始'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Timeline({ v }: { v: ProjectView }) {
  if (!v.entries.length) return <p class="empty">暂无进展记录。</p>;
  const stageName = (id: number | null) => v.stages.find((s) => s.id === id)?.name;
  return (
    <ol class="timeline">
      {v.entries.map((e) => (
        <li key={e.id} id={`progress-${e.id}`}>
          <p>
            <time dateTime={e.entryDate}>{e.entryDate}</time>
            {stageName(e.stageId) ? `　${stageName(e.stageId)}` : ''}　完成 {e.percent}%
          </p>
          <p>{e.body}</p>
          {e.photos.length ? (
            <ul class="photos">
              {e.photos.map((ph) => (
                <li key={ph.id}>
                  <img src={ph.url} alt={`现场照片：${ph.name.replace(/\.[a-z]+$/i, '')}（${e.entryDate}）`} loading="lazy" width={240} />
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function ProjectPage(p: { ctx: PageContext; settings: Settings; agency: AgencyWithDepartments; v: ProjectView }) {
  const { v } = p;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title={v.project.name} crumbs={[...crumbsOf(p.agency), { label: v.project.name }]}>
      <h1>{v.project.name}</h1>
      <ProjectFacts v={v} />
      {v.project.summary ? <p>{v.project.summary}</p> : null}
      <h2>建设阶段</h2>
      <StagesTable v={v} caption="各建设阶段的计划和实际时间" />
      {v.stages.map((s) => (
        <BulletinLinks key={s.id} pagePath={stageBulletinPath(p.agency.slug, v.project.id, s.id)} label={`“${s.name}”阶段公示`} />
      ))}
      <h2>项目进展</h2>
      <Timeline v={v} />
      <h2>项目信息公开</h2>
      {v.groups.map((g) => (
        <section key={g.key} aria-labelledby={`lc-${g.slug}`}>
          <h3 id={`lc-${g.slug}`}>{g.label}</h3>
          {g.items.length ? (
            <ul>
              {g.items.map((i) => (
                <li key={i.publicationId}>
                  <a href={i.url!}>{i.title}</a>
                  {i.publishedAt ? <span class="muted">　{i.publishedAt.slice(0, 10)}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">暂无</p>
          )}
        </section>
      ))}
    </PortalLayout>
  );
}

export function PlanPage(p: { ctx: PageContext; settings: Settings; agency: AgencyWithDepartments; v: PlanView }) {
  const { plan, targets, entries } = p.v;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title={`${plan.title} - ${p.agency.name}`} crumbs={[...crumbsOf(p.agency), { label: `${plan.year}年度工作目标和计划` }]}>
      <h1>{plan.title}</h1>
      {plan.intro ? <p>{plan.intro}</p> : null}
      <h2>年度工作目标</h2>
      <ol>
        {targets.map((t) => (
          <li key={t.id}>
            {t.text}
            {t.responsible ? <span class="muted">（责任单位：{t.responsible}）</span> : null}
          </li>
        ))}
      </ol>
      <h2>工作进展</h2>
      {entries.length ? (
        <ol class="timeline">
          {entries.map((e) => (
            <li key={e.id}>
              <p>
                <time dateTime={e.entryDate}>{e.entryDate}</time>
                {e.target ? `　目标：${e.target.text.slice(0, 40)}` : ''}
              </p>
              <p>{e.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">暂无进展。</p>
      )}
      <h2>年度工作总结</h2>
      {plan.summary ? (
        <>
          <p class="muted">{plan.summaryOn}</p>
          {plan.summary.split(/\n+/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </>
      ) : (
        <p class="empty">暂无</p>
      )}
    </PortalLayout>
  );
}

/**
 * The small block the public item page shows for an item of a key project: which
 * project and category, and for a 批准结果 item its approval or filing elements.
 */
export function ProjectItemBlock({ info }: { info: PublicationProjectInfo }) {
  const a = info.approval;
  const rows: [string, string][] = a
    ? (Object.entries(APPROVAL_FIELDS) as [keyof typeof APPROVAL_FIELDS, { approval: string | null; filing: string | null }][])
        .filter(([, labels]) => labels[a.kind])
        .map(([k, labels]) => [labels[a.kind]!, String(a[k] ?? '') || '—'])
    : [];
  return (
    <section class="project-item" aria-labelledby="project-item-h">
      <h2 id="project-item-h">重点项目信息</h2>
      <p>
        本信息属于重点项目<a href={info.project.url}>“{info.project.name}”</a>的{info.lifecycleLabel}。
      </p>
      {rows.length ? (
        <dl class="meta-table" aria-label={a!.kind === 'filing' ? '备案信息要素' : '批准结果要素'}>
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
