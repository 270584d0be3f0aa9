/**
 * Issue 14, point 2: the authorization matrix on real ids. Every office and API route,
 * read from the route table (so a new route cannot escape), is called by an anonymous
 * visitor, a platform administrator and every agency role, on real rows of the own
 * agency (own and other department) and of another agency, and under encoded spellings
 * of its path. The expected answer comes from the policy (`can` over PERMISSIONS and the
 * rule the route's entity follows), never from what the app answered before.
 *
 * A route without path parameters needs nothing here: its declared access decides.
 * A route with parameters must have an entry in RULES naming the rows its ids point at
 * and the permission the service checks on them; the first test fails until it has.
 *
 * The walk is split by route into shards (test/authz-matrix-N.test.ts), each with its own
 * database and fixture, so the runner's concurrency spreads it over the cores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { can, canOnAssigned, isPermission, mayTakeOverAccount, type Permission } from '../src/features/access/policy.js';
import type { Actor } from '../src/features/access/roles.js';
import type { RouteInfo } from '../src/web/core.js';
import { buildFixture, PEOPLE, type Fixture, type Person, type Place } from './authz-fixture.js';
import { ENGINES, createTestApp, type TestApp } from './helpers.js';

type Row = Fixture['rows'][string][number];
interface Target extends Place {
  label: string;
  params: Record<string, string>;
  row?: Row;
}

interface Rule {
  /** The kind of row the path's ids point at (Fixture.rows / Fixture.fresh). */
  kind: string;
  /** How a row becomes the path's parameters (default: { id }). */
  params?: (row: Row) => Record<string, string>;
  /** For a route that names its row in the query string (e.g. `?agency=`), how a row becomes it. */
  query?: (row: Row) => Record<string, string>;
  /** The entity-level rule (default: `can(actor, perm ?? route access, { agencyId, departmentId if dept })`). */
  perm?: Permission;
  dept?: boolean;
  allow?: (actor: Actor | null, target: Target, who: Person) => boolean;
  /** The route removes what it touches: a fresh row per request, no path variants. */
  fresh?: boolean;
  /** The route parses its body (multipart) before the service checks the row: with the
   * matrix's empty body a denied caller may see that 4xx instead of 403/404. */
  bodyFirst?: boolean;
  /** The row the path names does not exist in the fixture (an allowed caller gets 404). */
  noRow?: boolean;
}

const readPub = (a: Actor | null, t: Target) => can(a, 'publication.read', { agencyId: t.agencyId, departmentId: t.departmentId });
/** Who may change a publication's working copy (publication.drafting.ts authorizeEdit): editors while drafting, the office during review. */
const editPub = (a: Actor | null, t: Target) =>
  can(a, t.label.endsWith('submitted') ? 'publication.review' : 'publication.draft', { agencyId: t.agencyId, departmentId: t.departmentId });
const readRequest = (a: Actor | null, t: Target) => can(a, 'request.read', { agencyId: t.agencyId, departmentId: t.departmentId });
const readReports = (a: Actor | null, t: Target) => can(a, 'report.manage', { agencyId: t.agencyId }) || can(a, 'publication.read', { agencyId: t.agencyId });
const report = (row: Row) => ({ agency: String(row.id), year: '2025' });
const everyone = () => true;
const pubAtt = (row: Row) => ({ id: String(row.id), attachmentId: String(row.extra!.attachmentId) });
const slug = (row: Row) => ({ agency: String(row.extra!.slug) });
/** What the public sees: consultations once open, hearings once published, Q&A and plans once published. */
const isPublic = (_a: Actor | null, t: Target) => !['draft', undefined].includes(t.row!.extra!.state as string) || t.row!.extra!.published === 1;
/**
 * A mailbox letter (mailbox.service.ts mayAct): a 网站纠错 report about a platform page (no
 * agency) is the platform administrators'; an agency's letter follows `canOnAssigned`.
 */
