/**
 * Reading applications: who sees which, the reply clock from the recorded events,
 * personal data masked for everyone but the person handling it, and the full view
 * of one application for the office and the staff API.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import { notFound } from '../../errors.js';
import { availableTransitions } from '../../lib/workflow.js';
import type { IsoDate } from '../../lib/dates.js';
import { agenciesWith, can, PERMISSIONS } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { agencyLabels, departmentNames } from '../agencies/agency.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import type { ClockResult } from '../calendar/clock-kit.js';
import { getSettings } from '../settings/settings.js';
import { APPLICANT_KINDS, type ApplicantKind, type IdType } from './request.js';
import { type ClockIssueCode, type RequestDerived, type RequestEvent, requestReplyClock } from './request.clock.js';
import { maskEmail, maskIdentity, maskName, maskPhone } from './request.identity.js';
import * as repo from './request.repository.js';
import type { RequestEventRow, RequestFileRow, RequestLetterRow, RequestRow } from './request.table.js';
import { isRequestState, REQUEST_STATES, REQUEST_WORKFLOW, type RequestState, type RequestSubject, type RequestTransition } from './request.workflow.js';

export type RequestClock = ClockResult<RequestDerived, ClockIssueCode>;

/** Where the actor may read applications: whole agencies, or (a department editor) the applications assigned to their department. */
export function requestScope(actor: Actor): repo.RequestScope {
  if (actor.platformAdmin && PERMISSIONS['request.read'].platform) return { agencies: null, departments: [] };
  const agencies = new Set<number>();
  const departments: { agencyId: number; departmentId: number }[] = [];
  for (const m of actor.memberships) {
    if (!(PERMISSIONS['request.read'].roles as readonly string[]).includes(m.role)) continue;
    if (m.role === 'department_editor') {
      if (m.departmentId != null) departments.push({ agencyId: m.agencyId, departmentId: m.departmentId });
    } else agencies.add(m.agencyId);
  }
  return { agencies: [...agencies], departments: departments.filter((d) => !agencies.has(d.agencyId)) };
}

/** The agency's office, leaders and administrators read all its applications; a department editor those assigned to their department. */
export function mayRead(actor: Actor, row: Pick<RequestRow, 'agencyId' | 'departmentId'>): boolean {
  if (actor.platformAdmin) return true;
  const roles: readonly string[] = PERMISSIONS['request.read'].roles;
  return actor.memberships.some(
    (m) =>
      m.agencyId === row.agencyId &&
      roles.includes(m.role) &&
      (m.role !== 'department_editor' || (row.departmentId !== null && m.departmentId === row.departmentId)),
  );
}

export function subjectOf(row: RequestRow): RequestSubject {
  return { state: isRequestState(row.state) ? row.state : 'registered', agencyId: row.agencyId, departmentId: row.departmentId };
}

/**
 * Whether this person sees the applicant's personal data unmasked: the handler it
 * is assigned to, and, until someone is assigned, the office that registers it.
 */
export function seesPersonalData(actor: Actor, row: RequestRow): boolean {
  if (row.purgedAt) return false;
  if (row.handlerId !== null) return actor.userId === row.handlerId;
  return can(actor, 'request.register', { agencyId: row.agencyId }) && !actor.platformAdmin;
}

/** The applicant as the person reading may see them. */
export function applicantFor(row: RequestRow, unmasked: boolean) {
  const kind = row.applicantKind as ApplicantKind;
  if (unmasked) {
    return {
      name: row.applicantName,
      contactName: row.contactName,
      idType: row.idType,
      idNumber: row.idNumber,
      phone: row.phone,
      email: row.email,
      address: row.address,
      masked: false,
    };
  }
  return {
    name: maskName(kind, row.applicantName),
    contactName: row.contactName ? maskName('natural_person', row.contactName) : '',
    idType: row.idType,
    idNumber: row.idNumber ? maskIdentity(row.idType as IdType, row.idNumber) : '',
    phone: row.phone ? maskPhone(row.phone) : '',
    email: row.email ? maskEmail(row.email) : '',
    address: row.address ? `${[...row.address].slice(0, 6).join('')}****` : '',
    masked: true,
  };
}

interface Details {
  [k: string]: unknown;
}

export const detailsOf = (e: Pick<RequestEventRow, 'details'>): Details => {
  try {
    return JSON.parse(e.details) as Details;
  } catch {
    return {};
  }
};

