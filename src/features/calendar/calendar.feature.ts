import type { Feature } from '../../platform/feature.js';
import { calendarApiRoutes } from './calendar.api.js';
import { calendarOfficeRoutes } from './calendar.office.js';
import { calendarPortalRoutes } from './calendar.portal.js';

/** Holiday years, working-day arithmetic, the public calculator. */
export const calendarFeature: Feature = {
  key: 'calendar',
  label: '工作日历',
  routes: [calendarApiRoutes, calendarOfficeRoutes, calendarPortalRoutes],
  officeMenu: [{ href: '/office/calendar', label: '节假日安排', permission: 'calendar.manage', order: 60 }],
};
