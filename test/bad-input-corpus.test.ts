/**
 * Issue 14, point 3: the bad-input corpus against every route of the route table, on
 * both engines. Any 5xx (or a request that throws or hangs) fails, naming the route,
 * the case and its payload. The normal run takes a seeded subset
 * (GONGKAI_CORPUS_SIZE, default 1,500 per engine); `npm run test:corpus` runs 12,000.
 * Stored XSS is checked in Chromium by test/e2e/stored-xss.e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, type TestApp } from './helpers.js';
import { casesOf, describeFailure, describeReport, discover, runCorpus, select, signInPeople, targetsOf } from './corpus/corpus.js';
import { CATEGORIES } from './corpus/payloads.js';

export const CORPUS_SIZE = Number(process.env.GONGKAI_CORPUS_SIZE || 1500);
const SEED = Number(process.env.GONGKAI_CORPUS_SEED || 20261206);

for (const engine of ENGINES) {
  describe(`bad-input corpus (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(async () => t?.close());

    test('every route, public and staff, is a target, with fields from its schema or its form', async () => {
      const setup = await signInPeople(t);
      const d = await discover(t, setup.clients);
      const targets = await targetsOf(t, setup, d);
      const keys = new Set(targets.map((x) => x.key));
      for (const r of t.app.routeTable) if (r.method !== 'OPTIONS' && r.url !== '/office/logout') assert.ok(keys.has(`${r.method} ${r.url}`), `${r.method} ${r.url} is not a target`);
      // Declared schemas and discovered forms both feed fields.
      const apply = targets.find((x) => x.key === 'POST /api/v1/requests')!;
      assert.ok(apply.json?.strings.includes('applicant.name'), JSON.stringify(apply.json?.strings));
      const portalApply = targets.find((x) => x.key === 'POST /:agency/zfxxgk/ysqgk/apply')!;
      assert.ok((portalApply.form?.fields.length ?? 0) > 5, 'the application form was read from the page');
      assert.ok(targets.find((x) => x.key === 'GET /search')!.query.some((f) => f.name === 'q'));
      const all = targets.flatMap(casesOf);
      assert.ok(all.length >= 10_000, `${all.length} cases generated`);
      // The subset is deterministic and touches every category.
      const a = select(all, 300, SEED).map((c) => c.id);
      const b = select(all, 300, SEED).map((c) => c.id);
      assert.deepEqual(a, b);
      for (const c of CATEGORIES) assert.ok(all.some((x) => x.category === c), c);
    });

    test(`a seeded subset of ${CORPUS_SIZE} cases: no 5xx, no hang`, { timeout: 60 * 60_000 }, async () => {
      const r = await runCorpus(t, { size: CORPUS_SIZE, seed: SEED, log: (l) => console.log(l) });
      console.log(describeReport(r, engine));
      assert.equal(r.run, Math.min(CORPUS_SIZE, r.generated));
      assert.deepEqual(r.failures.map(describeFailure), []);
      // Still serving.
      assert.equal((await t.anonymous().get('/')).statusCode, 200);
    });
  });
}
