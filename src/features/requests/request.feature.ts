import type { Feature } from '../../platform/feature.js';
import { pageContext } from '../../web/core.js';
import { COLUMN_KINDS } from '../catalog/catalog.js';
import { RequestPage } from './views/RequestPage.js';

/** Disclosure on request (依申请公开): the portal column, the application procedure, the reply clock. */
export const requestsFeature: Feature = {
  key: 'requests',
  label: '依申请公开',
  columnKinds: [
    {
      kind: 'request',
      ...COLUMN_KINDS.request,
      render: async ({ req, reply, agency, tree, column, settings }) => reply.page(RequestPage({ ctx: pageContext(req, reply), settings, agency, tree, column })),
    },
  ],
};
