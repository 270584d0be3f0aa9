import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field, TextArea } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import { columnUrl, HIDEABLE_FIXED_KEYS, mandatoryReason, type Column } from '../catalog.js';
import { directoryUrl } from '../catalog.directory.js';
import type { CatalogRedirectRow } from '../catalog.table.js';
import type { AgencyHealth } from '../catalog.health.js';
import { COLUMN_CLASSES, HEALTH_STATES, type ColumnHealth, type HealthState } from '../column-health.js';

const BADGE: Record<HealthState, string> = { ok: 'ok', due_soon: 'warn', stale: 'danger', blank: 'danger', hidden: '' };

export function HealthBadge({ h }: { h: ColumnHealth | undefined }) {
  if (!h) return <span class="muted">—</span>;
  return <span class={`badge ${BADGE[h.state]}`}>{HEALTH_STATES[h.state].label}</span>;
}

export function AgencyPicker(p: { ctx: PageContext; agencies: AgencyWithDepartments[] }) {
  return (
    <OfficeLayout ctx={p.ctx} title="栏目管理">
      <h1>栏目管理</h1>
      {p.agencies.length === 0 ? (
        <p>您没有可管理栏目的机关。</p>
      ) : (
        <ul>
          {p.agencies.map((a) => (
            <li key={a.id}>
              <a href={`/office/catalog/${a.id}`}>{a.name}</a>
            </li>
          ))}
        </ul>
      )}
    </OfficeLayout>
  );
}

/** Site-level alarms of the 2019 检查指标, as a short list the administrator acts on. */
export function HealthSummary({ health }: { health: AgencyHealth }) {
  const { counts, thresholds, alarms, warnings } = health.site;
  const rows: [string, number, number, boolean, boolean][] = [
    ['动态、通知公告、政策文件类栏目未按期更新', counts.stale, thresholds.stale, alarms.stale, warnings.stale],
    ['其他栏目长期未更新', counts.longIdle, thresholds.longIdle, alarms.longIdle, warnings.longIdle],
    ['空白栏目', counts.blank, thresholds.blank, alarms.blank, warnings.blank],
  ];
  const ar = health.annualReport;
  return (
    <ul class="health-summary">
      {rows.map(([label, n, limit, alarm, warn]) => (
        <li key={label}>
          <span class={`badge ${alarm ? 'danger' : warn ? 'warn' : 'ok'}`}>{alarm ? '已达否决线' : warn ? '差一个达否决线' : '正常'}</span> {label}：{n} 个（检查指标否决线 {limit} 个）
        </li>
      ))}
      {counts.dueSoon ? (
        <li>
          <span class="badge warn">即将到期</span> {counts.dueSoon} 个栏目即将超过更新周期
        </li>
      ) : null}
      {ar.state !== 'ok' ? (
        <li>
          <span class={`badge ${ar.state === 'upcoming' ? 'warn' : 'danger'}`}>年度报告</span> {ar.message}
        </li>
      ) : null}
    </ul>
  );
}

function MoveButtons({ ctx, column, first, last }: { ctx: PageContext; column: Column; first: boolean; last: boolean }) {
  if (column.fixed) return <span class="muted">固定</span>;
  return (
    <>
      {(['up', 'down'] as const).map((dir) =>
        (dir === 'up' && first) || (dir === 'down' && last) ? null : (
          <form key={dir} method="post" action={`/office/catalog/columns/${column.id}/move`} class="inline">
            <Csrf token={ctx.csrfToken} />
            <input type="hidden" name="version" value={String(column.version)} />
            <input type="hidden" name="direction" value={dir} />
            <button type="submit" class="small secondary" aria-label={`${column.name}${dir === 'up' ? '上移' : '下移'}`}>
              {dir === 'up' ? '上移' : '下移'}
            </button>
          </form>
        ),
      )}
    </>
  );
}

