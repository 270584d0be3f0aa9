/**
 * Found by the authorization matrix (the person with roles in two agencies): the API's
 * list of a consultation's comments, with every commenter's contact details, asks for
 * participation.manage, but checked it anywhere: an office reviewer of one agency who
 * is only a department editor in another could read the other agency's list. The
 * permission now holds in the consultation's own agency, like every other route's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliSetPassword } from '../src/features/accounts/account.service.js';
import { findUserByUsername } from '../src/features/accounts/account.repository.js';
import { ENGINES, createTestApp, json, type TestApp } from './helpers.js';

const PASSWORD = 'TwoHats#Test2026';

for (const engine of ENGINES) {
  describe(`a consultation's comments through the API (${engine})`, () => {
    let t: TestApp;
    let consultation: number;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      const agency = async (slug: string) => (await t.db.selectFrom('agencies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
      const czj = await agency('czj');
      const sthjj = await agency('sthjj');
      const dept = (await t.db.selectFrom('departments').select('id').where('agencyId', '=', czj).executeTakeFirstOrThrow()).id;
      await cliSetPassword(t.db, 'czj-reviewer', PASSWORD, {});
      await cliSetPassword(t.db, 'two-hats', PASSWORD, { create: { displayName: '兼任两机关', platformAdmin: false } });
      const userId = (await findUserByUsername(t.db, 'two-hats'))!.id;
      const now = new Date().toISOString();
      await t.db.insertInto('memberships').values({ userId, agencyId: czj, role: 'department_editor', departmentId: dept, createdAt: now }).execute();
      await t.db.insertInto('memberships').values({ userId, agencyId: sthjj, role: 'office_reviewer', departmentId: null, createdAt: now }).execute();
      const c = await t.db
        .insertInto('consultations')
        .values({
          agencyId: czj, title: '停车收费办法', kind: 'other', marketRelated: 0, explanation: '说明', commentMethod: '', startDate: '2026-11-02', endDate: '2026-12-31', shortReason: '', state: 'open',
          openedAt: now, closedAt: null, publicationId: null, feedbackReceived: null, feedbackAdopted: null, feedbackPartly: null, feedbackNotAdopted: null, feedbackText: '', feedbackPublishedAt: null,
          createdBy: null, createdAt: now, updatedAt: now, version: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      consultation = c.id;
      await t.db
        .insertInto('consultationComments')
        .values({ consultationId: c.id, sectionId: null, authorName: '网友', contact: '13700001111', body: '建议降低收费。', status: 'pending', rejectReason: null, moderationNote: '', moderatedBy: null, moderatedAt: null, createdAt: now })
        .execute();
    });
    after(async () => t?.close());

    test('are listed only to those who manage participation in the consultation’s agency', async () => {
      const reviewer = await t.login('czj-reviewer', PASSWORD);
      const ok = await reviewer.api('GET', `/api/v1/consultations/${consultation}/comments`);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((json(ok) as { items: { contact: string }[] }).items[0]!.contact, '13700001111');

      const twoHats = await t.login('two-hats', PASSWORD);
      const denied = await twoHats.api('GET', `/api/v1/consultations/${consultation}/comments`);
      assert.ok([403, 404].includes(denied.statusCode), `${denied.statusCode} ${denied.body}`);
      assert.ok(!denied.body.includes('13700001111'));
    });
  });
}
