import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { PLACEHOLDERS } from '../request.letters.js';
import { PField, prefixed, RequestNav, type Values } from './RequestOfficeParts.js';

export interface TemplateRow {
  key: string;
  label: string;
  title: string;
  body: string;
  own: boolean;
  version: number;
}

export interface TemplateFailure {
  key: string;
  errors: FieldErrors;
  message: string;
  values: Values;
}

/** Ids of a template's controls: `reply.disclose` → `t-reply-disclose`. */
const prefixOf = (key: string) => `t-${key.replace(/\./g, '-')}`;

export function AgencySwitcher(p: { action: string; agencies: { id: number; name: string }[]; current: number; label?: string }) {
  if (p.agencies.length < 2) return null;
  return (
    <form method="get" action={p.action} class="filters">
      <label>
        {p.label ?? '机关'}
        <select name="agency">
          {p.agencies.map((a) => (
            <option key={a.id} value={String(a.id)} selected={a.id === p.current}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="secondary">
        切换
      </button>
    </form>
  );
}

export function TemplatesPage(p: { ctx: PageContext; agencies: { id: number; name: string }[]; agencyId: number; templates: TemplateRow[]; failure?: TemplateFailure | undefined }) {
  const agency = p.agencies.find((a) => a.id === p.agencyId);
  const fail = p.failure;
  return (
    <OfficeLayout ctx={p.ctx} title="告知书模板">
      <h1>告知书模板{agency && p.agencies.length > 1 ? `：${agency.name}` : ''}</h1>
      <RequestNav actor={p.ctx.actor} current="/office/requests/templates" />
      <AgencySwitcher action="/office/requests/templates" agencies={p.agencies} current={p.agencyId} />
      <p class="hint">
        告知书按模板生成，出具后内容即固定，修改模板不影响已出具的告知书。答复告知书须保留【救济途径】。本机关未修改的模板使用平台默认文本。
      </p>
      <ErrorSummary errors={fail ? prefixed(prefixOf(fail.key), fail.errors) : undefined} message={fail?.message} />
      <details class="panel placeholders">
        <summary>可用的占位符</summary>
        <dl class="placeholder-list">
          {Object.entries(PLACEHOLDERS).map(([k, desc]) => (
            <div key={k}>
              <dt>
                <code>【{k}】</code>
              </dt>
              <dd>{desc}</dd>
            </div>
          ))}
        </dl>
      </details>
      {p.templates.map((t) => {
        const failed = fail?.key === t.key ? fail : undefined;
        const values = failed?.values ?? { title: t.title, body: t.body, version: String(t.version) };
        const prefix = prefixOf(t.key);
        return (
          <details key={t.key} class="panel template" id={prefix} open={!!failed}>
            <summary>
              <strong>{t.label}</strong> <span class={`badge ${t.own ? 'ok' : ''}`}>{t.own ? '本机关模板' : '平台默认'}</span>
            </summary>
            <form method="post" action="/office/requests/templates" novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <input type="hidden" name="agencyId" value={String(p.agencyId)} />
              <input type="hidden" name="key" value={t.key} />
              <input type="hidden" name="version" value={String(t.version)} />
              <PField prefix={prefix} name="title" label="标题" value={values.title} errors={failed?.errors} required maxLength={60} />
              <PField
                prefix={prefix}
                name="body"
                label="正文"
                value={values.body}
                errors={failed?.errors}
                textarea
                rows={10}
                maxLength={5000}
                required
                hint="每行一段；第一行为称谓（如“【申请人】：”）。只填了空占位符的行不会出现在告知书中。"
              />
              <div class="actions">
                <button type="submit" name="intent" value="save">
                  保存
                </button>
                {t.own ? (
                  <button type="submit" name="intent" value="reset" class="secondary">
                    恢复默认
                  </button>
                ) : null}
              </div>
            </form>
          </details>
        );
      })}
    </OfficeLayout>
  );
}
