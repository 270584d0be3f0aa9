/**
 * `gongkai calendar import FILE` and `gongkai calendar show [YEAR]`: the same
 * service and validation as the office, for administrators who prefer a file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { chinaDateOf, dayOfWeek, formatChineseDate, toDayNumber } from '../../lib/dates.js';
import { actorForUsername } from '../accounts/account.service.js';
import type { Actor } from '../access/roles.js';
import { type Calendar, CALENDAR_ORIGINS, HOLIDAYS } from './calendar.js';
import { CalendarFileError, formatYearText, parseCalendarFile } from './calendar-import.js';
import * as service from './calendar.service.js';
import { DEADLINE_CHANGE_KINDS } from './deadline-sources.js';
import { PROVISIONAL_NOTE, STATUTORY_FIRST_YEAR, STATUTORY_LAST_YEAR, STATUTORY_RULE, statutoryHolidays } from './statutory.js';

const WEEKDAYS = '日一二三四五六';

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

/**
 * What `calendar show YEAR` says about a year no notice has been entered for: not an
 * error, but the days its deadlines provisionally rest on.
 */
export function uncoveredYearText(year: number, coverage: Calendar['coverage']): string {
  const entered = coverage ? `（已录入${coverage.firstYear}年至${coverage.lastYear}年）` : '（尚未录入任何年份）';
  const lines = [`${year}年尚未录入国务院办公厅的节假日安排通知${entered}。`];
  const spans = statutoryHolidays(year);
  if (!spans) {
    lines.push(`涉及该年的期限暂按周一至周五为工作日计算，结果标为“临时”${year > STATUTORY_LAST_YEAR ? `（农历数据只到${STATUTORY_LAST_YEAR}年，无法推算法定节假日）` : ''}。`);
    return lines.join('\n');
  }
  lines.push(
    `涉及该年的期限暂按${STATUTORY_RULE.title}（${STATUTORY_RULE.amendment}修订）规定的法定节假日放假、其余周一至周五为工作日推算，结果标为“临时”：${PROVISIONAL_NOTE}。`,
  );
  const total = spans.reduce((n, h) => n + toDayNumber(h.end) - toDayNumber(h.start) + 1, 0);
  lines.push(`  暂定放假（法定节假日，共${total}天）：`);
  for (const h of spans) {
    const days = toDayNumber(h.end) - toDayNumber(h.start) + 1;
    const name = [h.name, ...(h.combinedWith ?? [])].map((k) => HOLIDAYS[k].label).join('、');
    const when = h.start === h.end ? `${h.start}（星期${WEEKDAYS[dayOfWeek(h.start)]}）` : `${h.start} 至 ${h.end}（星期${WEEKDAYS[dayOfWeek(h.start)]}至星期${WEEKDAYS[dayOfWeek(h.end)]}，共${days}天${h.name === 'spring_festival' ? '，除夕至正月初三' : ''}）`;
    lines.push(`    ${name.padEnd(6, '　')} ${when}`);
  }
  lines.push('  调休上班、补假：尚未公布');
  lines.push(`国务院办公厅公布${year}年安排后，请用 gongkai calendar import FILE 录入（格式见 docs/calendar-import.md），未结期限会随之重新计算。`);
  return lines.join('\n');
}

/** The text `calendar show` prints: one year (optionally a version, or as importable JSON), or the list of years. */
export async function showCalendar(db: Db, year?: number, opts: { json?: boolean; version?: number } = {}): Promise<string> {
  if (year === undefined) {
    const o = await service.listYears(db);
    const lines = [o.coverage ? `已录入${o.coverage.firstYear}年至${o.coverage.lastYear}年的节假日安排：` : '尚未录入任何节假日安排'];
    for (const y of o.years) {
      lines.push(`  ${y.year}  第${y.version}版  ${y.source.noticeNumber ?? '文号未知'}  ${y.source.noticeDate ?? '日期未知'}  ${CALENDAR_ORIGINS[y.source.origin]?.label ?? y.source.origin}`);
    }
    const next = o.coverage ? o.coverage.lastYear + 1 : null;
    lines.push(
      `${next ? `${next}年及以后` : '各年'}的期限暂按法定节假日和周一至周五推算，调休未定，结果标为“临时”（gongkai calendar show ${next ?? STATUTORY_FIRST_YEAR} 列出所用的法定节假日）。`,
    );
    return lines.join('\n');
  }
  const versions = await service.getYearVersions(db, year);
  if (versions.length === 0) {
    if (opts.version !== undefined || opts.json) {
      throw new AppError('NOT_FOUND', `${year}年尚未录入节假日安排，没有${opts.json ? '可导出的安排' : `第${opts.version}版`}`);
    }
    return uncoveredYearText(year, (await service.getCalendar(db)).coverage);
  }
  const y = opts.version === undefined ? versions[0] : versions.find((v) => v.version === opts.version);
  if (!y) {
    throw new AppError('NOT_FOUND', `${year}年节假日安排没有第${opts.version}版（现有：${versions.map((v) => `第${v.version}版`).reverse().join('、')}）`);
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
