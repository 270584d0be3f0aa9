/**
 * The annual report as DOCX, for the office to print, seal and file: A4, the title
 * centred in 小标宋 (宋体 where it is missing) at 二号 (22pt), the section headings in
 * 黑体 at 三号, the narrative in 仿宋_GB2312 (仿宋 where it is missing) at 三号 on a
 * fixed 28pt line with a two-character indent, as GB/T 9704 lays out official
 * documents; the three tables in the national layout, merged where the printed
 * tables merge (the same `reportGrid` as the HTML), in 宋体 五号 (10.5pt), centred,
 * their heads repeated on every page a table runs onto.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeightRule,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { type ReportFigures, SECTION_HEADINGS } from './annual-report.js';
import { type ReportGrid, type ReportTableId, gridSlots, reportGrid } from './annual-report.export.js';
import { BODY_FONT, BODY_FONT_FALLBACK, BODY_LINE, BODY_SIZE, clean, fontsOf, MARGIN, PAGE, TEXT_WIDTH } from '../../lib/official-docx.js';

export interface ReportDocument {
  agencyName: string;
  year: number;
  title: string;
  /** The narrative sections (一、五、六), each under its heading. */
  sections: { heading: string; paragraphs: string[] }[];
  figures: ReportFigures;
}

// Fonts by the names government templates use. Where a machine lacks one, the font
// table names the one to use instead (小标宋 → 宋体, 仿宋_GB2312 → 仿宋), so Word, WPS
// and LibreOffice substitute a Song or FangSong face rather than a sans-serif.
const TITLE_FONT = '方正小标宋简体';
const TITLE_FONT_FALLBACK = '宋体';
const HEADING_FONT = '黑体';
const TABLE_FONT = '宋体';

/** Sizes in half-points: 二号 22pt, 三号 16pt, 五号 10.5pt. */
const TITLE_SIZE = 44;
const TABLE_SIZE = 21;

/**
 * Column widths (twips) per table, summing to the text width. Table 三: a narrow
 * first column for 三、本年度办理结果 (it runs down 22 rows), the group column, the
 * long sub-row labels, then the 7 numbers.
 */
const COLUMN_WIDTHS: Record<ReportTableId, number[]> = {
  二: [2844, 2000, 2000, 2000],
  三: [620, 1240, 2644, ...Array<number>(7).fill(620)],
  四: [...Array<number>(14).fill(590), TEXT_WIDTH - 14 * 590],
};


function runs(text: string, style: { font: string; size: number; bold?: boolean }): TextRun[] {
  return clean(text)
    .split('\n')
    .map((line, i) => new TextRun({ text: line, font: fontsOf(style.font), size: style.size, bold: style.bold || undefined, break: i > 0 ? 1 : undefined }));
}

const title = (text: string) =>
  new Paragraph({
    children: runs(text, { font: TITLE_FONT, size: TITLE_SIZE, bold: true }),
    alignment: AlignmentType.CENTER,
    spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 560 },
  });

// 一级标题 in 黑体, indented two characters like the paragraphs (GB/T 9704 practice).
const heading = (text: string) =>
  new Paragraph({
    children: runs(text, { font: HEADING_FONT, size: BODY_SIZE }),
    spacing: BODY_LINE,
    indent: { firstLineChars: 200 },
    keepNext: true,
  });

const body = (text: string) =>
  new Paragraph({
    children: runs(text, { font: BODY_FONT, size: BODY_SIZE }),
    alignment: AlignmentType.JUSTIFIED,
    spacing: BODY_LINE,
    // Two characters, in character units so the indent follows the font size.
    indent: { firstLineChars: 200 },
  });

