import type { ChangeListener } from '../../db/runtime.js';
import type { Feature } from '../../platform/feature.js';
import { searchApiRoutes } from './search.api.js';
import { searchPortalRoutes } from './search.portal.js';
import { indexPublication } from './search.service.js';
import { synonymOfficeRoutes } from './synonym.office.js';

/**
 * The index follows what the public sees: a public change to a publication is
 * indexed (or dropped) in the transaction that made it, so the index can never
 * show a withdrawn item or miss a published one.
 */
const indexOnPublicChange: ChangeListener = {
  phase: 'transaction',
  name: 'search: index public publications',
  async handle(trx, change) {
    if (change.entity === 'publication' && change.public && typeof change.id === 'number') await indexPublication(trx, change.id);
  },
};

/** Full-text search over what the public can see. */
export const searchFeature: Feature = {
  key: 'search',
  label: '全文检索',
  routes: [searchApiRoutes, searchPortalRoutes, synonymOfficeRoutes],
  officeMenu: [{ href: '/office/search/synonyms', label: '检索同义词', permission: 'settings.manage', order: 85 }],
  listeners: [indexOnPublicChange],
};
