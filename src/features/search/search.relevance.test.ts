import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, ENGINES, json, type TestApp } from '../../../test/helpers.js';
import { inTransaction } from '../../db/database.js';
import { insertPublished, lawFixtures, type FixtureItem } from './search.fixtures.js';
import { searchIds } from './search.repository.js';
import { compileQuery } from './search.js';
import { indexPublication, parseSearchRequest, reindexAll, search, unindexPublication } from './search.service.js';

/** Generated notices next to the regulations: 文号, names, annual reports, pinyin titles. */
function generated(agencyId: number, otherAgencyId: number): (FixtureItem & { key: string })[] {
  return [
    {
      key: 'annual',
      agencyId,
      title: '示例市发展和改革局2024年度政府信息公开工作年度报告',
      category: 'annual_report',
      text: '本报告根据《中华人民共和国政府信息公开条例》编制。全文包括总体情况、主动公开情况、收到和处理政府信息公开申请情况。',
      publishedAt: '2025-01-20T02:00:00.000Z',
    },
    {
      key: 'price',
      agencyId,
      title: '关于印发《示例市价格监督检查工作方案》的通知',
      documentNumber: '示发改〔2025〕12号',
      text: '各县（区）发展改革部门：现将《示例市价格监督检查工作方案》印发给你们，请认真贯彻执行。',
      keywords: '价格、监督检查',
      publishedAt: '2025-02-10T02:00:00.000Z',
    },
    {
      key: 'review',
      agencyId,
      title: '关于做好行政应诉工作的通知',
      documentNumber: '示发改〔2025〕3号',
      text: '各科室：为做好行政应诉工作，现就有关事项通知如下。本通知依据示发改〔2025〕12号文件精神制定。',
      publishedAt: '2025-03-05T02:00:00.000Z',
    },
    {
      key: 'budget',
      agencyId: otherAgencyId,
      title: '关于2024年财政预算执行情况的报告',
      documentNumber: '示财〔2024〕12号',
      category: 'art20_07',
      text: '2024年全市一般公共预算收入完成情况良好。',
      publishedAt: '2024-06-30T02:00:00.000Z',
    },
    {
      key: 'person',
      agencyId,
      title: '关于张伟同志任职的通知',
      category: 'personnel',
      text: '经研究决定，任命张伟同志为示例市发展和改革局办公室主任。',
      publishedAt: '2025-04-01T02:00:00.000Z',
    },
    {
      key: 'feasibility',
      agencyId,
      title: '关于示例市老旧小区改造项目（2026年度）可行性研究报告的批复',
      text: '你单位报送的示例市老旧小区改造项目（2026年度）可行性研究报告收悉。经研究，现批复如下：同意该项目可行性研究报告。项目年度投资计划另行下达，报告期内按月报送进度。',
      publishedAt: '2026-04-15T02:00:00.000Z',
    },
    {
      key: 'bank',
      agencyId: otherAgencyId,
      title: '银行行长座谈会纪要',
      text: '会议听取了各银行关于支持实体经济的情况汇报。',
      publishedAt: '2023-05-06T02:00:00.000Z',
      validity: 'expired',
    },
    {
      key: 'scatter',
      agencyId,
      title: '政府工作报告中的信息与公开',
      text: '政府在工作中重视信息，坚持公开。',
      publishedAt: '2022-05-06T02:00:00.000Z',
    },
    {
      key: 'xss',
      agencyId,
      title: '<script>alert(1)</script>测试通知',
      text: '正文含有 <b>标签</b> 与 & 符号，检索“测试通知”时应被转义。',
      publishedAt: '2022-07-01T02:00:00.000Z',
    },
  ];
}

