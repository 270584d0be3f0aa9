/**
 * The walk: every reachable state of every workflow registered on the shared
 * engine, in every situation its guards know, must be an end by design or have a
 * permitted person who can move it on. Derived from the definitions, so a new
 * state or transition is walked without touching this file.
 *
 * Then the same walk through the real publications service on both engines, with
 * and without unconfirmed blocking findings, with leader approval on and off:
 * each state is built for real and every role (and the scheduler) tries what the
 * office offers it, until one succeeds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actorForUsername } from '../src/features/accounts/account.service.js';
import { AGENCY_ROLES, AGENCY_ROLE_KEYS, SYSTEM_ACTOR, type Actor } from '../src/features/access/roles.js';
import { can } from '../src/features/access/policy.js';
import { FEATURES } from '../src/features/index.js';
import * as service from '../src/features/publications/publication.service.js';
import { WORKFLOW, type TransitionDef, type WorkflowState } from '../src/features/publications/publication.workflow.js';
import { chinaDateOf } from '../src/lib/dates.js';
import { AppError } from '../src/errors.js';
import { exitsFrom, reachableStates, type AnyWorkflow } from '../src/lib/workflow.js';
import { ENGINES, createTestApp, type TestApp } from './helpers.js';

const WORKFLOWS: AnyWorkflow[] = [...new Map(FEATURES.flatMap((f) => f.procedures ?? []).map((p) => [p.workflow.key, p.workflow])).values()];

/** One person per agency role (in agency 1, department 1), and the scheduler. */
const PEOPLE: { name: string; actor: Actor }[] = [
  ...AGENCY_ROLE_KEYS.map((role) => ({
    name: role,
    actor: {
      userId: 1,
      username: role,
      displayName: AGENCY_ROLES[role].label,
      platformAdmin: false,
      memberships: [{ agencyId: 1, role, departmentId: AGENCY_ROLES[role].needsDepartment ? 1 : null }],
      via: 'session' as const,
    },
  })),
  { name: 'system', actor: SYSTEM_ACTOR },
];

describe('workflow walk: the definitions', () => {
  test('both the publications and the requests workflows are registered and walked', () => {
    const keys = WORKFLOWS.map((w) => w.key);
    assert.ok(keys.includes('publication') && keys.includes('request'), keys.join());
  });

  for (const def of WORKFLOWS) {
    const situations = def.situations ?? [{}];
    for (const ctx of situations) {
      test(`${def.key} ${JSON.stringify(ctx)}: every reachable state is an end or someone permitted moves it on`, () => {
        const states = reachableStates(def, ctx);
        assert.ok(states.length > 1, 'the walk reaches more than the initial state');
        const movers = (state: string) =>
          exitsFrom(def, state, ctx).filter((t) => PEOPLE.some((p) => def.permits(p.actor, t.permission, { state, agencyId: 1, departmentId: 1 })));
        for (const s of states) {
          const final = def.states[s]!.final === true;
          if (final) assert.equal(exitsFrom(def, s, ctx).length, 0, `${s} is final but has exits`);
          else assert.ok(movers(s).length > 0, `${def.key}: “${def.states[s]!.label}” (${s}) is a dead end in ${JSON.stringify(ctx)}`);
        }
        // And nothing loops forever: from every state an end or the goal can be reached by permitted steps.
        const goals = new Set(states.filter((s) => def.states[s]!.final || def.states[s]!.tone === 'success'));
        assert.ok(goals.size > 0, 'the workflow has an end');
        for (const s of states) {
          const seen = new Set([s]);
          const queue = [s];
          while (queue.length) for (const t of movers(queue.shift()!)) if (!seen.has(t.to)) (seen.add(t.to), queue.push(t.to));
          assert.ok([...seen].some((x) => goals.has(x)), `${def.key}: from ${s} no end can be reached`);
        }
      });
    }
  }

  test('a state with no way out that is not marked final fails the walk', () => {
    const broken = { ...WORKFLOW, transitions: WORKFLOW.transitions.filter((t) => t.action !== 'publish' && t.action !== 'schedule' && t.action !== 'reject') };
    const ctx = { leaderApprovalRequired: false, everPublished: false };
    assert.equal(exitsFrom(broken as AnyWorkflow, 'approved', ctx).length, 0);
    assert.notEqual(WORKFLOW.states.approved.final, true);
  });
});

const today = chinaDateOf(new Date());
const complete = {
  summary: '部署年度节能监察工作。',
  writtenDate: today,
  formedDate: today,
  category: 'notices',
  topic: 'economy',
  genre: 'notice',
};
const CLEAN = '<p>各有关单位：现就开展节能监察有关事项通知如下。</p>';
const FLAGGED = '<p>联系人：张某某，手机 13912345678，身份证号 11010519491231002X。</p>';

interface Step {
  action: string;
  to: string;
  who: string;
}

