import { Csrf, ErrorSummary, Field } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { SynonymRow } from '../synonym.service.js';

interface FormState {
  values?: Record<string, string> | undefined;
  errors?: Record<string, string> | undefined;
  message?: string | undefined;
}

/** The list, each row with its edit link and delete button, and the form to add one. */
export function SynonymListPage(p: { ctx: PageContext; rows: readonly SynonymRow[] } & FormState) {
  return (
    <OfficeLayout ctx={p.ctx} title="检索同义词">
      <h1>检索同义词</h1>
      <p>
        检索词中含有简称或全称之一时，也查找另一种说法。例如检索“发改局”，也能找到写作“发展和改革局”的信息；检索“年度报告”，也能找到“年报”。
        修改后几秒内生效，不需要重建索引。
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      <table class="table">
        <caption>共 {p.rows.length} 条</caption>
        <thead>
          <tr>
            <th scope="col">简称</th>
            <th scope="col">全称</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.term}</td>
              <td>{r.expansion}</td>
              <td>
                <a href={`/office/search/synonyms/${r.id}`}>
                  修改<span class="visually-hidden">“{r.term}”</span>
                </a>
                <form method="post" action={`/office/search/synonyms/${r.id}/delete`} class="inline">
                  <Csrf token={p.ctx.csrfToken} />
                  <button type="submit" class="danger">
                    删除<span class="visually-hidden">“{r.term}”</span>
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="add-synonym-h">
        <h2 id="add-synonym-h">新增</h2>
        <form method="post" action="/office/search/synonyms" novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <Field name="term" label="简称" hint="如：发改、年报；2 至 20 个字" value={p.values?.term} errors={p.errors} required maxLength={20} />
          <Field name="expansion" label="全称" hint="如：发展和改革、年度报告；2 至 60 个字" value={p.values?.expansion} errors={p.errors} required maxLength={60} />
          <button type="submit">新增</button>
        </form>
      </section>
    </OfficeLayout>
  );
}

export function SynonymEditPage(p: { ctx: PageContext; row: SynonymRow } & FormState) {
  return (
    <OfficeLayout ctx={p.ctx} title={`修改检索同义词“${p.row.term}”`}>
      <h1>修改检索同义词“{p.row.term}”</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action={`/office/search/synonyms/${p.row.id}`} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <Field name="term" label="简称" value={p.values?.term ?? p.row.term} errors={p.errors} required maxLength={20} />
        <Field name="expansion" label="全称" value={p.values?.expansion ?? p.row.expansion} errors={p.errors} required maxLength={60} />
        <button type="submit">保存</button>
      </form>
      <p>
        <a href="/office/search/synonyms">返回列表</a>
      </p>
    </OfficeLayout>
  );
}
