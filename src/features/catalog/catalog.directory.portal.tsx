/**
 * The public 政府信息公开目录 (Art. 12) under an agency's disclosure section:
 *
 *   /{agency}/zfxxgk/ml              the years, each with its page and files
 *   /{agency}/zfxxgk/ml/{year}       the year's 目录, printable
 *   /{agency}/zfxxgk/ml/{year}.csv   the same rows, CSV (UTF-8 with BOM)
 *   /{agency}/zfxxgk/ml/{year}.xlsx  the same rows, XLSX
 *
 * A year is a 发布 year in China time, from 2008 (the first Regulation) to this
 * year; a year without items answers an empty 目录, a year outside that range 404.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import { notFound } from '../../errors.js';
import { pageContext } from '../../web/core.js';
import type { AgencyWithDepartments } from '../agencies/agency.service.js';
import { contentDisposition } from '../files/files.js';
import { directoryOfYear, firstPublishedAtOf } from '../publications/publication.query.js';
import { getSettings } from '../settings/settings.js';
import { directoryCsv, directoryRows, directoryTitle, directoryXlsx, FIRST_DIRECTORY_YEAR } from './catalog.directory.js';
import { getTree } from './catalog.service.js';
import { DirectoryPage, DirectoryYearsPage } from './views/DirectoryPage.js';
import { pubDay } from './views/parts.js';

/** This year back to the agency's first publication (at least this year), newest first. */
async function yearsOf(db: Db, agencyId: number): Promise<number[]> {
  const thisYear = Number(todayOf(db).slice(0, 4));
  const first = await firstPublishedAtOf(db, agencyId);
  const from = Math.max(FIRST_DIRECTORY_YEAR, Math.min(thisYear, first ? Number(pubDay(first).slice(0, 4)) : thisYear));
  const years: number[] = [];
  for (let y = thisYear; y >= from; y--) years.push(y);
  return years;
}

/** Answers a path under `/{agency}/zfxxgk/ml`; `rest` is what follows `ml` (no segments, or one). */
export async function serveDirectory(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  agency: AgencyWithDepartments,
  rest: string[],
  publicUrl: string,
) {
  if (rest.length > 1) throw notFound('目录');
  const [settings, tree, years] = await Promise.all([getSettings(db), getTree(db, agency.id), yearsOf(db, agency.id)]);
  const ctx = () => pageContext(req, reply);
  if (rest.length === 0) return reply.page(DirectoryYearsPage({ ctx: ctx(), settings, agency, tree, years }));
  const m = /^(\d{4})(?:\.(csv|xlsx))?$/.exec(rest[0]!);
  const year = Number(m?.[1]);
  const thisYear = Number(todayOf(db).slice(0, 4));
  if (!m || year < FIRST_DIRECTORY_YEAR || year > thisYear) throw notFound('目录');
  const rows = directoryRows(await directoryOfYear(db, agency.id, year), publicUrl);
  const title = directoryTitle(agency.name, year);
  if (m[2] === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', contentDisposition(`${title}.csv`)).send(directoryCsv(rows));
  }
  if (m[2] === 'xlsx') {
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', contentDisposition(`${title}.xlsx`))
      .send(await directoryXlsx(title, rows));
  }
  return reply.page(DirectoryPage({ ctx: ctx(), settings, agency, tree, year, years: years.includes(year) ? years : [...years, year].sort((a, b) => b - a), rows }));
}
