import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * One version of one year's arrangement. Rows are only ever inserted: a year's
 * current arrangement is its highest `version`, earlier ones stay as history.
 */
export interface CalendarYearTable {
  id: Generated<number>;
  year: number;
  version: number;
  /** JSON of `HolidaySpan[]`. */
  holidays: string;
  /** JSON of the make-up working days, `YYYY-MM-DD[]`. */
  makeupWorkdays: string;
  noticeNumber: string | null;
  noticeDate: string | null;
  title: string;
  /** A key of `CALENDAR_ORIGINS`. */
  origin: string;
  /** JSON of `CalendarNotice[]`, or null. */
  amendments: string | null;
  /** Why this version was entered, in the administrator's words. */
  note: Generated<string>;
  enteredByUserId: number | null;
  enteredByName: string;
  createdAt: string;
  /** How many open deadlines saving this version changed. */
  deadlinesChanged: Generated<number>;
  /** JSON of the first `DeadlineChange`s (capped), for the "which deadlines moved" page. */
  deadlineChanges: string | null;
}

/** One row (id 1): bumped by every save so a process can tell its cached calendar is stale. */
export interface CalendarRevisionTable {
  id: number;
  revision: number;
  updatedAt: string;
}

export type CalendarYearRow = Selectable<CalendarYearTable>;
export type NewCalendarYearRow = Insertable<CalendarYearTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface CalendarTables {
  calendarYears: CalendarYearTable;
  calendarRevision: CalendarRevisionTable;
}
