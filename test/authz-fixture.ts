/**
 * Real rows for the authorization matrix (test/authz-matrix.ts): one agency the
 * people in the matrix belong to ("own", 示例市财政局) and one they do not ("other",
 * 示例市生态环境局), with drafts, submitted items, attachments, applications, letters,
 * files, appeals, annual reports, columns, tokens, accounts, consultations, hearings,
 * mailbox letters, projects, work plans and standard-catalog rows in each, so that every
 * id in a path points at something and the service's own check runs. A department-scoped
 * kind also has rows in the editor's department, the other department (and none).
 */
import assert from 'node:assert/strict';
import { cliSetPassword, createApiToken, actorForUser } from '../src/features/accounts/account.service.js';
import { findUserByUsername } from '../src/features/accounts/account.repository.js';
import type { Actor } from '../src/features/access/roles.js';
import { SYSTEM_ACTOR } from '../src/features/access/roles.js';
import { logPhoneCall, reportSiteError } from '../src/features/mailbox/mailbox.service.js';
import { createRow as createCatalogRow } from '../src/features/standard-catalogs/standard-catalog.service.js';
import { todayOf } from '../src/db/runtime.js';
import { addDays } from '../src/lib/dates.js';
import { json, uploadFile, type Client, type TestApp } from './helpers.js';

/**
 * The people of the matrix: anonymous, a platform administrator, every agency role of the
 * own agency, and a person with roles in both agencies (an editor here, the office reviewer
 * there), who passes every route's "anywhere" check, so only the service's own check on the
 * row's agency and department stands between them and the other agency's rows and back.
 */
export const PEOPLE = ['platform-root', 'sec-admin', 'audit-admin', 'czj-admin', 'czj-reviewer', 'czj-editor', 'czj-editor0', 'czj-leader', 'two-hats'] as const;
export type Person = (typeof PEOPLE)[number] | 'anonymous';
export const PASSWORD = 'Matrix#Pass2026';

export interface Place {
  /** Null: a record no agency owns (a 网站纠错 report about a platform page). */
  agencyId: number | null;
  departmentId: number | null;
}

