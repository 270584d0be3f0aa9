/**
 * A small workflow engine shared by every feature that moves things through
 * states (publications, requests, the annual report, the mailbox, …).
 *
 * A feature declares its workflow once: states, transitions, the guards a
 * transition may depend on, and how to tell whether a person may perform a
 * transition. The service enforces it (`checkTransition`), the office shows the
 * buttons it allows (`availableTransitions`), and the public procedure chart is
 * drawn from it (src/web/workflow-chart.ts), so the chart cannot drift from what
 * the code does.
 *
 * The engine knows nothing of any feature, person or permission table: those come
 * in through the definition's `permits` and `performer`.
 */
import { AppError, forbidden } from '../errors.js';

export interface StateDef {
  label: string;
  /** One sentence for the office and the chart's text alternative. */
  description: string;
  /** Grid position in the chart: column and row. */
  chart: { col: number; row: number };
  /** How the chart marks the state: the goal reached (green), or a plain end. */
  tone?: 'success';
  /** An end of the procedure: nothing follows, by design (the walk test tells ends from dead ends by this). */
  final?: true;
}

export interface TransitionDef<S extends string = string, G extends string = string, P extends string = string> {
  action: string;
  /** Short, for buttons and the chart's arrows. */
  label: string;
  /** A longer explanation, for the chart's text alternative and the office. */
  note?: string;
  from: readonly S[];
  to: S;
  /** Who may do it, in the definition's terms; `system` is the scheduler or another automatic step. */
  permission: P | 'system';
  comment: 'required' | 'optional';
  guard?: G;
  /** What the transition records besides the state (a review decision, say); the feature interprets it. */
  records?: string;
  /** Housekeeping, not a step of the public procedure: left off the public chart. */
  internal?: boolean;
}

export interface GuardDef<C> {
  label: string;
  holds(ctx: C): boolean;
}

export interface WorkflowDefinition<S extends string = string, C = unknown, G extends string = string, P extends string = string, A = unknown, Subject = unknown> {
  /** Stable key, e.g. `publication`. */
  key: string;
  /** The procedure's public name, the chart's title. */
  title: string;
  states: Readonly<Record<S, StateDef>>;
  initial: S;
  transitions: readonly TransitionDef<S, G, P>[];
  guards: Readonly<Record<G, GuardDef<C>>>;
  /**
   * Every combination of guard values that occurs in practice (this agency requires
   * leader approval, the item was published before, …): the walk test checks each
   * reachable state under each of them. A definition without guards needs none.
   */
  situations?: readonly C[];
  /** Whether `actor` may perform a transition needing `permission` on `subject`. */
  permits(actor: A, permission: P | 'system', subject: Subject): boolean;
  /** Who performs a transition, for the chart (e.g. 办公室). */
  performer(permission: P | 'system'): string;
}

/** A definition of any workflow, for code that handles all of them (the chart, the walk test). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkflow = WorkflowDefinition<string, any, string, string, any, any>;

export class WorkflowDefinitionError extends Error {}

/** Checks a definition's internal consistency once, where it is declared. */
export function defineWorkflow<S extends string, C, G extends string, P extends string, A, Subject>(
  def: WorkflowDefinition<S, C, G, P, A, Subject>,
): WorkflowDefinition<S, C, G, P, A, Subject> {
  const states = new Set(Object.keys(def.states));
  const fail = (m: string) => {
    throw new WorkflowDefinitionError(`workflow ${def.key}: ${m}`);
  };
  if (!states.has(def.initial)) fail(`initial state ${def.initial} is not a state`);
  for (const t of def.transitions) {
    if (!t.from.length) fail(`${t.action} starts from no state`);
    for (const s of [...t.from, t.to]) if (!states.has(s)) fail(`${t.action} names unknown state ${s}`);
    if (t.guard !== undefined && !Object.hasOwn(def.guards, t.guard)) fail(`${t.action} names unknown guard ${t.guard}`);
    for (const f of t.from) if (f !== t.to && (def.states[f] as StateDef).final) fail(`${t.action} leaves final state ${f}`);
  }
  return def;
}

export function isStateOf<S extends string>(def: { states: Readonly<Record<S, StateDef>> }, v: unknown): v is S {
  return typeof v === 'string' && Object.hasOwn(def.states, v);
}

const guardHolds = <C>(def: AnyWorkflow, t: TransitionDef, ctx: C) => !t.guard || def.guards[t.guard]!.holds(ctx);

/** The transition an action names from a state, whoever asks; guards applied. */
export function transitionFor<S extends string, C, G extends string, P extends string>(
  def: WorkflowDefinition<S, C, G, P, never, never>,
  state: S,
  action: string,
  ctx: C,
): TransitionDef<S, G, P> | null {
  return def.transitions.find((t) => t.action === action && t.from.includes(state) && guardHolds(def as AnyWorkflow, t, ctx)) ?? null;
}

export function actionLabel(def: AnyWorkflow, action: string): string {
  return def.transitions.find((t) => t.action === action)?.label ?? action;
}

/**
 * The transition to apply, or the reason not: INVALID_TRANSITION when the action
 * is not possible from the state (for anyone), FORBIDDEN when it is but not for
 * this person.
 */
