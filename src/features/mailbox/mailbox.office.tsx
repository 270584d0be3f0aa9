/** The office side of the mailbox: inbox per department, one message with its actions, phone log, limits, statistics. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../db/runtime.js';
import { AppError, isAppError, notFound } from '../../errors.js';
import type { IsoDate } from '../../lib/dates.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formValues } from '../../web/forms.js';
import { agenciesWith, can } from '../access/policy.js';
import { departmentNames, getAgency, listAgencies, listAgenciesWithDepartments } from '../agencies/agency.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { mailboxAlarm, mailboxClock, type MailboxKind } from './mailbox.clock.js';
import * as service from './mailbox.service.js';
import { mailboxStats, statsCsv } from './mailbox.statistics.js';
import { DetailPage, InboxPage, LimitsPage, PhoneLogPage, StatsPage } from './views/MailboxOfficeViews.js';

const posInt = (v: unknown): number | undefined => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
const STATES = ['open', 'replied', 'closed', 'all'] as const;

/** Errors a person fixes on the page: shown there, anything else goes up. */
function fixable(e: unknown): AppError | null {
  return isAppError(e) && ['VALIDATION_FAILED', 'STALE_EDIT', 'INVALID_TRANSITION', 'CONFLICT'].includes(e.code) ? e : null;
}