const onLetter = (perm: Permission) => (a: Actor | null, t: Target) => !!a && (t.agencyId === null ? a.platformAdmin : canOnAssigned(a, perm, { agencyId: t.agencyId, departmentId: t.departmentId }));
const comment = (r: Row) => ({ id: String(r.id), commentId: String(r.extra!.commentId) });
const stage = (r: Row) => ({ id: String(r.id), stageId: String(r.extra!.stageId) });
const projectLink = (r: Row) => ({ id: String(r.id), publicationId: String(r.extra!.publicationId) });
const planBySlug = (r: Row) => ({ ...slug(r), year: String(r.extra!.year) });
const planById = (r: Row) => ({ agency: String(r.agencyId), year: String(r.extra!.year) });
/** Anyone working in the agency, and the system administrator; not the other two of the 三员 (project and plan pages). */
const inAgencyOrSystem = (a: Actor | null, t: Target) => !!a && (a.platformAdmin || a.memberships.some((m) => m.agencyId === t.agencyId));
/** Rules for several routes at once: `[keys, rule]`. */
const many = (keys: string[], rule: Rule) => Object.fromEntries(keys.map((k) => [k, rule]));

/** Per-route specifics, keyed "METHOD /pattern". */
export const RULES: Record<string, Rule> = {
  'POST /office/account/tokens/:id/revoke': { kind: 'token', fresh: true, allow: (a, t) => !!a && (t.label === 'own' || can(a, 'user.security', { agencyId: t.agencyId })) },
  'GET /office/users/:id': { kind: 'user' },
  'POST /office/users/:id': { kind: 'user' },
  'POST /office/users/:id/password': { kind: 'user', allow: (a, t) => !!a && can(a, 'user.security', { agencyId: t.agencyId }) && mayTakeOverAccount(a, takeOverTarget(t)) },
  'POST /office/users/:id/2fa/reset': { kind: 'user', fresh: true, allow: (a, t) => !!a && can(a, 'user.security', { agencyId: t.agencyId }) && mayTakeOverAccount(a, takeOverTarget(t)) },
  'POST /office/users/:id/unlock': { kind: 'user', allow: (a, t) => !!a && can(a, 'user.security', { agencyId: t.agencyId }) && mayTakeOverAccount(a, takeOverTarget(t)) },
  'GET /office/agencies/:id': { kind: 'agency' },
  'POST /office/agencies/:id': { kind: 'agency' },
  'GET /office/agencies/:id/guide': { kind: 'agency' },
  'POST /office/agencies/:id/guide': { kind: 'agency', bodyFirst: true },
  'GET /office/agencies/:id/departments': { kind: 'agency' },
  'POST /office/agencies/:id/departments': { kind: 'agency' },
  'POST /office/departments/:id': { kind: 'department' },
  'POST /office/departments/:id/delete': { kind: 'department', fresh: true },
  'GET /api/v1/agencies/:id': { kind: 'agency', allow: everyone },
  'PATCH /api/v1/agencies/:id': { kind: 'agency' },
  'PUT /api/v1/agencies/:id/guide': { kind: 'agency', bodyFirst: true },
  'POST /api/v1/agencies/:id/departments': { kind: 'agency' },
  'PATCH /api/v1/departments/:id': { kind: 'department' },
  'DELETE /api/v1/departments/:id': { kind: 'department', fresh: true },
  'GET /api/v1/calendar/years/:year': { kind: 'year', allow: everyone },
  'PUT /api/v1/calendar/years/:year': { kind: 'year' },
  'GET /office/calendar/:year': { kind: 'year' },
  'GET /office/calendar/:year/edit': { kind: 'year' },
  'POST /office/calendar/:year': { kind: 'year' },
  'GET /api/v1/publications/:id': { kind: 'publication', allow: readPub },
  'PATCH /api/v1/publications/:id': { kind: 'publication', allow: editPub },
  // Saving and submitting is drafting: a submitted item cannot be submitted again by anyone.
  'POST /api/v1/publications/:id/save-and-submit': { kind: 'publication', allow: (a, t) => !t.label.endsWith('submitted') && editPub(a, t), bodyFirst: true },
  'POST /api/v1/publications/:id/transitions': { kind: 'publication', allow: readPub, bodyFirst: true },
  'POST /api/v1/publications/:id/findings/confirm': { kind: 'publication', allow: (a, t) => can(a, 'publication.review', { agencyId: t.agencyId }), bodyFirst: true },
  'POST /api/v1/publications/:id/attachments': { kind: 'publication', allow: editPub, bodyFirst: true },
  'DELETE /api/v1/publications/:id/attachments/:attachmentId': { kind: 'draftAttachment', params: pubAtt, allow: editPub, fresh: true },
  'GET /office/attachments/:id': { kind: 'publication', params: (r) => ({ id: String(r.extra!.attachmentId) }), allow: readPub },
  'GET /office/publications/:id': { kind: 'publication', allow: readPub },
  'POST /office/publications/:id': { kind: 'publication', allow: editPub },
  'POST /office/publications/:id/transition': { kind: 'publication', allow: readPub },
  'GET /office/publications/:id/review': { kind: 'publication', allow: readPub },
  'GET /office/publications/:id/history': { kind: 'publication', allow: readPub },
  'POST /office/publications/:id/attachments': { kind: 'publication', allow: editPub, bodyFirst: true },
  'POST /office/publications/:id/findings': { kind: 'publication', allow: readPub },
  // The waiver of the 解读 requirement: read access to the item, then the service asks for publication.waive_interpretation (an empty body is refused first).
  'POST /office/publications/:id/interpretation-waiver': { kind: 'publication', allow: readPub, bodyFirst: true },
  'POST /office/publications/:id/attachments/:attachmentId/delete': { kind: 'draftAttachment', params: pubAtt, allow: editPub, fresh: true },
  'GET /office/publications/settings/:id': { kind: 'agency' },
  'POST /office/publications/settings/:id': { kind: 'agency' },
  'GET /office/search/synonyms/:id': { kind: 'synonym', fresh: true },
  'POST /office/search/synonyms/:id': { kind: 'synonym', fresh: true },
  'POST /office/search/synonyms/:id/delete': { kind: 'synonym', fresh: true },
  'GET /office/imports/:id': { kind: 'importJob' },
  'GET /office/catalog/:id': { kind: 'agency' },
  'GET /office/catalog/columns/:id': { kind: 'column' },
  'POST /office/catalog/columns/:id': { kind: 'column' },
  'POST /office/catalog/columns/:id/hide': { kind: 'column' },
  'POST /office/catalog/columns/:id/show': { kind: 'column' },
  'POST /office/catalog/columns/:id/move': { kind: 'column' },
  'GET /office/mail/:id': { kind: 'mail' },
  'GET /api/v1/requests/track/:trackingCode': { kind: 'request', params: (r) => ({ trackingCode: String(r.extra!.trackingCode) }), allow: everyone },
  'GET /api/v1/requests/stats/:agency': { kind: 'agency', params: (r) => ({ agency: String(r.extra!.slug) }), allow: everyone },
  'GET /api/v1/requests/:id': { kind: 'request', allow: readRequest },
  'POST /api/v1/requests/:id/actions': { kind: 'request', allow: readRequest, bodyFirst: true },
  'GET /office/requests/:id': { kind: 'request', allow: readRequest },
  'POST /office/requests/:id/act': { kind: 'request', allow: readRequest },
  'GET /office/requests/:id/letters/:letterId': { kind: 'letter', params: (r) => ({ id: String(r.extra!.requestId), letterId: String(r.id) }), allow: readRequest },
  'GET /office/requests/:id/letters/:letterId.docx': { kind: 'letter', params: (r) => ({ id: String(r.extra!.requestId), letterId: String(r.id) }), allow: readRequest },
  'POST /office/requests/:id/files': { kind: 'request', dept: true, bodyFirst: true },
  'POST /office/requests/:id/files/:fileId/delete': { kind: 'requestFile', params: (r) => ({ id: String(r.extra!.requestId), fileId: String(r.id) }), dept: true, fresh: true },
  'GET /office/requests/files/:fileId': { kind: 'requestFile', params: (r) => ({ fileId: String(r.id) }), allow: readRequest },
  'POST /office/requests/appeals/:appealId': { kind: 'appeal', params: (r) => ({ appealId: String(r.id) }) },
  'POST /office/requests/proposals/:proposalId': { kind: 'proposal', params: (r) => ({ proposalId: String(r.id) }) },
  'GET /api/v1/fees/:agency': { kind: 'agency', params: (r) => ({ agency: String(r.extra!.slug) }), allow: everyone },
  'GET /api/v1/fees/:agency/notice': { kind: 'agency', params: (r) => ({ agency: String(r.extra!.slug) }), allow: everyone },
  'GET /office/fees/:agencyId': { kind: 'agency', params: (r) => ({ agencyId: String(r.id) }), perm: 'publication.read' },
  // Proposing drafts the announcement: drafting in that agency as well (fee.manage's roles all draft).
  'POST /office/fees/:agencyId/changes': { kind: 'agency', params: (r) => ({ agencyId: String(r.id) }), perm: 'fee.manage' },
  'GET /api/v1/annual-reports/:agency/:year': { kind: 'agency', params: (r) => ({ agency: String(r.extra!.slug), year: '2025' }), allow: everyone, noRow: true },
  ...Object.fromEntries(
    ['', '/cell', '/report.docx', '/report.xlsx', '/table-:table.csv', '/print', '/government', '/government.xlsx'].map((s) => [
      `GET /office/annual-reports/:agency/:year${s}`,
      // A cell is named in the query, and the government-wide report exists only for a 人民政府办公室:
      // the fixture's agencies have neither, so an allowed caller may get 404 there.
      { kind: 'agency', params: (r: Row) => ({ ...report(r), table: '2' }), allow: readReports, noRow: ['/cell', '/government', '/government.xlsx'].includes(s) } satisfies Rule,
    ]),
  ),
  'GET /office/annual-reports/:agency/:year/revisions/:no': { kind: 'agency', params: (r) => ({ ...report(r), no: '1' }), allow: readReports, noRow: true },
  'GET /office/annual-reports/:agency/:year/statistics': { kind: 'agency', params: report, allow: (a, t) => readReports(a, t) && can(a, 'request.read', { agencyId: t.agencyId }) },
  'GET /office/annual-reports/:agency/:year/statistics.xlsx': { kind: 'agency', params: report, allow: (a, t) => readReports(a, t) && can(a, 'request.read', { agencyId: t.agencyId }) },
  'GET /office/annual-reports/:agency/:year/statistics/:set.csv': { kind: 'agency', params: (r) => ({ ...report(r), set: 'outcomes' }), allow: (a, t) => readReports(a, t) && can(a, 'request.read', { agencyId: t.agencyId }) },
  // Preparing writes the report's publication draft: drafting in that agency as well.
  'POST /office/annual-reports/:agency/:year/prepare': { kind: 'agency', params: report, allow: (a, t) => can(a, 'report.manage', { agencyId: t.agencyId }) && can(a, 'publication.draft', { agencyId: t.agencyId }) },
  'GET /office/annual-reports/:agency/history': { kind: 'agency', params: (r) => ({ agency: String(r.id) }), allow: readReports },
  ...Object.fromEntries(
    ['POST /office/annual-reports/:agency/:year/inputs', 'POST /office/annual-reports/:agency/:year/narrative', 'GET /office/annual-reports/:agency/:year/typed', 'POST /office/annual-reports/:agency/:year/typed'].map((k) => [
      k,
      { kind: 'agency', params: report, perm: 'report.manage' } satisfies Rule,
    ]),
  ),
  ...Object.fromEntries(
    ['GET /office/annual-reports/:agency/import', 'POST /office/annual-reports/:agency/import', 'POST /office/annual-reports/:agency/import/store'].map((k) => [
      k,
      { kind: 'agency', params: (r: Row) => ({ agency: String(r.id) }), perm: 'report.manage', bodyFirst: k.startsWith('POST') } satisfies Rule,
    ]),
  ),

  // ---- participation (participation.service.ts): the public reads what is open or published; the
  // office reads in its agency (office.access) and manages with participation.manage there.
  'GET /api/v1/consultations/:id': { kind: 'consultation', allow: isPublic },
  // Commenting is public while a consultation takes comments; a draft is not there to comment on.
  'POST /api/v1/consultations/:id/comments': { kind: 'consultation', allow: isPublic },
  'GET /api/v1/hearings/:id': { kind: 'hearing', allow: isPublic },
  ...many(
    [
      'PATCH /api/v1/consultations/:id',
      'POST /api/v1/consultations/:id/open',
      'POST /api/v1/consultations/:id/close',
      'GET /api/v1/consultations/:id/comments',
      'PUT /api/v1/consultations/:id/feedback',
      'PUT /api/v1/consultations/:id/publication',
      'GET /office/participation/consultations/:id',
      'POST /office/participation/consultations/:id',
      'POST /office/participation/consultations/:id/open',
      'POST /office/participation/consultations/:id/close',
      'POST /office/participation/consultations/:id/feedback',
      'POST /office/participation/consultations/:id/link',
    ],
    { kind: 'consultation' },
  ),
  ...many(['POST /api/v1/consultations/:id/comments/:commentId/moderation', 'POST /office/participation/consultations/:id/comments/:commentId'], { kind: 'consultation', params: comment }),
  ...many(
    ['PATCH /api/v1/hearings/:id', 'POST /api/v1/hearings/:id/publish', 'POST /api/v1/hearings/:id/materials', 'GET /office/participation/hearings/:id', 'POST /office/participation/hearings/:id', 'POST /office/participation/hearings/:id/publish', 'POST /office/participation/hearings/:id/materials'],
    { kind: 'hearing' },
  ),

  // ---- the mailbox (mailbox.service.ts): letters are department-scoped (onLetter); publishing Q&A
  // needs mailbox.publish even where the office route admits mailbox.handle.
  'GET /api/v1/mailbox/track/:trackingCode': { kind: 'mailbox', params: (r) => ({ trackingCode: String(r.extra!.trackingCode) }), allow: everyone },
  'GET /api/v1/mailbox/qa/:agency': { kind: 'agency', params: slug, allow: everyone },
  'GET /api/v1/mailbox/qa/:agency/:id': { kind: 'mailboxQa', params: (r) => ({ ...slug(r), id: String(r.id) }), allow: isPublic },
  ...many(['GET /api/v1/mailbox/:id', 'GET /office/mailbox/:id'], { kind: 'mailbox', allow: onLetter('mailbox.read') }),
  // Assigning with an empty body routes the letter back to the office: a fresh letter per request.
  ...many(['POST /api/v1/mailbox/:id/assign', 'POST /office/mailbox/:id/assign'], { kind: 'mailbox', allow: onLetter('mailbox.handle'), fresh: true }),
  ...many(['POST /api/v1/mailbox/:id/close', 'POST /office/mailbox/:id/reply', 'POST /office/mailbox/:id/close'], { kind: 'mailbox', allow: onLetter('mailbox.handle') }),
  // The office's publish form is validated first and re-rendered as the detail page the caller
  // may read anyway (an editor of the letter's department: 400); nothing is published.
  'POST /office/mailbox/:id/publish': { kind: 'mailbox', allow: onLetter('mailbox.publish'), bodyFirst: true },
  'POST /office/mailbox/:id/unpublish': { kind: 'mailbox', allow: onLetter('mailbox.publish') },
  // The agency whose limits change is named in the query.
  'POST /office/mailbox/limits': { kind: 'agency', query: (r) => ({ agency: String(r.id) }) },
  // The API validates the reply and the texts to publish before it loads the letter.
  'POST /api/v1/mailbox/:id/reply': { kind: 'mailbox', allow: onLetter('mailbox.handle'), bodyFirst: true },
  'POST /api/v1/mailbox/:id/publish': { kind: 'mailbox', allow: onLetter('mailbox.publish'), bodyFirst: true },

  // ---- key projects and work plans (project.service.ts, work-plan.service.ts): a project's page is
  // public from registration, a plan once published; the office reads in its agency and manages
  // with project.manage; publishing a plan is publishing (publication.publish).
  'GET /api/v1/projects/:id': { kind: 'project', allow: everyone },
  'GET /api/v1/projects/:id/stages/:stageId/notice': { kind: 'project', params: stage, allow: everyone },
  ...many(
    ['PATCH /api/v1/projects/:id', 'POST /api/v1/projects/:id/stages', 'POST /api/v1/projects/:id/progress', 'POST /api/v1/projects/:id/links', 'POST /office/projects/:id', 'POST /office/projects/:id/stages', 'POST /office/projects/:id/progress', 'POST /office/projects/:id/links'],
    { kind: 'project' },
  ),
  'GET /office/projects/:id': { kind: 'project', allow: (a, t) => inAgencyOrSystem(a, t) },
  'PATCH /api/v1/projects/:id/stages/:stageId': { kind: 'project', params: stage },
  ...many(['PUT /api/v1/projects/:id/links/:publicationId/approval', 'POST /office/projects/:id/links/:publicationId/approval'], { kind: 'projectLink', params: projectLink }),
  ...many(['DELETE /api/v1/projects/:id/links/:publicationId', 'POST /office/projects/:id/links/:publicationId/delete'], { kind: 'projectLink', params: projectLink, fresh: true }),
  'GET /api/v1/work-plans/:agency/:year': { kind: 'workPlan', params: planBySlug, allow: isPublic },
  ...many(['PUT /api/v1/work-plans/:agency/:year', 'POST /api/v1/work-plans/:agency/:year/targets', 'POST /api/v1/work-plans/:agency/:year/progress', 'POST /api/v1/work-plans/:agency/:year/summary'], { kind: 'workPlan', params: planBySlug }),
  'POST /api/v1/work-plans/:agency/:year/publish': { kind: 'workPlan', params: planBySlug, perm: 'publication.publish' },
  'GET /office/work-plans/:agency/:year': { kind: 'workPlan', params: planById, allow: (a, t) => inAgencyOrSystem(a, t) },
  // The office's plan forms admit every office member; the service asks project.manage in the agency.
  ...many(['POST /office/work-plans/:agency/:year', 'POST /office/work-plans/:agency/:year/targets', 'POST /office/work-plans/:agency/:year/progress', 'POST /office/work-plans/:agency/:year/summary'], { kind: 'workPlan', params: planById, perm: 'project.manage' }),
  'POST /office/work-plans/:agency/:year/publish': { kind: 'workPlan', params: planById, perm: 'publication.publish' },

  // ---- standard catalogs (standard-catalog.service.ts): public to read, catalog.manage in the agency to change.
  'GET /api/v1/standard-catalogs/:agency': { kind: 'agency', params: slug, allow: everyone },
  'POST /api/v1/standard-catalogs/:agency/rows': { kind: 'agency', params: slug },
  // The XLSX body is checked before the agency's rule.
  'POST /api/v1/standard-catalogs/:agency/import': { kind: 'agency', params: slug, bodyFirst: true },
  ...many(['GET /office/standard-catalogs/:id', 'POST /office/standard-catalogs/:id/import', 'GET /office/standard-catalogs/:id/rows/new', 'POST /office/standard-catalogs/:id/rows'], { kind: 'agency' }),
  ...many(['PUT /api/v1/standard-catalogs/rows/:id', 'GET /office/standard-catalogs/rows/:id', 'POST /office/standard-catalogs/rows/:id', 'POST /office/standard-catalogs/rows/:id/link'], { kind: 'catalogRow' }),
  ...many(['DELETE /api/v1/standard-catalogs/rows/:id', 'POST /office/standard-catalogs/rows/:id/delete'], { kind: 'catalogRow', fresh: true }),
  // Filing an item under a row: reading the item (department-scoped) and managing the agency's catalog.
  'PUT /api/v1/standard-catalogs/links/:id': { kind: 'publication', allow: (a, t) => readPub(a, t) && can(a, 'catalog.manage', { agencyId: t.agencyId }) },
};

