import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { IsoDate } from '../../lib/dates.js';
import type { Actor, AgencyRole } from '../access/roles.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { officialCalendar } from '../calendar/seed-data.js';
import { addWorkdays } from '../calendar/workdays.js';
import { availableTransitions, checkTransition, transitionFor } from '../../lib/workflow.js';
import { chartTransitions, svgWorkflowChart, workflowSteps } from '../../web/workflow-chart.js';
import { bodyText, sanitizeBody } from './publication.html.js';
import {
  DEFAULT_INDEX_PATTERN,
  dateProblems,
  formatIndexNumber,
  missingForSubmit,
  parseScheduleTime,
  publicationCreateInput,
  timeliness,
  validateIndexPattern,
} from './publication.js';
import {
  publicationChartKnown,
  WORKFLOW,
  WORKFLOW_STATE_KEYS,
  WORKFLOW_TRANSITIONS,
  type WorkflowState,
} from './publication.workflow.js';

const actor = (role: AgencyRole, agencyId = 1, departmentId: number | null = null): Actor => ({
  userId: 10,
  username: role,
  displayName: role,
  platformAdmin: false,
  memberships: [{ agencyId, role, departmentId: role === 'department_editor' ? (departmentId ?? 5) : null }],
  via: 'session',
});
const platformAdmin: Actor = { userId: 1, username: 'admin', displayName: 'admin', platformAdmin: true, memberships: [], via: 'session' };

describe('index numbers', () => {
  test('the default pattern gives the national form 前段码/年份-5位流水号', () => {
    assert.equal(DEFAULT_INDEX_PATTERN, '{agencyCode}/{yyyy}-{serial:5}');
    assert.equal(
      formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: '11441781007XXXXXXX', year: 2026, month: 3, serial: 42 }),
      '11441781007XXXXXXX/2026-00042',
    );
    assert.equal(formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: '000014349', year: 2017, month: 1, serial: 110 }), '000014349/2017-00110');
  });

  test('year-and-month variants and other widths', () => {
    assert.equal(
      formatIndexNumber('{agencyCode}/{yyyy}{mm}-{serial:5}', { agencyCode: '11341702486344515H', year: 2021, month: 10, serial: 13 }),
      '11341702486344515H/202110-00013',
    );
    assert.equal(formatIndexNumber('FGJ-{yyyy}-{mm}-{serial:3}', { agencyCode: 'x', year: 2026, month: 1, serial: 7 }), 'FGJ-2026-01-007');
    assert.equal(formatIndexNumber('{yyyy}.{serial:1}', { agencyCode: 'x', year: 2026, month: 1, serial: 9 }), '2026.9');
  });

  test('a serial past its width grows instead of being cut (no clash with serial 1)', () => {
    const n = formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: 'A', year: 2026, month: 1, serial: 100001 });
    assert.equal(n, 'A/2026-100001');
    assert.notEqual(n, formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: 'A', year: 2026, month: 1, serial: 1 }));
  });

  test('distinct serials give distinct numbers (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 1, max: 10 }), (a, b, w) => {
        const f = (serial: number) => formatIndexNumber(`{agencyCode}/{yyyy}-{serial:${w}}`, { agencyCode: 'C', year: 2025, month: 6, serial });
        return (a === b) === (f(a) === f(b));
      }),
    );
  });

  test('pattern validation names each problem', () => {
    assert.deepEqual(validateIndexPattern(DEFAULT_INDEX_PATTERN), []);
    assert.deepEqual(validateIndexPattern('{agencyCode}/{yyyy}{mm}-{serial:5}'), []);
    const cases: [string, RegExp][] = [
      ['', /不能为空/],
      ['{agencyCode}/{serial:5}', /年份/],
      ['{agencyCode}/{yyyy}', /流水号/],
      ['{agencyCode}/{yyyy}-{serial:5}-{serial:2}', /有且只有一个流水号/],
      ['{agencyCode}/{yyyy}-{serial}', /位数/],
      ['{agencyCode}/{yyyy}-{serial:0}', /1 到 10/],
      ['{agencyCode}/{yyyy}-{serial:11}', /1 到 10/],
      ['{agency}/{yyyy}-{serial:5}', /不认识的占位符 \{agency\}/],
      ['{agencyCode}/{yyyy-{serial:5}', /花括号/],
      ['{agencyCode} {yyyy}-{serial:5}', /固定部分/],
      ['{agencyCode}/{yyyy}年-{serial:5}', /固定部分/],
      [`${'A'.repeat(60)}{yyyy}{serial:5}`, /60/],
    ];
    for (const [pattern, problem] of cases) {
      const problems = validateIndexPattern(pattern);
      assert.ok(problems.some((p) => problem.test(p)), `${pattern}: ${problems.join(' | ')}`);
    }
  });

  test('formatting refuses a bad pattern or impossible parts', () => {
    assert.throws(() => formatIndexNumber('{agencyCode}', { agencyCode: 'A', year: 2026, month: 1, serial: 1 }), RangeError);
    assert.throws(() => formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: 'A', year: 2026, month: 13, serial: 1 }), RangeError);
    assert.throws(() => formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: 'A', year: 2026, month: 1, serial: 0 }), RangeError);
    assert.throws(() => formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: '', year: 2026, month: 1, serial: 1 }), RangeError);
    assert.throws(() => formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: 'A', year: 20260, month: 1, serial: 1 }), RangeError);
  });
});

