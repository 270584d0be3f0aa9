/**
 * The procedure for an application (Art. 45: 登记、审核、办理、答复、归档),
 * declared once: the service enforces it, the office shows the buttons it allows,
 * and the 依申请公开工作流程图 on every agency's 指南 is drawn from it.
 *
 * Steps that do not change the state (assigning a handler, a consultation, an
 * extension, recording a delivery) are transitions from a state to itself, so
 * they are checked and audited the same way.
 */
import { defineWorkflow, isStateOf, type StateDef, type TransitionDef as EngineTransition } from '../../lib/workflow.js';
import { can, type Permission } from '../access/policy.js';
import type { Actor } from '../access/roles.js';

export const REQUEST_STATES = {
  registered: { label: '已登记', description: '收到申请并登记，办公室审核申请内容是否明确', chart: { col: 1, row: 0 } },
  correction: { label: '待补正', description: '申请内容不明确，一次性告知申请人补正；答复期限自收到补正后的申请起重新计算', chart: { col: 0, row: 1 } },
  handling: { label: '办理中', description: '交承办股室查找、核实信息，必要时征求第三方或其他机关意见', chart: { col: 1, row: 1 } },
  awaiting_fee: { label: '待缴费', description: '申请数量、频次明显超过合理范围的，通知收取信息处理费', chart: { col: 2, row: 1 } },
  replied: { label: '已答复', description: '按申请要求的形式出具答复告知书，并提供信息', chart: { col: 1, row: 2 }, tone: 'success' },
  archived: { label: '已归档', description: '申请、答复及办理过程材料归档', chart: { col: 1, row: 3 }, final: true },
  withdrawn: { label: '已撤回', description: '申请人撤回申请', chart: { col: 2, row: 3 } },
} as const satisfies Record<string, StateDef>;
export type RequestState = keyof typeof REQUEST_STATES;
export const REQUEST_STATE_KEYS = Object.keys(REQUEST_STATES) as RequestState[];
export const isRequestState = (v: unknown): v is RequestState => isStateOf<RequestState>({ states: REQUEST_STATES }, v);

/** States in which the reply clock runs (or is paused) and the application is still open. */
export const OPEN_STATES = ['registered', 'correction', 'handling', 'awaiting_fee'] as const satisfies readonly RequestState[];
export const isOpenState = (s: string) => (OPEN_STATES as readonly string[]).includes(s);

export type RequestTransition = EngineTransition<RequestState, never, Permission>;

const OPEN = ['registered', 'handling'] as const;

export const REQUEST_TRANSITIONS = [
  { action: 'accept', label: '审核受理', note: '申请内容明确，交承办股室办理', from: ['registered'], to: 'handling', permission: 'request.register', comment: 'optional' },
  {
    action: 'request_correction',
    label: '告知补正',
    note: '收到申请之日起7个工作日内一次性告知',
    from: [...OPEN],
    to: 'correction',
    permission: 'request.decide',
    comment: 'required',
  },
  { action: 'receive_correction', label: '收到补正', from: ['correction'], to: 'handling', permission: 'request.register', comment: 'optional' },
  {
    action: 'close_uncorrected',
    label: '逾期不补正',
    note: '申请人无正当理由逾期不补正的，视为放弃申请',
    from: ['correction'],
    to: 'replied',
    permission: 'request.decide',
    comment: 'optional',
  },
  { action: 'assign', label: '指定承办', from: ['registered', 'handling'], to: 'handling', permission: 'request.register', comment: 'optional', internal: true },
  {
    action: 'consult',
    label: '征求意见',
    note: '征求第三方（第三十二条）或其他机关（第三十四条）意见，所需时间不计算在答复期限内',
    from: ['handling'],
    to: 'handling',
    permission: 'request.handle',
    comment: 'optional',
  },
  { action: 'record_consultation', label: '记录送达或答复', from: ['handling'], to: 'handling', permission: 'request.handle', comment: 'optional', internal: true },
  { action: 'request_extension', label: '申请延期', from: ['handling'], to: 'handling', permission: 'request.handle', comment: 'required', internal: true },
  {
    action: 'approve_extension',
    label: '批准延期',
    note: '经政府信息公开工作机构负责人同意，延长不超过20个工作日，并告知申请人',
    from: ['handling'],
    to: 'handling',
    permission: 'request.approve',
    comment: 'optional',
  },
  { action: 'refuse_extension', label: '不同意延期', from: ['handling'], to: 'handling', permission: 'request.approve', comment: 'required', internal: true },
  {
    action: 'fee_notice',
    label: '收费通知',
    note: '在答复期限内发出，申请人自收到通知次日起20个工作日内缴纳',
    from: ['handling'],
    to: 'awaiting_fee',
    permission: 'request.decide',
    comment: 'optional',
  },
  { action: 'fee_paid', label: '已缴费', from: ['awaiting_fee'], to: 'handling', permission: 'request.register', comment: 'optional' },
  { action: 'close_unpaid', label: '逾期未缴费', note: '视为放弃申请', from: ['awaiting_fee'], to: 'replied', permission: 'request.decide', comment: 'optional' },
  { action: 'reply', label: '答复', note: '出具告知书，载明决定、依据和救济途径', from: [...OPEN], to: 'replied', permission: 'request.decide', comment: 'optional' },
  { action: 'record_delivery', label: '记录送达', from: ['replied'], to: 'replied', permission: 'request.register', comment: 'optional', internal: true },
  { action: 'archive', label: '归档', from: ['replied', 'withdrawn'], to: 'archived', permission: 'request.register', comment: 'optional' },
  {
    action: 'withdraw',
    label: '撤回申请',
    note: '申请人撤回申请',
    from: ['registered', 'correction', 'handling', 'awaiting_fee'],
    to: 'withdrawn',
    permission: 'request.register',
    comment: 'required',
  },
] as const satisfies readonly RequestTransition[];

export type RequestAction = (typeof REQUEST_TRANSITIONS)[number]['action'];
export const REQUEST_ACTIONS = [...new Set(REQUEST_TRANSITIONS.map((t) => t.action))] as RequestAction[];

/** What a transition is checked against: the application's state, agency and department. */
export interface RequestSubject {
  state: RequestState;
  agencyId: number;
  departmentId: number | null;
}

/** Who performs a step, for the chart. */
const PERFORMERS: Record<string, string> = {
  'request.register': '办公室',
  'request.decide': '办公室',
  'request.handle': '承办股室',
  'request.approve': '负责人',
  system: '系统',
};

export const REQUEST_WORKFLOW = defineWorkflow<RequestState, Record<string, never>, never, Permission, Actor, RequestSubject>({
  key: 'request',
  title: '依申请公开办理流程',
  states: REQUEST_STATES,
  initial: 'registered',
  transitions: REQUEST_TRANSITIONS,
  guards: {},
  permits: (actor, permission, subject) =>
    permission === 'system' ? actor.via === 'system' : can(actor, permission, { agencyId: subject.agencyId, departmentId: subject.departmentId }),
  performer: (permission) => PERFORMERS[permission] ?? '办公室',
});
