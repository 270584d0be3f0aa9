import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, ENGINES, json, type Client, type TestApp } from '../../../test/helpers.js';
import { parseXml } from '../../../test/xml.js';
import { chinaDateOf } from '../../lib/dates.js';

/**
 * The portal against the real publications workflow: what the office publishes
 * or withdraws shows on the cached portal pages at once, with no waiting for a
 * cache to expire.
 */
for (const engine of ENGINES) {
  describe(`${engine}: the portal follows the publication workflow`, () => {
    let t: TestApp;
    let editor: Client;
    let reviewer: Client;
    let anon: Client;
    const today = chinaDateOf(new Date());

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      [editor, reviewer] = await Promise.all([t.login('demo-editor'), t.login('demo-reviewer')]);
      anon = t.anonymous();
    });
    after(() => t.close());

    async function act(c: Client, id: number, body: Record<string, unknown>) {
      const res = await c.api('POST', `/api/v1/publications/${id}/transitions`, body);
      assert.equal(res.statusCode, 200, res.body);
      return json(res);
    }

    it('a publish shows on the warmed list, feed and home pages at once; a withdrawal turns the page into a notice', async () => {
      const title = '示例市发展和改革局关于开展2026年度重点项目集中开工活动的通知';
      const pages = ['/fgj/zfxxgk/fdzdgknr/ghxx', '/fgj/zfxxgk', '/fgj', '/fgj/zfxxgk/fdzdgknr/ghxx/feed.xml'];
      for (const url of pages) {
        assert.doesNotMatch((await anon.get(url)).body, new RegExp(title));
        assert.equal((await anon.get(url)).statusCode, 200);
      }
      // A write elsewhere in this process may legitimately drop the cache once between two
      // reads; with nothing changing, a repeated read must be served from memory within a few.
      for (let i = 0, hits = t.app.pageCache.hits; i < 3; i++, hits = t.app.pageCache.hits) {
        await anon.get(pages[0]!);
        if (t.app.pageCache.hits === hits + 1) break;
        assert.ok(i < 2, 'the list is served from memory');
      }

      const draft = await editor.api('POST', '/api/v1/publications', {
        title,
        summary: '部署全市重点项目集中开工活动。',
        body: '<p>各有关单位：</p><p>为加快推进重点项目建设，定于近期开展集中开工活动。</p>',
        documentNumber: '示发改〔2026〕101号',
        writtenDate: today,
        formedDate: today,
        category: 'art20_03',
        topic: 'economy',
        genre: 'notice',
        keywords: ['重点项目', '集中开工'],
      });
      assert.equal(draft.statusCode, 201, draft.body);
      const id = json(draft).id as number;
      await act(editor, id, { action: 'submit' });
      await act(reviewer, id, { action: 'approve', confidentiality: 'cleared', comment: '同意' });
      const published = await act(reviewer, id, { action: 'publish' });
      assert.equal(published.state, 'published');

      for (const url of pages) assert.match((await anon.get(url)).body, new RegExp(title), url);
      const feed = parseXml((await anon.get('/fgj/zfxxgk/fdzdgknr/ghxx/feed.xml')).body);
      assert.ok(feed.elements.some((e) => e.name === 'id' && e.text === `http://gk.test/fgj/zfxxgk/content/${id}`));

      const page = await anon.get(`/fgj/zfxxgk/content/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<dt>索引号<\/dt><dd>[^<]+\/\d{4}-\d{5}<\/dd>/);
      assert.match(page.body, /<dt>文号<\/dt><dd>示发改〔2026〕101号<\/dd>/);

      await act(reviewer, id, { action: 'withdraw', comment: '活动时间调整，另行通知' });
      const gone = await anon.get(`/fgj/zfxxgk/content/${id}`);
      assert.equal(gone.statusCode, 410);
      assert.match(gone.body, /活动时间调整，另行通知/);
      assert.doesNotMatch((await anon.get(pages[0]!)).body, new RegExp(title), 'the list drops it at once');
    });
  });
}
