import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { normaliseYearInput } from './calendar-import.js';
import * as service from './calendar.service.js';
import { CalendarYearForm, CalendarYearList, CalendarYearPage, type YearFormValues } from './views/CalendarOfficeViews.js';

const yearParam = z.object({ year: intField('年份').pipe(z.number().int().min(1901, '年份无效').max(2999, '年份无效')) });
const versionQuery = z.object({ version: intField('版本').optional() });

/** The form body as a year in `CalendarYear` shape; blank rows are dropped. */
export function yearFromForm(year: number, body: Record<string, string>): Record<string, unknown> {
  const rows = (prefix: string) => {
    const indices = new Set<number>();
    for (const k of Object.keys(body)) {
      const m = new RegExp(`^${prefix}\\.(\\d+)(?:\\.|$)`).exec(k);
      if (m && Number(m[1]) < 200) indices.add(Number(m[1]));
    }
    return [...indices].sort((a, b) => a - b);
  };
  const holidays = rows('holidays')
    .map((i) => ({
      name: (body[`holidays.${i}.name`] ?? '').trim(),
      start: (body[`holidays.${i}.start`] ?? '').trim(),
      end: (body[`holidays.${i}.end`] ?? '').trim(),
      combinedWith: (body[`holidays.${i}.combinedWith`] ?? '').trim(),
    }))
    .filter((h) => h.name || h.start || h.end)
    .map(({ combinedWith, ...h }) => (combinedWith ? { ...h, combinedWith: [combinedWith] } : h));
  const makeupWorkdays = rows('makeupWorkdays')
    .map((i) => (body[`makeupWorkdays.${i}`] ?? '').trim())
    .filter(Boolean);
  return {
    year,
    holidays,
    makeupWorkdays,
    source: {
      title: body['source.title'] ?? '',
      noticeNumber: body['source.noticeNumberUnknown'] ? null : (body['source.noticeNumber'] ?? ''),
      noticeDate: body['source.noticeDateUnknown'] ? null : (body['source.noticeDate'] ?? ''),
    },
  };
}

function formValuesOf(raw: unknown, baseVersion: number, note: string): YearFormValues {
  const y = raw as {
    year: number;
    holidays: { name: unknown; start: unknown; end: unknown; combinedWith?: unknown[] }[];
    makeupWorkdays: unknown[];
    source: { title: unknown; noticeNumber: unknown; noticeDate: unknown };
  };
  const str = (v: unknown) => (v == null ? '' : String(v));
  return {
    year: y.year,
    baseVersion,
    title: str(y.source.title),
    noticeNumber: y.source.noticeNumber === null ? null : str(y.source.noticeNumber),
    noticeDate: y.source.noticeDate === null ? null : str(y.source.noticeDate),
    holidays: y.holidays.map((h) => ({ name: str(h.name), start: str(h.start), end: str(h.end), combinedWith: str(h.combinedWith?.[0]) })),
    makeupWorkdays: y.makeupWorkdays.map(str),
    note,
  };
}

export async function calendarOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get('/office/calendar', { config: { access: 'calendar.manage' } }, async (req, reply) => {
    return reply.page(CalendarYearList({ ctx: pageContext(req, reply), overview: await service.listYears(db) }));
  });

  app.get('/office/calendar/:year', { config: { access: 'calendar.manage' } }, async (req, reply) => {
    const { year } = parseInput(yearParam, req.params);
    const { version } = parseInput(versionQuery, req.query);
    const versions = await service.getYearVersions(db, year);
    if (!versions.length) return reply.redirect(`/office/calendar/${year}/edit`, 303);
    const shown = version === undefined ? versions[0]! : await service.getYearVersion(db, year, version);
    return reply.page(
      CalendarYearPage({ ctx: pageContext(req, reply), cal: await service.getCalendar(db), year: shown, versions, isCurrent: shown.version === versions[0]!.version }),
    );
  });

  app.get('/office/calendar/:year/edit', { config: { access: 'calendar.manage' } }, async (req, reply) => {
    const { year } = parseInput(yearParam, req.params);
    const current = (await service.getYearVersions(db, year))[0] ?? null;
    const values: YearFormValues = current
      ? formValuesOf(current, current.version, '')
      : {
          year,
          baseVersion: 0,
          title: `国务院办公厅关于${year}年部分节假日安排的通知`,
          noticeNumber: '',
          noticeDate: '',
          holidays: [],
          makeupWorkdays: [],
          note: `录入${year}年通知`,
        };
    return reply.page(CalendarYearForm({ ctx: pageContext(req, reply), values, existing: current }));
  });

  app.post('/office/calendar/:year', { config: { access: 'calendar.manage' } }, async (req, reply) => {
    const { year } = parseInput(yearParam, req.params);
    const body = formValues(req.body);
    const raw = yearFromForm(year, body);
    const baseVersion = /^\d+$/.test(body.baseVersion ?? '') ? Number(body.baseVersion) : 0;
    const note = (body.note ?? '').trim();
    try {
      const result = await service.saveYear(db, req.actor!, raw, { origin: 'manual', note, baseVersions: { [year]: baseVersion } });
      const saved = result.saved[0];
      if (!saved) return redirectWithFlash(reply, `/office/calendar/${year}`, '内容与当前版本相同，未生成新版本');
      const moved = result.changes.length;
      return redirectWithFlash(
        reply,
        `/office/calendar/${year}?version=${saved.version}#changes-h`,
        `已保存${year}年节假日安排第${saved.version}版。${moved ? `${moved}项未结期限随之变动，见下方列表。` : '没有未结期限因此变动。'}`,
      );
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const current = (await service.getYearVersions(db, year))[0] ?? null;
      // Re-render in the order the service checked (spans sorted by date), so each error sits on its row.
      const values = formValuesOf(normaliseYearInput(raw, 'manual'), f.status === 409 ? (current?.version ?? 0) : baseVersion, note);
      return reply.page(CalendarYearForm({ ctx: pageContext(req, reply), values, existing: current, errors: f.errors, message: f.message }), f.status);
    }
  });
}
