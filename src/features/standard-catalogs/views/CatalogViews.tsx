import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { Settings } from '../../settings/settings.js';
import { cellsOf, SHEET_COLUMNS, sheetColumnsFor, STANDARD_CHANNELS, DOMAIN_PLATFORMS, type CatalogRow, type Cells, type RowContent } from '../standard-catalog.js';
import { titleOf } from '../standard-catalog.sheet.js';

export const catalogPath = (agencySlug: string) => `/${agencySlug}/zfxxgk/bzml`;
export const catalogFile = (agencySlug: string, domain: string, ext: 'xlsx' | 'html') => `${catalogPath(agencySlug)}/${encodeURIComponent(domain)}.${ext}`;

/** A cell's lines as separate lines (channels, basis), links as links. */
function CellText({ k, text, row }: { k: keyof Cells; text: string; row: RowContent }) {
  if (k === 'basis') {
    return (
      <>
        {row.basis.map((b, i) => (
          <span key={i}>
            {i > 0 ? <br /> : null}
            {b.url ? <a href={b.url}>{b.title}</a> : b.title}
          </span>
        ))}
      </>
    );
  }
  const lines = text.split('\n');
  return (
    <>
      {lines.map((l, i) => (
        <span key={i}>
          {i > 0 ? <br /> : null}
          {l}
        </span>
      ))}
    </>
  );
}

/**
 * The standard's table (§2.2): two header rows, grouped columns, ■/□ and √ as
 * printed, with text alternatives for screen readers on the marks.
 */
