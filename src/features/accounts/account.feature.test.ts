import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, type TestApp } from '../../../test/helpers.js';
import { isAppError } from '../../errors.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { addDepartment, findDepartment, getAgencyBySlug, removeDepartment } from '../agencies/agency.service.js';

for (const engine of ENGINES) {
  describe(`accounts keep staffed departments through a change listener (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(async () => t?.close());

    test('a department with an editor cannot be removed; an empty one can', async () => {
      const fgj = (await getAgencyBySlug(t.db, 'fgj'))!;
      const staffed = fgj.departments.find((d) => d.name === '发展规划科')!;
      await assert.rejects(removeDepartment(t.db, SYSTEM_ACTOR, staffed.id), (e: unknown) => isAppError(e) && e.code === 'CONFLICT' && /仍有编辑人员/.test(e.message));
      assert.ok(await findDepartment(t.db, staffed.id), 'still there');
      const empty = await addDepartment(t.db, SYSTEM_ACTOR, fgj.id, { name: '临时专班' });
      await removeDepartment(t.db, SYSTEM_ACTOR, empty.id);
      assert.equal(await findDepartment(t.db, empty.id), undefined);
    });
  });
}
