import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, ENGINES, type Client, type TestApp } from '../../../test/helpers.js';
import { createEmptyAgency, insertPublished, type FixtureItem } from '../../../test/publication-fixture.js';
import { parseXml } from '../../../test/xml.js';
import { chinaDateOf } from '../../lib/dates.js';
import { bumpContentVersion } from '../../web/page-cache.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { updateAgency } from '../agencies/agency.service.js';
import { sitemapOptions } from './catalog.portal.js';
import { annualReportStatus } from './column-health.js';

const SCRIPT = '<script>alert(1)</script>';

/** Link texts inside the disclosure column navigation. */
function navLabels(html: string): string[] {
  const nav = /<nav class="column-nav" aria-label="政府信息公开栏目">([\s\S]*?)<\/nav>/.exec(html);
  assert.ok(nav, 'the page has the disclosure column navigation');
  return [...nav[1]!.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]!);
}

function metaTags(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<meta name="([A-Za-z]+)" content="([^"]*)"\/?>/g)].map((m) => [m[1]!, m[2]!]));
}

function itemTitles(html: string): string[] {
  return [...html.matchAll(/<a class="item-title" href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

/** The CSRF token of the first form on a page. */
function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
}

for (const engine of ENGINES) {
  describe(`${engine}: the disclosure catalog on the portal`, () => {
    let t: TestApp;
    let anon: Client;
    let fgj: number;
    const ids: Record<string, number> = {};
    const thisYear = Number(chinaDateOf(new Date()).slice(0, 4));

    async function add(key: string, item: Omit<FixtureItem, 'agencyId'> & { agencyId?: number }) {
      ids[key] = await insertPublished(t.db, { agencyId: fgj, ...item });
      // What the publications service does after every publish, revision and withdrawal.
      bumpContentVersion();
      return ids[key]!;
    }

    async function columnId(key: string, agencyId = fgj) {
      await anon.get('/tsj/zfxxgk');
      const row = await t.db.selectFrom('catalogColumns').select(['id', 'version']).where('agencyId', '=', agencyId).where('key', '=', key).executeTakeFirstOrThrow();
      return row;
    }

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      anon = t.anonymous();
      // A fresh agency, so the counts below are exactly the items made here (the demo agencies have their own).
      fgj = await createEmptyAgency(t.db, 'tsj', '示例市测试局');
      // 25 规范性文件 over three years, a mix of topics and validity.
      for (let i = 0; i < 25; i++) {
        const year = thisYear - (i % 3);
        await add(`doc${i}`, {
          title: `示例市发展和改革局关于规范第${String(i + 1).padStart(2, '0')}项工作的通知`,
          category: 'art20_01',
          topic: i % 2 ? 'finance' : 'economy',
          validity: i === 3 ? 'abolished' : i === 4 ? 'expired' : 'valid',
          validityDate: i === 3 ? `${year}-10-01` : null,
          publishedAt: `${year}-0${1 + (i % 9)}-1${i % 10}T02:00:00.000Z`,
          documentNumber: `示发改〔${year}〕${i + 1}号`,
        });
      }
      await add('news', {
        title: `${SCRIPT}工作动态`,
        category: 'work_news',
        publishedAt: `${thisYear}-03-02T02:00:00.000Z`,
        keywords: '项目、投资',
        // A body that bypassed the service's sanitizer (an import, a fix by hand).
        body: `<p onclick="steal()">正文</p>${SCRIPT}<a href="javascript:alert(2)">链接</a>`,
      });
      await add('revised', {
        title: '示例市重点项目投资计划',
        category: 'art20_03',
        publishedAt: `${thisYear}-02-01T02:00:00.000Z`,
        revisedAt: `${thisYear}-02-05T06:30:00.000Z`,
        documentNumber: '示发改〔2026〕88号',
        keywords: '重点项目、投资计划',
        attachment: { name: '重点项目表.pdf', mimeType: 'application/pdf', size: 204800 },
      });
      await add('withdrawn', {
        title: '已撤回的价格通知',
        category: 'art20_08',
        publishedAt: `${thisYear}-01-10T02:00:00.000Z`,
        withdrawn: { at: `${thisYear}-01-20T02:00:00.000Z`, reason: '内容有误，已重新发布' },
      });
    });
    after(() => t.close());

    it('titles the disclosure home 政府信息公开 with the five sub-columns in the national order', async () => {
      const res = await anon.get('/tsj/zfxxgk');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>政府信息公开<\/h1>/);
      assert.deepEqual(navLabels(res.body), ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报', '依申请公开']);
      for (const path of ['zfxxgkzn', 'zfxxgkzd', 'fdzdgknr', 'zfxxgknb', 'ysqgk']) {
        assert.equal((await anon.get(`/tsj/zfxxgk/${path}`)).statusCode, 200, path);
      }
      const statutory = await anon.get('/tsj/zfxxgk/fdzdgknr');
      assert.equal([...statutory.body.matchAll(/<ul class="column-grid">/g)].length, 1);
      assert.equal([...statutory.body.split('<ul class="column-grid">')[1]!.split('</ul>')[0]!.matchAll(/<li>/g)].length, 22, '15 + 7 statutory columns');
      assert.match(statutory.body, /第二十条第（十五）项/);
    });

    it('links the portal home and the agency home to the disclosure home in one click', async () => {
      assert.match((await anon.get('/tsj')).body, /href="\/tsj\/zfxxgk"/);
      assert.match((await anon.get('/')).body, /href="\/tsj(\/zfxxgk)?"/);
    });

    it('refuses to rename, move or hide the national columns', async () => {
      const admin = await t.login('demo-admin');
      const zd = await columnId('zfxxgkzd');
      const page = await admin.get(`/office/catalog/columns/${zd.id}`);
      assert.equal(page.statusCode, 200);
      const rename = await admin.post(`/office/catalog/columns/${zd.id}`, { name: '公开制度', slug: 'gkzd', updateIntervalDays: '', version: String(zd.version) });
      assert.equal(rename.statusCode, 400);
      assert.match(rename.body, /国家规定的栏目名称不能修改/);
      const hide = await admin.post(`/office/catalog/columns/${zd.id}/hide`, { reason: '本机关不需要此栏目', version: String(zd.version) });
      assert.equal(hide.statusCode, 409);
      const move = await admin.post(`/office/catalog/columns/${zd.id}/move`, { direction: 'up', version: String(zd.version) });
      assert.equal(move.statusCode, 409);
      assert.deepEqual(navLabels((await anon.get('/tsj/zfxxgk')).body).slice(0, 4), ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报']);
      // The expected update interval of a national column may still be set.
      const interval = await admin.post(`/office/catalog/columns/${zd.id}`, { name: '政府信息公开制度', slug: 'zfxxgkzd', updateIntervalDays: '400', version: String(zd.version) });
      assert.equal(interval.statusCode, 303, interval.body.match(/<div class="alert[\s\S]*?<\/div>/)?.[0]);
    });

    it('hides an inapplicable column only with a reason, shows the reason publicly and audits it', async () => {
      const admin = await t.login('demo-admin');
      const col = await columnId('art20_14');
      const empty = await admin.post(`/office/catalog/columns/${col.id}/hide`, { reason: '', version: String(col.version) });
      assert.equal(empty.statusCode, 400);
      assert.equal((await columnId('art20_14')).version, col.version, 'nothing changed');
      const ok = await admin.post(`/office/catalog/columns/${col.id}/hide`, { reason: '本机关不承担公务员招考职能', version: String(col.version) });
      assert.equal(ok.statusCode, 303);
      const events = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'catalog.column.hide').where('entityId', '=', String(col.id)).execute();
      assert.equal(events.length, 1);
      assert.match(events[0]!.afterJson ?? '', /本机关不承担公务员招考职能/);
      assert.equal(events[0]!.agencyId, fgj);
      const home = await anon.get('/tsj/zfxxgk');
      const tree = home.body.split('<ul class="column-grid">')[1]!.split('</ul>')[0]!;
      assert.doesNotMatch(tree, /公务员招考/);
      assert.match(home.body, /公务员招考的职位、名额、报考条件等事项以及录用结果：本机关不承担公务员招考职能/);
      const page = await anon.get('/tsj/zfxxgk/fdzdgknr/gwyzk');
      assert.equal(page.statusCode, 200, 'the URL keeps working');
      assert.match(page.body, /本栏目不适用：本机关不承担公务员招考职能/);
      // 依申请公开 is switchable (default on).
      const ysq = await columnId('ysqgk');
      assert.equal((await admin.post(`/office/catalog/columns/${ysq.id}/hide`, { reason: '暂由上级机关统一受理', version: String(ysq.version) })).statusCode, 303);
      assert.deepEqual(navLabels((await anon.get('/tsj/zfxxgk')).body), ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报']);
      assert.equal((await admin.post(`/office/catalog/columns/${ysq.id}/show`, { version: String(ysq.version + 1) })).statusCode, 303);
      assert.equal(navLabels((await anon.get('/tsj/zfxxgk')).body).length, 5);
    });

    it('lets only those who manage columns change them', async () => {
      const editor = await t.login('demo-editor');
      const col = await columnId('art20_13');
      assert.equal((await editor.get(`/office/catalog/columns/${col.id}`)).statusCode, 403);
      const other = await t.login('czj-admin');
      const res = await other.post(`/office/catalog/columns/${col.id}/hide`, { reason: '不属于本机关的栏目', version: String(col.version) });
      assert.equal(res.statusCode, 403, 'another agency’s administrator');
      assert.equal((await columnId('art20_13')).version, col.version);
    });

    it('redirects (301) from a renamed column’s old URL, keeping the query, and never reuses a published URL', async () => {
      const admin = await t.login('demo-admin');
      let col = await columnId('art20_01');
      const rename = await admin.post(`/office/catalog/columns/${col.id}`, { name: '政策文件', slug: 'zcwj', updateIntervalDays: '', version: String(col.version) });
      assert.equal(rename.statusCode, 303);
      const old = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj?topic=finance');
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, '/tsj/zfxxgk/fdzdgknr/zcwj?topic=finance');
      assert.equal((await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj/feed.xml')).headers.location, '/tsj/zfxxgk/fdzdgknr/zcwj/feed.xml');
      const now = await anon.get('/tsj/zfxxgk/fdzdgknr/zcwj');
      assert.equal(now.statusCode, 200);
      assert.match(now.body, /<h1>政策文件<\/h1>/);
      col = await columnId('art20_01');
      assert.equal((await admin.post(`/office/catalog/columns/${col.id}`, { name: '政策文件', slug: 'zcwj2', version: String(col.version) })).statusCode, 303);
      assert.equal((await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj')).headers.location, '/tsj/zfxxgk/fdzdgknr/zcwj2', 'every former URL follows the column');
      assert.equal((await anon.get('/tsj/zfxxgk/fdzdgknr/zcwj')).headers.location, '/tsj/zfxxgk/fdzdgknr/zcwj2');
      const reserved = await columnId('art20_02');
      const res = await admin.post(`/office/catalog/columns/${reserved.id}`, { name: '机构职能', slug: 'content', version: String(reserved.version) });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /系统保留/);
      const other = await columnId('art20_02');
      const taken = await admin.post(`/office/catalog/columns/${other.id}`, { name: '机构职能', slug: 'zcwj', version: String(other.version) });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /曾属于其他栏目/);
      col = await columnId('art20_01');
      assert.equal((await admin.post(`/office/catalog/columns/${col.id}`, { name: '行政法规、规章和规范性文件', slug: 'fgwj', version: String(col.version) })).statusCode, 303);
      assert.equal((await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj')).statusCode, 200, 'back to its first URL');
      assert.equal((await anon.get('/tsj/zfxxgk/fdzdgknr/zcwj2')).headers.location, '/tsj/zfxxgk/fdzdgknr/fgwj');
      const audit = await t.db.selectFrom('auditEvents').select('summary').where('action', '=', 'catalog.column.update').where('entityId', '=', String(col.id)).execute();
      assert.equal(audit.length, 3);
    });

    it('lists a column 20 to a page with filters by topic, year and validity, and sorts by title', async () => {
      const first = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj');
      assert.equal(itemTitles(first.body).length, 20);
      assert.match(first.body, /共 25 条信息/);
      assert.match(first.body, /<nav class="pager" aria-label="分页">/);
      const second = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj?page=2');
      assert.equal(itemTitles(second.body).length, 5);
      assert.equal(new Set([...itemTitles(first.body), ...itemTitles(second.body)]).size, 25, 'no item twice');
      const finance = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj?topic=finance');
      assert.match(finance.body, /共 12 条信息/);
      const lastYear = await anon.get(`/tsj/zfxxgk/fdzdgknr/fgwj?year=${thisYear - 1}`);
      assert.match(lastYear.body, /共 8 条信息/);
      const abolished = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj?validity=abolished');
      assert.deepEqual(itemTitles(abolished.body), ['示例市发展和改革局关于规范第04项工作的通知']);
      assert.match(abolished.body, /class="mark mark-abolished">已废止/);
      const byTitle = itemTitles((await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj?sort=title')).body);
      assert.deepEqual(byTitle, [...byTitle].sort());
      assert.equal(byTitle[0], '示例市发展和改革局关于规范第01项工作的通知');
      const ignored = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj?topic=bogus&page=abc');
      assert.equal(ignored.statusCode, 200);
      assert.match(ignored.body, /共 25 条信息/);
      // The 法定主动公开内容 page lists every statutory item and filters by sub-column.
      const all = await anon.get('/tsj/zfxxgk/fdzdgknr?category=art20_03');
      assert.deepEqual(itemTitles(all.body), ['示例市重点项目投资计划']);
    });

    it('shows the publication with the 8-field metadata table above the body, attachments and the revision note', async () => {
      const res = await anon.get(`/tsj/zfxxgk/content/${ids.revised}`);
      assert.equal(res.statusCode, 200);
      const table = /<dl class="meta-table"[^>]*>([\s\S]*?)<\/dl>/.exec(res.body);
      assert.ok(table);
      const labels = [...table[1]!.matchAll(/<dt>([^<]*)<\/dt>/g)].map((m) => m[1]);
      for (const l of ['索引号', '主题分类', '发布机构', '成文日期', '发布日期', '文号', '有效性', '名称']) assert.ok(labels.includes(l), l);
      assert.ok(res.body.indexOf('class="meta-table"') < res.body.indexOf('class="article-body"'), 'metadata above the body');
      assert.match(table[1]!, /<dd>示发改〔2026〕88号<\/dd>/);
      assert.match(table[1]!, new RegExp(`<dd>${thisYear}-02-01</dd>`), '发布日期 is the first publication');
      assert.match(res.body, /href="\/files\/\d+">重点项目表\.pdf<\/a>/);
      assert.match(res.body, new RegExp(`本文于 <time[^>]*>${thisYear}-02-05 14:30</time> 修订`));
      const meta = metaTags(res.body);
      assert.equal(meta.ArticleTitle, '示例市重点项目投资计划');
      assert.equal(meta.PubDate, `${thisYear}-02-01 10:00`);
      assert.equal(meta.ColumnName, '国民经济和社会发展规划、专项规划、区域规划及相关政策');
      assert.equal(meta.ContentSource, '示例市测试局');
      assert.equal(meta.Keywords, '重点项目,投资计划');
      assert.equal(meta.Url, `http://gk.test/tsj/zfxxgk/content/${ids.revised}`);
      assert.equal(meta.SiteDomain, 'gk.test');
      // The QR code encodes this page's URL.
      assert.match(res.body, /扫描二维码随身看资讯/);
    });

    it('marks an abolished document on its own page', async () => {
      const res = await anon.get(`/tsj/zfxxgk/content/${ids.doc3}`);
      assert.match(res.body, new RegExp(`本文件已于${thisYear}-10-01废止`));
      assert.match(res.body, /<dt>有效性<\/dt><dd>废止<\/dd>/);
    });

    it('answers a withdrawn item with a notice and 410, never 404; unknown items are 404', async () => {
      const res = await anon.get(`/tsj/zfxxgk/content/${ids.withdrawn}`);
      assert.equal(res.statusCode, 410);
      assert.match(res.body, /该信息已撤回/);
      assert.match(res.body, /内容有误，已重新发布/);
      assert.match(res.body, /已撤回的价格通知/);
      assert.equal((await anon.get('/tsj/zfxxgk/content/999999')).statusCode, 404);
      assert.equal((await anon.get(`/czj/zfxxgk/content/${ids.revised}`)).statusCode, 404, 'another agency’s URL');
      const list = await anon.get('/tsj/zfxxgk/fdzdgknr/xzsf');
      assert.doesNotMatch(list.body, /已撤回的价格通知/);
    });

    it('serves Atom feeds per agency and per column that parse as XML, with absolute URLs', async () => {
      const agencyFeed = await anon.get('/tsj/zfxxgk/feed.xml');
      assert.equal(agencyFeed.statusCode, 200);
      assert.match(String(agencyFeed.headers['content-type']), /^application\/atom\+xml/);
      const doc = parseXml(agencyFeed.body);
      assert.equal(doc.root, 'feed');
      const entries = doc.elements.filter((e) => e.name === 'entry');
      assert.equal(entries.length, 27, "25 documents, the news item and the revised plan; not the withdrawn one");
      const links = doc.elements.filter((e) => e.name === 'link' && e.attrs.rel === 'alternate').map((e) => e.attrs.href!);
      assert.ok(links.every((l) => l.startsWith('http://gk.test/')));
      assert.ok(doc.elements.some((e) => e.name === 'title' && e.text === `${SCRIPT}工作动态`), 'the title survives, escaped');
      const column = parseXml((await anon.get('/tsj/gzdt/feed.xml')).body);
      assert.deepEqual(
        column.elements.filter((e) => e.name === 'entry').length,
        1,
      );
      assert.equal(parseXml((await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj/feed.xml')).body).elements.filter((e) => e.name === 'entry').length, 25);
      assert.match((await anon.get('/tsj/zfxxgk')).body, /<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/tsj\/zfxxgk\/feed.xml"/);
    });

    it('lists agencies, visible columns and publications in /sitemap.xml', async () => {
      const res = await anon.get('/sitemap.xml');
      assert.equal(res.statusCode, 200);
      const doc = parseXml(res.body);
      assert.equal(doc.root, 'urlset');
      const locs = doc.elements.filter((e) => e.name === 'loc').map((e) => e.text);
      assert.ok(locs.includes('http://gk.test/tsj'));
      assert.ok(locs.includes('http://gk.test/tsj/zfxxgk'));
      assert.ok(locs.includes('http://gk.test/czj/zfxxgk/fdzdgknr/fgwj'));
      assert.ok(locs.includes(`http://gk.test/tsj/zfxxgk/content/${ids.revised}`));
      assert.ok(!locs.includes(`http://gk.test/tsj/zfxxgk/content/${ids.withdrawn}`), 'withdrawn items are left out');
      assert.ok(!locs.includes('http://gk.test/tsj/qt'), 'hidden columns are left out');
      assert.equal(new Set(locs).size, locs.length);
    });

    it('splits the sitemap into an index of parts above the per-file limit, every URL in exactly one part', async () => {
      const whole = parseXml((await anon.get('/sitemap.xml')).body).elements.filter((e) => e.name === 'loc').map((e) => e.text);
      const saved = sitemapOptions.limit;
      sitemapOptions.limit = 10;
      bumpContentVersion();
      try {
        const index = parseXml((await anon.get('/sitemap.xml')).body);
        assert.equal(index.root, 'sitemapindex');
        const parts = index.elements.filter((e) => e.name === 'loc').map((e) => e.text);
        const publications = whole.filter((l) => l.includes('/content/')).length;
        assert.equal(parts.length, 1 + Math.ceil(publications / 10));
        const all: string[] = [];
        for (const loc of parts) {
          const part = await anon.get(loc.replace('http://gk.test', ''));
          assert.equal(part.statusCode, 200);
          const doc = parseXml(part.body);
          assert.equal(doc.root, 'urlset');
          all.push(...doc.elements.filter((e) => e.name === 'loc').map((e) => e.text));
        }
        assert.deepEqual([...all].sort(), [...whole].sort());
        assert.equal((await anon.get(`/sitemap.xml?part=${parts.length + 1}`)).statusCode, 404);
      } finally {
        sitemapOptions.limit = saved;
        bumpContentVersion();
      }
    });

    it('sends ETag, Last-Modified and a public Cache-Control, and 304 on If-None-Match or If-Modified-Since', async () => {
      const first = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj');
      const etag = String(first.headers.etag);
      assert.match(etag, /^"[\w-]+"$/);
      assert.match(String(first.headers['cache-control']), /public, max-age=\d+, stale-while-revalidate=\d+/);
      assert.ok(first.headers['last-modified']);
      assert.equal(first.headers['set-cookie'], undefined, 'a cacheable page sets no cookie');
      assert.match(String(first.headers.vary), /Cookie/);
      const again = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj', { 'if-none-match': etag });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      const since = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj', { 'if-modified-since': String(first.headers['last-modified']) });
      assert.equal(since.statusCode, 304);
      const stale = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj', { 'if-none-match': '"something-else"' });
      assert.equal(stale.statusCode, 200);
      assert.equal(stale.body, first.body);
      // Reading preferences are part of the page: a large-font reader gets another page.
      const large = await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj', { cookie: 'gk_prefs=f-2.c-n.s-hans' });
      assert.notEqual(large.headers.etag, etag);
      assert.match(large.body, /class="font-2"/);
      // The office is never cached.
      assert.equal((await (await t.login('demo-admin')).get('/office/catalog')).headers['cache-control'], 'no-store');
    });

    it('serves a hot page from memory, and shows a new item at once after a publish', async () => {
      const before = await anon.get('/tsj/gzdt');
      // A write elsewhere in this process (a login's audit event settling) may legitimately
      // drop the cache once between two reads; with nothing changing, a read must hit within a few.
      let again = await anon.get('/tsj/gzdt');
      for (let i = 0, hits = t.app.pageCache.hits; i < 3; i++, hits = t.app.pageCache.hits) {
        again = await anon.get('/tsj/gzdt');
        if (t.app.pageCache.hits === hits + 1) break;
        assert.ok(i < 2, 'a repeated read is served from memory');
      }
      assert.equal(again.body, before.body);
      await add('fresh', { title: '刚刚发布的工作动态', category: 'work_news', publishedAt: new Date().toISOString() });
      const after = await anon.get('/tsj/gzdt');
      assert.match(after.body, /刚刚发布的工作动态/);
      assert.notEqual(after.headers.etag, before.headers.etag);
      assert.equal((await anon.get('/tsj/gzdt', { 'if-none-match': String(before.headers.etag) })).statusCode, 200, 'the old ETag no longer matches');
    });

    it('invalidates the cache when a column changes', async () => {
      const admin = await t.login('demo-admin');
      const before = await anon.get('/tsj/zfxxgk');
      const col = await columnId('art21_public_security');
      assert.equal((await admin.post(`/office/catalog/columns/${col.id}/hide`, { reason: '治安管理不属于本机关职能', version: String(col.version) })).statusCode, 303);
      const after = await anon.get('/tsj/zfxxgk');
      assert.notEqual(after.body, before.body);
      assert.match(after.body, /治安管理不属于本机关职能/);
    });

    it('escapes <script> in titles and column names on every page', async () => {
      const admin = await t.login('demo-admin');
      const col = await columnId('personnel');
      assert.equal((await admin.post(`/office/catalog/columns/${col.id}`, { name: `人事${SCRIPT}`, slug: 'rsxx', version: String(col.version) })).statusCode, 303);
      const pages = ['/', '/tsj', '/tsj/zfxxgk', '/tsj/gzdt', '/tsj/rsxx', `/tsj/zfxxgk/content/${ids.news}`, '/tsj/gzdt/feed.xml', '/tsj/zfxxgk/feed.xml', `/office/catalog/${fgj}`, `/office/catalog/columns/${col.id}`];
      for (const url of pages) {
        const res = url.startsWith('/office') ? await admin.get(url) : await anon.get(url);
        assert.equal(res.statusCode, 200, url);
        assert.ok(!res.body.includes(SCRIPT), `${url} has no raw script`);
      }
      const news = (await anon.get(`/tsj/zfxxgk/content/${ids.news}`)).body;
      assert.match(news, /&lt;script>alert\(1\)&lt;\/script>工作动态/);
      assert.doesNotMatch(news, /onclick|javascript:/, 'the body is sanitized on the way out too');
      assert.match(news, /正文/);
      assert.match((await anon.get('/tsj/rsxx')).body, /人事&lt;script>/);
    });

    it('carries the government-site meta tags on every portal page', async () => {
      for (const url of ['/tsj', '/tsj/zfxxgk', '/tsj/zfxxgk/zfxxgkzn', '/tsj/zfxxgk/zfxxgkzd', '/tsj/zfxxgk/fdzdgknr', '/tsj/zfxxgk/zfxxgknb', '/tsj/zfxxgk/ysqgk', '/tsj/gzdt']) {
        const meta = metaTags((await anon.get(url)).body);
        for (const name of ['SiteName', 'SiteDomain', 'ColumnName', 'ColumnType', 'ContentSource', 'Keywords', 'Description', 'Url']) {
          assert.ok(meta[name], `${url} has ${name}`);
        }
        assert.equal(meta.Url, `http://gk.test${url}`);
      }
      assert.match(metaTags((await anon.get('/tsj/zfxxgk/fdzdgknr/fgwj')).body).PubDate!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'the newest item, as YYYY-MM-DD HH:mm');
      const guide = metaTags((await anon.get('/tsj/zfxxgk/zfxxgkzn')).body);
      assert.equal(guide.ColumnType, '信息公开指南');
      assert.equal(metaTags((await anon.get('/tsj/zfxxgk/zfxxgknb')).body).ColumnType, '信息公开年报');
    });

    it('draws the publishing and the request procedures on the guide page; 依申请公开 leads to a form that really submits', async () => {
      const guide = await anon.get('/tsj/zfxxgk/zfxxgkzn');
      assert.match(guide.body, /主动公开工作流程图/);
      assert.match(guide.body, /依申请公开工作流程图/);
      // Each chart twice: the wide grid and the narrow column a phone shows.
      assert.equal([...guide.body.matchAll(/<svg class="wf-wide" [^>]*aria-labelledby="wf-/g)].length, 2);
      assert.equal([...guide.body.matchAll(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="wf-narrow" [^>]*aria-labelledby="wf-/g)].length, 2);
      const apply = await anon.get('/tsj/zfxxgk/ysqgk');
      assert.match(apply.body, /href="\/tsj\/zfxxgk\/ysqgk\/apply"/);
      const form = await anon.get('/tsj/zfxxgk/ysqgk/apply');
      assert.match(form.body, /<form method="post" action="\/tsj\/zfxxgk\/ysqgk\/apply"/);
    });

    it('lists annual reports by year and alerts when last year’s is missing after its due date', async () => {
      const reportYear = thisYear - 1;
      const status = annualReportStatus('department', [], chinaDateOf(new Date()));
      const before = await anon.get('/tsj/zfxxgk/zfxxgknb');
      assert.equal(/class="alert alert-warning"/.test(before.body), status.state === 'overdue' || status.state === 'due_today');
      await add('report', { title: `示例市发展和改革局${reportYear}年政府信息公开工作年度报告`, category: 'annual_report', publishedAt: `${thisYear}-01-15T02:00:00.000Z` });
      await add('oldReport', { title: `示例市发展和改革局${reportYear - 1}年政府信息公开工作年度报告`, category: 'annual_report', publishedAt: `${thisYear - 1}-01-20T02:00:00.000Z` });
      const res = await anon.get('/tsj/zfxxgk/zfxxgknb');
      assert.doesNotMatch(res.body, /class="alert alert-warning"/);
      const years = [...res.body.matchAll(/<h2>(\d{4})年度<\/h2>/g)].map((m) => Number(m[1]));
      assert.deepEqual(years, [reportYear, reportYear - 1]);
    });

    it('keeps an agency’s old URLs working (301) when its slug changes, and never gives them to another agency', async () => {
      const sthjj = await t.db.selectFrom('agencies').select(['id', 'version']).where('slug', '=', 'sthjj').executeTakeFirstOrThrow();
      await updateAgency(t.db, SYSTEM_ACTOR, sthjj.id, { slug: 'sthj', version: sthjj.version });
      for (const [from, to] of [
        ['/sthjj', '/sthj'],
        ['/sthjj/zfxxgk', '/sthj/zfxxgk'],
        ['/sthjj/zfxxgk/fdzdgknr/jdjc?page=2', '/sthj/zfxxgk/fdzdgknr/jdjc?page=2'],
        ['/sthjj/zfxxgk/feed.xml', '/sthj/zfxxgk/feed.xml'],
        ['/sthjj/gzdt', '/sthj/gzdt'],
      ]) {
        const res = await anon.get(from!);
        assert.equal(res.statusCode, 301, from);
        assert.equal(res.headers.location, to);
      }
      assert.equal((await anon.get('/sthj/zfxxgk')).statusCode, 200);
      const czj = await t.db.selectFrom('agencies').select(['id', 'version']).where('slug', '=', 'czj').executeTakeFirstOrThrow();
      await assert.rejects(updateAgency(t.db, SYSTEM_ACTOR, czj.id, { slug: 'sthjj', version: czj.version }), /曾被其他机关使用/);
      const back = await t.db.selectFrom('agencies').select('version').where('id', '=', sthjj.id).executeTakeFirstOrThrow();
      await updateAgency(t.db, SYSTEM_ACTOR, sthjj.id, { slug: 'sthjj', version: back.version });
      assert.equal((await anon.get('/sthjj/zfxxgk')).statusCode, 200, 'taking its old slug back');
      assert.equal((await anon.get('/sthj/zfxxgk')).headers.location, '/sthjj/zfxxgk');
    });

    it('shows column health and the annual-report state to those who manage columns', async () => {
      const admin = await t.login('demo-admin');
      const page = await admin.get(`/office/catalog/${fgj}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /栏目健康/);
      assert.match(page.body, /空白栏目：\d+ 个/);
      const dash = await admin.get('/office');
      assert.match(dash.body, /栏目健康/);
      const editor = await t.login('demo-editor');
      assert.doesNotMatch((await editor.get('/office')).body, /栏目健康/);
      assert.equal(csrfOf(page.body).length > 0, true);
    });
  });
}
