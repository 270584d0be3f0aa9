/**
 * The public history of an agency's annual reports: the headline figures year by
 * year, from reports generated here, read from the old site or typed in, with a
 * chart that needs no JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import { pageContext } from '../../web/core.js';
import { PortalLayout } from '../../web/layouts/PortalLayout.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { getSettings } from '../settings/settings.js';
import { historyOf } from './annual-report.service.js';
import { HistoryChart, HistoryTable } from './views/ReportOffice.js';

export async function annualReportPortalRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  app.get<{ Params: { agency: string } }>('/:agency/zfxxgk/zfxxgknb/history', { config: { access: 'public', pageCache: true } }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const settings = await getSettings(db);
    // Years the public may see: historical figures, and platform reports once published.
    const years = (await historyOf(db, agency.id)).filter((y) => y.origin !== 'platform' || y.published);
    const ctx = pageContext(req, reply);
    return reply.page(
      <PortalLayout
        ctx={ctx}
        siteName={settings.siteName}
        title={`历年年度报告数据 - ${agency.name}`}
        crumbs={[
          { label: agency.name, href: `/${agency.slug}` },
          { label: '政府信息公开', href: `/${agency.slug}/zfxxgk` },
          { label: '政府信息公开年报', href: `/${agency.slug}/zfxxgk/zfxxgknb` },
          { label: '历年数据' },
        ]}
      >
        <h1>{agency.name}历年政府信息公开工作年度报告数据</h1>
        <p>下表摘自本机关历年公布的政府信息公开工作年度报告。“核对”一栏标出原报告表格中勾稽关系不一致的项数，数字照原报告列出，不作更正。</p>
        {years.length ? (
          <>
            <HistoryChart id="history-chart" years={years} />
            <HistoryTable years={years} />
          </>
        ) : (
          <p class="empty">暂无历年数据。</p>
        )}
      </PortalLayout>,
    );
  });
}
