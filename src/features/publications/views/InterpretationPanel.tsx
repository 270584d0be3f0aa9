import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, TextArea } from '../../../web/components/forms.js';
import { can } from '../../access/policy.js';
import { isInterpretation, needsInterpretation } from '../publication.interpretation.js';
import type { LinkedItem, PublicationView } from '../publication.read.js';
import { WORKFLOW } from '../publication.workflow.js';
import { fmtInstant } from './parts.js';

function Linked({ items }: { items: LinkedItem[] }) {
  return (
    <ul>
      {items.map((l) => (
        <li key={l.id}>
          <a href={`/office/publications/${l.id}`}>{l.title}</a>（{WORKFLOW.states[l.state as keyof typeof WORKFLOW.states]?.label ?? l.state}）
        </li>
      ))}
    </ul>
  );
}

/**
 * 解读 ↔ 原文 on the office page (requirement 16): a 解读's 原文; a 规章's or
 * 规范性文件's 解读, a link to draft one from the template, and the administrator's
 * form to record why none is needed.
 */
export function InterpretationPanel(p: { ctx: PageContext; v: PublicationView; errors?: FieldErrors | undefined; message?: string | undefined }) {
  const { v } = p;
  const interpretation = isInterpretation(v);
  const needs = needsInterpretation(v);
  if (!interpretation && !needs && !v.interpretedBy.length) return null;
  const mayWaive = !!p.ctx.actor && can(p.ctx.actor, 'publication.waive_interpretation', { agencyId: v.agencyId });
  return (
    <section class="panel" aria-labelledby="h-interpretation">
      <h2 id="h-interpretation">政策解读</h2>
      {interpretation ? (
        v.interprets.length ? (
          <>
            <p>本解读的原文：</p>
            <Linked items={v.interprets} />
          </>
        ) : (
          <p class="hint">尚未关联原文：在“原文”一栏填写原文的编号或索引号。</p>
        )
      ) : null}
      {needs || v.interpretedBy.length ? (
        <>
          {v.interpretedBy.length ? (
            <>
              <p>本文件的解读：</p>
              <Linked items={v.interpretedBy} />
            </>
          ) : (
            <p>{needs ? '本件为规章或行政规范性文件，按规定应同步发布政策解读（解读材料应于文件公开后 3 个工作日内发布），尚未关联解读。' : '尚无解读。'}</p>
          )}
          <p>
            <a href={`/office/publications/new?interprets=${v.id}`}>起草本文件的解读</a>（按背景依据、目标任务、主要内容、解决的问题预填提纲）
          </p>
          {v.interpretationWaiver ? (
            <p class="hint">
              不同步发布解读的理由（{v.interpretationWaiverBy}，{fmtInstant(v.interpretationWaiverAt)}）：{v.interpretationWaiver}
            </p>
          ) : needs && !v.interpretedBy.length && mayWaive ? (
            <form method="post" action={`/office/publications/${v.id}/interpretation-waiver`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <input type="hidden" name="version" value={String(v.version)} />
              <ErrorSummary errors={p.errors} message={p.message} />
              <TextArea name="reason" label="无需解读的理由（机关管理员填写，记入审计日志）" value="" errors={p.errors} rows={2} maxLength={300} />
              <div class="actions">
                <button type="submit" class="secondary">记录理由，允许不附解读发布</button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