/** The clock's dated events from what was recorded about an application. */
export function clockEvents(row: Pick<RequestRow, 'channel' | 'submittedAt'>, events: readonly RequestEventRow[]): RequestEvent[] {
  const out: RequestEvent[] = [];
  for (const e of events) {
    const d = detailsOf(e);
    const date = e.date as IsoDate;
    switch (e.type) {
      case 'received': {
        const channel = (d.clockChannel as 'in_person' | 'post' | 'online' | 'fax' | undefined) ?? 'in_person';
        out.push({
          type: 'received',
          channel,
          date,
          ...(typeof d.signedDate === 'string' ? { signedDate: d.signedDate as IsoDate } : {}),
          ...(typeof d.confirmedDate === 'string' ? { confirmedDate: d.confirmedDate as IsoDate } : {}),
        });
        break;
      }
      case 'correction_requested':
        out.push({ type: 'correction_requested', date, ...(typeof d.dueDate === 'string' ? { dueDate: d.dueDate as IsoDate } : {}) });
        break;
      case 'correction_received':
        out.push({ type: 'correction_received', date });
        break;
      case 'consultation_sent':
        out.push({
          type: 'consultation_sent',
          date,
          party: d.party === 'agency' ? 'agency' : 'third_party',
          id: String(e.id),
          ...(typeof d.deliveredDate === 'string' ? { deliveredDate: d.deliveredDate as IsoDate } : {}),
        });
        break;
      case 'consultation_delivered':
        out.push({ type: 'consultation_delivered', date, id: String(d.consultation) });
        break;
      case 'consultation_answered':
        out.push({ type: 'consultation_answered', date, id: String(d.consultation) });
        break;
      case 'extension':
        out.push({ type: 'extension', date, days: Number(d.days), approver: String(d.approver ?? '') });
        break;
      case 'fee_notice':
        if (typeof d.receivedDate === 'string') out.push({ type: 'fee_notice_received', date: d.receivedDate as IsoDate });
        break;
      case 'fee_paid':
        out.push({ type: 'fee_paid', date });
        break;
      case 'replied':
        out.push({ type: 'replied', date });
        break;
    }
  }
  return out;
}

export interface ClockSettings {
  feePausesReplyClock: boolean;
}

export async function clockSettings(db: DbOrTrx): Promise<ClockSettings> {
  return { feePausesReplyClock: (await getSettings(db)).requestFeePausesClock !== '0' };
}

/** The reply clock of an application as of `today`. */
export async function clockOf(db: DbOrTrx, row: RequestRow, events: readonly RequestEventRow[], today: IsoDate = todayOf(db)): Promise<RequestClock> {
  const [cal, settings] = await Promise.all([getCalendar(db as Db), clockSettings(db)]);
  return requestReplyClock(cal, clockEvents(row, events), { today, feePausesReplyClock: settings.feePausesReplyClock });
}

export interface RequestView {
  row: RequestRow;
  agency: { id: number; name: string; slug: string };
  departmentName: string | null;
  stateLabel: string;
  applicant: ReturnType<typeof applicantFor>;
  clock: RequestClock;
  events: RequestEventRow[];
  letters: RequestLetterRow[];
  files: RequestFileRow[];
  /** An extension a handler asked for, awaiting the leader. */
  pendingExtension: { eventId: number; days: number; reason: string; requestedBy: string } | null;
  /** Open consultations, for recording their delivery or answer. */
  openConsultations: { eventId: number; party: string; sent: string; delivered: string | null }[];
  actions: RequestTransition[];
}

export async function loadRequest(db: DbOrTrx, id: number): Promise<RequestRow> {
  const row = await repo.findRequest(db, id);
  if (!row) throw notFound('申请');
  return row;
}

export function pendingExtensionOf(events: readonly RequestEventRow[]): RequestView['pendingExtension'] {
  let pending: RequestView['pendingExtension'] = null;
  for (const e of events) {
    const d = detailsOf(e);
    if (e.type === 'extension_requested') pending = { eventId: e.id, days: Number(d.days), reason: String(d.reason ?? ''), requestedBy: e.actorName };
    if ((e.type === 'extension' || e.type === 'extension_refused') && pending && Number(d.request) === pending.eventId) pending = null;
  }
  return pending;
}

