/**
 * The item page of a document that belongs to a key project shows the project and its
 * approval (or filing) elements right under the metadata table, through the registry's
 * `publicationMetaAddenda` slot; an item of no project shows no such block.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ENGINES, createTestApp, type TestApp } from '../../../test/helpers.js';
import { seedProjects } from '../../demo/projects.demo.js';

for (const engine of ENGINES) {
  describe(`a key project on its documents' item pages (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      assert.ok((await seedProjects(t.db, { dataDir: t.config.dataDir })) > 0);
    });
    after(async () => t?.close());

    test('a linked, published 批准结果 shows the project and its elements under the metadata', async () => {
      const r = await sql<{ id: number; slug: string; name: string; documentNumber: string }>`
        SELECT p.id, a.slug, pr.name, l.document_number AS "documentNumber"
        FROM project_publications l JOIN publications p ON p.id = l.publication_id JOIN projects pr ON pr.id = l.project_id JOIN agencies a ON a.id = p.agency_id
        WHERE p.public_status = 'published' AND l.lifecycle = 'approval_result' ORDER BY p.id LIMIT 1`.execute(t.db);
      const linked = r.rows[0];
      assert.ok(linked, 'the demo publishes a linked approval');
      const page = await t.anonymous().get(`/${linked.slug}/zfxxgk/content/${linked.id}`);
      assert.equal(page.statusCode, 200);
      const block = page.body.indexOf('id="project-item-h"');
      assert.ok(block > 0, 'the project block is on the page');
      assert.ok(page.body.indexOf('class="meta-table"') < block, 'under the metadata table');
      assert.ok(page.body.includes(linked.name), 'names the project');
      assert.ok(page.body.includes(linked.documentNumber), 'with its approval elements');
    });

    test('an item of no project has no project block', async () => {
      const r = await sql<{ id: number; slug: string }>`
        SELECT p.id, a.slug FROM publications p JOIN agencies a ON a.id = p.agency_id
        WHERE p.public_status = 'published' AND p.id NOT IN (SELECT publication_id FROM project_publications) ORDER BY p.id LIMIT 1`.execute(t.db);
      const plain = r.rows[0];
      if (!plain) return assert.fail('the demo publishes an item outside any project');
      const page = await t.anonymous().get(`/${plain.slug}/zfxxgk/content/${plain.id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('id="project-item-h"'));
    });
  });
}
