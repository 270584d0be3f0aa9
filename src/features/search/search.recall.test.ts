import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestApp, ENGINES, json, type TestApp } from '../../../test/helpers.js';
import { toTraditional } from '../text/script.js';
import { insertPublished } from './search.fixtures.js';
import { searchIds } from './search.repository.js';
import { compileQuery } from './search.js';
import { indexPublication, parseSearchRequest, search } from './search.service.js';
import { inTransaction } from '../../db/database.js';
import { synonymsForQuery } from './synonym.service.js';

// mulberry32: deterministic samples, the same on every run and engine.
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HAN_RUN = /\p{Script=Han}{2,}/gu;

/** Every id the index matches for a query (the demo holds far fewer than the count cap). */
async function matchedIds(t: TestApp, q: string): Promise<number[]> {
  const c = compileQuery(q, await synonymsForQuery(t.db));
  assert.ok(c.ok, `${q} compiles`);
  const r = await searchIds(t.db, { query: c.query, filters: {}, sort: 'date', limit: 1000, offset: 0 });
  assert.ok(!r.totalCapped, `${q}: fewer than the cap`);
  return r.ids;
}

for (const engine of ENGINES) {
  describe(`search recall on the demo platform (${engine})`, () => {
    let t: TestApp;
    let titles: { id: number; title: string; indexNumber: string; documentNumber: string }[];
    const run = async (q: string, extra: Record<string, unknown> = {}) => {
      const r = await search(t.db, parseSearchRequest({ q, pageSize: 50, ...extra }));
      assert.equal(r.problem, null, `${q}: ${r.problem?.message}`);
      return r;
    };

    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: true });
      titles = await t.db
        .selectFrom('searchDocuments as d')
        .innerJoin('publications as p', 'p.id', 'd.publicationId')
        .select(['d.publicationId as id', 'd.title', 'p.indexNumber', 'd.documentNumber'])
        .orderBy('d.publicationId')
        .execute()
        .then((rows) => rows.map((r) => ({ ...r, indexNumber: r.indexNumber ?? '' })));
      assert.ok(titles.length >= 300, `${titles.length} indexed demo items`);
    });
    after(async () => t?.close());

    it('finds every sampled run of 2–6 Han characters of a title in its item', async () => {
      const rnd = random(12);
      const misses: string[] = [];
      for (let n = 0; n < 300; n++) {
        const item = titles[Math.floor(rnd() * titles.length)]!;
        const runs = [...item.title.matchAll(HAN_RUN)].map((m) => m[0]);
        if (runs.length === 0) continue;
        const cps = Array.from(runs[Math.floor(rnd() * runs.length)]!);
        const len = Math.min(cps.length, 2 + Math.floor(rnd() * 5));
        const start = Math.floor(rnd() * (cps.length - len + 1));
        const q = cps.slice(start, start + len).join('');
        if (!(await matchedIds(t, q)).includes(item.id)) misses.push(`${q} ⊄ ${item.title}`);
      }
      assert.deepEqual(misses, []);
    });

    it('finds what the issue found missing: 老旧小区, 老旧, 发改, 发改局, 年报', async () => {
      const holding = (s: string) => titles.filter((x) => x.title.includes(s)).map((x) => x.id);
      for (const q of ['老旧小区', '老旧']) {
        const want = holding(q);
        assert.ok(want.length > 0, `the demo has titles holding ${q}`);
        const got = await matchedIds(t, q);
        for (const id of want) assert.ok(got.includes(id), `${q} finds item ${id}`);
        // Titles holding it come first.
        const r = await run(q);
        const firstTitles = r.items.slice(0, Math.min(want.length, r.items.length));
        for (const it of firstTitles) assert.ok(it.title.includes(q), `${q}: ${it.title} ranks among the title matches`);
      }
      for (const q of ['发改', '发改局', '年报']) assert.ok((await run(q)).total > 0, `${q} finds something`);
      // 发改局 also reads as 发展和改革局: items that only spell it out are found.
      const spelled = (await run('发展和改革局')).items.map((i) => i.id);
      assert.ok(spelled.length > 0);
      const abbreviated = await matchedIds(t, '发改局');
      for (const id of spelled) assert.ok(abbreviated.includes(id), `发改局 finds ${id}`);
      // 年报 finds the annual reports (年度报告 in their titles).
      const reports = titles.filter((x) => x.title.includes('年度报告')).map((x) => x.id);
      assert.ok(reports.length > 0);
      const nianbao = await matchedIds(t, '年报');
      for (const id of reports) assert.ok(nianbao.includes(id), `年报 finds report ${id}`);
    });

    it('goes straight to the item of an exact 索引号 or 文号, in any bracket style', async () => {
      const item = titles.find((x) => x.documentNumber.includes('〔'))!;
      assert.ok(item, 'a demo item with a 文号');
      const byIndex = await run(item.indexNumber);
      assert.equal(byIndex.exact, true);
      assert.deepEqual(byIndex.items.map((i) => i.id), [item.id]);
      assert.deepEqual((await run(item.indexNumber.toLowerCase())).items.map((i) => i.id), [item.id], 'letters in any case');
      for (const [open, close] of [['〔', '〕'], ['[', ']'], ['(', ')'], ['（', '）'], ['【', '】']]) {
        const q = item.documentNumber.replace('〔', open!).replace('〕', close!);
        const r = await run(q);
        assert.equal(r.exact, true, q);
        assert.deepEqual(r.items.map((i) => i.id), [item.id], q);
      }
      // Not an identifier: a partial 索引号 is an ordinary (empty) search.
      assert.equal((await run(item.indexNumber.slice(0, -2))).exact, false);

      // The portal redirects to the item; the API answers it alone with exact = true.
      const page = await t.anonymous().get(`/search?q=${encodeURIComponent(item.indexNumber)}`);
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, byIndex.items[0]!.url);
      const api = json(await t.anonymous().get(`/api/v1/search?q=${encodeURIComponent(item.documentNumber.replace('〔', '[').replace('〕', ']'))}`));
      assert.equal(api.exact, true);
      assert.deepEqual(api.items.map((i: { id: number }) => i.id), [item.id]);
      assert.equal(json(await t.anonymous().get('/api/v1/search?q=%E8%80%81%E6%97%A7')).exact, false);
    });
  });

  describe(`search: traditional phrases and abbreviations (${engine})`, () => {
    let t: TestApp;
    let agencyId: number;
    const laws = new Map<number, string>();
    const fixtures = path.join(import.meta.dirname, 'fixtures', 'laws');

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      agencyId = (await t.db.selectFrom('agencies').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      await inTransaction(t.db, async (trx) => {
        for (const f of readdirSync(fixtures).sort()) {
          const text = readFileSync(path.join(fixtures, f), 'utf8');
          const id = await insertPublished(trx, { agencyId, title: f.replace(/\.txt$/, ''), text, publishedAt: '2024-09-01T02:00:00.000Z' });
          laws.set(id, text);
          await indexPublication(trx, id);
        }
        const id = await insertPublished(trx, { agencyId, title: '关于印发示例市发展和改革局工作规则的通知', text: '示例市发展和改革局制定本规则。', publishedAt: '2025-03-01T02:00:00.000Z' });
        await indexPublication(trx, id);
      });
    });
    after(async () => t?.close());

    it('finds mainland phrases printed in traditional script, in their plain reading', async () => {
      const rnd = random(7);
      const entries = [...laws];
      const misses: string[] = [];
      for (let n = 0; n < 60; n++) {
        const [id, text] = entries[Math.floor(rnd() * entries.length)]!;
        const runs = [...text.matchAll(/\p{Script=Han}{4,}/gu)].map((m) => m[0]);
        const run = Array.from(runs[Math.floor(rnd() * runs.length)]!);
        const len = Math.min(run.length, 2 + Math.floor(rnd() * 7));
        const start = Math.floor(rnd() * (run.length - len + 1));
        const phrase = run.slice(start, start + len).join('');
        for (const variant of ['t', 'tw'] as const) {
          const q = `"${toTraditional(phrase, variant)}"`;
          if (!(await matchedIds(t, q)).includes(id)) misses.push(`${q} (${phrase})`);
        }
      }
      assert.deepEqual(misses, []);
      // The two the issue names: 執行 and 建立 (which Taiwan vocabulary reads 运行 and 创建).
      for (const [q, plain] of [['"執行"', '执行'], ['"建立"', '建立'], ['"建立健全"', '建立健全']] as const) {
        const want = [...laws].filter(([, text]) => text.includes(plain)).map(([id]) => id);
        assert.ok(want.length > 0, plain);
        const got = await matchedIds(t, q);
        for (const id of want) assert.ok(got.includes(id), `${q} finds ${id}`);
      }
    });

    it('expands abbreviations both ways, and follows the office list', async () => {
      const found = async (q: string) => (await search(t.db, parseSearchRequest({ q }))).items.map((i) => i.title);
      assert.deepEqual(await found('发改局工作规则'), ['关于印发示例市发展和改革局工作规则的通知']);
      // A term the seed does not know finds nothing, until the office adds it.
      assert.deepEqual(await found('示发局'), []);
      const admin = await t.login('demo-admin');
      const list = await admin.get('/office/search/synonyms');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /发展和改革/);
      const bad = await admin.post('/office/search/synonyms', { term: '发', expansion: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /此项必填|至少 2 个字/);
      const dup = await admin.post('/office/search/synonyms', { term: '发改', expansion: '发展改革' });
      assert.equal(dup.statusCode, 409);
      const added = await admin.post('/office/search/synonyms', { term: '示发局', expansion: '示例市发展和改革局' });
      assert.equal(added.statusCode, 303);
      const row = await t.db.selectFrom('searchSynonyms').selectAll().where('term', '=', '示发局').executeTakeFirstOrThrow();
      const RULES = '关于印发示例市发展和改革局工作规则的通知';
      assert.ok((await found('示发局')).includes(RULES), 'the added abbreviation finds the bureau\'s rules');
      const edited = await admin.post(`/office/search/synonyms/${row.id}`, { term: '示发局', expansion: '示例市财政局' });
      assert.equal(edited.statusCode, 303);
      assert.ok(!(await found('示发局')).includes(RULES), 'the edited abbreviation no longer expands to the bureau');
      assert.equal((await admin.post(`/office/search/synonyms/${row.id}/delete`, {})).statusCode, 303);
      assert.equal(await t.db.selectFrom('searchSynonyms').select('id').where('id', '=', row.id).executeTakeFirst(), undefined);
      const events = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'search_synonym').orderBy('id').execute();
      assert.deepEqual(events.map((e) => e.action), ['search_synonym.create', 'search_synonym.update', 'search_synonym.delete']);
      // Only those who manage the platform's settings.
      const editor = await t.login('czj-admin');
      assert.equal((await editor.get('/office/search/synonyms')).statusCode, 403);
      assert.equal((await editor.post('/office/search/synonyms', { term: '财局', expansion: '财政局' })).statusCode, 403);
    });
  });
}
