import type { Feature } from '../../platform/feature.js';
import { feeApiRoutes } from './fee.api.js';
import { FEE_CHANGE_KINDS, FEE_LISTS, feeItemPath, feeListPath, type FeeList } from './fee.js';
import { feeOfficeRoutes } from './fee.office.js';
import { feePortalRoutes } from './fee.portal.js';
import { feeBulletinRoutes } from './fee.bulletin.js';
import { cancelChangeOf, publicationFeeInfo, publishChangeOf } from './fee.service.js';
import { findAgency } from '../agencies/agency.service.js';

/** Workflow steps that put an announcement before the public: its change becomes a version then. */
const PUBLISHING = new Set(['publication.publish', 'publication.publish_due']);

/**
 * Price and fee lists (条例 Art. 20(八), requirement 19): an agency's 行政事业性收费
 * and 政府定价 items with their basis, standard, collecting unit and validity; each
 * change a dated announcement through the review workflow, taking effect as a new
 * version when the announcement is published; the list as of any date.
 */
export const feesFeature: Feature = {
  key: 'fees',
  label: '收费和价格清单',
  routes: [feeApiRoutes, feeOfficeRoutes, feeBulletinRoutes, feePortalRoutes],
  officeMenu: [{ href: '/office/fees', label: '收费和价格', permission: 'office.access', order: 46 }],
  listeners: [
    {
      phase: 'transaction',
      name: 'fees.change-on-publish',
      async handle(trx, change) {
        if (change.entity !== 'publication' || typeof change.id !== 'number') return;
        if (PUBLISHING.has(change.action)) await publishChangeOf(trx, change.id);
        else if (change.action === 'publication.discard') await cancelChangeOf(trx, change.id);
      },
    },
  ],
  // The Art. 20(八) column lists the announcements; the list itself is one click away.
  columnAddenda: [
    async (_db, c) =>
      c.category === 'art20_08' ? (
        <p class="notice" role="note">
          <a href={feeListPath(c.agencySlug)}>查看现行收费和价格清单</a>（依据、标准、收费单位、有效期及历次变更记录，可下载 CSV、Excel）
        </p>
      ) : null,
  ],
  // An announcement's page names the item and version it published.
  publicationAddenda: [
    async (db, pub) => {
      const info = await publicationFeeInfo(db, pub.id);
      if (!info) return null;
      const slug = (await findAgency(db, pub.agencyId))?.slug;
      if (!slug) return null;
      const v = info.version;
      return (
        <section class="panel" aria-labelledby="h-fee-item">
          <h2 id="h-fee-item">{FEE_LISTS[info.item.list as FeeList]?.label ?? '收费和价格'}清单</h2>
          <p>
            本公告{FEE_CHANGE_KINDS[v.kind].label}“<a href={feeItemPath(slug, info.item.id)}>{info.item.name}</a>”，为该项目第 {v.versionNo} 版，自 {v.effectiveDate} 起生效。
            <a href={feeListPath(slug)}>查看现行清单</a>
          </p>
        </section>
      );
    },
  ],
};
