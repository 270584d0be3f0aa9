/** The office pages of key projects and work plans. */
import type { FieldErrors } from '../../../errors.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { PROJECT_LIFECYCLE, PROJECT_LIFECYCLE_ORDER } from '../project.lifecycle.js';
import { APPROVAL_FIELDS, APPROVAL_KINDS, formatInvestment, PROJECT_STATUSES, type ApprovalKind } from '../project.js';
import type { ProjectView } from '../project.service.js';
import type { ProjectRow } from '../project.table.js';
import type { PlanView } from '../work-plan.service.js';
import { StagesTable, statusLabel, Timeline } from './ProjectPortal.js';

export interface Failure {
  /** Which form failed, so only it shows the errors. */
  form: string;
  errors: FieldErrors;
  message: string;
  values: Record<string, string>;
}

const statusOptions = Object.entries(PROJECT_STATUSES).map(([value, s]) => ({ value, label: s.label }));

function ProjectFields({ values, errors, pattern }: { values: Record<string, string | number | null | undefined>; errors?: FieldErrors | undefined; pattern: string }) {
  return (
    <>
      <Field name="name" label="项目名称" value={values.name} errors={errors} required maxLength={200} />
      <Field name="code" label="项目统一代码" value={values.code} errors={errors} required hint={`格式 ${pattern}（Y 为数字，X 为数字或大写字母）`} />
      <Field name="owner" label="项目单位" value={values.owner} errors={errors} required />
      <Field name="investment" label="总投资（万元）" value={values.investment} errors={errors} required inputMode="text" hint="以万元计，最多 4 位小数" />
      <Field name="location" label="建设地点" value={values.location} errors={errors} />
      <Field name="plannedStart" label="计划开工日期" type="date" value={values.plannedStart} errors={errors} required />
      <Field name="plannedEnd" label="计划竣工日期" type="date" value={values.plannedEnd} errors={errors} required />
      <Select name="status" label="项目状态" value={values.status ?? 'preparing'} errors={errors} options={statusOptions} />
      <TextArea name="summary" label="项目概况" value={values.summary} errors={errors} rows={3} />
    </>
  );
}

