/**
 * The bulletin notices of a project stage, a consultation, a hearing and a published
 * mailbox reply, without a browser: the HTML print view's content (agency, title,
 * posting dates, 监督电话, the page's URL, the QR), the link from each page, the PDF
 * route through a stand-in renderer (Chromium's own output is the browser test's),
 * 404 for what is not public and 400 for a bad paper size. Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type TestApp } from '../../../test/helpers.js';
import { seedProjects } from '../../demo/projects.demo.js';
import { chinaInstant, fixedClock } from '../../lib/clock.js';
import { actorForUsername } from '../accounts/account.service.js';
import { createConsultation, createHearing } from '../participation/participation.service.js';
import { useBulletinPdfRenderer, type PdfRenderer } from './bulletin.pdf.js';

const TODAY = '2026-09-15';

/** A renderer that records what it was asked to print and answers a tiny stand-in PDF. */
function recordingRenderer() {
  const calls: { html: string; size: string }[] = [];
  const r: PdfRenderer & { calls: typeof calls } = {
    calls,
    stats: { printed: 0, cached: 0 },
    async render(html, size) {
      calls.push({ html, size });
      return Buffer.from(`%PDF-1.7 stand-in ${size}`);
    },
    async close() {},
  };
  return r;
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

for (const engine of ENGINES) {
  describe(`bulletin notices of stages, consultations, hearings and mailbox replies (${engine})`, () => {
    let t: TestApp;
    const pdf = recordingRenderer();
    let prev: PdfRenderer | null = null;
    let fgj: { id: number; name: string; supervisionPhone: string };
    let project: { id: number; name: string };
    let stages: { id: number; name: string; projectId: number }[];

    before(async () => {
      t = await createTestApp(engine, { demo: true, platform: { clock: fixedClock(chinaInstant(TODAY)) } });
      prev = useBulletinPdfRenderer(pdf);
      // The demo's key projects come with its publications, which this test does not need.
      assert.ok((await seedProjects(t.db, { dataDir: t.config.dataDir })) > 0);
      fgj = await t.db.selectFrom('agencies').select(['id', 'name', 'supervisionPhone']).where('slug', '=', 'fgj').executeTakeFirstOrThrow();
      project = await t.db.selectFrom('projects').select(['id', 'name']).where('agencyId', '=', fgj.id).orderBy('id').executeTakeFirstOrThrow();
      stages = await t.db.selectFrom('projectStages').select(['id', 'name', 'projectId']).orderBy('id').execute();
    });
    after(async () => {
      useBulletinPdfRenderer(prev);
      await t?.close();
    });

    /** The checks every notice must pass: agency, title, dates, 监督电话, URL, QR, sheet size. */
    function assertNotice(html: string, o: { title: string; pageUrl: string; from: string; to: string; size?: 'A4' | 'A3' }) {
      assert.match(html, new RegExp(`<p class="agency">${fgj.name}</p>`));
      assert.ok(html.includes(`<h1>${o.title}</h1>`), `title ${o.title}`);
      assert.ok(html.includes(`公示期：${o.from}至${o.to}`), `posting period ${o.from}至${o.to}`);
      assert.ok(html.includes(`监督电话：${fgj.supervisionPhone}`));
      assert.ok(fgj.supervisionPhone.length > 0);
      assert.ok(html.includes(`<p class="url">${o.pageUrl}</p>`), `page URL ${o.pageUrl}`);
      assert.match(html, /<div class="qr"><svg[^>]*role="img"/);
      assert.match(html, new RegExp(`@page \\{ size: ${o.size ?? 'A4'};`));
    }

    test('a project stage: linked from the project page, printed with the project’s facts, the stage and its latest progress', async () => {
      const anon = t.anonymous();
      const page = await anon.get(`/fgj/zdxm/${project.id}`);
      assert.equal(page.statusCode, 200);
      const mine = stages.filter((s) => s.projectId === project.id);
      assert.ok(mine.length >= 2);
      for (const s of mine) {
        const base = `/fgj/zdxm/${project.id}/stages/${s.id}`;
        assert.ok(hrefs(page.body).includes(`${base}/bulletin`), `A4 link of ${s.name}`);
        assert.ok(hrefs(page.body).includes(`${base}/bulletin?size=A3`));
        assert.ok(hrefs(page.body).includes(`${base}/bulletin.pdf`));
      }
      const stage = mine.find((s) => s.name === '主体施工')!;
      const res = await anon.get(`/fgj/zdxm/${project.id}/stages/${stage.id}/bulletin`);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assertNotice(res.body, { title: `${project.name}（主体施工）公示`, pageUrl: `http://gk.test/fgj/zdxm/${project.id}`, from: '2026年9月15日', to: '2026年9月21日' });
      assert.match(res.body, /<h2>项目概况<\/h2>/);
      assert.match(res.body, /<h2>建设阶段：主体施工<\/h2>/);
      assert.match(res.body, /<h2>最新进展<\/h2><p>\d{4}-\d{2}-\d{2}，项目完成 \d+%/);
      // The toolbar offers the other sheet and the PDF; A3 sets its own @page.
      assert.ok(hrefs(res.body).includes(`/fgj/zdxm/${project.id}/stages/${stage.id}/bulletin.pdf`));
      const a3 = await anon.get(`/fgj/zdxm/${project.id}/stages/${stage.id}/bulletin?size=a3&from=2026-10-01&to=2026-10-31`);
      assert.equal(a3.statusCode, 200);
      assertNotice(a3.body, { title: `${project.name}（主体施工）公示`, pageUrl: `http://gk.test/fgj/zdxm/${project.id}`, from: '2026年10月1日', to: '2026年10月31日', size: 'A3' });
    });

    test('a project stage that is not there, or not this project’s or agency’s, has no notice (404); a bad size is 400', async () => {
      const anon = t.anonymous();
      const stage = stages.find((s) => s.projectId === project.id)!;
      const other = stages.find((s) => s.projectId !== project.id)!;
      const mlj = await t.db.selectFrom('agencies').select('slug').where('slug', '!=', 'fgj').orderBy('id').executeTakeFirstOrThrow();
      for (const url of [
        `/fgj/zdxm/${project.id}/stages/99999999/bulletin`,
        `/fgj/zdxm/99999999/stages/${stage.id}/bulletin.pdf`,
        `/fgj/zdxm/${project.id}/stages/${other.id}/bulletin`,
        `/${mlj.slug}/zdxm/${project.id}/stages/${stage.id}/bulletin`,
        `/fgj/zdxm/${project.id}/stages/abc/bulletin`,
        `/nosuchagency/zdxm/${project.id}/stages/${stage.id}/bulletin.pdf`,
      ]) {
        assert.equal((await anon.get(url)).statusCode, 404, url);
      }
      const calls = pdf.calls.length;
      for (const q of ['size=A5', 'size=letter', 'from=2026-13-01', 'from=2026-10-01&to=2026-09-01']) {
        assert.equal((await anon.get(`/fgj/zdxm/${project.id}/stages/${stage.id}/bulletin.pdf?${q}`)).statusCode, 400, q);
        assert.equal((await anon.get(`/fgj/zdxm/${project.id}/stages/${stage.id}/bulletin?${q}`)).statusCode, 400, q);
      }
      assert.equal(pdf.calls.length, calls, 'nothing is printed for a refused request');
    });

    test('the PDF route prints the notice without its toolbar, A4 by default and A3 on request, named after the notice', async () => {
      const anon = t.anonymous();
      const stage = stages.find((s) => s.projectId === project.id && s.name === '主体施工')!;
      const a4 = await anon.get(`/fgj/zdxm/${project.id}/stages/${stage.id}/bulletin.pdf`);
      assert.equal(a4.statusCode, 200);
      assert.equal(a4.headers['content-type'], 'application/pdf');
      assert.match(String(a4.headers['content-disposition']), /^inline;.*filename\*=UTF-8''.*%E5%85%AC%E7%A4%BA%E6%A0%8FA4/);
      assert.equal(a4.rawPayload.toString(), '%PDF-1.7 stand-in A4');
      const printed = pdf.calls.at(-1)!;
      assert.equal(printed.size, 'A4');
      assert.doesNotMatch(printed.html, /打印选项/, 'no screen toolbar in the PDF');
      assert.ok(printed.html.includes(`监督电话：${fgj.supervisionPhone}`));
      const a3 = await anon.get(`/fgj/zdxm/${project.id}/stages/${stage.id}/bulletin.pdf?size=A3`);
      assert.equal(a3.statusCode, 200);
      assert.equal(pdf.calls.at(-1)!.size, 'A3');
      assert.match(pdf.calls.at(-1)!.html, /@page \{ size: A3;/);
    });

    test('a consultation taking comments: linked from its page, posted until its comments close; a closed one prints its 采纳情况', async () => {
      const anon = t.anonymous();
      const rows = await t.db.selectFrom('consultations').select(['id', 'title', 'state', 'endDate', 'feedbackPublishedAt']).where('agencyId', '=', fgj.id).orderBy('id').execute();
      const open = rows.find((r) => r.state === 'open' && r.endDate! >= TODAY)!;
      const closed = rows.find((r) => r.feedbackPublishedAt)!;
      assert.ok(open && closed);
      const url = `/fgj/hdcy/yjzj/${open.id}`;
      const page = await anon.get(url);
      assert.equal(page.statusCode, 200);
      assert.ok(hrefs(page.body).includes(`${url}/bulletin`) && hrefs(page.body).includes(`${url}/bulletin.pdf`));
      const res = await anon.get(`${url}/bulletin`);
      assert.equal(res.statusCode, 200);
      const [y, m, d] = open.endDate!.split('-').map(Number);
      assertNotice(res.body, { title: open.title, pageUrl: `http://gk.test${url}`, from: '2026年9月15日', to: `${y}年${m}月${d}日` });
      assert.match(res.body, /<h2>起草说明<\/h2>/);
      assert.match(res.body, /<h2>第三条 收费标准<\/h2>/);
      assert.match(res.body, /<h2>意见反馈方式<\/h2>/);
      const c = await anon.get(`/fgj/hdcy/yjzj/${closed.id}/bulletin`);
      assert.equal(c.statusCode, 200);
      assertNotice(c.body, { title: closed.title, pageUrl: `http://gk.test/fgj/hdcy/yjzj/${closed.id}`, from: '2026年9月15日', to: '2026年9月21日' });
      assert.match(c.body, /<h2>意见采纳情况<\/h2><p>共收到意见 \d+ 条/);
      assert.doesNotMatch(c.body, /意见反馈方式/, 'a closed consultation takes no more comments');
    });

    test('a hearing is posted until it is held; a draft consultation and an unpublished hearing have no notice', async () => {
      const anon = t.anonymous();
      const hearing = await t.db.selectFrom('hearings').select(['id', 'title', 'hearingDate']).where('state', '=', 'published').executeTakeFirstOrThrow();
      const url = `/fgj/hdcy/tzh/${hearing.id}`;
      const page = await anon.get(url);
      assert.ok(hrefs(page.body).includes(`${url}/bulletin?size=A3`));
      const res = await anon.get(`${url}/bulletin?size=A3`);
      assert.equal(res.statusCode, 200);
      const [y, m, d] = hearing.hearingDate!.split('-').map(Number);
      assertNotice(res.body, { title: hearing.title, pageUrl: `http://gk.test${url}`, from: '2026年9月15日', to: `${y}年${m}月${d}日`, size: 'A3' });
      assert.match(res.body, /<h2>听证参加人名单<\/h2>/);
      assert.match(res.body, /<h2>听证参加人遴选办法<\/h2>/);

      const staff = (await actorForUsername(t.db, 'demo-reviewer', 'session'))!;
      const draft = await createConsultation(t.db, staff, fgj.id, { title: '尚未发布的意见征集', kind: 'other', explanation: '说明。', commentMethod: '信函', sections: [{ heading: '第一条', body: '正文。' }] });
      const quiet = await createHearing(t.db, staff, fgj.id, { title: '尚未公告的听证会', hearingDate: '2026-10-30', hearingTime: '09:30' });
      for (const u of [`/fgj/hdcy/yjzj/${draft.id}/bulletin`, `/fgj/hdcy/yjzj/${draft.id}/bulletin.pdf`, `/fgj/hdcy/tzh/${quiet.id}/bulletin`, `/fgj/hdcy/tzh/${quiet.id}/bulletin.pdf`, '/fgj/hdcy/yjzj/99999999/bulletin']) {
        assert.equal((await anon.get(u)).statusCode, 404, u);
      }
      assert.equal((await anon.get(`${url}/bulletin.pdf?size=B5`)).statusCode, 400);
    });

    test('a published mailbox reply prints its masked question and reply; an unpublished message has no notice', async () => {
      const anon = t.anonymous();
      const rows = await t.db.selectFrom('mailboxMessages').select(['id', 'publishedAt', 'publicSubject', 'writerName']).where('agencyId', '=', fgj.id).orderBy('id').execute();
      const published = rows.find((r) => r.publishedAt)!;
      const hidden = rows.find((r) => !r.publishedAt)!;
      assert.ok(published && hidden);
      const url = `/fgj/mailbox/qa/${published.id}`;
      const page = await anon.get(url);
      assert.equal(page.statusCode, 200);
      assert.ok(hrefs(page.body).includes(`${url}/bulletin`));
      const res = await anon.get(`${url}/bulletin`);
      assert.equal(res.statusCode, 200);
      assertNotice(res.body, { title: published.publicSubject, pageUrl: `http://gk.test${url}`, from: '2026年9月15日', to: '2026年9月21日' });
      assert.match(res.body, /<h2>留言内容<\/h2>/);
      assert.match(res.body, /<h2>答复内容<\/h2>/);
      if (published.writerName) assert.ok(!res.body.includes(published.writerName), 'the writer’s name is not printed');
      for (const u of [`/fgj/mailbox/qa/${hidden.id}/bulletin`, `/fgj/mailbox/qa/${hidden.id}/bulletin.pdf`, '/fgj/mailbox/qa/99999999/bulletin']) {
        assert.equal((await anon.get(u)).statusCode, 404, u);
      }
      assert.equal((await anon.get(`${url}/bulletin?size=A0`)).statusCode, 400);
    });

    test('the OpenAPI document lists every notice route as HTML or PDF, with its paper size', async () => {
      const doc = json(await t.anonymous().get('/api/v1/openapi.json'));
      for (const page of ['/{agency}/zfxxgk/content/{id}', '/{agency}/zdxm/{id}/stages/{stageId}', '/{agency}/hdcy/yjzj/{id}', '/{agency}/hdcy/tzh/{id}', '/{agency}/mailbox/qa/{id}']) {
        const html = doc.paths[`${page}/bulletin`]?.get;
        const file = doc.paths[`${page}/bulletin.pdf`]?.get;
        assert.ok(html && file, page);
        assert.ok(html.responses['200'].content['text/html'], page);
        assert.ok(file.responses['200'].content['application/pdf'], page);
        assert.ok(file.parameters.some((p: { name: string; in: string }) => p.name === 'size' && p.in === 'query'), page);
        assert.deepEqual(file.security, []);
      }
    });
  });
}
