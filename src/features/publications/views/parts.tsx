import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime, formatChineseDate, type IsoDate } from '../../../lib/dates.js';
import { DISCLOSURE_ATTRIBUTES, DISCLOSURE_CATEGORIES, DOCUMENT_KINDS, GENRES, TOPICS, VALIDITY } from '../categories.js';
import { TIMELINESS, type Timeliness } from '../publication.js';
import type { PublicationView } from '../publication.service.js';
import { WORKFLOW, type WorkflowState } from '../publication.workflow.js';

export type Values = Record<string, string | undefined>;

export const stateLabel = (s: string) => WORKFLOW.states[s as WorkflowState]?.label ?? s;
export const categoryLabel = (c: string) => (DISCLOSURE_CATEGORIES as Record<string, { label: string }>)[c]?.label ?? (c || '未选择');
export const fmtInstant = (s: string | null | undefined) => (s ? formatChinaDateTime(s) : '—');
export const fmtDate = (s: string | null | undefined) => (s ? formatChineseDate(s as IsoDate) : '—');

export function StateBadge({ state }: { state: string }) {
  const cls = state === 'published' ? 'ok' : state === 'returned' || state === 'withdrawn' ? 'danger' : state === 'draft' ? '' : 'warn';
  return <span class={`badge ${cls}`}>{stateLabel(state)}</span>;
}

export function TimelinessBadge({ t }: { t: Timeliness }) {
  const cls = t.status === 'overdue' || t.status === 'late' ? 'danger' : t.status === 'due_soon' ? 'warn' : t.status === 'met' ? 'ok' : '';
  const left =
    t.workdaysLeft === null ? '' : t.workdaysLeft < 0 ? `，逾期 ${-t.workdaysLeft} 个工作日` : `，剩 ${t.workdaysLeft} 个工作日`;
  return (
    <span class={`badge ${cls}`}>
      {TIMELINESS[t.status].label}
      {t.deadline ? `（期限 ${t.deadline}${left}）` : ''}
      {t.provisional ? '（暂按法定节假日推算，调休未定）' : ''}
    </span>
  );
}

export function VocabSelect(p: { name: string; label: string; vocab: Record<string, string>; value: string | undefined; errors?: FieldErrors | undefined; empty?: string; hint?: string }) {
  const err = p.errors?.[p.name];
  const id = `f-${p.name}`;
  const described = [p.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${err ? ' field-error' : ''}`}>
      <label for={id}>{p.label}</label>
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      {err ? <p class="error-text" id={`${id}-error`}>{err}</p> : null}
      <select id={id} name={p.name} aria-invalid={err ? 'true' : undefined} aria-describedby={described || undefined}>
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {Object.entries(p.vocab).map(([k, label]) => (
          <option key={k} value={k} selected={p.value === k}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface AgencyOption {
  id: number;
  name: string;
}
export interface DepartmentOption {
  id: number;
  name: string;
}

export interface FormContext {
  agencies: AgencyOption[];
  departments: DepartmentOption[];
  /** Whether the actor may choose the department (the office), or it is their own (an editor). */
  chooseDepartment: boolean;
}

export function MetadataTable({ v }: { v: PublicationView }) {
  const rows: [string, ComponentChildren][] = [
    ['索引号', v.indexNumber ?? '（发布时生成）'],
    ['名称', v.title],
    [
      '内容概述',
      v.summary || (
        <span class="field-warning">
          未填写。政府信息公开目录（《条例》第十二条）须列出内容概述，{v.firstPublishedAt ? '目前以正文开头代替' : '提交前须补写'}，请补写。
        </span>
      ),
    ],
    ['文号', v.documentNumber || '—'],
    ['发布机构', v.issuers.map((i) => i.name).join('、') || '—'],
    ['成文日期', fmtDate(v.writtenDate)],
    ['形成或变更日期', fmtDate(v.formedDate)],
    ...(v.approvedOn ? [['批复日期', fmtDate(v.approvedOn)] as [string, ComponentChildren]] : []),
    ['发布日期', v.firstPublishedAt ? fmtInstant(v.firstPublishedAt) : '（发布时由系统记录）'],
    ['公开类别', categoryLabel(v.category)],
    ['主题分类', (TOPICS as Record<string, string>)[v.topic] ?? '—'],
    ['体裁分类', (GENRES as Record<string, string>)[v.genre] ?? '—'],
    ['关键词', v.keywords || '—'],
    ...(v.documentKind && v.documentKind !== 'other' ? [['文件类型', (DOCUMENT_KINDS as Record<string, string>)[v.documentKind] ?? v.documentKind] as [string, ComponentChildren]] : []),
    ['公开属性', `${(DISCLOSURE_ATTRIBUTES as Record<string, string>)[v.disclosureAttribute] ?? v.disclosureAttribute}${v.disclosureBasis ? `（依据：${v.disclosureBasis}）` : ''}`],
    ['有效性', `${(VALIDITY as Record<string, string>)[v.validity] ?? v.validity}${v.validityDate ? `（${v.validityDate}）` : ''}`],
  ];
  return (
    <table class="table meta-table">
      <caption class="visually-hidden">元数据</caption>
      <tbody>
        {rows.map(([k, val]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{val}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
