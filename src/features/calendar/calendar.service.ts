import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { AppError, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import {
  type Calendar,
  type CalendarNotice,
  type CalendarOrigin,
  type CalendarProblem,
  type CalendarYear,
  type HolidaySpan,
  CALENDAR_ORIGINS,
  CalendarError,
  buildCalendar,
  validateCalendarYear,
} from './calendar.js';
import { normaliseYearInput } from './calendar-import.js';
import type { CalendarYearRow } from './calendar.table.js';
import * as repo from './calendar.repository.js';
import { type DeadlineChange, deadlineSourcesOf, recomputeOpenDeadlines } from './deadline-sources.js';
import { announce, nowOf } from '../../db/runtime.js';

/** A stored version of a year: the arrangement plus who entered it, when, and what it moved. */
export interface StoredCalendarYear extends CalendarYear {
  version: number;
  note: string;
  enteredBy: { userId: number | null; name: string };
  createdAt: string;
  deadlinesChanged: number;
  /** The first `MAX_STORED_CHANGES` changes; the audit log has them all. */
  deadlineChanges: DeadlineChange[];
}

/** How many deadline changes a version keeps for its "which deadlines moved" page. */
export const MAX_STORED_CHANGES = 500;

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  return JSON.parse(text) as T;
}

export function rowToYear(row: CalendarYearRow): StoredCalendarYear {
  const amendments = parseJson<CalendarNotice[] | null>(row.amendments, null);
  return {
    year: row.year,
    holidays: parseJson<HolidaySpan[]>(row.holidays, []),
    makeupWorkdays: parseJson<string[]>(row.makeupWorkdays, []),
    source: {
      noticeNumber: row.noticeNumber,
      noticeDate: row.noticeDate,
      title: row.title,
      origin: row.origin as CalendarOrigin,
      ...(amendments && amendments.length ? { amendments } : {}),
    },
    version: row.version,
    note: row.note,
    enteredBy: { userId: row.enteredByUserId, name: row.enteredByName },
    createdAt: row.createdAt,
    deadlinesChanged: row.deadlinesChanged,
    deadlineChanges: parseJson<DeadlineChange[]>(row.deadlineChanges, []),
  };
}

/** The arrangement alone, for building a calendar and comparing versions. */
function arrangement(y: CalendarYear): CalendarYear {
  return { year: y.year, holidays: y.holidays, makeupWorkdays: y.makeupWorkdays, source: y.source };
}

function sameContent(a: CalendarYear, b: CalendarYear): boolean {
  const key = (y: CalendarYear) =>
    JSON.stringify({
      h: y.holidays.map((h) => [h.name, h.combinedWith ?? [], h.start, h.end]),
      m: y.makeupWorkdays,
      n: [y.source.noticeNumber, y.source.noticeDate, y.source.title, y.source.amendments ?? []],
    });
  return key(a) === key(b);
}

// ---------------------------------------------------------------- the live calendar

/** How long a process trusts its cached calendar before asking the database for the revision. */
export const REVISION_CHECK_MS = 3000;

interface CacheEntry {
  revision: number;
  calendar: Calendar;
  checkedAt: number;
}
const cache = new WeakMap<object, CacheEntry>();
/** Handles on the same connections (another clock, say) share one cache. */
const cacheKey = (db: Db): object => db.getExecutor().adapter;

async function loadCalendar(db: DbOrTrx): Promise<Calendar> {
  const rows = await repo.listCurrentYears(db);
  try {
    return buildCalendar(rows.map((r) => arrangement(rowToYear(r))));
  } catch (e) {
    // Saves check the whole calendar first, so stored data that does not build is a bug.
    if (e instanceof CalendarError) throw new AppError('INTERNAL', `节假日数据有误：${e.message}`);
    throw e;
  }
}

/**
 * The live calendar: the current version of every stored year. Cached per database
 * (all handles on one connection pool share it); a save in this process replaces the cache at once, and a save in another
 * process is noticed within `REVISION_CHECK_MS` through the revision counter.
 */
export async function getCalendar(db: Db): Promise<Calendar> {
  const hit = cache.get(cacheKey(db));
  const now = Date.now();
  if (hit && now - hit.checkedAt < REVISION_CHECK_MS) return hit.calendar;
  const revision = await repo.readRevision(db);
  if (hit && hit.revision === revision) {
    hit.checkedAt = now;
    return hit.calendar;
  }
  const calendar = await loadCalendar(db);
  cache.set(cacheKey(db), { revision, calendar, checkedAt: now });
  return calendar;
}