export interface Fixture {
  own: { agencyId: number; slug: string; dept: number; dept0: number };
  other: { agencyId: number; slug: string; dept: number };
  actors: Map<Person, Actor | null>;
  clients: Map<Person, Client>;
  /** Rows by kind, each with where it lives. */
  rows: Record<string, (Place & { id: number | string; label: string; extra?: Record<string, string | number> })[]>;
  /** A fresh row for routes that remove or move what they touch (one per request). */
  fresh: Record<string, (place: string, who: Person) => Promise<Place & { id: number | string; label: string; extra?: Record<string, string | number> }>>;
  /** The places a fresh kind is made in (default: own and other agency). */
  freshPlaces: Record<string, readonly string[]>;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function buildFixture(t: TestApp): Promise<Fixture> {
  const db = t.db;
  const agency = async (slug: string) => (await db.selectFrom('agencies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const depts = async (agencyId: number) => (await db.selectFrom('departments').select('id').where('agencyId', '=', agencyId).orderBy('sortOrder').execute()).map((d) => d.id);
  const ownId = await agency('czj');
  const otherId = await agency('sthjj');
  const [ownDept0, ownDept1] = await depts(ownId);
  const [, otherDept1] = await depts(otherId);
  const own = { agencyId: ownId, slug: 'czj', dept: ownDept1!, dept0: ownDept0! };
  const other = { agencyId: otherId, slug: 'sthjj', dept: otherDept1! };

  // Every demo person gets the matrix password (the demo's is on a public list); plus a
  // platform administrator with no agency, an editor of the own agency's other
  // department, and a platform administrator who is also a member of the own agency
  // (the account an agency administrator must not be able to take over).
  for (const name of ['czj-admin', 'czj-reviewer', 'czj-editor', 'czj-leader', 'sthjj-editor', 'sthjj-reviewer', 'sthjj-admin']) await cliSetPassword(db, name, PASSWORD, {});
  await cliSetPassword(db, 'platform-root', PASSWORD, { create: { displayName: '平台管理员', platformAdmin: true } });
  // The other two of the 三员 (decision 0019): no agency roles, duties of their own.
  await cliSetPassword(db, 'sec-admin', PASSWORD, { create: { displayName: '安全管理员', platformAdmin: false, adminRole: 'security' } });
  await cliSetPassword(db, 'audit-admin', PASSWORD, { create: { displayName: '审计管理员', platformAdmin: false, adminRole: 'audit' } });
  await cliSetPassword(db, 'czj-editor0', PASSWORD, { create: { displayName: '办公室编辑', platformAdmin: false } });
  await cliSetPassword(db, 'czj-platform', PASSWORD, { create: { displayName: '兼任平台管理员', platformAdmin: true } });
  await cliSetPassword(db, 'two-hats', PASSWORD, { create: { displayName: '兼任两机关', platformAdmin: false } });
  const uid = async (name: string) => (await findUserByUsername(db, name))!.id;
  const now = new Date().toISOString();
  await db.insertInto('memberships').values({ userId: await uid('czj-editor0'), agencyId: ownId, role: 'department_editor', departmentId: ownDept0!, createdAt: now }).execute();
  await db.insertInto('memberships').values({ userId: await uid('czj-platform'), agencyId: ownId, role: 'office_reviewer', departmentId: null, createdAt: now }).execute();
  await db.insertInto('memberships').values({ userId: await uid('two-hats'), agencyId: ownId, role: 'department_editor', departmentId: ownDept1!, createdAt: now }).execute();
  await db.insertInto('memberships').values({ userId: await uid('two-hats'), agencyId: otherId, role: 'office_reviewer', departmentId: null, createdAt: now }).execute();

  const actors = new Map<Person, Actor | null>([['anonymous', null]]);
  const clients = new Map<Person, Client>();
  for (const name of PEOPLE) {
    clients.set(name, await t.login(name, PASSWORD));
    actors.set(name, await actorForUser(db, (await findUserByUsername(db, name))!, 'session'));
  }
  const anon = t.anonymous();
  await anon.get('/office/login');
  clients.set('anonymous', anon);
  const other_editor = await t.login('sthjj-editor', PASSWORD);
  const other_reviewer = await t.login('sthjj-reviewer', PASSWORD);
  const own_editor = clients.get('czj-editor')!;
  const own_editor0 = clients.get('czj-editor0')!;
  const own_reviewer = clients.get('czj-reviewer')!;

  const rows: Fixture['rows'] = {};
  const add = (kind: string, row: Fixture['rows'][string][number]) => (rows[kind] ??= []).push(row);

  // ---- publications: a draft and a submitted item in each place, each with an attachment.
  const draft = async (c: Client, title: string) => {
    const res = await c.api('POST', '/api/v1/publications', { title, summary: '摘要', body: '<p>正文</p>', category: 'notices', topic: 'general', genre: 'notice', writtenDate: '2026-03-02', formedDate: '2026-03-02' });
    assert.equal(res.statusCode, 201, res.body);
    return json(res) as { id: number; agencyId: number; departmentId: number | null };
  };
  for (const [c, label, rev] of [
    [own_editor, 'own', own_reviewer],
    [own_editor0, 'own-other-dept', own_reviewer],
    [other_editor, 'other', other_reviewer],
  ] as const) {
    for (const state of ['draft', 'submitted'] as const) {
      const p = await draft(c, `矩阵${label}${state}`);
      const up = await uploadFile(t, c, `/api/v1/publications/${p.id}/attachments`, 'a.pdf', PDF);
      assert.ok(up.statusCode < 300, up.body);
      if (state === 'submitted') {
        const s = await c.api('POST', `/api/v1/publications/${p.id}/transitions`, { action: 'submit' });
        assert.ok(s.statusCode < 300, s.body);
      }
      void rev;
      const att = await db.selectFrom('publicationAttachments').select('attachmentId').where('publicationId', '=', p.id).executeTakeFirstOrThrow();
      const row = await db.selectFrom('publications').select(['agencyId', 'departmentId']).where('id', '=', p.id).executeTakeFirstOrThrow();
      add('publication', { id: p.id, agencyId: row.agencyId, departmentId: row.departmentId, label: `${label} ${state}`, extra: { attachmentId: att.attachmentId } });
    }
  }

  // ---- applications (依申请公开), each assigned to a department so the editor's view is defined.
  const apply = async (slug: string) => {
    const res = await anon.api('POST', '/api/v1/requests', {
      agency: slug,
      applicant: { kind: 'natural_person', name: '王小明', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13800138000', email: 'wang@example.com', address: '示例市人民路 1 号' },
      infoName: '示例市2025年预算执行情况',
      description: '请提供全文。',
      form: 'electronic',
      delivery: 'email',
    });
    assert.equal(res.statusCode, 201, res.body);
    return json(res) as { id: number; trackingCode: string };
  };
  for (const [slug, agencyId, dept, label] of [
    ['czj', ownId, ownDept1!, 'own'],
    ['czj', ownId, ownDept0!, 'own-other-dept'],
    ['sthjj', otherId, otherDept1!, 'other'],
  ] as const) {
    const r = await apply(slug);
    await db.updateTable('requests').set({ departmentId: dept }).where('id', '=', r.id).execute();
    add('request', { id: r.id, agencyId, departmentId: dept, label, extra: { trackingCode: r.trackingCode } });
  }

  // ---- records that hang off an application or an agency, written as the features store them.
  for (const r of rows.request!) {
    const place = { agencyId: r.agencyId, departmentId: r.departmentId };
    const letter = await db
      .insertInto('requestLetters')
      .values({ requestId: Number(r.id), kind: 'acknowledgement', outcome: null, title: '告知书', body: '正文', addressee: '王小明', issuedDate: '2026-03-02', sentVia: 'email', deliveredDate: null, createdBy: null, createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('letter', { ...place, id: letter.id, label: r.label, extra: { requestId: r.id, trackingCode: r.extra!.trackingCode! } });
    const handler = r.agencyId === ownId ? own_reviewer : other_reviewer;
    const up = await uploadFile(t, handler, `/office/requests/${r.id}/files`, 'a.pdf', PDF, true);
    assert.ok(up.statusCode < 400, `${up.statusCode} ${up.body.slice(0, 200)}`);
    const file = await db.selectFrom('requestFiles').select('id').where('requestId', '=', Number(r.id)).executeTakeFirstOrThrow();
    add('requestFile', { ...place, id: file.id, label: r.label, extra: { requestId: r.id, trackingCode: r.extra!.trackingCode! } });
  }
  for (const [agencyId, label] of [
    [ownId, 'own'],
    [otherId, 'other'],
  ] as const) {
    const place = { agencyId, departmentId: null };
    const appeal = await db
      .insertInto('requestAppeals')
      .values({ agencyId, requestId: null, type: 'reconsideration', result: 'pending', filedDate: '2026-03-02', closedDate: null, source: 'manual', createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('appeal', { ...place, id: appeal.id, label });
    const proposal = await db
      .insertInto('requestProposals')
      .values({ agencyId, subjectKey: `k${agencyId}`, subject: '预算执行', requestCount: 3, status: 'open', createdAt: now, decidedAt: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('proposal', { ...place, id: proposal.id, label });
    const job = await db
      .insertInto('importJobs')
      .values({ agencyId, createdBy: null, createdByName: '系统', source: 'zip', label: '导入', mode: 'draft', status: 'done', createdAt: now, updatedAt: now, finishedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('importJob', { ...place, id: job.id, label });
    const mail = await db
      .insertInto('mailMessages')
      .values({ agencyId, toAddress: 'wang@example.com', subject: '告知', textBody: '正文', htmlBody: null, relatedType: null, relatedId: null, transport: 'outbox', status: 'sent', messageId: null, createdAt: now, sentAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('mail', { ...place, id: mail.id, label });
    const column = await db
      .insertInto('catalogColumns')
      .values({ agencyId, key: 'matrix', parentId: null, kind: 'list', category: null, name: '矩阵栏目', slug: 'matrix', path: 'matrix', updateIntervalDays: null, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('column', { ...place, id: column.id, label });
    add('agency', { ...place, id: agencyId, label, extra: { slug: label === 'own' ? 'czj' : 'sthjj' } });
    add('department', { agencyId, departmentId: label === 'own' ? ownDept1! : otherDept1!, id: label === 'own' ? ownDept1! : otherDept1!, label });
    add('user', { ...place, id: await uid(label === 'own' ? 'czj-editor' : 'sthjj-editor'), label });
  }
  // The platform administrator who is also a member of the own agency.
  add('user', { agencyId: ownId, departmentId: null, id: await uid('czj-platform'), label: 'own platform-admin member' });

  // ---- participation: a consultation taking comments, a draft one and one of the other agency,
  // each with a section and a pending comment; hearings likewise (published, draft, other).
  // The drafts lack what opening or publishing needs, so an empty request cannot change them.
  const today = todayOf(db);
  for (const [agencyId, label, state] of [
    [ownId, 'own', 'open'],
    [ownId, 'own draft', 'draft'],
    [otherId, 'other', 'open'],
  ] as const) {
    const open = state === 'open';
    const c = await db
      .insertInto('consultations')
      .values({
        agencyId, title: `矩阵征集${label}`, kind: 'other', marketRelated: 0, explanation: '起草说明', commentMethod: '', startDate: open ? addDays(today, -3) : null, endDate: open ? addDays(today, 30) : null,
        shortReason: '', state, openedAt: open ? now : null, closedAt: null, publicationId: null, feedbackReceived: null, feedbackAdopted: null, feedbackPartly: null, feedbackNotAdopted: null,
        feedbackText: '', feedbackPublishedAt: null, createdBy: null, createdAt: now, updatedAt: now, version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('consultationSections').values({ consultationId: c.id, position: 1, heading: '第一条', body: '草案正文' }).execute();
    const comment = await db
      .insertInto('consultationComments')
      .values({ consultationId: c.id, sectionId: null, authorName: '网友', contact: '13800138000', body: '建议修改。', status: 'pending', rejectReason: null, moderationNote: '', moderatedBy: null, moderatedAt: null, createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('consultation', { agencyId, departmentId: null, id: c.id, label, extra: { state, commentId: comment.id } });
    const hstate = open ? 'published' : 'draft';
    const h = await db
      .insertInto('hearings')
      .values({
        agencyId, consultationId: null, title: `矩阵听证${label}`, draft: '草案', hearingDate: open ? addDays(today, 30) : null, hearingTime: '09:30', place: open ? '第一会议室' : '',
        selectionMethod: '公开报名', participants: '张三', state: hstate, publishedAt: open ? now : null, createdBy: null, createdAt: now, updatedAt: now, version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('hearing', { agencyId, departmentId: null, id: h.id, label, extra: { state: hstate } });
  }

  // ---- key projects: a project with a stage and a linked draft (批准结果) in each agency;
  // work plans: last year's published (with a target) in each, this year's draft (no target) in the own.
  const year = Number(today.slice(0, 4));
  const linkDraft = async (place: 'own' | 'other', title: string) => (await draft(place === 'own' ? own_editor : other_editor, title)).id;
  const projectOf: Record<string, number> = {};
  for (const [agencyId, label] of [
    [ownId, 'own'],
    [otherId, 'other'],
  ] as const) {
    const p = await db
      .insertInto('projects')
      .values({ agencyId, name: `矩阵项目${label}`, code: `2026-000000-00-00-${String(agencyId).padStart(6, '0')}`, owner: '建设单位', investment: '1000', plannedStart: '2026-01-01', plannedEnd: '2027-12-31', status: 'under_construction', createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    projectOf[label] = p.id;
    const stage = await db.insertInto('projectStages').values({ projectId: p.id, name: '施工', sortOrder: 10, plannedStart: null, plannedEnd: null, actualStart: null, actualEnd: null }).returning('id').executeTakeFirstOrThrow();
    add('project', { agencyId, departmentId: null, id: p.id, label, extra: { stageId: stage.id } });
    const pubId = await linkDraft(label, `矩阵项目信息${label}`);
    await db.insertInto('projectPublications').values({ publicationId: pubId, projectId: p.id, lifecycle: 'approval_result', approvalKind: 'approval', decidedOn: null, updatedAt: now }).execute();
    add('projectLink', { agencyId, departmentId: null, id: p.id, label, extra: { publicationId: pubId } });
  }
  for (const [agencyId, label, y, published] of [
    [ownId, 'own', year - 1, true],
    [ownId, 'own draft', year, false],
    [otherId, 'other', year - 1, true],
  ] as const) {
    const plan = await db.insertInto('workPlans').values({ agencyId, year: y, title: `${y}年度工作计划`, summaryOn: null, publishedAt: published ? now : null, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
    if (published) await db.insertInto('workPlanTargets').values({ planId: plan.id, sortOrder: 10, text: '完成目标' }).execute();
    add('workPlan', { agencyId, departmentId: null, id: plan.id, label, extra: { year: y, slug: agencyId === ownId ? 'czj' : 'sthjj', published: published ? 1 : 0 } });
  }

  // ---- standard catalogs: one row in each agency's catalog.
  const catalogRow = async (agencyId: number) =>
    (
      await createCatalogRow(db, SYSTEM_ACTOR, agencyId, {
        domain: '矩阵领域', level1: '矩阵事项', level2: `二级事项${Math.random()}`, elements: ['要素'], basis: [], timeRule: { kind: 'timely' }, subject: '本机关',
        channels: [{ name: '政府网站', required: true }], audience: 'all', mode: 'proactive', levels: ['county'],
      })
    ).id;
  for (const [agencyId, label] of [
    [ownId, 'own'],
    [otherId, 'other'],
  ] as const)
    add('catalogRow', { agencyId, departmentId: null, id: await catalogRow(agencyId), label });

  // ---- the mailbox: letters assigned to the editor's department, the other department, none, and in
  // the other agency; a 网站纠错 report about a platform page (no agency); published Q&A.
  let letters = 0;
  const letter = async (place: string) => {
    letters++;
    if (place === 'platform') {
      const r = await reportSiteError(db, { pageUrl: '/search?q=x', errorType: 'typo', description: `搜索页有错别字（${letters}）。`, contact: '' }, { channel: 'web', ip: `10.${letters >> 8}.${letters & 255}.1`, secret: t.config.sessionSecret, publicUrl: t.config.publicUrl });
      return { agencyId: null, departmentId: null, id: r.id, label: place, extra: { trackingCode: r.trackingCode } };
    }
    const [agencyId, departmentId] = place === 'own' ? [ownId, ownDept1!] : place === 'own-other-dept' ? [ownId, ownDept0!] : place === 'own no-dept' ? [ownId, null] : [otherId, otherDept1!];
    const r = await logPhoneCall(db, SYSTEM_ACTOR, agencyId, { kind: 'consultation', subject: `矩阵来电${letters}`, body: '请问办理时间。', phone: '', ...(departmentId ? { departmentId } : {}) });
    return { agencyId, departmentId, id: r.id, label: place, extra: { trackingCode: r.trackingCode } };
  };
  const LETTER_PLACES = ['own', 'own-other-dept', 'own no-dept', 'other', 'platform'] as const;
  for (const place of LETTER_PLACES) add('mailbox', await letter(place));
  for (const place of ['own', 'other'] as const) {
    const l = await letter(place);
    await db
      .updateTable('mailboxMessages')
      .set({ state: 'replied', replyBody: '答复', repliedAt: now, repliedDate: today, publishedAt: now, publicSubject: '问', publicBody: '问题', publicReply: '答复' })
      .where('id', '=', l.id)
      .execute();
    add('mailboxQa', { ...l, extra: { slug: place === 'own' ? 'czj' : 'sthjj', published: 1 } });
  }
  add('mailboxQa', { ...rows.mailbox![0]!, label: 'own unpublished', extra: { slug: 'czj', published: 0 } });
  // Drafts whose project links the unlinking routes remove (a fresh link per request).
  const unlinkable = { own: await linkDraft('own', '矩阵取消关联own'), other: await linkDraft('other', '矩阵取消关联other') };

  const fresh: Fixture['fresh'] = {
    async department(place) {
      const agencyId = place === 'own' ? ownId : otherId;
      const d = await db.insertInto('departments').values({ agencyId, name: `临时股室${Math.random()}`, duties: '', phone: '', sortOrder: 99, createdAt: now }).returning('id').executeTakeFirstOrThrow();
      return { agencyId, departmentId: d.id, id: d.id, label: place };
    },
    async token(place, who) {
      // "own": the caller's own token; "other": someone else's.
      const owner = place === 'own' && who !== 'anonymous' ? who : who === 'czj-leader' ? 'czj-reviewer' : 'czj-leader';
      const user = (await findUserByUsername(db, owner))!;
      const actor = await actorForUser(db, user, 'cli');
      const { id } = await createApiToken(db, actor, { name: `矩阵${Math.random()}`, days: 30 });
      return { agencyId: ownId, departmentId: null, id, label: place };
    },
    async requestFile(place) {
      const r = rows.request!.find((x) => x.label === place)!;
      const up = await uploadFile(t, r.agencyId === ownId ? own_reviewer : other_reviewer, `/office/requests/${r.id}/files`, 'b.pdf', PDF, true);
      assert.ok(up.statusCode < 400, up.body.slice(0, 200));
      const file = await db.selectFrom('requestFiles').select('id').where('requestId', '=', Number(r.id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
      return { agencyId: r.agencyId, departmentId: r.departmentId, id: file.id, label: place, extra: { requestId: r.id } };
    },
    async draftAttachment(place) {
      // A new draft with one attachment, written by the place's editor (own department in the own agency).
      const c = place === 'own' ? own_editor : other_editor;
      const p = await draft(c, `矩阵附件${place}`);
      const up = await uploadFile(t, c, `/api/v1/publications/${p.id}/attachments`, 'c.pdf', PDF);
      assert.ok(up.statusCode < 300, up.body);
      const att = await db.selectFrom('publicationAttachments').select('attachmentId').where('publicationId', '=', p.id).executeTakeFirstOrThrow();
      const row = await db.selectFrom('publications').select(['agencyId', 'departmentId']).where('id', '=', p.id).executeTakeFirstOrThrow();
      return { ...row, id: p.id, label: `${place} draft`, extra: { attachmentId: att.attachmentId } };
    },
    mailbox: letter,
    async catalogRow(place) {
      const agencyId = place === 'own' ? ownId : otherId;
      return { agencyId, departmentId: null, id: await catalogRow(agencyId), label: place };
    },
    async projectLink(place) {
      const publicationId = unlinkable[place as 'own' | 'other'];
      const projectId = projectOf[place]!;
      await db.deleteFrom('projectPublications').where('publicationId', '=', publicationId).execute();
      await db.insertInto('projectPublications').values({ publicationId, projectId, lifecycle: 'approval_service', decidedOn: null, updatedAt: now }).execute();
      return { agencyId: place === 'own' ? ownId : otherId, departmentId: null, id: projectId, label: place, extra: { publicationId } };
    },
    async user(place) {
      // A person made for one request: resetting a second factor ends their sessions, which would sign out a client the matrix still uses.
      const username = `fresh${Math.random().toString(36).slice(2, 10)}`;
      const platformMember = place === 'own platform-admin member';
      await cliSetPassword(db, username, PASSWORD, { create: { displayName: '临时人员', platformAdmin: platformMember } });
      const id = await uid(username);
      const agencyId = place === 'other' ? otherId : ownId;
      await db.insertInto('memberships').values({ userId: id, agencyId, role: platformMember ? 'office_reviewer' : 'department_editor', departmentId: platformMember ? null : place === 'other' ? otherDept1! : ownDept1!, createdAt: now }).execute();
      return { agencyId, departmentId: null, id, label: place, extra: { platformAdmin: platformMember ? 1 : 0 } };
    },
    async synonym() {
      const s = await db.insertInto('searchSynonyms').values({ term: `词${Math.random()}`, expansion: '扩展', createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
      return { agencyId: ownId, departmentId: null, id: s.id, label: 'platform' };
    },
  };
  return { own, other, actors, clients, rows, fresh, freshPlaces: { mailbox: LETTER_PLACES, user: ['own', 'other', 'own platform-admin member'] } };
}
