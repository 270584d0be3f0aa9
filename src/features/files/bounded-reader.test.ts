/**
 * Issue 14, H1: one upload must never crash or stall the process. Every archive is
 * read through the bounded reader (zip.ts `openZip`): overlapping entries refused,
 * a budget of bytes inflated, a deadline, an entry cap. The bombs are built here,
 * in memory, from a few KB each.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type Client, type TestApp, uploadFile } from '../../../test/helpers.js';
import { chinaDateOf } from '../../lib/dates.js';
import { EXTRACT_ZIP_LIMITS, extractAttachmentText, PDF_LIMITS } from './extract.js';
import { makeChinesePdf, makeDocx, makeFlatePdfBomb, makeOverlapBomb, makeZip } from './files.fixtures.js';
import { checkUpload } from './files.js';
import { listZip, openZip, ZipError } from './zip.js';
import { pagesOfZip, ImportInputError } from '../imports/import.js';

const MB = 1024 * 1024;
const pages = (n: number) => Array.from({ length: n }, (_, i) => `Doc_0/Pages/Page_${i}/Content.xml`);

describe('the PDF reader runs in a worker with a deadline and a heap limit', () => {
  test('a PDF is read: CID-font text comes back through the worker', async () => {
    const r = await extractAttachmentText(makeChinesePdf(['值班表：水库巡查组', '值班手机：13912345678']), 'pdf');
    assert.equal(r.status, 'ok', r.message);
    assert.match(r.text, /13912345678/);
  });

  test('a small file that inflates past the memory budget is stopped and failed (typed arrays escape the heap limit)', async () => {
    const bomb = makeFlatePdfBomb(400 * MB);
    assert.ok(bomb.length < 2 * MB, `the file is small (${bomb.length} bytes)`);
    const r = await extractAttachmentText(bomb, 'pdf', EXTRACT_ZIP_LIMITS, { ...PDF_LIMITS, maxMemoryMb: 96 });
    assert.equal(r.status, 'failed');
    assert.match(r.message, /内存超过 96 MB，已停止/);
  });

  test('files queue for the one worker: several at once all come back, each with its own text', async () => {
    const texts = ['第一份', '第二份', '第三份'];
    const results = await Promise.all(texts.map((t) => extractAttachmentText(makeChinesePdf([t]), 'pdf')));
    assert.deepEqual(results.map((r) => r.text.trim()), texts);
  });

  test('past the deadline the worker is stopped and the file is failed, with the reason', async () => {
    const r = await extractAttachmentText(makeChinesePdf(['一页文字']), 'pdf', EXTRACT_ZIP_LIMITS, { ...PDF_LIMITS, maxMillis: 1 });
    assert.equal(r.status, 'failed');
    assert.match(r.message, /读取超过 0 秒，已停止/);
  });

  test('bytes that are not a PDF are failed, not thrown', async () => {
    const r = await extractAttachmentText(Buffer.from('%PDF-1.7\n' + 'x'.repeat(2000)), 'pdf');
    assert.equal(r.status, 'failed');
  });
});

describe('the bounded zip reader', () => {
  test('eighty directory entries pointing at one 20 MB local entry are refused before anything is inflated', async () => {
    const bomb = makeOverlapBomb(['xl/workbook.xml', ...Array.from({ length: 80 }, () => 'xl/sharedStrings.xml')], 20 * MB);
    assert.ok(bomb.length < 64 * 1024, `the bomb is small (${bomb.length} bytes)`);
    assert.throws(() => listZip(bomb, { maxEntries: 5000, maxTotalBytes: 4096 * MB }), (e: unknown) => e instanceof ZipError && e.problem === 'overlap');
    const before = process.memoryUsage().rss;
    const r = await extractAttachmentText(bomb, 'xlsx');
    assert.equal(r.status, 'failed');
    // Refused from the directory: 80 × 20 MB is over the declared cap as well.
    assert.match(r.message, /压缩炸弹|总大小超过限制/);
    // Nothing near 20 MB was inflated, let alone 1.6 GB.
    assert.ok(process.memoryUsage().rss - before < 100 * MB);
  });

  test('eleven pages over one stream (a total under the declared cap) are refused too', async () => {
    const r = await extractAttachmentText(makeOverlapBomb(['OFD.xml', ...pages(11)], 20 * MB), 'ofd');
    assert.equal(r.status, 'failed');
    assert.match(r.message, /指向同一段数据/);
  });

  test('separate entries that inflate past the budget stop the reading with a reason', async () => {
    const part = Buffer.alloc(5 * MB, 'a');
    const zip = makeZip([{ name: 'OFD.xml', data: '<ofd/>' }, ...pages(10).map((name) => ({ name, data: part }))]);
    assert.ok(zip.length < 200 * 1024);
    // A stopped clock: only the budget is being tested, whatever the machine's speed.
    const r = await extractAttachmentText(zip, 'ofd', { ...EXTRACT_ZIP_LIMITS, now: () => 0 });
    assert.equal(r.status, 'failed');
    assert.match(r.message, /解压后的总大小超过限制：超过 32 MB/);
    // A file within the budget is read as before.
    const ok = await extractAttachmentText(makeZip([{ name: 'OFD.xml', data: '<ofd/>' }, { name: pages(1)[0]!, data: '<ofd:TextCode>第一页</ofd:TextCode>' }]), 'ofd');
    assert.equal(ok.status, 'ok');
    assert.equal(ok.text, '第一页');
  });

  test('the deadline is counted over every read of the archive', async () => {
    const zip = makeZip([{ name: 'OFD.xml', data: '<ofd/>' }, ...pages(10).map((name, i) => ({ name, data: `<ofd:TextCode>第${i}页</ofd:TextCode>` }))]);
    let t = 0;
    // A fake clock: each look at it is one second later.
    const slow = { ...EXTRACT_ZIP_LIMITS, now: () => (t += 1000) };
    const r = await extractAttachmentText(zip, 'ofd', slow);
    assert.equal(r.status, 'failed');
    assert.match(r.message, /用时超过限制/);
    t = 0;
    const archive = openZip(zip, slow);
    assert.throws(() => {
      for (const e of archive.entries) archive.read(e);
    }, (e: unknown) => e instanceof ZipError && e.problem === 'too_slow');
  });

  test('a huge entry count is refused from the directory alone', () => {
    const many = makeZip(Array.from({ length: 6000 }, (_, i) => ({ name: `word/p${i}.xml`, data: '', method: 0 as const })));
    assert.throws(() => listZip(many, EXTRACT_ZIP_LIMITS), (e: unknown) => e instanceof ZipError && e.problem === 'too_many_entries');
  });

  test('a nested archive is text, never opened: a docx whose document part is itself a bomb', async () => {
    const inner = makeOverlapBomb(Array.from({ length: 50 }, () => 'word/document.xml'), 20 * MB);
    const outer = makeZip([{ name: 'word/document.xml', data: inner, method: 0 }]);
    const r = await extractAttachmentText(outer, 'docx');
    assert.ok(r.text.length <= inner.length);
  });

  test('an import archive goes through the same reader', () => {
    const bomb = makeOverlapBomb(Array.from({ length: 80 }, (_, i) => `page${i}.html`), 4 * MB);
    assert.throws(() => pagesOfZip(bomb, 'old-site.zip'), (e: unknown) => e instanceof ImportInputError && /指向同一段数据/.test(e.message));
  });

  test('an upload of the bomb is refused with the reason, not as a mere wrong type', () => {
    const bomb = makeOverlapBomb(['xl/workbook.xml', ...Array.from({ length: 80 }, () => 'xl/sharedStrings.xml')], 20 * MB);
    assert.throws(
      () => checkUpload(bomb, '统计表.xlsx', 50 * MB),
      (e: Error & { code?: string }) => e.code === 'UNSUPPORTED_MEDIA_TYPE' && /^文件无法接受：压缩包/.test(e.message),
    );
  });
});


for (const engine of ENGINES) {
  describe(`an attachment the bounded reader refuses is a screening finding (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      editor = await t.login('demo-editor');
    });
    after(async () => t?.close());

    test('a DOCX whose text part inflates past the budget uploads, and submitting it says the file was not read', async () => {
      const today = chinaDateOf(new Date());
      const created = await editor.api('POST', '/api/v1/publications', {
        title: `关于公布统计数据的通知 ${randomBytes(2).toString('hex')}`,
        summary: '公布统计数据。',
        body: '<p>统计数据见附件。</p>',
        writtenDate: today,
        formedDate: today,
        category: 'notices',
        topic: 'market_safety',
        genre: 'notice',
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = json(created).id as number;
      // A well-formed DOCX (no overlap, sizes honest) whose document part is 33 MB of XML.
      const big = makeZip([
        ...listZip(makeDocx(['x']), EXTRACT_ZIP_LIMITS).filter((e) => e.name !== 'word/document.xml').map((e) => ({ name: e.name, data: '<x/>' })),
        { name: 'word/document.xml', data: Buffer.alloc(33 * MB, ' ') },
      ]);
      assert.ok(big.length < 200 * 1024);
      const res = await uploadFile(t, editor, `/api/v1/publications/${id}/attachments`, '数据.docx', big);
      assert.equal(res.statusCode, 201, res.body);
      const submitted = await editor.api('POST', `/api/v1/publications/${id}/transitions`, { action: 'submit' });
      assert.equal(submitted.statusCode, 200, submitted.body);
      const findings = json(submitted).findings as { kind: string; sourceLabel?: string; excerpt: string; severity: string }[];
      const f = findings.find((x) => x.kind === 'unreadable_attachment');
      assert.ok(f, JSON.stringify(findings));
      assert.match(f.excerpt, /超过 32 MB/);
      // The process is alive and answers.
      assert.equal((await t.anonymous().get('/')).statusCode, 200);
    });
  });
}
