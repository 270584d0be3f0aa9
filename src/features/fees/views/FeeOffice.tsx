/** The office pages of price and fee lists: an agency's lists, one item's history, and the change forms. */
import type { FieldErrors } from '../../../errors.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { WORKFLOW_STATES } from '../../publications/publication.workflow.js';
import { FEE_CHANGE_KINDS, FEE_CHANGE_STATES, FEE_LISTS, FEE_LIST_KEYS, FEE_STATUSES, feeListPath, MAX_BASIS_ROWS, validityText, type FeeChangeKind, type FeeList, type FeeStatus } from '../fee.js';
import type { ListRow, VersionView } from '../fee.service.js';
import { BasisList } from './FeePortal.js';

export interface Failure {
  form: string;
  errors: FieldErrors;
  message: string;
  values: Record<string, string>;
}

type Values = Record<string, string | undefined>;

export function FeesIndexPage(p: { ctx: PageContext; agencies: { id: number; name: string; counts: Record<FeeList, number>; pending: number }[] }) {
  return (
    <OfficeLayout ctx={p.ctx} title="收费和价格清单">
      <h1>收费和价格清单</h1>
      <p>每项变更（新增、调整、停征、废止、恢复）都会起草一份变更公告，公告经审核发布后变更才生效。</p>
      {p.agencies.length ? (
        <table>
          <caption>各机关的清单</caption>
          <thead>
            <tr>
              <th scope="col">机关</th>
              {FEE_LIST_KEYS.map((k) => (
                <th key={k} scope="col">
                  {FEE_LISTS[k].label}
                </th>
              ))}
              <th scope="col">待发布的变更</th>
            </tr>
          </thead>
          <tbody>
            {p.agencies.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <a href={`/office/fees/${a.id}`}>{a.name}</a>
                </th>
                {FEE_LIST_KEYS.map((k) => (
                  <td key={k}>{a.counts[k]} 项</td>
                ))}
                <td>{a.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>您不属于任何机关。</p>
      )}
    </OfficeLayout>
  );
}

function TermsFields({ values, errors, fixedName }: { values: Values; errors?: FieldErrors | undefined; fixedName?: string }) {
  return (
    <>
      {fixedName ? <input type="hidden" name="name" value={fixedName} /> : <Field name="name" label="项目" value={values.name} errors={errors} required maxLength={100} />}
      <fieldset>
        <legend>依据文件（至少一份）</legend>
        {errors?.basis ? <p class="error-text">{errors.basis}</p> : null}
        {Array.from({ length: MAX_BASIS_ROWS }, (_, i) => (
          <div key={i} class="basis-row">
            <Field name={`basis.${i}.title`} label={`第 ${i + 1} 份：文件名称`} value={values[`basis.${i}.title`]} errors={errors} required={i === 0} />
            <Field name={`basis.${i}.number`} label="文号" value={values[`basis.${i}.number`]} errors={errors} />
            <Field name={`basis.${i}.url`} label="链接（可选）" type="url" value={values[`basis.${i}.url`]} errors={errors} />
          </div>
        ))}
      </fieldset>
      <Field name="standard" label="标准" value={values.standard} errors={errors} required hint="按文件原文填写，例如：每立方米 2.80 元" />
      <Field name="amount" label="金额（可选，仅用于排序）" value={values.amount} errors={errors} inputMode="text" hint="不带单位的数字，例如 2.8" />
      <Field name="amountUnit" label="计量单位" value={values.amountUnit} errors={errors} hint="例如 元/立方米" />
      <Field name="collectingUnit" label="收费（执行）单位" value={values.collectingUnit} errors={errors} required />
      <Field name="validFrom" label="有效期起始日期" type="date" value={values.validFrom} errors={errors} required />
      <Field name="validTo" label="有效期截止日期" type="date" value={values.validTo} errors={errors} hint="长期有效的不填" />
      <div class="field">
        <label>
          <input type="checkbox" name="longTerm" value="1" checked={values.longTerm === '1' || values.longTerm === 'on'} /> 长期有效
        </label>
      </div>
      <TextArea name="notes" label="备注" value={values.notes} errors={errors} rows={2} />
    </>
  );
}

function AnnouncementFields({ values, errors, reasonLabel }: { values: Values; errors?: FieldErrors | undefined; reasonLabel: string }) {
  return (
    <fieldset>
      <legend>变更公告</legend>
      <TextArea name="reason" label={reasonLabel} value={values.reason} errors={errors} rows={2} required />
      <Field name="writtenDate" label="成文日期" type="date" value={values.writtenDate} errors={errors} required hint="不晚于今天" />
      <Field name="effectiveDate" label="生效日期" type="date" value={values.effectiveDate} errors={errors} required hint="不早于成文日期" />
      <Field name="documentNumber" label="公告文号（可选）" value={values.documentNumber} errors={errors} />
    </fieldset>
  );
}

const pubState = (s: string | undefined) => (s ? (WORKFLOW_STATES[s as keyof typeof WORKFLOW_STATES]?.label ?? s) : '');

export function FeeAgencyPage(p: {
  ctx: PageContext;
  agency: { id: number; name: string; slug: string };
  lists: Record<FeeList, ListRow[]>;
  canManage: boolean;
  pubStates: Map<number, string>;
  today: string;
  failure?: Failure | undefined;
}) {
  const a = p.agency;
  const f = p.failure?.form === 'add' ? p.failure : undefined;
  return (
    <OfficeLayout ctx={p.ctx} title={`收费和价格清单 - ${a.name}`}>
      <h1>{a.name}收费和价格清单</h1>
      <p>
        <a href={feeListPath(a.slug)}>查看公开页面</a>　<a href="/office/fees">全部机关</a>
      </p>
      {FEE_LIST_KEYS.map((list) => (
        <section key={list} aria-labelledby={`h-${list}`}>
          <h2 id={`h-${list}`}>{FEE_LISTS[list].label}</h2>
          {p.lists[list].length ? (
            <table>
              <caption>{FEE_LISTS[list].label}项目（今天 {p.today} 执行的版本）</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col">标准</th>
                  <th scope="col">收费（执行）单位</th>
                  <th scope="col">有效期</th>
                  <th scope="col">状态</th>
                  <th scope="col">待发布的变更</th>
                </tr>
              </thead>
              <tbody>
                {p.lists[list].map((r) => (
                  <tr key={r.item.id}>
                    <th scope="row">
                      <a href={`/office/fees/${a.id}?item=${r.item.id}`}>{r.item.name}</a>
                    </th>
                    <td>{r.current?.standard ?? '—'}</td>
                    <td>{r.current?.collectingUnit ?? '—'}</td>
                    <td>{r.current ? validityText(r.current) : '—'}</td>
                    <td>{r.current ? FEE_STATUSES[r.current.status].label : r.upcoming.length ? `自 ${r.upcoming[0]!.effectiveDate} 起执行` : '尚未公布'}</td>
                    <td>
                      {r.pending ? (
                        <>
                          {FEE_CHANGE_KINDS[r.pending.kind].label}（公告<a href={`/office/publications/${r.pending.publicationId}`}>{pubState(p.pubStates.get(r.pending.publicationId!))}</a>）
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>暂无项目。</p>
          )}
        </section>
      ))}
      {p.canManage ? (
        <section aria-labelledby="h-add">
          <h2 id="h-add">新增项目</h2>
          <form method="post" action={`/office/fees/${a.id}/changes`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <ErrorSummary errors={f?.errors} message={f?.message} />
            <input type="hidden" name="kind" value="add" />
            <Select name="list" label="清单" value={f?.values.list ?? 'admin_fee'} errors={f?.errors} options={FEE_LIST_KEYS.map((k) => ({ value: k, label: FEE_LISTS[k].label }))} />
            <TermsFields values={f?.values ?? {}} errors={f?.errors} />
            <AnnouncementFields values={f?.values ?? { writtenDate: p.today, effectiveDate: p.today }} errors={f?.errors} reasonLabel="新增理由" />
            <button type="submit">起草新增公告</button>
          </form>
        </section>
      ) : null}
    </OfficeLayout>
  );
}

const termsValues = (v: VersionView): Values => ({
  standard: v.standard,
  amount: v.amount ?? '',
  amountUnit: v.amountUnit,
  collectingUnit: v.collectingUnit,
  validFrom: v.validFrom,
  validTo: v.validTo ?? '',
  longTerm: v.validTo ? '' : '1',
  notes: v.notes,
  ...Object.fromEntries(v.basis.flatMap((b, i) => [[`basis.${i}.title`, b.title], [`basis.${i}.number`, b.number], [`basis.${i}.url`, b.url]])),
});

export function FeeItemOfficePage(p: {
  ctx: PageContext;
  agency: { id: number; name: string; slug: string };
  row: ListRow;
  changes: VersionView[];
  pubStates: Map<number, string>;
  canManage: boolean;
  form: 'amend' | 'status' | null;
  today: string;
  failure?: Failure | undefined;
}) {
  const { agency: a, row: r } = p;
  const item = r.item;
  const latest = r.versions[0];
  const status = (item.status || null) as FeeStatus | null;
  const f = p.failure;
  const allowed = (['stop', 'abolish', 'restore'] as FeeChangeKind[]).filter((k) => status && (FEE_CHANGE_KINDS[k].from as readonly string[]).includes(status));
  const form = f ? (f.form as 'amend' | 'status') : p.form;
  return (
    <OfficeLayout ctx={p.ctx} title={`${item.name} - 收费和价格清单`}>
      <h1>{item.name}</h1>
      <p>
        {FEE_LISTS[item.list as FeeList]?.label}　状态：{status ? FEE_STATUSES[status].label : '尚未公布'}　<a href={`/office/fees/${a.id}`}>返回{a.name}清单</a>
      </p>
      {latest ? (
        <dl>
          <dt>依据</dt>
          <dd>
            <BasisList basis={latest.basis} />
          </dd>
          <dt>标准</dt>
          <dd>{latest.standard}</dd>
          <dt>收费（执行）单位</dt>
          <dd>{latest.collectingUnit}</dd>
          <dt>有效期</dt>
          <dd>{validityText(latest)}</dd>
        </dl>
      ) : null}
      <h2 id="h-changes">变更记录（含待发布和已取消的）</h2>
      <table aria-labelledby="h-changes">
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">变更</th>
            <th scope="col">状态</th>
            <th scope="col">成文日期</th>
            <th scope="col">生效日期</th>
            <th scope="col">标准</th>
            <th scope="col">理由</th>
            <th scope="col">公告</th>
          </tr>
        </thead>
        <tbody>
          {p.changes.map((c) => (
            <tr key={c.id}>
              <td>{c.state === 'published' ? `第 ${c.versionNo} 版` : '—'}</td>
              <td>{FEE_CHANGE_KINDS[c.kind].label}</td>
              <td>{FEE_CHANGE_STATES[c.state as keyof typeof FEE_CHANGE_STATES]?.label ?? c.state}</td>
              <td>{c.writtenDate}</td>
              <td>{c.effectiveDate}</td>
              <td>{c.standard}</td>
              <td>{c.reason}</td>
              <td>{c.publicationId ? <a href={`/office/publications/${c.publicationId}`}>{pubState(p.pubStates.get(c.publicationId)) || '查看'}</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.canManage && !r.pending && status ? (
        <section aria-labelledby="h-change">
          <h2 id="h-change">提出变更</h2>
          <p>
            {status === 'active' ? <a href={`/office/fees/${a.id}?item=${item.id}&form=amend`}>调整标准</a> : null}
            {status === 'active' && allowed.length ? '　' : null}
            {allowed.length ? <a href={`/office/fees/${a.id}?item=${item.id}&form=status`}>{allowed.map((k) => FEE_CHANGE_KINDS[k].label).join('、')}</a> : null}
          </p>
          {form === 'amend' && latest && status === 'active' ? (
            <form method="post" action={`/office/fees/${a.id}/changes`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <ErrorSummary errors={f?.errors} message={f?.message} />
              <input type="hidden" name="kind" value="amend" />
              <input type="hidden" name="itemId" value={String(item.id)} />
              <input type="hidden" name="version" value={f?.values.version ?? String(item.version)} />
              <TermsFields values={f?.values ?? termsValues(latest)} errors={f?.errors} fixedName={item.name} />
              <AnnouncementFields values={f?.values ?? { writtenDate: p.today, effectiveDate: p.today }} errors={f?.errors} reasonLabel="调整理由" />
              <button type="submit">起草调整公告</button>
            </form>
          ) : null}
          {form === 'status' && allowed.length ? (
            <form method="post" action={`/office/fees/${a.id}/changes`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <ErrorSummary errors={f?.errors} message={f?.message} />
              <input type="hidden" name="itemId" value={String(item.id)} />
              <input type="hidden" name="version" value={f?.values.version ?? String(item.version)} />
              <Select name="kind" label="变更" value={f?.values.kind ?? allowed[0]} errors={f?.errors} options={allowed.map((k) => ({ value: k, label: FEE_CHANGE_KINDS[k].label }))} />
              <AnnouncementFields values={f?.values ?? { writtenDate: p.today, effectiveDate: p.today }} errors={f?.errors} reasonLabel="理由" />
              <button type="submit">起草公告</button>
            </form>
          ) : null}
        </section>
      ) : r.pending ? (
        <p role="note">
          该项目有一项{FEE_CHANGE_KINDS[r.pending.kind].label}变更待公告发布：<a href={`/office/publications/${r.pending.publicationId}`}>查看公告</a>。发布后生效；删除公告草稿则变更取消。
        </p>
      ) : null}
    </OfficeLayout>
  );
}
