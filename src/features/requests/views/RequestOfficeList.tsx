import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { listRequests } from '../request.read.js';
import { DueBadge, RequestNav, short } from './RequestOfficeParts.js';

export type ListRow = Awaited<ReturnType<typeof listRequests>>['items'][number];

export interface ListFilters {
  /** open | due_soon | overdue | mine | all */
  view: string;
  agency?: string | undefined;
  q?: string | undefined;
  page: number;
}

export const LIST_TABS = [
  { view: 'open', label: '待办' },
  { view: 'due_soon', label: '即将到期' },
  { view: 'overdue', label: '已逾期' },
  { view: 'mine', label: '我承办的' },
  { view: 'all', label: '全部' },
] as const;

const TAB_NOTES: Record<string, string> = {
  open: '尚未答复的申请（含待补正、待缴费），答复期限近的在前。',
  due_soon: '答复期限在 5 个工作日内届满（含已逾期）的申请。',
  overdue: '已超过答复期限仍未答复的申请。',
  mine: '指定由您承办的申请。',
  all: '全部申请，含已答复、已归档和已撤回的。',
};

export function listUrl(f: ListFilters, over: Partial<ListFilters> = {}): string {
  const params = new URLSearchParams();
  const all = { ...f, ...over };
  if (all.view && all.view !== 'open') params.set('view', all.view);
  if (all.agency) params.set('agency', all.agency);
  if (all.q) params.set('q', all.q);
  if (all.page > 1) params.set('page', String(all.page));
  const s = params.toString();
  return s ? `/office/requests?${s}` : '/office/requests';
}

export function RequestListPage(p: { ctx: PageContext; items: ListRow[]; total: number; filters: ListFilters; pageSize: number; agencies: { id: number; name: string }[] }) {
  const f = p.filters;
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const multiAgency = p.agencies.length > 1;
  return (
    <OfficeLayout ctx={p.ctx} title="依申请公开">
      <h1>依申请公开</h1>
      <RequestNav actor={p.ctx.actor} current="/office/requests" />
      <nav class="queue-tabs" aria-label="申请分类">
        <ul>
          {LIST_TABS.map((t) => (
            <li key={t.view}>
              <a href={listUrl(f, { view: t.view, page: 1 })} aria-current={f.view === t.view ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/office/requests" class="filters" role="search">
        {f.view !== 'open' ? <input type="hidden" name="view" value={f.view} /> : null}
        <label>
          检索申请内容
          <input type="search" name="q" value={f.q ?? ''} placeholder="信息名称、文号或描述" maxLength={100} />
        </label>
        {multiAgency ? (
          <label>
            机关
            <select name="agency">
              <option value="">全部</option>
              {p.agencies.map((a) => (
                <option key={a.id} value={String(a.id)} selected={f.agency === String(a.id)}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit">筛选</button>
      </form>
      <p class="muted" role="status">
        {TAB_NOTES[f.view] ?? ''}共 {p.total} 件。
      </p>
      {p.items.length ? (
        <div class="table-scroll">
          <table class="table">
            <caption class="visually-hidden">政府信息公开申请列表</caption>
            <thead>
              <tr>
                <th scope="col">编号</th>
                {multiAgency ? <th scope="col">机关</th> : null}
                <th scope="col">收到日期</th>
                <th scope="col">申请人类型</th>
                <th scope="col">申请人</th>
                <th scope="col">申请内容</th>
                <th scope="col">状态</th>
                <th scope="col">答复期限</th>
                <th scope="col">承办人</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => (
                <tr key={i.id} class={i.overdue ? 'row-overdue' : undefined}>
                  <td>
                    <a href={`/office/requests/${i.id}`}>
                      <span class="visually-hidden">申请</span>
                      {i.id}
                    </a>
                  </td>
                  {multiAgency ? <td>{i.agencyName}</td> : null}
                  <td>{i.receivedDate ?? <span class="muted">未确认</span>}</td>
                  <td>{i.kindLabel}</td>
                  <td>{i.applicantName}</td>
                  <td>
                    <a href={`/office/requests/${i.id}`}>{short(i.infoName || i.description)}</a>
                  </td>
                  <td>{i.stateLabel}</td>
                  <td>
                    <DueBadge dueDate={i.dueDate} provisional={i.dueProvisional === 1} overdue={i.overdue} />
                  </td>
                  <td>{i.handlerName || <span class="muted">未指定</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>没有符合条件的申请。</p>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label="分页">
          {f.page > 1 ? <a href={listUrl(f, { page: f.page - 1 })}>上一页</a> : null}
          <span>
            第 {f.page} / {pages} 页
          </span>
          {f.page < pages ? <a href={listUrl(f, { page: f.page + 1 })}>下一页</a> : null}
        </nav>
      ) : null}
    </OfficeLayout>
  );
}
