import type { Db } from '../src/db/database.js';
import { SYSTEM_ACTOR } from '../src/features/access/roles.js';
import { createAgency } from '../src/features/agencies/agency.service.js';
import { orgCodeCheckChar, usccCheckChar } from '../src/lib/codes.js';

export interface FixtureItem {
  agencyId: number;
  title: string;
  category: string;
  topic?: string;
  genre?: string;
  validity?: 'valid' | 'expired' | 'abolished';
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
 * Writes a published (or withdrawn) item straight into the publications tables,
 * for portal tests that need many items in exact states. Flows that go through
 * the workflow belong in the publications feature's own tests.
 */
export async function insertPublished(db: Db, it: FixtureItem): Promise<number> {
  serial++;
  const agency = await db.selectFrom('agencies').select(['code', 'name']).where('id', '=', it.agencyId).executeTakeFirstOrThrow();
  const indexNumber = `${agency.code}/${it.publishedAt.slice(0, 4)}-${String(serial).padStart(5, '0')}`;
  const fields = {
    title: it.title,
    summary: it.summary ?? `${it.title}的内容概述。`,
    body: it.body ?? `<p>${it.title.replace(/[<>&]/g, '')}正文。</p>`,
    documentNumber: it.documentNumber ?? '',
    writtenDate: it.writtenDate ?? it.publishedAt.slice(0, 10),
    formedDate: it.writtenDate ?? it.publishedAt.slice(0, 10),
    category: it.category,
    topic: it.topic ?? 'general',
    genre: it.genre ?? 'notice',
    keywords: it.keywords ?? '',
    disclosureAttribute: 'proactive',
    disclosureBasis: '',
  };
  const last = it.revisedAt ?? it.publishedAt;
  const pub = await db
    .insertInto('publications')
    .values({
      agencyId: it.agencyId,
      departmentId: null,
      state: it.withdrawn ? 'withdrawn' : 'published',
      publicStatus: it.withdrawn ? 'withdrawn' : 'published',
      indexNumber,
      currentRevisionId: null,
      revisionCount: it.revisedAt ? 2 : 1,
      ...fields,
      validity: it.validity ?? 'valid',
      validityDate: it.validityDate ?? null,
      replacedById: null,
      scheduledAt: null,
      submittedAt: it.publishedAt,
      firstPublishedAt: it.publishedAt,
      lastPublishedAt: last,
      withdrawnAt: it.withdrawn?.at ?? null,
      withdrawalReason: it.withdrawn?.reason ?? '',
      createdBy: null,
      updatedBy: null,
      createdAt: it.publishedAt,
      updatedAt: last,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const issuersJson = JSON.stringify([{ agencyId: it.agencyId, name: agency.name }]);
  let revisionId = 0;
  for (const [no, at] of (it.revisedAt ? [it.publishedAt, it.revisedAt] : [it.publishedAt]).entries()) {
    const rev = await db
      .insertInto('publicationRevisions')
      .values({
        publicationId: pub.id,
        revisionNo: no + 1,
        agencyId: it.agencyId,
        indexNumber,
        ...fields,
        issuersJson,
        changeNote: no ? '更正附件' : '',
        publishedAt: at,
        publishedBy: null,
        publishedByName: '测试',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    revisionId = rev.id;
  }
  await db.insertInto('publicationIssuers').values({ publicationId: pub.id, position: 0, agencyId: it.agencyId, name: agency.name }).execute();
  if (it.attachment) {
    const att = await db
      .insertInto('attachments')
      .values({
        agencyId: it.agencyId,
        sha256: `${'0'.repeat(60)}${String(serial).padStart(4, '0')}`,
        size: it.attachment.size,
        mimeType: it.attachment.mimeType,
        extension: it.attachment.name.split('.').pop() ?? '',
        originalName: it.attachment.name,
        uploadedBy: null,
        createdAt: it.publishedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('revisionAttachments').values({ revisionId, attachmentId: att.id, position: 0, name: it.attachment.name }).execute();
  }
  await db.updateTable('publications').set({ currentRevisionId: revisionId }).where('id', '=', pub.id).execute();
  return pub.id;
}

let agencySerial = 0;

/**
 * A fresh agency with no publications, for tests that count what a page lists
 * (the demo platform has its own items in every demo agency).
 */
export async function createEmptyAgency(db: Db, slug: string, name: string, level: 'department' | 'government' = 'department') {
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