describe('workflow definition', () => {
  const ctx = { leaderApprovalRequired: false, everPublished: false };
  const subject = (state: WorkflowState, departmentId: number | null = 5) => ({ state, agencyId: 1, departmentId });

  test('every transition names known states, and every state but the ends can be left', () => {
    for (const t of WORKFLOW_TRANSITIONS) {
      assert.ok(WORKFLOW_STATE_KEYS.includes(t.to));
      for (const f of t.from) assert.ok(WORKFLOW_STATE_KEYS.includes(f));
    }
    for (const s of WORKFLOW_STATE_KEYS.filter((x) => x !== 'withdrawn' && x !== 'discarded')) {
      assert.ok(WORKFLOW_TRANSITIONS.some((t) => (t.from as readonly string[]).includes(s) && t.to !== s), `${s} has no way out`);
    }
  });

  test('at most one transition applies per state, action and situation', () => {
    for (const s of WORKFLOW_STATE_KEYS) {
      for (const leader of [true, false]) {
        for (const ever of [true, false]) {
          const c = { leaderApprovalRequired: leader, everPublished: ever };
          for (const action of new Set(WORKFLOW_TRANSITIONS.map((t) => t.action))) {
            const matches = WORKFLOW_TRANSITIONS.filter(
              (t) => t.action === action && (t.from as readonly string[]).includes(s) && (!('guard' in t) || (t.guard === 'leaderRequired' ? leader : t.guard === 'leaderNotRequired' ? !leader : t.guard === 'everPublished' ? ever : !ever)),
            );
            assert.ok(matches.length <= 1, `${s}/${action}`);
          }
        }
      }
    }
  });

  test('the happy path without leader approval', () => {
    const editor = actor('department_editor');
    const reviewer = actor('office_reviewer');
    assert.equal(checkTransition(WORKFLOW, editor, subject('draft'), 'submit', ctx).to, 'submitted');
    assert.equal(checkTransition(WORKFLOW, reviewer, subject('submitted'), 'approve', ctx).to, 'approved');
    assert.equal(checkTransition(WORKFLOW, reviewer, subject('approved'), 'publish', ctx).to, 'published');
  });

  test('with leader approval the office review leads to the leader, who approves', () => {
    const lctx = { leaderApprovalRequired: true, everPublished: false };
    assert.equal(checkTransition(WORKFLOW, actor('office_reviewer'), subject('submitted'), 'approve', lctx).to, 'pending_approval');
    assert.equal(checkTransition(WORKFLOW, actor('leader'), subject('pending_approval'), 'approve', lctx).to, 'approved');
    assert.throws(() => checkTransition(WORKFLOW, actor('office_reviewer'), subject('pending_approval'), 'approve', lctx), { code: 'FORBIDDEN' });
    assert.equal(checkTransition(WORKFLOW, actor('leader'), subject('pending_approval'), 'reject', lctx).to, 'returned');
  });

  test('not allowed from the state: INVALID_TRANSITION, whoever asks', () => {
    for (const [state, action] of [
      ['draft', 'publish'],
      ['draft', 'approve'],
      ['submitted', 'submit'],
      ['published', 'approve'],
      ['withdrawn', 'publish'],
      ['withdrawn', 'revise'],
      ['approved', 'withdraw'],
      ['discarded', 'submit'],
      ['draft', 'no_such_action'],
    ] as const) {
      assert.throws(() => checkTransition(WORKFLOW, platformAdmin, subject(state), action, ctx), { code: 'INVALID_TRANSITION' }, `${state}/${action}`);
    }
  });

  test('not allowed for the role: FORBIDDEN', () => {
    const editor = actor('department_editor');
    assert.throws(() => checkTransition(WORKFLOW, editor, subject('submitted'), 'approve', ctx), { code: 'FORBIDDEN' });
    assert.throws(() => checkTransition(WORKFLOW, editor, subject('approved'), 'publish', ctx), { code: 'FORBIDDEN' });
    assert.throws(() => checkTransition(WORKFLOW, editor, subject('published'), 'withdraw', ctx), { code: 'FORBIDDEN' });
    assert.throws(() => checkTransition(WORKFLOW, actor('leader'), subject('approved'), 'publish', ctx), { code: 'FORBIDDEN' });
    // Only the office publishes: not the agency administrator, not a platform administrator.
    assert.throws(() => checkTransition(WORKFLOW, actor('agency_admin'), subject('approved'), 'publish', ctx), { code: 'FORBIDDEN' });
    assert.throws(() => checkTransition(WORKFLOW, platformAdmin, subject('approved'), 'publish', ctx), { code: 'FORBIDDEN' });
    // An editor of another department, or of another agency.
    assert.throws(() => checkTransition(WORKFLOW, actor('department_editor', 1, 6), subject('draft', 5), 'submit', ctx), { code: 'FORBIDDEN' });
    assert.throws(() => checkTransition(WORKFLOW, actor('office_reviewer', 2), subject('submitted'), 'approve', ctx), { code: 'FORBIDDEN' });
    // The scheduler's transition is the system's alone.
    assert.throws(() => checkTransition(WORKFLOW, actor('office_reviewer'), subject('scheduled'), 'publish_due', ctx), { code: 'FORBIDDEN' });
    assert.equal(checkTransition(WORKFLOW, SYSTEM_ACTOR, subject('scheduled'), 'publish_due', ctx).to, 'published');
  });

  test('revisions: cancel only for published items, discard only for never-published drafts', () => {
    const editor = actor('department_editor');
    const ever = { leaderApprovalRequired: false, everPublished: true };
    assert.equal(checkTransition(WORKFLOW, editor, subject('published'), 'revise', ever).to, 'draft');
    assert.equal(checkTransition(WORKFLOW, editor, subject('draft'), 'cancel_revision', ever).to, 'published');
    assert.throws(() => checkTransition(WORKFLOW, editor, subject('draft'), 'discard', ever), { code: 'INVALID_TRANSITION' });
    assert.equal(checkTransition(WORKFLOW, editor, subject('returned'), 'discard', ctx).to, 'discarded');
    assert.throws(() => checkTransition(WORKFLOW, editor, subject('draft'), 'cancel_revision', ctx), { code: 'INVALID_TRANSITION' });
  });

  test('reasons are required for rejection and withdrawal', () => {
    assert.equal(transitionFor(WORKFLOW, 'submitted', 'reject', ctx)?.comment, 'required');
    assert.equal(transitionFor(WORKFLOW, 'pending_approval', 'reject', ctx)?.comment, 'required');
    assert.equal(transitionFor(WORKFLOW, 'published', 'withdraw', ctx)?.comment, 'required');
    assert.equal(transitionFor(WORKFLOW, 'draft', 'submit', ctx)?.comment, 'optional');
  });

  test('the buttons each role sees', () => {
    const names = (a: Actor, s: WorkflowState, c = ctx) => availableTransitions(WORKFLOW, a, subject(s), c).map((t) => t.action).sort();
    assert.deepEqual(names(actor('department_editor'), 'draft'), ['discard', 'submit']);
    // The reviewer may draft too, so may take back a submission before deciding on it.
    assert.deepEqual(names(actor('office_reviewer'), 'submitted'), ['approve', 'reject', 'withdraw_submission']);
    assert.deepEqual(names(actor('department_editor'), 'submitted'), ['withdraw_submission']);
    assert.deepEqual(names(actor('leader'), 'pending_approval', { leaderApprovalRequired: true, everPublished: false }), ['approve', 'reject']);
    assert.deepEqual(names(actor('office_reviewer'), 'approved'), ['publish', 'reject', 'schedule']);
    assert.deepEqual(names(actor('leader'), 'approved'), []);
    assert.deepEqual(names(actor('office_reviewer'), 'published', { leaderApprovalRequired: false, everPublished: true }), ['revise', 'set_validity', 'withdraw']);
    assert.deepEqual(names(actor('department_editor'), 'published', { leaderApprovalRequired: false, everPublished: true }), ['revise']);
  });
});

