/**
 * Published items written straight into the tables, for search tests and the
 * benchmark: a publication, its first revision and the pointer between them,
 * bypassing the workflow (which has its own tests). Not used by the application.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DbOrTrx } from '../../db/database.js';
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

let serial = 0;

/** Inserts one item as published (or as given) and returns its id. The caller indexes it. */
export async function insertPublished(db: DbOrTrx, it: FixtureItem): Promise<number> {
  const at = it.publishedAt ?? '2025-03-01T02:00:00.000Z';
  const indexNumber = `TEST/${at.slice(0, 4)}-${String(++serial).padStart(6, '0')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const common = {
    title: it.title,
    summary: it.summary ?? '',
    body: paragraphs(it.text ?? ''),
    documentNumber: it.documentNumber ?? '',
    category: it.category ?? 'notices',
    topic: it.topic ?? 'general',
    genre: 'notice',
    keywords: it.keywords ?? '',
    disclosureAttribute: 'proactive',
    disclosureBasis: '',
  };
  const pub = await db
    .insertInto('publications')
    .values({
      agencyId: it.agencyId,
      departmentId: null,
      state: it.publicStatus === 'none' ? 'draft' : it.publicStatus === 'withdrawn' ? 'withdrawn' : 'published',
      publicStatus: it.publicStatus ?? 'published',
      indexNumber,
      currentRevisionId: null,
      revisionCount: 1,
      ...common,
      writtenDate: at.slice(0, 10),
      formedDate: at.slice(0, 10),
      validity: it.validity ?? 'valid',
      validityDate: null,
      replacedById: null,
      scheduledAt: null,
      submittedAt: at,
      firstPublishedAt: at,
      lastPublishedAt: at,
      withdrawnAt: null,
      createdBy: null,
      updatedBy: null,
      createdAt: at,
      updatedAt: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rev = await db
    .insertInto('publicationRevisions')
    .values({
      publicationId: pub.id,
      revisionNo: 1,
      agencyId: it.agencyId,
      indexNumber,
      ...common,
      writtenDate: at.slice(0, 10),
      formedDate: at.slice(0, 10),
      issuersJson: '[]',
      publishedAt: at,
      publishedBy: null,
      publishedByName: '测试',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('publications').set({ currentRevisionId: rev.id }).where('id', '=', pub.id).execute();
  return pub.id;
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
