/**
 * Counts over applications and appeals for reports (the annual report's tables 三
 * and 四, the statistics dashboard), each with the records behind it, so that any
 * figure can be traced. Read-only.
 *
 * How a year is cut (the rule the national format implies, made exact): an
 * application counts in the year it was received (一、本年新收) or, received
 * earlier and still open on 1 January, as 二、上年结转. Of those, the ones replied to
 * (or withdrawn) by 31 December are counted in the row of their outcome; the rest
 * are 四、结转下年度. Every application counted goes to exactly one of those rows,
 * so 一 + 二 = （七）总计 + 四 in every column, whatever the records hold.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { countAll } from '../../db/database.js';
import { APPEAL_RESULTS, APPEAL_TYPES, APPLICANT_KINDS, isRequestOutcome, REQUEST_OUTCOME_KEYS, type AppealResult, type AppealType, type ApplicantKind, type RequestOutcome } from './request.js';

export type YearStart = 'new' | 'carried_over';
export type YearEnd = RequestOutcome | 'forward';

export interface RequestYearCount {
  applicantKind: ApplicantKind;
  start: YearStart;
  end: YearEnd;
  n: number;
}

/** Years go into SQL as literals (see requestYearCounts): only a plain integer year may. */
function requireYear(year: number) {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invalid report year: ${String(year)}`);
}

const kindOf = (k: string): ApplicantKind => (Object.hasOwn(APPLICANT_KINDS, k) ? (k as ApplicantKind) : 'other_org');

function counted(db: DbOrTrx, agencyId: number, year: number) {
  const y0 = `${year}-01-01`;
  const y1 = `${year}-12-31`;
  return db
    .selectFrom('requests')
    .where('agencyId', '=', agencyId)
    .where('receivedDate', 'is not', null)
    .where('receivedDate', '<=', y1)
    .where((eb) => eb.or([eb('receivedDate', '>=', y0), eb('repliedDate', 'is', null), eb('repliedDate', '>=', y0)]));
}

/** Table 三's raw counts for an agency and year: per applicant kind, how the application entered the year and how it left. */
export async function requestYearCounts(db: DbOrTrx, agencyId: number, year: number): Promise<RequestYearCount[]> {
  requireYear(year);
  const y0 = `${year}-01-01`;
  const y1 = `${year}-12-31`;
  // Literals, not parameters: PostgreSQL matches a grouped expression to the selected one
  // only when both are the same text, and two parameters are two different texts. The
  // dates are built from an integer year, so nothing from outside reaches the SQL.
  const start = sql<string>`case when ${sql.ref('received_date')} >= ${sql.lit(y0)} then 'new' else 'carried_over' end`;
  const end = sql<string>`case when ${sql.ref('replied_date')} is not null and ${sql.ref('replied_date')} <= ${sql.lit(y1)} then coalesce(${sql.ref('outcome')}, 'other') else 'forward' end`;
  const rows = await counted(db, agencyId, year)
    .select(['applicantKind', start.as('start'), end.as('end'), countAll().as('n')])
    .groupBy(['applicantKind', start, end])
    .execute();
  const merged = new Map<string, RequestYearCount>();
  for (const r of rows) {
    // An outcome outside the vocabulary (a hand-edited record) still leaves the year somewhere: 其他.
    const e: YearEnd = r.end === 'forward' ? 'forward' : isRequestOutcome(r.end) ? r.end : 'other';
    const c = { applicantKind: kindOf(r.applicantKind), start: r.start as YearStart, end: e, n: Number(r.n) };
    const key = `${c.applicantKind}|${c.start}|${c.end}`;
    const had = merged.get(key);
    if (had) had.n += c.n;
    else merged.set(key, c);
  }
  return [...merged.values()];
}

export interface RequestCellFilter {
  start?: YearStart;
  /** An outcome, 'forward', or 'closed' for all outcomes ((七)总计). */
  end?: YearEnd | 'closed';
  /** Outcomes of one printed row of the 2019 format's （六）其他处理, for instance. */
  outcomes?: readonly RequestOutcome[];
  applicantKind?: ApplicantKind;
}

export interface CountedRequest {
  id: number;
  applicantKind: string;
  receivedDate: string;
  repliedDate: string | null;
  outcome: string | null;
  state: string;
  infoName: string;
  description: string;
}

/** The applications behind one cell of table 三 (at most 5,000, oldest first). */
export async function requestsBehind(db: DbOrTrx, agencyId: number, year: number, f: RequestCellFilter): Promise<{ rows: CountedRequest[]; total: number }> {
  const y0 = `${year}-01-01`;
  const y1 = `${year}-12-31`;
  let q = counted(db, agencyId, year);
  if (f.start === 'new') q = q.where('receivedDate', '>=', y0);
  if (f.start === 'carried_over') q = q.where('receivedDate', '<', y0);
  if (f.applicantKind) {
    q = f.applicantKind === 'other_org' ? q.where('applicantKind', 'not in', Object.keys(APPLICANT_KINDS).filter((k) => k !== 'other_org')) : q.where('applicantKind', '=', f.applicantKind);
  }
  if (f.end === 'forward') q = q.where((eb) => eb.or([eb('repliedDate', 'is', null), eb('repliedDate', '>', y1)]));
  else if (f.end) {
    q = q.where('repliedDate', 'is not', null).where('repliedDate', '<=', y1);
    const outcomes = f.end === 'closed' ? f.outcomes : (f.outcomes ?? [f.end]);
    if (outcomes) {
      // Mirrors requestYearCounts: no outcome, or one outside the vocabulary, is counted as 其他.
      const asOther = outcomes.includes('other');
      q = q.where((eb) =>
        eb.or([
          eb('outcome', 'in', outcomes.length ? [...outcomes] : ['']),
          ...(asOther ? [eb('outcome', 'is', null), eb('outcome', 'not in', REQUEST_OUTCOME_KEYS)] : []),
        ]),
      );
    }
  }
  const [rows, total] = await Promise.all([
    q.select(['id', 'applicantKind', 'receivedDate', 'repliedDate', 'outcome', 'state', 'infoName', 'description']).orderBy('receivedDate').orderBy('id').limit(5000).execute(),
    q.select(countAll().as('n')).executeTakeFirst(),
  ]);
  return { rows: rows.map((r) => ({ ...r, receivedDate: r.receivedDate ?? '' })), total: Number(total?.n ?? 0) };
}

// ---------------------------------------------------------------- appeals (table 四)

export interface AppealYearCount {
  type: AppealType;
  result: AppealResult;
  n: number;
}

function appealsOfYear(db: DbOrTrx, agencyId: number, year: number) {
  return db.selectFrom('requestAppeals').where('agencyId', '=', agencyId).where('filedDate', '>=', `${year}-01-01`).where('filedDate', '<=', `${year}-12-31`);
}

/**
 * Table 四's raw counts: the cases filed in the year, by their result as it stood
 * on 31 December (a case decided after the year's end is 尚未审结 in that year's report).
 */
export async function appealYearCounts(db: DbOrTrx, agencyId: number, year: number): Promise<AppealYearCount[]> {
  requireYear(year);
  const y1 = `${year}-12-31`;
  const result = sql<string>`case when ${sql.ref('closed_date')} is not null and ${sql.ref('closed_date')} <= ${sql.lit(y1)} then ${sql.ref('result')} else 'pending' end`;
  const rows = await appealsOfYear(db, agencyId, year).select(['type', result.as('result'), countAll().as('n')]).groupBy(['type', result]).execute();
  return rows
    .filter((r) => Object.hasOwn(APPEAL_TYPES, r.type))
    .map((r) => ({ type: r.type as AppealType, result: (Object.hasOwn(APPEAL_RESULTS, r.result) ? r.result : 'other') as AppealResult, n: Number(r.n) }));
}

export interface CountedAppeal {
  id: number;
  requestId: number | null;
  type: string;
  result: string;
  filedDate: string;
  closedDate: string | null;
  caseNumber: string;
}

/** The cases behind one cell of table 四. */
export async function appealsBehind(db: DbOrTrx, agencyId: number, year: number, f: { type?: AppealType; result?: AppealResult }): Promise<CountedAppeal[]> {
  const y1 = `${year}-12-31`;
  let q = appealsOfYear(db, agencyId, year);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.result === 'pending') q = q.where((eb) => eb.or([eb('closedDate', 'is', null), eb('closedDate', '>', y1)]));
  else if (f.result) q = q.where('closedDate', '<=', y1).where('result', '=', f.result);
  return q.select(['id', 'requestId', 'type', 'result', 'filedDate', 'closedDate', 'caseNumber']).orderBy('filedDate').orderBy('id').limit(5000).execute();
}

// ---------------------------------------------------------------- fees (section 六)

/**
 * 信息处理费 in a year: notices sent, and the amount paid (the amount of each
 * notice whose payment was recorded in the year), in yuan.
 */
export async function feesOfYear(db: DbOrTrx, agencyId: number, year: number): Promise<{ notices: number; paid: number; amountYuan: number }> {
  const events = await db
    .selectFrom('requestEvents as e')
    .innerJoin('requests as r', 'r.id', 'e.requestId')
    .select(['e.requestId', 'e.type', 'e.date', 'e.details'])
    .where('r.agencyId', '=', agencyId)
    .where('e.type', 'in', ['fee_notice', 'fee_paid'])
    .where('e.date', '<=', `${year}-12-31`)
    .execute();
  const amount = new Map<number, number>();
  let notices = 0;
  for (const e of events) {
    if (e.type !== 'fee_notice') continue;
    if (e.date >= `${year}-01-01`) notices++;
    try {
      const a = Number((JSON.parse(e.details) as { amount?: unknown }).amount);
      if (Number.isFinite(a)) amount.set(e.requestId, a);
    } catch {
      // A notice without a readable amount adds nothing.
    }
  }
  let paid = 0;
  let amountYuan = 0;
  for (const e of events) {
    if (e.type !== 'fee_paid' || e.date < `${year}-01-01`) continue;
    paid++;
    amountYuan += amount.get(e.requestId) ?? 0;
  }
  return { notices, paid, amountYuan };
}

// ---------------------------------------------------------------- the statistics dashboard

export interface ReplyTiming {
  /** Month of the reply (1–12). */
  month: number;
  /** Working days from receipt to reply, as kept at the reply; null when not computed (imported without a calendar). */
  workdays: number | null;
  /** 1 in time, 0 late, null unknown. */
  onTime: number | null;
  n: number;
}

/** Replies of a year by month, handling time and timeliness (for charts of handling time and timeliness). */
export async function replyTimings(db: DbOrTrx, agencyId: number, year: number): Promise<ReplyTiming[]> {
  requireYear(year);
  const month = sql<string>`substr(${sql.ref('replied_date')}, 6, 2)`;
  const rows = await db
    .selectFrom('requests')
    .select([month.as('month'), 'workdaysTaken', 'onTime', countAll().as('n')])
    .where('agencyId', '=', agencyId)
    .where('repliedDate', '>=', `${year}-01-01`)
    .where('repliedDate', '<=', `${year}-12-31`)
    .groupBy([month, 'workdaysTaken', 'onTime'])
    .execute();
  return rows.map((r) => ({ month: Number(r.month), workdays: r.workdaysTaken, onTime: r.onTime, n: Number(r.n) }));
}
