import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertPublished } from '../../../test/publication-fixture.js';
import { createTestDb, ENGINES, type TestDb } from '../../../test/helpers.js';
import { loadDemo } from '../../demo/demo.js';
import { countsByCategory, lastPublishedAtByCategory, listPublished } from './publication.query.js';

for (const engine of ENGINES) {
  describe(`${engine}: public listing columns`, () => {
    let t: TestDb;
    let agencyId: number;
    before(async () => {
      t = await createTestDb(engine);
      await loadDemo(t.db, () => {}, { publications: false });
      agencyId = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'sthjj').executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    it('follow the current revision, so a revised item moves to its new column', async () => {
      const id = await insertPublished(t.db, { agencyId, title: '关于排污许可的通知', category: 'notices', topic: 'general', publishedAt: '2026-03-02T02:00:00.000Z' });
      let row = await t.db.selectFrom('publications').select(['publicCategory', 'publicTopic']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { publicCategory: 'notices', publicTopic: 'general' });
      // A new revision is published under another category: point the item at it.
      const first = await t.db.selectFrom('publicationRevisions').selectAll().where('publicationId', '=', id).executeTakeFirstOrThrow();
      const { id: _old, ...copy } = first;
      const second = await t.db
        .insertInto('publicationRevisions')
        .values({ ...copy, revisionNo: 2, category: 'art20_13', topic: 'construction_environment' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.updateTable('publications').set({ currentRevisionId: second.id }).where('id', '=', id).execute();
      row = await t.db.selectFrom('publications').select(['publicCategory', 'publicTopic']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { publicCategory: 'art20_13', publicTopic: 'construction_environment' });

      const inNew = await listPublished(t.db, { agencyId, categories: ['art20_13'], page: 1, pageSize: 20, sort: 'date' });
      assert.ok(inNew.items.some((i) => i.id === id));
      assert.equal(inNew.items.find((i) => i.id === id)?.category, 'art20_13');
      const inOld = await listPublished(t.db, { agencyId, categories: ['notices'], page: 1, pageSize: 20, sort: 'date' });
      assert.ok(!inOld.items.some((i) => i.id === id));
      const counts = await countsByCategory(t.db, agencyId);
      assert.equal(counts.art20_13, inNew.total);
      assert.ok((await lastPublishedAtByCategory(t.db, agencyId)).art20_13);
    });

    it('are right whichever is written first, the item or its revision (bulk loads)', async () => {
      const agency = await t.db.selectFrom('agencies').select(['id', 'code']).where('id', '=', agencyId).executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      // Reserve ids far above the others and write the item before its revision.
      const pubId = 900001;
      const revId = 900002;
      await t.db.insertInto('publications').values({
        id: pubId, agencyId, title: '先写条目后写版本', state: 'published', publicStatus: 'published', indexNumber: `${agency.code}/2026-99999`,
        currentRevisionId: revId, revisionCount: 1, firstPublishedAt: now, lastPublishedAt: now, createdAt: now, updatedAt: now,
      } as never).execute();
      await t.db.insertInto('publicationRevisions').values({
        id: revId, publicationId: pubId, revisionNo: 1, agencyId, indexNumber: `${agency.code}/2026-99999`, title: '先写条目后写版本', summary: '', body: '',
        documentNumber: '', writtenDate: now.slice(0, 10), formedDate: now.slice(0, 10), category: 'art20_08', topic: 'finance', genre: 'notice', keywords: '',
        disclosureAttribute: 'proactive', disclosureBasis: '', issuersJson: '[]', publishedAt: now, publishedBy: null, publishedByName: '测试',
      } as never).execute();
      const row = await t.db.selectFrom('publications').select(['publicCategory', 'publicTopic']).where('id', '=', pubId).executeTakeFirstOrThrow();
      assert.deepEqual(row, { publicCategory: 'art20_08', publicTopic: 'finance' });
    });

    it('list the same items and totals on the fast path as on the joined path', async () => {
      for (let i = 0; i < 30; i++) {
        await insertPublished(t.db, {
          agencyId, title: `环境监督检查情况通报（第${i + 1}期）`, category: i % 3 ? 'art20_13' : 'work_news', topic: i % 2 ? 'construction_environment' : 'general',
          genre: 'circular', publishedAt: `2025-${String((i % 12) + 1).padStart(2, '0')}-10T02:00:00.000Z`,
        });
      }
      const base = { agencyId, categories: ['art20_13'], page: 2, pageSize: 7, sort: 'date' as const };
      const fast = await listPublished(t.db, base);
      // A genre filter that every item matches forces the joined path: same answer expected.
      const joined = await listPublished(t.db, { ...base, genre: 'circular' });
      const sameGenre = (await t.db.selectFrom('publicationRevisions').select('genre').distinct().execute()).length === 1;
      if (sameGenre) {
        assert.deepEqual(fast.items.map((i) => i.id), joined.items.map((i) => i.id));
        assert.equal(fast.total, joined.total);
      }
      assert.equal(fast.items.length, 7);
      for (let k = 1; k < fast.items.length; k++) {
        const [a, b] = [fast.items[k - 1]!, fast.items[k]!];
        assert.ok(a.publishedAt > b.publishedAt || (a.publishedAt === b.publishedAt && a.id > b.id), 'newest first, then by id');
      }
      const byYear = await listPublished(t.db, { agencyId, year: 2025, topic: 'general', page: 1, pageSize: 50, sort: 'date' });
      assert.equal(byYear.total, 15);
      assert.ok(byYear.items.every((i) => i.topic === 'general' && i.publishedAt.startsWith('2025')));
    });
  });
}