/** Forgets the cached calendar of `db` (tests; an operator's manual database edit). */
export function invalidateCalendarCache(db: Db): void {
  cache.delete(cacheKey(db));
}

// ---------------------------------------------------------------- reading

export interface YearSummary extends StoredCalendarYear {
  versions: number;
}

export interface CalendarOverview {
  coverage: Calendar['coverage'];
  years: YearSummary[];
}

export async function listYears(db: Db): Promise<CalendarOverview> {
  const [rows, counts, calendar] = await Promise.all([repo.listCurrentYears(db), repo.countVersionsByYear(db), getCalendar(db)]);
  const versions = new Map(counts.map((c) => [c.year, Number(c.versions)]));
  return {
    coverage: calendar.coverage,
    years: rows.map((r) => ({ ...rowToYear(r), versions: versions.get(r.year) ?? 1 })),
  };
}

/** Every version of a year, newest first; empty when the year was never entered. */
export async function getYearVersions(db: Db, year: number): Promise<StoredCalendarYear[]> {
  return (await repo.listYearVersions(db, year)).map(rowToYear);
}

export async function getYearVersion(db: Db, year: number, version: number): Promise<StoredCalendarYear> {
  const row = await repo.findYearVersion(db, year, version);
  if (!row) throw notFound(`${year}年节假日安排第${version}版`);
  return rowToYear(row);
}

// ---------------------------------------------------------------- saving

/** `holidays[2].end` → `holidays.2.end`: the field names forms and API errors use. */
export function fieldOf(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '') || '_';
}

function addField(fields: FieldErrors, key: string, message: string) {
  fields[key] = fields[key] ? `${fields[key]}；${message}` : message;
}

/** Where a whole-calendar problem (from `buildCalendar`) belongs on the form. */
function fieldForCalendarProblem(p: CalendarProblem): string {
  if (p.code === 'SPANS_OVERLAP') return 'holidays';
  if (p.code === 'DUPLICATE_DATE' || p.code === 'HOLIDAY_IS_MAKEUP') return 'makeupWorkdays';
  return 'year';
}

export interface SaveOptions {
  origin: Extract<CalendarOrigin, 'manual' | 'import'>;
  /** Why this version is entered (shown in the history). */
  note?: string;
  /** year → the version the editor started from (0 for a new year); a mismatch is a stale edit. */
  baseVersions?: Record<number, number>;
}

export interface SaveResult {
  saved: { year: number; version: number }[];
  /** Years whose content equalled the current version: nothing was written for them. */
  unchanged: number[];
  changes: DeadlineChange[];
  /** Warnings of the saved years (unknown notice number, unusually long span, …). */
  warnings: CalendarProblem[];
}

/**
 * Saves one or more years as new versions (in one transaction), after checking each
 * year on its own and the whole calendar together (contiguous years, no date claimed
 * by two notices). Every open deadline is then recomputed and each change audited.
 * On any error nothing is written and the stored calendar is unchanged.
 */
