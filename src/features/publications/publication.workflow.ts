/**
 * The review workflow (审核统一发布), declared once. The service enforces it, the
 * office shows the buttons it allows, and the public 工作流程图 is drawn from it
 * (publication.chart.ts), so the chart cannot drift from what the code does.
 */
import { AppError, forbidden } from '../../errors.js';
import { AGENCY_ROLES, type Actor, type AgencyRole } from '../accounts/roles.js';
import { can, PERMISSIONS, type Permission } from '../accounts/policy.js';

export interface StateDef {
  label: string;
  /** One sentence for the office and the chart's text alternative. */
  description: string;
  /** Grid position in the chart: column and row. */
  chart: { col: number; row: number };
}

export const WORKFLOW_STATES = {
  draft: { label: '草稿', description: '股室起草信息，可随时修改', chart: { col: 1, row: 0 } },
  returned: { label: '退回修改', description: '审核或审批未通过，退回股室按意见修改', chart: { col: 0, row: 1 } },
  submitted: { label: '待办公室审核', description: '办公室审核内容并进行保密审查', chart: { col: 1, row: 1 } },
  pending_approval: { label: '待领导审批', description: '本机关要求领导审批的，由分管领导审批', chart: { col: 2, row: 2 } },
  approved: { label: '待发布', description: '审核（审批）通过，等待办公室发布', chart: { col: 1, row: 3 } },
  scheduled: { label: '定时发布', description: '到设定时间由系统自动发布', chart: { col: 2, row: 3 } },
  published: { label: '已发布', description: '在政府信息公开目录中公开，系统记录发布日期', chart: { col: 1, row: 4 } },
  withdrawn: { label: '已撤回', description: '已撤回，原网址显示撤回说明', chart: { col: 1, row: 5 } },
  discarded: { label: '已删除', description: '从未发布的草稿被删除', chart: { col: 0, row: 0 } },
} as const satisfies Record<string, StateDef>;

export type WorkflowState = keyof typeof WORKFLOW_STATES;
export const WORKFLOW_STATE_KEYS = Object.keys(WORKFLOW_STATES) as WorkflowState[];
export const isWorkflowState = (v: unknown): v is WorkflowState => typeof v === 'string' && Object.hasOwn(WORKFLOW_STATES, v);

/**
 * Conditions a transition depends on besides the state: whether the agency asks
 * for leader approval, and whether the item has ever been published.
 */
export const GUARDS = {
  leaderRequired: { label: '本机关要求领导审批', holds: (c: TransitionContext) => c.leaderApprovalRequired },
  leaderNotRequired: { label: '无需领导审批', holds: (c: TransitionContext) => !c.leaderApprovalRequired },
  everPublished: { label: '已发布过的信息', holds: (c: TransitionContext) => c.everPublished },
  neverPublished: { label: '从未发布的草稿', holds: (c: TransitionContext) => !c.everPublished },
} as const;
export type Guard = keyof typeof GUARDS;

export interface TransitionContext {
  leaderApprovalRequired: boolean;
  everPublished: boolean;
}

export interface TransitionDef {
  action: string;
  /** Short, for buttons and the chart's arrows. */
  label: string;
  /** A longer explanation, for the chart's text alternative and the office. */
  note?: string;
  from: readonly WorkflowState[];
  to: WorkflowState;
  /** A permission checked in the item's agency and department, or 'system' (the scheduler only). */
  permission: Permission | 'system';
  comment: 'required' | 'optional';
  guard?: Guard;
  /** The decision recorded in publication_reviews, if any. */
  records?: 'office_review' | 'leader_approval';
  /** Housekeeping, not a step of the public procedure: left off the public chart. */
  internal?: boolean;
}

export const WORKFLOW_TRANSITIONS = [
  { action: 'submit', label: '提交审核', from: ['draft', 'returned'], to: 'submitted', permission: 'publication.draft', comment: 'optional' },
  {
    action: 'approve', label: '审核通过', from: ['submitted'], to: 'approved', permission: 'publication.review', comment: 'optional',
    guard: 'leaderNotRequired', records: 'office_review',
  },
  {
    action: 'approve', label: '审核通过', note: '报领导审批', from: ['submitted'], to: 'pending_approval', permission: 'publication.review',
    comment: 'optional', guard: 'leaderRequired', records: 'office_review',
  },
  { action: 'approve', label: '审批同意', from: ['pending_approval'], to: 'approved', permission: 'publication.approve', comment: 'optional', records: 'leader_approval' },
  { action: 'reject', label: '退回修改', from: ['submitted'], to: 'returned', permission: 'publication.review', comment: 'required', records: 'office_review' },
  { action: 'reject', label: '领导退回', from: ['pending_approval'], to: 'returned', permission: 'publication.approve', comment: 'required', records: 'leader_approval' },
  { action: 'reject', label: '撤销并退回', note: '撤销审核结论，退回修改', from: ['approved', 'scheduled'], to: 'returned', permission: 'publication.review', comment: 'required', internal: true },
  { action: 'publish', label: '发布', from: ['approved'], to: 'published', permission: 'publication.publish', comment: 'optional' },
  { action: 'schedule', label: '定时发布', from: ['approved'], to: 'scheduled', permission: 'publication.publish', comment: 'optional' },
  { action: 'unschedule', label: '取消定时', from: ['scheduled'], to: 'approved', permission: 'publication.publish', comment: 'optional', internal: true },
  { action: 'publish_due', label: '到时发布', note: '到设定时间由系统自动发布', from: ['scheduled'], to: 'published', permission: 'system', comment: 'optional' },
  { action: 'revise', label: '修订', note: '新版本重新审核，原版本继续公开', from: ['published'], to: 'draft', permission: 'publication.draft', comment: 'optional' },
  {
    action: 'cancel_revision', label: '放弃修订', from: ['draft', 'returned'], to: 'published', permission: 'publication.draft', comment: 'optional',
    guard: 'everPublished', internal: true,
  },
  {
    action: 'discard', label: '删除草稿', from: ['draft', 'returned'], to: 'discarded', permission: 'publication.draft', comment: 'optional',
    guard: 'neverPublished', internal: true,
  },
  { action: 'withdraw', label: '撤回', note: '原网址显示撤回说明', from: ['published'], to: 'withdrawn', permission: 'publication.publish', comment: 'required' },
  { action: 'set_validity', label: '变更有效性', note: '标注失效或废止及其日期、替代文件', from: ['published'], to: 'published', permission: 'publication.publish', comment: 'optional' },
] as const satisfies readonly TransitionDef[];

