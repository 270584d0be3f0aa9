import { formatChinaDateTime } from '../../../lib/dates.js';
import type { Settings } from '../../settings/settings.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import { columnUrl, type ColumnTree } from '../catalog.js';
import { portalMeta } from '../catalog.meta.js';
import type { ReportYear } from './DisclosureHome.js';
import { CatalogList } from './parts.js';
import type { PublicListItem } from '../../publications/publication.query.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';

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

/** The agency's columns: 政府信息公开 with its sub-columns, then the agency's own columns, hidden ones left out. */
function ColumnTreeNav({ slug, tree }: { slug: string; tree: ColumnTree }) {
  const own = tree.agencyLevel.filter((c) => !c.hidden);
  return (
    <nav aria-label="栏目导航">
      <ul class="tree">
        <li>
          <a href={columnUrl(slug, tree.root)}>
            <strong>{tree.root.name}</strong>
          </a>
          <ul>
            {tree.disclosure
              .filter((c) => !c.hidden)
              .map((c) => (
                <li key={c.id}>
                  <a href={columnUrl(slug, c)}>{c.name}</a>
                </li>
              ))}
          </ul>
        </li>
        {own.map((c) => (
          <li key={c.id}>
            <a href={columnUrl(slug, c)}>{c.name}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function AgencyHome(p: {
  ctx: PageContext;
  settings: Settings;
  agency: AgencyWithDepartments;
  tree?: ColumnTree | undefined;
  latest?: PublicListItem[] | undefined;
  reports?: ReportYear[] | undefined;
}) {
  const a = p.agency;
  const request = p.tree?.disclosure.find((c) => c.key === 'ysqgk' && !c.hidden);
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={a.name}
      crumbs={[{ label: a.name }]}
      canonicalPath={`/${a.slug}`}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: a.name,
        columnType: '首页',
        description: `${a.name}政府信息公开：公开指南、法定主动公开内容、年度报告、依申请公开和联系方式。`,
        keywords: `${a.name},政府信息公开`,
        pubDate: p.latest?.[0] ? formatChinaDateTime(p.latest[0].publishedAt) : undefined,
        path: `/${a.slug}`,
      })}
    >
      <h1>{a.name}</h1>
      <div class="two-col">
        <div>
          <section aria-labelledby="disclosure-h" class="panel">
            <h2 id="disclosure-h">
              <a href={`/${a.slug}/zfxxgk`}>政府信息公开</a>
            </h2>
            {p.tree ? (
              <ColumnTreeNav slug={a.slug} tree={p.tree} />
            ) : (
              <ul class="link-list">
                <li>
                  <a href={`/${a.slug}/zfxxgk/zfxxgkzn`}>政府信息公开指南</a>
                </li>
              </ul>
            )}
          </section>
          {p.latest ? (
            <section aria-labelledby="latest-h" class="panel">
              <h2 id="latest-h">最新信息</h2>
              <CatalogList items={p.latest} showAgency={false} showSummary={false} />
            </section>
          ) : null}
          {p.reports ? (
            <section aria-labelledby="reports-h" class="panel">
              <h2 id="reports-h">
                <a href={`/${a.slug}/zfxxgk/zfxxgknb`}>政府信息公开年报</a>
              </h2>
              {p.reports.length === 0 ? (
                <p>暂无年度报告。</p>
              ) : (
                <ul class="link-list">
                  {p.reports.slice(0, 5).map((r) =>
                    r.items[0] ? (
                      <li key={r.year}>
                        <a href={r.items[0].url}>{r.items[0].title}</a>
                      </li>
                    ) : null,
                  )}
                </ul>
              )}
            </section>
          ) : null}
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
          {request ? (
            <section aria-labelledby="apply-h" class="apply">
              <h2 id="apply-h">依申请公开</h2>
              <p>
                需要获取未主动公开的政府信息，可以向本机关提出申请。<a href={columnUrl(a.slug, request)}>查看申请渠道和办理方式</a>
              </p>
            </section>
          ) : null}
          <section aria-labelledby="mailbox-h" class="apply">
            <h2 id="mailbox-h">政务信箱</h2>
            <p>
              投诉、举报、咨询、建议，或写信给机关负责人：<a href={`/${a.slug}/mailbox`}>我要留言</a> · <a href={`/${a.slug}/mailbox/qa`}>留言选登</a>
            </p>
          </section>
          <section aria-labelledby="participate-h" class="apply">
            <h2 id="participate-h">互动参与与重点领域</h2>
            <ul class="link-list">
              <li>
                <a href={`/${a.slug}/hdcy`}>意见征集与听证</a>
              </li>
              <li>
                <a href={`/${a.slug}/zdxm`}>重点项目</a>
              </li>
              <li>
                <a href={`/${a.slug}/zfxxgk/bzml`}>政务公开标准目录</a>
              </li>
            </ul>
          </section>
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
