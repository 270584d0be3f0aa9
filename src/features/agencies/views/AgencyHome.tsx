import type { Settings } from '../../settings/settings.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { AgencyWithDepartments } from '../agency.service.js';

export function ContactList({ a }: { a: AgencyWithDepartments }) {
  const rows: [string, string][] = [
    ['办公地址', a.address],
    ['邮政编码', a.postcode],
    ['办公时间', a.officeHours],
    ['联系电话', a.phone],
    ['传真', a.fax],
    ['电子邮箱', a.email],
    ['监督电话', a.supervisionPhone],
  ];
  return (
    <dl class="facts">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{k === '联系电话' || k === '监督电话' ? <a href={`tel:${v.replace(/[^0-9+-]/g, '')}`}>{v}</a> : v}</dd>
          </div>
        ))}
    </dl>
  );
}

export function AgencyHome(p: { ctx: PageContext; settings: Settings; agency: AgencyWithDepartments }) {
  const a = p.agency;
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={a.name}
      crumbs={[{ label: a.name }]}
      meta={{ ColumnName: a.name, SiteIDCode: a.siteIdCode ?? p.settings.siteIdCode, Description: `${a.name}政府信息公开` }}
    >
      <h1>{a.name}</h1>
      <div class="two-col">
        <div>
          <section aria-labelledby="disclosure-h" class="panel">
            <h2 id="disclosure-h">政府信息公开</h2>
            <ul class="link-list">
              <li>
                <a href={`/${a.slug}/zfxxgk/zfxxgkzn`}>政府信息公开指南</a>
              </li>
            </ul>
          </section>
          {a.functions ? (
            <section aria-labelledby="functions-h" class="panel">
              <h2 id="functions-h">机关职能</h2>
              <div class="prose">
                {a.functions.split(/\n+/).map((para, i) => (
                  <p key={i}>{para}</p>
                ))}
              </div>
            </section>
          ) : null}
          <section aria-labelledby="departments-h" class="panel">
            <h2 id="departments-h">内设机构</h2>
            {a.departments.length === 0 ? (
              <p>暂无内设机构信息。</p>
            ) : (
              <ul class="department-list">
                {a.departments.map((d) => (
                  <li key={d.id}>
                    <h3>{d.name}</h3>
                    {d.duties ? <p>{d.duties}</p> : null}
                    {d.phone ? <p class="muted">电话：{d.phone}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <aside aria-labelledby="contact-h" class="panel">
          <h2 id="contact-h">联系方式</h2>
          {a.headName ? <p>负责人：{a.headName}</p> : null}
          <ContactList a={a} />
          {a.supervisionPhone ? (
            <p class="supervision">
              对本机关政府信息公开工作有意见或建议，可拨打监督电话 <strong>{a.supervisionPhone}</strong>。
            </p>
          ) : null}
        </aside>
      </div>
    </PortalLayout>
  );
}
