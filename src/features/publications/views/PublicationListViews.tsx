import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { DISCLOSURE_CATEGORIES, DISCLOSURE_CATEGORY_KEYS } from '../categories.js';
import type { Timeliness } from '../publication.js';
import type { OfficeListRow } from '../publication.service.js';
import type { Queue, QueueItem } from '../publication.service.js';
import { WORKFLOW_STATE_KEYS } from '../publication.workflow.js';
import { StateBadge, TimelinessBadge, categoryLabel, fmtInstant, stateLabel, type AgencyOption } from './parts.js';

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