describe('workflow chart', () => {
  test('draws every state and step of the public procedure from the definition', () => {
    const svg = svgWorkflowChart(WORKFLOW);
    for (const t of chartTransitions(WORKFLOW)) {
      assert.ok(svg.includes(`>${t.label}`), `label ${t.label}`);
      for (const s of [...t.from, t.to]) assert.ok(svg.includes(`>${WORKFLOW.states[s as WorkflowState].label}<`), `state ${s}`);
    }
    assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-labelledby="wf-title wf-desc"/);
    assert.match(svg, /<title id="wf-title">主动公开信息审核发布流程<\/title>/);
    assert.match(svg, /<desc id="wf-desc">[^<]*提交审核[^<]*<\/desc>/);
    assert.match(svg, /marker-end="url\(#wf-arrow\)"/);
    // Presentation attributes only: the portal's CSP forbids inline styles.
    assert.doesNotMatch(svg, /<style|style=/);
    // Housekeeping steps are not part of the public chart.
    assert.doesNotMatch(svg, /删除草稿|放弃修订|取消定时/);
  });

  test('an agency without leader approval gets no leader step; one with it does', () => {
    const without = svgWorkflowChart(WORKFLOW, { known: publicationChartKnown(false) });
    const withLeader = svgWorkflowChart(WORKFLOW, { known: publicationChartKnown(true) });
    assert.doesNotMatch(without, /待领导审批|分管领导/);
    assert.match(withLeader, />待领导审批</);
    assert.match(withLeader, />审批同意</);
    assert.ok(workflowSteps(WORKFLOW, { known: publicationChartKnown(false) }).every((s) => !s.includes('领导')));
  });

  test('follows a change to the definition, and escapes its text', () => {
    const def = {
      ...WORKFLOW,
      states: { ...WORKFLOW.states, approved: { ...WORKFLOW.states.approved, label: '待签发<b>' } },
      transitions: [...WORKFLOW.transitions, { action: 'sign', label: '签发&印发', from: ['approved'], to: 'published', permission: 'publication.publish', comment: 'optional' } as const],
    };
    const svg = svgWorkflowChart(def, { idPrefix: 'x' });
    assert.match(svg, />待签发&lt;b&gt;</);
    assert.match(svg, /签发&amp;印发/);
    assert.doesNotMatch(svg, /<b>/);
    assert.match(svg, /id="x-arrow"/);
  });

  test('the internal chart adds housekeeping steps', () => {
    assert.match(svgWorkflowChart(WORKFLOW, { includeInternal: true }), /删除草稿/);
  });
});

