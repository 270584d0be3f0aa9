import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { extractAttachmentText } from '../files/extract.js';
import { listZip, readEntry } from '../files/zip.js';
import { type Letter, letterDocx } from './request.docx.js';

const LIMITS = { maxEntries: 1000, maxTotalBytes: 64 * 1024 * 1024 };

function entries(docx: Buffer): Map<string, string> {
  return new Map(listZip(docx, LIMITS).map((e) => [e.name, readEntry(docx, e).toString('utf8')]));
}

const letter: Letter = {
  title: '政府信息公开申请答复书',
  documentNumber: '某政信公开〔2026〕3号',
  addressee: '张三',
  paragraphs: [
    '本机关于2026年9月15日收到您提出的政府信息公开申请，您申请公开“某路段改造工程<一期>的立项批复 & 资金安排”。',
    '经审查，现答复如下：您申请公开的信息属于公开范围，现予以提供，详见下表。',
    '如对本答复不服，可以在收到本答复书之日起六十日内申请行政复议。',
  ],
  signature: '某某市人民政府办公室',
  date: '2026-09-30',
  table: {
    head: ['序号', '文件名称', '页数'],
    rows: [
      ['1', '关于某路段改造工程的立项批复', '3'],
      ['2', '资金安排 <草案> & 附件', '12'],
    ],
  },
};

/** The escaped form XML must carry for text. */
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('letterDocx', () => {
  it('writes a DOCX whose document holds every part of the letter, escaped', async () => {
    const docx = await letterDocx(letter);
    assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK');
    const files = entries(docx);
    for (const part of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/fontTable.xml']) assert.ok(files.has(part), part);
    const xml = files.get('word/document.xml')!;
    assert.ok(xml.includes(`>${letter.title}<`));
    assert.ok(xml.includes(`>${letter.documentNumber}<`));
    assert.ok(xml.includes('>张三：<'));
    for (const p of letter.paragraphs) assert.ok(xml.includes(`>${xmlText(p)}<`), p);
    assert.ok(xml.includes('某路段改造工程&lt;一期&gt;的立项批复 &amp; 资金安排'));
    assert.ok(!xml.includes('<一期>') && !xml.includes(' & '), 'no raw markup characters in text');
    for (const cell of [...letter.table!.head, ...letter.table!.rows.flat()]) assert.ok(xml.includes(`>${xmlText(cell)}<`), cell);
    assert.ok(xml.includes('>某某市人民政府办公室<'));
    // An ISO date is printed as Chinese documents write it.
    assert.ok(xml.includes('>2026年9月30日<'));
    // The head row repeats across pages.
    assert.ok(xml.includes('<w:tblHeader/>'));
  });

  it('reads back as plain text through the platform\'s own DOCX extractor', async () => {
    const { status, text } = await extractAttachmentText(await letterDocx(letter), 'docx');
    assert.equal(status, 'ok');
    for (const part of [letter.title, letter.documentNumber!, '张三：', ...letter.paragraphs, '资金安排 <草案> & 附件', letter.signature, '2026年9月30日']) {
      assert.ok(text.includes(part), part);
    }
  });

  it('lays it out as an official letter: A4, 宋体 22pt title centred, 仿宋 16pt body indented two characters, signature right', async () => {
    const xml = entries(await letterDocx(letter)).get('word/document.xml')!;
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
    const paragraphs = xml.match(/<w:p>.*?<\/w:p>/g)!;
    const find = (text: string) => paragraphs.find((p) => p.includes(`>${xmlText(text)}<`))!;

    const title = find(letter.title);
    assert.match(title, /<w:jc w:val="center"\/>/);
    assert.match(title, /w:eastAsia="宋体"/);
    assert.match(title, /<w:sz w:val="44"\/>/);

    const para = find(letter.paragraphs[0]!);
    assert.match(para, /w:eastAsia="仿宋_GB2312"/);
    assert.match(para, /<w:sz w:val="32"\/>/);
    assert.match(para, /<w:ind w:firstLineChars="200"\/>/);

    const addressee = find('张三：');
    assert.doesNotMatch(addressee, /firstLineChars/);

    for (const text of [letter.signature, '2026年9月30日']) assert.match(find(text), /<w:jc w:val="right"\/>/);
    // The default run style is 仿宋 16pt too, for anything typed into the file later.
    assert.match(entries(await letterDocx(letter)).get('word/styles.xml')!, /<w:rPrDefault><w:rPr><w:rFonts[^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/);
  });

  it('names 仿宋 as the alternative to 仿宋_GB2312 in the font table', async () => {
    const fonts = entries(await letterDocx(letter)).get('word/fontTable.xml')!;
    assert.match(fonts, /<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/>/);
    assert.match(fonts, /<w:font w:name="宋体">/);
  });

  it('copes with the optional parts absent, line breaks, a colon already typed and control characters', async () => {
    const docx = await letterDocx({
      title: '补正申请告知书',
      addressee: '某某有限公司：',
      paragraphs: ['第一行\n第二行', 'bell\u0007 and form feed\u000C gone'],
      signature: '某某县人民政府办公室',
      date: '二〇二六年九月三十日',
    });
    const xml = entries(docx).get('word/document.xml')!;
    assert.ok(xml.includes('>某某有限公司：<') && !xml.includes('：：'));
    assert.match(xml, />第一行<\/w:t><\/w:r><w:r><w:rPr>.*?<\/w:rPr><w:br\/><w:t xml:space="preserve">第二行</);
    assert.ok(xml.includes('>bell and form feed gone<'));
    assert.ok(xml.includes('>二〇二六年九月三十日<'));
    assert.ok(!xml.includes('<w:tbl>'));
  });

  it('pads short table rows and refuses rows wider than the head', async () => {
    const xml = entries(await letterDocx({ ...letter, table: { head: ['甲', '乙', '丙'], rows: [['1']] } })).get('word/document.xml')!;
    const lastRow = xml.match(/<w:tr>(?:(?!<w:tr>).)*?<\/w:tr>/g)!.at(-1)!;
    assert.equal(lastRow.match(/<w:tc>/g)!.length, 3);
    await assert.rejects(letterDocx({ ...letter, table: { head: ['甲'], rows: [['1', '2']] } }), /row 1 has 2 cells, the head 1/);
    await assert.rejects(letterDocx({ ...letter, table: { head: [], rows: [] } }), /at least one column/);
  });

  it('converts to PDF with LibreOffice, when it is installed', async (t) => {
    const soffice = findOnPath('soffice');
    if (!soffice) {
      t.skip('LibreOffice (soffice) is not installed');
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-docx-'));
    try {
      const input = path.join(dir, 'letter.docx');
      writeFileSync(input, await letterDocx(letter));
      const r = spawnSync(
        soffice,
        // A profile of its own, so a running LibreOffice or a parallel test does not block it.
        [`-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input],
        { timeout: 180_000, encoding: 'utf8' },
      );
      assert.equal(r.status, 0, `soffice failed: ${r.stderr || r.error}`);
      const pdf = readFileSync(path.join(dir, 'letter.pdf'));
      assert.ok(pdf.length > 1000);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function findOnPath(name: string): string | null {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(path.delimiter)].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
