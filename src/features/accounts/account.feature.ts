import type { ChangeListener } from '../../db/runtime.js';
import { conflict } from '../../errors.js';
import type { Feature } from '../../platform/feature.js';
import { accountOfficeRoutes } from './account.office.js';
import { departmentHasMembers } from './account.repository.js';
import { TOTP_SECRET_FIELD } from './account.totp.js';

/** A department people still work in cannot be removed: they would lose their role's scope. */
const keepStaffedDepartments: ChangeListener = {
  phase: 'transaction',
  name: 'accounts: staffed departments stay',
  async handle(trx, change) {
    if (change.action === 'department.delete' && typeof change.id === 'number' && (await departmentHasMembers(trx, change.id))) {
      throw conflict('该股室仍有编辑人员，请先调整人员后再删除');
    }
  },
};

/** People, sign-in, sessions and API tokens, and the office's front page (the dashboard). */
export const accountsFeature: Feature = {
  key: 'accounts',
  label: '人员与账号',
  routes: [accountOfficeRoutes],
  officeMenu: [{ href: '/office/users', label: '人员与角色', permission: 'user.list', order: 40 }],
  listeners: [keepStaffedDepartments],
  personalData: [TOTP_SECRET_FIELD],
};
