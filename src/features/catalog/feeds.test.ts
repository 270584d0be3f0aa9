import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseXml } from '../../../test/xml.js';
import { atomFeed, sitemapIndex, sitemapUrlset, xmlText } from './feeds.js';

const nasty = '<script>alert("x")</script> & 关于“R&D”的通知 \u0001\u000b';

describe('the test XML checker', () => {
  it('rejects what is not well-formed, so the feed tests can fail', () => {
    assert.throws(() => parseXml('<a><b></a></b>'));
    assert.throws(() => parseXml('<a>R&D</a>'));
    assert.throws(() => parseXml('<a x=1/>'));
    assert.throws(() => parseXml('<a/><b/>'));
    assert.throws(() => parseXml('<a>\u0001</a>'));
    assert.equal(parseXml('<?xml version="1.0"?><a x="&amp;">t&lt;</a>').elements[0]!.text, 't<');
  });
});

describe('Atom feeds', () => {
  it('escape every text and attribute and drop characters XML forbids', () => {
    assert.equal(xmlText('a<b>&"\''), 'a&lt;b&gt;&amp;&quot;&apos;');
    assert.equal(xmlText('x\u0001y\u000bz'), 'xyz');
    const xml = atomFeed({
      title: nasty,
      pageUrl: 'http://gk.test/fgj/zfxxgk?a=1&b=2',
      selfUrl: 'http://gk.test/fgj/zfxxgk/feed.xml',
      author: '示例市发展和改革局',
      fallbackUpdated: '2026-01-01T00:00:00.000Z',
      entries: [
        {
          title: nasty,
          url: 'http://gk.test/fgj/zfxxgk/content/1',
          published: '2026-11-01T02:00:00.000Z',
          updated: '2026-11-02T02:00:00.000Z',
          authors: ['示例市发展和改革局', '示例市财政局'],
          summary: nasty,
          category: { term: 'art20_01', label: '行政法规、规章和规范性文件' },
        },
      ],
    });
    const doc = parseXml(xml);
    assert.equal(doc.root, 'feed');
    assert.ok(!xml.includes('<script>'));
    const entryTitle = doc.elements.filter((e) => e.name === 'title')[1]!;
    assert.equal(entryTitle.text, '<script>alert("x")</script> & 关于“R&D”的通知 ', 'the text survives escaping');
    assert.equal(doc.elements.find((e) => e.name === 'updated')!.text, '2026-11-02T02:00:00.000Z', 'feed updated = newest entry');
    assert.equal(doc.elements.filter((e) => e.name === 'author').length, 3);
    assert.equal(doc.elements.find((e) => e.name === 'link' && e.attrs.rel === 'alternate')!.attrs.href, 'http://gk.test/fgj/zfxxgk?a=1&b=2');
  });

  it('is valid with no entries, dated by the fallback', () => {
    const doc = parseXml(atomFeed({ title: 't', pageUrl: 'http://x/', selfUrl: 'http://x/f', author: 'a', fallbackUpdated: '2026-01-01T00:00:00.000Z', entries: [] }));
    assert.equal(doc.elements.find((e) => e.name === 'updated')!.text, '2026-01-01T00:00:00.000Z');
    assert.equal(doc.elements.filter((e) => e.name === 'entry').length, 0);
  });
});

describe('sitemaps', () => {
  it('list URLs with lastmod, and an index lists parts', () => {
    const set = parseXml(sitemapUrlset([{ loc: 'http://gk.test/a?x=1&y=2', lastmod: '2026-11-01T00:00:00.000Z' }, { loc: 'http://gk.test/b' }]));
    assert.equal(set.root, 'urlset');
    assert.deepEqual(
      set.elements.filter((e) => e.name === 'loc').map((e) => e.text),
      ['http://gk.test/a?x=1&y=2', 'http://gk.test/b'],
    );
    const index = parseXml(sitemapIndex(['http://gk.test/sitemap.xml?part=1', 'http://gk.test/sitemap.xml?part=2']));
    assert.equal(index.root, 'sitemapindex');
    assert.equal(index.elements.filter((e) => e.name === 'sitemap').length, 2);
  });
});
