import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type Client, type TestApp } from '../../../test/helpers.js';
import { minimalPdf, minimalPng } from '../../demo/files.demo.js';
import { chinaDateOf } from '../../lib/dates.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { getPublicPublication, listPublished } from './publication.query.js';
import * as service from './publication.service.js';
import { withClock } from '../../db/runtime.js';
import { fixedClock } from '../../lib/clock.js';

const today = chinaDateOf(new Date());
const VALID_ID = '11010519491231002X'; // GB 11643 example number: passes its checksum

/** A multipart upload through the real app, as a browser or script with this session would send it. */
async function upload(t: TestApp, c: Client, url: string, filename: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----gk${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: c.csrf, ...fields })) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  chunks.push(bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'x-csrf-token': c.csrf,
    },
    payload: Buffer.concat(chunks),
  });
}

const complete = {
  summary: '印发示例市2026年国民经济和社会发展计划实施方案，明确主要目标和重点任务。',
  body: '<p>各县（市、区）发展改革局：</p><p>现将《实施方案》印发给你们，请认真贯彻执行。</p>',
  documentNumber: '示发改规〔2026〕3号',
  writtenDate: today,
  formedDate: today,
  category: 'art20_03',
  topic: 'economy',
  genre: 'notice',
  keywords: ['发展规划', '实施方案'],
};

