/**
 * The public side of the mailbox: the form per agency (no account, no JavaScript
 * needed), the receipt with its tracking code, tracking and rating (rate-limited,
 * never cached), the Q&A list and items, and the platform-wide 网站纠错 form.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nowDateOf } from '../../db/runtime.js';
import { AppError, isAppError, notFound } from '../../errors.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formValues } from '../../web/forms.js';
import type { Crumb } from '../../web/layouts/PortalLayout.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { getSettings } from '../settings/settings.js';
import { MAILBOX_KINDS } from './mailbox.clock.js';
import * as service from './mailbox.service.js';
import { checkChallenge, issueChallenge, spamSettings } from './mailbox.spam.js';
import { QaItemPage, QaListPage, ReceiptPage, SiteErrorPage, TrackFormPage, TrackPage, WritePage } from './views/MailboxPortalViews.js';

const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store').header('X-Robots-Tag', 'noindex');

function crumbs(agency: { name: string; slug: string }, last?: string): Crumb[] {
  return [{ label: agency.name, href: `/${agency.slug}` }, { label: '政务信箱', ...(last ? { href: `/${agency.slug}/mailbox` } : {}) }, ...(last ? [{ label: last }] : [])];
}

/** Errors the writer can act on in the form; the rest go up to the error page. */
const FORM_ERRORS = ['VALIDATION_FAILED', 'CHALLENGE_FAILED', 'DUPLICATE_MESSAGE', 'RATE_LIMITED', 'SPAM_SUSPECTED', 'INVALID_TRANSITION'];
const formError = (e: unknown): AppError | null => (isAppError(e) && FORM_ERRORS.includes(e.code) ? e : null);

