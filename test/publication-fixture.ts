import type { Db } from '../src/db/database.js';
import { SYSTEM_ACTOR } from '../src/features/access/roles.js';
import { inTransaction } from '../src/db/database.js';
import { withClock } from '../src/db/runtime.js';
import { createAgency, findAgency } from '../src/features/agencies/agency.service.js';
import {
  attachRecordedIn,
  findForRecording,
  insertDraftIn,
  publishRecordedIn,
  republishRecordedIn,
  setValidityRecordedIn,
  withdrawRecordedIn,
} from '../src/features/publications/publication.service.js';
import { fixedClock } from '../src/lib/clock.js';
import type { IsoDate } from '../src/lib/dates.js';
import { orgCodeCheckChar, usccCheckChar } from '../src/lib/codes.js';

export interface FixtureItem {
  agencyId: number;
  title: string;
  category: string;
  topic?: string;
  genre?: string;
  validity?: 'valid' | 'expired' | 'abolished';
  documentKind?: 'other' | 'regulation' | 'normative';
  validityDate?: string | null;
  /** 发布日期, ISO instant. */
  publishedAt: string;
  /** A later revision's instant: the item then has two revisions. */
  revisedAt?: string;
  documentNumber?: string;
  summary?: string;
  body?: string;
  keywords?: string;
  writtenDate?: string;
  withdrawn?: { at: string; reason: string };
  attachment?: { name: string; mimeType: string; size: number };
}

let serial = 0;

/**
 * Records a published (or withdrawn) item through the publications service's
 * recording path, at its own instants, for portal tests that need many items in
 * exact states. Flows that go through the review workflow belong in the
 * publications feature's own tests.
 */
export async function insertPublished(db: Db, it: FixtureItem): Promise<number> {
  serial++;
  const agency = await findAgency(db, it.agencyId);
  if (!agency) throw new Error(`no agency ${it.agencyId}`);
  const writtenDate = (it.writtenDate ?? it.publishedAt.slice(0, 10)) as IsoDate;
  const original = it.body ?? `<p>${it.title.replace(/[<>&]/g, '')}正文。</p>`;
  return inTransaction(db, async (trx) => {
    const at = (instant: string) => withClock(trx as unknown as Db, fixedClock(instant));
    const on = at(it.publishedAt);
    const draft = await insertDraftIn(on, SYSTEM_ACTOR, {
      agencyId: it.agencyId,
      title: it.title,
      summary: it.summary ?? `${it.title}的内容概述。`,
      body: original,
      documentNumber: it.documentNumber ?? '',
      writtenDate,
      formedDate: writtenDate,
      category: it.category,
      topic: it.topic ?? 'general',
      genre: it.genre ?? 'notice',
      keywords: it.keywords ?? '',
      documentKind: it.documentKind ?? 'other',
      issuers: [{ agencyId: it.agencyId, name: agency.name }],
    });
    if (it.attachment) {
      await attachRecordedIn(on, SYSTEM_ACTOR, draft, {
        sha256: `${'0'.repeat(60)}${String(serial).padStart(4, '0')}`,
        size: it.attachment.size,
        mimeType: it.attachment.mimeType,
        extension: it.attachment.name.split('.').pop() ?? '',
        name: it.attachment.name,
      });
    }
    let row = await publishRecordedIn(on, SYSTEM_ACTOR, draft);
    if (it.revisedAt) row = await republishRecordedIn(at(it.revisedAt), SYSTEM_ACTOR, row, { body: original, changeNote: '更正附件' }, new Date(it.revisedAt));
    if (it.validity && it.validity !== 'valid') {
      await setValidityRecordedIn(trx, SYSTEM_ACTOR, row, { validity: it.validity, date: (it.validityDate ?? writtenDate) as IsoDate, note: '测试数据' });
      row = (await findForRecording(trx, row.id))!;
    }
    if (it.withdrawn) await withdrawRecordedIn(trx, SYSTEM_ACTOR, row, it.withdrawn.reason, new Date(it.withdrawn.at));
    return row.id;
  });
}

let agencySerial = 0;

/**
 * A fresh agency with no publications, for tests that count what a page lists
 * (the demo platform has its own items in every demo agency).
 */
export async function createEmptyAgency(db: Db, slug: string, name: string, level: 'department' | 'government' | 'township' = 'department') {
  agencySerial++;
  const body = `T${String(agencySerial).padStart(7, '0')}`;
  const first17 = `11449900${body}${orgCodeCheckChar(body)!}`;
  const agency = await createAgency(db, SYSTEM_ACTOR, {
    name,
    shortName: name.slice(0, 20),
    slug,
    code: first17 + usccCheckChar(first17)!,
    level,
    phone: '0763-3219999',
    supervisionPhone: '0763-3219998',
    address: '示例市人民路 1 号',
  });
  return agency.id;
}
