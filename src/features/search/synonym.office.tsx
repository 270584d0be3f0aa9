import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import * as service from './synonym.service.js';
import { SynonymEditPage, SynonymListPage } from './views/SynonymPages.js';

const idParam = z.object({ id: intField('编号') });
const LIST = '/office/search/synonyms';

/** `/office/search/synonyms`: the office's abbreviations and synonyms for search, for whoever manages the platform's settings. */
export async function synonymOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const access = { config: { access: 'settings.manage' as const } };

  app.get(LIST, access, async (req, reply) => reply.page(SynonymListPage({ ctx: pageContext(req, reply), rows: await service.listSynonyms(db) })));

  app.post(LIST, access, async (req, reply) => {
    const body = formValues(req.body);
    try {
      const row = await service.addSynonym(db, req.actor!, body);
      return redirectWithFlash(reply, LIST, `已新增“${row.term}”→“${row.expansion}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return reply.page(SynonymListPage({ ctx: pageContext(req, reply), rows: await service.listSynonyms(db), values: body, errors: f.errors, message: f.message }), f.status);
    }
  });

  app.get(`${LIST}/:id`, access, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    return reply.page(SynonymEditPage({ ctx: pageContext(req, reply), row: await service.getSynonym(db, id) }));
  });

  app.post(`${LIST}/:id`, access, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const body = formValues(req.body);
    try {
      const row = await service.updateSynonym(db, req.actor!, id, body);
      return redirectWithFlash(reply, LIST, `已保存“${row.term}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return reply.page(SynonymEditPage({ ctx: pageContext(req, reply), row: await service.getSynonym(db, id), values: body, errors: f.errors, message: f.message }), f.status);
    }
  });

  app.post(`${LIST}/:id/delete`, access, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const row = await service.removeSynonym(db, req.actor!, id);
    return redirectWithFlash(reply, LIST, `已删除“${row.term}”`);
  });
}
