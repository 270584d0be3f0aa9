import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DISCLOSURE_CATEGORIES } from '../publications/categories.js';
import {
  buildTree,
  categoriesOf,
  columnOfCategory,
  defaultColumns,
  FIXED_COLUMNS,
  filterQuery,
  parseListFilters,
  renameInput,
  reportYearOf,
  type Column,
} from './catalog.js';

/** The default columns as rows with ids, the way the service builds them. */
function seededColumns(): Column[] {
  const seeds = defaultColumns();
  const ids = new Map(seeds.map((s, i) => [s.key, i + 1]));
  const paths = new Map<string, string>();
  return seeds.map((s) => {
    const path = s.parentKey ? `${paths.get(s.parentKey)}/${s.slug}` : s.slug;
    paths.set(s.key, path);
    return {
      id: ids.get(s.key)!,
      agencyId: 1,
      key: s.key,
      parentId: s.parentKey ? ids.get(s.parentKey)! : null,
      kind: s.kind,
      category: s.category,
      name: s.name,
      slug: s.slug,
      path,
      article: s.article,
      fixed: s.fixed,
      hidden: s.hidden,
      hiddenReason: s.hiddenReason,
      sortOrder: s.sortOrder,
      updateIntervalDays: null,
      emptyReason: '',
      version: 1,
    };
  });
}

describe('the national column structure', () => {
  it('is titled 政府信息公开 with the five first-level sub-columns in the national order and default slugs', () => {
    const tree = buildTree(seededColumns());
    assert.equal(tree.root.name, '政府信息公开');
    assert.equal(tree.root.path, 'zfxxgk');
    assert.deepEqual(
      tree.disclosure.map((c) => [c.name, c.path]),
      [
        ['政府信息公开指南', 'zfxxgk/zfxxgkzn'],
        ['政府信息公开制度', 'zfxxgk/zfxxgkzd'],
        ['法定主动公开内容', 'zfxxgk/fdzdgknr'],
        ['政府信息公开年报', 'zfxxgk/zfxxgknb'],
        ['依申请公开', 'zfxxgk/ysqgk'],
      ],
    );
    assert.ok(tree.disclosure.every((c) => c.fixed && !c.hidden), 'all five fixed and shown by default');
  });

  it('seeds 法定主动公开内容 with one column per Art. 20 item (15) and Art. 21 county area (7), each with its article', () => {
    const tree = buildTree(seededColumns());
    const art20 = tree.statutory.filter((c) => c.article.startsWith('第二十条'));
    const art21 = tree.statutory.filter((c) => c.article === '第二十一条');
    assert.equal(art20.length, 15);
    assert.equal(art21.length, 7);
    assert.equal(tree.statutory.length, 22);
    assert.equal(art20[0]!.article, '第二十条第（一）项');
    assert.equal(art20[14]!.article, '第二十条第（十五）项');
    assert.equal(art20[0]!.path, 'zfxxgk/fdzdgknr/fgwj');
    for (const c of tree.statutory) {
      assert.equal(c.kind, 'list');
      assert.equal(c.name, DISCLOSURE_CATEGORIES[c.category!].label, 'each statutory column maps to its category');
      assert.ok(!c.fixed, 'statutory columns may be hidden when they do not apply');
    }
  });

  it('maps the first-level list columns to their categories and keeps keys and paths unique', () => {
    const cols = seededColumns();
    const tree = buildTree(cols);
    assert.equal(columnOfCategory(tree, 'disclosure_rules')?.key, 'zfxxgkzd');
    assert.equal(columnOfCategory(tree, 'annual_report')?.key, 'zfxxgknb');
    assert.equal(columnOfCategory(tree, 'work_news')?.path, 'gzdt');
    assert.equal(categoriesOf(tree, tree.statutoryParent).length, 22);
    assert.equal(new Set(cols.map((c) => c.key)).size, cols.length);
    assert.equal(new Set(cols.map((c) => c.path)).size, cols.length);
    assert.deepEqual(
      FIXED_COLUMNS.map((c) => c.slug),
      ['zfxxgk', 'zfxxgkzn', 'zfxxgkzd', 'fdzdgknr', 'zfxxgknb', 'ysqgk'],
    );
    assert.equal(tree.agencyLevel.find((c) => c.key === 'other')?.hidden, true, '其他 starts hidden so it is not a blank column');
  });

  it('keeps tree order: parents before their children, siblings by sort order', () => {
    const cols = seededColumns();
    const shuffled = [...cols].reverse();
    const tree = buildTree(shuffled);
    assert.equal(tree.all[0]!.key, 'zfxxgk');
    const fd = tree.all.findIndex((c) => c.key === 'fdzdgknr');
    assert.equal(tree.all[fd + 1]!.key, 'art20_01');
    assert.equal(tree.all.length, cols.length);
  });
});

describe('column slugs', () => {
  it('accepts a lowercase slug and refuses malformed ones (reserved ones are refused by the service)', () => {
    const ok = renameInput.safeParse({ name: '政策文件', slug: 'ZCWJ', updateIntervalDays: '', version: '1' });
    assert.ok(ok.success);
    assert.equal(ok.data.slug, 'zcwj');
    assert.equal(ok.data.updateIntervalDays, null);
    for (const slug of ['1abc', 'a', 'has space', '中文', 'a'.repeat(33)]) {
      assert.equal(renameInput.safeParse({ name: '政策文件', slug, version: 1 }).success, false, slug);
    }
    assert.equal(renameInput.safeParse({ name: '政策文件', slug: 'zcwj', updateIntervalDays: '0', version: 1 }).success, false);
  });
});

describe('list filters from the query string', () => {
  it('reads known values and ignores unknown ones', () => {
    const f = parseListFilters({ topic: 'finance', year: '2025', validity: 'abolished', sort: 'title', page: '3', category: 'art20_07', q: ' 预算 ' }, [
      'art20_07',
    ]);
    assert.deepEqual(f, { category: 'art20_07', topic: 'finance', year: 2025, validity: 'abolished', q: '预算', sort: 'title', page: 3 });
    const bad = parseListFilters({ topic: 'nope', year: '20x5', validity: 'gone', sort: 'x', page: '-1', category: 'art20_07' }, ['work_news']);
    assert.deepEqual(bad, { category: undefined, topic: undefined, year: undefined, validity: undefined, q: undefined, sort: 'date', page: 1 });
  });

  it('writes a query string without defaults, so the first page has the plain URL', () => {
    const f = parseListFilters({ topic: 'finance', page: '2' }, []);
    assert.equal(filterQuery(f), '?topic=finance&page=2');
    assert.equal(filterQuery(f, { page: 1 }), '?topic=finance');
    assert.equal(filterQuery(parseListFilters({}, [])), '');
  });
});

describe('annual report year', () => {
  it('comes from the title, else the year before publication (China time)', () => {
    assert.equal(reportYearOf('示例市发展和改革局2025年政府信息公开工作年度报告', '2026-01-20T02:00:00.000Z'), 2025);
    assert.equal(reportYearOf('2024年度政府信息公开工作报告', '2026-01-20T02:00:00.000Z'), 2024);
    assert.equal(reportYearOf('政府信息公开工作年度报告', '2026-01-20T02:00:00.000Z'), 2025);
    // 2025-12-31 17:00 UTC is already 2026-01-01 in China.
    assert.equal(reportYearOf('政府信息公开工作年度报告', '2025-12-31T17:00:00.000Z'), 2025);
  });
});