export function openConsultationsOf(events: readonly RequestEventRow[]): RequestView['openConsultations'] {
  const open = new Map<number, { eventId: number; party: string; sent: string; delivered: string | null }>();
  for (const e of events) {
    const d = detailsOf(e);
    if (e.type === 'consultation_sent') open.set(e.id, { eventId: e.id, party: String(d.party), sent: e.date, delivered: (d.deliveredDate as string) ?? null });
    if (e.type === 'consultation_delivered') {
      const c = open.get(Number(d.consultation));
      if (c) c.delivered = e.date;
    }
    if (e.type === 'consultation_answered') open.delete(Number(d.consultation));
  }
  return [...open.values()];
}

export async function viewOf(db: DbOrTrx, actor: Actor, row: RequestRow): Promise<RequestView> {
  const [events, letters, files, agencies, departments] = await Promise.all([
    repo.listEvents(db, row.id),
    repo.listLetters(db, row.id),
    repo.listFiles(db, row.id),
    agencyLabels(db, [row.agencyId]),
    departmentNames(db, [row.departmentId]),
  ]);
  const agency = agencies.get(row.agencyId);
  const clock = await clockOf(db, row, events);
  const pendingExtension = pendingExtensionOf(events);
  const actions = availableTransitions(REQUEST_WORKFLOW, actor, subjectOf(row), {}).filter(
    (t) => (t.action !== 'approve_extension' && t.action !== 'refuse_extension') || pendingExtension !== null,
  );
  return {
    row,
    agency: { id: row.agencyId, name: agency?.name ?? '', slug: agency?.slug ?? '' },
    departmentName: row.departmentId === null ? null : (departments.get(row.departmentId) ?? null),
    stateLabel: REQUEST_STATES[row.state as RequestState]?.label ?? row.state,
    applicant: applicantFor(row, seesPersonalData(actor, row)),
    clock,
    events,
    letters,
    files,
    pendingExtension,
    openConsultations: openConsultationsOf(events),
    actions,
  };
}

export async function getRequest(db: Db, actor: Actor, id: number): Promise<RequestView> {
  const row = await loadRequest(db, id);
  if (!mayRead(actor, row)) throw notFound('申请');
  return viewOf(db, actor, row);
}

// ---------------------------------------------------------------- lists

export interface RequestListQuery {
  agencyId?: number | undefined;
  states?: string[] | undefined;
  /** open | due_soon | overdue | mine */
  view?: string | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** The office list: the open tabs nearest deadline first, the others newest first; the applicant's name masked. */
export async function listRequests(db: Db, actor: Actor, q: RequestListQuery) {
  const pageSize = Math.min(100, Math.max(1, q.pageSize ?? 20));
  const page = Math.max(1, q.page ?? 1);
  const today = todayOf(db);
  const open = ['registered', 'correction', 'handling', 'awaiting_fee'];
  const cal = q.view === 'due_soon' ? await getCalendar(db) : null;
  // Due soon: within five working days from today.
  const soon = cal ? (await import('../calendar/workdays.js')).addWorkdays(cal, today, 5, { details: false }).date : undefined;
  const r = await repo.listForOffice(db, {
    scope: requestScope(actor),
    agencyId: q.agencyId,
    states: q.view === 'open' || q.view === 'overdue' || q.view === 'due_soon' ? open : q.states,
    dueBy: q.view === 'overdue' ? addDaysIso(today, -1) : q.view === 'due_soon' ? soon : undefined,
    handlerId: q.view === 'mine' ? (actor.userId ?? -1) : undefined,
    order: q.view === 'open' || q.view === 'overdue' || q.view === 'due_soon' ? 'deadline' : 'newest',
    q: q.q,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const labels = await agencyLabels(
    db,
    r.items.map((i) => i.agencyId),
  );
  return {
    total: r.total,
    page,
    pageSize,
    items: r.items.map((i) => ({
      ...i,
      agencyName: labels.get(i.agencyId)?.name ?? '',
      agencySlug: labels.get(i.agencyId)?.slug ?? '',
      applicantName: maskName(i.applicantKind as ApplicantKind, i.applicantName),
      kindLabel: APPLICANT_KINDS[i.applicantKind as ApplicantKind]?.label ?? i.applicantKind,
      stateLabel: REQUEST_STATES[i.state as RequestState]?.label ?? i.state,
      overdue: i.dueDate !== null && open.includes(i.state) && i.dueDate < today,
    })),
  };
}

function addDaysIso(date: IsoDate, n: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10) as IsoDate;
}

/** Agencies where the actor may register applications (for the office's registration form). */
export function registrableAgencies(actor: Actor): number[] | null {
  return agenciesWith(actor, 'request.register');
}