export async function mailboxOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get<{ Querystring: Record<string, string> }>('/office/mailbox', { config: { access: 'mailbox.read' } }, async (req, reply) => {
    const actor = req.actor!;
    const q = req.query;
    const agencyId = posInt(q.agency);
    const state = (STATES as readonly string[]).includes(q.state ?? '') ? (q.state as (typeof STATES)[number]) : 'open';
    const departmentId = q.department === 'none' ? 'none' : posInt(q.department);
    const kind = q.kind || undefined;
    const r = await service.inbox(db, actor, { agencyId, departmentId, state, kind, page: posInt(q.page) });
    const [cal, agencies, depts] = await Promise.all([
      getCalendar(db),
      listAgencies(db, agenciesWith(actor, 'mailbox.read')),
      departmentNames(
        db,
        r.items.map((i) => i.departmentId),
      ),
    ]);
    const today = todayOf(db);
    const names = new Map(agencies.map((a) => [a.id, a.name]));
    const scopeAgency = agencyId ?? (agencies.length === 1 ? agencies[0]!.id : undefined);
    const departments = scopeAgency !== undefined ? (await getAgency(db, scopeAgency)).departments.map((d) => ({ id: d.id, name: d.name })) : [];
    return reply.page(
      InboxPage({
        ctx: pageContext(req, reply),
        filters: { agencyId, departmentId: departmentId === undefined ? undefined : String(departmentId), state, kind },
        agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
        departments,
        items: r.items.map((i) => ({
          ...i,
          agencyName: i.agencyId === null ? '平台（网站纠错）' : (names.get(i.agencyId) ?? ''),
          departmentName: i.departmentId === null ? null : (depts.get(i.departmentId) ?? null),
          alarm: mailboxAlarm(cal, { receivedDate: i.receivedDate as IsoDate, dueDate: i.dueDate as IsoDate | null, answered: i.state !== 'open' }, today),
        })),
        total: r.total,
        page: r.page,
        pageSize: r.pageSize,
        canLog: can(actor, 'mailbox.handle'),
      }),
    );
  });

  async function detail(req: FastifyRequest, reply: FastifyReply, id: number, failure?: { e: AppError; values: Record<string, string> }) {
    const actor = req.actor!;
    const row = await service.getMessage(db, actor, id);
    const cal = await getCalendar(db);
    const today = todayOf(db);
    const clock = mailboxClock(
      cal,
      [{ type: 'received', date: row.receivedDate as IsoDate, kind: row.kind as MailboxKind }, ...(row.repliedDate ? [{ type: 'replied' as const, date: row.repliedDate as IsoDate }] : [])],
      { limits: { [row.kind]: row.limitDays }, today },
    );
    const agency = row.agencyId === null ? null : await getAgency(db, row.agencyId);
    return reply.page(
      DetailPage({
        ctx: pageContext(req, reply, { csrf: true }),
        row,
        agencyName: agency?.name ?? '平台（网站纠错）',
        departments: agency?.departments.map((d) => ({ id: d.id, name: d.name })) ?? [],
        explanation: clock.explanation,
        alarm: mailboxAlarm(cal, { receivedDate: row.receivedDate as IsoDate, dueDate: row.dueDate as IsoDate | null, answered: row.state !== 'open' }, today),
        preview: service.maskedPreview(row),
        writer: service.writerFor(actor, row),
        can: { handle: service.mayAct(actor, row, 'mailbox.handle'), publish: service.mayAct(actor, row, 'mailbox.publish') },
        errors: failure?.e.fields,
        message: failure?.e.message,
        values: failure?.values,
      }),
      failure ? failure.e.status : 200,
    );
  }

  app.get<{ Params: { id: string } }>('/office/mailbox/:id', { config: { access: 'mailbox.read' } }, async (req, reply) => {
    const id = posInt(req.params.id);
    if (id === undefined) throw notFound('留言');
    return detail(req, reply, id);
  });

  const ACTIONS = {
    assign: { fn: service.assign, done: '已转办' },
    reply: { fn: service.reply, done: '已答复，来信人可凭查询码查看' },
    publish: { fn: service.publish, done: '已公开为留言选登' },
    unpublish: { fn: service.unpublish, done: '已撤下' },
    close: { fn: service.close, done: '已办结' },
  } as const;

  for (const [name, action] of Object.entries(ACTIONS)) {
    app.post<{ Params: { id: string } }>(`/office/mailbox/:id/${name}`, { config: { access: 'mailbox.handle' } }, async (req, reply) => {
      const id = posInt(req.params.id);
      if (id === undefined) throw notFound('留言');
      const values = formValues(req.body);
      try {
        await action.fn(db, req.actor!, id, values);
        return redirectWithFlash(reply, `/office/mailbox/${id}`, action.done);
      } catch (e) {
        const f = fixable(e);
        if (!f) throw e;
        return detail(req, reply, id, { e: f, values });
      }
    });
  }

  async function phoneAgencies(req: FastifyRequest) {
    const agencies = await listAgenciesWithDepartments(db, agenciesWith(req.actor!, 'mailbox.handle'));
    return agencies.map((a) => ({ id: a.id, name: a.name, departments: a.departments.map((d) => ({ id: d.id, name: d.name })) }));
  }

  app.get('/office/mailbox/phone', { config: { access: 'mailbox.handle' } }, async (req, reply) =>
    reply.page(PhoneLogPage({ ctx: pageContext(req, reply, { csrf: true }), agencies: await phoneAgencies(req), values: { receivedDate: todayOf(db) } })),
  );

  app.post('/office/mailbox/phone', { config: { access: 'mailbox.handle' } }, async (req, reply) => {
    const values = formValues(req.body);
    try {
      const agencyId = posInt(values.agencyId);
      if (agencyId === undefined) throw new AppError('VALIDATION_FAILED', '请检查标出的字段', { agencyId: '请选择机关' });
      const r = await service.logPhoneCall(db, req.actor!, agencyId, values);
      return redirectWithFlash(reply, `/office/mailbox/${r.id}`, `已登记，答复期限 ${r.dueDate ?? '—'}；来电人查询码：${r.trackingCode}`);
    } catch (e) {
      const f = fixable(e);
      if (!f) throw e;
      return reply.page(PhoneLogPage({ ctx: pageContext(req, reply, { csrf: true }), agencies: await phoneAgencies(req), values, errors: f.fields, message: f.message }), f.status);
    }
  });

  async function statsScope(req: FastifyRequest<{ Querystring: Record<string, string> }>) {
    const actor = req.actor!;
    const agencies = await listAgencies(db, agenciesWith(actor, 'mailbox.read'));
    const wanted = posInt(req.query.agency);
    const agency = agencies.find((a) => a.id === wanted) ?? agencies[0];
    if (!agency) throw new AppError('FORBIDDEN', '您没有查看信箱统计的机关');
    const thisYear = Number(todayOf(db).slice(0, 4));
    const y = posInt(req.query.year);
    const year = y && y >= 2008 && y <= thisYear ? y : thisYear;
    return { agencies, agency, year, stats: await mailboxStats(db, agency.id, `${year}-01-01`, `${year}-12-31`) };
  }

  app.get<{ Querystring: Record<string, string> }>('/office/mailbox/stats', { config: { access: 'mailbox.read' } }, async (req, reply) => {
    const s = await statsScope(req);
    return reply.page(StatsPage({ ctx: pageContext(req, reply), agencies: s.agencies.map((a) => ({ id: a.id, name: a.name })), agencyId: s.agency.id, year: s.year, stats: s.stats }));
  });

  app.get<{ Querystring: Record<string, string> }>('/office/mailbox/stats.csv', { config: { access: 'mailbox.read' } }, async (req, reply) => {
    const s = await statsScope(req);
    const name = encodeURIComponent(`${s.agency.name}信箱统计${s.year}.csv`);
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename*=UTF-8''${name}`).send(statsCsv(s.stats));
  });

  async function limitsPage(req: FastifyRequest<{ Querystring: Record<string, string> }>, reply: FastifyReply, failure?: { e: AppError; values: Record<string, string> }) {
    const actor = req.actor!;
    const agencies = await listAgencies(db, agenciesWith(actor, 'mailbox.read'));
    const agency = agencies.find((a) => a.id === posInt(req.query.agency)) ?? agencies[0];
    if (!agency) throw new AppError('FORBIDDEN', '您没有可设置的机关');
    const limits = await service.agencyLimits(db, agency.id);
    return reply.page(
      LimitsPage({
        ctx: pageContext(req, reply, { csrf: true }),
        agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
        agencyId: agency.id,
        limits,
        ...(failure ? { values: failure.values, errors: failure.e.fields } : {}),
        canEdit: can(actor, 'mailbox.manage', { agencyId: agency.id }),
      }),
      failure ? failure.e.status : 200,
    );
  }

  app.get<{ Querystring: Record<string, string> }>('/office/mailbox/limits', { config: { access: 'mailbox.read' } }, async (req, reply) => limitsPage(req, reply));

  app.post<{ Querystring: Record<string, string> }>('/office/mailbox/limits', { config: { access: 'mailbox.manage' } }, async (req, reply) => {
    const agencyId = posInt(req.query.agency);
    if (agencyId === undefined) throw notFound('机关');
    const values = formValues(req.body);
    try {
      await service.setLimits(db, req.actor!, agencyId, values);
      return redirectWithFlash(reply, `/office/mailbox/limits?agency=${agencyId}`, '已保存答复时限；新收到的留言按新时限计算');
    } catch (e) {
      const f = fixable(e);
      if (!f) throw e;
      return limitsPage(req, reply, { e: f, values });
    }
  });

}
