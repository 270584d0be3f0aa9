import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { render } from 'preact-render-to-string';
import { createTestApp, ENGINES, type Client, type TestApp } from '../../../test/helpers.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { parseSearchRequest, search } from '../search/search.service.js';
import { importCommand } from './import.cli.js';
import { makeZip } from '../files/files.fixtures.js';
import { getJob, waitForImport } from './import.service.js';
import { ImportJobPage } from './views/ImportViews.js';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const textFixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'text', 'fixtures', name));

function page(title: string, body: string, date = '') {
  return `<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${date ? `<p>发布日期：${date}</p>` : ''}<div id="content"><p>${body}</p></div></body></html>`;
}

async function upload(t: TestApp, c: Client, filename: string, bytes: Buffer, fields: Record<string, string>) {
  const boundary = `----gk${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: c.csrf, ...fields })) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/zip\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url: '/office/imports',
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(chunks),
  });
}

for (const engine of ENGINES) {
  describe(`legacy import (${engine})`, () => {
    let t: TestApp;
    let dir: string;
    let agency: { id: number; code: string; slug: string; name: string };
    const logs: string[] = [];
    const out = { log: (s: string) => logs.push(s), progress: () => {} };
    const count = async (table: 'publications' | 'importJobs' | 'importPages') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      agency = await t.db.selectFrom('agencies').select(['id', 'code', 'slug', 'name']).orderBy('id').executeTakeFirstOrThrow();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-import-'));
      fs.mkdirSync(path.join(dir, '通知公告'));
      fs.writeFileSync(path.join(dir, '通知公告', 'traditional-notice.html'), textFixture('traditional-notice.html'));
      fs.writeFileSync(path.join(dir, 'gbk-budget.html'), fixture('gbk-budget.html'));
      fs.writeFileSync(path.join(dir, 'script-tags.html'), fixture('script-tags.html'));
      fs.writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      fs.writeFileSync(
        path.join(dir, 'old-site.zip'),
        makeZip([
          { name: '工作动态/一.html', data: page('关于召开防汛工作会议的通知', '定于本周五召开全县防汛工作会议，请各单位主要负责人参加。') },
          { name: '工作动态/二.txt', data: '关于开展消防安全检查的通知\n各单位：为做好冬季消防安全工作，现开展检查，请做好准备。' },
        ]),
      );
    });
    after(async () => {
      await t?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('imports files, folders and zips as drafts of the agency, with a report', async () => {
      logs.length = 0;
      const code = await importCommand(t.db, ['--agency', agency.code, dir], out);
      assert.equal(code, 0, logs.join('\n'));
      const rows = await t.db
        .selectFrom('publications as p')
        .innerJoin('importPages as ip', 'ip.publicationId', 'p.id')
        .select(['p.id', 'p.title', 'p.agencyId', 'p.publicStatus', 'p.state', 'p.documentNumber', 'p.category', 'p.body'])
        .orderBy('p.id')
        .execute();
      assert.equal(rows.length, 5);
      assert.ok(rows.every((r) => r.agencyId === agency.id && r.publicStatus === 'none' && r.state === 'draft'));
      const titles = rows.map((r) => r.title);
      assert.ok(titles.includes('示例区政府办公室关于做好2021年度政府资讯公开工作的通知'));
      assert.ok(titles.includes('示例县财政局关于2015年部门预算公开的公告'));
      assert.ok(titles.includes('关于开展消防安全检查的通知'));
      const trad = rows.find((r) => r.documentNumber === '示区府办〔2021〕12号');
      assert.ok(trad && !/\(lǐng\)|領/.test(trad.body));
      assert.ok(rows.every((r) => !/<script|javascript:|onclick/i.test(r.body)));
      assert.match(logs.join('\n'), /logo\.png：不是网页/);
      assert.match(logs.join('\n'), /完成：导入 5，跳过 1，失败 0/);
      const events = await t.db
        .selectFrom('auditEvents')
        .select(['action'])
        .where((eb) => eb.or([eb('entityId', 'in', rows.map((r) => String(r.id))), eb('entityType', '=', 'import_job')]))
        .where('action', 'in', ['publication.import', 'import.start', 'import.finish'])
        .execute();
      assert.equal(events.filter((e) => e.action === 'publication.import').length, 5);
      assert.equal(events.filter((e) => e.action === 'import.finish').length, 1);
      // Drafts are not public.
      assert.equal((await search(t.db, parseSearchRequest({ q: '防汛工作会议' }))).total, 0);
    });

    it('does not duplicate a page imported again (content hash), even under another name', async () => {
      logs.length = 0;
      const before = await count('publications');
      fs.copyFileSync(path.join(dir, 'gbk-budget.html'), path.join(dir, 'gbk-budget-copy.html'));
      const code = await importCommand(t.db, ['--agency', agency.slug, dir], out);
      assert.equal(code, 0);
      assert.equal(await count('publications'), before);
      assert.match(logs.join('\n'), /完成：导入 0，跳过 7，失败 0/);
      assert.match(logs.join('\n'), /重复，已跳过.*gbk-budget-copy\.html/);
      fs.rmSync(path.join(dir, 'gbk-budget-copy.html'));
    });

    it('refuses a zip with a traversal path or a zip bomb whole, before writing anything', async () => {
      const before = { pubs: await count('publications'), jobs: await count('importJobs') };
      const evil = path.join(dir, '..', `evil-${randomBytes(3).toString('hex')}.zip`);
      fs.writeFileSync(evil, makeZip([{ name: 'fine.html', data: page('关于一件好事的通知', '正文足够长的内容，用于测试导入功能是否正常工作。') }, { name: '../../../../tmp/pwned.html', data: 'x' }]));
      logs.length = 0;
      assert.equal(await importCommand(t.db, ['--agency', agency.code, evil], out), 1);
      assert.match(logs.join('\n'), /不安全的路径.*未导入其中任何内容/);
      const bomb = path.join(dir, '..', `bomb-${randomBytes(3).toString('hex')}.zip`);
      fs.writeFileSync(bomb, makeZip([{ name: 'fine.html', data: page('关于另一件好事的通知', '正文足够长的内容，用于测试导入功能是否正常工作。') }, { name: 'bomb.html', data: Buffer.alloc(8_000_000, 0x41), declaredSize: 512 }]));
      logs.length = 0;
      assert.equal(await importCommand(t.db, ['--agency', agency.code, bomb], out), 1);
      assert.match(logs.join('\n'), /压缩炸弹/);
      assert.deepEqual({ pubs: await count('publications'), jobs: await count('importJobs') }, before);
      assert.equal(fs.existsSync('/tmp/pwned.html'), false);
      fs.rmSync(evil);
      fs.rmSync(bomb);
      logs.length = 0;
      assert.equal(await importCommand(t.db, ['--agency', 'no-such-agency', dir], out), 1);
      assert.match(logs.join('\n'), /没有代码或简称/);
    });

    it('publishes with the original date when asked; undated or flagged pages stay drafts', async () => {
      const pdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-publish-'));
      try {
        fs.writeFileSync(path.join(pdir, 'dated.html'), page('关于公布2018年度行政事业性收费目录的公告', '现将本局2018年度行政事业性收费目录予以公布，请社会各界监督。', '2018-05-09'));
        fs.writeFileSync(path.join(pdir, 'undated.html'), page('关于规范公务用车管理的通知', '各科室：为规范公务用车管理，现就有关事项通知如下，请遵照执行。'));
        fs.writeFileSync(path.join(pdir, 'personal.html'), page('关于张三同志申请补助的公示', '申请人张三，身份证号11010519491231002X，经审核符合补助条件，现予公示。', '2018-06-01'));
        logs.length = 0;
        assert.equal(await importCommand(t.db, ['--agency', agency.code, '--publish', pdir], out), 0, logs.join('\n'));
        const dated = await t.db.selectFrom('publications').selectAll().where('title', '=', '关于公布2018年度行政事业性收费目录的公告').executeTakeFirstOrThrow();
        assert.equal(dated.publicStatus, 'published');
        assert.equal(dated.firstPublishedAt, '2018-05-08T16:00:00.000Z', '00:00 of the original date in China time');
        assert.match(dated.indexNumber ?? '', /2018/);
        const undated = await t.db.selectFrom('publications').selectAll().where('title', '=', '关于规范公务用车管理的通知').executeTakeFirstOrThrow();
        assert.equal(undated.publicStatus, 'none');
        const personal = await t.db.selectFrom('publications').selectAll().where('title', '=', '关于张三同志申请补助的公示').executeTakeFirstOrThrow();
        assert.equal(personal.publicStatus, 'none');
        assert.match(logs.join('\n'), /未找到原发布日期，已作为草稿导入/);
        assert.match(logs.join('\n'), /筛查发现需要核实的内容（居民身份证号码/);
        // Published on import: searchable at once, dated as the original page.
        const found = await search(t.db, parseSearchRequest({ q: '行政事业性收费目录' }));
        assert.deepEqual(found.items.map((i) => i.id), [dated.id]);
        assert.equal(found.items[0]!.publishedAt, '2018-05-08T16:00:00.000Z');
        const event = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'publication.import').where('entityId', '=', String(dated.id)).executeTakeFirstOrThrow();
        assert.match(event.summary, /发布日期取原页面日期 2018-05-09/);
      } finally {
        fs.rmSync(pdir, { recursive: true, force: true });
      }
    });

    it('runs an office upload in the background with a progress page and a report', async () => {
      const reviewer = await t.login('demo-reviewer');
      const home = await reviewer.get('/office/imports');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /enctype="multipart\/form-data"/);
      const zip = makeZip(
        Array.from({ length: 12 }, (_, i) => ({
          name: `page-${i}.html`,
          data: page(`关于第${i + 1}批农村公路养护项目的公示`, `第${i + 1}批农村公路养护项目共涉及道路${i + 3}条，现予公示，公示期为五个工作日。`, '2022-08-0' + ((i % 9) + 1)),
        })),
      );
      const res = await upload(t, reviewer, '农村公路.zip', zip, { agencyId: String(agency.id), mode: 'draft' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const url = String(res.headers.location);
      const id = Number(url.split('/').pop());
      await waitForImport(id);
      const done = await reviewer.get(url);
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /<progress[^>]*max="12"[^>]*value="12"|<progress[^>]*value="12"[^>]*max="12"/);
      assert.match(done.body, /已导入 12，跳过 0，失败 0/);
      assert.ok(!/http-equiv="refresh"/.test(done.body), 'a finished job stops refreshing');
      assert.match(done.body, /关于第12批农村公路养护项目的公示/);

      // Re-uploading the same archive imports nothing new.
      const again = await upload(t, reviewer, '农村公路.zip', zip, { agencyId: String(agency.id), mode: 'draft' });
      const id2 = Number(String(again.headers.location).split('/').pop());
      await waitForImport(id2);
      const job2 = await getJob(t.db, SYSTEM_ACTOR, id2);
      assert.equal(job2.imported, 0);
      assert.equal(job2.skipped, 12);

      // Unsafe archives are refused on the form, without a job.
      const jobs = await count('importJobs');
      const evil = await upload(t, reviewer, 'evil.zip', makeZip([{ name: '../x.html', data: 'x' }]), { agencyId: String(agency.id), mode: 'draft' });
      assert.equal(evil.statusCode, 400);
      assert.match(evil.body, /不安全的路径/);
      const notZip = await upload(t, reviewer, 'broken.zip', Buffer.from('PK\u0003\u0004 truncated'), { agencyId: String(agency.id), mode: 'draft' });
      assert.equal(notZip.statusCode, 400);
      assert.equal(await count('importJobs'), jobs);

      // Only holders of import.run; publishing on import needs the publish permission.
      const editor = await t.login('demo-editor');
      assert.equal((await editor.get('/office/imports')).statusCode, 403);
      const czj = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow();
      const admin = await t.login('czj-admin');
      const html = Buffer.from(page('关于测试权限的通知', '正文内容足够长，用于测试导入的权限控制是否正确。', '2020-01-02'));
      assert.equal((await upload(t, admin, 'a.html', html, { agencyId: String(czj.id), mode: 'publish' })).statusCode, 403);
      // …and may not import into another agency at all.
      assert.equal((await upload(t, admin, 'a.html', html, { agencyId: String(agency.id), mode: 'draft' })).statusCode, 403);
    });

    it('shows a self-refreshing progress bar while a job runs', () => {
      const html = render(
        ImportJobPage({
          ctx: { path: '/office/imports/1', publicUrl: 'http://x', prefs: { font: 0, contrast: 'normal', script: 'hans' }, actor: null, csrfToken: '', flash: null } as never,
          job: { id: 1, agencyId: 1, agencyName: '示例局', createdBy: null, createdByName: '审核员', source: 'office', label: 'site.zip', mode: 'draft', status: 'running', total: 400, processed: 100, imported: 90, skipped: 10, failed: 0, reportJson: '[]', message: '', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), finishedAt: null, report: [], stalled: false },
        }),
      );
      assert.match(html, /<meta http-equiv="refresh" content="2"/);
      assert.match(html, /<progress[^>]*>/);
      assert.match(html, /100 \/ 400（25%）/);
    });
  });
}