export function CatalogTable({ domain, rows, extra }: { domain: string; rows: readonly (RowContent & { id?: number })[]; extra?: { heading: string; cell: (r: RowContent & { id?: number }, i: number) => preact.ComponentChildren } | undefined }) {
  const cols = sheetColumnsFor(rows);
  const groups: { group: string; span: number; single: boolean }[] = [];
  for (const c of cols) {
    const last = groups[groups.length - 1];
    if (last && last.group === c.group && c.sub) last.span++;
    else groups.push({ group: c.group, span: 1, single: !c.sub });
  }
  return (
    <table class="standard-catalog">
      <caption>{titleOf(domain)}</caption>
      <thead>
        <tr>
          {groups.map((g) => (
            <th key={g.group} scope={g.single ? 'col' : 'colgroup'} colSpan={g.span} rowSpan={g.single ? 2 : 1}>
              {g.group}
            </th>
          ))}
          {extra ? <th scope="col" rowSpan={2}>{extra.heading}</th> : null}
        </tr>
        <tr>
          {cols.filter((c) => c.sub).map((c) => (
            <th key={c.key} scope="col">
              {c.sub}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const cells = cellsOf(r);
          return (
            <tr key={r.id ?? i}>
              {cols.map((c) =>
                c.key === 'seq' ? (
                  <td key={c.key}>{i + 1}</td>
                ) : c.key === 'channels' ? (
                  <td key={c.key}>
                    {r.channels.map((ch, j) => (
                      <span key={j}>
                        {j > 0 ? <br /> : null}
                        <span aria-hidden="true">{ch.required ? '■' : '□'}</span>
                        <span class="visually-hidden">{ch.required ? '（必选）' : '（可选）'}</span>
                        {ch.name}
                      </span>
                    ))}
                  </td>
                ) : (
                  <td key={c.key}>
                    {cells[c.key] === '√' || cells[c.key].startsWith('√') ? (
                      <>
                        <span aria-hidden="true">{cells[c.key]}</span>
                        <span class="visually-hidden">是{cells[c.key].slice(1)}</span>
                      </>
                    ) : (
                      <CellText k={c.key} text={cells[c.key]} row={r} />
                    )}
                  </td>
                ),
              )}
              {extra ? <td>{extra.cell(r, i)}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const byDomain = <T extends { domain: string }>(rows: readonly T[]) => {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(r.domain, [...(out.get(r.domain) ?? []), r]);
  return out;
};

const LEGEND = '“■”为必选渠道，“□”为可选渠道，“√”表示适用。除法律法规另有规定外，至少在一个必选渠道公开。';

/** `/{agency}/zfxxgk/bzml`: the agency's standard catalog, one table per domain, with downloads. */
export function CatalogPortalPage(p: { ctx: PageContext; settings: Settings; agency: { name: string; slug: string }; rows: CatalogRow[]; assigned: (CatalogRow & { ownerName: string })[] }) {
  const a = p.agency;
  const domains = byDomain(p.rows);
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={`政务公开事项标准目录 - ${a.name}`}
      crumbs={[{ label: a.name, href: `/${a.slug}` }, { label: '政府信息公开', href: `/${a.slug}/zfxxgk` }, { label: '政务公开事项标准目录' }]}
      canonicalPath={catalogPath(a.slug)}
    >
      <h1>政务公开事项标准目录</h1>
      <p class="lead">{a.name}</p>
      <p>{LEGEND}</p>
      {domains.size === 0 && p.assigned.length === 0 ? <p>本机关尚未编制基层政务公开标准目录。</p> : null}
      {[...domains].map(([domain, rows]) => (
        <section key={domain} aria-label={titleOf(domain)}>
          <p>
            下载：<a href={catalogFile(a.slug, domain, 'xlsx')}>Excel 文件<span class="visually-hidden">（{titleOf(domain)}）</span></a>
            {' · '}
            <a href={catalogFile(a.slug, domain, 'html')}>网页文件<span class="visually-hidden">（{titleOf(domain)}）</span></a>
          </p>
          <div class="table-scroll" role="region" aria-label={`${titleOf(domain)}（可横向滚动）`} tabIndex={0}>
            <CatalogTable domain={domain} rows={rows} />
          </div>
        </section>
      ))}
      {p.assigned.length ? (
        <section aria-labelledby="assigned-heading">
          <h2 id="assigned-heading">其他机关目录中由本机关公开的事项</h2>
          {[...byDomain(p.assigned)].map(([domain, rows]) => (
            <div key={domain} class="table-scroll" role="region" aria-label={`${titleOf(domain)}中由本机关公开的事项`} tabIndex={0}>
              <CatalogTable domain={domain} rows={rows} extra={{ heading: '所属目录', cell: (r) => (r as CatalogRow & { ownerName: string }).ownerName }} />
            </div>
          ))}
        </section>
      ) : null}
    </PortalLayout>
  );
}

/** The HTML export: one standalone document with the table, for saving or printing. */
export function CatalogHtmlFile(p: { agencyName: string; domain: string; rows: readonly RowContent[] }) {
  const css = `body{font-family:sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #333;padding:.3em;vertical-align:top;font-size:10.5pt}caption{font-size:14pt;font-weight:bold;margin-bottom:.5em}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}@page{size:A4 landscape}`;
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <title>{`${p.agencyName}${titleOf(p.domain)}`}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <p>{p.agencyName}</p>
        <CatalogTable domain={p.domain} rows={p.rows} />
        <p>{LEGEND}</p>
      </body>
    </html>
  );
}

// ---------------------------------------------------------------- office

export function CatalogOfficePage(p: { ctx: PageContext; agency: { id: number; name: string; slug: string }; rows: CatalogRow[]; assigned: (CatalogRow & { ownerName: string })[]; subjectNames: Record<number, string>; ambiguous: string[]; linked: Map<number, number[]>; importErrors?: FieldErrors | undefined; importMessage?: string | undefined }) {
  const a = p.agency;
  return (
    <OfficeLayout ctx={p.ctx} title={`标准目录 - ${a.name}`}>
      <h1>政务公开事项标准目录：{a.name}</h1>
      <p>
        <a href={`/office/standard-catalogs/${a.id}/rows/new`}>新增事项</a> · <a href={catalogPath(a.slug)}>查看公开页面</a>
      </p>
      {p.ambiguous.length ? (
        <div class="notice warn" role="status">
          <p>以下栏目对应的事项公开时限不一致，栏目中的信息仍按公开类别的期限计算；请在事项页面把信息归入具体事项：{p.ambiguous.join('、')}</p>
        </div>
      ) : null}
      <section aria-labelledby="import-heading">
        <h2 id="import-heading">导入 Excel 目录</h2>
        <ErrorSummary errors={p.importErrors} message={p.importMessage} />
        <form method="post" action={`/office/standard-catalogs/${a.id}/import`} enctype="multipart/form-data">
          <Csrf token={p.ctx.csrfToken} />
          <div class="field">
            <label for="catalog-file">目录文件（.xlsx，格式与导出文件相同；同一领域的事项整体替换）</label>
            <input id="catalog-file" name="file" type="file" accept=".xlsx" required />
          </div>
          <button type="submit">导入</button>
        </form>
      </section>
      {[...byDomain(p.rows)].map(([domain, rows]) => (
        <section key={domain} aria-label={titleOf(domain)}>
          <p>
            导出：<a href={catalogFile(a.slug, domain, 'xlsx')}>Excel</a> · <a href={catalogFile(a.slug, domain, 'html')}>网页</a>
          </p>
          <div class="table-scroll" role="region" aria-label={titleOf(domain)} tabIndex={0}>
            <CatalogTable
              domain={domain}
              rows={rows}
              extra={{
                heading: '栏目、分配与操作',
                cell: (r) => {
                  const row = r as CatalogRow;
                  return (
                    <>
                      {row.columnKey ? <p>栏目：{row.columnKey}</p> : null}
                      {row.subjectAgencyId ? <p>分配给：{p.subjectNames[row.subjectAgencyId] ?? row.subjectAgencyId}</p> : null}
                      <p>已归入信息 {p.linked.get(row.id)?.length ?? 0} 条</p>
                      <a href={`/office/standard-catalogs/rows/${row.id}`}>编辑<span class="visually-hidden">“{row.level2}”</span></a>
                    </>
                  );
                },
              }}
            />
          </div>
        </section>
      ))}
      {p.assigned.length ? (
        <section aria-labelledby="assigned-heading">
          <h2 id="assigned-heading">分配给本机关的事项</h2>
          <ul>
            {p.assigned.map((r) => (
              <li key={r.id}>
                {r.ownerName}：{r.level1} / {r.level2}（事项编号 {r.id}）
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </OfficeLayout>
  );
}

export function RowEditPage(p: { ctx: PageContext; agency: { id: number; name: string }; row: CatalogRow | null; values: Record<string, string>; errors?: FieldErrors | undefined; message?: string | undefined; linked: number[] }) {
  const v = p.values;
  const action = p.row ? `/office/standard-catalogs/rows/${p.row.id}` : `/office/standard-catalogs/${p.agency.id}/rows`;
  return (
    <OfficeLayout ctx={p.ctx} title={p.row ? '编辑目录事项' : '新增目录事项'}>
      <h1>{p.row ? `编辑目录事项：${p.row.level2}` : '新增目录事项'}</h1>
      <p>
        <a href={`/office/standard-catalogs/${p.agency.id}`}>返回{p.agency.name}的标准目录</a>
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action={action}>
        <Csrf token={p.ctx.csrfToken} />
        {p.row ? <input type="hidden" name="version" value={String(p.row.version)} /> : null}
        <Field name="domain" label="领域" value={v.domain} errors={p.errors} required />
        <Field name="level1" label="一级事项" value={v.level1} errors={p.errors} required />
        <Field name="level2" label="二级事项" value={v.level2} errors={p.errors} required />
        <Field name="level3" label="三级事项（可不填）" value={v.level3} errors={p.errors} />
        <TextArea name="elements" label="公开内容（要素）" hint="要素之间用顿号“、”分隔，末尾的“等”可写可不写" value={v.elements} errors={p.errors} rows={3} />
        <TextArea name="basis" label="公开依据" hint="每行一个文件；有网址的写作“文件名（链接：https://…）”" value={v.basis} errors={p.errors} rows={3} />
        <Field name="timeRule" label="公开时限" hint="如：实时公开；及时公开；信息形成（或者变更）之日起20个工作日内；作出决定之日起7个工作日内；每年1月31日前；随采购公告公开" value={v.timeRule} errors={p.errors} required />
        <Field name="subject" label="公开主体" value={v.subject} errors={p.errors} required />
        <Field name="subjectAgencyId" label="公开主体为其他机关时，该机关的编号（可不填）" value={v.subjectAgencyId} errors={p.errors} />
        <TextArea name="channels" label="公开渠道和载体" hint={`每行一个，“■”开头为必选、“□”开头为可选。标准渠道：${STANDARD_CHANNELS.join('、')}；也可写领域平台，如${DOMAIN_PLATFORMS.join('、')}`} value={v.channels} errors={p.errors} rows={4} />
        <Field name="audienceAll" label="公开对象：全社会（填“√”或留空）" value={v.audienceAll} errors={p.errors} />
        <Field name="audienceSpecific" label="公开对象：特定群众（填“√”或“√（群体名称）”，或留空）" value={v.audienceSpecific} errors={p.errors} />
        <Field name="modeProactive" label="公开方式：主动（填“√”或留空）" value={v.modeProactive} errors={p.errors} />
        <Field name="modeOnRequest" label="公开方式：依申请（填“√”或留空）" value={v.modeOnRequest} errors={p.errors} />
        <Field name="levelCounty" label="公开层级：县级（填“√”或留空）" value={v.levelCounty} errors={p.errors} />
        <Field name="levelTownship" label="公开层级：乡级（填“√”或留空）" value={v.levelTownship} errors={p.errors} />
        <Field name="columnKey" label="对应栏目的标识（可不填；如 zdjsxm_approval_result、art20_05）" value={v.columnKey} errors={p.errors} />
        <button type="submit">保存</button>
      </form>
      {p.row ? (
        <>
          <section aria-labelledby="link-heading">
            <h2 id="link-heading">归入本事项的信息</h2>
            <p>归入后，该信息按本事项的公开时限计算期限。已归入：{p.linked.length ? p.linked.map((id) => <a key={id} href={`/office/publications/${id}`}>{` #${id} `}</a>) : '无'}</p>
            <form method="post" action={`/office/standard-catalogs/rows/${p.row.id}/link`}>
              <Csrf token={p.ctx.csrfToken} />
              <Field name="publicationId" label="信息编号" value="" errors={p.errors} />
              <button type="submit">归入</button>
            </form>
          </section>
          <form method="post" action={`/office/standard-catalogs/rows/${p.row.id}/delete`}>
            <Csrf token={p.ctx.csrfToken} />
            <input type="hidden" name="version" value={String(p.row.version)} />
            <button type="submit" class="danger">删除本事项</button>
          </form>
        </>
      ) : null}
    </OfficeLayout>
  );
}

/** The office form's values of a row (its cells), or empty for a new one. */
export function formValuesOf(row: CatalogRow | null): Record<string, string> {
  if (!row) return { domain: '', level1: '', level2: '', level3: '', elements: '', basis: '', timeRule: '及时公开', subject: '', subjectAgencyId: '', channels: '■政府网站', audienceAll: '√', audienceSpecific: '', modeProactive: '√', modeOnRequest: '', levelCounty: '√', levelTownship: '', columnKey: '' };
  return { domain: row.domain, ...cellsOf(row), subjectAgencyId: row.subjectAgencyId ? String(row.subjectAgencyId) : '', columnKey: row.columnKey ?? '' };
}

export const CELL_KEYS = SHEET_COLUMNS.filter((c) => c.key !== 'seq').map((c) => c.key) as (keyof Cells)[];
