/**
 * The 政府信息公开目录 entry of an item (Art. 12: 索引、名称、内容概述、生成日期), as
 * pure rules. The portal's list rows, the item page, the public API and the 目录
 * exports all take these two fields from here, so they cannot disagree.
 */
import { chinaDateOf, isIsoDate } from '../../lib/dates.js';
import { bodyText } from './publication.html.js';

/** Characters of body text that stand in for a missing 内容概述. */
export const SUMMARY_EXCERPT_CHARS = 80;

/**
 * How much of the stored body HTML a list query reads for an item without a
 * 内容概述: enough markup around the first 80 characters of text, without
 * reading a long body whole for every row.
 */
export const BODY_HEAD_CHARS = 4000;

/**
 * The 内容概述 the 目录 shows. The office writes one (it is required to submit), but
 * items recorded without one (old pages, fixtures) would leave a blank cell where
 * the Regulation asks for a summary: they show the start of the body text instead,
 * marked `fromBody` so the office can be told to write a real one.
 */
export function catalogSummary(summary: string, bodyHtmlHead: string): { text: string; fromBody: boolean } {
  const written = summary.replace(/\s+/g, ' ').trim();
  if (written) return { text: written, fromBody: false };
  // The head may end inside a tag; that fragment is not text.
  const text = bodyText(bodyHtmlHead.replace(/<[^>]*$/, '')).replace(/\s+/g, ' ').trim();
  if (!text) return { text: '', fromBody: false };
  const chars = Array.from(text);
  return { text: chars.length > SUMMARY_EXCERPT_CHARS ? `${chars.slice(0, SUMMARY_EXCERPT_CHARS).join('')}…` : text, fromBody: true };
}

/**
 * 生成日期: the day the information came into being. For a document that is its
 * 成文日期; without one, the 形成或变更日期 the Art. 26 clock counts from; without
 * either, the day it was first published (China time), which is also what the
 * publishing path records as 成文日期 when none was given.
 */
export function generatedDate(p: { writtenDate: string | null | undefined; formedDate?: string | null | undefined; publishedAt: string | null | undefined }): string {
  if (p.writtenDate && isIsoDate(p.writtenDate)) return p.writtenDate;
  if (p.formedDate && isIsoDate(p.formedDate)) return p.formedDate;
  if (p.publishedAt) {
    const d = new Date(p.publishedAt);
    if (!Number.isNaN(d.getTime())) return chinaDateOf(d);
  }
  return '';
}
