import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, createTestDb, type TestApp } from '../../test/helpers.js';
import { actorForUser } from '../features/accounts/account.service.js';
import { findUserByUsername } from '../features/accounts/account.repository.js';
import { DISCLOSURE_CATEGORY_KEYS } from '../features/publications/categories.js';
import { getPublicPublication } from '../features/publications/publication.query.js';
import * as service from '../features/publications/publication.service.js';
import { seedFoundation } from './foundation.demo.js';
import { seedPublications } from './publications.demo.js';

for (const engine of ENGINES) {
  describe(`demo publications (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: true });
    });
    after(async () => t.close());

    test('at least 300 published items over 2024–2026, in every category', async () => {
      const rows = await t.db
        .selectFrom('publications as p')
        .innerJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
        .select(['p.id', 'p.agencyId', 'p.indexNumber', 'p.firstPublishedAt', 'p.publicStatus', 'p.revisionCount', 'p.validity', 'p.replacedById', 'r.category', 'r.title'])
        .execute();
      const published = rows.filter((r) => r.publicStatus === 'published');
      assert.ok(published.length >= 300, `${published.length}`);
      const cats = new Set(published.map((r) => r.category));
      assert.deepEqual(DISCLOSURE_CATEGORY_KEYS.filter((c) => !cats.has(c)), []);
      const years = new Set(published.map((r) => r.firstPublishedAt!.slice(0, 4)));
      for (const y of ['2024', '2025', '2026']) assert.ok(years.has(y), y);
      assert.ok(published.some((r) => r.revisionCount === 2), 'some are revised');
      assert.ok(rows.some((r) => r.publicStatus === 'withdrawn'), 'some are withdrawn');
      assert.ok(published.some((r) => r.validity === 'expired'), 'some have expired');
      const abolished = published.find((r) => r.validity === 'abolished' && r.replacedById);
      assert.ok(abolished, 'some are abolished with a replacement');

      // Index numbers are unique and run 1, 2, 3 … per agency and year, in publication order.
      assert.equal(new Set(rows.map((r) => r.indexNumber)).size, rows.length);
      const byKey = new Map<string, number[]>();
      for (const r of [...rows].sort((a, b) => a.firstPublishedAt!.localeCompare(b.firstPublishedAt!))) {
        const key = `${r.agencyId}-${r.indexNumber!.slice(-10, -6)}`;
        byKey.set(key, [...(byKey.get(key) ?? []), Number(r.indexNumber!.slice(-5))]);
      }
      for (const [key, serials] of byKey) assert.deepEqual([...serials].sort((a, b) => a - b), serials.map((_, i) => i + 1), key);

      // The public sees the abolished document with what replaced it.
      const agency = await t.db.selectFrom('agencies').select('slug').where('id', '=', abolished.agencyId).executeTakeFirstOrThrow();
      const pub = await getPublicPublication(t.db, agency.slug, abolished.id);
      assert.ok(pub && !pub.withdrawn && pub.replacedBy);
    });

    test('one annual report per agency per year, before 31 January', async () => {
      const reports = await t.db
        .selectFrom('publications as p')
        .innerJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
        .select(['p.agencyId', 'r.title', 'p.firstPublishedAt'])
        .where('r.category', '=', 'annual_report')
        .execute();
      const agencies = await t.db.selectFrom('agencies').select('id').execute();
      for (const a of agencies) {
        const mine = reports.filter((r) => r.agencyId === a.id);
        assert.deepEqual(mine.map((r) => /(\d{4})年政府信息公开工作年度报告/.exec(r.title)![1]).sort(), ['2023', '2024', '2025']);
        for (const r of mine) assert.ok(r.firstPublishedAt!.slice(5, 10) <= '01-31', r.firstPublishedAt!);
      }
    });

    test('attachments are real files the public can download', async () => {
      const row = await t.db
        .selectFrom('revisionAttachments as ra')
        .innerJoin('publications as p', 'p.currentRevisionId', 'ra.revisionId')
        .innerJoin('attachments as f', 'f.id', 'ra.attachmentId')
        .select(['f.id', 'f.mimeType', 'f.size'])
        .where('p.publicStatus', '=', 'published')
        .where('f.mimeType', '=', 'application/pdf')
        .executeTakeFirstOrThrow();
      const res = await t.anonymous().get(`/files/${row.id}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.rawPayload.length, row.size);
      assert.match(res.rawPayload.subarray(0, 8).toString('latin1'), /^%PDF-1\.4/);
    });

    test('every office queue has work: drafts, returned, review with findings, leader approval, overdue', async () => {
      const reviewer = await actorForUser(t.db, (await findUserByUsername(t.db, 'demo-reviewer'))!, 'session');
      const editor = await actorForUser(t.db, (await findUserByUsername(t.db, 'demo-editor'))!, 'session');
      const leader = await actorForUser(t.db, (await findUserByUsername(t.db, 'czj-leader'))!, 'session');
      const total = (qs: service.Queue[], key: string) => qs.find((q) => q.key === key)?.total ?? 0;
      const rq = await service.queuesFor(t.db, reviewer);
      assert.ok(total(rq, 'to_review') >= 2);
      assert.ok(total(rq, 'findings') >= 1);
      assert.ok(total(rq, 'to_publish') >= 1);
      const deadline = rq.find((q) => q.key === 'deadline')!;
      assert.ok(deadline.items.some((i) => i.timeliness.status === 'overdue'), 'an overdue item');
      assert.ok(deadline.items.some((i) => i.timeliness.status === 'due_soon'), 'a nearly due item');
      const eq = await service.queuesFor(t.db, editor);
      assert.ok(total(eq, 'my_drafts') >= 3);
      assert.ok(total(eq, 'returned') >= 1);
      assert.ok(total(await service.queuesFor(t.db, leader), 'to_approve') >= 1);
      const scheduled = await t.db.selectFrom('publications').select('scheduledAt').where('state', '=', 'scheduled').execute();
      assert.equal(scheduled.length, 1);
      assert.ok(scheduled[0]!.scheduledAt! > new Date().toISOString());
      // A revision in progress keeps the old version public.
      const revising = await t.db.selectFrom('publications').select(['id', 'title']).where('state', '=', 'draft').where('publicStatus', '=', 'published').executeTakeFirstOrThrow();
      const pub = await getPublicPublication(t.db, 'fgj', revising.id);
      assert.ok(pub && !pub.withdrawn);
    });

    test('the dashboard shows the queues and the publication clock per department, citing each period rule', async () => {
      const reviewer = await t.login('demo-reviewer');
      const page = await reviewer.get('/office');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /信息发布待办/);
      assert.match(page.body, /有筛查结果待确认/);
      // Each period rule with the law that sets it.
      assert.match(page.body, /一般信息：自形成或变更之日起20个工作日内公开（《中华人民共和国政府信息公开条例》第二十六条）/);
      assert.match(page.body, /财政预算、决算信息：自批复之日起20日内公开（《中华人民共和国预算法》第十四条第二款）/);
      assert.match(page.body, /行政处罚决定：自作出决定之日起7个工作日内公开（行政许可、行政处罚信息“双公示”要求）/);
      assert.match(page.body, /<th scope="row">发展规划科<\/th><td><span class="badge danger">\d+<\/span><\/td>/);
      const editor = await t.login('demo-editor');
      const mine = await editor.get('/office');
      assert.match(mine.body, /我的草稿/);
      assert.doesNotMatch(mine.body, /一般信息：自形成或变更之日起/, 'the per-department clock is for the office');
      const leader = await t.login('czj-leader');
      assert.match((await leader.get('/office')).body, /待领导审批<\/a> <span class="badge warn">1<\/span>/);
    });
  });
}

describe('demo publications are deterministic', () => {
  test('the same end date gives the same catalog, whatever the date it runs on', async () => {
    const titles: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const d = await createTestDb('sqlite');
      try {
        await seedFoundation(d.db);
        await seedPublications(d.db, { today: '2026-11-26' });
        const rows = await d.db.selectFrom('publications').select(['indexNumber', 'title', 'state']).where('publicStatus', '!=', 'none').orderBy('id').execute();
        titles.push(rows.map((r) => `${r.indexNumber} ${r.title} ${r.state}`));
      } finally {
        await d.close();
      }
    }
    assert.ok(titles[0]!.length >= 300);
    assert.deepEqual(titles[1], titles[0]);
  });
});