describe('body sanitizing', () => {
  test('keeps the markup of a government document', () => {
    const html =
      '<h2>一、总体要求</h2><p class="align-center"><strong>加粗</strong><em>斜体</em><u>下划线</u>x<sup>2</sup>H<sub>2</sub>O</p>' +
      '<ol start="2"><li>第一</li></ol><ul><li>a</li></ul><blockquote>引文</blockquote>' +
      '<table><thead><tr><th colspan="2" scope="col">表头</th></tr></thead><tbody><tr><td rowspan="2">1</td><td>2</td></tr></tbody></table>' +
      '<p><a href="https://www.gov.cn/">链接</a> <a href="/fgj/zfxxgk">站内</a> <a href="mailto:a@b.cn">邮件</a></p>';
    assert.equal(sanitizeBody(html), html);
  });

  test('removes scripts, event handlers, javascript: links, styles and foreign attributes', () => {
    const out = sanitizeBody(
      '<p onclick="alert(1)" style="color:red;text-align:center" class="MsoNormal">正文<script>alert(1)</script></p>' +
        '<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt:alert(1)">y</a><a href="//evil.example/">z</a>' +
        '<img src="x" onerror="alert(1)"><img src="javascript:alert(1)"><iframe src="https://evil.example"></iframe>' +
        '<svg><script>alert(1)</script></svg><style>p{}</style><form><input></form><object data="x"></object>',
    );
    assert.doesNotMatch(out, /script|onclick|onerror|javascript|style|iframe|evil|<img|<form|<input|object|MsoNormal/i);
    assert.match(out, /<p class="align-center">正文<\/p>/);
    assert.match(out, /<a>x<\/a>/);
  });

  test('turns Word markup into plain structure', () => {
    const out = sanitizeBody(
      '<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]--><h1 align="center">标题</h1><div><b>粗</b><i>斜</i><o:p></o:p><font face="宋体">字</font></div><p>&nbsp;</p><h5>小标题</h5>',
    );
    assert.equal(out, '<h2 class="align-center">标题</h2><p><strong>粗</strong><em>斜</em>字</p><h4>小标题</h4>');
  });

  test('images only from inline data or our own attachments', () => {
    assert.match(sanitizeBody('<img src="/files/12" alt="图">'), /<img src="\/files\/12" alt="图" \/>/);
    assert.match(sanitizeBody('<img src="data:image/png;base64,iVBORw0KGgo=">'), /data:image\/png/);
    assert.equal(sanitizeBody('<img src="https://tracker.example/p.gif">'), '');
    assert.equal(sanitizeBody('<img src="data:text/html;base64,PHNjcmlwdD4=">'), '');
  });

  test('bodyText reads the text for screening', () => {
    assert.equal(bodyText('<p>身份证&amp;号</p><p>第二段<br>换行</p><script>x</script>'), '身份证&号\n第二段\n换行');
  });
});

