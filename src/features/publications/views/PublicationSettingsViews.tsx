import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, Select } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { Values } from './parts.js';

export function SettingsPage(p: { ctx: PageContext; agency: { id: number; name: string; code: string; version: number }; values: Values; example: string | null; errors?: FieldErrors; message?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title={`发布设置：${p.agency.name}`}>
      <p>
        <a href="/office/publications">← 信息发布</a>
      </p>
      <h1>信息发布设置：{p.agency.name}</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action={`/office/publications/settings/${p.agency.id}`} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <input type="hidden" name="version" value={String(p.agency.version)} />
        <fieldset>
          <legend>索引号</legend>
          <Field
            name="indexPattern"
            label="索引号格式"
            hint="占位符：{agencyCode} 机关代码，{yyyy} 年份，{mm} 月份，{serial:5} 5 位流水号（按年重新编排）。索引号在首次发布时生成，之后不再改变。"
            value={p.values.indexPattern}
            errors={p.errors}
            maxLength={60}
          />
          {p.example ? (
            <p>
              示例：<code>{p.example}</code>
            </p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>审核流程</legend>
          <div class="field checkbox">
            <input type="checkbox" id="f-requiresLeaderApproval" name="requiresLeaderApproval" value="1" checked={p.values.requiresLeaderApproval === '1'} />
            <label for="f-requiresLeaderApproval">办公室审核通过后，须经分管领导审批方可发布</label>
          </div>
          <Select
            name="fourEyesReview"
            label="审核与发布人员"
            hint="先审查后发布：开启时，信息的起草人和最后修改人不能自己审核通过、审批或发布该信息。"
            value={p.values.fourEyesReview}
            errors={p.errors}
            options={[
              { value: '1', label: '须由起草人、修改人以外的人员审核发布（推荐）' },
              { value: '0', label: '允许起草人自行审核发布' },
            ]}
          />
        </fieldset>
        <button type="submit">保存</button>
      </form>
    </OfficeLayout>
  );
}
