/**
 * Published items for search tests and the benchmark, recorded through the
 * publications service (the review workflow has its own tests). Not used by the
 * application.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db, DbOrTrx } from '../../db/database.js';
import { withClock } from '../../db/runtime.js';
import { fixedClock } from '../../lib/clock.js';
import { chinaDateOf } from '../../lib/dates.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { findAgency } from '../agencies/agency.service.js';
import {
  findForRecording,
  insertDraftIn,
  publishRecordedIn,
  setValidityRecordedIn,
  withdrawRecordedIn,
} from '../publications/publication.service.js';
import { escapeText } from '../text/html.js';

export interface FixtureItem {
  agencyId: number;
  title: string;
  /** Plain text; each line becomes a paragraph. */
  text?: string;
  summary?: string;
  documentNumber?: string;
  keywords?: string;
  category?: string;
  topic?: string;
  validity?: string;
  /** ISO instant of the 发布日期. */
  publishedAt?: string;
  publicStatus?: 'published' | 'withdrawn' | 'none';
}

export const paragraphs = (text: string) =>
  text
    .split(/\n+/)
    .filter((l) => l.trim())
    .map((l) => `<p>${escapeText(l.trim())}</p>`)
    .join('');

/**
 * Records one item as published (or as given) through the publications service's
 * recording path, dated `publishedAt`, and returns its id. The change listener
 * indexes it as it is published.
 */
export async function insertPublished(db: DbOrTrx, it: FixtureItem): Promise<number> {
  const at = it.publishedAt ?? '2025-03-01T02:00:00.000Z';
  const agency = await findAgency(db, it.agencyId);
  if (!agency) throw new Error(`no agency ${it.agencyId}`);
  const on = withClock(db as Db, fixedClock(at));
  const draft = await insertDraftIn(on, SYSTEM_ACTOR, {
    agencyId: it.agencyId,
    title: it.title,
    summary: it.summary ?? '',
    body: paragraphs(it.text ?? ''),
    documentNumber: it.documentNumber ?? '',
    writtenDate: chinaDateOf(new Date(at)),
    formedDate: chinaDateOf(new Date(at)),
    category: it.category ?? 'notices',
    topic: it.topic ?? 'general',
    genre: 'notice',
    keywords: it.keywords ?? '',
    issuers: [{ agencyId: it.agencyId, name: agency.name }],
  });
  if (it.publicStatus === 'none') return draft.id;
  let row = await publishRecordedIn(on, SYSTEM_ACTOR, draft);
  if (it.validity && it.validity !== 'valid') {
    await setValidityRecordedIn(on, SYSTEM_ACTOR, row, { validity: it.validity as 'expired' | 'abolished', date: chinaDateOf(new Date(at)), note: '测试数据' });
    row = (await findForRecording(on, row.id))!;
  }
  if (it.publicStatus === 'withdrawn') await withdrawRecordedIn(on, SYSTEM_ACTOR, row, '测试撤回', new Date(at));
  return row.id;
}

/** The regulation excerpts in fixtures/laws: the first line is the title. */
export function lawFixtures(): { title: string; text: string }[] {
  const dir = path.join(import.meta.dirname, 'fixtures', 'laws');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const [title, ...rest] = readFileSync(path.join(dir, f), 'utf8').split('\n');
      return { title: title!.trim(), text: rest.join('\n') };
    });
}
