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

/**
 * 依申请公开: how to apply to this agency, from its published guide. The online
 * request service is a later feature; until then the page says so plainly and
 * offers no form that would go nowhere.
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
        <p class="notice" role="note">
          本平台暂未开通网上提交申请。请按下列渠道向{a.name}提出申请；申请应当包括申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径（《中华人民共和国政府信息公开条例》第二十九条）。
        </p>
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
        {guideColumn ? (
          <p>
            详见<a href={columnUrl(a.slug, guideColumn)}>{guideColumn.name}</a>。
          </p>
        ) : null}
      </article>
    </PortalLayout>
  );
}