describe('input and completeness', () => {
  test('unknown categories and impossible dates are field errors', () => {
    const r = publicationCreateInput.safeParse({ title: 'x', category: 'art20_99', topic: 'nope', writtenDate: '2026-02-30', formedDate: '2026/01/01' });
    assert.equal(r.success, false);
    const fields = new Set(r.error!.issues.map((i) => i.path.join('.')));
    for (const f of ['category', 'topic', 'writtenDate', 'formedDate']) assert.ok(fields.has(f), f);
  });

  test('over-long and empty titles, wrong types', () => {
    assert.equal(publicationCreateInput.safeParse({ title: '  ' }).success, false);
    assert.equal(publicationCreateInput.safeParse({ title: 'x'.repeat(201) }).success, false);
    assert.equal(publicationCreateInput.safeParse({ title: 12 }).success, false);
    assert.equal(publicationCreateInput.safeParse({ title: 'x', keywords: ['a'.repeat(21)] }).success, false);
    assert.equal(publicationCreateInput.safeParse({ title: 'x', issuers: 'abc' }).success, false);
    const ok = publicationCreateInput.parse({ title: ' 关于 ', keywords: '发展、规划, 投资 发展', issuers: '3,4' });
    assert.equal(ok.title, '关于');
    assert.equal(ok.keywords, '发展、规划、投资');
    assert.deepEqual(ok.issuers, [{ agencyId: 3, name: '' }, { agencyId: 4, name: '' }]);
    assert.equal(ok.disclosureAttribute, 'proactive');
  });

  test('dates cannot be in the future', () => {
    assert.deepEqual(dateProblems({ writtenDate: '2026-03-01', formedDate: '2026-03-02' }, '2026-03-02'), {});
    const p = dateProblems({ writtenDate: '2026-03-03', formedDate: '2026-03-04' }, '2026-03-02');
    assert.match(p.writtenDate!, /不能晚于今天/);
    assert.match(p.formedDate!, /不能晚于今天/);
  });

  test('missing for submit lists each field, and the basis for non-proactive items', () => {
    const empty = { title: 't', summary: '', body: '', documentNumber: '', writtenDate: null, formedDate: null, category: '', topic: '', genre: '', disclosureAttribute: 'on_request', disclosureBasis: '' };
    const m = missingForSubmit(empty, { issuerCount: 0, attachmentCount: 0 });
    assert.deepEqual(Object.keys(m).sort(), ['body', 'category', 'disclosureBasis', 'formedDate', 'genre', 'issuers', 'summary', 'topic', 'writtenDate']);
    const full = { ...empty, summary: 's', category: 'art20_01', topic: 'general', genre: 'notice', writtenDate: '2026-01-01', formedDate: '2026-01-01', disclosureAttribute: 'proactive' };
    assert.deepEqual(missingForSubmit(full, { issuerCount: 1, attachmentCount: 1 }), {});
  });

  test('schedule times: China wall time or an ISO instant', () => {
    assert.equal(parseScheduleTime('2026-12-01T09:30'), '2026-12-01T01:30:00.000Z');
    assert.equal(parseScheduleTime('2026-12-01T09:30:00Z'), '2026-12-01T09:30:00.000Z');
    assert.equal(parseScheduleTime('2026-02-30T09:30'), null);
    assert.equal(parseScheduleTime('tomorrow'), null);
  });
});

