import type { Feature } from '../../platform/feature.js';
import { standardCatalogApiRoutes } from './standard-catalog.api.js';
import { standardCatalogOfficeRoutes } from './standard-catalog.office.js';
import { standardCatalogColumnKinds, standardCatalogPortalRoutes } from './standard-catalog.portal.js';
import { assignWaitingRows, periodRulesOf, seedIfDue } from './standard-catalog.service.js';

/**
 * 基层政务公开标准目录: rows per agency, their export and import, the 发改 seed,
 * and the time rules rows give the publications under them. The key is
 * `standard-catalogs`, not `catalogs`, beside the portal's `catalog` feature.
 */
export const standardCatalogsFeature: Feature = {
  key: 'standard-catalogs',
  label: '政务公开标准目录',
  routes: [standardCatalogApiRoutes, standardCatalogOfficeRoutes, standardCatalogPortalRoutes],
  officeMenu: [{ href: '/office/standard-catalogs', label: '标准目录', permission: 'catalog.manage', order: 21 }],
  columnKinds: standardCatalogColumnKinds,
  periodRules: periodRulesOf,
  // A new 发展和改革局 starts from the 重大建设项目 catalog, and a new 住建局 takes its rows of it,
  // in the transaction that creates the agency. 
  listeners: [
    {
      phase: 'transaction',
      name: 'standard-catalogs.seed',
      handle: async (trx, c) => {
        if ((c.action === 'agency.create' || c.action === 'agency.update') && typeof c.id === 'number') {
          await seedIfDue(trx, c.id);
          if (c.action === 'agency.create') await assignWaitingRows(trx, c.id);
        }
      },
    },
  ],
};