export function checkTransition<S extends string, C, G extends string, P extends string, A, Subject extends { state: S }>(
  def: WorkflowDefinition<S, C, G, P, A, Subject>,
  actor: A,
  subject: Subject,
  action: string,
  ctx: C,
): TransitionDef<S, G, P> {
  const t = transitionFor(def as unknown as WorkflowDefinition<S, C, G, P, never, never>, subject.state, action, ctx);
  if (!t) {
    const known = def.transitions.some((x) => x.action === action);
    throw new AppError(
      'INVALID_TRANSITION',
      known ? `“${def.states[subject.state].label}”状态下不能执行“${actionLabel(def as AnyWorkflow, action)}”` : `未知的操作：${action}`,
    );
  }
  if (!def.permits(actor, t.permission, subject)) throw forbidden(`您没有权限执行“${t.label}”`);
  return t;
}

/** What this actor can do now, for the office's buttons. */
export function availableTransitions<S extends string, C, G extends string, P extends string, A, Subject extends { state: S }>(
  def: WorkflowDefinition<S, C, G, P, A, Subject>,
  actor: A,
  subject: Subject,
  ctx: C,
): TransitionDef<S, G, P>[] {
  return def.transitions.filter((t) => t.from.includes(subject.state) && guardHolds(def as AnyWorkflow, t, ctx) && def.permits(actor, t.permission, subject));
}

// ---------------------------------------------------------------- the public procedure

/**
 * What is known, for a chart, about the guards: `true` or `false` for a guard
 * whose value is known (this agency requires leader approval), absent when the
 * chart should draw both branches with the guard's label.
 */
export type KnownGuards = Readonly<Record<string, boolean | undefined>>;

export interface ProcedureOptions {
  known?: KnownGuards;
  /** Also show housekeeping transitions. */
  includeInternal?: boolean;
}

const knownFalse = (opts: ProcedureOptions, t: TransitionDef) => t.guard !== undefined && opts.known?.[t.guard] === false;
export const guardUnknown = (opts: ProcedureOptions, guard: string | undefined): guard is string =>
  guard !== undefined && opts.known?.[guard] === undefined;

/** The transitions a procedure chart shows: public ones (unless `includeInternal`), none whose guard is known false, from reachable states only. */
export function procedureTransitions(def: AnyWorkflow, opts: ProcedureOptions = {}): TransitionDef[] {
  const base = def.transitions.filter((t) => (opts.includeInternal || !t.internal) && !knownFalse(opts, t));
  const reachable = new Set<string>([def.initial]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of base) {
      if (t.from.some((f) => reachable.has(f)) && !reachable.has(t.to)) {
        reachable.add(t.to);
        changed = true;
      }
    }
  }
  return base.map((t) => ({ ...t, from: t.from.filter((f) => reachable.has(f)) })).filter((t) => t.from.length > 0);
}

/** The procedure in words, one sentence per transition: the chart's text alternative. */
export function procedureSteps(def: AnyWorkflow, opts: ProcedureOptions = {}): string[] {
  return procedureTransitions(def, opts).map((t) => {
    const from = t.from.map((f) => `“${def.states[f]!.label}”`).join('或');
    const who = [def.performer(t.permission), guardUnknown(opts, t.guard) ? def.guards[t.guard]!.label : ''].filter(Boolean).join('，');
    const note = t.note ? `：${t.note}` : '';
    const comment = t.comment === 'required' ? '，须填写意见或理由' : '';
    const to = t.from.length === 1 && t.to === t.from[0] ? '' : `，进入“${def.states[t.to]!.label}”`;
    return `${from}状态下，“${t.label}”（${who}）${note}${comment}${to}。`;
  });
}

/**
 * Every state reachable from the initial one (under `ctx` when given: only
 * transitions whose guard holds; otherwise under any guard values), for the test
 * that walks each workflow and proves no reachable state is a dead end.
 */
export function reachableStates(def: AnyWorkflow, ctx?: unknown): string[] {
  return Object.keys(shortestPaths(def, ctx));
}

/**
 * For each reachable state, the shortest list of transitions leading to it from
 * the initial state (guards evaluated against `ctx` when given): how a walk test
 * brings a real item into each state, derived from the definition so a new state
 * is covered without touching the test.
 */
export function shortestPaths(def: AnyWorkflow, ctx?: unknown): Record<string, TransitionDef[]> {
  const paths: Record<string, TransitionDef[]> = { [def.initial]: [] };
  const queue = [def.initial];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of def.transitions) {
      if (!t.from.includes(s) || Object.hasOwn(paths, t.to)) continue;
      if (ctx !== undefined && !guardHolds(def, t, ctx)) continue;
      paths[t.to] = [...paths[s]!, t];
      queue.push(t.to);
    }
  }
  return paths;
}

/** The transitions out of `state` (to another state) whose guards hold under `ctx`. */
export function exitsFrom(def: AnyWorkflow, state: string, ctx: unknown): TransitionDef[] {
  return def.transitions.filter((t) => t.from.includes(state) && t.to !== state && guardHolds(def, t, ctx));
}
