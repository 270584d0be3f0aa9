/**
 * The annual report's JSON API: a report's tables with their checks, and reading
 * a published report page into the same shape. Both need no account: reports are
 * public, and reading a page stores nothing.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, validationError } from '../../errors.js';
import { balancesOf, checkFigures, figuresJson } from './annual-report.js';
import { decodeReportPage, MAX_REPORT_PAGE_BYTES, parseReportPage, ReportParseError, type ParsedReport } from './annual-report.parse.js';
import { REPORT_ORIGINS, reportJson } from './annual-report.service.js';

/** The three tables with their checks: the part a stored report and a read page share. */
const tablesShape = {
  format: z.enum(['2021', '2019']),
  proactive: z.object({ rows: z.array(z.object({ label: z.string(), values: z.record(z.string(), z.number().nullable()).describe('列名 → 数值') })) }).describe('表二 主动公开'),
  requests: z.object({ columns: z.array(z.string()), rows: z.array(z.object({ label: z.string(), values: z.array(z.number()) })) }).describe('表三 依申请公开'),
  reviewLitigation: z.object({ columns: z.array(z.string()), values: z.array(z.number()) }).describe('表四 复议诉讼'),
  checks: z.array(z.object({ ok: z.boolean(), message: z.string(), cells: z.array(z.string()).describe('表:行:列') })),
  balances: z.array(z.object({ column: z.string(), received: z.number(), settled: z.number(), ok: z.boolean() })),
};

const reportShape = z.object({
  agency: z.object({ id: z.number().int(), code: z.string(), slug: z.string(), name: z.string() }),
  year: z.number().int(),
  origin: z.enum(Object.keys(REPORT_ORIGINS) as [string, ...string[]]),
  status: z.enum(['published', 'prepared', 'records', 'historical']),
  empty: z.literal(true).optional().describe('该年度平台上没有任何记录'),
  notice: z.string().optional(),
  ...tablesShape,
  publication: z.object({ id: z.number().int(), url: z.string() }).nullable().describe('年度报告在目录中的信息'),
});

const parsedShape = z.object({
  agency: z.object({ name: z.string() }).nullable(),
  year: z.number().int(),
  ...tablesShape,
  warnings: z.array(z.string()),
});

/** A page that cannot be read answers 422 with every problem, each naming its row and column. */
export function unreadable(e: ReportParseError): AppError {
  return new AppError('REPORT_UNREADABLE', e.message, undefined, { problems: e.problems });
}

/** Reads a page (bytes in UTF-8 or GBK) into a report, or throws a REPORT_UNREADABLE error. */
export function readReportPage(bytes: Buffer): ParsedReport {
  try {
    return parseReportPage(decodeReportPage(bytes));
  } catch (e) {
    if (e instanceof ReportParseError) throw unreadable(e);
    throw e;
  }
}

export function parsedJson(p: ParsedReport) {
  const json = figuresJson(p.figures);
  return {
    agency: p.agencyName ? { name: p.agencyName } : null,
    year: p.year,
    format: json.format,
    proactive: json.proactive,
    requests: json.requests,
    reviewLitigation: json.reviewLitigation,
    checks: checkFigures(p.figures),
    balances: balancesOf(p.figures),
    warnings: p.warnings,
  };
}

export async function annualReportApiRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.addContentTypeParser(['text/html', 'application/xhtml+xml', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_REPORT_PAGE_BYTES + 1024 }, (_req, body, done) => {
    done(null, body);
  });

  app.get<{ Params: { agency: string; year: string } }>(
    '/api/v1/annual-reports/:agency/:year',
    {
      config: {
        access: 'public',
        doc: {
          summary: '机关某年度政府信息公开工作年度报告的三张表格、勾稽核对结果和各列收支平衡（已发布的为发布版本，未发布的为平台记录的当前数据）',
          tags: ['年度报告'],
          response: reportShape,
        },
      },
    },
    async (req, reply) => {
      const year = Number(req.params.year);
      if (!/^\d{4}$/.test(req.params.year)) throw validationError({ year: '年度应为四位数字' });
      reply.header('Cache-Control', 'no-store');
      return reportJson(db, req.params.agency, year);
    },
  );

  app.post(
    '/api/v1/annual-reports/parse',
    {
      config: {
        access: 'public',
        rateLimit: { max: 30, timeWindow: '1 minute' },
        doc: {
          summary: '读取一篇已发布的年度报告网页（text/html，UTF-8 或 GBK，不超过 5 MB），识别年度和格式（2021 或 2019），返回表格数据与核对结果；不保存',
          tags: ['年度报告'],
          response: parsedShape,
        },
      },
    },
    async (req) => {
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw validationError({ body: '请以 text/html 提交年度报告网页' }, '请求中没有网页内容');
      return parsedJson(readReportPage(body));
    },
  );
}
