import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type Client, type TestApp, uploadFile } from '../../../test/helpers.js';
import { chinaDateOf } from '../../lib/dates.js';
import { makeChinesePdf, makeDocx, makeZip } from './files.fixtures.js';
import { checkUpload, sniffType } from './files.js';
import { rememberedText } from './files.service.js';


describe('file types are read from the bytes, through the one guarded zip reader', () => {
  test('a DOCX is a DOCX, a zip of anything else is refused, a zip that lies about its sizes is refused', () => {
    assert.equal(sniffType(makeDocx(['正文'])), 'docx');
    assert.equal(sniffType(makeZip([{ name: 'a.txt', data: Buffer.from('x') }])), null);
    // A central directory that declares more than any document holds is no Office file.
    const bomb = makeZip(Array.from({ length: 6000 }, (_, i) => ({ name: `word/p${i}.xml`, data: Buffer.from('') })));
    assert.equal(sniffType(bomb), null);
    assert.throws(() => checkUpload(bomb, '炸弹.docx', 50 * 1048576), (e: Error & { code?: string }) => e.code === 'UNSUPPORTED_MEDIA_TYPE');
  });
});

for (const engine of ENGINES) {
  describe(`screening and search read one text per file (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    let reviewer: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      [editor, reviewer] = await Promise.all([t.login('demo-editor'), t.login('demo-reviewer')]);
    });
    after(async () => t?.close());

    test('the PDF and DOCX texts that screening flags are the texts the search index holds', async () => {
      const today = chinaDateOf(new Date());
      const created = await editor.api('POST', '/api/v1/publications', {
        title: `关于公布防汛值班安排的通知 ${randomBytes(2).toString('hex')}`,
        summary: '公布防汛值班安排。',
        body: '<p>现将防汛值班安排公布如下。</p>',
        writtenDate: today,
        formedDate: today,
        category: 'notices',
        topic: 'market_safety',
        genre: 'notice',
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = json(created).id as number;
      const pdf = makeChinesePdf(['值班表：水库巡查组', '值班手机：13912345678']);
      const docx = makeDocx(['堤坝抢险队名单', '队长手机：13587654321']);
      for (const [name, bytes] of [['值班表.pdf', pdf], ['抢险队.docx', docx]] as const) {
        const res = await uploadFile(t, editor, `/api/v1/publications/${id}/attachments`, name, bytes, true);
        assert.equal(res.statusCode, 201, res.body);
      }
      const submitted = json(await editor.api('POST', `/api/v1/publications/${id}/transitions`, { action: 'submit' }));
      const findings = submitted.findings as { id: number; source: string; kind: string; excerpt: string }[];
      const files = await t.db
        .selectFrom('attachments as f')
        .innerJoin('publicationAttachments as pa', 'pa.attachmentId', 'f.id')
        .select(['f.id', 'f.sha256', 'pa.name'])
        .where('pa.publicationId', '=', id)
        .execute();
      assert.equal(files.length, 2);
      const texts = new Map<string, string>();
      for (const f of files) {
        const remembered = await rememberedText(t.db, f.sha256);
        assert.equal(remembered?.status, 'ok', f.name);
        texts.set(f.name, remembered!.text);
        // Screening saw this very text: the words around its finding are in it.
        const mine = findings.find((x) => x.source === `附件“${f.name}”` && x.kind === 'mobile');
        assert.ok(mine, `${f.name}: ${JSON.stringify(findings)}`);
        const before = mine.excerpt.split('【')[0]!.split(/\s+/).pop()!;
        assert.ok(before.length >= 3 && remembered!.text.includes(before), `${f.name}: “${before}”`);
      }
      assert.match(texts.get('值班表.pdf')!, /13912345678/);
      assert.match(texts.get('抢险队.docx')!, /13587654321/);

      await reviewer.api('POST', `/api/v1/publications/${id}/transitions`, { action: 'approve', confidentiality: 'cleared', confirmFindings: findings.map((f) => f.id) });
      const published = await reviewer.api('POST', `/api/v1/publications/${id}/transitions`, { action: 'publish' });
      assert.equal(published.statusCode, 200, published.body);
      const content = await t.db.selectFrom('searchContent').select('content').where('publicationId', '=', id).executeTakeFirstOrThrow();
      for (const [name, text] of texts) {
        for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) assert.ok(content.content.includes(line), `${name}: “${line}” not indexed`);
      }
    });
  });
}
