import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatChinaDateTime } from '../../lib/dates.js';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { Csrf, ErrorSummary, Field } from '../../web/components/forms.js';
import { OfficeLayout } from '../../web/layouts/OfficeLayout.js';
import { agenciesWith, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from './audit.service.js';
import type { AuditEventRow } from './audit.table.js';

const query = z.object({
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(80).optional(),
  action: z.string().max(60).optional(),
  actorUserId: z.preprocess((v) => (v === '' ? undefined : v), intField('人员').optional()),
  before: z.preprocess((v) => (v === '' ? undefined : v), intField('位置').optional()),
  limit: z.preprocess((v) => (v === '' ? undefined : v), intField('条数').pipe(z.number().min(1).max(500)).optional()),
});

async function events(app: FastifyInstance, actor: Actor, raw: unknown) {
  const q = parseInput(query, raw);
  const limit = q.limit ?? 100;
  const rows = await audit.listEvents(app.deps.db, {
    agencyIds: agenciesWith(actor, 'audit.read'),
    entityType: q.entityType || undefined,
    entityId: q.entityId || undefined,
    action: q.action || undefined,
    actorUserId: q.actorUserId,
    beforeId: q.before,
    limit,
  });
  return { q, rows, limit };
}

function presentEvent(e: AuditEventRow) {
  const parse = (s: string | null) => (s == null ? null : (JSON.parse(s) as unknown));
  return {
    id: e.id,
    at: e.at,
    actor: { userId: e.actorUserId, name: e.actorName, role: e.actorRole },
    ip: e.ip,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    agencyId: e.agencyId,
    summary: e.summary,
    before: parse(e.beforeJson),
    after: parse(e.afterJson),
    hash: e.hash,
  };
}

function Change({ json }: { json: string | null }) {
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return <code>{json}</code>;
  }
  if (!value || typeof value !== 'object') return <code>{String(value)}</code>;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return null;
  return (
    <dl class="change">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? (v.length > 200 ? `${v.slice(0, 200)}…` : v) : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export async function auditOfficeRoutes(app: FastifyInstance) {
  app.get('/office/audit', { config: { access: 'audit.read' } }, async (req, reply) => {
    const { q, rows, limit } = await events(app, req.actor!, req.query);
    const params = new URLSearchParams(
      Object.entries({ entityType: q.entityType, entityId: q.entityId, action: q.action }).filter(([, v]) => v) as [string, string][],
    );
    const last = rows[rows.length - 1];
    const check = await audit.lastCheck(app.deps.db);
    return reply.page(
      <OfficeLayout ctx={pageContext(req, reply)} title="审计日志">
        <h1>{q.entityType && q.entityId ? `修改记录：${q.entityType} #${q.entityId}` : '审计日志'}</h1>
        <p class="muted">记录只增不改，逐条以带密钥的哈希链相连，任何改动、插入或删除都会被发现。</p>
        <p role="status" class={check && !check.ok ? 'error' : undefined} id="audit-self-check">
          {check
            ? `最近一次自动校验（${formatChinaDateTime(check.at)}）：${check.ok ? '通过' : '未通过'}。${check.line}`
            : '尚未进行自动校验：服务运行后每天校验一次；也可在服务器上运行 gongkai audit verify。'}
        </p>
        {req.actor && can(req.actor, 'audit.export') ? (
          <section class="panel" aria-labelledby="audit-export-h">
            <h2 id="audit-export-h">导出与校验</h2>
            <form method="post" action="/office/audit/export" class="filters">
              <Csrf token={pageContext(req, reply).csrfToken} />
              <label>
                开始日期 <input name="from" type="date" required />
              </label>
              <label>
                结束日期 <input name="to" type="date" required />
              </label>
              <label>
                格式{' '}
                <select name="format">
                  <option value="csv">CSV</option>
                  <option value="json">JSON</option>
                </select>
              </label>
              <button type="submit">导出</button>
            </form>
            <form method="post" action="/office/audit/verify">
              <Csrf token={pageContext(req, reply).csrfToken} />
              <button type="submit" class="secondary">
                立即校验哈希链
              </button>
            </form>
          </section>
        ) : null}
        <form method="get" action="/office/audit" class="filters">
          <label>
            对象类型 <input name="entityType" value={q.entityType ?? ''} />
          </label>
          <label>
            对象编号 <input name="entityId" value={q.entityId ?? ''} />
          </label>
          <label>
            操作 <input name="action" value={q.action ?? ''} />
          </label>
          <button type="submit">筛选</button>
        </form>
        <table class="table audit">
          <caption class="visually-hidden">审计事件</caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">人员</th>
              <th scope="col">操作</th>
              <th scope="col">对象</th>
              <th scope="col">修改前</th>
              <th scope="col">修改后</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>{formatChinaDateTime(e.at)}</td>
                <td>
                  {e.actorName}
                  {e.actorRole ? <small class="muted">（{e.actorRole}）</small> : null}
                  {e.ip ? <small class="muted"> {e.ip}</small> : null}
                </td>
                <td>
                  <code>{e.action}</code>
                  <br />
                  {e.summary}
                </td>
                <td>
                  <a href={`/office/audit?entityType=${encodeURIComponent(e.entityType)}&entityId=${encodeURIComponent(e.entityId)}`}>
                    {e.entityType} #{e.entityId}
                  </a>
                </td>
                <td>
                  <Change json={e.beforeJson} />
                </td>
                <td>
                  <Change json={e.afterJson} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === limit && last ? (
          <p>
            <a href={`/office/audit?${params.toString()}${params.toString() ? '&' : ''}before=${last.id}`}>更早的记录</a>
          </p>
        ) : null}
      </OfficeLayout>,
    );
  });
}

/** What every view of an event shares. */
const eventFacts = {
  id: z.number().int(),
  at: z.string(),
  ip: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  agencyId: z.number().int().nullable(),
  summary: z.string(),
  hash: z.string(),
};

const auditEventShape = z.object({
  ...eventFacts,
  actor: z.object({ userId: z.number().int().nullable(), name: z.string(), role: z.string() }),
  before: z.unknown().describe('变更前的记录（JSON，任意结构）'),
  after: z.unknown().describe('变更后的记录（JSON，任意结构）'),
});

/** An exported event: the stored row as it is, hashes included, so the copy can be checked against the chain. */
const exportedEventShape = z.object({
  ...eventFacts,
  actorUserId: z.number().int().nullable(),
  actorName: z.string(),
  actorRole: z.string(),
  beforeJson: z.string().nullable(),
  afterJson: z.string().nullable(),
  prevHash: z.string(),
});
const exportShape = z.object({ from: z.string(), to: z.string(), count: z.number().int(), events: z.array(exportedEventShape) });

const exportInput = z.object({ from: z.string().max(10).default(''), to: z.string().max(10).default(''), format: z.enum(['csv', 'json']).default('csv') });

export async function auditManageRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.post('/office/audit/export', { config: { access: 'audit.export' } }, async (req, reply) => {
    const input = parseInput(exportInput, formValues(req.body));
    const file = await audit.exportAuditLog(db, req.actor!, input);
    return reply.type(file.type).header('Content-Disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });

  app.post('/office/audit/verify', { config: { access: 'audit.export' } }, async (req, reply) => {
    const r = await audit.selfCheck(db);
    return redirectWithFlash(reply, '/office/audit', audit.describeChain(r));
  });

  // The retention period is policy: the security administrator's, not the auditor's or the system administrator's.
  const retentionPage = async (req: FastifyRequest, reply: FastifyReply, extra: { status?: number; errors?: Record<string, string>; message?: string; value?: string } = {}) => {
    const days = await audit.auditRetentionDays(db);
    return reply.page(
      <OfficeLayout ctx={pageContext(req, reply)} title="审计日志保存期限">
        <h1>审计日志保存期限</h1>
        <ErrorSummary errors={extra.errors} message={extra.message} />
        <p>网络安全法第二十一条要求网络日志留存不少于六个月，因此最短为 {audit.AUDIT_RETENTION_FLOOR_DAYS} 天。超过期限的最早记录由系统每天自动清除，清除本身记入审计日志，哈希链从保留的第一条继续校验。</p>
        <form method="post" action="/office/audit/retention" novalidate>
          <Csrf token={pageContext(req, reply).csrfToken} />
          <Field name="auditRetentionDays" label="保存天数" value={extra.value ?? String(days)} errors={extra.errors} required inputMode="numeric" hint={`${audit.AUDIT_RETENTION_FLOOR_DAYS}–3650 天`} />
          <button type="submit">保存</button>
        </form>
      </OfficeLayout>,
      extra.status ?? 200,
    );
  };
  app.get('/office/audit/retention', { config: { access: 'security.policy' } }, (req, reply) => retentionPage(req, reply));
  app.post('/office/audit/retention', { config: { access: 'security.policy' } }, async (req, reply) => {
    const body = formValues(req.body);
    try {
      await audit.setAuditRetentionDays(db, req.actor!, body.auditRetentionDays);
      return redirectWithFlash(reply, '/office/audit/retention', '已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return retentionPage(req, reply, { status: f.status, errors: f.errors, message: f.message, value: body.auditRetentionDays ?? '' });
    }
  });
}

export async function auditApiRoutes(app: FastifyInstance) {
  app.get(
    '/api/v1/audit/export',
    { config: { access: 'audit.export', doc: { summary: '导出一段日期内的审计事件（format=csv 为带 BOM 的 UTF-8 CSV，列同下；format=json 为下述结构；导出本身记入审计日志）', tags: ['审计'], query: exportInput, response: exportShape } } },
    async (req, reply) => {
      const file = await audit.exportAuditLog(app.deps.db, req.actor!, parseInput(exportInput, req.query));
      return reply.type(file.type).header('Content-Disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );

  app.get(
    '/api/v1/audit',
    { config: { access: 'audit.read', doc: { summary: '审计事件（新的在前，before 翻页）', tags: ['审计'], query, response: z.object({ items: z.array(auditEventShape) }) } } },
    async (req) => {
      const { rows } = await events(app, req.actor!, req.query);
      return { items: rows.map(presentEvent) };
    },
  );
}
