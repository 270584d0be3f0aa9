import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp, ENGINES, json, type Client, type TestApp } from '../../../test/helpers.js';
import { createEmptyAgency, insertPublished, type FixtureItem } from '../../../test/publication-fixture.js';
import { bumpContentVersion } from '../../web/page-cache.js';
import { catalogSummary, generatedDate, SUMMARY_EXCERPT_CHARS } from '../publications/publication.directory.js';
import { DIRECTORY_COLUMNS, directoryCsv, type DirectoryRow } from './catalog.directory.js';

const HEADERS = ['序号', '索引号', '名称', '内容概述', '生成日期', '发布日期', '发布机构', '文号', '公开类别', '主题分类', '公开方式', '有效性', '链接'];

/** RFC 4180 fields, enough for what directoryCsv writes (quotes, commas and line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

async function sheetRows(bytes: Buffer): Promise<{ title: string; rows: string[][]; links: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  assert.equal(wb.worksheets.length, 1);
  const ws = wb.worksheets[0]!;
  const text = (v: ExcelJS.CellValue): string => (v && typeof v === 'object' && 'text' in v ? String(v.text) : v == null ? '' : String(v));
  const rows: string[][] = [];
  const links: string[] = [];
  ws.eachRow((row, n) => {
    if (n < 2) return;
    rows.push(Array.from({ length: HEADERS.length }, (_, i) => text(row.getCell(i + 1).value)));
    if (n > 2) links.push(row.getCell(HEADERS.length).hyperlink ?? '');
  });
  return { title: text(ws.getCell(1, 1).value), rows, links };
}

describe('the 目录 entry rules', () => {
  it('takes the written 内容概述, whitespace folded', () => {
    assert.deepEqual(catalogSummary('  印发实施方案，\n明确任务。 ', '<p>正文</p>'), { text: '印发实施方案， 明确任务。', fromBody: false });
  });

  it('falls back to the first 80 characters of the body text, marked', () => {
    const body = `<h2>一、总则</h2><p>${'为'.repeat(100)}</p>`;
    const s = catalogSummary('', body);
    assert.equal(s.fromBody, true);
    assert.equal(Array.from(s.text).length, SUMMARY_EXCERPT_CHARS + 1);
    assert.ok(s.text.startsWith('一、总则 为为'), s.text);
    assert.ok(s.text.endsWith('为…'));
    assert.deepEqual(catalogSummary(' ', '<p>短正文 &amp; 附表</p>'), { text: '短正文 & 附表', fromBody: true }, 'short text whole, no ellipsis, entities decoded');
  });

  it('drops a tag cut off at the end of the body head, and is empty for a body without text', () => {
    assert.deepEqual(catalogSummary('', '<p>第一段</p><p class="al'), { text: '第一段', fromBody: true });
    assert.deepEqual(catalogSummary('', '<p><img src="/files/1" alt=""></p>'), { text: '', fromBody: false });
  });

  it('dates the entry by 成文日期, else 形成或变更日期, else the China day of first publication', () => {
    assert.equal(generatedDate({ writtenDate: '2025-03-01', formedDate: '2025-03-05', publishedAt: '2025-03-10T02:00:00.000Z' }), '2025-03-01');
    assert.equal(generatedDate({ writtenDate: '', formedDate: '2025-03-05', publishedAt: '2025-03-10T02:00:00.000Z' }), '2025-03-05');
    assert.equal(generatedDate({ writtenDate: null, formedDate: null, publishedAt: '2025-12-31T17:30:00.000Z' }), '2026-01-01', 'a UTC evening is the next China day');
    assert.equal(generatedDate({ writtenDate: 'bogus', formedDate: undefined, publishedAt: null }), '');
  });

  it('writes CSV fields that contain commas, quotes or line breaks quoted, and never a formula', () => {
    const row = Object.fromEntries(DIRECTORY_COLUMNS.map((c) => [c.key, ''])) as DirectoryRow;
    const csv = directoryCsv([{ ...row, no: '1', title: '=HYPERLINK("http://x")', summary: '甲，乙,"丙"\n丁', documentNumber: '-1' }]);
    const [head, data] = parseCsv(csv.slice(1));
    assert.deepEqual(head, HEADERS);
    assert.equal(data![2], `'=HYPERLINK("http://x")`);
    assert.equal(data![3], '甲，乙,"丙"\n丁');
    assert.equal(data![7], "'-1");
  });
});

for (const engine of ENGINES) {
  describe(`${engine}: the 政府信息公开目录 (Art. 12) on the portal and in the API`, () => {
    let t: TestApp;
    let anon: Client;
    let agencyId: number;
    const ids: Record<string, number> = {};
    const LONG_BODY = `<p>${'本通知自印发之日起施行。'.repeat(12)}</p>`;

    async function add(key: string, item: Omit<FixtureItem, 'agencyId'>) {
      ids[key] = await insertPublished(t.db, { agencyId, ...item });
    }

    before(async () => {
      t = await createTestApp(engine);
      anon = t.anonymous();
      agencyId = await createEmptyAgency(t.db, 'mlj', '示例市目录局');
      await createEmptyAgency(t.db, 'kongj', '示例市空白局');
      // 2025: three items in publication order, one without a 内容概述, one abolished, one withdrawn.
      await add('plan', {
        title: '示例市2025年重点项目计划',
        category: 'art20_03',
        topic: 'economy',
        writtenDate: '2025-02-20',
        publishedAt: '2025-03-01T02:00:00.000Z',
        documentNumber: '示目〔2025〕1号',
        summary: '公布2025年重点项目，含投资额、建设内容，和"进度安排"。',
      });
      await add('bare', {
        title: '关于加强档案管理的通知',
        category: 'art20_01',
        writtenDate: '2025-04-02',
        publishedAt: '2025-04-08T02:00:00.000Z',
        summary: '',
        body: LONG_BODY,
      });
      await add('old', {
        title: '示例市收费管理办法',
        category: 'art20_08',
        topic: 'finance',
        writtenDate: '2025-05-01',
        publishedAt: '2025-05-06T02:00:00.000Z',
        validity: 'abolished',
        validityDate: '2025-09-01',
      });
      await add('gone', {
        title: '已撤回的公告',
        category: 'notices',
        publishedAt: '2025-06-01T02:00:00.000Z',
        withdrawn: { at: '2025-06-02T02:00:00.000Z', reason: '重复发布' },
      });
      // Published on 1 January 2026 China time, the evening of 31 December UTC: the 2026 目录, not 2025's.
      await add('newYear', { title: '2026年元旦值班安排', category: 'notices', publishedAt: '2025-12-31T17:00:00.000Z', writtenDate: '2025-12-30' });
      bumpContentVersion();
    });
    after(() => t.close());

    it('shows 内容概述 and 生成日期 in each list row, as named pairs', async () => {
      const res = await anon.get('/mlj/zfxxgk/fdzdgknr/ghxx');
      assert.equal(res.statusCode, 200);
      const row = /<ul class="catalog-list">([\s\S]*?)<\/ul>/.exec(res.body)![1]!;
      assert.match(row, /<dt class="visually-hidden">内容概述<\/dt><dd>公布2025年重点项目，含投资额、建设内容，和&quot;进度安排&quot;。<\/dd>/);
      assert.match(row, /<dt>生成日期<\/dt><dd><time dateTime="2025-02-20">2025-02-20<\/time><\/dd>/i);
      assert.match(row, /<dt>发布日期<\/dt><dd><time dateTime="2025-03-01T02:00:00.000Z">2025-03-01<\/time><\/dd>/i);
      assert.match(row, /<dt>索引号<\/dt>/);
      const bare = await anon.get('/mlj/zfxxgk/fdzdgknr/fgwj');
      assert.match(bare.body, /<dd>(本通知自印发之日起施行。){6}本通知自印发之日…<\/dd>/, 'no summary: the first 80 characters of the body');
    });

    it('shows 生成日期, 内容概述 and 公开方式 in the item page’s metadata table', async () => {
      const res = await anon.get(`/mlj/zfxxgk/content/${ids.plan}`);
      const table = /<dl class="meta-table"[^>]*>([\s\S]*?)<\/dl>/.exec(res.body)![1]!;
      assert.match(table, /<dt>生成日期<\/dt><dd>2025-02-20<\/dd>/);
      assert.match(table, /<dt>公开方式<\/dt><dd>主动公开<\/dd>/);
      assert.match(table, /<div class="wide"><dt>内容概述<\/dt><dd>公布2025年重点项目/);
      const bare = await anon.get(`/mlj/zfxxgk/content/${ids.bare}`);
      assert.match(bare.body, /<dt>内容概述<\/dt><dd>本通知自印发之日起施行。/);
    });

    it('gives catalogSummary and generatedDate in the API list, and declares them in the OpenAPI document', async () => {
      const res = await anon.get('/api/v1/publications?agency=mlj&year=2025&sort=title');
      assert.equal(res.statusCode, 200);
      const items = json(res).items as Record<string, unknown>[];
      const byId = new Map(items.map((i) => [i.id, i]));
      assert.equal(items.length, 3);
      assert.deepEqual(
        { summary: byId.get(ids.plan)!.summary, catalogSummary: byId.get(ids.plan)!.catalogSummary, generatedDate: byId.get(ids.plan)!.generatedDate, writtenDate: byId.get(ids.plan)!.writtenDate },
        { summary: '公布2025年重点项目，含投资额、建设内容，和"进度安排"。', catalogSummary: '公布2025年重点项目，含投资额、建设内容，和"进度安排"。', generatedDate: '2025-02-20', writtenDate: '2025-02-20' },
      );
      assert.equal(byId.get(ids.bare)!.summary, '', 'the written summary stays what the office wrote');
      assert.match(String(byId.get(ids.bare)!.catalogSummary), /^本通知自印发之日起施行。.*…$/);
      const detail = json(await anon.get(`/api/v1/publications/${ids.bare}`));
      assert.equal(detail.generatedDate, '2025-04-02');
      const doc = json(await anon.get('/api/v1/openapi.json'));
      const listItems = doc.paths['/api/v1/publications'].get.responses['200'].content['application/json'].schema.properties.items.items;
      // The list answers public items, or with `state` the agency's drafts: the public shape comes first.
      const item = listItems.anyOf?.[0] ?? listItems;
      for (const p of ['catalogSummary', 'generatedDate']) assert.ok(item.required.includes(p), p);
      for (const p of ['summary', 'catalogSummary', 'generatedDate']) assert.equal(item.properties[p]?.type, 'string', p);
    });

    it('lists the years under /zfxxgk/ml and links the 目录 from the disclosure home and the list columns', async () => {
      const index = await anon.get('/mlj/zfxxgk/ml');
      assert.equal(index.statusCode, 200);
      for (const y of [2025, 2026]) {
        assert.match(index.body, new RegExp(`href="/mlj/zfxxgk/ml/${y}">${y}年政府信息公开目录</a>`));
        assert.match(index.body, new RegExp(`href="/mlj/zfxxgk/ml/${y}.csv"`));
        assert.match(index.body, new RegExp(`href="/mlj/zfxxgk/ml/${y}.xlsx"`));
      }
      assert.doesNotMatch(index.body, /href="\/mlj\/zfxxgk\/ml\/2024"/, 'no year before the first publication');
      assert.match((await anon.get('/mlj/zfxxgk')).body, /href="\/mlj\/zfxxgk\/ml"/);
      assert.match((await anon.get('/mlj/zfxxgk/fdzdgknr/fgwj?year=2025')).body, /href="\/mlj\/zfxxgk\/ml\/2025">2025年政府信息公开目录/);
    });

    it('prints the year’s 目录 as a table with a header per field and a row per public item, in publication order', async () => {
      const res = await anon.get('/mlj/zfxxgk/ml/2025');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>示例市目录局2025年政府信息公开目录<\/h1>/);
      const table = /<table class="directory-table">([\s\S]*?)<\/table>/.exec(res.body)![1]!;
      assert.deepEqual([...table.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]), HEADERS);
      const body = /<tbody>([\s\S]*)<\/tbody>/.exec(table)![1]!;
      const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
      assert.equal(rows.length, 3);
      assert.match(rows[0]!, /<a href="http:\/\/gk\.test\/mlj\/zfxxgk\/content\/\d+">示例市2025年重点项目计划<\/a>/);
      assert.match(rows[0]!, /<td class="col-generatedDate">2025-02-20<\/td>/);
      assert.match(rows[0]!, /<td class="col-disclosure">主动公开<\/td>/);
      assert.match(rows[1]!, /关于加强档案管理的通知/);
      assert.match(rows[2]!, /<td class="col-validity">废止<\/td>/);
      assert.doesNotMatch(body, /已撤回的公告/);
      assert.doesNotMatch(body, /元旦值班/, 'published on 1 January 2026 China time');
      assert.match((await anon.get('/mlj/zfxxgk/ml/2026')).body, /2026年元旦值班安排/);
    });

    it('downloads the same rows as CSV, UTF-8 with a BOM', async () => {
      const res = await anon.get('/mlj/zfxxgk/ml/2025.csv');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(String(res.headers['content-disposition']), /^attachment; .*filename\*=UTF-8''/);
      assert.ok(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'BOM');
      const [head, ...rows] = parseCsv(res.rawPayload.subarray(3).toString('utf8'));
      assert.deepEqual(head, HEADERS);
      assert.equal(rows.length, 3);
      const plan = rows[0]!;
      assert.deepEqual(plan.slice(0, 8), ['1', plan[1], '示例市2025年重点项目计划', '公布2025年重点项目，含投资额、建设内容，和"进度安排"。', '2025-02-20', '2025-03-01', '示例市目录局', '示目〔2025〕1号']);
      assert.match(plan[1]!, /^\w{18}\/2025-\d{5}$/);
      assert.deepEqual(plan.slice(8), ['国民经济和社会发展规划、专项规划、区域规划及相关政策', '国民经济管理、国有资产监管', '主动公开', '有效', `http://gk.test/mlj/zfxxgk/content/${ids.plan}`]);
      assert.equal(rows[1]![0], '2');
      assert.match(rows[1]![3]!, /^本通知自印发之日起施行。.*…$/);
      assert.equal(rows[2]![11], '废止');
    });

    it('downloads the same rows as XLSX: a title, the header row, the data with links', async () => {
      const res = await anon.get('/mlj/zfxxgk/ml/2025.xlsx');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const { title, rows, links } = await sheetRows(res.rawPayload);
      assert.equal(title, '示例市目录局2025年政府信息公开目录');
      assert.deepEqual(rows[0], HEADERS);
      const csv = parseCsv((await anon.get('/mlj/zfxxgk/ml/2025.csv')).rawPayload.subarray(3).toString('utf8'));
      assert.deepEqual(rows, csv, 'the workbook holds exactly the CSV’s cells');
      assert.deepEqual(links, [ids.plan, ids.bare, ids.old].map((id) => `http://gk.test/mlj/zfxxgk/content/${id}`));
    });

    it('answers a year without items with an empty but valid 目录 in every format', async () => {
      for (const [slug, year] of [['mlj', 2023], ['kongj', 2025]] as const) {
        const page = await anon.get(`/${slug}/zfxxgk/ml/${year}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /本年度暂无主动公开信息。/);
        assert.equal([...page.body.matchAll(/<th scope="col"/g)].length, HEADERS.length);
        const csv = await anon.get(`/${slug}/zfxxgk/ml/${year}.csv`);
        assert.equal(csv.statusCode, 200);
        assert.equal(csv.body, `\uFEFF${HEADERS.join(',')}\r\n`);
        const { rows } = await sheetRows((await anon.get(`/${slug}/zfxxgk/ml/${year}.xlsx`)).rawPayload);
        assert.deepEqual(rows, [HEADERS]);
      }
    });

    it('answers 404 for an unknown agency, a year out of range or a path that is not a 目录', async () => {
      for (const path of ['/nope/zfxxgk/ml', '/nope/zfxxgk/ml/2025', '/nope/zfxxgk/ml/2025.csv', '/nope/zfxxgk/ml/2025.xlsx', '/mlj/zfxxgk/ml/2007', '/mlj/zfxxgk/ml/2999.csv', '/mlj/zfxxgk/ml/25', '/mlj/zfxxgk/ml/2025.pdf', '/mlj/zfxxgk/ml/2025/x']) {
        assert.equal((await anon.get(path)).statusCode, 404, path);
      }
    });
  });
}
