import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestDb, type TestDb } from '../../test/helpers.js';
import { ART21_COUNTY, ART21_TOWNSHIP, mandatoryReason } from '../features/catalog/catalog.js';
import { agencyHealth } from '../features/catalog/catalog.health.js';
import { seedFoundation } from './foundation.demo.js';
import { DEMO_NOT_APPLICABLE, seedPublications } from './publications.demo.js';

const TODAY = '2026-11-26';

for (const engine of ENGINES) {
  describe(`demo platform column health (${engine})`, () => {
    let d: TestDb;
    before(async () => {
      d = await createTestDb(engine);
      await seedFoundation(d.db);
      await seedPublications(d.db, { today: TODAY });
    });
    after(async () => d.close());

    test('no demo agency trips a 单项否决 alarm: no blank column, none stale beyond the lines', async () => {
      const agencies = await d.db.selectFrom('agencies').selectAll().orderBy('id').execute();
      assert.equal(agencies.length, 5);
      for (const a of agencies) {
        const h = await agencyHealth(d.db, a, TODAY);
        const blank = h.site.columns.filter((c) => c.state === 'blank').map((c) => c.column.name);
        assert.deepEqual(blank, [], `${a.name}: blank columns`);
        assert.deepEqual(h.site.alarms, { stale: false, longIdle: false, blank: false }, `${a.name}: ${JSON.stringify(h.site.counts)}`);
        assert.notEqual(h.annualReport.state, 'overdue', a.name);
      }
    });

    test('the columns an agency must publish are shown and filled: 机构职能 everywhere, 财政预算、决算 in every budget unit', async () => {
      const agencies = await d.db.selectFrom('agencies').selectAll().orderBy('id').execute();
      for (const a of agencies) {
        assert.equal(a.budgetUnit, 1, `${a.name} is a budget unit`);
        const h = await agencyHealth(d.db, a, TODAY);
        const mandatory = h.tree.statutory.filter((c) => mandatoryReason(c.category, a) !== null);
        assert.deepEqual(mandatory.map((c) => c.key).sort(), ['art20_02', 'art20_07']);
        for (const c of mandatory) {
          const ch = h.site.columns.find((x) => x.column.id === c.id)!;
          assert.equal(c.hidden, false, `${a.name} ${c.name}`);
          assert.ok(ch.count > 0, `${a.name} ${c.name} has items`);
        }
        // Budget and final accounts, not only one of them.
        const titles = await d.db
          .selectFrom('publications as p')
          .innerJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
          .select('r.title')
          .where('p.agencyId', '=', a.id)
          .where('r.category', '=', 'art20_07')
          .where('p.publicStatus', '=', 'published')
          .execute();
        assert.ok(titles.some((t) => /预算/.test(t.title)) && titles.some((t) => /决算/.test(t.title)), `${a.name}: ${titles.map((t) => t.title).join('；')}`);
      }
    });

    test('hidden columns are exactly the ones the demo says do not apply, each with its reason', async () => {
      const agencies = await d.db.selectFrom('agencies').select(['id', 'slug', 'level']).execute();
      for (const a of agencies) {
        const rows = await d.db.selectFrom('catalogColumns').select(['key', 'hidden', 'hiddenReason', 'parentId']).where('agencyId', '=', a.id).execute();
        const statutoryParent = await d.db.selectFrom('catalogColumns').select('id').where('agencyId', '=', a.id).where('key', '=', 'fdzdgknr').executeTakeFirstOrThrow();
        const statutory = rows.filter((r) => r.parentId === statutoryParent.id);
        const expected = DEMO_NOT_APPLICABLE[a.slug] ?? {};
        assert.deepEqual(Object.fromEntries(statutory.filter((r) => r.hidden).map((r) => [r.key, r.hiddenReason])), expected, a.slug);
        // The township carries Art. 21 ¶2's list, the others ¶1's.
        const art21 = statutory.map((r) => r.key).filter((k) => k.startsWith('art21_')).sort();
        assert.deepEqual(art21, [...(a.level === 'township' ? ART21_TOWNSHIP : ART21_COUNTY)].sort(), a.slug);
      }
      const events = await d.db.selectFrom('auditEvents').select(['summary', 'actorName']).where('action', '=', 'catalog.column.hide').execute();
      assert.equal(events.length, Object.values(DEMO_NOT_APPLICABLE).reduce((n, m) => n + Object.keys(m).length, 0));
    });
  });
}
