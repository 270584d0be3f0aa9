/**
 * Legacy import: the pure part. Files, folders and zip archives become a list of
 * pages (or reasons to skip), and each page becomes the fields of a draft through
 * the text domain's cleaner. No database here.
 */
import { createHash } from 'node:crypto';
import type { IsoDate } from '../../lib/dates.js';
import type { DisclosureCategory } from '../publications/categories.js';
import { bodyShapeProblem, sanitizeBody } from '../publications/publication.html.js';
import { LIMITS } from '../publications/publication.js';
import { escapeText } from '../text/html.js';
import { extractLegacyPage, type LegacyCategory } from '../text/legacy.js';
import { decodePage, ENCODINGS } from '../files/charset.js';
import { openZip, readEntry, ZipError } from '../files/zip.js';

export const IMPORT_LIMITS = {
  /** One page; larger files are skipped with a reason. */
  pageBytes: 5 * 1024 * 1024,
  /** Pages in one import. */
  pages: 10_000,
  /** Entries in one zip archive. */
  zipEntries: 20_000,
  /** Declared uncompressed size of one zip archive. */
  zipTotalBytes: 500 * 1024 * 1024,
} as const;

export const IMPORT_MODES = {
  draft: '导入为草稿（经审核后发布）',
  publish: '导入并按原发布日期发布',
} as const;
export type ImportMode = keyof typeof IMPORT_MODES;

export const IMPORT_OUTCOMES = {
  imported: '已导入为草稿',
  published: '已导入并发布',
  duplicate: '重复，已跳过',
  skipped: '已跳过',
  failed: '失败',
} as const;
export type ImportOutcome = keyof typeof IMPORT_OUTCOMES;

export const IMPORT_JOB_STATUSES = {
  queued: '等待开始',
  running: '正在导入',
  done: '已完成',
  failed: '未完成',
} as const;
export type ImportJobStatus = keyof typeof IMPORT_JOB_STATUSES;

/** One line of an import report. */
export interface ImportReportLine {
  name: string;
  outcome: ImportOutcome;
  reason: string;
  publicationId: number | null;
  title: string;
  warnings: string[];
}

/** Page kinds by extension; everything else in a folder or archive is skipped. */
export const PAGE_EXTENSIONS = ['html', 'htm', 'shtml', 'xhtml', 'txt'] as const;

/** A page to import (read when its turn comes, so large imports stay small in memory), or a file skipped with its reason. */
export type SourceItem = { kind: 'page'; name: string; load: () => Buffer } | { kind: 'skip'; name: string; reason: string };

const extensionOf = (name: string) => /\.([A-Za-z0-9]{1,6})$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** Whether a file name is a page we import (by extension), or why not. */
export function pageSkipReason(name: string, size: number): string | null {
  const base = name.split('/').pop() ?? name;
  if (base.startsWith('.') || name.includes('__MACOSX/')) return '系统或隐藏文件';
  if (!(PAGE_EXTENSIONS as readonly string[]).includes(extensionOf(name))) return '不是网页或文本文件（支持 .html、.htm、.shtml、.txt）';
  if (size > IMPORT_LIMITS.pageBytes) return `文件过大（${(size / 1048576).toFixed(1)} MB，单个页面最大 ${IMPORT_LIMITS.pageBytes / 1048576} MB）`;
  if (size === 0) return '空文件';
  return null;
}

export class ImportInputError extends Error {}

/**
 * The pages of a zip archive, in name order. The archive is refused whole
 * (ImportInputError with the reason) when it is unsafe: traversal paths, a zip
 * bomb (declared sizes over the limit, or an entry inflating beyond what it
 * declares), too many entries, corruption. Every page entry is inflated once
 * here, within its declared size, before any is imported, so a bad archive
 * imports nothing; pages are inflated again when their turn comes.
 */
export function pagesOfZip(bytes: Buffer, archiveName: string): SourceItem[] {
  const refuse = (err: unknown): never => {
    if (err instanceof ZipError) throw new ImportInputError(`${archiveName}：${err.message}，未导入其中任何内容`);
    throw err;
  };
  try {
    // The bounded reader: overlapping entries refused, the first pass inflates at most the
    // declared total within its deadline; later loads re-read single entries, each bounded
    // by its own declared size.
    const zip = openZip(bytes, { maxEntries: IMPORT_LIMITS.zipEntries, maxTotalBytes: IMPORT_LIMITS.zipTotalBytes, maxMillis: 20_000 });
    const entries = zip.entries
      .filter((e) => !e.directory)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }));
    const items: SourceItem[] = [];
    for (const e of entries) {
      const name = `${archiveName}/${e.name}`;
      const skip = pageSkipReason(e.name, e.size);
      if (skip) {
        items.push({ kind: 'skip', name, reason: skip });
        continue;
      }
      zip.read(e);
      items.push({ kind: 'page', name, load: () => readEntry(bytes, e) });
    }
    return items;
  } catch (err) {
    return refuse(err);
  }
}

