import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import { ENGINES, createTestApp, json, type Client, type TestApp } from '../../../test/helpers.js';
import { inTransaction, type Db } from '../../db/database.js';
import { withClock } from '../../db/runtime.js';
import { fixedClock } from '../../lib/clock.js';
import type { IsoDate } from '../../lib/dates.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { findAgency } from '../agencies/agency.service.js';
import { officialCalendar } from '../calendar/seed-data.js';
import { DISCLOSURE_CATEGORY_KEYS } from './categories.js';
import { publicationClock } from './publication.clock.js';
import { publicationsFeature } from './publication.feature.js';
import { CATEGORY_PERIODS, DEFAULT_PERIOD, PERIOD_LAWS, periodEnd, periodRuleOf } from './publication.periods.js';
import { missingForSubmit, timeliness } from './publication.js';
import * as service from './publication.service.js';

const cal = officialCalendar();
const BUDGET = periodRuleOf('art20_07');
const PENALTY = periodRuleOf('art20_06');

describe('period rules as data', () => {
  it('gives 部门预决算 20 calendar days from the 批复, 许可/处罚 7 working days from the decision, and everything else Art. 26', () => {
    assert.deepEqual(BUDGET, { kind: 'days_from_approval', n: 20, law: 'budget_law_art14' });
    assert.deepEqual(periodRuleOf('art20_05'), { kind: 'wd_from_decision', n: 7, law: 'double_publicity' });
    assert.deepEqual(PENALTY, { kind: 'wd_from_decision', n: 7, law: 'double_publicity' });
    for (const c of DISCLOSURE_CATEGORY_KEYS) if (!(c in CATEGORY_PERIODS)) assert.deepEqual(periodRuleOf(c), DEFAULT_PERIOD, c);
    // A category added later (or unknown, or empty) without a rule of its own runs under Art. 26.
    for (const c of ['township_new_category', '', null, undefined, 'toString']) assert.deepEqual(periodRuleOf(c), { kind: 'wd_from_formed', n: 20, law: 'art26' });
  });

  it('cites the article and its words for each law', () => {
    assert.match(PERIOD_LAWS.art26.citation, /《中华人民共和国政府信息公开条例》第二十六条$/);
    assert.match(PERIOD_LAWS.art26.text, /20个工作日内及时公开.*另有规定的，从其规定/);
    assert.equal(PERIOD_LAWS.budget_law_art14.citation, '《中华人民共和国预算法》第十四条第二款');
    assert.match(PERIOD_LAWS.budget_law_art14.text, /部门预算、决算及报表，应当在批复后二十日内/);
    assert.match(PERIOD_LAWS.double_publicity.text, /行政许可、行政处罚等信息自作出行政决定之日起7个工作日内/);
  });
});

