import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decodePage } from '../files/charset.js';
import { ImportInputError, itemsOfUpload, pagesOfZip, preparePage } from './import.js';
import { makeZip } from '../files/files.fixtures.js';
import { isSafeEntryName, listZip, readEntry, ZipError } from '../files/zip.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const textFixture = (name: string) => readFileSync(path.join(import.meta.dirname, '..', 'text', 'fixtures', name));
const LIMITS = { maxEntries: 100, maxTotalBytes: 10 * 1024 * 1024 };

describe('decodePage', () => {
  it('reads GBK pages (invalid UTF-8, meta gb2312)', () => {
    const d = decodePage(fixture('gbk-budget.html'));
    assert.equal(d.encoding, 'gb18030');
    assert.match(d.text, /示例县财政局关于2015年部门预算公开的公告/);
  });
  it('reads GBK without any meta, with a warning', () => {
    const bytes = Buffer.from(fixture('gbk-budget.html').toString('latin1').replace(/<meta[^>]*>/, ''), 'latin1');
    const d = decodePage(bytes);
    assert.equal(d.encoding, 'gb18030');
    assert.match(d.text, /部门预算/);
    assert.ok(d.warnings.some((w) => w.includes('GBK')));
  });
  it('reads Big5 when the meta says so and the bytes are not UTF-8', () => {
    const d = decodePage(fixture('big5-health.html'));
    assert.equal(d.encoding, 'big5');
    assert.match(d.text, /示例區衛生局/);
  });
  it('trusts valid UTF-8 over a stale meta charset', () => {
    const d = decodePage(Buffer.from('<meta charset="gb2312"><p>政府信息公开</p>'));
    assert.equal(d.encoding, 'utf-8');
    assert.match(d.text, /政府信息公开/);
    assert.ok(d.warnings.length > 0);
  });
  it('handles byte-order marks', () => {
    assert.equal(decodePage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('公开')])).text, '公开');
    assert.equal(decodePage(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('公开', 'utf16le')])).text, '公开');
  });
});

describe('zip reader', () => {
  it('reads entries, with UTF-8 and GBK names', () => {
    const zip = makeZip([
      { name: '通知/一.html', data: '<h1>一</h1>' },
      { name: 'x', rawName: Buffer.from('d5feb8ae2e68746d', 'hex'), data: 'gbk name', method: 0 },
    ]);
    const entries = listZip(zip, LIMITS);
    assert.deepEqual(entries.map((e) => e.name), ['通知/一.html', '政府.htm']);
    assert.equal(readEntry(zip, entries[0]!).toString(), '<h1>一</h1>');
    assert.equal(readEntry(zip, entries[1]!).toString(), 'gbk name');
  });
  it('refuses path traversal and absolute paths', () => {
    for (const name of ['../evil.html', 'a/../../evil.html', '/etc/passwd', 'C:\\Windows\\x.html', '..\\x.html', 'a\u0000.html']) {
      assert.equal(isSafeEntryName(name), false, name);
      assert.throws(() => listZip(makeZip([{ name, data: 'x' }]), LIMITS), (e: unknown) => e instanceof ZipError && e.problem === 'unsafe_path', name);
    }
    assert.equal(isSafeEntryName('a/b..c/d.html'), true);
  });
  it('refuses zip bombs: an entry inflating past its declared size, or declared sizes over the limit', () => {
    const liar = makeZip([{ name: 'a.html', data: Buffer.alloc(20_000_000, 0x20), declaredSize: 1000 }]);
    const e = listZip(liar, LIMITS);
    assert.throws(() => readEntry(liar, e[0]!), (err: unknown) => err instanceof ZipError && err.problem === 'bomb');
    const huge = makeZip([{ name: 'a.html', data: 'x', declaredSize: 4_000_000_000 }]);
    assert.throws(() => listZip(huge, LIMITS), (err: unknown) => err instanceof ZipError && err.problem === 'too_large');
    const many = makeZip(Array.from({ length: 101 }, (_, i) => ({ name: `${i}.html`, data: 'x' })));
    assert.throws(() => listZip(many, LIMITS), (err: unknown) => err instanceof ZipError && err.problem === 'too_many_entries');
    const short = makeZip([{ name: 'a.html', data: 'abc', declaredSize: 10 }]);
    assert.throws(() => readEntry(short, listZip(short, LIMITS)[0]!), (err: unknown) => err instanceof ZipError && err.problem === 'bomb');
  });
  it('refuses garbage and corrupted data', () => {
    assert.throws(() => listZip(Buffer.from('not a zip at all, just text'), LIMITS), (e: unknown) => e instanceof ZipError && e.problem === 'not_zip');
    const zip = makeZip([{ name: 'a.html', data: 'hello world hello world', method: 0 }]);
    const bad = Buffer.from(zip);
    bad[bad.indexOf('hello')] = 0x48; // flips one byte: the CRC no longer matches
    assert.throws(() => readEntry(bad, listZip(bad, LIMITS)[0]!), (e: unknown) => e instanceof ZipError && e.problem === 'corrupt');
    assert.throws(() => listZip(zip.subarray(0, zip.length - 30), LIMITS), ZipError);
  });
});