function gridTable(grid: ReportGrid): Table {
  const widths = COLUMN_WIDTHS[grid.table];
  if (widths.length !== grid.columns) throw new Error(`table ${grid.table}: ${widths.length} widths for ${grid.columns} columns`);
  const spanWidth = (col: number, span: number) => widths.slice(col, col + span).reduce((a, b) => a + b, 0);
  const slots = gridSlots(grid);
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const text = (t: string) => [
    new Paragraph({
      children: t ? runs(t, { font: TABLE_FONT, size: TABLE_SIZE }) : [],
      alignment: AlignmentType.CENTER,
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
    }),
  ];
  const rows = slots.map((row, r) => {
    const cells: TableCell[] = [];
    for (let k = 0; k < grid.columns; ) {
      const c = row[k]!;
      const origin = c.row === r && c.col === k;
      // A cell merged down from a row above continues here; one merged across is written once.
      if (origin || c.col === k) {
        const value = c.kind === 'data' ? (c.value === null || c.value === undefined ? '' : String(c.value)) : c.text;
        cells.push(
          new TableCell({
            width: { size: spanWidth(k, c.colSpan), type: WidthType.DXA },
            columnSpan: c.colSpan > 1 ? c.colSpan : undefined,
            verticalMerge: c.rowSpan > 1 ? (origin ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE) : undefined,
            verticalAlign: VerticalAlignTable.CENTER,
            margins: { left: 57, right: 57 },
            children: text(origin ? value : ''),
          }),
        );
      }
      k += c.colSpan;
    }
    return new TableRow({
      children: cells,
      tableHeader: r < grid.head || undefined,
      cantSplit: true,
      height: { value: 360, rule: HeightRule.ATLEAST },
    });
  });
  return new Table({
    width: { size: spanWidth(0, grid.columns), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows,
  });
}

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The font table, with the alternatives and the GB2312 charset Word writes for these fonts. */
function fontTableXml(): string {
  const font = (name: string, alt: string, panose: string, family: string, pitch: string) =>
    `<w:font w:name="${xmlAttr(name)}"><w:altName w:val="${xmlAttr(alt)}"/><w:panose1 w:val="${panose}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    font(TITLE_FONT, TITLE_FONT_FALLBACK, '02000000000000000000', 'auto', 'variable') +
    font(BODY_FONT, BODY_FONT_FALLBACK, '02010609030101010101', 'modern', 'fixed') +
    font(BODY_FONT_FALLBACK, 'FangSong', '02010609060101010101', 'modern', 'fixed') +
    font(HEADING_FONT, 'SimHei', '02010609060101010101', 'modern', 'fixed') +
    font(TABLE_FONT, 'SimSun', '02010600030101010101', 'auto', 'variable') +
    '</w:fonts>'
  );
}

/** The leading numeral of a heading: 一、总体情况 → 一. */
const numeral = (heading: string) => /^\s*([一二三四五六])、/.exec(heading)?.[1];

/**
 * The report in the national order: 一 (narrative), 二, 三, 四 (tables, after any
 * paragraphs given for those sections), 五, 六 (narrative). A section is placed by the
 * numeral its heading starts with; its heading is printed as given, and a national
 * section no one wrote is printed with its heading alone, so the gap shows. Sections
 * without a national numeral follow at the end, in the order given.
 */
export async function reportDocx(report: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [title(report.title)];
  const placed = new Set<(typeof report.sections)[number]>();
  const tables: Record<string, ReportTableId> = { 二: '二', 三: '三', 四: '四' };
  for (const national of SECTION_HEADINGS) {
    const n = numeral(national)!;
    const given = report.sections.filter((s) => numeral(s.heading) === n);
    given.forEach((s) => placed.add(s));
    children.push(heading(given[0]?.heading ?? national));
    for (const s of given) {
      if (s !== given[0]) children.push(heading(s.heading));
      for (const p of s.paragraphs) children.push(body(p));
    }
    const table = tables[n];
    if (table) {
      children.push(gridTable(reportGrid(report.figures, table)));
      // Word needs a paragraph between a table and what follows; it also gives air.
      children.push(new Paragraph({ children: [], spacing: { before: 0, after: 0, line: 280, lineRule: LineRuleType.EXACT } }));
    }
  }
  for (const s of report.sections) {
    if (placed.has(s)) continue;
    children.push(heading(s.heading));
    for (const p of s.paragraphs) children.push(body(p));
  }

  const doc = new Document({
    title: clean(report.title),
    creator: clean(report.agencyName),
    lastModifiedBy: clean(report.agencyName),
    description: `${report.year}年政府信息公开工作年度报告`,
    styles: {
      default: {
        document: { run: { font: fontsOf(BODY_FONT), size: BODY_SIZE, language: { value: 'zh-CN', eastAsia: 'zh-CN' } } },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: { ...MARGIN, header: 851, footer: 992, gutter: 0 } } },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
