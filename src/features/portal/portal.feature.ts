import type { Feature } from '../../platform/feature.js';
import { portalShellRoutes } from './portal.portal.js';

/** The portal's frame beyond the layout: 网站地图, 联系我们, 政策文件, the 依申请公开 and 年报 hubs, platform feeds. */
export const portalFeature: Feature = {
  key: 'portal',
  label: '门户框架',
  routes: [portalShellRoutes],
};
