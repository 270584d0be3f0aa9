import type { AgencyQueue, PendingExtension } from '../request.queues.js';

const tab = (view: string, agencyId: number, many: boolean) => `/office/requests?view=${view}${many ? `&agency=${agencyId}` : ''}`;

/** Per agency: open, due within five working days, overdue; each number links to its list. */
export function RequestQueues({ queues }: { queues: AgencyQueue[] }) {
  const many = queues.length > 1;
  return (
    <>
      <p class="hint">答复期限为收到申请之日起 20 个工作日（《政府信息公开条例》第三十三条）。</p>
      <table class="table">
        <caption class="visually-hidden">各机关依申请公开办理情况</caption>
        <thead>
          <tr>
            <th scope="col">机关</th>
            <th scope="col">待办</th>
            <th scope="col">5个工作日内到期</th>
            <th scope="col">已逾期</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.agencyId}>
              <th scope="row">{q.agencyName}</th>
              <td>
                <a href={tab('open', q.agencyId, many)}>
                  {q.open}
                  <span class="visually-hidden"> 件待办</span>
                </a>
              </td>
              <td>
                <a href={tab('due_soon', q.agencyId, many)}>
                  {q.dueSoon ? <span class="badge warn">{q.dueSoon}</span> : 0}
                  <span class="visually-hidden"> 件即将到期</span>
                </a>
              </td>
              <td>
                <a href={tab('overdue', q.agencyId, many)}>
                  {q.overdue ? <span class="badge danger">{q.overdue}</span> : 0}
                  <span class="visually-hidden"> 件已逾期</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function PendingExtensions({ items }: { items: PendingExtension[] }) {
  return (
    <>
      <p class="hint">延长答复期限须经政府信息公开工作机构负责人同意，并在答复期限届满前决定（第三十三条第二款）。</p>
      <ul>
        {items.map((x) => (
          <li key={x.requestId}>
            <a href={`/office/requests/${x.requestId}#act-h`}>申请 {x.requestId}</a>（{x.agencyName}）：{x.requestedBy} 申请延长 {x.days} 个工作日，答复期限 {x.dueDate ?? '—'}
            {x.reason ? `；理由：${x.reason}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
