import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import { GUIDE_FIELDS } from '../../agencies/agency.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import { ContactList } from '../../catalog/views/AgencyHome.js';
import { Paragraphs } from '../../catalog/views/GuidePage.js';
import type { Settings } from '../../settings/settings.js';
import { columnUrl, type Column, type ColumnTree } from '../../catalog/catalog.js';
import { columnType, portalMeta } from '../../catalog/catalog.meta.js';
import { columnCrumbs, HiddenNotice } from '../../catalog/views/ColumnPage.js';
import { DisclosureNav } from '../../catalog/views/parts.js';
import { FEE_STANDARD_TEXT } from '../request.fees.js';
import { ART29 } from './RequestPortalViews.js';

/**
 * 依申请公开: how to apply to this agency — online, on paper, in person — with
 * the Art. 29 requirements, the fee standard, tracking and the statistics; the
 * channels and office come from the agency's published guide.
 */
export function RequestPage(p: { ctx: PageContext; settings: Settings; agency: AgencyWithDepartments; tree: ColumnTree; column: Column }) {
  const { agency: a, tree: t, column: c } = p;
  const g = a.guidePublished;
  const path = columnUrl(a.slug, c);
  const guideColumn = t.disclosure.find((x) => x.key === 'zfxxgkzn');
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={`${c.name} - ${a.name}`}
      crumbs={columnCrumbs(a, t, c)}
      canonicalPath={path}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: c.name,
        columnType: columnType(c),
        description: `向${a.name}申请获取政府信息的渠道、申请表和办理方式。`,
        keywords: `依申请公开,政府信息公开申请,${a.name}`,
        path,
      })}
    >
      <article class="guide">
        <h1>{c.name}</h1>
        <DisclosureNav agencySlug={a.slug} tree={t} current={c} />
        {c.hidden ? <HiddenNotice column={c} /> : null}
        <ul class="actions-list">
          <li>
            <a class="button" href={`${path}/apply`}>
              在线申请
            </a>
          </li>
          <li>
            <a href="/requests/track">查询办理进度</a>
          </li>
          <li>
            <a href={`${path}/form`}>打印申请表</a>（书面申请）
          </li>
          <li>
            <a href={`${path}/stats`}>办理情况统计</a>
          </li>
        </ul>
        <section class="notice" aria-labelledby="art29">
          <h2 id="art29">申请应当包括的内容</h2>
          <p>根据《中华人民共和国政府信息公开条例》第二十九条，申请人采用书面形式（包括信件、数据电文）提出申请；采用书面形式确有困难的，可以口头提出，由受理机关代为填写申请。申请应当包括下列内容：</p>
          <ul>
            {ART29.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </section>
        {g ? (
          <>
            <section>
              <h2>{GUIDE_FIELDS.requestChannels.label}</h2>
              <Paragraphs text={g.requestChannels} />
            </section>
            <section>
              <h2>{GUIDE_FIELDS.requestForm.label}</h2>
              <Paragraphs text={g.requestForm} />
            </section>
            <section>
              <h2>受理机构</h2>
              <dl class="facts">
                {(['officeName', 'officeAddress', 'officeHours', 'officePhone', 'officeFax', 'internetContact'] as const).map((k) => (
                  <div key={k}>
                    <dt>{GUIDE_FIELDS[k].label}</dt>
                    <dd>{g[k]}</dd>
                  </div>
                ))}
              </dl>
            </section>
            <section>
              <h2>{GUIDE_FIELDS.supervision.label}</h2>
              <Paragraphs text={g.supervision} />
            </section>
          </>
        ) : (
          <section>
            <h2>联系方式</h2>
            <p>本机关的政府信息公开指南正在编制中，申请前可先联系：</p>
            <ContactList a={a} />
          </section>
        )}
        <section aria-labelledby="fees">
          <h2 id="fees">信息处理费</h2>
          {FEE_STANDARD_TEXT.map((t) => (
            <p key={t}>{t}</p>
          ))}
        </section>
        {guideColumn ? (
          <p>
            详见<a href={columnUrl(a.slug, guideColumn)}>{guideColumn.name}</a>。
          </p>
        ) : null}
      </article>
    </PortalLayout>
  );
}
