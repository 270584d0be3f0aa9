/** The public pages of an agency's price and fee lists: the lists on a date, and one item's history. */
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { Settings } from '../../settings/settings.js';
import { FEE_CHANGE_KINDS, FEE_LISTS, FEE_LIST_KEYS, feeItemPath, feeListPath, statusOn, validityText, versionOn, type FeeBasis, type FeeList } from '../fee.js';
import type { itemHistory, ListRow, VersionView } from '../fee.service.js';
import { publicRows } from '../fee.service.js';

const crumbs = (a: AgencyWithDepartments, last?: string) => [
  { label: a.name, href: `/${a.slug}` },
  { label: '政府信息公开', href: `/${a.slug}/zfxxgk` },
  ...(last ? [{ label: '收费和价格清单', href: feeListPath(a.slug) }, { label: last }] : [{ label: '收费和价格清单' }]),
];

export function BasisList({ basis }: { basis: readonly FeeBasis[] }) {
  return (
    <ul class="plain">
      {basis.map((b, i) => (
        <li key={i}>
          {b.url ? <a href={b.url}>{b.title}</a> : b.title}
          {b.number ? `（${b.number}）` : ''}
        </li>
      ))}
    </ul>
  );
}

const unitHeading = (list: FeeList) => (list === 'price' ? '执行单位' : '收费单位');

