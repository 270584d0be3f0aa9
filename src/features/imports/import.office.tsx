import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { validationError, type FieldErrors } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { agenciesWith, can } from '../access/policy.js';
import { listAgencies } from '../agencies/agency.service.js';
import { IMPORT_MODES, type ImportMode } from './import.js';
import { getJob, listJobs, startUploadImport } from './import.service.js';
import { ImportHome, ImportJobPage } from './views/ImportViews.js';

const uploadInput = z.object({
  agencyId: intField('机关'),
  mode: z.preprocess((v) => (v === '' || v == null ? 'draft' : v), z.enum(Object.keys(IMPORT_MODES) as [ImportMode, ...ImportMode[]], { message: '请选择导入方式' })),
});

/** `/office/imports`: upload old pages (a file or a zip), follow the progress, read the report. */
export async function importOfficeRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  async function home(req: FastifyRequest, reply: FastifyReply, failure?: { errors: FieldErrors; message: string; status: number; values: Record<string, string> }) {
    const actor = req.actor!;
    const ids = agenciesWith(actor, 'import.run');
    const [agencies, jobs] = await Promise.all([listAgencies(db, ids), listJobs(db, actor)]);
    return reply.page(
      ImportHome({
        ctx: pageContext(req, reply),
        agencies: agencies.map((a) => ({ id: a.id, name: a.name, mayPublish: actor.platformAdmin || can(actor, 'publication.publish', { agencyId: a.id }) })),
        jobs,
        values: failure?.values,
        errors: failure?.errors,
        message: failure?.message,
        maxUploadMb: Math.round(config.maxUploadBytes / 1048576),
      }),
      failure?.status ?? 200,
    );
  }

  app.get('/office/imports', { config: { access: 'import.run' } }, async (req, reply) => home(req, reply));

  app.post('/office/imports', { preValidation: readMultipartBody, config: { access: 'import.run' } }, async (req, reply) => {
    const values = formValues(req.body);
    try {
      const input = parseInput(uploadInput, values);
      const file = filesOf(req.body).find((f) => f.fieldname === 'file' && f.bytes.length > 0);
      if (!file) throw validationError({ file: '请选择要导入的文件' });
      const job = await startUploadImport(db, req.actor!, input.agencyId, input.mode, { filename: file.filename || 'upload', bytes: file.bytes });
      return reply.redirect(`/office/imports/${job.id}`, 303);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return home(req, reply, { ...f, values });
    }
  });

  app.get('/office/imports/:id', { config: { access: 'import.run' } }, async (req, reply) => {
    const { id } = parseInput(z.object({ id: intField('任务编号') }), req.params);
    const job = await getJob(db, req.actor!, id);
    return reply.page(ImportJobPage({ ctx: pageContext(req, reply), job }));
  });
}
