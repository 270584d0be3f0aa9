import type { Feature } from '../../platform/feature.js';
import { searchApiRoutes } from './search.api.js';
import { searchPortalRoutes } from './search.portal.js';

/** Full-text search over what the public can see. */
export const searchFeature: Feature = {
  key: 'search',
  label: '全文检索',
  routes: [searchApiRoutes, searchPortalRoutes],
};
