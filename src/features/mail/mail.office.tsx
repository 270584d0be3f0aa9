import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext } from '../../web/core.js';
import { MAIL_STATUSES, type MailStatus } from './mail.js';
import { getOutgoing, listOutgoing, mailTransport } from './mail.service.js';
import { MailList, MailPage } from './views/MailViews.js';

const PAGE_SIZE = 100;

const listQuery = z.object({
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(Object.keys(MAIL_STATUSES) as [MailStatus, ...MailStatus[]], { message: '状态无效' }).optional()),
  before: z.preprocess((v) => (v === '' ? undefined : v), intField('位置').optional()),
});

/** `/office/mail`: the outbox, every letter the platform sent or kept, for the agencies the person reads. */
export async function mailOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get('/office/mail', { config: { access: 'mail.read' } }, async (req, reply) => {
    const q = parseInput(listQuery, req.query);
    const rows = await listOutgoing(db, req.actor!, { status: q.status, beforeId: q.before, limit: PAGE_SIZE });
    const last = rows[rows.length - 1];
    return reply.page(
      MailList({ ctx: pageContext(req, reply), rows, status: q.status, olderThan: rows.length === PAGE_SIZE && last ? last.id : null, outbox: mailTransport(db) === 'outbox' }),
    );
  });

  app.get('/office/mail/:id', { config: { access: 'mail.read' } }, async (req, reply) => {
    const { id } = parseInput(z.object({ id: intField('邮件编号') }), req.params);
    const mail = await getOutgoing(db, req.actor!, id);
    return reply.page(MailPage({ ctx: pageContext(req, reply), mail }));
  });
}
