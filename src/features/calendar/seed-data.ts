/**
 * Official arrangements 2008–2026, generated from chinese-days 1.5.7 by
 * seed/generate.ts and committed as JSON so runtime does not depend on the package.
 * The platform seeds its editable calendar table from these; 2027 onwards must be
 * entered by an admin from the State Council notice when it appears.
 */
import seed from './seed/official-years.json' with { type: 'json' };
import { type Calendar, type CalendarYear, buildCalendar } from './calendar.js';

/** The seeded years, oldest first. */
export const OFFICIAL_YEARS: readonly CalendarYear[] = Object.freeze(seed.years as CalendarYear[]);

/** Where the seed came from, for the admin screen. */
export const SEED_PACKAGE: string = seed.package;

let official: Calendar | undefined;

/** A calendar over the seeded years only (built once). The live calendar adds admin-entered years. */
export function officialCalendar(): Calendar {
  official ??= buildCalendar(OFFICIAL_YEARS);
  return official;
}