function ListTable({ agencySlug, list, rows, date, caption }: { agencySlug: string; list: FeeList; rows: ListRow[]; date: string; caption: string }) {
  return (
    <table class="data-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">项目</th>
          <th scope="col">依据</th>
          <th scope="col">{FEE_LISTS[list].standardNoun === '价格' ? '价格' : '标准'}</th>
          <th scope="col">{unitHeading(list)}</th>
          <th scope="col">有效期</th>
          <th scope="col">状态</th>
          <th scope="col">变更记录</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const v = r.current!;
          return (
            <tr key={r.item.id}>
              <th scope="row">{v.name}</th>
              <td>
                <BasisList basis={v.basis} />
              </td>
              <td>
                {v.standard}
                {r.upcoming.length ? (
                  <p class="muted">
                    {r.upcoming.map((u) => `自 ${u.effectiveDate} 起${u.status === 'active' ? `：${u.standard}` : FEE_CHANGE_KINDS[u.kind].label}`).join('；')}
                  </p>
                ) : null}
              </td>
              <td>{v.collectingUnit}</td>
              <td>{validityText(v)}</td>
              <td>{statusOn(v, date as never)}</td>
              <td>
                <a href={feeItemPath(agencySlug, r.item.id)}>
                  第 {v.versionNo} 版，共 {r.versions.length} 版<span class="visually-hidden">（{v.name}）</span>
                </a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function FeeListPage(p: { ctx: PageContext; settings: Settings; agency: AgencyWithDepartments; lists: Record<FeeList, ListRow[]>; date: string; today: string; sort: string }) {
  const a = p.agency;
  const dated = p.date !== p.today;
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title={`收费和价格清单 - ${a.name}`} crumbs={crumbs(a)}>
      <h1>{a.name}收费和价格清单</h1>
      <p class="muted">依据：《中华人民共和国政府信息公开条例》第二十条第（八）项。每次变更均以公告形式发布，变更记录长期保留。</p>
      <form method="get" action={feeListPath(a.slug)} class="filters">
        <div class="field">
          <label for="f-date">查看某日的清单</label>
          <input id="f-date" name="date" type="date" value={p.date} />
        </div>
        <div class="field">
          <label for="f-sort">排序</label>
          <select id="f-sort" name="sort">
            <option value="order" selected={p.sort === 'order'}>
              清单顺序
            </option>
            <option value="name" selected={p.sort === 'name'}>
              项目名称
            </option>
            <option value="amount" selected={p.sort === 'amount'}>
              金额（由低到高）
            </option>
          </select>
        </div>
        <button type="submit">查看</button>
      </form>
      <p role="status">{dated ? `以下为 ${p.date} 执行的清单。` : `以下为现行清单（${p.today}）。`}</p>
      {FEE_LIST_KEYS.map((list) => {
        const { active, inactive, announced } = publicRows(p.lists[list]);
        const L = FEE_LISTS[list];
        const q = `?date=${p.date}`;
        return (
          <section key={list} aria-labelledby={`h-${list}`}>
            <h2 id={`h-${list}`}>{L.label}</h2>
            <p class="bulletin-links">
              公示栏张贴：
              <a href={`/${a.slug}/zfxxgk/sfxm/bulletin?list=${list}&date=${p.date}`}>
                <span class="visually-hidden">{L.label}</span>A4 打印版
              </a>
              {'　'}
              <a href={`/${a.slug}/zfxxgk/sfxm/bulletin?list=${list}&date=${p.date}&size=A3`}>
                <span class="visually-hidden">{L.label}</span>A3 打印版
              </a>
              {'　'}
              <a href={`/${a.slug}/zfxxgk/sfxm/bulletin.pdf?list=${list}&date=${p.date}`}>
                <span class="visually-hidden">{L.label}</span>PDF 文件
              </a>
            </p>
            {active.length ? (
              <ListTable agencySlug={a.slug} list={list} rows={active} date={p.date} caption={`${a.name}${L.label}项目（${p.date}，共 ${active.length} 项）`} />
            ) : (
              <p class="empty">{`${p.date} 无执行中的${L.label}项目。`}</p>
            )}
            {announced.length ? (
              <>
                <h3>已公布、尚未施行的项目</h3>
                <ul>
                  {announced.map((r) => (
                    <li key={r.item.id}>
                      <a href={feeItemPath(a.slug, r.item.id)}>{r.item.name}</a>：自 {r.upcoming[0]!.effectiveDate} 起执行，{r.upcoming[0]!.standard}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {inactive.length ? <ListTable agencySlug={a.slug} list={list} rows={inactive} date={p.date} caption={`已停征或已废止的${L.label}项目`} /> : null}
            <p>
              下载：<a href={`/${a.slug}/zfxxgk/sfxm/${list}.csv${q}`}>{L.label}清单 CSV</a>
              {' · '}
              <a href={`/${a.slug}/zfxxgk/sfxm/${list}.xlsx${q}`}>{L.label}清单 Excel</a>
            </p>
          </section>
        );
      })}
      <p>
        <a href={`/${a.slug}/zfxxgk/fdzdgknr/xzsf`}>查看历次收费和价格公告</a>
      </p>
    </PortalLayout>
  );
}

function VersionRow({ v, agencySlug, pubUrl }: { v: VersionView; agencySlug: string; pubUrl: string | null }) {
  void agencySlug;
  return (
    <tr>
      <th scope="row">第 {v.versionNo} 版</th>
      <td>{FEE_CHANGE_KINDS[v.kind].label}</td>
      <td>{v.effectiveDate}</td>
      <td>{v.standard}</td>
      <td>{v.collectingUnit}</td>
      <td>{validityText(v)}</td>
      <td>{v.reason}</td>
      <td>{pubUrl ? <a href={pubUrl}>公告</a> : '—'}</td>
    </tr>
  );
}

export function FeeItemPage(p: { ctx: PageContext; settings: Settings; agency: AgencyWithDepartments; h: Awaited<ReturnType<typeof itemHistory>>; today: string }) {
  const a = p.agency;
  const { item, versions } = p.h;
  // What stands today; an item announced ahead shows its first version.
  const latest = versionOn(versions, p.today as never) ?? versions[versions.length - 1]!;
  const list = item.list as FeeList;
  const pubUrl = (v: VersionView) => {
    const pub = v.publicationId ? p.h.publications.get(v.publicationId) : undefined;
    return pub && pub.publicStatus === 'published' ? `/${a.slug}/zfxxgk/content/${pub.id}` : null;
  };
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title={`${item.name} - 收费和价格清单 - ${a.name}`} crumbs={crumbs(a, item.name)}>
      <h1>{item.name}</h1>
      <p class="muted">
        {FEE_LISTS[list]?.label}　状态：{statusOn(latest, p.today as never)}
      </p>
      <dl class="meta">
        <dt>依据</dt>
        <dd>
          <BasisList basis={latest.basis} />
        </dd>
        <dt>{FEE_LISTS[list]?.standardNoun}</dt>
        <dd>{latest.standard}</dd>
        <dt>{unitHeading(list)}</dt>
        <dd>{latest.collectingUnit}</dd>
        <dt>有效期</dt>
        <dd>{validityText(latest)}</dd>
        {latest.notes ? (
          <>
            <dt>备注</dt>
            <dd>{latest.notes}</dd>
          </>
        ) : null}
      </dl>
      <h2 id="h-history">变更记录</h2>
      <table class="data-table" aria-labelledby="h-history">
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">变更</th>
            <th scope="col">生效日期</th>
            <th scope="col">标准</th>
            <th scope="col">{unitHeading(list)}</th>
            <th scope="col">有效期</th>
            <th scope="col">理由</th>
            <th scope="col">公告</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <VersionRow key={v.id} v={v} agencySlug={a.slug} pubUrl={pubUrl(v)} />
          ))}
        </tbody>
      </table>
      <p>
        <a href={feeListPath(a.slug)}>返回收费和价格清单</a>
      </p>
    </PortalLayout>
  );
}
