/**
 * The office's pages of the annual report: the list of agencies and years, the
 * report being prepared (tables linked to their records, the checks, the entered
 * figures, the narrative, the publication draft), the records behind a cell,
 * downloads, past years read from old pages or typed in, and the government's
 * summed report.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../db/runtime.js';
import { AppError, forbidden, notFound, validationError, type FieldErrors } from '../../errors.js';
import { formatChinaDateTime } from '../../lib/dates.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { listAgencies } from '../agencies/agency.service.js';
import { annualReportStatus } from '../catalog/column-health.js';
import { annualReports } from '../catalog/catalog.reports.js';
import { contentDisposition } from '../files/files.js';
import { VALIDITY } from '../publications/categories.js';
import { documentKindRecords } from '../publications/publication.statistics.js';
import { APPEAL_RESULTS, APPEAL_TYPES, REQUEST_OUTCOMES } from '../requests/request.js';
import { appealsBehind, requestsBehind } from '../requests/request.statistics.js';
import { REQUEST_STATES } from '../requests/request.workflow.js';
import { getSettings } from '../settings/settings.js';
import { checkFigures, emptyFigures, REQUEST_COLUMNS, type ReportFigures } from './annual-report.js';
import { readReportPage } from './annual-report.api.js';
import { reportDocx } from './annual-report.docx.js';
import { reportCsv, reportXlsx, type ReportTableId } from './annual-report.export.js';
import { cellSource, cellValue, NARRATIVE_SECTIONS } from './annual-report.generate.js';
import { paragraphsOf } from './annual-report.body.js';
import { extractProactiveTotal, decodeReportPage } from './annual-report.parse.js';
import * as service from './annual-report.service.js';
import { ImportPage, layoutCells, cellField, TypedPage, type ImportPreview } from './views/ReportImport.js';
import { CellPage, GovernmentPage, HistoryOfficePage, ReportsIndexPage, ReportWorkbench, StatisticsPage, type CellRecords } from './views/ReportOffice.js';
import { dataSetCsv, dataSetsXlsx, statisticsOf } from './annual-report.statistics.js';
import { ReportPrintPage } from './views/ReportPrint.js';

const yearOf = (raw: string) => {
  if (!/^\d{4}$/.test(raw)) throw notFound('年度报告');
  return Number(raw);
};
const idOf = (raw: string) => {
  if (!/^\d{1,9}$/.test(raw)) throw notFound('机关');
  return Number(raw);
};

function mayRead(actor: Actor, agencyId: number) {
  if (!service.mayReadReports(actor, agencyId)) throw forbidden('您没有查看该机关年度报告的权限');
}

const label = (vocab: Record<string, { label: string }>, k: string | null) => (k ? (vocab[k]?.label ?? k) : '—');

export async function annualReportOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function due(level: string, year: number) {
    const settings = await getSettings(db);
    // The status as of the report's due season: the year after the report's year.
    const today = todayOf(db);
    const s = annualReportStatus(level, [], today.slice(0, 4) === String(year + 1) ? today : (`${year + 1}-01-01` as typeof today), settings.townshipReportDue);
    return { date: s.dueDate, message: s.message, state: s.state };
  }

  app.get('/office/annual-reports', { config: { access: 'office.access' } }, async (req, reply) => {
    const actor = req.actor!;
    const readable = [...new Set(actor.memberships.map((m) => m.agencyId))];
    const agencies = await listAgencies(db, actor.platformAdmin ? null : readable);
    const settings = await getSettings(db);
    const today = todayOf(db);
    const list = [];
    for (const a of agencies) {
      if (!service.mayReadReports(actor, a.id)) continue;
      const [history, published] = await Promise.all([service.historyOf(db, a.id), annualReports(db, a.id)]);
      const status = annualReportStatus(a.level, published.map((r) => r.year), today, settings.townshipReportDue);
      list.push({
        agency: { id: a.id, name: a.name, level: a.level },
        dueYear: status.reportYear,
        dueDate: status.dueDate,
        dueState: status.state,
        dueMessage: status.message,
        years: history.map((h) => ({ year: h.year, origin: h.origin, format: h.format, published: h.published, prepared: h.prepared, failing: h.failing })),
      });
    }
    return reply.page(ReportsIndexPage({ ctx: pageContext(req, reply), agencies: list, canManage: (id) => can(actor, 'report.manage', { agencyId: id }) }));
  });

  // ------------------------------------------------------------ the report

  async function workbench(req: FastifyRequest, reply: FastifyReply, agencyId: number, year: number, failure?: { errors: FieldErrors; message: string; status: number; values?: Record<string, string> }) {
    mayRead(req.actor!, agencyId);
    const v = await service.reportView(db, agencyId, year);
    return reply.page(
      ReportWorkbench({
        ctx: pageContext(req, reply),
        v,
        canManage: can(req.actor!, 'report.manage', { agencyId }),
        due: await due(v.agency.level, year),
        values: failure?.values,
        errors: failure?.errors,
        message: failure?.message,
      }),
      failure?.status ?? 200,
    );
  }

  app.get<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year', { config: { access: 'office.access' } }, async (req, reply) =>
    workbench(req, reply, idOf(req.params.agency), yearOf(req.params.year)),
  );

  const post = (path: string, run: (actor: Actor, agencyId: number, year: number, values: Record<string, string>) => Promise<string>) =>
    app.post<{ Params: { agency: string; year: string } }>(`/office/annual-reports/:agency/:year/${path}`, { config: { access: 'report.manage' } }, async (req, reply) => {
      const agencyId = idOf(req.params.agency);
      const year = yearOf(req.params.year);
      const values = formValues(req.body);
      try {
        const flash = await run(req.actor!, agencyId, year, values);
        return redirectWithFlash(reply, `/office/annual-reports/${agencyId}/${year}`, flash);
      } catch (e) {
        const f = formFailure(e);
        if (!f) throw e;
        return workbench(req, reply, agencyId, year, { ...f, values: path === 'prepare' ? undefined : values } as never);
      }
    });

  post('inputs', async (actor, agencyId, year, values) => {
    await service.saveInputs(db, actor, agencyId, year, values);
    return '数据已保存';
  });
  post('narrative', async (actor, agencyId, year, values) => {
    await service.saveNarrative(db, actor, agencyId, year, values);
    return '正文已保存';
  });
  post('prepare', async (actor, agencyId, year) => {
    const r = await service.prepareForPublication(db, actor, agencyId, year);
    return r.ok ? '发布稿已生成，请到信息稿件中提交审核' : '发布稿已生成，但表格核对未通过，修正数据后才能提交发布';
  });

  // ------------------------------------------------------------ the records behind a cell

  app.get<{ Params: { agency: string; year: string }; Querystring: { ref?: string } }>('/office/annual-reports/:agency/:year/cell', { config: { access: 'office.access' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    const year = yearOf(req.params.year);
    mayRead(req.actor!, agencyId);
    const ref = String(req.query.ref ?? '');
    const src = cellSource(ref);
    if (!src) throw notFound('表格单元格');
    const v = await service.reportView(db, agencyId, year);
    const [table, row, column] = ref.split(':');
    const value = v.figures ? cellValue(v.figures, ref) : null;
    let records: CellRecords;
    const base = { label: `表${table}：${row}${table === '四' ? ' · ' : ' · '}${column}`, value };
    if (src.table === '二' && 'entered' in src) {
      const e = v.inputs[src.entered];
      records = { ...base, explanation: e?.value != null ? `平台不掌握此项数据，由人工录入，来源：${e.source || '未注明'}。` : '平台不掌握此项数据，尚未录入。', columns: [], rows: [], total: 0 };
    } else if (src.table === '二' && 'kind' in src) {
      const items = await documentKindRecords(db, agencyId, year, src.kind, src.measure);
      records = {
        ...base,
        explanation: {
          made: `文件类型为“${row}”、${year}年内首次发布的信息。`,
          abolished: `文件类型为“${row}”、有效性标注为废止或失效且日期在${year}年内的信息。`,
          in_force: `文件类型为“${row}”、${year}年底前已发布、未撤回、且当时未废止或失效的信息。`,
        }[src.measure],
        columns: ['索引号', '名称', '文号', '发布日期', '有效性'],
        rows: items.map((it) => ({
          href: `/office/publications/${it.id}`,
          cells: [it.indexNumber, it.title, it.documentNumber || '—', formatChinaDateTime(it.firstPublishedAt).slice(0, 10), `${label(Object.fromEntries(Object.entries(VALIDITY).map(([k, l]) => [k, { label: l }])), it.validity)}${it.validityDate ? `（${it.validityDate}）` : ''}`],
        })),
        total: items.length,
      };
    } else if (src.table === '三') {
      if (!can(req.actor!, 'request.read', { agencyId })) throw forbidden('您没有查看依申请公开记录的权限');
      const r = await requestsBehind(db, agencyId, year, { ...(src.start ? { start: src.start } : {}), ...(src.end ? { end: src.end } : {}), ...(src.applicantKind ? { applicantKind: src.applicantKind } : {}) });
      records = {
        ...base,
        explanation:
          '按收到申请之日计入年度：本年收到的为“新收”，以前年度收到、1月1日仍在办理的为“上年结转”；12月31日前答复（含撤回）的按办理结果计入，其余为“结转下年度”。',
        columns: ['申请编号', '收到日期', '答复日期', '办理结果', '状态', '所需信息'],
        rows: r.rows.map((x) => ({
          href: `/office/requests/${x.id}`,
          cells: [
            String(x.id),
            x.receivedDate,
            x.repliedDate ?? '—',
            x.outcome && Object.hasOwn(REQUEST_OUTCOMES, x.outcome) ? REQUEST_OUTCOMES[x.outcome as keyof typeof REQUEST_OUTCOMES].short : '—',
            (REQUEST_STATES as Record<string, { label: string }>)[x.state]?.label ?? x.state,
            (x.infoName || x.description).slice(0, 40),
          ],
        })),
        total: r.total,
      };
    } else {
      if (!can(req.actor!, 'request.read', { agencyId })) throw forbidden('您没有查看复议诉讼记录的权限');
      const list = await appealsBehind(db, agencyId, year, { type: src.type, ...(src.result ? { result: src.result } : {}) });
      records = {
        ...base,
        explanation: `${year}年内立案的案件，按12月31日时的结果计入；当时尚未结案的计入“尚未审结”。`,
        columns: ['记录编号', '类型', '立案日期', '结案日期', '结果', '案号'],
        rows: list.map((a) => ({
          href: `/office/requests/appeals?edit=${a.id}#appeal-form`,
          cells: [String(a.id), label(APPEAL_TYPES, a.type), a.filedDate, a.closedDate ?? '—', label(APPEAL_RESULTS, a.result), a.caseNumber || '—'],
        })),
        total: list.length,
      };
    }
    return reply.page(CellPage({ ctx: pageContext(req, reply), agencyName: v.agency.name, agencyId, year, ref, records }));
  });

  // ------------------------------------------------------------ downloads and print

  async function reportFor(actor: Actor, agencyId: number, year: number) {
    mayRead(actor, agencyId);
    const v = await service.reportView(db, agencyId, year);
    if (!v.figures) throw notFound('年度报告表格');
    return v;
  }

  app.get<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year/report.docx', { config: { access: 'office.access' } }, async (req, reply) => {
    const v = await reportFor(req.actor!, idOf(req.params.agency), yearOf(req.params.year));
    const title = service.reportTitle(v.agency.name, v.year);
    const buf = await reportDocx({
      agencyName: v.agency.name,
      year: v.year,
      title,
      figures: v.figures!,
      sections: v.origin === 'platform' ? NARRATIVE_SECTIONS.map((s) => ({ heading: s.heading, paragraphs: paragraphsOf(v.narrative[s.key]) })) : [],
    });
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', contentDisposition(`${title}.docx`))
      .send(buf);
  });

  app.get<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year/report.xlsx', { config: { access: 'office.access' } }, async (req, reply) => {
    const v = await reportFor(req.actor!, idOf(req.params.agency), yearOf(req.params.year));
    const buf = await reportXlsx(v.figures!, { agencyName: v.agency.name, year: v.year });
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', contentDisposition(`${service.reportTitle(v.agency.name, v.year)}.xlsx`))
      .send(buf);
  });

  app.get<{ Params: { agency: string; year: string; table: string } }>('/office/annual-reports/:agency/:year/table-:table.csv', { config: { access: 'office.access' } }, async (req, reply) => {
    const table = ({ '2': '二', '3': '三', '4': '四' } as Record<string, ReportTableId>)[req.params.table];
    if (!table) throw notFound('表格');
    const v = await reportFor(req.actor!, idOf(req.params.agency), yearOf(req.params.year));
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', contentDisposition(`${v.agency.name}${v.year}年度报告表${table}.csv`))
      .send(reportCsv(v.figures!, table));
  });

  app.get<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year/print', { config: { access: 'office.access' } }, async (req, reply) => {
    const v = await reportFor(req.actor!, idOf(req.params.agency), yearOf(req.params.year));
    return reply.page(ReportPrintPage({ ctx: pageContext(req, reply), title: service.reportTitle(v.agency.name, v.year), year: v.year, figures: v.figures!, narrative: v.origin === 'platform' ? v.narrative : null }));
  });

  app.get<{ Params: { agency: string; year: string; no: string } }>('/office/annual-reports/:agency/:year/revisions/:no', { config: { access: 'office.access' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    const year = yearOf(req.params.year);
    mayRead(req.actor!, agencyId);
    const rev = await service.revisionOf(db, agencyId, year, Number(req.params.no));
    if (!rev) throw notFound('版本');
    const agency = await service.agencyByKey(db, agencyId);
    return reply.page(
      ReportPrintPage({
        ctx: pageContext(req, reply),
        title: `${service.reportTitle(agency.name, year)}（第${rev.revisionNo}版，${rev.note}）`,
        year,
        figures: rev.figures,
        narrative: rev.narrative,
      }),
    );
  });

  // ------------------------------------------------------------ the statistics dashboard

  async function statistics(actor: Actor, agencyId: number, year: number) {
    mayRead(actor, agencyId);
    service.checkYear(year, todayOf(db));
    const agency = await service.agencyByKey(db, agencyId);
    return { agency, sets: await statisticsOf(db, agencyId, year) };
  }

  app.get<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year/statistics', { config: { access: 'office.access' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    const year = yearOf(req.params.year);
    const { agency, sets } = await statistics(req.actor!, agencyId, year);
    const now = Number(todayOf(db).slice(0, 4));
    const years = Array.from({ length: 6 }, (_, i) => now - i);
    return reply.page(StatisticsPage({ ctx: pageContext(req, reply), agency, year, sets, years }));
  });

  app.get<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year/statistics.xlsx', { config: { access: 'office.access' } }, async (req, reply) => {
    const year = yearOf(req.params.year);
    const { agency, sets } = await statistics(req.actor!, idOf(req.params.agency), year);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', contentDisposition(`${agency.name}${year}年统计数据.xlsx`))
      .send(await dataSetsXlsx(sets, { agencyName: agency.name, year }));
  });

  app.get<{ Params: { agency: string; year: string; set: string } }>('/office/annual-reports/:agency/:year/statistics/:set.csv', { config: { access: 'office.access' } }, async (req, reply) => {
    const year = yearOf(req.params.year);
    const { agency, sets } = await statistics(req.actor!, idOf(req.params.agency), year);
    const d = sets.find((x) => x.key === req.params.set);
    if (!d) throw notFound('数据');
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', contentDisposition(`${agency.name}${year}年${d.title}.csv`))
      .send(dataSetCsv(d));
  });

  // ------------------------------------------------------------ past years

  app.get<{ Params: { agency: string } }>('/office/annual-reports/:agency/history', { config: { access: 'office.access' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    // An agency that is not there is not found, whoever asks.
    const agency = await service.agencyByKey(db, agencyId);
    mayRead(req.actor!, agencyId);
    const years = await service.historyOf(db, agencyId);
    return reply.page(HistoryOfficePage({ ctx: pageContext(req, reply), agency, years, canManage: can(req.actor!, 'report.manage', { agencyId }) }));
  });

  async function importPage(req: FastifyRequest, reply: FastifyReply, agencyId: number, opts: { preview?: ImportPreview; values?: Record<string, string>; errors?: FieldErrors; message?: string; problems?: string[]; status?: number } = {}) {
    const agency = await service.agencyByKey(db, agencyId);
    return reply.page(ImportPage({ ctx: pageContext(req, reply), agency, ...opts }), opts.status ?? 200);
  }

  app.get<{ Params: { agency: string } }>('/office/annual-reports/:agency/import', { config: { access: 'report.manage' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    await service.agencyByKey(db, agencyId);
    if (!can(req.actor!, 'report.manage', { agencyId })) throw forbidden();
    return importPage(req, reply, agencyId);
  });

  app.post<{ Params: { agency: string } }>('/office/annual-reports/:agency/import', { preValidation: readMultipartBody, config: { access: 'report.manage' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    await service.agencyByKey(db, agencyId);
    if (!can(req.actor!, 'report.manage', { agencyId })) throw forbidden();
    const values = formValues(req.body);
    const file = filesOf(req.body).find((f) => f.fieldname === 'page');
    const bytes = file?.bytes.length ? file.bytes : values.html?.trim() ? Buffer.from(values.html, 'utf8') : null;
    if (!bytes) return importPage(req, reply, agencyId, { values, errors: { page: '请选择报告网页文件或粘贴网页源代码' }, status: 400 });
    try {
      const parsed = readReportPage(bytes);
      return importPage(req, reply, agencyId, {
        values: { sourceUrl: values.sourceUrl ?? '' },
        preview: { year: parsed.year, agencyName: parsed.agencyName, format: parsed.format, figures: parsed.figures, proactiveTotal: null, warnings: parsed.warnings },
      });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'REPORT_UNREADABLE') throw e;
      // A report without tables (before 2019) still gives its stated proactive total, where it states one.
      let text = '';
      try {
        text = decodeReportPage(bytes);
      } catch {
        text = '';
      }
      const free = text ? extractProactiveTotal(text) : { year: null, total: null };
      if (text && (free.total !== null || (free.year !== null && free.year < service.FIRST_TABLE_YEAR))) {
        return importPage(req, reply, agencyId, {
          values: { sourceUrl: values.sourceUrl ?? '' },
          preview: { year: free.year, agencyName: null, format: 'free', figures: null, proactiveTotal: free.total, warnings: ['没有找到2019年格式或2021年格式的表格，按自由格式报告保存，只记录主动公开总数。'] },
        });
      }
      const problems = ((e.details?.problems as { message: string }[] | undefined) ?? []).map((x) => x.message);
      return importPage(req, reply, agencyId, { values, problems: problems.length ? problems : [e.message], status: 422 });
    }
  });

  app.post<{ Params: { agency: string } }>('/office/annual-reports/:agency/import/store', { config: { access: 'report.manage' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    const values = formValues(req.body);
    const year = /^\d{4}$/.test(values.year ?? '') ? Number(values.year) : NaN;
    let figures: ReportFigures | null = null;
    try {
      if (!Number.isInteger(year)) throw validationError({ year: '请填写报告年度（四位数字）' });
      figures = values.figures ? service.figuresFromJson(values.figures) : null;
      const total = values.proactiveTotal && /^\d+$/.test(values.proactiveTotal) ? Number(values.proactiveTotal) : null;
      await service.storeHistorical(db, req.actor!, agencyId, year, figures, {
        origin: figures ? 'imported' : 'text',
        proactiveTotal: total,
        sourceUrl: values.sourceUrl ?? '',
      });
      return redirectWithFlash(reply, `/office/annual-reports/${agencyId}/${year}`, `${year}年度报告数据已保存`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return importPage(req, reply, agencyId, {
        values,
        errors: f.errors,
        message: f.message,
        status: f.status,
        ...(figures || values.figures
          ? { preview: { year: Number.isInteger(year) ? year : null, agencyName: null, format: figures?.format ?? 'free', figures, proactiveTotal: null, warnings: [] } }
          : {}),
      });
    }
  });

  async function typedPage(req: FastifyRequest, reply: FastifyReply, agencyId: number, year: number, format: '2021' | '2019', failure?: { values: Record<string, string>; errors: FieldErrors; message: string; status: number }) {
    const agency = await service.agencyByKey(db, agencyId);
    const s = await service.storedReport(db, agencyId, year);
    const figures = s?.figures && s.figures.format === format ? s.figures : null;
    return reply.page(TypedPage({ ctx: pageContext(req, reply), agency, year, format, figures, values: failure?.values, errors: failure?.errors, message: failure?.message }), failure?.status ?? 200);
  }

  app.get<{ Params: { agency: string; year: string }; Querystring: { format?: string } }>('/office/annual-reports/:agency/:year/typed', { config: { access: 'report.manage' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    const year = yearOf(req.params.year);
    if (!can(req.actor!, 'report.manage', { agencyId })) throw forbidden();
    const s = await service.storedReport(db, agencyId, year);
    const format = req.query.format === '2019' || req.query.format === '2021' ? req.query.format : s?.figures?.format ?? (year < 2021 ? '2019' : '2021');
    return typedPage(req, reply, agencyId, year, format);
  });

  app.post<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year/typed', { config: { access: 'report.manage' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    const year = yearOf(req.params.year);
    const values = formValues(req.body);
    const format = values.format === '2019' ? '2019' : '2021';
    try {
      const figures = typedFigures(format, values);
      await service.storeHistorical(db, req.actor!, agencyId, year, figures, { origin: 'typed', sourceUrl: values.sourceUrl ?? '' });
      const failing = checkFigures(figures).filter((c) => !c.ok).length;
      return redirectWithFlash(reply, `/office/annual-reports/${agencyId}/${year}`, failing ? `已保存；照录的数字有${failing}项核对不一致，已在表格中标出` : '已保存，核对全部通过');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return typedPage(req, reply, agencyId, year, format, { values, errors: f.errors, message: f.message, status: f.status });
    }
  });

  // ------------------------------------------------------------ the government's report

  async function government(actor: Actor, agencyId: number, year: number) {
    mayRead(actor, agencyId);
    const agency = await service.agencyByKey(db, agencyId);
    if (agency.level !== 'government') throw notFound('政府汇总报告');
    const g = await service.governmentFigures(db, agencyId, year);
    return { agency, ...g };
  }

  app.get<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year/government', { config: { access: 'office.access' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    const year = yearOf(req.params.year);
    const g = await government(req.actor!, agencyId, year);
    const d = await due('government', year);
    return reply.page(GovernmentPage({ ctx: pageContext(req, reply), agency: g.agency, year, own: g.own, departments: g.departments, figures: g.figures, checks: checkFigures(g.figures), dueDate: d.date }));
  });

  app.get<{ Params: { agency: string; year: string } }>('/office/annual-reports/:agency/:year/government.xlsx', { config: { access: 'office.access' } }, async (req, reply) => {
    const agencyId = idOf(req.params.agency);
    const year = yearOf(req.params.year);
    const g = await government(req.actor!, agencyId, year);
    const buf = await reportXlsx(g.figures, { agencyName: g.agency.name, year });
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', contentDisposition(`${g.agency.name}${year}年度报告汇总表.xlsx`))
      .send(buf);
  });
}

/** Figures from the typed-in form: every cell a number (blank is 0, or null in table 二), each error naming its row and column. */
export function typedFigures(format: '2021' | '2019', values: Record<string, string>): ReportFigures {
  const f = emptyFigures(format);
  const errors: FieldErrors = {};
  for (const g of layoutCells(format)) {
    for (const c of g.cells) {
      const name = cellField(c.ref);
      const raw = (values[name] ?? '').trim().replace(/,/g, '');
      const decimal = g.table === '二' && (c.column.includes('金额') || c.column.includes('增/减'));
      let v: number | null;
      if (raw === '') v = g.table === '二' ? null : 0;
      else if (decimal ? /^[+-]?\d+(\.\d+)?$/.test(raw) : /^\d+$/.test(raw)) v = Number(raw);
      else {
        errors[name] = `“${g.row}”行“${c.column}”应为${decimal ? '数字' : '不小于0的整数'}，现为“${raw.slice(0, 20)}”`;
        continue;
      }
      if (g.table === '二') f.proactive[g.row]![c.column] = v;
      else if (g.table === '三') f.requests[g.row]![REQUEST_COLUMNS.indexOf(c.column as (typeof REQUEST_COLUMNS)[number])] = v ?? 0;
      else {
        const groupIndex = ['行政复议', '未经复议直接起诉', '复议后起诉'].indexOf(g.row);
        const col = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].indexOf(c.column);
        f.reviewLitigation[groupIndex * 5 + col] = v ?? 0;
      }
    }
  }
  if (Object.keys(errors).length) throw validationError(errors, `有 ${Object.keys(errors).length} 个数字无法识别`);
  return f;
}