describe('publication clock under each period rule', () => {
  it('budget: approved 2026-02-10, due 2026-03-02 (20 calendar days); published 03-05 is late', () => {
    const approved = { type: 'approved', date: '2026-02-10' } as const;
    const late = publicationClock(cal, [approved, { type: 'published', date: '2026-03-05' }], { rule: BUDGET });
    assert.equal(late.deadline, '2026-03-02');
    assert.equal(late.state, 'late');
    assert.match(late.explanation[0]!, /2026年2月10日批复.*20日内公开（《中华人民共和国预算法》第十四条第二款；《中华人民共和国政府信息公开条例》第二十六条/);
    assert.equal(publicationClock(cal, [approved, { type: 'published', date: '2026-03-02' }], { rule: BUDGET }).state, 'met');
    // Under Art. 26's 20 working days from the same day it would have passed: the counterexample.
    assert.equal(publicationClock(cal, [{ type: 'formed', date: '2026-02-10' }, { type: 'published', date: '2026-03-05' }]).state, 'met');
    assert.equal(timeliness(cal, { category: 'art20_07', formedDate: '2026-02-10', approvedOn: '2026-02-10', publishedDate: '2026-03-05' }, '2026-06-01').status, 'late');
  });

  it('budget: a last day on a holiday moves to the next working day (民法典 Art. 203)', () => {
    const r = publicationClock(cal, [{ type: 'approved', date: '2026-09-12' }], { rule: BUDGET, today: '2026-10-08' });
    assert.equal(r.deadline, '2026-10-08');
    assert.equal(r.state, 'running');
    assert.ok(r.explanation.some((l) => /2026年10月2日为休息日或法定节假日，顺延.*民法典》第二百零三条/.test(l)), r.explanation.join('\n'));
    assert.equal(publicationClock(cal, [{ type: 'approved', date: '2026-09-12' }], { rule: BUDGET, today: '2026-10-09' }).state, 'overdue');
    // A year the calendar does not cover is provisional.
    assert.equal(periodEnd(cal, BUDGET, '2031-02-10').provisional, true);
  });

  it('budget: without a 批复日期 the clock says it cannot compute, and names the law', () => {
    const r = publicationClock(cal, [{ type: 'formed', date: '2026-02-10' }], { rule: BUDGET });
    assert.equal(r.state, 'not_started');
    assert.equal(r.deadline, null);
    assert.match(r.explanation[0]!, /尚未填写批复日期，无法计算公开期限.*预算法》第十四条第二款/);
    const t = timeliness(cal, { category: 'art20_07', formedDate: '2026-02-10', approvedOn: null }, '2026-03-10');
    assert.deepEqual([t.status, t.deadline, t.basis], ['no_date', null, '《中华人民共和国预算法》第十四条第二款']);
    assert.match(missingForSubmit({ title: 'x', summary: 'x', body: 'x', documentNumber: '', writtenDate: '2026-02-10', formedDate: '2026-02-10', category: 'art20_07', topic: 'finance', genre: 'report', disclosureAttribute: 'proactive', disclosureBasis: '' }, { issuerCount: 1, attachmentCount: 0 }).approvedOn!, /批复日期/);
  });

  it('行政处罚: decided 2026-03-02, due 2026-03-11 (7 working days); published 03-20 is late, though Art. 26 would call it met', () => {
    const decided = { type: 'decided', date: '2026-03-02' } as const;
    const r = publicationClock(cal, [decided, { type: 'published', date: '2026-03-20' }], { rule: PENALTY });
    assert.equal(r.deadline, '2026-03-11');
    assert.equal(r.state, 'late');
    assert.match(r.explanation[0]!, /2026年3月2日作出.*7个工作日内公开（行政许可、行政处罚信息“双公示”要求/);
    assert.equal(publicationClock(cal, [decided, { type: 'published', date: '2026-03-11' }], { rule: PENALTY }).state, 'met');
    assert.equal(publicationClock(cal, [{ type: 'formed', date: '2026-03-02' }, { type: 'published', date: '2026-03-20' }]).state, 'met');
    // The decision date is the decision's 成文日期.
    const t = timeliness(cal, { category: 'art20_06', formedDate: '2026-03-05', writtenDate: '2026-03-02', publishedDate: '2026-03-12' }, '2026-06-01');
    assert.deepEqual([t.status, t.deadline], ['late', '2026-03-11']);
    assert.equal(timeliness(cal, { category: 'art20_05', formedDate: '2026-03-02', writtenDate: null }, '2026-03-03').status, 'no_date');
  });

  it('Art. 26 default: 20 working days from forming, across the Spring Festival', () => {
    const t = timeliness(cal, { category: 'art20_03', formedDate: '2026-02-10', writtenDate: '2026-02-01', approvedOn: '2026-02-01' }, '2026-03-10');
    assert.equal(t.deadline, periodEnd(cal, DEFAULT_PERIOD, '2026-02-10').date);
    assert.equal(t.basis, '《中华人民共和国政府信息公开条例》第二十六条');
    assert.match(t.explanation[0]!, /形成.*20个工作日内公开（《中华人民共和国政府信息公开条例》第二十六条）/);
  });

  it('the deadline source computes what the clock computes, for every rule and many start days', () => {
    const source = publicationsFeature.deadlineSources![0]!;
    for (let d = new Date('2026-01-01T00:00:00Z'); d < new Date('2027-01-05T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 3)) {
      const day = d.toISOString().slice(0, 10) as IsoDate;
      for (const category of ['art20_03', 'art20_06', 'art20_07']) {
        const input = { category, formedDate: day, writtenDate: day, approvedOn: day };
        const t = timeliness(cal, input, day);
        assert.deepEqual(source.compute(cal, input), { deadline: t.deadline, provisional: t.provisional }, `${category} ${day}`);
      }
    }
    assert.deepEqual(source.compute(cal, { category: 'art20_07', formedDate: '2026-02-10', approvedOn: null }), { deadline: null, provisional: false });
  });
});

/** Records a draft and publishes it at `publishedAt` through the recording path, at fixed instants. */
async function recordPublished(
  db: Db,
  agencyId: number,
  fields: { title: string; category: string; writtenDate: IsoDate; formedDate: IsoDate; approvedOn?: IsoDate },
  publishedAt: string,
): Promise<number> {
  const agency = (await findAgency(db, agencyId))!;
  return inTransaction(db, async (trx) => {
    const on = withClock(trx as unknown as Db, fixedClock(publishedAt));
    const draft = await service.insertDraftIn(on, SYSTEM_ACTOR, {
      agencyId,
      summary: '内容概述。',
      body: '<p>正文。</p>',
      topic: 'finance',
      genre: 'report',
      issuers: [{ agencyId, name: agency.name }],
      ...fields,
    });
    return (await service.publishRecordedIn(on, SYSTEM_ACTOR, draft)).id;
  });
}

for (const engine of ENGINES) {
  describe(`statutory periods on stored items (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    let agencyId: number;

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      editor = await t.login('demo-editor');
      const me = json(await editor.api('POST', '/api/v1/publications', { title: '取机关' }));
      agencyId = me.agency.id;
    });
    after(async () => t.close());

    test('a budget approved 2026-02-10 and published 2026-03-05 is late; one published 03-02 is met', async () => {
      const late = await recordPublished(t.db, agencyId, { title: '2026年部门预算', category: 'art20_07', writtenDate: '2026-02-10', formedDate: '2026-02-10', approvedOn: '2026-02-10' }, '2026-03-05T02:00:00.000Z');
      const v = await service.getPublication(t.db, SYSTEM_ACTOR, late);
      assert.equal(v.approvedOn, '2026-02-10');
      assert.deepEqual([v.timeliness.status, v.timeliness.deadline], ['late', '2026-03-02']);
      assert.equal(v.timeliness.basis, '《中华人民共和国预算法》第十四条第二款');
      assert.match(v.timeliness.explanation[0]!, /批复.*预算法》第十四条第二款/);
      const rev = await t.db.selectFrom('publicationRevisions').select(['approvedOn']).where('publicationId', '=', late).executeTakeFirstOrThrow();
      assert.equal(rev.approvedOn, '2026-02-10');
      const met = await recordPublished(t.db, agencyId, { title: '2026年部门决算', category: 'art20_07', writtenDate: '2026-02-10', formedDate: '2026-02-10', approvedOn: '2026-02-10' }, '2026-03-02T02:00:00.000Z');
      assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, met)).timeliness.status, 'met');
    });

    test('a penalty decided 2026-03-02 and published 2026-03-20 is late (7 working days); a plan formed the same day is met', async () => {
      const penalty = await recordPublished(t.db, agencyId, { title: '行政处罚决定书', category: 'art20_06', writtenDate: '2026-03-02', formedDate: '2026-03-02' }, '2026-03-20T02:00:00.000Z');
      const p = await service.getPublication(t.db, SYSTEM_ACTOR, penalty);
      assert.deepEqual([p.timeliness.status, p.timeliness.deadline], ['late', '2026-03-11']);
      assert.match(p.timeliness.explanation[0]!, /双公示/);
      const plan = await recordPublished(t.db, agencyId, { title: '专项规划', category: 'art20_03', writtenDate: '2026-03-02', formedDate: '2026-03-02' }, '2026-03-20T02:00:00.000Z');
      const q = await service.getPublication(t.db, SYSTEM_ACTOR, plan);
      assert.deepEqual([q.timeliness.status, q.timeliness.deadline], ['met', '2026-03-30']);
    });

    test('the office asks for 批复日期: a budget draft without it cannot be submitted, and the API carries the field', async () => {
      const d = json(await editor.api('POST', '/api/v1/publications', { title: '部门预算公开', category: 'art20_07', formedDate: '2026-01-05' }));
      assert.equal(d.approvedOn, null);
      assert.equal(d.timeliness.status, 'no_date');
      assert.equal(d.timeliness.basis, '《中华人民共和国预算法》第十四条第二款');
      const form = await editor.get(`/office/publications/${d.id}`);
      assert.match(form.body, /name="approvedOn"/);
      const refused = await editor.api('POST', `/api/v1/publications/${d.id}/transitions`, { action: 'submit' });
      assert.equal(refused.statusCode, 400);
      assert.ok('approvedOn' in json(refused).error.fields);
      const future = await editor.api('PATCH', `/api/v1/publications/${d.id}`, { approvedOn: '2999-01-01', version: d.version });
      assert.equal(future.statusCode, 400);
      assert.ok('approvedOn' in json(future).error.fields);
      const bad = await editor.api('PATCH', `/api/v1/publications/${d.id}`, { approvedOn: '2026-02-30', version: d.version });
      assert.equal(bad.statusCode, 400);
      const ok = json(await editor.api('PATCH', `/api/v1/publications/${d.id}`, { approvedOn: '2026-01-05', version: d.version }));
      assert.equal(ok.approvedOn, '2026-01-05');
      assert.equal(ok.timeliness.deadline, '2026-01-26');
      // The deadline registry lists the draft with the dates its rule needs, and computes the same day.
      const source = publicationsFeature.deadlineSources![0]!;
      const open = (await source.listOpen(t.db)).find((i) => i.id === d.id)!;
      assert.deepEqual(source.compute(cal, open.input), { deadline: '2026-01-26', provisional: false });
      // Other categories do not ask for it.
      const plain = json(await editor.api('POST', '/api/v1/publications', { title: '工作动态', category: 'work_news' }));
      assert.doesNotMatch((await editor.get(`/office/publications/${plain.id}`)).body, /name="approvedOn"/);
    });
  });
}