for (const engine of ENGINES) {
  describe(`workflow walk: publications through the service (${engine})`, () => {
    let t: TestApp;
    let people: { name: string; actor: Actor }[];
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      people = [];
      for (const u of ['demo-editor', 'demo-reviewer', 'demo-leader', 'demo-admin']) people.push({ name: u, actor: (await actorForUsername(t.db, u, 'session'))! });
      people.push({ name: 'system', actor: SYSTEM_ACTOR });
    });
    after(async () => t?.close());

    const fgj = async () => t.db.selectFrom('agencies').selectAll().where('slug', '=', 'fgj').executeTakeFirstOrThrow();

    /** The fields an office form or an API caller sends with this transition, as the person the office shows it to. */
    async function inputFor(tr: TransitionDef, actor: Actor, id: number) {
      const v = await service.getPublication(t.db, SYSTEM_ACTOR, id);
      const reviewer = can(actor, 'publication.review', { agencyId: v.agencyId, departmentId: v.departmentId });
      const open = v.findings.filter((f) => !f.confirmedAt).map((f) => f.id);
      return {
        action: tr.action,
        version: v.version,
        comment: '走查',
        ...(tr.records === 'office_review' && tr.action === 'approve' ? { confidentiality: 'cleared' } : {}),
        ...(tr.action === 'schedule' ? { scheduledAt: new Date(Date.now() + 86_400_000).toISOString() } : {}),
        ...(reviewer && open.length ? { confirmFindings: open } : {}),
      };
    }

    /** Tries `tr` as each person the office offers it to; the one who succeeded, or null. */
    async function tryMove(id: number, tr: TransitionDef): Promise<string | null> {
      for (const p of people) {
        const v = await service.getPublication(t.db, SYSTEM_ACTOR, id);
        if (!service.actionsFor(p.actor, v).some((x) => x.action === tr.action && x.to === tr.to)) continue;
        try {
          const next = await service.transition(t.db, p.actor, id, await inputFor(tr, p.actor, id));
          assert.equal(next.state, tr.to);
          return p.name;
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
        }
      }
      return null;
    }

    /** A fresh item in the state `path` leads to, with every finding unconfirmed again when `findings` (the worst case). */
    async function build(path: Step[], findings: boolean): Promise<number> {
      const editor = people[0]!.actor;
      const d = await service.createDraft(t.db, editor, { title: `走查 ${Math.random().toString(36).slice(2, 8)}`, ...complete, body: findings ? FLAGGED : CLEAN });
      for (const s of path) {
        const tr = WORKFLOW.transitions.find((x) => x.action === s.action && x.to === s.to)!;
        const who = people.find((p) => p.name === s.who)!.actor;
        await service.transition(t.db, who, d.id, await inputFor(tr, who, d.id));
      }
      if (findings) {
        await t.db.updateTable('publicationFindings').set({ confirmedAt: null, confirmedBy: null, confirmedByName: null }).where('publicationId', '=', d.id).execute();
        assert.ok((await service.getPublication(t.db, SYSTEM_ACTOR, d.id)).openFindings > 0);
      }
      return d.id;
    }

    for (const leader of [false, true]) {
      for (const findings of [false, true]) {
        test(`leader approval ${leader ? 'on' : 'off'}, ${findings ? 'with unconfirmed blocking findings' : 'clean'}: every reachable state moves on`, async () => {
          const a = await fgj();
          await service.updateAgencySettings(t.db, SYSTEM_ACTOR, a.id, { indexPattern: a.indexPattern, requiresLeaderApproval: leader, version: a.version });
          try {
            const paths = new Map<string, Step[]>([['draft', []]]);
            const queue: string[] = ['draft'];
            while (queue.length) {
              const s = queue.shift()! as WorkflowState;
              let moved: string | null = null;
              // Each transition out of the state (once per target), each on a fresh item.
              const seenTargets = new Set<string>();
              for (const tr of WORKFLOW.transitions.filter((x) => (x.from as readonly string[]).includes(s) && x.to !== s)) {
                if (seenTargets.has(`${tr.action}>${tr.to}`)) continue;
                seenTargets.add(`${tr.action}>${tr.to}`);
                if (moved && paths.has(tr.to)) continue;
                const id = await build(paths.get(s)!, findings);
                const who = await tryMove(id, tr);
                if (!who) continue;
                moved ??= `${tr.action} by ${who}`;
                if (!paths.has(tr.to)) {
                  paths.set(tr.to, [...paths.get(s)!, { action: tr.action, to: tr.to, who }]);
                  queue.push(tr.to);
                }
              }
              if (!WORKFLOW.states[s].final) assert.ok(moved, `“${WORKFLOW.states[s].label}” (${s}) is a dead end: nobody the office offers a step to could take it`);
            }
            // Every state the definition can reach in this agency was reached for real.
            const expected = new Set([...reachableStates(WORKFLOW, { leaderApprovalRequired: leader, everPublished: false }), ...reachableStates(WORKFLOW, { leaderApprovalRequired: leader, everPublished: true })]);
            for (const s of expected) {
              // From a fresh draft, cancel_revision cannot lead anywhere new; every other state must be built.
              assert.ok(paths.has(s), `${s} was never reached (reached: ${[...paths.keys()].join(', ')})`);
            }
            assert.equal(paths.has('pending_approval'), leader);
          } finally {
            const b = await fgj();
            await service.updateAgencySettings(t.db, SYSTEM_ACTOR, b.id, { indexPattern: b.indexPattern, requiresLeaderApproval: a.requiresLeaderApproval === 1, version: b.version });
          }
        });
      }
    }
  });
}