export async function saveYears(db: Db, actor: Actor, raws: readonly unknown[], opts: SaveOptions): Promise<SaveResult> {
  authorize(actor, 'calendar.manage');
  if (raws.length === 0) throw validationError({ _: '没有要保存的年度安排' }, '没有要保存的年度安排');
  const many = raws.length > 1;
  const fields: FieldErrors = {};
  const inputs = raws.map((r) => normaliseYearInput(r, opts.origin));
  const warnings: CalendarProblem[] = [];
  inputs.forEach((input, i) => {
    const y = (input as { year?: unknown } | null)?.year;
    const prefix = many ? `years.${i}.` : '';
    const who = many ? `${typeof y === 'number' ? `${y}年` : `第${i + 1}个年度`}：` : '';
    for (const p of validateCalendarYear(input)) {
      if (p.severity === 'error') addField(fields, prefix + fieldOf(p.path), who + p.message);
      else warnings.push({ ...p, message: who + p.message });
    }
  });
  const years = inputs as CalendarYear[];
  const seen = new Set<number>();
  years.forEach((y, i) => {
    if (typeof y?.year !== 'number') return;
    if (seen.has(y.year)) addField(fields, many ? `years.${i}.year` : 'year', `${y.year}年在文件中出现了不止一次`);
    seen.add(y.year);
  });
  if (Object.keys(fields).length) {
    const first = Object.values(fields)[0]!;
    throw validationError(fields, Object.keys(fields).length === 1 ? first : `节假日安排有${Object.keys(fields).length}处问题，未保存：${first}`);
  }

  const result = await inTransaction(db, async (trx) => {
    const revision = await repo.lockRevision(trx);
    const currentRows = await repo.listCurrentYears(trx);
    const current = new Map(currentRows.map((r) => [r.year, rowToYear(r)]));
    for (const y of years) {
      const base = opts.baseVersions?.[y.year];
      if (base !== undefined && base !== (current.get(y.year)?.version ?? 0)) throw staleEdit();
    }
    const changed = years.filter((y) => {
      const cur = current.get(y.year);
      return !cur || !sameContent(cur, y);
    });
    const unchanged = years.filter((y) => !changed.includes(y)).map((y) => y.year);
    if (changed.length === 0) return { saved: [], unchanged, changes: [] as DeadlineChange[], after: null };

    const before = buildCalendar(currentRows.map((r) => arrangement(rowToYear(r))));
    const next = new Map([...current].map(([k, v]) => [k, arrangement(v)]));
    for (const y of changed) next.set(y.year, arrangement(y));
    let after: Calendar;
    try {
      after = buildCalendar([...next.values()]);
    } catch (e) {
      if (!(e instanceof CalendarError)) throw e;
      const problems: FieldErrors = {};
      for (const p of e.problems) addField(problems, fieldForCalendarProblem(p), p.message);
      throw validationError(problems, `与已保存的其他年份冲突，未保存：${e.problems[0]?.message ?? e.message}`);
    }

    const now = nowOf(db);
    const versions = changed.map((y) => ({ year: y.year, version: (current.get(y.year)?.version ?? 0) + 1 }));
    const label = versions.map((v) => `${v.year}年（第${v.version}版）`).join('、');
    for (const [i, y] of changed.entries()) {
      const prev = current.get(y.year);
      await audit.record(trx, actor, {
        action: prev ? 'calendar.year_update' : 'calendar.year_create',
        entityType: 'calendar_year',
        entityId: y.year,
        summary: `${prev ? '更新' : '录入'}${y.year}年节假日安排（第${versions[i]!.version}版，${CALENDAR_ORIGINS[opts.origin].label}）：${y.source.title}`,
        ...(prev ? { before: { version: prev.version, ...arrangement(prev) } } : {}),
        after: { version: versions[i]!.version, ...y },
      });
    }
    const changes = await recomputeOpenDeadlines(trx, deadlineSourcesOf(trx), before, after, actor, `${label}节假日安排变更`);
    for (const [i, y] of changed.entries()) {
      await repo.insertYearVersion(trx, {
        year: y.year,
        version: versions[i]!.version,
        holidays: JSON.stringify(y.holidays),
        makeupWorkdays: JSON.stringify(y.makeupWorkdays),
        noticeNumber: y.source.noticeNumber,
        noticeDate: y.source.noticeDate,
        title: y.source.title,
        origin: opts.origin,
        amendments: y.source.amendments?.length ? JSON.stringify(y.source.amendments) : null,
        note: (opts.note ?? '').trim().slice(0, 500),
        enteredByUserId: actor.userId,
        enteredByName: actor.userId ? `${actor.displayName}（${actor.username}）` : actor.displayName,
        createdAt: now,
        deadlinesChanged: changes.length,
        deadlineChanges: changes.length ? JSON.stringify(changes.slice(0, MAX_STORED_CHANGES)) : null,
      });
    }
    await repo.bumpRevision(trx, now);
    // Portal pages may show deadlines or the calendar.
    await announce(trx, { entity: 'calendar', id: changed.map((y) => y.year).join(','), agencyId: null, action: 'calendar.save', public: true });
    return { saved: versions, unchanged, changes, after: { calendar: after, revision: revision + 1 } };
  });
  if (result.after) {
    cache.set(cacheKey(db), { ...result.after, checkedAt: Date.now() });
  }
  const { saved, unchanged, changes } = result;
  return { saved, unchanged, changes, warnings: saved.length ? warnings : [] };
}

/** Saves one year (the office form and the API). */
export function saveYear(db: Db, actor: Actor, raw: unknown, opts: SaveOptions): Promise<SaveResult> {
  return saveYears(db, actor, [raw], opts);
}
