/**
 * Letters to applicants (告知书, 补正通知, 收费通知, 延期答复通知 …) as DOCX, laid out the
 * way Chinese agencies print them (after GB/T 9704-2012 党政机关公文格式): A4, the
 * title centred in 小标宋 at 二号 (22pt), the body in 仿宋_GB2312 at 三号 (16pt) on a
 * fixed 28pt line, paragraphs indented two characters, the signature and date on the
 * right. Offices open the file, add the seal and print; so it must look right in Word
 * and WPS, and convert cleanly with LibreOffice.
 */
import {
  AlignmentType,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { isIsoDate, formatChineseDate } from '../../lib/dates.js';
import { BODY_FONT, BODY_FONT_FALLBACK, BODY_LINE, BODY_SIZE, clean, fontsOf, MARGIN, PAGE, TEXT_WIDTH } from '../../lib/official-docx.js';

export interface Letter {
  title: string;
  /** 文号, e.g. 某政信公开〔2026〕3号; printed under the title. */
  documentNumber?: string;
  /** The applicant as addressed, without the colon: 张三. */
  addressee: string;
  paragraphs: string[];
  /** The agency (落款). */
  signature: string;
  /** `YYYY-MM-DD` (printed 2026年9月15日) or the text to print. */
  date: string;
  table?: { head: string[]; rows: string[][] };
}

const TITLE_FONT = '宋体';

/** Sizes in half-points: 二号 22pt, 三号 16pt, 四号 14pt. */
const TITLE_SIZE = 44;
const TABLE_SIZE = 28;


/** Runs for a text whose line breaks are kept as breaks within the paragraph. */
function runs(text: string, style: { font: string; size: number; bold?: boolean }): TextRun[] {
  return clean(text)
    .split('\n')
    .map((line, i) => new TextRun({ text: line, font: fontsOf(style.font), size: style.size, bold: style.bold || undefined, break: i > 0 ? 1 : undefined }));
}

const body = (text: string, options: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({
    children: runs(text, { font: BODY_FONT, size: BODY_SIZE }),
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    spacing: BODY_LINE,
    // Two characters, in character units so the indent follows the font size.
    indent: options.indent ? { firstLineChars: 200 } : undefined,
  });

function letterTable(table: { head: string[]; rows: string[][] }): Table {
  const columns = table.head.length;
  if (columns === 0) throw new Error('letter table needs at least one column');
  table.rows.forEach((row, i) => {
    if (row.length > columns) throw new Error(`letter table row ${i + 1} has ${row.length} cells, the head ${columns}`);
  });
  const width = Math.floor(TEXT_WIDTH / columns);
  const cell = (text: string, head: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { left: 80, right: 80 },
      children: [
        new Paragraph({
          // 四号 in cells: a table in 三号 overflows A4 beyond three columns.
          children: runs(text, { font: BODY_FONT, size: TABLE_SIZE, bold: head }),
          alignment: head ? AlignmentType.CENTER : AlignmentType.LEFT,
        }),
      ],
    });
  return new Table({
    width: { size: width * columns, type: WidthType.DXA },
    columnWidths: Array<number>(columns).fill(width),
    rows: [
      // The head repeats on every page the table runs onto.
      new TableRow({ tableHeader: true, children: table.head.map((h) => cell(h, true)) }),
      ...table.rows.map((row) => new TableRow({ children: Array.from({ length: columns }, (_, i) => cell(row[i] ?? '', false)) })),
    ],
  });
}

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The font table, with the alternative names and GB2312 charset Word writes for these fonts. */
function fontTableXml(): string {
  const font = (name: string, alt: string, panose: string, family: string, pitch: string) =>
    `<w:font w:name="${xmlAttr(name)}"><w:altName w:val="${xmlAttr(alt)}"/><w:panose1 w:val="${panose}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    font(BODY_FONT, BODY_FONT_FALLBACK, '02010609030101010101', 'modern', 'fixed') +
    font(BODY_FONT_FALLBACK, 'FangSong', '02010609060101010101', 'modern', 'fixed') +
    font(TITLE_FONT, 'SimSun', '02010600030101010101', 'auto', 'variable') +
    '</w:fonts>'
  );
}

/** Renders a letter to DOCX bytes. */
export async function letterDocx(letter: Letter): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      children: runs(letter.title, { font: TITLE_FONT, size: TITLE_SIZE, bold: true }),
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: letter.documentNumber ? 0 : 560 },
    }),
  ];
  if (letter.documentNumber) {
    children.push(new Paragraph({ children: runs(letter.documentNumber, { font: BODY_FONT, size: BODY_SIZE }), alignment: AlignmentType.CENTER, spacing: { ...BODY_LINE, after: 560 } }));
  }
  // The addressee starts at the margin (顶格) and ends with a full-width colon.
  children.push(body(`${letter.addressee.replace(/[：:]\s*$/, '')}：`, { align: AlignmentType.LEFT }));
  for (const p of letter.paragraphs) children.push(body(p, { indent: true }));
  if (letter.table) {
    children.push(letterTable(letter.table));
    children.push(body(''));
  }
  // A blank line, then the signature and the date on the right (seal goes over them).
  children.push(body(''));
  children.push(body(letter.signature, { align: AlignmentType.RIGHT }));
  children.push(body(isIsoDate(letter.date) ? formatChineseDate(letter.date) : letter.date, { align: AlignmentType.RIGHT }));

  const doc = new Document({
    title: clean(letter.title),
    creator: clean(letter.signature),
    lastModifiedBy: clean(letter.signature),
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
