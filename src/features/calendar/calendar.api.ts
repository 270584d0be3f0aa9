import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { CALENDAR_ORIGINS, HOLIDAYS } from './calendar.js';
import {
  addWorkdaysQueryDoc,
  countWorkdaysQueryDoc,
  parseAddWorkdaysQuery,
  parseCountWorkdaysQuery,
  withCalendarErrors,
} from './calendar.input.js';
import * as service from './calendar.service.js';
import { addWorkdays, countWorkdays } from './workdays.js';

const yearParam = z.object({ year: intField('年份').pipe(z.number().int().min(1901, '年份无效').max(2999, '年份无效')) });

/** The public JSON shape of a stored year. */
export function presentYear(y: service.StoredCalendarYear & { versions?: number }) {
  return {
    year: y.year,
    version: y.version,
    ...(y.versions !== undefined ? { versions: y.versions } : {}),
    holidays: y.holidays.map((h) => ({ ...h, label: [h.name, ...(h.combinedWith ?? [])].map((k) => HOLIDAYS[k].label).join('、') })),
    makeupWorkdays: y.makeupWorkdays,
    source: {
      noticeNumber: y.source.noticeNumber,
      noticeDate: y.source.noticeDate,
      title: y.source.title,
      origin: y.source.origin,
      originLabel: CALENDAR_ORIGINS[y.source.origin]?.label ?? y.source.origin,
      ...(y.source.amendments ? { amendments: y.source.amendments } : {}),
    },
    enteredBy: y.enteredBy.name,
    enteredAt: y.createdAt,
    note: y.note,
  };
}

const coverageShape = z.object({ firstYear: z.number().int(), lastYear: z.number().int() }).nullable().describe('已录入节假日安排的年份范围；没有时为 null');
const countedShape = {
  provisional: z.boolean(),
  holidaysSkipped: z.array(z.string()),
  provisionalHolidaysSkipped: z.array(z.string()).describe('holidaysSkipped 中仅按《全国年节及纪念日放假办法》推算、尚无通知确认的法定节假日'),
  makeupDaysCounted: z.array(z.string()),
  explain: z.array(z.string()),
  coverage: coverageShape,
};
const resultShape = z.object({ from: z.string(), days: z.number().int(), date: z.string(), ...countedShape });
const countShape = z.object({ from: z.string(), to: z.string(), count: z.number().int(), ...countedShape });

const noticeShape = { noticeNumber: z.string().nullable(), noticeDate: z.string().nullable(), title: z.string() };
const yearShape = z.object({
  year: z.number().int(),
  version: z.number().int(),
  versions: z.number().int().optional().describe('版本数（列表中）'),
  holidays: z.array(z.object({ name: z.enum(Object.keys(HOLIDAYS) as [string, ...string[]]), combinedWith: z.array(z.string()).optional(), start: z.string(), end: z.string(), label: z.string() })),
  makeupWorkdays: z.array(z.string()),
  source: z.object({
    ...noticeShape,
    origin: z.string(),
    originLabel: z.string(),
    amendments: z.array(z.object(noticeShape)).optional(),
  }),
  enteredBy: z.string(),
  enteredAt: z.string(),
  note: z.string(),
});
const computedDeadline = z.object({ deadline: z.string().nullable(), provisional: z.boolean() });
const savedShape = yearShape.extend({
  saved: z.boolean(),
  warnings: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() })),
  deadlineChanges: z.array(
    z.object({
      source: z.string(),
      sourceLabel: z.string(),
      entityType: z.string(),
      entityId: z.string(),
      agencyId: z.number().int().nullable(),
      label: z.string(),
      href: z.string().nullable(),
      kind: z.string(),
      before: computedDeadline,
      after: computedDeadline,
    }),
  ),
});

const yearBody = z.object({
  holidays: z.array(z.object({ name: z.enum(Object.keys(HOLIDAYS) as [string, ...string[]]), start: z.string(), end: z.string(), combinedWith: z.array(z.string()).optional() })),
  makeupWorkdays: z.array(z.string()),
  source: z.object({ noticeNumber: z.string().nullable(), noticeDate: z.string().nullable(), title: z.string() }),
  baseVersion: z.number().int().optional().describe('编辑所依据的版本号（新录入的年份为 0）；与当前版本不符时返回 STALE_EDIT'),
  note: z.string().optional(),
});

