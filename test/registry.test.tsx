/**
 * The feature registry is the platform's one seam: a feature defined here, in a
 * test and nowhere else (a workflow, a clock, a column kind, a dashboard section,
 * a menu link), appears in the dashboard, the column tree, the 指南's charts and
 * the calendar's recomputation without any other folder knowing about it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyReply } from 'fastify';
import { SYSTEM_ACTOR } from '../src/features/access/roles.js';
import type { DeadlineSource } from '../src/features/calendar/deadline-sources.js';
import { deadlineAfter } from '../src/features/calendar/clock-kit.js';
import { saveYears } from '../src/features/calendar/calendar.service.js';
import { ROOT_KEY } from '../src/features/catalog/catalog.js';
import { FEATURES } from '../src/features/index.js';
import { defineWorkflow } from '../src/lib/workflow.js';
import type { Feature } from '../src/platform/feature.js';
import { pageContext } from '../src/web/core.js';
import { PortalLayout } from '../src/web/layouts/PortalLayout.js';
import { ENGINES, createTestApp, type TestApp } from './helpers.js';

const NOTICE_WORKFLOW = defineWorkflow({
  key: 'test_notice',
  title: '测试公示流程',
  states: {
    drafted: { label: '拟稿中', description: '经办人拟稿', chart: { col: 0, row: 0 } },
    posted: { label: '张贴公示', description: '在公示栏张贴', chart: { col: 0, row: 1 }, tone: 'success' },
    removed: { label: '撤下', description: '公示期满撤下', chart: { col: 0, row: 2 } },
  },
  initial: 'drafted',
  transitions: [
    { action: 'post', label: '张贴', from: ['drafted'], to: 'posted', permission: 'publication.publish', comment: 'optional' },
    { action: 'remove', label: '期满撤下', from: ['posted'], to: 'removed', permission: 'system', comment: 'optional' },
  ],
  guards: {},
  permits: () => true,
  performer: (p) => (p === 'system' ? '系统' : '办公室'),
});

/** A clock of the test feature: 5 working days from a fixed posting day. */
const noticeDeadlines: DeadlineSource<{ posted: string }> = {
  key: 'test_notice',
  label: '公示期限',
  entityType: 'test_notice',
  async listOpen() {
    return [{ id: 1, agencyId: null, label: '测试公示', href: null, stored: null, input: { posted: '2027-09-29' } }];
  },
  compute(cal, input) {
    const r = deadlineAfter(cal, input.posted as never, 5);
    return { deadline: r.date, provisional: r.provisional };
  },
};

const testFeature: Feature = {
  key: 'test_notice',
  label: '测试公示',
  officeMenu: [{ href: '/office/test-notices', label: '测试公示栏', permission: 'office.access', order: 99 }],
  dashboard: async () => [{ title: '测试公示待办', order: 1, body: <p>三项公示即将期满</p> }],
  deadlineSources: [noticeDeadlines],
  procedures: [{ heading: '测试公示流程图', workflow: NOTICE_WORKFLOW }],
  columnKinds: [
    {
      kind: 'test_notice_board',
      label: '测试公示栏',
      columnType: '信息公开目录',
      seeds: [
        { key: 'csgsl', parentKey: ROOT_KEY, category: null, name: '测试公示栏', slug: 'csgsl', article: '', fixed: true, hidden: false, hiddenReason: '', sortOrder: 60 },
      ],
      render: async ({ req, reply, agency, column, settings }): Promise<FastifyReply> =>
        reply.page(
          <PortalLayout ctx={pageContext(req, reply)} siteName={settings.siteName} title={column.name}>
            <h1>{column.name}</h1>
            <p>{agency.name}的测试公示</p>
          </PortalLayout>,
        ),
    },
  ],
};

for (const engine of ENGINES) {
  describe(`a feature defined only in a test joins through the registry (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true, platform: { features: [...FEATURES, testFeature] } });
    });
    after(async () => t?.close());

    test('its column kind gives every agency a column, rendered by the feature and listed in the tree', async () => {
      const anon = t.anonymous();
      const page = await anon.get('/fgj/zfxxgk/csgsl');
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      assert.match(page.body, /<h1>测试公示栏<\/h1>/);
      assert.match(page.body, /示例市发展和改革局的测试公示/);
      const home = await anon.get('/czj/zfxxgk');
      assert.match(home.body, /href="\/czj\/zfxxgk\/csgsl"/);
    });

    test('its workflow is drawn on the 指南 beside the publications chart', async () => {
      const guide = await t.anonymous().get('/fgj/zfxxgk/zfxxgkzn');
      assert.equal(guide.statusCode, 200);
      assert.match(guide.body, /主动公开工作流程图/);
      assert.match(guide.body, /测试公示流程图/);
      assert.match(guide.body, />张贴公示</);
      assert.match(guide.body, /<title id="wf-test_notice-title">测试公示流程<\/title>/);
    });

    test('its dashboard section and menu link appear in the office', async () => {
      const reviewer = await t.login('demo-reviewer');
      const office = await reviewer.get('/office');
      assert.match(office.body, /<h2>测试公示待办<\/h2>/);
      assert.match(office.body, /<a href="\/office\/test-notices"[^>]*>测试公示栏<\/a>/);
    });

    test('its clock is recomputed when a holiday year is entered', async () => {
      const result = await saveYears(
        t.db,
        SYSTEM_ACTOR,
        [
          {
            year: 2027,
            holidays: [{ name: 'national_day', start: '2027-10-01', end: '2027-10-07' }],
            makeupWorkdays: [],
            source: { noticeNumber: '国办发明电〔2026〕99号', noticeDate: '2026-11-20', title: '测试用节假日安排（并非官方安排）' },
          },
        ],
        { origin: 'manual', note: '测试' },
      );
      const mine = result.changes.find((c) => c.source === 'test_notice');
      assert.ok(mine, JSON.stringify(result.changes.map((c) => c.source)));
      // 5 working days after 29 September 2027: provisionally (statutory 国庆 10月1日–3日 off) 7 October;
      // with the notice's 国庆 block to 7 October it is later.
      assert.equal(mine.before.deadline, '2027-10-07');
      assert.ok(mine.after.deadline! > '2027-10-07', mine.after.deadline!);
      assert.equal(mine.after.provisional, false);
    });
  });
}