for (const engine of ENGINES) {
  describe(`search relevance (${engine})`, () => {
    let t: TestApp;
    const ids = new Map<string, number>();
    let agencySlug = '';
    let otherSlug = '';

    const titles = async (q: string, extra: Record<string, unknown> = {}) => {
      const r = await search(t.db, parseSearchRequest({ q, ...extra, pageSize: 50 }));
      assert.equal(r.problem, null, `${q}: ${r.problem?.message}`);
      return r.items.map((i) => i.title);
    };
    const first = async (q: string, extra: Record<string, unknown> = {}) => (await titles(q, extra))[0];

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      const agencies = await t.db.selectFrom('agencies').select(['id', 'slug']).orderBy('id').execute();
      const [a, b] = agencies;
      assert.ok(a && b, 'demo agencies');
      agencySlug = a.slug;
      otherSlug = b.slug;
      // A corpus of its own: the demo's publications would blur what "expected first" means.
      await t.db.deleteFrom('publications').execute();
      await inTransaction(t.db, async (trx) => {
        for (const law of lawFixtures()) {
          ids.set(law.title, await insertPublished(trx, { agencyId: a.id, title: law.title, text: law.text, category: 'art20_01', publishedAt: '2024-09-01T02:00:00.000Z' }));
        }
        for (const g of generated(a.id, b.id)) ids.set(g.key, await insertPublished(trx, g));
        ids.set('draft', await insertPublished(trx, { agencyId: a.id, title: '尚未发布的复议草稿', publicStatus: 'none' }));
      });
      await reindexAll(t.db);
    });
    after(async () => t?.close());

    it('finds two-character words, best match first', async () => {
      assert.equal(await first('复议'), '中华人民共和国行政复议法实施条例');
      assert.equal(await first('信访'), '信访条例');
      assert.equal(await first('不动产'), '不动产登记暂行条例');
      assert.equal(await first('档案'), '中华人民共和国档案法实施条例');
      assert.equal(await first('实名制'), '个人存款账户实名制规定');
    });

    it('ANDs words', async () => {
      const both = await titles('专利 代理机构');
      assert.equal(both[0], '专利代理条例');
      assert.ok(!(await titles('专利 信访')).length || !(await titles('专利 信访')).includes('个人存款账户实名制规定'));
    });

    it('finds names', async () => {
      assert.equal(await first('张伟'), '关于张伟同志任职的通知');
    });

    it('finds a 文号 whole, in part, and with other brackets', async () => {
      for (const q of ['示发改〔2025〕12号', '〔2025〕12号', '示发改[2025]12号', '示发改(2025)12号', '示发改（2025）12号', '示发改【2025】12号']) {
        const list = await titles(q);
        assert.equal(list[0], '关于印发《示例市价格监督检查工作方案》的通知', q);
        assert.ok(!list.includes('关于2024年财政预算执行情况的报告'), `${q} must not match 示财〔2024〕12号`);
      }
      // A whole 文号 names its item alone; with other words, a document citing it is found too, after the document itself.
      assert.deepEqual(await titles('示发改〔2025〕12号'), ['关于印发《示例市价格监督检查工作方案》的通知']);
      assert.deepEqual((await titles('"示发改〔2025〕12号" 通知')).slice(0, 2), ['关于印发《示例市价格监督检查工作方案》的通知', '关于做好行政应诉工作的通知']);
      assert.equal(await first('示财〔2024〕12号'), '关于2024年财政预算执行情况的报告');
      // Other words still have to hold, for the item's own 文号 too.
      assert.deepEqual(await titles('价格 示发改〔2025〕12号'), ['关于印发《示例市价格监督检查工作方案》的通知']);
      assert.deepEqual(await titles('复议 示发改〔2025〕12号'), []);
    });

    it('matches traditional queries against simplified text', async () => {
      // The same results, in the same order, as the simplified query.
      for (const [trad, simp] of [
        ['資訊公開', '信息公开'],
        ['政府資訊', '政府信息'],
        ['行政復議', '行政复议'],
        ['不動產登記', '不动产登记'],
        ['政府信息公開', '政府信息公开'],
        ['價格監督檢查', '价格监督检查'],
      ]) {
        assert.deepEqual(await titles(trad!), await titles(simp!), `${trad} = ${simp}`);
      }
      assert.equal(await first('資訊公開條例'), '中华人民共和国政府信息公开条例');
      assert.equal(await first('行政復議'), '中华人民共和国行政复议法实施条例');
      assert.equal(await first('檔案'), '中华人民共和国档案法实施条例');
      assert.equal(await first('張偉'), '关于张伟同志任职的通知');
    });

    it('puts a title holding the word as typed before one holding only its pieces', async () => {
      // 年度报告 is cut into 年度 + 报告 for matching; the feasibility approval has both, more often, and is newer.
      assert.equal(await first('年度报告'), '示例市发展和改革局2024年度政府信息公开工作年度报告');
    });

    it('finds titles by pinyin and initials', async () => {
      const annual = '示例市发展和改革局2024年度政府信息公开工作年度报告';
      for (const q of ['nian du bao gao', 'niandubaogao', 'ndbg', 'NDBG', 'zfxxgk ndbg']) assert.equal(await first(q), annual, q);
      assert.equal(await first('yin hang hang zhang'), '银行行长座谈会纪要');
      assert.equal(await first('yhhz'), '银行行长座谈会纪要');
      assert.equal(await first('bu dong chan'), '不动产登记暂行条例');
    });

    it('matches quoted phrases as phrases', async () => {
      const words = await titles('政府 信息 公开 工作');
      assert.ok(words.includes('政府工作报告中的信息与公开'), 'words anywhere');
      const phrase = await titles('"政府信息公开工作"');
      assert.ok(phrase.length > 0);
      assert.ok(!phrase.includes('政府工作报告中的信息与公开'), 'phrase must be adjacent');
      assert.deepEqual(await titles('“重视信息，坚持公开”'), ['政府工作报告中的信息与公开']);
      assert.deepEqual(await titles('「重视信息，坚持公开」'), ['政府工作报告中的信息与公开']);
      // Items holding the phrase in the title come before those holding it in the text.
      const inTitle = await titles('"政府信息公开"');
      const k = inTitle.findIndex((x) => !x.includes('政府信息公开'));
      const firstBodyOnly = k === -1 ? inTitle.length : k;
      assert.ok(firstBodyOnly >= 2, inTitle.join(' / '));
      assert.ok(inTitle.slice(firstBodyOnly).every((x) => !x.includes('政府信息公开')));
      // Words and a phrase together: both must hold.
      assert.deepEqual(await titles('价格 "监督检查工作方案"'), ['关于印发《示例市价格监督检查工作方案》的通知']);
      assert.deepEqual(await titles('复议 "监督检查工作方案"'), []);
      // A phrase in traditional script finds simplified text.
      assert.deepEqual(await titles('"重視資訊，堅持公開"'), ['政府工作报告中的信息与公开']);
    });

    it('filters by agency, category, year and 有效性, and sorts by date', async () => {
      assert.deepEqual(await titles('报告', { agency: otherSlug }), ['关于2024年财政预算执行情况的报告']);
      assert.ok((await titles('报告', { agency: agencySlug })).every((x) => x !== '关于2024年财政预算执行情况的报告'));
      assert.deepEqual(await titles('报告', { category: 'annual_report' }), ['示例市发展和改革局2024年度政府信息公开工作年度报告']);
      const in2024 = await titles('报告', { year: 2024 });
      assert.ok(in2024.includes('关于2024年财政预算执行情况的报告'));
      assert.ok(!in2024.includes('示例市发展和改革局2024年度政府信息公开工作年度报告'), 'published in 2025');
      assert.deepEqual(await titles('银行', { validity: 'expired' }), ['银行行长座谈会纪要']);
      assert.deepEqual(await titles('银行', { validity: 'valid' }).then((l) => l.includes('银行行长座谈会纪要')), false);
      const byDate = await search(t.db, parseSearchRequest({ q: '通知', sort: 'date', pageSize: 50 }));
      const dates = byDate.items.map((i) => i.publishedAt);
      assert.deepEqual(dates, [...dates].sort().reverse());
      assert.ok(byDate.total >= 3);
    });

    it('pages through results with a stable total', async () => {
      const all = await search(t.db, parseSearchRequest({ q: '条例', pageSize: 50 }));
      const p1 = await search(t.db, parseSearchRequest({ q: '条例', pageSize: 2, page: 1 }));
      const p2 = await search(t.db, parseSearchRequest({ q: '条例', pageSize: 2, page: 2 }));
      assert.equal(p1.total, all.total);
      assert.deepEqual([...p1.items, ...p2.items].map((i) => i.id), all.items.slice(0, 4).map((i) => i.id));
    });

    it('orders by title match, then newest first, when there are too many matches to rank', async () => {
      const compiled = compileQuery('条例');
      assert.ok(compiled.ok);
      const all = await searchIds(t.db, { query: compiled.query, filters: {}, sort: 'relevance', limit: 100, offset: 0, rankLimit: 1 });
      assert.equal(all.order, 'heading_then_date');
      const rows = await t.db.selectFrom('searchDocuments').select(['publicationId', 'title', 'publishedAt']).where('publicationId', 'in', all.ids).execute();
      const byId = new Map(rows.map((r) => [r.publicationId, r]));
      const list = all.ids.map((id) => byId.get(id)!);
      const firstBody = list.findIndex((r) => !r.title.includes('条例'));
      assert.ok(firstBody > 0, 'title matches come first');
      assert.ok(list.slice(firstBody).every((r) => !r.title.includes('条例')));
      for (const part of [list.slice(0, firstBody), list.slice(firstBody)]) {
        const dates = part.map((r) => r.publishedAt);
        assert.deepEqual(dates, [...dates].sort().reverse());
      }
      // Pages across the boundary between the two tiers join up.
      const pages: number[] = [];
      for (let offset = 0; offset < all.total; offset += 3) {
        pages.push(...(await searchIds(t.db, { query: compiled.query, filters: {}, sort: 'relevance', limit: 3, offset, rankLimit: 1 })).ids);
      }
      assert.deepEqual(pages, all.ids);
      assert.equal(all.total, (await searchIds(t.db, { query: compiled.query, filters: {}, sort: 'relevance', limit: 100, offset: 0 })).total);
    });

    it('lists the item whose own 文号 it is even beyond the phrase budget', async () => {
      const compiled = compileQuery('〔2025〕12号');
      assert.ok(compiled.ok);
      const r = await searchIds(t.db, { query: compiled.query, filters: {}, sort: 'relevance', limit: 10, offset: 0, phraseCandidates: 1 });
      assert.equal(r.ids[0], ids.get('price'));
      const paged = await searchIds(t.db, { query: compiled.query, filters: {}, sort: 'relevance', limit: 1, offset: 1, phraseCandidates: 1 });
      assert.ok(!paged.ids.includes(ids.get('price')!));
      assert.equal(paged.total, r.total);
    });

    it('checks phrases only in the newest candidates when there are very many', async () => {
      const compiled = compileQuery('"政府信息公开"');
      assert.ok(compiled.ok);
      const full = await searchIds(t.db, { query: compiled.query, filters: {}, sort: 'date', limit: 50, offset: 0 });
      assert.equal(full.phraseScanLimited, false);
      assert.ok(full.total >= 2);
      for (const filters of [{}, { validity: 'valid' }]) {
        const limited = await searchIds(t.db, { query: compiled.query, filters, sort: 'date', limit: 50, offset: 0, phraseCandidates: 1 });
        assert.equal(limited.phraseScanLimited, true);
        assert.ok(limited.total <= 1);
      }
      // One candidate in the category, within the budget: nothing was left unchecked.
      const one = await searchIds(t.db, { query: compiled.query, filters: { category: 'annual_report' }, sort: 'date', limit: 50, offset: 0, phraseCandidates: 1 });
      assert.equal(one.phraseScanLimited, false);
      assert.equal(one.total, 1);
    });

    it('never shows drafts', async () => {
      assert.ok(!(await titles('复议')).includes('尚未发布的复议草稿'));
    });

    it('treats FTS syntax and punctuation as text, never as syntax', async () => {
      const cases = ['"', '""', '*', '复议*', '-复议', '复议 -信访', 'NEAR', 'NEAR(复议 信访)', 'AND', 'OR', '复议 OR 信访', '复议 AND', '(', ')', '(复议', 'title:复议', '{title body}: 复议', '^复议', "复议'", '复议\\', '；，。！', '复议"信访', '\u0000复议', '%', '_', "' OR 1=1 --"];
      for (const q of cases) {
        const r = await search(t.db, parseSearchRequest({ q }));
        assert.ok(r.problem === null || r.problem.code === 'no_terms', `${q}: ${r.problem?.code}`);
        if (/复议/.test(q) && !/信访|[A-Za-z]/.test(q)) assert.ok(r.total >= 1, `${q} still finds 复议`);
      }
      assert.equal((await search(t.db, parseSearchRequest({ q: '*' }))).problem?.code, 'no_terms');
      assert.equal((await search(t.db, parseSearchRequest({ q: '  ' }))).problem?.code, 'empty');
      assert.equal((await search(t.db, parseSearchRequest({ q: '复'.repeat(101) }))).problem?.code, 'too_long');
    });

    it('highlights with <mark> and escapes everything else', async () => {
      const r = await search(t.db, parseSearchRequest({ q: '测试通知' }));
      const it0 = r.items[0]!;
      assert.equal(it0.titleHtml, '&lt;script&gt;alert(1)&lt;/script&gt;<mark>测试通知</mark>');
      assert.ok(!/<(?!\/?mark>)/.test(it0.snippet), it0.snippet);
      assert.ok(it0.snippet.includes('&lt;b&gt;'), it0.snippet);
      const law = await search(t.db, parseSearchRequest({ q: '复议机构' }));
      assert.match(law.items[0]!.snippet, /<mark>复议<\/mark>|<mark>复议机构<\/mark>|<mark>行政复议机构<\/mark>/);
      const py = await search(t.db, parseSearchRequest({ q: 'ndbg' }));
      assert.match(py.items[0]!.titleHtml, /<mark>年度报告<\/mark>/);
    });

    it('keeps the index in step: unindex, reindex, withdrawn and 有效性', async () => {
      const id = ids.get('person')!;
      await inTransaction(t.db, (trx) => unindexPublication(trx, id));
      assert.deepEqual(await titles('张伟'), []);
      await inTransaction(t.db, (trx) => indexPublication(trx, id));
      assert.equal(await first('张伟'), '关于张伟同志任职的通知');
      await t.db.updateTable('publications').set({ publicStatus: 'withdrawn' }).where('id', '=', id).execute();
      await inTransaction(t.db, (trx) => indexPublication(trx, id));
      assert.deepEqual(await titles('张伟'), []);
      await t.db.updateTable('publications').set({ publicStatus: 'published', validity: 'abolished' }).where('id', '=', id).execute();
      await inTransaction(t.db, (trx) => indexPublication(trx, id));
      assert.deepEqual(await titles('张伟', { validity: 'abolished' }), ['关于张伟同志任职的通知']);
      // A transaction that fails leaves the index as it was.
      await assert.rejects(
        inTransaction(t.db, async (trx) => {
          await unindexPublication(trx, id);
          throw new Error('rollback');
        }),
      );
      assert.deepEqual(await titles('张伟'), ['关于张伟同志任职的通知']);
    });

    it('answers GET /api/v1/search with {items, total}', async () => {
      const c = t.anonymous();
      const res = await c.get(`/api/v1/search?q=${encodeURIComponent('示发改[2025]12号')}`);
      assert.equal(res.statusCode, 200);
      const body = json(res);
      assert.ok(body.total >= 1);
      const item = body.items[0];
      for (const k of ['id', 'title', 'url', 'snippet', 'agency', 'publishedAt']) assert.ok(k in item, k);
      assert.equal(item.title, '关于印发《示例市价格监督检查工作方案》的通知');
      // The same absolute URL as the publication list gives for the item.
      assert.match(item.url, /^http:\/\/gk\.test\/[a-z0-9-]+\/zfxxgk\/content\/\d+$/);
      assert.equal(item.agency.slug, item.agencySlug);
      for (const q of ['', '*', '复'.repeat(300)]) {
        const bad = await c.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
        assert.equal(bad.statusCode, 400, q);
        assert.equal(json(bad).error.code, 'VALIDATION_FAILED');
        assert.ok(json(bad).error.fields.q);
      }
      assert.equal((await c.get('/api/v1/search?q=x&category=nope')).statusCode, 400);
      assert.equal((await c.get('/api/v1/search?q=x&page=0')).statusCode, 400);
      assert.equal((await c.get('/api/v1/search?q=x&q=y')).statusCode, 200);
    });

    it('serves /search without JavaScript and never a 500', async () => {
      const c = t.anonymous();
      const home = await c.get('/search');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /<form[^>]*action="\/search"/);
      const res = await c.get(`/search?q=${encodeURIComponent('复议')}&sort=date`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<mark>复议<\/mark>/);
      assert.match(res.body, /找到 \d+ 条相关信息/);
      assert.match(res.body, /<time dateTime="|<time datetime="/i);
      const xss = await c.get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
      assert.equal(xss.statusCode, 200);
      assert.ok(!xss.body.includes('<script>alert(1)</script>'));
      for (const q of ['', '*', '"', 'NEAR(', '复'.repeat(500), '%E0%A4%A']) {
        const r = await c.get(`/search?q=${q.startsWith('%') ? q : encodeURIComponent(q)}`);
        assert.ok(r.statusCode < 500, `${q}: ${r.statusCode}`);
      }
      assert.match((await c.get('/search?q=')).body, /请输入检索词/);
      assert.match((await c.get(`/search?q=${encodeURIComponent('！？')}`)).body, /没有可以检索的文字/);
      assert.match((await c.get(`/search?q=${encodeURIComponent('复'.repeat(101))}`)).body, /检索词过长/);
      assert.equal((await c.get('/search?q=x&year=abc')).statusCode, 400);
      const paged = await c.get(`/search?q=${encodeURIComponent('条例')}&page=2`);
      assert.equal(paged.statusCode, 200);
    });
  });
}
