import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime, formatChineseDate, type IsoDate } from '../../../lib/dates.js';
import { can } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import { requestScope } from '../request.read.js';

export type Values = Record<string, string | undefined>;

export const fmtDate = (s: string | null | undefined) => (s ? formatChineseDate(s as IsoDate) : '—');
export const fmtInstant = (s: string | null | undefined) => (s ? formatChinaDateTime(s) : '—');

/** The first characters of a text, for list rows. */
export const short = (s: string, n = 40) => ([...s].length > n ? `${[...s].slice(0, n).join('')}……` : s);

/** The reply deadline: a 临时 badge while it rests on a year without an official calendar, red when passed. */
export function DueBadge(p: { dueDate: string | null; provisional: boolean; overdue?: boolean }) {
  if (!p.dueDate) return <span class="muted">未起算</span>;
  return (
    <span class={p.overdue ? 'due overdue' : 'due'}>
      {p.overdue ? <strong>{p.dueDate}（已逾期）</strong> : p.dueDate}
      {p.provisional ? (
        <>
          {' '}
          <span class="badge warn" title="该年度节假日安排尚未录入，期限暂按法定节假日推算，调休未定">
            临时
          </span>
        </>
      ) : null}
    </span>
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface OptionGroup {
  label: string;
  options: Option[];
}

/**
 * A labelled control in a page that carries several forms with the same field
 * names (one per action, one per template): ids are prefixed so labels, hints and
 * the error summary's links each find their own control.
 */
export function PField(p: {
  prefix: string;
  name: string;
  label: string;
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  hint?: ComponentChildren;
  required?: boolean;
  type?: string;
  maxLength?: number;
  min?: string;
  rows?: number;
  textarea?: boolean;
  options?: Option[];
  groups?: OptionGroup[];
  empty?: string;
}) {
  const id = `f-${p.prefix}-${p.name}`.replace(/\./g, '-');
  const err = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: p.name, 'aria-invalid': err ? ('true' as const) : undefined, 'aria-describedby': describedBy };
  const option = (o: Option) => (
    <option key={o.value} value={o.value} selected={(p.value ?? '') === o.value}>
      {o.label}
    </option>
  );
  let control: ComponentChildren;
  if (p.options || p.groups) {
    control = (
      <select {...common}>
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {(p.options ?? []).map(option)}
        {(p.groups ?? []).map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map(option)}
          </optgroup>
        ))}
      </select>
    );
  } else if (p.textarea) {
    control = (
      <textarea {...common} rows={p.rows ?? 3} maxLength={p.maxLength} required={p.required}>
        {p.value ?? ''}
      </textarea>
    );
  } else {
    control = <input {...common} type={p.type ?? 'text'} value={p.value ?? ''} maxLength={p.maxLength} min={p.min} required={p.required} />;
  }
  return (
    <div class={`field${err ? ' field-error' : ''}`}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {err ? (
        <p class="error-text" id={`${id}-error`}>
          {err}
        </p>
      ) : null}
      {control}
    </div>
  );
}

/** Errors keyed for the error summary's links to prefixed controls (`f-<prefix>-<field>`). */
export const prefixed = (prefix: string, errors: FieldErrors | undefined): FieldErrors | undefined =>
  errors ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v])) : undefined;

export const options = <T extends Record<string, { label: string }>>(vocab: T, keys?: readonly (keyof T & string)[]): Option[] =>
  (keys ?? (Object.keys(vocab) as (keyof T & string)[])).map((k) => ({ value: k, label: vocab[k]!.label }));

/** The request pages this person may open, for the sub-navigation. */
export function requestLinks(actor: Actor | null | undefined): { href: string; label: string }[] {
  if (!actor) return [];
  const scope = requestScope(actor).agencies;
  return [
    { href: '/office/requests', label: '申请办理', show: can(actor, 'request.read') },
    { href: '/office/requests/new', label: '登记申请', show: can(actor, 'request.register') },
    { href: '/office/requests/proposals', label: '转主动公开建议', show: scope === null || scope.length > 0 },
    { href: '/office/requests/templates', label: '告知书模板', show: can(actor, 'request.manage') },
    { href: '/office/requests/appeals', label: '复议诉讼', show: can(actor, 'request.manage') },
    { href: '/office/requests/ledger', label: '登记台账', show: can(actor, 'request.manage') },
  ]
    .filter((l) => l.show)
    .map(({ href, label }) => ({ href, label }));
}

/** Where the request pages link to one another: the office's sub-navigation. */
export function RequestNav(p: { actor: Actor | null | undefined; current: string }) {
  const links = requestLinks(p.actor);
  if (links.length < 2) return null;
  return (
    <nav class="subnav" aria-label="依申请公开">
      {links.map((l) => (
        <a key={l.href} href={l.href} aria-current={p.current === l.href ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}