export function ProjectsIndexPage(p: {
  ctx: PageContext;
  agencies: { id: number; name: string; slug: string; projects: (ProjectRow & { percent: number | null; lastEntryDate: string | null })[]; canManage: boolean; pattern: string }[];
  year: number;
  failure?: Failure | undefined;
}) {
  return (
    <OfficeLayout ctx={p.ctx} title="重点项目">
      <h1>重点项目</h1>
      {p.agencies.map((a) => (
        <section key={a.id} aria-labelledby={`ag-${a.id}`}>
          <h2 id={`ag-${a.id}`}>{a.name}</h2>
          <p>
            <a href={`/office/work-plans/${a.id}/${p.year}`}>{p.year}年度工作目标和计划</a>　<a href={`/${a.slug}/zdxm`}>查看公开页面</a>
          </p>
          {a.projects.length ? (
            <table>
              <caption>{a.name}登记的重点项目</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col">代码</th>
                  <th scope="col">总投资（万元）</th>
                  <th scope="col">状态</th>
                  <th scope="col">进度</th>
                  <th scope="col">最近进展</th>
                </tr>
              </thead>
              <tbody>
                {a.projects.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={`/office/projects/${r.id}`}>{r.name}</a>
                    </td>
                    <td>{r.code}</td>
                    <td>{formatInvestment(r.investment)}</td>
                    <td>{statusLabel(r.status)}</td>
                    <td>{r.percent == null ? '—' : `${r.percent}%`}</td>
                    <td>{r.lastEntryDate ?? '暂无'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>暂无项目。</p>
          )}
          {a.canManage ? (
            <details open={p.failure?.values.agencyId === String(a.id)}>
              <summary>登记新项目</summary>
              <form method="post" action={`/office/projects?agency=${a.id}`} novalidate>
                <Csrf token={p.ctx.csrfToken} />
                {p.failure?.values.agencyId === String(a.id) ? <ErrorSummary errors={p.failure.errors} message={p.failure.message} /> : null}
                <input type="hidden" name="agencyId" value={String(a.id)} />
                <ProjectFields values={p.failure?.values.agencyId === String(a.id) ? p.failure.values : {}} errors={p.failure?.values.agencyId === String(a.id) ? p.failure.errors : undefined} pattern={a.pattern} />
                <button type="submit">登记</button>
              </form>
            </details>
          ) : null}
        </section>
      ))}
    </OfficeLayout>
  );
}

function ApprovalForm({ ctx, v, item, failure }: { ctx: PageContext; v: ProjectView; item: ProjectView['items'][number]; failure?: Failure | undefined }) {
  const mine = failure?.form === `approval-${item.publicationId}` ? failure : undefined;
  const vals: Record<string, string> = mine?.values ?? {
    approvalKind: item.approvalKind || 'approval',
    approvalResult: item.approvalResult,
    decidedOn: item.decidedOn ?? '',
    documentNumber: item.documentNumber,
    decidingUnit: item.decidingUnit,
    projectName: item.projectName,
    projectCode: item.projectCode,
  };
  const kind = (vals.approvalKind === 'filing' ? 'filing' : 'approval') as ApprovalKind;
  return (
    <form method="post" action={`/office/projects/${v.project.id}/links/${item.publicationId}/approval`} novalidate>
      <Csrf token={ctx.csrfToken} />
      <ErrorSummary errors={mine?.errors} message={mine?.message} />
      <Select name="approvalKind" label="类型" value={vals.approvalKind} errors={mine?.errors} options={Object.entries(APPROVAL_KINDS).map(([value, k]) => ({ value, label: k.label }))} />
      {(Object.entries(APPROVAL_FIELDS) as [keyof typeof APPROVAL_FIELDS, (typeof APPROVAL_FIELDS)[keyof typeof APPROVAL_FIELDS]][]).map(([k, labels]) => (
        <Field
          key={k}
          name={k}
          label={k === 'approvalResult' ? '审批结果（备案不填）' : kind === 'filing' ? `${labels.filing}` : `${labels.approval}`}
          type={k === 'decidedOn' ? 'date' : 'text'}
          value={vals[k]}
          errors={mine?.errors}
        />
      ))}
      <button type="submit">保存要素</button>
    </form>
  );
}

export function ProjectOfficePage(p: { ctx: PageContext; v: ProjectView; canManage: boolean; today: string; failure?: Failure | undefined }) {
  const { v, failure } = p;
  const f = (form: string) => (failure?.form === form ? failure : undefined);
  const pr = v.project;
  return (
    <OfficeLayout ctx={p.ctx} title={pr.name}>
      <h1>{pr.name}</h1>
      <p>
        <a href={`/${v.agency.slug}/zdxm/${pr.id}`}>查看公开页面</a>　完成进度：{v.percent == null ? '暂无进展' : `${v.percent}%`}
      </p>
      <h2>建设阶段</h2>
      <StagesTable v={v} caption="建设阶段" />
      {v.stages.length ? (
        <ul>
          {v.stages.map((s) => (
            <li key={s.id}>
              {s.name}：<a href={`/api/v1/projects/${pr.id}/stages/${s.id}/notice`}>公示栏内容（JSON）</a>
            </li>
          ))}
        </ul>
      ) : null}
      <h2>项目进展</h2>
      <Timeline v={v} />
      {p.canManage ? (
        <>
          <h3 id="add-progress">登记进展</h3>
          <form method="post" action={`/office/projects/${pr.id}/progress`} encType="multipart/form-data" novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <ErrorSummary errors={f('progress')?.errors} message={f('progress')?.message} />
            <Field name="date" label="进展日期" type="date" value={f('progress')?.values.date ?? p.today} errors={f('progress')?.errors} required hint="不能晚于今天" />
            <Field name="percent" label="完成进度（%）" type="number" value={f('progress')?.values.percent} errors={f('progress')?.errors} required hint="0—100 的整数" />
            <Select
              name="stageId"
              label="所处阶段"
              value={f('progress')?.values.stageId ?? ''}
              errors={f('progress')?.errors}
              options={[{ value: '', label: '（不指定）' }, ...v.stages.map((s) => ({ value: String(s.id), label: s.name }))]}
            />
            <TextArea name="body" label="进展情况" value={f('progress')?.values.body} errors={f('progress')?.errors} required rows={3} />
            <div class={`field${f('progress')?.errors.photos ? ' field-error' : ''}`}>
              <label for="f-photos">现场照片（可多选，PNG、JPEG、GIF、WebP）</label>
              {f('progress')?.errors.photos ? (
                <p class="error-text" id="f-photos-error">
                  {f('progress')!.errors.photos}
                </p>
              ) : null}
              <input id="f-photos" type="file" name="photos" multiple accept="image/png,image/jpeg,image/gif,image/webp" />
            </div>
            <button type="submit">登记进展</button>
          </form>

          <h3>增加建设阶段</h3>
          <form method="post" action={`/office/projects/${pr.id}/stages`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <ErrorSummary errors={f('stage')?.errors} message={f('stage')?.message} />
            <Field name="name" label="阶段名称" value={f('stage')?.values.name} errors={f('stage')?.errors} required />
            <Field name="plannedStart" label="计划开始日期" type="date" value={f('stage')?.values.plannedStart} errors={f('stage')?.errors} />
            <Field name="plannedEnd" label="计划完成日期" type="date" value={f('stage')?.values.plannedEnd} errors={f('stage')?.errors} />
            <Field name="actualStart" label="实际开始日期" type="date" value={f('stage')?.values.actualStart} errors={f('stage')?.errors} />
            <Field name="actualEnd" label="实际完成日期" type="date" value={f('stage')?.values.actualEnd} errors={f('stage')?.errors} />
            <button type="submit">增加阶段</button>
          </form>
        </>
      ) : null}

      <h2>关联信息</h2>
      {v.items.length ? (
        <ul>
          {v.items.map((i) => (
            <li key={i.publicationId}>
              <a href={i.officeUrl}>{i.title}</a>（{PROJECT_LIFECYCLE[i.lifecycle as keyof typeof PROJECT_LIFECYCLE]?.label ?? i.lifecycle}，{i.published ? '已发布' : '未发布'}）
              {p.canManage && i.lifecycle === 'approval_result' ? <ApprovalForm ctx={p.ctx} v={v} item={i} failure={failure} /> : null}
              {p.canManage ? (
                <form method="post" action={`/office/projects/${pr.id}/links/${i.publicationId}/delete`} class="inline">
                  <Csrf token={p.ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    取消关联
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>尚未关联信息。</p>
      )}
      {p.canManage ? (
        <form method="post" action={`/office/projects/${pr.id}/links`} novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <ErrorSummary errors={f('link')?.errors} message={f('link')?.message} />
          <Field name="publicationId" label="信息编号" inputMode="numeric" value={f('link')?.values.publicationId} errors={f('link')?.errors} required hint="办公系统信息页面网址中的数字" />
          <Select
            name="lifecycle"
            label="信息类别"
            value={f('link')?.values.lifecycle ?? 'approval_result'}
            errors={f('link')?.errors}
            options={PROJECT_LIFECYCLE_ORDER.map((k) => ({ value: k, label: PROJECT_LIFECYCLE[k].label }))}
          />
          <Select name="approvalKind" label="批准结果信息的类型" value={f('link')?.values.approvalKind ?? 'approval'} errors={f('link')?.errors} options={Object.entries(APPROVAL_KINDS).map(([value, k]) => ({ value, label: k.label }))} />
          <button type="submit">关联</button>
        </form>
      ) : null}

      {p.canManage ? (
        <>
          <h2>修改登记信息</h2>
          <form method="post" action={`/office/projects/${pr.id}`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <ErrorSummary errors={f('project')?.errors} message={f('project')?.message} />
            <input type="hidden" name="version" value={String(pr.version)} />
            <ProjectFields values={f('project')?.values ?? { ...pr }} errors={f('project')?.errors} pattern={v.settings.codePattern} />
            <button type="submit">保存</button>
          </form>
        </>
      ) : null}
    </OfficeLayout>
  );
}

export function PlanOfficePage(p: { ctx: PageContext; agency: { id: number; name: string; slug: string }; year: number; v: PlanView | null; canManage: boolean; canPublish: boolean; today: string; failure?: Failure | undefined }) {
  const f = (form: string) => (p.failure?.form === form ? p.failure : undefined);
  const base = `/office/work-plans/${p.agency.id}/${p.year}`;
  const plan = p.v?.plan;
  return (
    <OfficeLayout ctx={p.ctx} title={`${p.year}年度工作目标和计划`}>
      <h1>
        {p.agency.name}
        {p.year}年度工作目标和计划
      </h1>
      <p>{plan?.publishedAt ? <a href={`/${p.agency.slug}/ndjh/${p.year}`}>已公开，查看公开页面</a> : '尚未公开'}</p>
      {p.canManage ? (
        <form method="post" action={base} novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <ErrorSummary errors={f('plan')?.errors} message={f('plan')?.message} />
          {plan ? <input type="hidden" name="version" value={String(plan.version)} /> : null}
          <Field name="title" label="标题" value={f('plan')?.values.title ?? plan?.title ?? `${p.agency.name}${p.year}年工作要点`} errors={f('plan')?.errors} required />
          <TextArea name="intro" label="说明" value={f('plan')?.values.intro ?? plan?.intro} errors={f('plan')?.errors} rows={3} />
          <button type="submit">{plan ? '保存' : '新建计划'}</button>
        </form>
      ) : null}
      {p.v ? (
        <>
          <h2>工作目标</h2>
          <ol>
            {p.v.targets.map((t) => (
              <li key={t.id}>
                {t.text}
                {t.responsible ? `（${t.responsible}）` : ''}
              </li>
            ))}
          </ol>
          {p.canManage ? (
            <form method="post" action={`${base}/targets`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <ErrorSummary errors={f('target')?.errors} message={f('target')?.message} />
              <TextArea name="text" label="目标" value={f('target')?.values.text} errors={f('target')?.errors} required rows={2} />
              <Field name="responsible" label="责任单位" value={f('target')?.values.responsible} errors={f('target')?.errors} />
              <button type="submit">增加目标</button>
            </form>
          ) : null}
          <h2>工作进展</h2>
          <ol>
            {p.v.entries.map((e) => (
              <li key={e.id}>
                {e.entryDate}：{e.body}
              </li>
            ))}
          </ol>
          {p.canManage ? (
            <form method="post" action={`${base}/progress`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <ErrorSummary errors={f('progress')?.errors} message={f('progress')?.message} />
              <Field name="date" label="进展日期" type="date" value={f('progress')?.values.date ?? p.today} errors={f('progress')?.errors} required />
              <Select name="targetId" label="对应目标" value={f('progress')?.values.targetId ?? ''} errors={f('progress')?.errors} options={[{ value: '', label: '（总体）' }, ...p.v.targets.map((t) => ({ value: String(t.id), label: t.text.slice(0, 40) }))]} />
              <TextArea name="body" label="进展情况" value={f('progress')?.values.body} errors={f('progress')?.errors} required rows={3} />
              <button type="submit">登记进展</button>
            </form>
          ) : null}
          <h2>年度工作总结</h2>
          {p.canManage ? (
            <form method="post" action={`${base}/summary`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <ErrorSummary errors={f('summary')?.errors} message={f('summary')?.message} />
              <TextArea name="summary" label="年度工作总结" value={f('summary')?.values.summary ?? plan?.summary} errors={f('summary')?.errors} rows={6} hint={`自${p.year}年12月1日起填写`} />
              <button type="submit">保存总结</button>
            </form>
          ) : (
            <p>{plan?.summary || '暂无'}</p>
          )}
          {p.canPublish && !plan?.publishedAt ? (
            <form method="post" action={`${base}/publish`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <ErrorSummary errors={f('publish')?.errors} message={f('publish')?.message} />
              <button type="submit">公开计划</button>
            </form>
          ) : null}
        </>
      ) : null}
    </OfficeLayout>
  );
}