/** Routes the matrix leaves to their own tests: signing in and out changes who the client is. */
const OWN_TESTS = new Set(['GET /office/login', 'POST /office/login', 'POST /office/logout']);

let takeOverTarget: (t: Target) => { platformAdmin: boolean; adminRole: string | null; agencyIds: number[] };

const keyOf = (r: RouteInfo) => `${r.method} ${r.url}`;
const inMatrix = (r: RouteInfo) => (r.url === '/office' || r.url.startsWith('/office/') || r.url.startsWith('/api/')) && r.method !== 'OPTIONS' && !OWN_TESTS.has(keyOf(r));

function pathOf(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = params[name];
    assert.ok(v !== undefined, `no value for :${name} in ${pattern}`);
    return encodeURIComponent(v);
  });
}

/**
 * Spellings a router decodes to the same route (an encoded letter, in upper-case hex for
 * one caller and lower-case for the other, a trailing slash) must get the same decision;
 * spellings it does not (doubled slashes, upper case) may only miss the route (404),
 * never open it.
 */
function variants(path: string, upperHex: boolean): { url: string; same: boolean }[] {
  const pct = (c: string) => `%${c.charCodeAt(0).toString(16)[upperHex ? 'toUpperCase' : 'toLowerCase']()}`;
  const segs = path.split('/');
  const last = segs.length - 1;
  const lastLetter = segs[last]!.search(/[a-z]/);
  const out = [
    { url: `/${pct(path[1]!)}${path.slice(2)}`, same: true },
    { url: `${path}/`, same: true },
    { url: path.replace(/\//g, '//'), same: false },
    { url: path.toUpperCase(), same: false },
  ];
  if (lastLetter >= 0 && last > 1) {
    const s = segs[last]!;
    out.push({ url: [...segs.slice(0, last), `${s.slice(0, lastLetter)}${pct(s[lastLetter]!)}${s.slice(lastLetter + 1)}`].join('/'), same: true });
  }
  return out;
}

type Outcome = 'allowed' | 'login' | 'forbidden' | 'hidden' | 'miss' | 'error';
function outcomeOf(res: LightMyRequestResponse): Outcome {
  const s = res.statusCode;
  if (s >= 500) return 'error';
  if (s === 401 || (s === 303 && String(res.headers.location).startsWith('/office/login'))) return 'login';
  if (s === 403) return 'forbidden';
  if (s === 404) return /没有这个接口|您访问的页面不存在或已被移除/.test(res.body) ? 'miss' : 'hidden';
  return 'allowed';
}

/** Registers shard `shard` (1-based) of `shards`: every `shards`-th route of the table, on every engine. */
export const matrixSuite = (shard: number, shards: number) =>
  ENGINES.forEach((engine) => {
  describe(`authorization matrix on real ids (${engine}, part ${shard} of ${shards})`, () => {
    let t: TestApp;
    let fx: Fixture;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      fx = await buildFixture(t);
      const users = await t.db.selectFrom('users').select(['id', 'platformAdmin', 'adminRole']).execute();
      const platformAdmins = new Set(users.filter((u) => u.platformAdmin === 1).map((u) => u.id));
      const memberships = await t.db.selectFrom('memberships').select(['userId', 'agencyId']).execute();
      takeOverTarget = (target) => target.row!.extra?.platformAdmin !== undefined
        // A person the fixture made for this one request (fresh: true).
        ? { platformAdmin: target.row!.extra.platformAdmin === 1, adminRole: null, agencyIds: [target.agencyId!] }
        : {
        platformAdmin: platformAdmins.has(Number(target.row!.id)),
        adminRole: users.find((u) => u.id === Number(target.row!.id))?.adminRole ?? null,
        agencyIds: memberships.filter((m) => m.userId === Number(target.row!.id)).map((m) => m.agencyId),
      };
    });
    after(async () => t?.close());

    if (shard === 1) test('every office and API route with ids in its path has a matrix rule', () => {
      const missing = t.app.routeTable.filter((r) => inMatrix(r) && r.url.includes(':') && !RULES[keyOf(r)]).map(keyOf);
      assert.deepEqual(missing, [], 'add these to RULES in test/authz-matrix.test.ts (the kind of row and the permission the service checks)');
      const stale = Object.keys(RULES).filter((k) => !t.app.routeTable.some((r) => keyOf(r) === k));
      assert.deepEqual(stale, [], 'rules for routes that no longer exist');
    });

    test('every route answers every person as the policy says, on every target and spelling', async () => {
      const started = performance.now();
      const failures: string[] = [];
      let requests = 0;
      const routes = t.app.routeTable.filter(inMatrix).filter((_, i) => i % shards === shard - 1);
      for (const route of routes) {
        const rule = RULES[keyOf(route)];
        const access = route.access!;
        const spellingsFor =
          PEOPLE.find((p) => access === 'public' || access === 'authenticated' || (isPermission(access) && can(fx.actors.get(p) ?? null, access))) ?? PEOPLE[0];
        for (const who of ['anonymous', ...PEOPLE] as Person[]) {
          const actor = fx.actors.get(who) ?? null;
          const client = fx.clients.get(who)!;
          const routeAllows = access === 'public' ? true : access === 'authenticated' ? actor !== null : isPermission(access) && can(actor, access);
          const targets: Target[] = [];
          if (!rule) targets.push({ label: 'none', agencyId: fx.own.agencyId, departmentId: null, params: {} });
          else if (rule.fresh) {
            for (const place of fx.freshPlaces[rule.kind] ?? ['own', 'other']) {
              const row = await fx.fresh[rule.kind]!(place, who);
              targets.push({ ...row, label: place, row, params: rule.params ? rule.params(row) : { id: String(row.id) } });
            }
          } else if (rule.kind === 'year') targets.push({ label: 'platform', agencyId: fx.own.agencyId, departmentId: null, params: { year: '2026' } });
          else for (const row of fx.rows[rule.kind] ?? []) targets.push({ agencyId: row.agencyId, departmentId: row.departmentId, label: row.label, row, params: rule.params ? rule.params(row) : { id: String(row.id) } });
          assert.ok(targets.length > 0, `${keyOf(route)}: no rows of kind ${rule?.kind}`);

          for (const [i, target] of targets.entries()) {
            let entityAllows = true;
            if (rule && rule.kind !== 'year') {
              entityAllows = rule.allow
                ? rule.allow(actor, target, who)
                : can(actor, rule.perm ?? (isPermission(access) ? access : 'office.access'), { agencyId: target.agencyId, departmentId: rule.dept ? target.departmentId : null });
            } else if (rule?.allow) entityAllows = rule.allow(actor, target, who);
            const qs = rule?.query && target.row ? `?${new URLSearchParams(rule.query(target.row)).toString()}` : '';
            const path = pathOf(route.url, target.params);
            const call = (url: string) => {
              requests++;
              // Each request from its own address: a rate limit (comments, tracking codes) is tested
              // with its feature, and a 429 here would stand in for the decision under test.
              client.ip = `198.18.${(requests >> 8) & 255}.${requests & 255}`;
              if (route.method === 'GET') return client.get(url);
              if (route.url.startsWith('/api/')) return client.api(route.method as 'POST', url, {});
              return client.post(url, {});
            };
            const judge = (url: string, res: LightMyRequestResponse, same: boolean) => {
              const got = outcomeOf(res);
              const where = `${who} ${route.method} ${url} [${target.label}] → ${res.statusCode}`;
              if (got === 'error') return failures.push(`${where}: server error`);
              // A spelling the router does not read as this route lands elsewhere (a 404, or the
              // portal's catch-all): it may never open what the policy denies.
              if (!same) {
                if ((!routeAllows || !entityAllows) && got === 'allowed') failures.push(`${where}: opened by a spelling`);
                return undefined;
              }
              if (got === 'miss') return failures.push(`${where}: route not matched`);
              if (!routeAllows) {
                const want: Outcome = actor ? 'forbidden' : 'login';
                if (got !== want) failures.push(`${where}: expected ${want} (route rule ${access})`);
              } else if (!entityAllows) {
                if (got !== 'forbidden' && got !== 'hidden' && !(rule?.bodyFirst && res.statusCode >= 400 && res.statusCode < 500))
                  failures.push(`${where}: expected 403/404 for this row`);
              } else if (got !== 'allowed' && !(rule?.noRow && got === 'hidden')) {
                failures.push(`${where}: expected allowed`);
              }
              return undefined;
            };
            judge(path + qs, await call(path + qs), true);
            // Encoded spellings: on the first target, for the anonymous visitor and the first person the
            // route admits (or, when it admits nobody signed in, the first person), not on routes that remove rows.
            // A spelling the router does not read as the route is only judged where the policy denies.
            if (i === 0 && !rule?.fresh && (who === 'anonymous' || who === spellingsFor))
              for (const v of variants(path, who === 'anonymous')) if (v.same || !routeAllows || !entityAllows) judge(v.url + qs, await call(v.url + qs), v.same);
          }
        }
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(`authorization matrix (${engine}, part ${shard}/${shards}): ${routes.length} routes, ${PEOPLE.length + 1} people, ${requests} requests in ${seconds.toFixed(1)} s`);
      assert.ok(requests > 5000 / shards, `${requests} requests`);
      assert.deepEqual(failures, []);
    });
  });
});