describe('timeliness (Art. 26)', () => {
  const cal = officialCalendar();

  test('the deadline is 20 working days after the day formed', () => {
    const t = timeliness(cal, { formedDate: '2026-01-05' }, '2026-01-05');
    assert.equal(t.deadline, '2026-02-02');
    assert.equal(t.deadline, addWorkdays(cal, '2026-01-05', 20).date);
    assert.equal(t.status, 'on_track');
    assert.equal(t.workdaysLeft, 20);
    assert.equal(t.provisional, false);
  });

  test('holidays do not count (National Day 2026)', () => {
    const t = timeliness(cal, { formedDate: '2026-09-25' }, '2026-09-25');
    assert.equal(t.deadline, addWorkdays(cal, '2026-09-25', 20).date);
    assert.ok(t.deadline! > '2026-10-23', `${t.deadline}`);
  });

  test('due soon within 5 working days, overdue the day after the deadline', () => {
    const deadline = timeliness(cal, { formedDate: '2026-01-05' }, '2026-01-05').deadline!;
    assert.equal(timeliness(cal, { formedDate: '2026-01-05' }, deadline).status, 'due_soon');
    assert.equal(timeliness(cal, { formedDate: '2026-01-05' }, deadline).workdaysLeft, 0);
    assert.equal(timeliness(cal, { formedDate: '2026-01-05' }, '2026-01-26').status, 'due_soon');
    assert.equal(timeliness(cal, { formedDate: '2026-01-05' }, '2026-01-23').status, 'on_track');
    const late = timeliness(cal, { formedDate: '2026-01-05' }, '2026-02-03');
    assert.equal(late.status, 'overdue');
    assert.equal(late.workdaysLeft, -1);
  });

  test('published items are met or late', () => {
    assert.equal(timeliness(cal, { formedDate: '2026-01-05', publishedDate: '2026-02-02' }, '2026-06-01').status, 'met');
    assert.equal(timeliness(cal, { formedDate: '2026-01-05', publishedDate: '2026-02-03' }, '2026-06-01').status, 'late');
  });

  test('no date, no deadline; an uncovered year is provisional', () => {
    assert.equal(timeliness(cal, { formedDate: null }, '2026-01-05').status, 'no_date');
    const t = timeliness(cal, { formedDate: '2031-03-03' }, '2031-03-03');
    assert.equal(t.provisional, true);
    assert.ok(t.deadline);
  });

  test('status is monotone in today (property)', () => {
    const order = { on_track: 0, due_soon: 1, overdue: 2 } as Record<string, number>;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (d1, d2) => {
        const day = (n: number) => new Date(Date.UTC(2026, 2, 2 + n)).toISOString().slice(0, 10) as IsoDate;
        const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const sa = timeliness(cal, { formedDate: '2026-03-02' }, day(a)).status;
        const sb = timeliness(cal, { formedDate: '2026-03-02' }, day(b)).status;
        return order[sa]! <= order[sb]!;
      }),
    );
  });
});
