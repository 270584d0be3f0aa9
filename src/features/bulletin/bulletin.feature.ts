import type { Feature } from '../../platform/feature.js';
import { bulletinPortalRoutes } from './bulletin.portal.js';

/** Bulletin-board prints (公示栏) of public pages, as HTML print views and Chromium PDFs. */
export const bulletinFeature: Feature = {
  key: 'bulletin',
  label: '公示栏打印',
  routes: [bulletinPortalRoutes],
};