export async function mailboxPortalRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const secret = config.sessionSecret;

  /**
   * The challenge for a re-rendered form: the one posted if it is still good (the
   * writer who waits and submits again gets in), else a fresh one.
   */
  function challengeFor(posted?: string) {
    const s = spamSettings();
    const now = nowDateOf(db).getTime();
    if (posted) {
      const c = checkChallenge(secret, posted, undefined, now, { ...s, minAgeUnsolvedSeconds: 0 });
      if (c.ok) return { token: posted, bits: s.powBits };
    }
    return issueChallenge(secret, now, s.powBits);
  }

  app.get<{ Params: { agency: string } }>('/:agency/mailbox', { config: { access: 'public' } }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const [settings, limits] = await Promise.all([getSettings(db), service.agencyLimits(db, agency.id)]);
    const c = challengeFor();
    noStore(reply);
    return reply.page(
      WritePage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, agency, crumbs: crumbs(agency), limits, challenge: c.token, bits: c.bits, values: { kind: 'consultation' } }),
    );
  });

  app.post<{ Params: { agency: string } }>('/:agency/mailbox', { config: { access: 'public', rateLimit: { max: 20, timeWindow: '10 minutes' } } }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const settings = await getSettings(db);
    const values = formValues(req.body);
    noStore(reply);
    try {
      const r = await service.writeLetter(
        db,
        { ...values, agency: agency.slug },
        { channel: 'web', ip: req.ip, secret, challenge: { token: values.challenge, solution: values.pow }, honeypot: values.website },
      );
      return reply.page(
        ReceiptPage({
          ctx: pageContext(req, reply),
          siteName: settings.siteName,
          title: '留言已提交',
          crumbs: crumbs(agency, '留言已提交'),
          receipt: { id: r.id, trackingCode: r.trackingCode, kindLabel: `${MAILBOX_KINDS[r.kind].label}留言`, dueDate: r.dueDate, provisional: r.provisional, to: agency.name },
        }),
        201,
      );
    } catch (e) {
      const f = formError(e);
      if (!f) throw e;
      const limits = await service.agencyLimits(db, agency.id);
      const c = challengeFor(values.challenge);
      const { website: _w, challenge: _c, pow: _p, ...kept } = values;
      return reply.page(
        WritePage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, agency, crumbs: crumbs(agency), limits, challenge: c.token, bits: c.bits, values: kept, errors: f.fields, message: f.message }),
        f.status,
      );
    }
  });

  // ---------------------------------------------------------------- Q&A

  app.get<{ Params: { agency: string }; Querystring: { page?: string } }>('/:agency/mailbox/qa', { config: { access: 'public' } }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const page = /^\d{1,5}$/.test(req.query.page ?? '') ? Number(req.query.page) : 1;
    const [settings, list] = await Promise.all([getSettings(db), service.publishedList(db, agency.id, page)]);
    return reply.page(QaListPage({ ctx: pageContext(req, reply), siteName: settings.siteName, agency, crumbs: crumbs(agency, '留言选登'), ...list }));
  });

  app.get<{ Params: { agency: string; id: string } }>('/:agency/mailbox/qa/:id', { config: { access: 'public' } }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    if (!/^\d{1,12}$/.test(req.params.id)) throw notFound('留言');
    const [settings, item] = await Promise.all([getSettings(db), service.publishedItem(db, agency.id, Number(req.params.id))]);
    return reply.page(
      QaItemPage({
        ctx: pageContext(req, reply),
        siteName: settings.siteName,
        agency,
        crumbs: [...crumbs(agency, '留言选登').slice(0, 2), { label: '留言选登', href: `/${agency.slug}/mailbox/qa` }, { label: item.subject }],
        item,
      }),
    );
  });

  // ---------------------------------------------------------------- tracking and rating

  const TRACK_LIMIT = { max: 30, timeWindow: '1 minute' };

  app.get('/mailbox/track', { config: { access: 'public' } }, async (req, reply) => {
    const settings = await getSettings(db);
    noStore(reply);
    return reply.page(TrackFormPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName }));
  });

  async function trackPage(req: FastifyRequest, reply: FastifyReply, code: string, failure?: AppError) {
    const settings = await getSettings(db);
    noStore(reply);
    const canonical = service.normaliseTrackingCode(code);
    const view = canonical ? await service.track(db, canonical) : null;
    if (!canonical || !view) {
      return reply.page(TrackFormPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, code, error: '查询码不正确，请核对后重新输入' }), 404);
    }
    return reply.page(TrackPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, code: canonical, view, errors: failure?.fields, message: failure?.message }), failure?.status ?? 200);
  }

  app.post('/mailbox/track', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) => trackPage(req, reply, formValues(req.body).code ?? ''));
  app.get<{ Params: { code: string } }>('/mailbox/track/:code', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) => trackPage(req, reply, req.params.code));

  app.post<{ Params: { code: string } }>('/mailbox/track/:code/rate', { config: { access: 'public', rateLimit: TRACK_LIMIT } }, async (req, reply) => {
    try {
      await service.rate(db, req.params.code, formValues(req.body));
      return redirectWithFlash(reply, `/mailbox/track/${encodeURIComponent(req.params.code)}`, '感谢您的评价');
    } catch (e) {
      const f = formError(e);
      if (!f) throw e;
      return trackPage(req, reply, req.params.code, f);
    }
  });

  // ---------------------------------------------------------------- 网站纠错

  app.get<{ Querystring: { url?: string } }>('/jiucuo', { config: { access: 'public' } }, async (req, reply) => {
    const settings = await getSettings(db);
    const c = challengeFor();
    noStore(reply);
    const url = typeof req.query.url === 'string' ? req.query.url.slice(0, 500) : '';
    return reply.page(
      SiteErrorPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, challenge: c.token, bits: c.bits, days: MAILBOX_KINDS.site_error.days, values: { pageUrl: url } }),
    );
  });

  app.post('/jiucuo', { config: { access: 'public', rateLimit: { max: 20, timeWindow: '10 minutes' } } }, async (req, reply) => {
    const settings = await getSettings(db);
    const values = formValues(req.body);
    noStore(reply);
    try {
      const r = await service.reportSiteError(db, values, {
        channel: 'web',
        ip: req.ip,
        secret,
        publicUrl: config.publicUrl,
        challenge: { token: values.challenge, solution: values.pow },
        honeypot: values.website,
      });
      return reply.page(
        ReceiptPage({
          ctx: pageContext(req, reply),
          siteName: settings.siteName,
          title: '纠错已提交',
          crumbs: [{ label: '网站纠错', href: '/jiucuo' }, { label: '纠错已提交' }],
          receipt: { id: r.id, trackingCode: r.trackingCode, kindLabel: '网站纠错信息', dueDate: r.dueDate, provisional: r.provisional, to: r.agency?.name ?? '网站管理单位' },
        }),
        201,
      );
    } catch (e) {
      const f = formError(e);
      if (!f) throw e;
      const c = challengeFor(values.challenge);
      const { website: _w, challenge: _c, pow: _p, ...kept } = values;
      return reply.page(
        SiteErrorPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, challenge: c.token, bits: c.bits, days: MAILBOX_KINDS.site_error.days, values: kept, errors: f.fields, message: f.message }),
        f.status,
      );
    }
  });
}
