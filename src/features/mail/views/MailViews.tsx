import type { ComponentChildren } from 'preact';
import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { MAIL_STATUSES, MAIL_TRANSPORTS, isMailStatus, type MailStatus } from '../mail.js';
import type { MailView, OutgoingListRow, RelatedLink } from '../mail.service.js';

const when = (iso: string | null) => (iso ? formatChinaDateTime(iso) : '—');

function StatusBadge({ status }: { status: string }) {
  if (!isMailStatus(status)) return <span class="badge">{status}</span>;
  const s = MAIL_STATUSES[status];
  return <span class={`badge${s.tone ? ` ${s.tone}` : ''}`}>{s.label}</span>;
}

function Related({ link }: { link: RelatedLink | null }) {
  if (!link) return <>—</>;
  return link.href ? <a href={link.href}>{link.label}</a> : <>{link.label}</>;
}

/** Why nothing leaves the platform, where that is so: the office must pass the letters on itself. */
function OutboxNotice() {
  return (
    <p class="alert alert-warning">
      本平台未配置邮件服务器（环境变量 SMTP_URL），不发送电子邮件：邮件只在这里存档，状态为“未发出”。请打开邮件，复制内容通过其他方式送达收件人。
    </p>
  );
}

/** `/office/mail`: the outgoing letters the person may read, newest first. */
export function MailList(p: { ctx: PageContext; rows: OutgoingListRow[]; status: MailStatus | undefined; olderThan: number | null; outbox: boolean }) {
  const qs = (extra: Record<string, string | number>) => {
    const params = new URLSearchParams();
    if (p.status) params.set('status', p.status);
    for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
    const s = params.toString();
    return s ? `/office/mail?${s}` : '/office/mail';
  };
  return (
    <OfficeLayout ctx={p.ctx} title="邮件发件箱">
      <h1>邮件发件箱</h1>
      <p class="muted">平台发出的每一封电子邮件都记录在这里，包括发送失败和未发出的邮件。</p>
      {p.outbox ? <OutboxNotice /> : null}
      <form method="get" action="/office/mail" class="filters">
        <label>
          状态
          <select name="status">
            <option value="">全部</option>
            {(Object.keys(MAIL_STATUSES) as MailStatus[]).map((s) => (
              <option key={s} value={s} selected={p.status === s}>
                {MAIL_STATUSES[s].label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">筛选</button>
      </form>
      {p.rows.length === 0 ? (
        <p class="empty">{p.status ? '没有这种状态的邮件。' : '还没有外发邮件。'}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">外发邮件，新的在前</caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">状态</th>
              <th scope="col">收件人</th>
              <th scope="col">主题</th>
              <th scope="col">相关事项</th>
              <th scope="col">机关</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((m) => (
              <tr key={m.id}>
                <td>{when(m.createdAt)}</td>
                <td>
                  <StatusBadge status={m.status} />
                  {m.status === 'failed' && m.error ? (
                    <>
                      <br />
                      <small class="muted">{m.error.length > 80 ? `${m.error.slice(0, 80)}…` : m.error}</small>
                    </>
                  ) : null}
                </td>
                <td>{m.toAddress}</td>
                <td>
                  <a href={`/office/mail/${m.id}`}>{m.subject}</a>
                </td>
                <td>
                  <Related link={m.related} />
                </td>
                <td>{m.agencyName || '平台'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.olderThan ? (
        <nav class="pager" aria-label="分页">
          <a href={qs({ before: p.olderThan })}>更早的邮件</a>
        </nav>
      ) : null}
    </OfficeLayout>
  );
}

/** `/office/mail/:id`: one letter, its outcome and its text. */
export function MailPage(p: { ctx: PageContext; mail: MailView }) {
  const m = p.mail;
  const rows: [string, ComponentChildren][] = [
    ['状态', <StatusBadge status={m.status} />],
    ['发送方式', (MAIL_TRANSPORTS as Record<string, { label: string }>)[m.transport]?.label ?? m.transport],
    ['收件人', m.toAddress],
    ['主题', m.subject],
    ['相关事项', <Related link={m.related} />],
    ['机关', m.agencyName || '平台'],
    ['记录时间', when(m.createdAt)],
    ['发出时间', when(m.sentAt)],
  ];
  if (m.messageId) rows.push(['邮件标识（Message-ID）', <code>{m.messageId}</code>]);
  return (
    <OfficeLayout ctx={p.ctx} title={`邮件：${m.subject}`}>
      <p>
        <a href="/office/mail">← 邮件发件箱</a>
      </p>
      <h1>{m.subject}</h1>
      {m.status === 'held' ? <OutboxNotice /> : null}
      {m.status === 'failed' ? (
        <div class="alert alert-error" role="alert">
          <p>这封邮件没有发出，邮件服务器的答复是：</p>
          <p>
            <code>{m.error || '（无）'}</code>
          </p>
          <p>请核对收件地址，必要时通过其他方式送达。</p>
        </div>
      ) : null}
      {m.status === 'queued' ? <p class="alert alert-warning">这封邮件正在发送或等待发送，请稍后刷新本页查看结果。</p> : null}
      <table class="table meta-table">
        <caption class="visually-hidden">邮件信息</caption>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>正文</h2>
      <pre class="mail-body">{m.textBody}</pre>
      {m.htmlBody ? <p class="muted">这封邮件另附 HTML 格式的版本，此处只显示纯文本正文。</p> : null}
    </OfficeLayout>
  );
}
