/**
 * Screening (保密审查 support): the working copy and its attachments' text are
 * screened for personal data and secrecy marks; a reviewer confirms each finding.
 */
import { createHash } from 'node:crypto';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowDateOf } from '../../db/runtime.js';
import { validationError } from '../../errors.js';
import { authorize } from '../access/policy.js';
import { type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { FINDING_KINDS, maskPersonalData, screenText } from '../text/screening.js';
import { readStored } from '../files/files.js';
import { rememberedText, textOfStored } from '../files/files.service.js';
import { bodyText } from './publication.html.js';
import { LIMITS } from './publication.js';
import * as repo from './publication.repository.js';
import type { PublicationFindingRow, PublicationRow } from './publication.table.js';

import { loadRow } from './publication.read.js';
import { cutCodePoints, wellFormed } from '../../lib/unicode.js';

// ---------------------------------------------------------------- screening

interface ScreenSource {
  source: string;
  label: string;
  text: string;
}

/**
 * The finding in context, with every piece of personal data in the context masked
 * too: the whole text is masked first (the maskers keep lengths, so offsets hold),
 * and a cut through a number at either edge drops the partial digits.
 */
function excerptOf(text: string, start: number, end: number): string {
  const masked = maskPersonalData(text);
  const source = masked.length === text.length ? masked : text;
  const from = Math.max(0, start - 15);
  const to = Math.min(text.length, end + 15);
  let before = source.slice(from, start);
  let after = source.slice(end, to);
  if (from > 0) before = before.replace(/^[0-9A-Za-z*\-]+/, '');
  if (to < text.length) after = after.replace(/[0-9A-Za-z*\-]+$/, '');
  if (source !== masked) {
    before = maskPersonalData(before);
    after = maskPersonalData(after);
  }
  const match = maskPersonalData(text.slice(start, end));
  return `${from > 0 ? '…' : ''}${before}【${match}】${after}${to < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
}

/**
 * Screens the working copy (title, summary, 文号, body and attachment text) and
 * stores what needs a reviewer's confirmation. A finding already confirmed keeps
 * its confirmation when it is found again unchanged (same place, same text).
 */
export async function screen(trx: DbOrTrx, row: PublicationRow, now: Date, dataDir?: string): Promise<PublicationFindingRow[]> {
  const current = (await repo.findPublication(trx, row.id)) ?? row;
  const sources: ScreenSource[] = [
    { source: 'title', label: '名称', text: current.title },
    { source: 'summary', label: '内容概述', text: current.summary },
    { source: 'documentNumber', label: '文号', text: current.documentNumber },
    { source: 'body', label: '正文', text: bodyText(current.body) },
  ];
  // Attachments are screened on every path (an edit in review too), from the text stored
  // at upload; the files are read only when that text is missing and the folder is known.
  // A file that could not be read (a zip bomb the bounded reader refused, a broken file)
  // was not screened: the reviewer is told so, rather than shown a clean report.
  const unreadable: { source: string; label: string; message: string }[] = [];
  for (const a of await repo.listAttachments(trx, row.id)) {
    let t = await rememberedText(trx, a.sha256);
    if (!t && dataDir) t = await textOfStored(trx, a.sha256, (sha) => readStored(dataDir, sha));
    const text = t?.status === 'ok' ? t.text : '';
    if (text) sources.push({ source: `attachment:${a.id}`, label: `附件“${a.name}”`, text });
    if (t?.status === 'failed') unreadable.push({ source: `attachment:${a.id}`, label: `附件“${a.name}”`, message: t.message });
  }
  const previous = await repo.listFindings(trx, row.id);
  const rows = [];
  const seen = new Set<string>();
  for (const s of sources) {
    for (const f of screenText(s.text)) {
      if (f.severity === 'info') continue;
      const fingerprint = createHash('sha256').update(`${s.source}\u0000${f.kind}\u0000${f.match}`).digest('hex').slice(0, 32);
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      const prior = previous.find((p) => p.fingerprint === fingerprint && p.confirmedAt);
      rows.push({
        publicationId: row.id,
        fingerprint,
        source: s.source,
        sourceLabel: s.label,
        kind: f.kind,
        severity: f.severity,
        label: f.label,
        excerpt: excerptOf(s.text, f.start, f.end),
        suggestion: f.suggestion ?? '',
        screenedAt: now.toISOString(),
        confirmedBy: prior?.confirmedBy ?? null,
        confirmedByName: prior?.confirmedByName ?? null,
        confirmedAt: prior?.confirmedAt ?? null,
        confirmationNote: prior?.confirmationNote ?? '',
      });
    }
  }
  for (const u of unreadable) {
    const fingerprint = createHash('sha256').update(`${u.source}\u0000unreadable_attachment\u0000${u.message}`).digest('hex').slice(0, 32);
    const prior = previous.find((p) => p.fingerprint === fingerprint && p.confirmedAt);
    rows.push({
      publicationId: row.id,
      fingerprint,
      source: u.source,
      sourceLabel: u.label,
      kind: 'unreadable_attachment',
      severity: 'warn',
      label: FINDING_KINDS.unreadable_attachment,
      excerpt: u.message,
      suggestion: '未能检查附件中的个人信息和密级标志：请打开附件人工核对，或换成可以读取的文件',
      screenedAt: now.toISOString(),
      confirmedBy: prior?.confirmedBy ?? null,
      confirmedByName: prior?.confirmedByName ?? null,
      confirmedAt: prior?.confirmedAt ?? null,
      confirmationNote: prior?.confirmationNote ?? '',
    });
  }
  await repo.replaceFindings(trx, row.id, rows);
  return repo.listFindings(trx, row.id);
}

/** The reviewer confirms findings they have checked (each recorded in the audit log). */
export async function confirmFindings(db: Db, actor: Actor, id: number, ids: number[], note: string) {
  const row = await loadRow(db, id);
  authorize(actor, 'publication.review', { agencyId: row.agencyId, departmentId: row.departmentId });
  return inTransaction(db, (trx) => confirmIn(trx, actor, row, ids, note, nowDateOf(db)));
}

export async function confirmIn(trx: DbOrTrx, actor: Actor, row: PublicationRow, ids: number[], note: string, now: Date) {
  const existing = await repo.listFindings(trx, row.id);
  const unknown = ids.filter((i) => !existing.some((f) => f.id === i));
  if (unknown.length) throw validationError({ confirmFindings: `筛查结果 ${unknown.join('、')} 不属于此信息` });
  const confirmed = await repo.confirmFindings(trx, row.id, ids, {
    userId: actor.userId,
    name: actor.displayName,
    at: now.toISOString(),
    note: cutCodePoints(wellFormed(note), LIMITS.comment),
  });
  for (const f of confirmed) {
    await audit.record(trx, actor, {
      action: 'publication.finding.confirm',
      entityType: 'publication',
      entityId: row.id,
      agencyId: row.agencyId,
      summary: `确认筛查结果：${f.sourceLabel}中的${f.label}（${f.excerpt}）`,
      after: { findingId: f.id, kind: f.kind, severity: f.severity, source: f.source, excerpt: f.excerpt, note },
    });
  }
  return confirmed;
}
