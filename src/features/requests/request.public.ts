/**
 * What the public sees of applications: the tracking page by 查询码 (status, dates,
 * every letter to the applicant, the released files; never personal data) and the
 * statistics per agency (counts by outcome, handling time, share answered on time).
 */
import type { Db } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import type { IsoDate } from '../../lib/dates.js';
import { agencyLabels } from '../agencies/agency.service.js';
import { APPLICANT_KINDS, REQUEST_OUTCOMES, REQUEST_OUTCOME_KEYS, type ApplicantKind, type RequestOutcome } from './request.js';
import { findByTrackingCode } from './request.apply.js';
import { clockOf } from './request.read.js';
import { askedFor } from './request.replies.js';
import * as repo from './request.repository.js';
import { REQUEST_STATES, type RequestState } from './request.workflow.js';

export interface TrackingView {
  id: number;
  agency: { name: string; slug: string };
  state: string;
  stateLabel: string;
  applicantKind: string;
  askedFor: string;
  submittedDate: IsoDate;
  receivedDate: IsoDate | null;
  dueDate: IsoDate | null;
  provisional: boolean;
  outcome: string | null;
  outcomeLabel: string | null;
  repliedDate: IsoDate | null;
  /** The clock in words, as the office sees it (no personal data in it). */
  explanation: string[];
  letters: { id: number; title: string; kind: string; issuedDate: string; addressee: string; body: string }[];
  files: { id: number; name: string; size: number; mimeType: string }[];
}

/** The application a tracking code names, as its applicant may see it; null for a wrong code. */
export async function track(db: Db, code: string): Promise<TrackingView | null> {
  const row = await findByTrackingCode(db, code);
  if (!row) return null;
  const [events, letters, files, agencies] = await Promise.all([
    repo.listEvents(db, row.id),
    repo.listLetters(db, row.id, { applicantOnly: true }),
    repo.listFiles(db, row.id),
    agencyLabels(db, [row.agencyId]),
  ]);
  const clock = await clockOf(db, row, events);
  const agency = agencies.get(row.agencyId);
  const outcome = row.outcome as RequestOutcome | null;
  return {
    id: row.id,
    agency: { name: agency?.name ?? '', slug: agency?.slug ?? '' },
    state: row.state,
    stateLabel: REQUEST_STATES[row.state as RequestState]?.label ?? row.state,
    applicantKind: APPLICANT_KINDS[row.applicantKind as ApplicantKind]?.label ?? '',
    askedFor: askedFor(row),
    submittedDate: row.submittedAt.slice(0, 10) as IsoDate,
    receivedDate: row.receivedDate as IsoDate | null,
    dueDate: (row.dueDate ?? clock.deadline) as IsoDate | null,
    provisional: row.dueProvisional === 1,
    outcome,
    outcomeLabel: outcome ? REQUEST_OUTCOMES[outcome].short : null,
    repliedDate: row.repliedDate as IsoDate | null,
    explanation: clock.explanation,
    letters: letters.map((l) => ({ id: l.id, title: l.title, kind: l.kind, issuedDate: l.issuedDate, addressee: l.addressee, body: l.body })),
    files: row.outcome === 'disclose' || row.outcome === 'partial' ? files.map((f) => ({ id: f.id, name: f.name, size: f.size, mimeType: f.mimeType })) : [],
  };
}

export interface RequestStats {
  year: number;
  received: number;
  replied: number;
  open: number;
  byOutcome: { key: RequestOutcome; label: string; group: string; count: number }[];
  /** Median working days from receipt to reply; null without replies. */
  medianWorkdays: number | null;
  /** Share of replies on or before their deadline, 0–1; null without replies. */
  onTimeShare: number | null;
}

/** An agency's applications in a calendar year, counted for the public. */
export async function agencyStats(db: Db, agencyId: number, year: number): Promise<RequestStats> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const [counts, replied, open, received] = await Promise.all([
    repo.outcomeCounts(db, agencyId, from, to),
    repo.repliedTimes(db, agencyId, from, to),
    repo.countOpen(db, agencyId, ['registered', 'correction', 'handling', 'awaiting_fee']),
    db
      .selectFrom('requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('agencyId', '=', agencyId)
      .where('receivedDate', '>=', from)
      .where('receivedDate', '<=', to)
      .executeTakeFirst(),
  ]);
  const byKey = new Map(counts.map((c) => [c.outcome, Number(c.n)]));
  const total = replied.reduce((n, b) => n + Number(b.n), 0);
  /** The k-th smallest handling time (0-based), walking the histogram. */
  const kth = (k: number) => {
    let seen = 0;
    for (const b of replied) {
      seen += Number(b.n);
      if (k < seen) return b.workdaysTaken!;
    }
    return 0;
  };
  const median = total === 0 ? null : total % 2 ? kth(total >> 1) : (kth((total >> 1) - 1) + kth(total >> 1)) / 2;
  const timed = replied.reduce((n, b) => n + Number(b.timed), 0);
  const onTime = timed ? replied.reduce((n, b) => n + Number(b.inTime), 0) / timed : null;
  return {
    year,
    received: Number(received?.n ?? 0),
    replied: total,
    open: Number(open?.n ?? 0),
    byOutcome: REQUEST_OUTCOME_KEYS.map((key) => ({ key, label: REQUEST_OUTCOMES[key].short, group: REQUEST_OUTCOMES[key].group, count: byKey.get(key) ?? 0 })),
    medianWorkdays: median,
    onTimeShare: onTime,
  };
}

export const currentYear = (db: Db) => Number(todayOf(db).slice(0, 4));