describe('pagesOfZip and uploads', () => {
  it('lists pages, skips other files with a reason, and refuses an unsafe archive whole', () => {
    const zip = makeZip([
      { name: 'b.html', data: '<h1>乙</h1>' },
      { name: 'a.htm', data: '<h1>甲</h1>' },
      { name: 'logo.png', data: 'png' },
      { name: '__MACOSX/._a.htm', data: 'x' },
      { name: 'dir/', data: '' },
    ]);
    const items = pagesOfZip(zip, 'site.zip');
    assert.deepEqual(items.map((i) => [i.name, i.kind]), [
      ['site.zip/__MACOSX/._a.htm', 'skip'],
      ['site.zip/a.htm', 'page'],
      ['site.zip/b.html', 'page'],
      ['site.zip/logo.png', 'skip'],
    ]);
    const evil = makeZip([{ name: 'ok.html', data: '<h1>好</h1>' }, { name: '../../etc/cron.d/x.html', data: 'x' }]);
    assert.throws(() => pagesOfZip(evil, 'evil.zip'), (e: unknown) => e instanceof ImportInputError && /不安全的路径/.test(e.message) && /未导入其中任何内容/.test(e.message));
    const bomb = makeZip([{ name: 'ok.html', data: '<h1>好</h1>' }, { name: 'z.html', data: Buffer.alloc(5_000_000), declaredSize: 100 }]);
    assert.throws(() => pagesOfZip(bomb, 'bomb.zip'), (e: unknown) => e instanceof ImportInputError && /压缩炸弹/.test(e.message));
  });
  it('treats a single uploaded page as one item, and refuses huge pages with a reason', () => {
    assert.equal(itemsOfUpload('a.html', Buffer.from('<h1>x</h1>'))[0]!.kind, 'page');
    const big = itemsOfUpload('big.html', Buffer.alloc(6 * 1024 * 1024, 0x20));
    assert.equal(big[0]!.kind, 'skip');
    assert.match((big[0] as { reason: string }).reason, /文件过大/);
    assert.match((itemsOfUpload('a.exe', Buffer.from('MZ'))[0] as { reason: string }).reason, /不是网页/);
  });
});

describe('preparePage', () => {
  it('cleans a traditional page with pinyin annotations', () => {
    const r = preparePage('traditional-notice.html', textFixture('traditional-notice.html'));
    assert.ok(r.ok);
    const p = r.page;
    assert.equal(p.title, '示例区政府办公室关于做好2021年度政府资讯公开工作的通知');
    assert.equal(p.documentNumber, '示区府办〔2021〕12号');
    assert.equal(p.date, '2021-03-08');
    assert.equal(p.category, 'notices');
    assert.ok(!/\((?:wèi|jìn|lǐng)\)/.test(p.body), 'pinyin removed');
    assert.match(p.body, /承担着/);
    assert.ok(!/[為進領導]/.test(p.bodyText), 'converted to simplified');
  });
  it('guesses the annual report category and reads GBK pages', () => {
    const annual = preparePage('annual-report.html', textFixture('annual-report.html'));
    assert.ok(annual.ok && annual.page.category === 'annual_report');
    const gbk = preparePage('gbk-budget.html', fixture('gbk-budget.html'));
    assert.ok(gbk.ok);
    assert.equal(gbk.page.title, '示例县财政局关于2015年部门预算公开的公告');
    assert.equal(gbk.page.category, 'art20_07');
    assert.equal(gbk.page.date, '2015-02-16');
    assert.ok(!/扫描二维码/.test(gbk.page.body), 'boilerplate dropped');
  });
  it('removes scripts, handlers and javascript: links', () => {
    const r = preparePage('script-tags.html', fixture('script-tags.html'));
    assert.ok(r.ok);
    assert.ok(!/<script|onclick|onerror|javascript:|<iframe/i.test(r.page.body), r.page.body);
    assert.match(r.page.body, /义务植树活动/);
  });
  it('gives the same hash to the same page and refuses binary files', () => {
    const a = preparePage('x.html', Buffer.from('<title>关于测试的通知</title><div id="content"><p>正文内容一二三四五六七八九十一二三四五六七八九十。</p></div>'));
    const b = preparePage('y.html', Buffer.from('<title>关于测试的通知</title>\n\n<div id="content"><p>正文内容一二三四五六七八九十一二三四五六七八九十。</p></div>'));
    assert.ok(a.ok && b.ok);
    assert.equal(a.page.contentHash, b.page.contentHash);
    const bin = preparePage('z.html', Buffer.from(Array.from({ length: 200 }, (_, i) => i % 32)));
    assert.equal(bin.ok, false);
  });
});
