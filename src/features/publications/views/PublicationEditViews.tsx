import { isInterpretation } from '../publication.interpretation.js';
import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { DISCLOSURE_ATTRIBUTES, DISCLOSURE_CATEGORIES, DISCLOSURE_CATEGORY_KEYS, DOCUMENT_KINDS, GENRES, TOPICS } from '../categories.js';
import { ACCEPTED_EXTENSIONS } from '../../files/files.js';
import { LIMITS, needsApprovalDate } from '../publication.js';
import { PERIOD_LAWS, periodLength, periodRuleOf } from '../publication.periods.js';
import type { PublicationView } from '../publication.service.js';
import { TimelinessBadge, VocabSelect, type AgencyOption, type FormContext, type Values } from './parts.js';

const GROUP_LABELS: Record<string, string> = {
  art20: '《条例》第二十条 法定主动公开内容',
  art21: '《条例》第二十一条 设区的市级、县级人民政府及其部门、乡（镇）人民政府重点公开的内容',
  rules: '政府信息公开制度',
  report: '政府信息公开工作年度报告',
  other: '其他栏目',
};

function CategorySelect(p: { value: string | undefined; errors?: FieldErrors | undefined }) {
  const err = p.errors?.category;
  return (
    <div class={`field${err ? ' field-error' : ''}`}>
      <label for="f-category">公开类别（栏目）</label>
      {err ? <p class="error-text" id="f-category-error">{err}</p> : null}
      <select id="f-category" name="category" aria-invalid={err ? 'true' : undefined} aria-describedby={err ? 'f-category-error' : undefined}>
        <option value="">请选择</option>
        {Object.entries(GROUP_LABELS).map(([group, label]) => (
          <optgroup key={group} label={label}>
            {DISCLOSURE_CATEGORY_KEYS.filter((k) => DISCLOSURE_CATEGORIES[k].group === group).map((k) => (
              <option key={k} value={k} selected={p.value === k}>
                {DISCLOSURE_CATEGORIES[k].article ? `${DISCLOSURE_CATEGORIES[k].article.replace('第二十条', '').replace('第二十一条', '第二十一条 ')} ` : ''}
                {DISCLOSURE_CATEGORIES[k].label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** Form values of a working copy. */
export function valuesOf(v: PublicationView): Values {
  return {
    title: v.title,
    summary: v.summary,
    body: v.body,
    documentNumber: v.documentNumber,
    writtenDate: v.writtenDate ?? '',
    formedDate: v.formedDate ?? '',
    approvedOn: v.approvedOn ?? '',
    category: v.category,
    topic: v.topic,
    genre: v.genre,
    keywords: v.keywords,
    disclosureAttribute: v.disclosureAttribute,
    disclosureBasis: v.disclosureBasis,
    documentKind: v.documentKind,
    changeNote: v.changeNote,
    departmentId: v.departmentId ? String(v.departmentId) : '',
    issuerAgencies: v.issuers.filter((i) => i.agencyId).map((i) => i.agencyId).join(','),
    issuerOther: v.issuers.filter((i) => !i.agencyId).map((i) => i.name).join('\n'),
    interprets: v.interprets.map((l) => l.indexNumber ?? String(l.id)).join('\n'),
    version: String(v.version),
  };
}

/**
 * The date fields, with hints naming the period the item's category runs under.
 * 批复日期 is asked for when the category's period runs from the 批复 (or a date or
 * an error is already there); the form works without scripts, so a category chosen
 * just now shows it after saving.
 */
function DateFields({ v, e, revision }: { v: Values; e?: FieldErrors | undefined; revision: boolean }) {
  const rule = periodRuleOf(v.category);
  const law = PERIOD_LAWS[rule.law].short;
  const askApproval = needsApprovalDate(v.category) || !!v.approvedOn || !!e?.approvedOn;
  return (
    <div class="field-row">
      <Field
        name="writtenDate"
        label="成文日期"
        hint={rule.kind === 'wd_from_decision' ? `行政许可、行政处罚决定的成文日期即作出决定之日，自该日起${periodLength(rule)}内公开（${law}）` : undefined}
        type="date"
        value={v.writtenDate}
        errors={e}
      />
      <Field
        name="formedDate"
        label={revision ? '变更日期' : '形成日期'}
        hint={rule.kind === 'wd_from_formed' ? `信息形成或变更之日，用于计算 ${periodLength(rule)}的公开期限（${law}）` : '信息形成或变更之日'}
        type="date"
        value={v.formedDate}
        errors={e}
      />
      {askApproval ? (
        <Field
          name="approvedOn"
          label="批复日期"
          hint={rule.kind === 'days_from_approval' ? `财政部门批复部门预算、决算之日；${law}：批复后${periodLength(rule)}内公开` : '本类别的公开期限不从批复日期起算'}
          type="date"
          value={v.approvedOn}
          errors={e}
        />
      ) : null}
    </div>
  );
}

export function PublicationFields(p: { v: Values; e?: FieldErrors | undefined; fc: FormContext; revision: boolean; agencyId: number }) {
  const { v, e } = p;
  const issuerIds = new Set((v.issuerAgencies ?? '').split(',').filter(Boolean));
  return (
    <>
      <fieldset>
        <legend>基本信息</legend>
        <Field name="title" label="名称（标题）" value={v.title} errors={e} required maxLength={LIMITS.title} />
        <TextArea name="summary" label="内容概述" hint="列入政府信息公开目录（《条例》第十二条），一两句话说明这条信息是什么；不填的，目录只能以正文开头代替" value={v.summary} errors={e} rows={3} maxLength={LIMITS.summary} />
        <Field name="documentNumber" label="文号" hint="例：示发改投〔2026〕12号；没有文号可不填" value={v.documentNumber} errors={e} maxLength={LIMITS.documentNumber} />
        <DateFields v={v} e={e} revision={p.revision} />
        {p.revision ? <TextArea name="changeNote" label="修订说明" hint="公众在页面上看到的修订说明，例：更正附件中的项目投资额" value={v.changeNote} errors={e} rows={2} maxLength={LIMITS.changeNote} /> : null}
      </fieldset>
      <fieldset>
        <legend>正文</legend>
        {e?.body ? <p class="error-text">{e.body}</p> : null}
        <div class="field">
          <label for="f-body">正文</label>
          <p class="hint" id="f-body-hint">可直接从 Word、WPS 粘贴，系统会清理格式、保留表格和列表；保存时自动去除脚本等不安全内容。</p>
          <textarea id="f-body" name="body" rows={16} data-editor="rich" aria-describedby="f-body-hint">
            {v.body ?? ''}
          </textarea>
        </div>
      </fieldset>
      <fieldset>
        <legend>分类</legend>
        <CategorySelect value={v.category} errors={e} />
        <VocabSelect name="topic" label="主题分类" vocab={TOPICS} value={v.topic} errors={e} empty="请选择" />
        <VocabSelect name="genre" label="体裁分类" vocab={GENRES} value={v.genre} errors={e} empty="请选择" />
        <VocabSelect name="documentKind" label="文件类型" hint="规章、行政规范性文件计入年度报告第二部分（制发、废止、现行有效件数）" vocab={DOCUMENT_KINDS} value={v.documentKind || 'other'} errors={e} />
        {isInterpretation({ category: v.category ?? '', genre: v.genre ?? '' }) || v.interprets || e?.interprets ? (
          <TextArea
            name="interprets"
            label="原文（本解读所解读的文件）"
            hint="填写原文的索引号或编号，每行一个；原文未发布的填编号"
            value={v.interprets}
            errors={e}
            rows={2}
            maxLength={900}
          />
        ) : null}
        <Field name="keywords" label="关键词（主题词）" hint="用顿号或逗号分隔，最多 10 个" value={v.keywords} errors={e} maxLength={240} />
      </fieldset>
      <fieldset>
        <legend>公开属性</legend>
        <VocabSelect name="disclosureAttribute" label="公开属性" vocab={DISCLOSURE_ATTRIBUTES} value={v.disclosureAttribute || 'proactive'} errors={e} />
        <TextArea name="disclosureBasis" label="依据" hint="依申请公开、不予公开的须写明依据，例：《政府信息公开条例》第十六条" value={v.disclosureBasis} errors={e} rows={2} maxLength={LIMITS.disclosureBasis} />
      </fieldset>
      <fieldset id="f-issuers" class={e?.issuers ? 'field-error' : undefined}>
        <legend>发布机构</legend>
        {e?.issuers ? <p class="error-text">{e.issuers}</p> : null}
        <p class="hint">联合发文的，勾选所有发布机构；平台以外的机构填在下面，每行一个。</p>
        <div class="checkbox-grid">
          {p.fc.agencies.map((a) => (
            <div class="field checkbox" key={a.id}>
              <input type="checkbox" id={`issuer-${a.id}`} name="issuerAgencies" value={String(a.id)} checked={issuerIds.has(String(a.id))} />
              <label for={`issuer-${a.id}`}>{a.name}</label>
            </div>
          ))}
        </div>
        <TextArea name="issuerOther" label="其他发布机构" value={v.issuerOther} errors={e} rows={2} maxLength={600} />
      </fieldset>
      {p.fc.chooseDepartment && p.fc.departments.length ? (
        <fieldset>
          <legend>承办股室</legend>
          <VocabSelect
            name="departmentId"
            label="承办股室"
            vocab={Object.fromEntries(p.fc.departments.map((d) => [String(d.id), d.name]))}
            value={v.departmentId}
            errors={e}
            empty="（不指定）"
          />
        </fieldset>
      ) : null}
    </>
  );
}

export function NewPublicationPage(p: { ctx: PageContext; values: Values; fc: FormContext; agencies: AgencyOption[]; errors?: FieldErrors; message?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title="起草信息" scripts={['editor.js']}>
      <h1>起草信息</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action="/office/publications" novalidate>
        <Csrf token={p.ctx.csrfToken} />
        {p.agencies.length > 1 ? (
          <fieldset>
            <legend>机关</legend>
            <VocabSelect name="agencyId" label="所属机关" vocab={Object.fromEntries(p.agencies.map((a) => [String(a.id), a.name]))} value={p.values.agencyId} errors={p.errors} />
          </fieldset>
        ) : p.agencies[0] ? (
          <input type="hidden" name="agencyId" value={String(p.agencies[0].id)} />
        ) : null}
        <PublicationFields v={p.values} e={p.errors} fc={p.fc} revision={false} agencyId={Number(p.values.agencyId ?? p.agencies[0]?.id ?? 0)} />
        <div class="actions">
          <button type="submit">保存草稿</button>
        </div>
        <p class="hint">保存后可上传附件、查看公开期限和提交审核。</p>
      </form>
    </OfficeLayout>
  );
}

export function Attachments(p: { ctx: PageContext; v: PublicationView; editable: boolean; errors?: FieldErrors | undefined }) {
  return (
    <section class="panel" aria-labelledby="att-h">
      <h2 id="att-h">附件（{p.v.attachments.length}）</h2>
      {p.v.attachments.length ? (
        <ul class="attachment-list">
          {p.v.attachments.map((a) => (
            <li key={a.id}>
              <a href={a.officeUrl}>{a.name}</a> <span class="muted">（{Math.max(1, Math.round(a.size / 1024))} KB）</span>
              {p.editable ? (
                // A button of the edit form, like 保存并上传: what was typed is saved before the file goes.
                <button
                  type="submit"
                  class="link-button"
                  form="edit-form"
                  formaction={`/office/publications/${p.v.id}/attachments/${a.id}/delete`}
                  formenctype="application/x-www-form-urlencoded"
                  formmethod="post"
                >
                  删除<span class="visually-hidden">附件 {a.name}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">没有附件。</p>
      )}
      {p.editable ? (
        // The upload belongs to the edit form (the page's one form of the working copy):
        // its button sends the typed fields along, and they are saved before the file is added.
        <div class="upload-form">
          <div class={`field${p.errors?.file ? ' field-error' : ''}`}>
            <label for="f-file">上传附件</label>
            <p class="hint" id="f-file-hint">
              PDF、OFD、Word、Excel 或图片，{ACCEPTED_EXTENSIONS.map((x) => `.${x}`).join(' ')}；文件类型按内容识别。上传时一并保存表单中的修改。
            </p>
            {p.errors?.file ? <p class="error-text" id="f-file-error">{p.errors.file}</p> : null}
            <input
              id="f-file"
              type="file"
              name="file"
              form="edit-form"
              aria-describedby={`f-file-hint${p.errors?.file ? ' f-file-error' : ''}`}
              accept={ACCEPTED_EXTENSIONS.map((x) => `.${x}`).join(',')}
            />
          </div>
          <Field name="attachmentName" label="附件名称（可选）" hint="不填则使用文件名" maxLength={LIMITS.attachmentName} form="edit-form" />
          <button type="submit" class="secondary" form="edit-form" formaction={`/office/publications/${p.v.id}/attachments`} formenctype="multipart/form-data" formmethod="post">
            保存并上传
          </button>
        </div>
      ) : null}
    </section>
  );
}

export function SubmitChecklist({ v, missing }: { v: PublicationView; missing: FieldErrors }) {
  const entries = Object.entries(missing);
  // The same screening the review runs, on what was last saved (body, 文号, attachments' text).
  const open = v.findings.filter((f) => !f.confirmedAt);
  return (
    <section class="panel" aria-labelledby="check-h">
      <h2 id="check-h">提交前检查</h2>
      <p>
        公开期限：<TimelinessBadge t={v.timeliness} />
      </p>
      {v.timeliness.explanation[0] ? <p class="hint">{v.timeliness.explanation[0]}</p> : null}
      {entries.length ? (
        <>
          <p>还需填写：</p>
          <ul class="missing-list">
            {entries.map(([k, msg]) => (
              <li key={k}>
                <a href={`#f-${k}`}>{msg.replace(/^提交前须填写/, '')}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {open.length ? (
        <div class="screening-findings" id="f-findings">
          <p>
            <span class="badge danger">内容筛查发现 {open.length} 项</span>
          </p>
          <ul class="finding-list">
            {open.map((f) => (
              <li key={f.id}>
                <strong>{f.label}</strong>（{f.sourceLabel}）：<code>{f.excerpt}</code>
                {f.suggestion ? <div class="hint">{f.suggestion}</div> : null}
              </li>
            ))}
          </ul>
          <p class="hint">请删除或遮盖个人信息、去掉密级和内部资料标识后保存；确需保留的，提交后由办公室审核人逐项核实确认，确认前不能发布。</p>
        </div>
      ) : null}
      {!entries.length && !open.length ? <p class="badge ok">各项已填写完整，内容筛查未发现问题，可以提交审核</p> : null}
      {!entries.length && open.length ? <p>各项已填写完整，可以提交审核，但请先处理上述筛查结果。</p> : null}
    </section>
  );
}
