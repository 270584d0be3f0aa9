import type { VNode } from 'preact';
import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import { portalMeta } from '../catalog.meta.js';
import type { Settings } from '../../settings/settings.js';
import { GUIDE_FIELDS, GUIDE_KEYS } from '../../agencies/agency.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';

/** Multi-line text as paragraphs; every line is escaped by the renderer. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n+/).filter(Boolean).map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </>
  );
}

const SECTION_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function GuidePage(p: {
  ctx: PageContext;
  settings: Settings;
  agency: AgencyWithDepartments;
  /** The 工作流程图 of each registered procedure, SVG drawn from its workflow definition. */
  charts?: readonly { heading: string; caption?: string | undefined; svg: string }[];
  /** Sections other features add (the fee standard). */
  sections?: readonly { heading: string; paragraphs: readonly string[] }[];
  /** The disclosure column navigation. */
  nav?: VNode | undefined;
}) {
  const a = p.agency;
  const guide = a.guidePublished;
  const title = `${a.name}政府信息公开指南`;
  const path = `/${a.slug}/zfxxgk/zfxxgkzn`;
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={title}
      crumbs={[{ label: a.name, href: `/${a.slug}` }, { label: '政府信息公开', href: `/${a.slug}/zfxxgk` }, { label: '政府信息公开指南' }]}
      canonicalPath={path}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: '政府信息公开指南',
        columnType: '信息公开指南',
        articleTitle: title,
        pubDate: a.guidePublishedAt ? formatChinaDateTime(a.guidePublishedAt) : undefined,
        contentSource: a.name,
        keywords: `政府信息公开指南,${a.name}`,
        description: `${a.name}政府信息公开指南：主动公开的分类、编排体系、获取方式，依申请公开的受理渠道和监督方式。`,
        path,
      })}
    >
      <article class="guide">
        <h1>{title}</h1>
        {p.nav}
        {!guide ? (
          <p class="notice">本机关的政府信息公开指南正在编制中。如需了解信息公开事项，请联系：{a.phone || a.email || a.address}</p>
        ) : (
          <>
            {a.guidePublishedAt ? <p class="muted">更新时间：{formatChinaDateTime(a.guidePublishedAt)}</p> : null}
            <section>
              <h2>一、主动公开</h2>
              <h3>（一）{GUIDE_FIELDS.classification.label}</h3>
              <Paragraphs text={guide.classification} />
              <h3>（二）{GUIDE_FIELDS.arrangement.label}</h3>
              <Paragraphs text={guide.arrangement} />
              <h3>（三）{GUIDE_FIELDS.howToObtain.label}</h3>
              <Paragraphs text={guide.howToObtain} />
            </section>
            <section>
              <h2>二、依申请公开</h2>
              <h3>（一）受理渠道</h3>
              <Paragraphs text={guide.requestChannels} />
              <h3>（二）{GUIDE_FIELDS.requestForm.label}</h3>
              <Paragraphs text={guide.requestForm} />
            </section>
            <section>
              <h2>三、政府信息公开工作机构</h2>
              <dl class="facts">
                {GUIDE_KEYS.filter((k) => ['officeName', 'officeAddress', 'officeHours', 'officePhone', 'officeFax', 'internetContact'].includes(k)).map((k) => (
                  <div key={k}>
                    <dt>{GUIDE_FIELDS[k].label}</dt>
                    <dd>{guide[k]}</dd>
                  </div>
                ))}
              </dl>
            </section>
            <section>
              <h2>四、监督和救济</h2>
              <Paragraphs text={guide.supervision} />
              {a.supervisionPhone ? <p>监督电话：{a.supervisionPhone}</p> : null}
            </section>
          </>
        )}
        {(p.sections ?? []).map((s, i) => (
          <section key={s.heading} aria-labelledby={`guide-extra-h${i}`}>
            <h2 id={`guide-extra-h${i}`}>
              {guide ? `${SECTION_NUMBERS[4 + i] ?? ''}、` : ''}
              {s.heading}
            </h2>
            {s.paragraphs.map((t) => (
              <p key={t}>{t}</p>
            ))}
          </section>
        ))}
        {(p.charts ?? []).map((c, i) => (
          <section key={c.heading} aria-labelledby={`workflow-h${i || ''}`}>
            <h2 id={`workflow-h${i || ''}`}>
              {guide ? `${SECTION_NUMBERS[4 + (p.sections?.length ?? 0) + i] ?? ''}、` : ''}
              {c.heading}
            </h2>
            <figure class="workflow-chart">
              <div dangerouslySetInnerHTML={{ __html: c.svg }} />
              <figcaption>{c.caption ?? '本图由平台根据实际运行的流程自动生成。'}</figcaption>
            </figure>
          </section>
        ))}
      </article>
    </PortalLayout>
  );
}