export function ColumnAdminPage(p: { ctx: PageContext; agency: AgencyWithDepartments; health: AgencyHealth }) {
  const { agency: a, health } = p;
  const t = health.tree;
  const byColumn = new Map(health.site.columns.map((h) => [h.column.id, h]));
  const depth = (c: Column) => (c.parentId === null ? 0 : c.parentId === t.root.id ? 1 : 2);
  const siblingsOf = (c: Column) => (c.parentId === t.statutoryParent.id ? t.statutory : c.parentId === null ? t.agencyLevel : []).filter((x) => !x.fixed);
  return (
    <OfficeLayout ctx={p.ctx} title={`栏目管理：${a.name}`}>
      <h1>栏目管理：{a.name}</h1>
      <p>
        “政府信息公开”及其五个一级栏目按国家规范设置，名称、网址和顺序固定；不适用于本机关的栏目可以隐藏，隐藏原因会在门户公示并记入审计日志。修改栏目网址后，原网址自动跳转到新网址。
      </p>
      <p>
        政府信息公开目录（《条例》第十二条，按年度）：<a href={directoryUrl(a.slug)}>在门户查阅、打印，下载 CSV、Excel</a>
      </p>
      <section class="panel" aria-labelledby="health-h">
        <h2 id="health-h">栏目健康</h2>
        <HealthSummary health={health} />
      </section>
      <table class="table catalog-admin">
        <caption class="visually-hidden">{a.name}的栏目</caption>
        <thead>
          <tr>
            <th scope="col">栏目</th>
            <th scope="col">网址</th>
            <th scope="col">状态</th>
            <th scope="col">信息数 / 最近发布</th>
            <th scope="col">更新周期</th>
            <th scope="col">排序</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {t.all.map((c) => {
            const h = byColumn.get(c.id);
            const sibs = siblingsOf(c);
            return (
              <tr key={c.id}>
                <th scope="row" class={`depth-${depth(c)}`}>
                  {c.name}
                  {c.article ? <div class="muted">{c.article}</div> : null}
                </th>
                <td>
                  <a href={columnUrl(a.slug, c)}>
                    <code>/{c.path}</code>
                  </a>
                </td>
                <td>
                  {c.hidden && h?.mandatory ? (
                    <>
                      <span class="badge danger">必须公开，已隐藏</span> <HealthBadge h={h} />
                      <div class="muted">{mandatoryReason(c.category, a)}；请恢复显示</div>
                    </>
                  ) : c.hidden ? (
                    <>
                      <span class="badge">已隐藏</span>
                      <div class="muted">{c.hiddenReason}</div>
                    </>
                  ) : (
                    <HealthBadge h={h} />
                  )}
                </td>
                <td>{h ? `${h.count} 条${h.lastPublishedDate ? ` / ${h.lastPublishedDate}` : ''}` : '—'}</td>
                <td>{h ? `${h.intervalDays} 天${c.updateIntervalDays === null ? '（默认）' : ''}` : '—'}</td>
                <td>
                  <MoveButtons ctx={p.ctx} column={c} first={sibs[0]?.id === c.id} last={sibs[sibs.length - 1]?.id === c.id} />
                </td>
                <td>
                  <a href={`/office/catalog/columns/${c.id}`} aria-label={`设置栏目：${c.name}`}>
                    设置
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <a href={`/office/audit?entityType=catalog_column`}>栏目修改记录</a>
      </p>
    </OfficeLayout>
  );
}

type Values = Record<string, string | number | null | undefined>;

export function ColumnEditPage(p: {
  ctx: PageContext;
  agency: AgencyWithDepartments;
  column: Column;
  redirects: CatalogRedirectRow[];
  values?: Values;
  errors?: FieldErrors;
  message?: string;
  hideErrors?: FieldErrors;
  hideMessage?: string;
}) {
  const { agency: a, column: c } = p;
  const v: Values = p.values ?? { name: c.name, slug: c.slug, updateIntervalDays: c.updateIntervalDays ?? '', emptyReason: c.emptyReason, version: c.version };
  const cls = c.category ? COLUMN_CLASSES : null;
  const hideable = !c.fixed || HIDEABLE_FIXED_KEYS.has(c.key);
  // A column the agency must publish offers no hide form; a hidden one can still be shown again.
  const mandatory = mandatoryReason(c.category, a);
  return (
    <OfficeLayout ctx={p.ctx} title={`栏目设置：${c.name}`}>
      <h1>栏目设置：{c.name}</h1>
      <p>
        <a href={`/office/catalog/${a.id}`}>返回 {a.name} 的栏目</a> · 门户地址：<a href={columnUrl(a.slug, c)}>{columnUrl(a.slug, c)}</a>
      </p>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action={`/office/catalog/columns/${c.id}`} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <input type="hidden" name="version" value={String(v.version ?? c.version)} />
        <fieldset>
          <legend>名称与网址</legend>
          {c.fixed ? (
            <>
              <p class="hint">国家规范规定的栏目，名称和网址不能修改。</p>
              <input type="hidden" name="name" value={c.name} />
              <input type="hidden" name="slug" value={c.slug} />
            </>
          ) : (
            <>
              <Field name="name" label="栏目名称" value={v.name} errors={p.errors} required maxLength={40} />
              <Field
                name="slug"
                label="网址标识"
                hint="小写字母、数字和连字符；修改后原网址会自动跳转到新网址"
                value={v.slug}
                errors={p.errors}
                required
                maxLength={32}
              />
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>更新周期</legend>
          <Field
            name="updateIntervalDays"
            label="预期更新周期（天）"
            type="number"
            inputMode="numeric"
            hint={
              cls
                ? `留空使用默认：动态要闻类 ${COLUMN_CLASSES.news.defaultIntervalDays} 天，通知公告、政策文件类 ${COLUMN_CLASSES.policy.defaultIntervalDays} 天，其他栏目 ${COLUMN_CLASSES.other.defaultIntervalDays} 天`
                : '本栏目不列信息，不检查更新周期'
            }
            value={v.updateIntervalDays}
            errors={p.errors}
          />
        </fieldset>
        {cls ? (
          <fieldset>
            <legend>暂无信息时的说明</legend>
            <Field
              name="emptyReason"
              label="说明（可不填）"
              hint="栏目没有信息时，门户显示“本机关暂无此类信息”，并显示这里填写的原因，例如“本机关不负责行政事业性收费”"
              value={v.emptyReason}
              errors={p.errors}
              maxLength={200}
            />
          </fieldset>
        ) : null}
        <div class="actions">
          <button type="submit">保存</button>
        </div>
      </form>
      {hideable ? (
        <section class="panel" aria-labelledby="visibility-h">
          <h2 id="visibility-h">{c.hidden ? '恢复显示' : mandatory ? '必须公开的栏目' : '隐藏栏目'}</h2>
          <ErrorSummary errors={p.hideErrors} message={p.hideMessage} />
          {mandatory && !c.hidden ? (
            <p class="hint" id="f-reason">
              {mandatory}。
            </p>
          ) : c.hidden ? (
            <form method="post" action={`/office/catalog/columns/${c.id}/show`}>
              <Csrf token={p.ctx.csrfToken} />
              <input type="hidden" name="version" value={String(c.version)} />
              <p>当前已隐藏，原因：{c.hiddenReason}</p>
              {mandatory ? <p class="alert alert-warning">{mandatory}，请恢复显示。</p> : null}
              <button type="submit">恢复显示</button>
            </form>
          ) : (
            <form method="post" action={`/office/catalog/columns/${c.id}/hide`} novalidate>
              <Csrf token={p.ctx.csrfToken} />
              <input type="hidden" name="version" value={String(c.version)} />
              <TextArea
                name="reason"
                label="隐藏原因"
                hint="写明本栏目为何不适用于本机关，例：本机关不承担公务员招考职能。原因将在门户上以“本栏目不适用：……”公示，并记入审计日志。"
                errors={p.hideErrors}
                required
                maxLength={200}
                rows={2}
              />
              <button type="submit" class="danger">
                隐藏栏目
              </button>
            </form>
          )}
        </section>
      ) : (
        <p class="muted">国家规范规定的栏目，不能隐藏。</p>
      )}
      {p.redirects.length ? (
        <section class="panel" aria-labelledby="redirects-h">
          <h2 id="redirects-h">原网址（自动跳转）</h2>
          <ul>
            {p.redirects.map((r) => (
              <li key={r.id}>
                <code>
                  /{a.slug}/{r.oldPath}
                </code>
                （{r.createdAt.slice(0, 10)} 起跳转）
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </OfficeLayout>
  );
}
