/**
 * Where "now" comes from. Services never read the wall clock themselves: they
 * ask the clock their database handle carries (`clockOf(db)`, src/db/runtime.ts),
 * which the platform sets to the system clock and a test, the demo or a
 * benchmark sets to whatever day it is about. So a rule that depends on today
 * (a scheduled time must lie ahead, a deadline is overdue) is tested on a fixed
 * day and passes next year too.
 *
 * Operational timers (cache ages, rate limits, a stalled job's heartbeat) are
 * not legal time and keep using the process clock.
 */
import { chinaDateOf, type IsoDate } from './dates.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers the same instant. */
export function fixedClock(at: Date | string): Clock {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new Error(`fixedClock: not an instant: ${String(at)}`);
  return { now: () => new Date(ms) };
}

/**
 * A clock that runs from `at` as real time passes: for the demo and tests that
 * need a given day but still want later events to come after earlier ones.
 */
export function clockFrom(at: Date | string): Clock {
  const start = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(start)) throw new Error(`clockFrom: not an instant: ${String(at)}`);
  const origin = Date.now();
  return { now: () => new Date(start + (Date.now() - origin)) };
}

/** The instant `hh:mm` China time on a China calendar date, e.g. the working morning of a demo day. */
export function chinaInstant(date: IsoDate, time = '09:00'): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

/** Today's date in China by this clock. */
export const todayBy = (clock: Clock): IsoDate => chinaDateOf(clock.now());

/** Now by this clock as stored in the database (ISO 8601 UTC with milliseconds). */
export const instantBy = (clock: Clock): string => clock.now().toISOString();
