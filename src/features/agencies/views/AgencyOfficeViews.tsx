import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, Select, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { can } from '../../access/policy.js';
import { AGENCY_LEVELS, GUIDE_FIELDS, GUIDE_KEYS, missingGuideFields, type GuideFields } from '../agency.js';
import type { AgencyWithDepartments } from '../agency.service.js';
import type { DepartmentRow } from '../agency.table.js';

export function AgencyList(p: { ctx: PageContext; agencies: AgencyWithDepartments[] }) {
  return (
    <OfficeLayout ctx={p.ctx} title="机关与股室">
      <h1>机关与股室</h1>
      {can(p.ctx.actor ?? null, 'agency.create') ? (
        <p>
          <a class="button" href="/office/agencies/new">
            新增机关
          </a>
        </p>
      ) : null}
      <table class="table">
        <caption class="visually-hidden">机关列表</caption>
        <thead>
          <tr>
            <th scope="col">机关名称</th>
            <th scope="col">代码</th>
            <th scope="col">股室</th>
            <th scope="col">公开指南</th>
          </tr>
        </thead>
        <tbody>
          {p.agencies.map((a) => (
            <tr key={a.id}>
              <td>{can(p.ctx.actor ?? null, 'agency.update', { agencyId: a.id }) ? <a href={`/office/agencies/${a.id}`}>{a.name}</a> : a.name}</td>
              <td>
                <code>{a.code}</code>
              </td>
              <td>{a.departments.length}</td>
              <td>{a.guidePublishedAt ? '已发布' : '未发布'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </OfficeLayout>
  );
}

type Values = Record<string, string | number | null | undefined>;

export function AgencyForm(p: {
  ctx: PageContext;
  agency?: AgencyWithDepartments;
  values: Values;
  errors?: FieldErrors;
  message?: string;
}) {
  const editing = !!p.agency;
  const v = p.values;
  const e = p.errors;
  const canEditCode = !editing || !!p.ctx.actor?.platformAdmin;
  return (
    <OfficeLayout ctx={p.ctx} title={editing ? `编辑：${p.agency!.name}` : '新增机关'}>
      <h1>{editing ? `编辑机关：${p.agency!.name}` : '新增机关'}</h1>
      {editing ? (
        <nav class="subnav" aria-label="机关管理">
          <a href={`/office/agencies/${p.agency!.id}`} aria-current="page">基本信息</a>
          <a href={`/office/agencies/${p.agency!.id}/guide`}>公开指南</a>
          <a href={`/office/agencies/${p.agency!.id}/departments`}>股室</a>
          <a href={`/office/audit?entityType=agency&entityId=${p.agency!.id}`}>修改记录</a>
        </nav>
      ) : null}
      <ErrorSummary errors={e} message={p.message} />
      <form method="post" action={editing ? `/office/agencies/${p.agency!.id}` : '/office/agencies'} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        {editing ? <input type="hidden" name="version" value={String(v.version ?? p.agency!.version)} /> : null}
        <fieldset>
          <legend>机关标识</legend>
          <Field name="name" label="机关全称" value={v.name} errors={e} required maxLength={60} />
          <Field name="shortName" label="简称" value={v.shortName} errors={e} required maxLength={20} />
          <Field name="slug" label="网址标识" hint="用于网址，例如 fgj 对应 /fgj；发布后请勿随意修改" value={v.slug} errors={e} required maxLength={32} />
          {canEditCode ? (
            <Field name="code" label="统一社会信用代码或组织机构代码" hint="18 位统一社会信用代码或 9 位组织机构代码，系统会核对校验位；用作索引号前段" value={v.code} errors={e} required maxLength={20} />
          ) : (
            <p>
              机关代码：<code>{p.agency!.code}</code>（只有平台管理员可修改）
            </p>
          )}
          <Select name="level" label="机关类型" value={v.level ?? 'department'} errors={e} options={Object.entries(AGENCY_LEVELS).map(([value, { label }]) => ({ value, label }))} />
          <Select
            name="budgetUnit"
            label="是否为预算单位"
            hint="预算单位须公开本单位部门预算、决算（条例第二十条第（七）项、预算法第十四条），其“财政预算、决算信息”栏目不能隐藏"
            value={String(v.budgetUnit ?? '1')}
            errors={e}
            options={[
              { value: '1', label: '是（编制部门预算）' },
              { value: '0', label: '否（不单独编制预算）' },
            ]}
          />
          <Field name="siteIdCode" label="政府网站标识码" hint="10 位，例如 1304000009" value={v.siteIdCode} errors={e} maxLength={10} />
          <Field name="headName" label="负责人姓名" value={v.headName} errors={e} maxLength={50} />
          <Field name="sortOrder" label="排列顺序" hint="数字小的排在前面" value={v.sortOrder ?? 0} errors={e} inputMode="numeric" />
        </fieldset>
        <fieldset>
          <legend>联系方式</legend>
          <Field name="address" label="办公地址" value={v.address} errors={e} maxLength={200} />
          <Field name="postcode" label="邮政编码" value={v.postcode} errors={e} maxLength={6} inputMode="numeric" />
          <Field name="officeHours" label="办公时间" value={v.officeHours} errors={e} maxLength={200} />
          <Field name="phone" label="联系电话" value={v.phone} errors={e} type="tel" maxLength={60} />
          <Field name="fax" label="传真" value={v.fax} errors={e} type="tel" maxLength={60} />
          <Field name="email" label="电子邮箱" value={v.email} errors={e} type="email" maxLength={120} />
          <Field name="website" label="网站" value={v.website} errors={e} type="url" maxLength={300} />
          <Field name="supervisionPhone" label="监督电话" hint="公众对政府信息公开工作进行监督的电话，显示在门户各页" value={v.supervisionPhone} errors={e} type="tel" maxLength={60} />
        </fieldset>
        <fieldset>
          <legend>机关职能</legend>
          <TextArea name="functions" label="主要职能" value={v.functions} errors={e} rows={8} maxLength={5000} />
        </fieldset>
        <button type="submit">{editing ? '保存' : '创建机关'}</button>
      </form>
    </OfficeLayout>
  );
}

export function GuideForm(p: { ctx: PageContext; agency: AgencyWithDepartments; values: GuideFields; version: number; errors?: FieldErrors; message?: string }) {
  const missing = missingGuideFields(p.values);
  return (
    <OfficeLayout ctx={p.ctx} title={`公开指南：${p.agency.name}`}>
      <h1>政府信息公开指南</h1>
      <nav class="subnav" aria-label="机关管理">
        <a href={`/office/agencies/${p.agency.id}`}>基本信息</a>
        <a href={`/office/agencies/${p.agency.id}/guide`} aria-current="page">公开指南</a>
        <a href={`/office/agencies/${p.agency.id}/departments`}>股室</a>
        <a href={`/office/audit?entityType=agency&entityId=${p.agency.id}`}>修改记录</a>
      </nav>
      <p>
        《政府信息公开条例》第十二条要求指南载明信息分类、编排体系、获取方式以及公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等。所有项目填写完整后方可发布。
        {p.agency.guidePublishedAt ? (
          <>
            {' '}
            当前门户显示的是已发布版本（<a href={`/${p.agency.slug}/zfxxgk/zfxxgkzn`}>查看</a>）。
          </>
        ) : (
          ' 尚未发布。'
        )}
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      {!p.errors && missing.length ? (
        <p class="alert alert-warning">尚有 {missing.length} 项未填写：{missing.map((k) => GUIDE_FIELDS[k].label).join('、')}</p>
      ) : null}
      <form method="post" action={`/office/agencies/${p.agency.id}/guide`} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <input type="hidden" name="version" value={String(p.version)} />
        {GUIDE_KEYS.map((k) =>
          GUIDE_FIELDS[k].long ? (
            <TextArea key={k} name={k} label={GUIDE_FIELDS[k].label} hint={GUIDE_FIELDS[k].hint || undefined} value={p.values[k]} errors={p.errors} rows={5} maxLength={5000} />
          ) : (
            <Field key={k} name={k} label={GUIDE_FIELDS[k].label} hint={GUIDE_FIELDS[k].hint || undefined} value={p.values[k]} errors={p.errors} maxLength={300} />
          ),
        )}
        <div class="actions">
          <button type="submit" name="intent" value="save" class="secondary">
            保存草稿
          </button>
          <button type="submit" name="intent" value="publish">
            保存并发布
          </button>
        </div>
      </form>
    </OfficeLayout>
  );
}

export function DepartmentsPage(p: {
  ctx: PageContext;
  agency: AgencyWithDepartments;
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
  editingId?: number;
}) {
  const canManage = can(p.ctx.actor ?? null, 'department.manage', { agencyId: p.agency.id });
  return (
    <OfficeLayout ctx={p.ctx} title={`股室：${p.agency.name}`}>
      <h1>内设机构（股室）</h1>
      <nav class="subnav" aria-label="机关管理">
        <a href={`/office/agencies/${p.agency.id}`}>基本信息</a>
        <a href={`/office/agencies/${p.agency.id}/guide`}>公开指南</a>
        <a href={`/office/agencies/${p.agency.id}/departments`} aria-current="page">股室</a>
      </nav>
      <ErrorSummary errors={p.errors} message={p.message} />
      <table class="table">
        <caption class="visually-hidden">股室列表</caption>
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">职责</th>
            <th scope="col">电话</th>
            {canManage ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.agency.departments.map((d: DepartmentRow) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td>{d.duties}</td>
              <td>{d.phone}</td>
              {canManage ? (
                <td>
                  <details>
                    <summary>修改</summary>
                    <form method="post" action={`/office/departments/${d.id}`}>
                      <Csrf token={p.ctx.csrfToken} />
                      <Field name="name" label="名称" value={p.editingId === d.id ? p.values?.name : d.name} errors={p.editingId === d.id ? p.errors : undefined} required />
                      <TextArea name="duties" label="职责" value={p.editingId === d.id ? p.values?.duties : d.duties} rows={3} />
                      <Field name="phone" label="电话" value={p.editingId === d.id ? p.values?.phone : d.phone} errors={p.editingId === d.id ? p.errors : undefined} />
                      <Field name="sortOrder" label="排序" value={p.editingId === d.id ? p.values?.sortOrder : d.sortOrder} />
                      <button type="submit">保存</button>
                    </form>
                    <form method="post" action={`/office/departments/${d.id}/delete`}>
                      <Csrf token={p.ctx.csrfToken} />
                      <button type="submit" class="danger">
                        删除“{d.name}”
                      </button>
                    </form>
                  </details>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <section aria-labelledby="add-dept-h">
          <h2 id="add-dept-h">新增股室</h2>
          <form method="post" action={`/office/agencies/${p.agency.id}/departments`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <Field name="name" label="名称" value={p.editingId ? '' : p.values?.name} errors={p.editingId ? undefined : p.errors} required maxLength={40} />
            <TextArea name="duties" label="职责" value={p.editingId ? '' : p.values?.duties} rows={3} />
            <Field name="phone" label="电话" value={p.editingId ? '' : p.values?.phone} errors={p.editingId ? undefined : p.errors} />
            <button type="submit">新增</button>
          </form>
        </section>
      ) : null}
    </OfficeLayout>
  );
}
