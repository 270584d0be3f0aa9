/**
 * The extracted text of files, remembered per content hash: the one owner of
 * that cache. Screening (publications), the search index and imports all read a
 * file's text here, so they can never read different text from the same file.
 */
import type { DbOrTrx } from '../../db/database.js';
import { nowOf } from '../../db/runtime.js';
import { extractAttachmentText, type ExtractedText } from './extract.js';
import { sniffType } from './files.js';

export type { ExtractedText } from './extract.js';

async function save(db: DbOrTrx, sha256: string, extracted: ExtractedText): Promise<void> {
  const values = { status: extracted.status, text: extracted.text, message: extracted.message, extractedAt: nowOf(db) };
  await db
    .insertInto('attachmentTexts')
    .values({ sha256, ...values })
    .onConflict((oc) => oc.column('sha256').doUpdateSet(values))
    .execute();
}

/** What is remembered of a file's text, or undefined when it was never read. */
export async function rememberedText(db: DbOrTrx, sha256: string): Promise<ExtractedText | undefined> {
  const row = await db.selectFrom('attachmentTexts').select(['status', 'text', 'message']).where('sha256', '=', sha256).executeTakeFirst();
  return row as ExtractedText | undefined;
}

/**
 * The text of a file, extracted once and remembered. Call it when a file arrives,
 * outside a transaction when possible (PDF parsing takes time); later readers get
 * the remembered text.
 */
export async function textOf(db: DbOrTrx, sha256: string, bytes: Buffer, kind: string): Promise<ExtractedText> {
  const known = await rememberedText(db, sha256);
  if (known) return known;
  const extracted = await extractAttachmentText(bytes, kind);
  await save(db, sha256, extracted);
  return extracted;
}

/**
 * The text of a stored file: remembered, or read from storage through `read` and
 * remembered then. A missing file gives `failed` (not remembered, so a restored
 * file is read next time).
 */
export async function textOfStored(db: DbOrTrx, sha256: string, read: (sha256: string) => Buffer | null): Promise<ExtractedText> {
  const known = await rememberedText(db, sha256);
  if (known) return known;
  let bytes: Buffer | null = null;
  try {
    bytes = read(sha256);
  } catch {
    bytes = null;
  }
  if (!bytes) return { status: 'failed', text: '', message: '附件文件缺失' };
  return textOf(db, sha256, bytes, sniffType(bytes) ?? 'unknown');
}

/** The usable text of a file ('' when none was extracted, or none could be). */
export async function plainText(db: DbOrTrx, sha256: string): Promise<string> {
  const t = await rememberedText(db, sha256);
  return t?.status === 'ok' ? t.text : '';
}

/** Forgets a file's text, so the next reader extracts it again (after a better extractor ships). */
export async function forgetText(db: DbOrTrx, sha256: string): Promise<void> {
  await db.deleteFrom('attachmentTexts').where('sha256', '=', sha256).execute();
}
