/**
 * The review workflow (审核统一发布), declared once. The service enforces it, the
 * office shows the buttons it allows, and the public 工作流程图 is drawn from it
 * (src/web/workflow-chart.ts), so the chart cannot drift from what the code does.
 */
import { defineWorkflow, isStateOf, type StateDef, type TransitionDef as EngineTransition } from '../../lib/workflow.js';
import { AGENCY_ROLES, type Actor, type AgencyRole } from '../access/roles.js';
import { can, PERMISSIONS, type Permission } from '../access/policy.js';

export const WORKFLOW_STATES = {
  draft: { label: '草稿', description: '股室起草信息，可随时修改', chart: { col: 1, row: 0 } },
  returned: { label: '退回修改', description: '审核或审批未通过，退回股室按意见修改', chart: { col: 0, row: 1 } },
  submitted: { label: '待办公室审核', description: '办公室审核内容并进行保密审查', chart: { col: 1, row: 1 } },
  pending_approval: { label: '待领导审批', description: '本机关要求领导审批的，由分管领导审批', chart: { col: 2, row: 2 } },
  approved: { label: '待发布', description: '审核（审批）通过，等待办公室发布', chart: { col: 1, row: 3 } },
  scheduled: { label: '定时发布', description: '到设定时间由系统自动发布', chart: { col: 2, row: 3 } },
  published: { label: '已发布', description: '在政府信息公开目录中公开，系统记录发布日期', chart: { col: 1, row: 4 }, tone: 'success' },
  withdrawn: { label: '已撤回', description: '已撤回，原网址显示撤回说明', chart: { col: 1, row: 5 }, final: true },
  discarded: { label: '已删除', description: '从未发布的草稿被删除', chart: { col: 0, row: 0 }, final: true },
} as const satisfies Record<string, StateDef>;

export type WorkflowState = keyof typeof WORKFLOW_STATES;
export const WORKFLOW_STATE_KEYS = Object.keys(WORKFLOW_STATES) as WorkflowState[];
export const isWorkflowState = (v: unknown): v is WorkflowState => isStateOf<WorkflowState>({ states: WORKFLOW_STATES }, v);

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

/**
 * A transition of the publications workflow. `records` names the decision kept in
 * publication_reviews (`office_review`, `leader_approval`); the permission is
 * checked in the item's agency and department, `system` is the scheduler.
 */
export type TransitionDef = EngineTransition<WorkflowState, Guard, Permission>;

export const WORKFLOW_TRANSITIONS = [
  { action: 'submit', label: '提交审核', from: ['draft', 'returned'], to: 'submitted', permission: 'publication.draft', comment: 'optional' },
  {
    action: 'withdraw_submission', label: '撤回提交', note: '办公室审核前，编辑可撤回修改', from: ['submitted'], to: 'draft', permission: 'publication.draft',
    comment: 'optional', internal: true,
  },
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

export interface WorkflowSubject {
  state: WorkflowState;
  agencyId: number;
  departmentId: number | null;
}

/** Who performs a transition, named by the first role that holds its permission (from the policy table). */
export function performerLabel(permission: Permission | 'system'): string {
  if (permission === 'system') return '系统';
  const roles = PERMISSIONS[permission].roles as readonly AgencyRole[];
  const first = roles[0];
  return first ? AGENCY_ROLES[first].label.replace(/（.*?）/g, '') : '平台管理员';
}

export const WORKFLOW = defineWorkflow<WorkflowState, TransitionContext, Guard, Permission, Actor, WorkflowSubject>({
  key: 'publication',
  title: '主动公开信息审核发布流程',
  states: WORKFLOW_STATES,
  initial: 'draft',
  transitions: WORKFLOW_TRANSITIONS,
  guards: GUARDS,
  situations: [false, true].flatMap((leaderApprovalRequired) => [false, true].map((everPublished) => ({ leaderApprovalRequired, everPublished }))),
  permits: (actor, permission, subject) =>
    permission === 'system' ? actor.via === 'system' : can(actor, permission, { agencyId: subject.agencyId, departmentId: subject.departmentId }),
  performer: performerLabel,
});

/**
 * What the public chart knows of an agency's guards: whether it requires leader
 * approval (undefined draws both branches).
 */
export function publicationChartKnown(leaderApproval: boolean | undefined): Record<string, boolean | undefined> {
  return leaderApproval === undefined ? {} : { leaderRequired: leaderApproval, leaderNotRequired: !leaderApproval };
}
