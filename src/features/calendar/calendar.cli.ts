/**
 * `gongkai calendar import FILE` and `gongkai calendar show [YEAR]`: the same
 * service and validation as the office, for administrators who prefer a file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { chinaDateOf, formatChineseDate } from '../../lib/dates.js';
import { actorForUsername } from '../accounts/account.service.js';
import type { Actor } from '../access/roles.js';
import { CALENDAR_ORIGINS } from './calendar.js';
import { CalendarFileError, formatYearText, parseCalendarFile } from './calendar-import.js';
import * as service from './calendar.service.js';
import { DEADLINE_CHANGE_KINDS } from './deadline-sources.js';

/** Who an import is recorded as: the named user, or the operator at the command line. */
export async function cliActor(db: Db, username?: string): Promise<Actor> {
  if (username) {
    const actor = await actorForUsername(db, username, 'cli');
    if (!actor) throw notFound(`用户 ${username}`);
    return actor;
  }
  let who = 'unknown';
  try {
    who = os.userInfo().username;
  } catch {
    // No passwd entry (containers): keep 'unknown'.
  }
  return { userId: null, username: 'cli', displayName: `命令行（${who}）`, platformAdmin: true, memberships: [], via: 'cli' };
}

/** Imports a JSON or CSV file; returns the lines to print. Throws AppError with a message per problem. */
export async function importCalendarFile(db: Db, file: string, opts: { user?: string; note?: string } = {}): Promise<string[]> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `无法读取文件 ${file}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let years: Record<string, unknown>[];
  try {
    years = parseCalendarFile(text, file);
  } catch (e) {
    if (e instanceof CalendarFileError) throw new AppError('VALIDATION_FAILED', `文件格式不正确：${e.message}（格式说明见 docs/calendar-import.md）`);
    throw e;
  }
  const actor = await cliActor(db, opts.user);
  const result = await service.saveYears(db, actor, years, { origin: 'import', note: opts.note ?? `从文件 ${path.basename(file)} 导入` });
  const out: string[] = [];
  for (const s of result.saved) out.push(`已导入${s.year}年节假日安排（第${s.version}版）`);
  for (const y of result.unchanged) out.push(`${y}年的内容与当前版本相同，未生成新版本`);
  for (const w of result.warnings) out.push(`提醒：${w.message}`);
  if (result.saved.length) {
    out.push(result.changes.length ? `${result.changes.length}项未结期限随之变动：` : '没有未结期限因此变动');
    for (const c of result.changes.slice(0, 50)) {
      const fmt = (d: { deadline: string | null; provisional: boolean }) => (d.deadline ? `${d.deadline}${d.provisional ? '（临时）' : ''}` : '无');
      out.push(`  ${c.sourceLabel} ${c.entityType}#${c.entityId}“${c.label}”：${fmt(c.before)} → ${fmt(c.after)}（${DEADLINE_CHANGE_KINDS[c.kind].label}）`);
    }
    if (result.changes.length > 50) out.push(`  ……其余${result.changes.length - 50}项见审计日志（calendar.deadline_moved）`);
  }
  return out;
}

/** The text `calendar show` prints: one year (optionally a version, or as importable JSON), or the list of years. */
export async function showCalendar(db: Db, year?: number, opts: { json?: boolean; version?: number } = {}): Promise<string> {
  if (year === undefined) {
    const o = await service.listYears(db);
    const lines = [o.coverage ? `已录入${o.coverage.firstYear}年至${o.coverage.lastYear}年的节假日安排：` : '尚未录入任何节假日安排'];
    for (const y of o.years) {
      lines.push(`  ${y.year}  第${y.version}版  ${y.source.noticeNumber ?? '文号未知'}  ${y.source.noticeDate ?? '日期未知'}  ${CALENDAR_ORIGINS[y.source.origin]?.label ?? y.source.origin}`);
    }
    return lines.join('\n');
  }
  const versions = await service.getYearVersions(db, year);
  const y = opts.version === undefined ? versions[0] : versions.find((v) => v.version === opts.version);
  if (!y) {
    const cal = await service.getCalendar(db);
    const cover = cal.coverage ? `（已录入${cal.coverage.firstYear}年至${cal.coverage.lastYear}年）` : '';
    throw notFound(`${year}年节假日安排${opts.version ? `第${opts.version}版` : ''}${cover}；涉及该年的期限按周一至周五临时计算`);
  }
  if (opts.json) {
    const { amendments, ...notice } = y.source;
    return JSON.stringify(
      { year: y.year, holidays: y.holidays, makeupWorkdays: y.makeupWorkdays, source: { noticeNumber: notice.noticeNumber, noticeDate: notice.noticeDate, title: notice.title, ...(amendments ? { amendments } : {}) } },
      null,
      2,
    );
  }
  const text = formatYearText(y, { version: y.version, enteredBy: y.enteredBy.name, createdAt: y.createdAt, note: y.note });
  const history = versions.length > 1 ? `\n  历史版本：${versions.map((v) => `第${v.version}版（${formatChineseDate(chinaDateOf(new Date(v.createdAt)))}，${v.enteredBy.name}）`).join('；')}` : '';
  return `${text}${history}\n  来源：${CALENDAR_ORIGINS[y.source.origin]?.label ?? y.source.origin}`;
}
