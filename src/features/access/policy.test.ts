import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agenciesWith, authorize, can, canOnAssigned, PERMISSIONS } from './policy.js';
import type { Actor } from './roles.js';

const actor = (over: Partial<Actor>): Actor => ({ userId: 1, username: 'u', displayName: 'U', platformAdmin: false, memberships: [], via: 'session', ...over });

describe('policy', () => {
  const editor = actor({ memberships: [{ agencyId: 1, role: 'department_editor', departmentId: 10 }] });
  const reviewer = actor({ memberships: [{ agencyId: 1, role: 'office_reviewer', departmentId: null }] });
  const admin2 = actor({ memberships: [{ agencyId: 2, role: 'agency_admin', departmentId: null }] });
  const platform = actor({ platformAdmin: true });

  it('a department editor drafts only in their own department and agency', () => {
    assert.equal(can(editor, 'publication.draft', { agencyId: 1, departmentId: 10 }), true);
    assert.equal(can(editor, 'publication.draft', { agencyId: 1, departmentId: 11 }), false);
    assert.equal(can(editor, 'publication.draft', { agencyId: 2 }), false);
    assert.equal(can(editor, 'publication.publish'), false);
  });

  it('only the office reviewer publishes', () => {
    assert.equal(can(reviewer, 'publication.publish', { agencyId: 1 }), true);
    assert.equal(can(platform, 'publication.publish', { agencyId: 1 }), false);
    assert.equal(can(admin2, 'publication.publish', { agencyId: 2 }), false);
  });

  it('an agency administrator manages only their agency', () => {
    assert.equal(can(admin2, 'agency.update', { agencyId: 2 }), true);
    assert.equal(can(admin2, 'agency.update', { agencyId: 1 }), false);
    assert.deepEqual(agenciesWith(admin2, 'user.manage'), [2]);
    assert.equal(agenciesWith(platform, 'user.manage'), null);
  });

  it('on an assigned record a department editor holds the permission only once it is assigned to their department', () => {
    assert.equal(canOnAssigned(editor, 'mailbox.read', { agencyId: 1, departmentId: 10 }), true);
    assert.equal(canOnAssigned(editor, 'mailbox.read', { agencyId: 1, departmentId: 11 }), false);
    assert.equal(canOnAssigned(editor, 'mailbox.read', { agencyId: 1, departmentId: null }), false);
    assert.equal(can(editor, 'mailbox.read', { agencyId: 1, departmentId: null }), true, 'unlike can, where no department means the whole agency');
    assert.equal(canOnAssigned(reviewer, 'mailbox.read', { agencyId: 1, departmentId: null }), true);
    assert.equal(canOnAssigned(reviewer, 'mailbox.read', { agencyId: 2, departmentId: null }), false);
    assert.equal(canOnAssigned(platform, 'mailbox.read', { agencyId: 2, departmentId: 10 }), true);
    assert.equal(canOnAssigned(null, 'mailbox.read', { agencyId: 1, departmentId: 10 }), false);
  });

  it('anonymous visitors hold nothing', () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) assert.equal(can(null, p), false);
    assert.throws(() => authorize(null, 'office.access'), { code: 'UNAUTHENTICATED' });
    assert.throws(() => authorize(editor, 'agency.create'), { code: 'FORBIDDEN' });
  });
});