export async function calendarApiRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get(
    '/api/v1/calendar/add-workdays',
    {
      config: {
        access: 'public',
        doc: {
          summary: '计算起算日期之后第 N 个工作日（当日不计入）',
          description: '依据国务院办公厅公布的节假日安排（含调休上班日）。结果涉及尚未公布安排的年份时 provisional 为 true：该年按《全国年节及纪念日放假办法》规定的法定节假日放假、其余周一至周五为工作日推算，调休安排未定。',
          tags: ['工作日'],
          query: addWorkdaysQueryDoc,
          response: resultShape,
        },
      },
    },
    async (req) => {
      const q = parseAddWorkdaysQuery(req.query as Record<string, unknown>);
      const cal = await service.getCalendar(db);
      const r = withCalendarErrors(() => addWorkdays(cal, q.from, q.days));
      return { from: q.from, days: q.days, date: r.date, provisional: r.provisional, holidaysSkipped: r.holidaysSkipped, provisionalHolidaysSkipped: r.provisionalHolidaysSkipped, makeupDaysCounted: r.makeupDaysCounted, explain: r.explain, coverage: cal.coverage };
    },
  );

  app.get(
    '/api/v1/calendar/count-workdays',
    {
      config: {
        access: 'public',
        doc: {
          summary: '统计两个日期之间的工作日数（起算日不计入，截止日计入）',
          tags: ['工作日'],
          query: countWorkdaysQueryDoc,
          response: countShape,
        },
      },
    },
    async (req) => {
      const q = parseCountWorkdaysQuery(req.query as Record<string, unknown>);
      const cal = await service.getCalendar(db);
      const r = withCalendarErrors(() => countWorkdays(cal, q.from, q.to));
      return { from: q.from, to: q.to, count: r.count, provisional: r.provisional, holidaysSkipped: r.holidaysSkipped, provisionalHolidaysSkipped: r.provisionalHolidaysSkipped, makeupDaysCounted: r.makeupDaysCounted, explain: r.explain, coverage: cal.coverage };
    },
  );

  app.get(
    '/api/v1/calendar/years',
    { config: { access: 'public', doc: { summary: '已录入的节假日安排（各年份当前版本、来源通知）及覆盖范围', tags: ['工作日'], response: z.object({ coverage: coverageShape, items: z.array(yearShape) }) } } },
    async () => {
      const o = await service.listYears(db);
      return { coverage: o.coverage, items: o.years.map(presentYear) };
    },
  );

  app.get(
    '/api/v1/calendar/years/:year',
    { config: { access: 'public', doc: { summary: '某一年的节假日安排及其全部历史版本（新版本在前）', tags: ['工作日'], response: yearShape.extend({ versions: z.array(yearShape) }) } } },
    async (req) => {
      const { year } = parseInput(yearParam, req.params);
      const versions = await service.getYearVersions(db, year);
      if (!versions.length) throw new AppError('NOT_FOUND', `${year}年尚未录入节假日安排`);
      return { ...presentYear(versions[0]!), versions: versions.map(presentYear) };
    },
  );

  app.put(
    '/api/v1/calendar/years/:year',
    {
      config: {
        access: 'calendar.manage',
        doc: {
          summary: '录入或更新某一年的节假日安排（保存为新版本，旧版本保留；随后重新计算所有未结期限）',
          tags: ['工作日'],
          body: yearBody,
          response: savedShape,
        },
      },
    },
    async (req) => {
      const { year } = parseInput(yearParam, req.params);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.year !== undefined && body.year !== year) throw new AppError('VALIDATION_FAILED', '请求体中的年份与网址中的年份不一致', { year: '年份不一致' });
      const base = body.baseVersion;
      if (base !== undefined && (typeof base !== 'number' || !Number.isInteger(base))) throw new AppError('VALIDATION_FAILED', 'baseVersion 应为整数', { baseVersion: '应为整数' });
      const result = await service.saveYear(db, req.actor!, { ...body, year }, {
        origin: 'manual',
        note: typeof body.note === 'string' ? body.note : '',
        ...(typeof base === 'number' ? { baseVersions: { [year]: base } } : {}),
      });
      const current = (await service.getYearVersions(db, year))[0]!;
      return {
        ...presentYear(current),
        saved: result.saved.length > 0,
        warnings: result.warnings.map((w) => ({ code: w.code, field: service.fieldOf(w.path), message: w.message })),
        deadlineChanges: result.changes,
      };
    },
  );
}