async function count(t: TestApp, table: 'publications' | 'publicationAttachments' | 'attachments' | 'publicationRevisions') {
  const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

for (const engine of ENGINES) {
  describe(`publications (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    let reviewer: Client;
    let leader: Client;
    let otherEditor: Client;
    let anon: Client;

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      [editor, reviewer, leader, otherEditor] = await Promise.all([t.login('demo-editor'), t.login('demo-reviewer'), t.login('demo-leader'), t.login('czj-editor')]);
      anon = t.anonymous();
    });
    after(async () => t.close());

    async function draft(extra: Record<string, unknown> = {}) {
      const res = await editor.api('POST', '/api/v1/publications', { title: `关于印发《示例市实施方案》的通知 ${randomBytes(3).toString('hex')}`, ...extra });
      assert.equal(res.statusCode, 201, res.body);
      return json(res);
    }
    async function act(c: Client, id: number, body: Record<string, unknown>, status = 200) {
      const res = await c.api('POST', `/api/v1/publications/${id}/transitions`, body);
      assert.equal(res.statusCode, status, res.body);
      return json(res);
    }
    /** Drafts a complete item and takes it through review to publication. */
    async function published(extra: Record<string, unknown> = {}) {
      const d = await draft({ ...complete, ...extra });
      await act(editor, d.id, { action: 'submit' });
      await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared', comment: '同意' });
      return act(reviewer, d.id, { action: 'publish' });
    }

    test('an editor drafts and submits, the office reviews and publishes, the public reads it', async () => {
      const d = await draft();
      assert.equal(d.state, 'draft');
      assert.equal(d.department.name, '发展规划科');
      assert.deepEqual(d.issuers.map((i: { name: string }) => i.name), ['示例市发展和改革局']);
      assert.equal(d.indexNumber, null);

      // Submitting an incomplete draft lists every missing field and changes nothing.
      const refused = await editor.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'submit' });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(Object.keys(json(refused).error.fields).sort(), ['body', 'category', 'formedDate', 'genre', 'summary', 'topic', 'writtenDate']);
      assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, d.id)).state, 'draft');

      const patched = await editor.api('PATCH', `/api/v1/publications/${d.id}`, { ...complete, version: d.version });
      assert.equal(patched.statusCode, 200, patched.body);
      const p = json(patched);
      assert.deepEqual(p.keywords, ['发展规划', '实施方案']);
      assert.equal(p.timeliness.status, 'on_track');
      assert.ok(p.timeliness.deadline > today);

      assert.equal((await act(editor, d.id, { action: 'submit', comment: '请审核' })).state, 'submitted');
      // The editor can no longer edit; the office can.
      assert.equal((await editor.api('PATCH', `/api/v1/publications/${d.id}`, { title: 'x', version: p.version + 1 })).statusCode, 403);

      // The office review needs the confidentiality outcome, and records the reviewer's name.
      const noOutcome = await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'approve' });
      assert.equal(noOutcome.statusCode, 400);
      assert.ok(json(noOutcome).error.fields.confidentiality);
      const approved = await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared', comment: '经保密审查，同意公开' });
      assert.equal(approved.state, 'approved');
      assert.equal(approved.reviews[0].confidentiality, 'cleared');
      const reviewerName = (await t.db.selectFrom('users').select('displayName').where('username', '=', 'demo-reviewer').executeTakeFirstOrThrow()).displayName;
      assert.ok(approved.reviews[0].reviewer.includes(reviewerName), `the review records ${reviewerName}`);

      // Only the office publishes.
      assert.equal((await editor.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'publish' })).statusCode, 403);
      assert.equal((await leader.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'publish' })).statusCode, 403);
      const pub = await act(reviewer, d.id, { action: 'publish' });
      assert.equal(pub.state, 'published');
      assert.equal(pub.publicStatus, 'published');
      assert.match(pub.indexNumber, /^[0-9A-Z]{18}\/\d{4}-\d{5}$/);
      assert.ok(pub.indexNumber.endsWith(`/${today.slice(0, 4)}-${pub.indexNumber.slice(-5)}`));
      assert.ok(Math.abs(Date.parse(pub.publishedAt) - Date.now()) < 60_000, 'publish date is stamped by the system');
      assert.equal(pub.url, `http://gk.test/fgj/zfxxgk/content/${d.id}`);

      // Anyone reads it through the API and the query module.
      const pubRes = await anon.get(`/api/v1/publications/${d.id}`);
      assert.equal(pubRes.statusCode, 200);
      const pj = json(pubRes);
      assert.equal(pj.withdrawn, false);
      assert.equal(pj.indexNumber, pub.indexNumber);
      assert.equal(pj.body, complete.body);
      assert.equal(pj.agency.slug, 'fgj');
      assert.equal(pj.version, undefined, 'the public sees the published revision, not the staff view');
      const listed = json(await anon.get(`/api/v1/publications?agency=fgj&category=art20_03&q=${encodeURIComponent(pub.title.slice(-6))}`));
      assert.equal(listed.total, 1);
      assert.deepEqual(Object.keys(listed.items[0]).filter((k) => ['id', 'indexNumber', 'title', 'agency', 'category', 'publishedAt', 'url'].includes(k)).length, 7);

      // Every step is an audit event, with the actor's name.
      const events = await audit.listEvents(t.db, { entityType: 'publication', entityId: String(d.id), limit: 50 });
      const actions = events.map((e) => e.action).reverse();
      for (const a of ['publication.create', 'publication.update', 'publication.submit', 'publication.approve', 'publication.publish', 'publication.published']) {
        assert.ok(actions.includes(a), `${a} in ${actions.join(',')}`);
      }
      assert.equal((await audit.verifyChain(t.db)).ok, true);
    });

    test('serials: each first publication takes the next number of the agency and year; a revision keeps it', async () => {
      const a = await published();
      const b = await published();
      const serial = (n: string) => Number(n.slice(-5));
      assert.equal(serial(b.indexNumber), serial(a.indexNumber) + 1);
      assert.equal(a.indexNumber.slice(0, -5), b.indexNumber.slice(0, -5));
      // A revision goes through review again while the old version stays public.
      const r = await act(editor, a.id, { action: 'revise' });
      assert.equal(r.state, 'draft');
      assert.equal(r.formedDate, null, 'a revision needs its own date of change');
      const edited = json(await editor.api('PATCH', `/api/v1/publications/${a.id}`, { title: `${a.title}（修订）`, formedDate: today, changeNote: '更正附件表格', version: r.version }));
      const stillPublic = await getPublicPublication(t.db, 'fgj', a.id);
      assert.ok(stillPublic && !stillPublic.withdrawn);
      assert.equal(stillPublic.title, a.title);
      await act(editor, a.id, { action: 'submit' });
      await act(reviewer, a.id, { action: 'approve', confidentiality: 'cleared', version: edited.version + 1 });
      const v2 = await act(reviewer, a.id, { action: 'publish' });
      assert.equal(v2.indexNumber, a.indexNumber);
      assert.equal(v2.revisionCount, 2);
      assert.equal(v2.publishedAt, a.publishedAt, '发布日期 never changes');
      const pub = await getPublicPublication(t.db, 'fgj', a.id);
      assert.ok(pub && !pub.withdrawn);
      assert.equal(pub.title, `${a.title}（修订）`);
      assert.ok(pub.revisedAt);
      assert.deepEqual(pub.revisions.map((x) => x.revisionNo), [2, 1]);
      assert.equal(pub.revisions[0]!.changeNote, '更正附件表格');
    });

    test('abandoning a revision restores what the public sees, attachments included', async () => {
      const p = await published();
      const r = await act(editor, p.id, { action: 'revise' });
      await editor.api('PATCH', `/api/v1/publications/${p.id}`, { title: '改了一半的标题', body: '<p>新正文</p>', version: r.version });
      const up = await upload(t, editor, `/api/v1/publications/${p.id}/attachments`, '新附件.pdf', minimalPdf(['new']));
      assert.equal(up.statusCode, 201);
      const back = await act(editor, p.id, { action: 'cancel_revision' });
      assert.equal(back.state, 'published');
      assert.equal(back.title, p.title);
      assert.equal(back.body, complete.body);
      assert.deepEqual(back.attachments, []);
      assert.equal(back.revisionCount, 1);
      // Discarding is only for drafts that were never published.
      const again = await act(editor, p.id, { action: 'revise' });
      const discard = await editor.api('POST', `/api/v1/publications/${p.id}/transitions`, { action: 'discard', version: again.version });
      assert.equal(json(discard).error.code, 'INVALID_TRANSITION');
    });

    test('concurrent publications get distinct, consecutive index numbers', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        const d = await draft(complete);
        await act(editor, d.id, { action: 'submit' });
        await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared' });
        ids.push(d.id);
      }
      const reviewerActor = await (await import('../accounts/account.service.js')).actorForUser(
        t.db,
        (await (await import('../accounts/account.repository.js')).findUserByUsername(t.db, 'demo-reviewer'))!,
        'session',
      );
      const results = await Promise.all(ids.map((id) => service.transition(t.db, reviewerActor, id, { action: 'publish' })));
      const serials = results.map((r) => Number(r.indexNumber!.slice(-5))).sort((a, b) => a - b);
      assert.equal(new Set(serials).size, 5);
      assert.deepEqual(serials, serials.map((_, i) => serials[0]! + i));
    });

    test('leader approval when the agency asks for it', async () => {
      const agency = await t.db.selectFrom('agencies').selectAll().where('slug', '=', 'fgj').executeTakeFirstOrThrow();
      await service.updateAgencySettings(t.db, SYSTEM_ACTOR, agency.id, { indexPattern: agency.indexPattern, requiresLeaderApproval: true, version: agency.version });
      try {
        const d = await draft(complete);
        await act(editor, d.id, { action: 'submit' });
        assert.equal((await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared' })).state, 'pending_approval');
        assert.equal((await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'approve' })).statusCode, 403);
        // The leader sends it back with a reason, or approves.
        assert.equal((await leader.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'reject' })).statusCode, 400);
        const back = await act(leader, d.id, { action: 'reject', comment: '请补充项目投资额' });
        assert.equal(back.state, 'returned');
        assert.equal(back.reviews[0].step, 'leader_approval');
        await act(editor, d.id, { action: 'submit' });
        await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared_after_changes' });
        assert.equal((await act(leader, d.id, { action: 'approve', comment: '同意' })).state, 'approved');
      } finally {
        const a2 = await t.db.selectFrom('agencies').selectAll().where('slug', '=', 'fgj').executeTakeFirstOrThrow();
        await service.updateAgencySettings(t.db, SYSTEM_ACTOR, agency.id, { indexPattern: a2.indexPattern, requiresLeaderApproval: false, version: a2.version });
      }
    });

    test('screening findings must each be confirmed by the reviewer before publishing', async () => {
      const d = await draft({ ...complete, body: `<p>联系人：张三，身份证号 ${VALID_ID}，内部资料</p>` });
      const s = await act(editor, d.id, { action: 'submit' });
      assert.ok(s.findings.length >= 1, JSON.stringify(s.findings));
      const idFinding = s.findings.find((f: { kind: string }) => f.kind === 'resident_id');
      assert.ok(idFinding);
      assert.ok(!idFinding.excerpt.includes(VALID_ID), 'the excerpt masks the number');
      // Approval is refused while a finding is unconfirmed: nothing unconfirmed reaches 待发布.
      const refused = await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'approve', confidentiality: 'cleared' });
      assert.equal(refused.statusCode, 400);
      assert.match(json(refused).error.fields.confirmFindings, /筛查结果未确认/);
      assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, d.id)).state, 'submitted');
      // Confirming one of several is not enough either.
      const partial = await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'approve', confidentiality: 'cleared', confirmFindings: [s.findings[0].id] });
      assert.equal(partial.statusCode, s.findings.length > 1 ? 400 : 200);
      if (s.findings.length > 1) {
        assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, d.id)).openFindings, s.findings.length, 'a refused approval confirms nothing');
        await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared', confirmFindings: s.findings.map((f: { id: number }) => f.id) });
      }
      assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, d.id)).state, 'approved');
      // A finding left open at 待发布 (data from before this rule) still blocks publishing, and is confirmable there.
      await t.db.updateTable('publicationFindings').set({ confirmedAt: null, confirmedBy: null, confirmedByName: null }).where('publicationId', '=', d.id).execute();
      const blocked = await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'publish' });
      assert.equal(blocked.statusCode, 400);
      assert.ok(json(blocked).error.fields.confirmFindings);
      assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, d.id)).state, 'approved');
      // Confirming all of them, in the same request as publishing.
      const pub = await act(reviewer, d.id, { action: 'publish', confirmFindings: s.findings.map((f: { id: number }) => f.id), comment: '已核实为公开的示例号码' });
      assert.equal(pub.state, 'published');
      assert.ok(pub.findings.every((f: { confirmedBy: string | null }) => f.confirmedBy));
      const events = await audit.listEvents(t.db, { entityType: 'publication', entityId: String(d.id), action: 'publication.finding.confirm', limit: 50 });
      // Each finding confirmed twice: at the office review, and again at 待发布 after it was reopened above.
      assert.equal(events.length, 2 * s.findings.length);
      // Editors cannot confirm findings.
      const d2 = await draft({ ...complete, body: `<p>${VALID_ID}</p>` });
      const s2 = await act(editor, d2.id, { action: 'submit' });
      assert.equal((await editor.api('POST', `/api/v1/publications/${d2.id}/findings/confirm`, { ids: [s2.findings[0].id] })).statusCode, 403);
    });

    test('withdrawal needs a reason; the public URL then shows a notice', async () => {
      const p = await published();
      assert.equal((await reviewer.api('POST', `/api/v1/publications/${p.id}/transitions`, { action: 'withdraw', comment: '  ' })).statusCode, 400);
      assert.equal((await editor.api('POST', `/api/v1/publications/${p.id}/transitions`, { action: 'withdraw', comment: '错发' })).statusCode, 403);
      const w = await act(reviewer, p.id, { action: 'withdraw', comment: '该信息涉及尚未公开的项目，撤回' });
      assert.equal(w.state, 'withdrawn');
      const pub = await getPublicPublication(t.db, 'fgj', p.id);
      assert.ok(pub?.withdrawn);
      assert.equal(pub.reason, '该信息涉及尚未公开的项目，撤回');
      assert.equal(pub.indexNumber, p.indexNumber);
      const api = json(await anon.get(`/api/v1/publications/${p.id}`));
      assert.equal(api.withdrawn, true);
      assert.equal(api.body, undefined);
      const list = await listPublished(t.db, { q: p.title, page: 1, pageSize: 10, sort: 'date' });
      assert.equal(list.total, 0);
      // Nothing can be done with a withdrawn item.
      assert.equal((await reviewer.api('POST', `/api/v1/publications/${p.id}/transitions`, { action: 'publish' })).statusCode, 409);
    });

    test('有效性: abolished with the date and what replaced it, shown on the original', async () => {
      const old = await published();
      const replacement = await published();
      const bad = await reviewer.api('POST', `/api/v1/publications/${old.id}/transitions`, { action: 'set_validity', validity: 'abolished' });
      assert.equal(bad.statusCode, 400);
      assert.ok(json(bad).error.fields.validityDate);
      const future = await reviewer.api('POST', `/api/v1/publications/${old.id}/transitions`, { action: 'set_validity', validity: 'abolished', validityDate: '2999-01-01' });
      assert.equal(future.statusCode, 400);
      await act(reviewer, old.id, { action: 'set_validity', validity: 'abolished', validityDate: today, replacedById: replacement.id });
      const pub = await getPublicPublication(t.db, 'fgj', old.id);
      assert.ok(pub && !pub.withdrawn);
      assert.equal(pub.validity, 'abolished');
      assert.equal(pub.validityDate, today);
      assert.equal(pub.replacedBy?.id, replacement.id);
      assert.equal(pub.replacedBy?.url, `/fgj/zfxxgk/content/${replacement.id}`);
      const filtered = await listPublished(t.db, { validity: 'abolished', q: old.title, page: 1, pageSize: 5, sort: 'date' });
      assert.equal(filtered.total, 1);
    });

    test('scheduled publishing: published by publishDue when the time comes, once', async () => {
      const d = await draft(complete);
      await act(editor, d.id, { action: 'submit' });
      await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared' });
      const past = await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'schedule', scheduledAt: '2020-01-01T09:00' });
      assert.equal(past.statusCode, 400);
      const when = new Date(Date.now() + 3_600_000);
      const s = await act(reviewer, d.id, { action: 'schedule', scheduledAt: when.toISOString() });
      assert.equal(s.state, 'scheduled');
      assert.deepEqual(await service.publishDue(t.db), []);
      const later = new Date(when.getTime() + 60_000);
      const done = await service.publishDue(withClock(t.db, fixedClock(later)));
      assert.deepEqual(done, [d.id]);
      assert.deepEqual(await service.publishDue(withClock(t.db, fixedClock(later))), []);
      const v = await service.getPublication(t.db, SYSTEM_ACTOR, d.id);
      assert.equal(v.state, 'published');
      assert.equal(v.firstPublishedAt, later.toISOString());
      assert.ok(v.indexNumber);
      const ev = await audit.listEvents(t.db, { entityType: 'publication', entityId: String(d.id), action: 'publication.publish_due', limit: 5 });
      assert.equal(ev[0]?.actorName, '系统');
    });

    test('transitions not allowed from the state, or for the role', async () => {
      const d = await draft(complete);
      const r1 = await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'publish' });
      assert.equal(r1.statusCode, 409);
      assert.equal(json(r1).error.code, 'INVALID_TRANSITION');
      assert.equal(json(await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'fly' })).error.code, 'INVALID_TRANSITION');
      await act(editor, d.id, { action: 'submit' });
      const r2 = await editor.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'approve', confidentiality: 'cleared' });
      assert.equal(r2.statusCode, 403);
      assert.equal(json(r2).error.code, 'FORBIDDEN');
      // Another agency's editor cannot even see it.
      assert.equal((await otherEditor.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'submit' })).statusCode, 403);
      assert.equal((await otherEditor.api('PATCH', `/api/v1/publications/${d.id}`, { title: 'x', version: 1 })).statusCode, 403);
      // Rejection needs a comment, and returns the item to the editor.
      const noComment = await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'reject' });
      assert.equal(noComment.statusCode, 400);
      assert.ok(json(noComment).error.fields.comment);
      const back = await act(reviewer, d.id, { action: 'reject', comment: '文号有误，请核对' });
      assert.equal(back.state, 'returned');
      assert.equal(back.reviews[0].comment, '文号有误，请核对');
      // A draft that was never published can be discarded; it then disappears.
      await act(editor, d.id, { action: 'discard' });
      assert.equal((await editor.get(`/api/v1/publications/${d.id}`)).statusCode, 404);
    });

    test('bad input: a clear error per field, and nothing written', async () => {
      const before = await count(t, 'publications');
      const cases: [Record<string, unknown>, string][] = [
        [{ title: '' }, 'title'],
        [{ title: 'x'.repeat(201) }, 'title'],
        [{ title: 123 }, 'title'],
        [{ title: 'x', summary: 's'.repeat(1001) }, 'summary'],
        [{ title: 'x', writtenDate: '2026-02-30' }, 'writtenDate'],
        [{ title: 'x', writtenDate: 20260101 }, 'writtenDate'],
        [{ title: 'x', writtenDate: '2999-01-01' }, 'writtenDate'],
        [{ title: 'x', formedDate: '2999-01-01' }, 'formedDate'],
        [{ title: 'x', category: 'art20_16' }, 'category'],
        [{ title: 'x', topic: 'weather' }, 'topic'],
        [{ title: 'x', genre: 'poem' }, 'genre'],
        [{ title: 'x', disclosureAttribute: 'secret' }, 'disclosureAttribute'],
        [{ title: 'x', keywords: Array.from({ length: 11 }, (_, i) => `词${i}`) }, 'keywords'],
        [{ title: 'x', issuers: [{ agencyId: 99999 }] }, 'issuers'],
        [{ title: 'x', issuers: 'abc' }, 'issuers.0'],
        [{ title: 'x', departmentId: 99999 }, 'departmentId'],
      ];
      for (const [body, field] of cases) {
        const res = await reviewer.api('POST', '/api/v1/publications', body);
        assert.equal(res.statusCode, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.statusCode} ${res.body}`);
        const e = json(res).error;
        assert.equal(e.code, 'VALIDATION_FAILED');
        assert.ok(e.fields?.[field], `${field}: ${JSON.stringify(e.fields)}`);
        assert.match(e.fields[field], /[\u4e00-\u9fff]/, 'messages are in Chinese');
      }
      assert.equal(await count(t, 'publications'), before);

      // A non-proactive item needs its basis before submitting, and can never be published.
      const d = await draft({ ...complete, disclosureAttribute: 'on_request' });
      const sub = await editor.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'submit' });
      assert.equal(sub.statusCode, 400);
      assert.ok(json(sub).error.fields.disclosureBasis);
      await editor.api('PATCH', `/api/v1/publications/${d.id}`, { disclosureBasis: '《政府信息公开条例》第十六条：过程性信息', version: d.version });
      await act(editor, d.id, { action: 'submit' });
      await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared' });
      const revisions = await count(t, 'publicationRevisions');
      const pub = await reviewer.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'publish' });
      assert.equal(pub.statusCode, 400);
      assert.ok(json(pub).error.fields.disclosureAttribute);
      assert.equal(await count(t, 'publicationRevisions'), revisions);
      assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, d.id)).publicStatus, 'none');
    });

    test('HTML bodies lose scripts, event handlers and javascript: links', async () => {
      const d = await draft({
        body: '<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a><img src=x onerror=alert(1)></p><table><tr><td colspan="2" style="width:9in">表格</td></tr></table>',
      });
      assert.doesNotMatch(d.body, /script|onclick|onerror|javascript|style=/);
      assert.match(d.body, /<td colspan="2">表格<\/td>/);
      assert.match(d.body, /<a>链接<\/a>/);
    });

    test('a stale edit is refused and changes nothing', async () => {
      const d = await draft();
      const first = await editor.api('PATCH', `/api/v1/publications/${d.id}`, { summary: '第一次修改', version: d.version });
      assert.equal(first.statusCode, 200);
      const second = await reviewer.api('PATCH', `/api/v1/publications/${d.id}`, { summary: '基于旧版本的修改', version: d.version });
      assert.equal(second.statusCode, 409);
      assert.equal(json(second).error.code, 'STALE_EDIT');
      const now = await service.getPublication(t.db, SYSTEM_ACTOR, d.id);
      assert.equal(now.summary, '第一次修改');
      assert.equal(now.version, d.version + 1);
      // A transition with an old version is stale too.
      const stale = await editor.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'discard', version: d.version });
      assert.equal(json(stale).error.code, 'STALE_EDIT');
    });

    test('attachments: type from the content, Chinese names survive, public only once published', async () => {
      const d = await draft(complete);
      const pdf = minimalPdf(['Project list 2026', `Contact ID ${VALID_ID}`]);
      const before = await count(t, 'publicationAttachments');
      const up = await upload(t, editor, `/api/v1/publications/${d.id}/attachments`, '附件1：2026年重点项目清单.pdf', pdf);
      assert.equal(up.statusCode, 201, up.body);
      const a = json(up);
      assert.equal(a.mimeType, 'application/pdf');
      assert.equal(a.name, '附件1：2026年重点项目清单.pdf');
      assert.equal(await count(t, 'publicationAttachments'), before + 1);

      // A PNG named .pdf, and text named .pdf: 415, nothing written.
      for (const [name, bytes] of [['scan.pdf', minimalPng()], ['notes.pdf', Buffer.from('just text, not a pdf')], ['tool.exe', Buffer.from('MZ\x90\x00 binary')]] as const) {
        const bad = await upload(t, editor, `/api/v1/publications/${d.id}/attachments`, name, bytes);
        assert.equal(bad.statusCode, 415, `${name}: ${bad.body}`);
        assert.equal(json(bad).error.code, 'UNSUPPORTED_MEDIA_TYPE');
      }
      assert.equal(await count(t, 'publicationAttachments'), before + 1);
      const png = await upload(t, editor, `/api/v1/publications/${d.id}/attachments`, '示意图', minimalPng(), { name: '项目位置示意图' });
      assert.equal(png.statusCode, 201, png.body);
      assert.equal(json(png).name, '项目位置示意图.png');

      // Staff download with type and a safe Content-Disposition.
      const dl = await editor.get(`/office/attachments/${a.id}`);
      assert.equal(dl.statusCode, 200);
      assert.equal(dl.headers['content-type'], 'application/pdf');
      assert.equal(dl.headers['content-disposition'], `attachment; filename="__1_2026_______.pdf"; filename*=UTF-8''${encodeURIComponent('附件1：2026年重点项目清单.pdf')}`);
      assert.equal(dl.rawPayload.length, pdf.length);
      assert.equal((await otherEditor.get(`/office/attachments/${a.id}`)).statusCode, 403);
      // Not public before publication.
      assert.equal((await anon.get(`/files/${a.id}`)).statusCode, 404);

      // Screening reads the PDF's text.
      const s = await act(editor, d.id, { action: 'submit' });
      assert.ok(s.findings.some((f: { source: string; kind: string }) => f.kind === 'resident_id' && f.source.includes('附件')), JSON.stringify(s.findings));
      await act(reviewer, d.id, { action: 'approve', confidentiality: 'cleared', confirmFindings: s.findings.map((f: { id: number }) => f.id) });
      await act(reviewer, d.id, { action: 'publish' });
      const pub = await getPublicPublication(t.db, 'fgj', d.id);
      assert.ok(pub && !pub.withdrawn);
      assert.deepEqual(pub.attachments.map((x) => x.name), ['附件1：2026年重点项目清单.pdf', '项目位置示意图.png']);
      const file = await anon.get(pub.attachments[0]!.url);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/pdf');
      // A PDF opens in the browser (phones preview it); `?download=1` saves it.
      assert.match(String(file.headers['content-disposition']), /^inline; filename="[^"]*"; filename\*=UTF-8''%E9%99%84%E4%BB%B6/);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      const saved = await anon.get(`${pub.attachments[0]!.url}?download=1`);
      assert.match(String(saved.headers['content-disposition']), /^attachment; filename="[^"]*"; filename\*=UTF-8''%E9%99%84%E4%BB%B6/);
    });

    test('the office can only edit what its state allows', async () => {
      const p = await published();
      const res = await reviewer.api('PATCH', `/api/v1/publications/${p.id}`, { title: '直接改已发布的', version: p.version });
      assert.equal(res.statusCode, 409);
      assert.equal(json(res).error.code, 'INVALID_TRANSITION');
    });

    test('vocabularies, workflow and OpenAPI', async () => {
      const cats = json(await anon.get('/api/v1/categories'));
      assert.ok(cats.categories.some((c: { key: string; label: string }) => c.key === 'art20_07' && c.label === '财政预算、决算信息'));
      assert.ok(cats.topics.length > 10 && cats.genres.length > 10);
      const wf = json(await anon.get('/api/v1/workflow'));
      assert.ok(wf.transitions.some((x: { action: string }) => x.action === 'publish'));
      const doc = json(await anon.get('/api/v1/openapi.json'));
      for (const p of ['/api/v1/publications', '/api/v1/publications/{id}', '/api/v1/publications/{id}/transitions', '/api/v1/categories', '/api/v1/publications/{id}/attachments']) {
        assert.ok(doc.paths[p], p);
      }
      assert.ok(doc.paths['/api/v1/publications'].post.requestBody);
      assert.ok(doc.paths['/api/v1/publications'].get.parameters.some((x: { name: string }) => x.name === 'category'));
      const badQuery = await anon.get('/api/v1/publications?category=nope');
      assert.equal(badQuery.statusCode, 400);
      assert.equal((await anon.get('/api/v1/publications?state=draft')).statusCode, 401);
      const staffRes = await reviewer.get('/api/v1/publications?state=draft,submitted');
      assert.equal(staffRes.statusCode, 200, staffRes.body);
      const staff = json(staffRes);
      assert.ok(staff.total > 0);
      assert.ok(staff.items.every((i: { state: string }) => ['draft', 'submitted'].includes(i.state)));
    });
  });

  describe(`publication uploads over the limit (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true, config: { maxUploadBytes: 64 * 1024 } });
    });
    after(async () => t.close());

    test('413 with a message, nothing written', async () => {
      const editor = await t.login('demo-editor');
      const d = json(await editor.api('POST', '/api/v1/publications', { title: '大附件测试' }));
      const before = await count(t, 'attachments');
      const links = await count(t, 'publicationAttachments');
      const big = Buffer.concat([minimalPdf(['big']), randomBytes(100 * 1024)]);
      const res = await upload(t, editor, `/api/v1/publications/${d.id}/attachments`, '大文件.pdf', big);
      assert.equal(res.statusCode, 413, res.body);
      assert.equal(json(res).error.code, 'PAYLOAD_TOO_LARGE');
      assert.match(json(res).error.message, /大小限制/);
      assert.equal(await count(t, 'attachments'), before);
      assert.equal(await count(t, 'publicationAttachments'), links);
    });
  });
}