export type WorkflowAction = (typeof WORKFLOW_TRANSITIONS)[number]['action'];
export const WORKFLOW_ACTIONS = [...new Set(WORKFLOW_TRANSITIONS.map((t) => t.action))] as WorkflowAction[];
export const isWorkflowAction = (v: unknown): v is WorkflowAction => typeof v === 'string' && (WORKFLOW_ACTIONS as string[]).includes(v);

export interface WorkflowDefinition {
  states: Record<WorkflowState, StateDef>;
  transitions: readonly TransitionDef[];
  initial: WorkflowState;
}

export const WORKFLOW: WorkflowDefinition = {
  states: WORKFLOW_STATES,
  transitions: WORKFLOW_TRANSITIONS,
  initial: 'draft',
};

/** The transitions an action names from a state, whoever asks; guards applied. */
export function transitionFor(def: WorkflowDefinition, state: WorkflowState, action: string, ctx: TransitionContext): TransitionDef | null {
  return (
    def.transitions.find(
      (t) => t.action === action && (t.from as readonly string[]).includes(state) && (!t.guard || GUARDS[t.guard].holds(ctx)),
    ) ?? null
  );
}

export interface WorkflowSubject {
  state: WorkflowState;
  agencyId: number;
  departmentId: number | null;
}

/** Whether the actor may perform a transition on this item (its agency and department). */
export function actorMay(actor: Actor, t: TransitionDef, subject: WorkflowSubject): boolean {
  if (t.permission === 'system') return actor.via === 'system';
  return can(actor, t.permission, { agencyId: subject.agencyId, departmentId: subject.departmentId });
}

/**
 * The transition to apply, or the reason not: INVALID_TRANSITION when the action
 * is not possible from the item's state (for anyone), FORBIDDEN when it is but
 * not for this person.
 */
export function checkTransition(def: WorkflowDefinition, actor: Actor, subject: WorkflowSubject, action: string, ctx: TransitionContext): TransitionDef {
  const t = transitionFor(def, subject.state, action, ctx);
  if (!t) {
    const known = def.transitions.some((x) => x.action === action);
    throw new AppError(
      'INVALID_TRANSITION',
      known
        ? `“${def.states[subject.state].label}”状态下不能执行“${actionLabel(def, action)}”`
        : `未知的操作：${action}`,
    );
  }
  if (!actorMay(actor, t, subject)) throw forbidden(`您没有权限对此信息执行“${t.label}”`);
  return t;
}

/** What this actor can do with the item now, for the office's buttons. */
export function availableTransitions(def: WorkflowDefinition, actor: Actor, subject: WorkflowSubject, ctx: TransitionContext): TransitionDef[] {
  return def.transitions.filter(
    (t) => (t.from as readonly string[]).includes(subject.state) && (!t.guard || GUARDS[t.guard].holds(ctx)) && actorMay(actor, t, subject),
  );
}

export function actionLabel(def: WorkflowDefinition, action: string): string {
  return def.transitions.find((t) => t.action === action)?.label ?? action;
}

/** Who performs a transition, named by the first role that holds its permission (from the policy table). */
export function performerLabel(t: TransitionDef): string {
  if (t.permission === 'system') return '系统';
  const roles = PERMISSIONS[t.permission].roles as readonly AgencyRole[];
  const first = roles[0];
  return first ? AGENCY_ROLES[first].label.replace(/（.*?）/g, '') : '平台管理员';
}

/**
 * The transitions of the public procedure for an agency: without housekeeping
 * steps, and with only the leader-approval branch that applies to it (both when
 * `leaderApproval` is undefined).
 */
export function publicTransitions(def: WorkflowDefinition, opts: { leaderApproval?: boolean | undefined } = {}): TransitionDef[] {
  return def.transitions.filter((t) => {
    if (t.internal) return false;
    if (opts.leaderApproval === undefined || !t.guard) return true;
    if (t.guard === 'leaderRequired') return opts.leaderApproval;
    if (t.guard === 'leaderNotRequired') return !opts.leaderApproval;
    return true;
  });
}
