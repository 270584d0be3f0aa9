/**
 * Bulletin notices (公示栏) of a consultation and of a hearing, beside their pages:
 *
 *   /{agency}/hdcy/yjzj/{id}/bulletin(.pdf)   the consultation: draft, 说明, how to comment, feedback once published
 *   /{agency}/hdcy/tzh/{id}/bulletin(.pdf)    the hearing: time, place, draft, 遴选办法, participants
 *
 * Drafts and unpublished hearings have none (404). Unless the request names dates,
 * a consultation's notice is posted until its comments close, a hearing's until the
 * hearing; one whose date has passed falls back to the default period.
 */
import type { FastifyInstance } from 'fastify';
import { todayOf } from '../../db/runtime.js';
import { notFound } from '../../errors.js';
import { compareDates, type IsoDate } from '../../lib/dates.js';
import { chineseDate } from '../bulletin/bulletin.js';
import { bulletinRoutes, type BulletinSource } from '../bulletin/bulletin.http.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { CONSULTATION_KINDS, describePeriod, type ConsultationKind } from './participation.js';
import { getPublicConsultation, getPublicHearing, type PublicConsultation, type PublicHearing } from './participation.service.js';
import { consultationUrl, hearingUrl } from './views/ParticipationPortalViews.js';

type Agency = { name: string; supervisionPhone: string };

const paras = (text: string) => text.split(/\n+/).map((s) => s.trim()).filter(Boolean);
const day = (d: string | null) => (d ? chineseDate(d) : '—');
/** Posted from today until `end`, if `end` is still ahead. */
const until = (end: string | null, today: IsoDate) => (end && compareDates(end, today) >= 0 ? { from: today, to: end } : null);

export function consultationBulletin(c: PublicConsultation, agency: Agency, publicUrl: string, today: IsoDate): Omit<BulletinSource, 'fileName'> {
  const r = c.row;
  const kind = CONSULTATION_KINDS[r.kind as ConsultationKind]?.label ?? r.kind;
  const pagePath = consultationUrl(c.agency.slug, r.id);
  const ended = c.phase === 'ended';
  const sections: BulletinSource['notice']['sections'] = [
    {
      heading: '征集事项',
      paragraphs: [
        `类别：${kind}${r.marketRelated ? '（涉及市场主体）' : ''}`,
        `征集期：${day(r.startDate)}至${day(r.endDate)}${ended ? '（已截止）' : ''}`,
        ...(c.period?.short ? [`本次征集期少于${describePeriod(c.period.minimum)}，理由：${r.shortReason}`] : []),
      ],
    },
    ...(r.feedbackPublishedAt
      ? [
          {
            heading: '意见采纳情况',
            paragraphs: [`共收到意见 ${r.feedbackReceived} 条，其中采纳 ${r.feedbackAdopted} 条，部分采纳 ${r.feedbackPartly} 条，未采纳 ${r.feedbackNotAdopted} 条。`, ...paras(r.feedbackText)],
          },
        ]
      : []),
    ...(r.explanation.trim() ? [{ heading: '起草说明', paragraphs: paras(r.explanation) }] : []),
    ...c.sections.map((s) => ({ heading: s.heading, paragraphs: paras(s.body) })),
    ...(ended ? [] : [{ heading: '意见反馈方式', paragraphs: [...paras(r.commentMethod), '也可扫描下方二维码，在网上查看草案全文并提交意见，无需注册。'] }]),
  ];
  return {
    notice: { title: r.title, subtitle: `${kind}草案公开征求意见`, sections, pageUrl: publicUrl + pagePath, agency },
    pagePath,
    posting: ended ? null : until(r.endDate, today),
  };
}

export function hearingBulletin(h: PublicHearing, agency: Agency, publicUrl: string, today: IsoDate): Omit<BulletinSource, 'fileName'> {
  const r = h.row;
  const pagePath = hearingUrl(h.agency.slug, r.id);
  const sections: BulletinSource['notice']['sections'] = [
    { heading: '时间和地点', paragraphs: [`时间：${day(r.hearingDate)} ${r.hearingTime}`.trim(), `地点：${r.place || '另行通知'}`, `组织机关：${h.agency.name}`] },
    { heading: '听证事项（草案及说明）', paragraphs: paras(r.draft) },
    { heading: '听证参加人遴选办法', paragraphs: paras(r.selectionMethod) },
    { heading: '听证参加人名单', paragraphs: h.participants.length ? [h.participants.join('、')] : ['名单将另行公布。'] },
  ];
  return {
    notice: { title: r.title, subtitle: '听证会公告', sections, pageUrl: publicUrl + pagePath, agency },
    pagePath,
    posting: until(r.hearingDate, today),
  };
}

export async function participationBulletinRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  bulletinRoutes<{ agency: string; id: string }>(app, {
    page: '/:agency/hdcy/yjzj/:id',
    what: '意见征集',
    async load(req, reply) {
      if (!/^\d{1,9}$/.test(req.params.id)) throw notFound('意见征集');
      const agency = await agencyForRequest(db, req, reply, req.params.agency);
      if (!agency) return null;
      const c = await getPublicConsultation(db, Number(req.params.id), agency.id);
      return { ...consultationBulletin(c, agency, config.publicUrl, todayOf(db)), fileName: c.row.title.slice(0, 60) };
    },
  });
  bulletinRoutes<{ agency: string; id: string }>(app, {
    page: '/:agency/hdcy/tzh/:id',
    what: '听证会',
    async load(req, reply) {
      if (!/^\d{1,9}$/.test(req.params.id)) throw notFound('听证会');
      const agency = await agencyForRequest(db, req, reply, req.params.agency);
      if (!agency) return null;
      const h = await getPublicHearing(db, Number(req.params.id), agency.id);
      return { ...hearingBulletin(h, agency, config.publicUrl, todayOf(db)), fileName: h.row.title.slice(0, 60) };
    },
  });
}