/** Items from one uploaded file: a zip archive's pages, or the file itself as a page. Throws ImportInputError for an unsafe archive. */
export function itemsOfUpload(name: string, bytes: Buffer): SourceItem[] {
  const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (isZip || /\.zip$/i.test(name)) return pagesOfZip(bytes, name);
  const skip = pageSkipReason(name, bytes.length);
  return [skip ? { kind: 'skip', name, reason: skip } : { kind: 'page', name, load: () => bytes }];
}

/** Maps the cleaner's guess to the catalog's disclosure categories. */
export const CATEGORY_OF_LEGACY: Readonly<Record<LegacyCategory, DisclosureCategory>> = {
  annual_report: 'annual_report',
  budget: 'art20_07',
  procurement: 'art20_09',
  personnel: 'personnel',
  policy: 'art20_01',
  notice: 'notices',
  work_news: 'work_news',
  other: 'other',
};

/** What a page becomes: the draft's fields plus what the import needs to decide. */
export interface PreparedPage {
  title: string;
  summary: string;
  /** Sanitized HTML. */
  body: string;
  bodyText: string;
  documentNumber: string;
  category: DisclosureCategory;
  /** The original 发布日期, when the page shows one. */
  date: IsoDate | null;
  issuingAgency: string | null;
  contentHash: string;
  warnings: string[];
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The identity of a page for de-duplication: its title and text, whitespace-insensitive. */
export function contentHashOf(title: string, bodyText: string): string {
  return createHash('sha256').update(collapse(title)).update('\n').update(collapse(bodyText)).digest('hex');
}

const SUMMARY_CHARS = 120;

/** Decodes and cleans one page; a reason instead when it cannot become a draft. */
export function preparePage(name: string, bytes: Buffer): { ok: true; page: PreparedPage } | { ok: false; reason: string } {
  const decoded = decodePage(bytes);
  const controls = (decoded.text.slice(0, 4096).match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
  if (controls > 8) return { ok: false, reason: '不是文本文件（含有二进制内容）' };
  const legacy = extractLegacyPage(decoded.text, { fileName: name.split('/').pop() ?? name });
  const warnings = [...decoded.warnings, ...legacy.warnings];
  if (decoded.encoding !== 'utf-8') warnings.unshift(`原文件编码为 ${ENCODINGS[decoded.encoding]}，已转换`);
  let title = collapse(legacy.title);
  if (!title) return { ok: false, reason: '未找到标题，文件名也不是中文' };
  if (Array.from(title).length > LIMITS.title) {
    title = Array.from(title).slice(0, LIMITS.title).join('');
    warnings.push(`标题超过 ${LIMITS.title} 字，已截断`);
  }
  const shape = legacy.bodyFormat === 'html' ? bodyShapeProblem(legacy.body) : null;
  if (shape) return { ok: false, reason: shape };
  const html = legacy.bodyFormat === 'html' ? sanitizeBody(legacy.body) : legacy.body.split(/\n+/).filter((l) => l.trim()).map((l) => `<p>${escapeText(l.trim())}</p>`).join('');
  if (html.length > LIMITS.body) return { ok: false, reason: `正文过长（超过 ${LIMITS.body} 个字符）` };
  const text = collapse(legacy.bodyText);
  const summary = Array.from(text).slice(0, SUMMARY_CHARS).join('');
  if (summary) warnings.push('内容概述取自正文开头，请核对');
  let documentNumber = legacy.documentNumber ?? '';
  if (documentNumber.length > LIMITS.documentNumber) {
    warnings.push('文号过长，未导入文号');
    documentNumber = '';
  }
  return {
    ok: true,
    page: {
      title,
      summary,
      body: html,
      bodyText: legacy.bodyText,
      documentNumber,
      category: CATEGORY_OF_LEGACY[legacy.guessedCategory],
      date: legacy.date,
      issuingAgency: legacy.issuingAgency,
      contentHash: contentHashOf(title, legacy.bodyText),
      warnings,
    },
  };
}

/** 00:00 of a China date as an ISO instant (UTC+8, no daylight saving). */
export function chinaMidnight(date: IsoDate): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}
