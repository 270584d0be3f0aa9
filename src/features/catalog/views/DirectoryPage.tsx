import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { Settings } from '../../settings/settings.js';
import { columnUrl, type ColumnTree } from '../catalog.js';
import { DIRECTORY_COLUMNS, directoryTitle, directoryUrl, type DirectoryRow } from '../catalog.directory.js';
import { portalMeta } from '../catalog.meta.js';
import { DisclosureNav } from './parts.js';

const ART_12 = '依据《中华人民共和国政府信息公开条例》第十二条，政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。';

function crumbs(a: AgencyWithDepartments, t: ColumnTree, year?: number) {
  return [
    { label: a.name, href: `/${a.slug}` },
    { label: '政府信息公开', href: columnUrl(a.slug, t.root) },
    year === undefined ? { label: '政府信息公开目录' } : { label: '政府信息公开目录', href: directoryUrl(a.slug) },
    ...(year === undefined ? [] : [{ label: `${year}年` }]),
  ];
}

/** `/{agency}/zfxxgk/ml`: the years whose 目录 can be read, printed or downloaded. */
export function DirectoryYearsPage(p: { ctx: PageContext; settings: Settings; agency: AgencyWithDepartments; tree: ColumnTree; years: number[] }) {
  const { agency: a, tree: t } = p;
  const path = directoryUrl(a.slug);
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={`政府信息公开目录 - ${a.name}`}
      crumbs={crumbs(a, t)}
      canonicalPath={path}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: '政府信息公开目录',
        columnType: '信息公开目录',
        description: `${a.name}政府信息公开目录，按年度编排，可打印、下载。`,
        keywords: `政府信息公开目录,${a.name}`,
        path,
      })}
    >
      <h1>政府信息公开目录</h1>
      <p class="lead">{a.name}</p>
      <DisclosureNav agencySlug={a.slug} tree={t} />
      <p>{ART_12}本目录按发布年度编排，每年一份，可在线查阅、打印，或下载 CSV、Excel 文件。</p>
      <table class="directory-years">
        <caption class="visually-hidden">各年度政府信息公开目录</caption>
        <thead>
          <tr>
            <th scope="col">年度</th>
            <th scope="col">下载</th>
          </tr>
        </thead>
        <tbody>
          {p.years.map((y) => (
            <tr key={y}>
              <th scope="row">
                <a href={directoryUrl(a.slug, y)}>{y}年政府信息公开目录</a>
              </th>
              <td>
                <a href={directoryUrl(a.slug, y, 'csv')} download>
                  CSV<span class="visually-hidden">（{y}年）</span>
                </a>
                {' · '}
                <a href={directoryUrl(a.slug, y, 'xlsx')} download>
                  Excel<span class="visually-hidden">（{y}年）</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PortalLayout>
  );
}

/** `/{agency}/zfxxgk/ml/{year}`: the year's 目录 as a table that prints on landscape pages. */
export function DirectoryPage(p: {
  ctx: PageContext;
  settings: Settings;
  agency: AgencyWithDepartments;
  tree: ColumnTree;
  year: number;
  years: number[];
  rows: DirectoryRow[];
}) {
  const { agency: a, tree: t, year } = p;
  const path = directoryUrl(a.slug, year);
  const title = directoryTitle(a.name, year);
  const onScreen = DIRECTORY_COLUMNS.filter((c) => c.key !== 'url');
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={title}
      crumbs={crumbs(a, t, year)}
      canonicalPath={path}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: '政府信息公开目录',
        columnType: '信息公开目录',
        description: `${title}：索引号、名称、内容概述、生成日期等，共 ${p.rows.length} 条。`,
        keywords: `政府信息公开目录,${a.name},${year}`,
        path,
      })}
    >
      <div class="directory">
        <h1>{title}</h1>
        <DisclosureNav agencySlug={a.slug} tree={t} />
        <p>
          {ART_12}本目录收录{a.name}于{year}年主动公开、目前仍在公开的信息，共 {p.rows.length} 条；已失效、废止的文件仍列出并注明有效性。
        </p>
        <ul class="directory-actions no-print">
          <li>
            <a href={directoryUrl(a.slug, year, 'csv')} download>
              下载 CSV（UTF-8，可用 Excel 打开）
            </a>
          </li>
          <li>
            <a href={directoryUrl(a.slug, year, 'xlsx')} download>
              下载 Excel（XLSX）
            </a>
          </li>
          <li>使用浏览器的“打印”功能可打印本目录（横向）。</li>
        </ul>
        {p.years.length > 1 ? (
          <nav class="directory-years-nav no-print" aria-label="其他年度的目录">
            <ul>
              {p.years.map((y) => (
                <li key={y}>
                  <a href={directoryUrl(a.slug, y)} aria-current={y === year ? 'page' : undefined}>
                    {y}年
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="table-scroll" role="region" aria-labelledby="h-directory" tabindex={0}>
          <table class="directory-table">
            <caption id="h-directory">{title}</caption>
            <thead>
              <tr>
                {DIRECTORY_COLUMNS.map((c) => (
                  <th key={c.key} scope="col" class={`col-${c.key}`}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.rows.length === 0 ? (
                <tr>
                  <td colSpan={DIRECTORY_COLUMNS.length}>本年度暂无主动公开信息。</td>
                </tr>
              ) : (
                p.rows.map((r) => (
                  <tr key={r.no}>
                    {onScreen.map((c) =>
                      c.key === 'title' ? (
                        <td key={c.key} class="col-title">
                          <a href={r.url}>{r.title}</a>
                        </td>
                      ) : (
                        <td key={c.key} class={`col-${c.key}`}>
                          {r[c.key] || '—'}
                        </td>
                      ),
                    )}
                    <td class="col-url">{r.url}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </div>
    </PortalLayout>
  );
}
