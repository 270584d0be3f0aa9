/**
 * The public side of disclosure on request: the online form per agency (no
 * account, no JavaScript), the receipt with its tracking code, the tracking pages
 * (rate-limited, never cached), the printable paper form and the statistics.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../errors.js';
import { contentDisposition, readStored } from '../files/files.js';
import { pageContext } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import type { Crumb } from '../../web/layouts/PortalLayout.js';
import { agencyLabels } from '../agencies/agency.service.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { getSettings } from '../settings/settings.js';
import { letterDocx } from './request.docx.js';
import { agencyStats, currentYear, track } from './request.public.js';
import { letterOf } from './request.replies.js';
import { findByTrackingCode, normaliseTrackingCode, submitOnline } from './request.apply.js';
import * as repo from './request.repository.js';
import { ApplyPage, PaperFormPage, ReceiptPage, StatsPage, TrackFormPage, TrackPage } from './views/RequestPortalViews.js';

/** Flat form fields (`applicant.name`) as the nested object the input schema reads. */
export function nestForm(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const [head, ...rest] = k.split('.');
    if (!head) continue;
    if (rest.length === 0) out[head] = v;
    else {
      const inner = (out[head] ??= {}) as Record<string, unknown>;
      inner[rest.join('.')] = v;
    }
  }
  return out;
}

const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store').header('X-Robots-Tag', 'noindex');

function crumbsFor(agency: { name: string; slug: string }, last: string): Crumb[] {
  return [
    { label: agency.name, href: `/${agency.slug}` },
    { label: '政府信息公开', href: `/${agency.slug}/zfxxgk` },
    { label: '依申请公开', href: `/${agency.slug}/zfxxgk/ysqgk` },
    { label: last },
  ];
}

export async function requestPortalRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  async function agencyOf(req: FastifyRequest<{ Params: { agency: string } }>, reply: FastifyReply) {
    return agencyForRequest(db, req, reply, req.params.agency);
  }

  app.get<{ Params: { agency: string } }>('/:agency/zfxxgk/ysqgk/apply', { config: { access: 'public' } }, async (req, reply) => {
    const agency = await agencyOf(req, reply);
    if (!agency) return reply;
    const settings = await getSettings(db);
    noStore(reply);
    return reply.page(ApplyPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, agency, crumbs: crumbsFor(agency, '在线申请'), values: {} }));
  });

  app.post<{ Params: { agency: string } }>(
    '/:agency/zfxxgk/ysqgk/apply',
    { config: { access: 'public', rateLimit: { max: 20, timeWindow: '10 minutes' } } },
    async (req, reply) => {
      const agency = await agencyOf(req, reply);
      if (!agency) return reply;
      const settings = await getSettings(db);
      const values = formValues(req.body);
      noStore(reply);
      // A form robot fills every field, the hidden one too: answer as if it worked, store nothing.
      if (values.website) return reply.code(400).send('请求无效');
      try {
        const receipt = await submitOnline(db, agency.slug, nestForm(values));
        return reply.page(ReceiptPage({ ctx: pageContext(req, reply), siteName: settings.siteName, agency, crumbs: crumbsFor(agency, '申请已提交'), receipt }), 201);
      } catch (e) {
        const f = formFailure(e);
        if (!f) throw e;
        return reply.page(
          ApplyPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, agency, crumbs: crumbsFor(agency, '在线申请'), values, errors: f.errors, message: f.message }),
          f.status,
        );
      }
    },
  );

  app.get<{ Params: { agency: string } }>('/:agency/zfxxgk/ysqgk/form', { config: { access: 'public', pageCache: true } }, async (req, reply) => {
    const agency = await agencyOf(req, reply);
    if (!agency) return reply;
    const settings = await getSettings(db);
    return reply.page(PaperFormPage({ ctx: pageContext(req, reply), siteName: settings.siteName, agency, crumbs: crumbsFor(agency, '申请表') }));
  });

  app.get<{ Params: { agency: string }; Querystring: { year?: string } }>('/:agency/zfxxgk/ysqgk/stats', { config: { access: 'public', pageCache: true } }, async (req, reply) => {
    const agency = await agencyOf(req, reply);
    if (!agency) return reply;
    const settings = await getSettings(db);
    const now = currentYear(db);
    const year = /^\d{4}$/.test(req.query.year ?? '') ? Math.min(now, Math.max(2008, Number(req.query.year))) : now;
    const stats = await agencyStats(db, agency.id, year);
    const years = Array.from({ length: Math.min(10, now - 2018) }, (_, i) => now - i);
    return reply.page(StatsPage({ ctx: pageContext(req, reply), siteName: settings.siteName, agency, crumbs: crumbsFor(agency, '统计'), stats, years }));
  });

  // ---------------------------------------------------------------- tracking

  const TRACK_LIMIT = { max: 30, timeWindow: '1 minute' };

  app.get('/requests/track', { config: { access: 'public' } }, async (req, reply) => {
    const settings = await getSettings(db);
    noStore(reply);
    return reply.page(TrackFormPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName }));
  });

  async function trackPage(req: FastifyRequest, reply: FastifyReply, code: string) {
    const settings = await getSettings(db);
    noStore(reply);
    const canonical = normaliseTrackingCode(code);
    const view = canonical ? await track(db, canonical) : null;
    if (!view) {
      return reply.page(TrackFormPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, code, error: '查询码不正确，请核对后重新输入' }), 404);
    }
    return reply.page(TrackPage({ ctx: pageContext(req, reply), siteName: settings.siteName, view, base: `/requests/track/${canonical}` }));
  }

  app.post('/requests/track', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) => trackPage(req, reply, formValues(req.body).code ?? ''));

  app.get<{ Params: { code: string } }>('/requests/track/:code', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) =>
    trackPage(req, reply, req.params.code),
  );

  /** The application of a code in a URL, or a 404 (a guessed or mistyped code). */
  async function byCode(code: string) {
    const row = await findByTrackingCode(db, code);
    if (!row) throw notFound('申请');
    return row;
  }

  app.get<{ Params: { code: string; letter: string } }>('/requests/track/:code/letters/:letter', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) => {
    const row = await byCode(req.params.code);
    const m = /^(\d{1,12})\.docx$/.exec(req.params.letter);
    if (!m) throw notFound('告知书');
    const letter = await repo.findLetter(db, Number(m[1]));
    if (!letter || letter.requestId !== row.id || letter.toApplicant !== 1) throw notFound('告知书');
    const agency = (await agencyLabels(db, [row.agencyId])).get(row.agencyId)?.name ?? '';
    const bytes = await letterDocx(letterOf(letter, agency));
    noStore(reply);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', contentDisposition(`${letter.title}（编号${row.id}）.docx`))
      .send(bytes);
  });

  app.get<{ Params: { code: string; file: string } }>('/requests/track/:code/files/:file', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) => {
    const row = await byCode(req.params.code);
    if (!/^\d{1,12}$/.test(req.params.file)) throw notFound('文件');
    const file = await repo.findFile(db, Number(req.params.file));
    if (!file || file.requestId !== row.id || !(row.outcome === 'disclose' || row.outcome === 'partial')) throw notFound('文件');
    const bytes = readStored(config.dataDir, file.sha256);
    if (!bytes) throw new AppError('NOT_FOUND', '文件已不存在，请联系受理机关');
    noStore(reply);
    return reply.type(file.mimeType).header('Content-Disposition', contentDisposition(file.name)).send(bytes);
  });

}
