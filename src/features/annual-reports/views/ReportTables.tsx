/**
 * The annual report's three tables, laid out cell for cell as the national format
 * prints them (merged cells as rowspan/colspan), for either format. The layout comes
 * from `reportGrid`, which the DOCX and the exports use too.
 *
 * Accessible: each table has a caption and sits in a focusable, named region that
 * scrolls sideways on narrow screens; headers carry a scope where a simple scope
 * works, and every number names all its headers through `headers`, so a screen reader
 * announces e.g. “三、本年度办理结果 （三）不予公开 1.属于国家秘密 申请人情况 自然人”.
 * A cell that fails a check is marked by a class (a dashed outline and a sign, not
 * colour alone) and by text for screen readers. No inline styles (the CSP forbids
 * them): src/static/report-tables.css styles the tables.
 */
import { type ReportFigures, SECTION_HEADINGS } from '../annual-report.js';
import { type CellRef, type GridCell, type ReportGrid, type ReportTableId, cellRefKey, reportGrid } from '../annual-report.export.js';

export type { CellRef } from '../annual-report.export.js';

export interface ReportTableProps {
  figures: ReportFigures;
  /** A link for each number to the records behind it (the office); no link where it gives none. */
  cellHref?: (ref: CellRef) => string | undefined;
  /** Cells that fail a check, as `table:row:column` references (`Check.cells`). */
  failing?: Set<string>;
  /** Prefix of the ids in the tables, for a page that shows more than one report. Default `rt`. */
  idPrefix?: string;
  /** The caption; by default the section's name without its number. */
  caption?: string;
  /** Keep the caption for screen readers only (a heading right above says the same). */
  captionHidden?: boolean;
}

export const FAILING_TEXT = '（核对不一致）';

const TABLE_KEYS: Record<ReportTableId, string> = { 二: '2', 三: '3', 四: '4' };

/** 二、主动公开政府信息情况 → 主动公开政府信息情况 */
const withoutNumber = (heading: string) => heading.replace(/^[一二三四五六七八九十]+、/, '');

function GridTable(p: ReportTableProps & { grid: ReportGrid }) {
  const { grid } = p;
  const prefix = `${p.idPrefix ?? 'rt'}-${TABLE_KEYS[grid.table]}`;
  const id = (local: string) => `${prefix}-${local}`;
  const captionId = id('caption');
  const caption = p.caption ?? withoutNumber(grid.heading);
  const span = (n: number) => (n > 1 ? n : undefined);

  const cell = (c: GridCell) => {
    const key = `${c.row}-${c.col}`;
    if (c.kind === 'data') {
      const ref = c.ref!;
      const failing = p.failing?.has(cellRefKey(ref)) ?? false;
      const text = c.value === null || c.value === undefined ? '' : String(c.value);
      const href = text ? p.cellHref?.(ref) : undefined;
      return (
        <td key={key} colSpan={span(c.colSpan)} rowSpan={span(c.rowSpan)} headers={c.headers!.map(id).join(' ')} class={failing ? 'rt-failing' : undefined}>
          {href ? <a href={href}>{text}</a> : text}
          {failing ? <span class="visually-hidden">{FAILING_TEXT}</span> : null}
        </td>
      );
    }
    if (c.kind === 'note') {
      return (
        <td key={key} colSpan={span(c.colSpan)} rowSpan={span(c.rowSpan)} class="rt-note">
          {c.text}
        </td>
      );
    }
    return (
      <th key={key} id={id(c.id!)} scope={c.scope} colSpan={span(c.colSpan)} rowSpan={span(c.rowSpan)} class={`rt-${c.kind}`}>
        {c.text}
      </th>
    );
  };
  const tr = (row: GridCell[], i: number) => <tr key={i}>{row.map(cell)}</tr>;
  const bodies = grid.bodies.map((start, i) => grid.rows.slice(start, grid.bodies[i + 1] ?? grid.rows.length).map((row, k) => tr(row, start + k)));

  return (
    <div class="report-table-scroll" tabIndex={0} role="region" aria-labelledby={captionId}>
      <table class={`report-table report-table-${TABLE_KEYS[grid.table]}`}>
        <caption id={captionId}>{p.captionHidden ? <span class="visually-hidden">{caption}</span> : caption}</caption>
        {grid.head ? <thead>{grid.rows.slice(0, grid.head).map(tr)}</thead> : null}
        {bodies.map((rows, i) => (
          <tbody key={i}>{rows}</tbody>
        ))}
      </table>
    </div>
  );
}

/** Table 二 (主动公开): one 4-column table of blocks. */
export function ProactiveTable(p: ReportTableProps) {
  return <GridTable {...p} grid={reportGrid(p.figures, '二')} />;
}

/** Table 三 (收到和处理政府信息公开申请情况). */
export function RequestTable(p: ReportTableProps) {
  return <GridTable {...p} grid={reportGrid(p.figures, '三')} />;
}

/** Table 四 (行政复议、行政诉讼). */
export function ReviewLitigationTable(p: ReportTableProps) {
  return <GridTable {...p} grid={reportGrid(p.figures, '四')} />;
}

/**
 * The three tables under their section headings (二、三、四), each in a section named
 * by its heading; the captions are kept for screen readers only.
 */
export function ReportTables(p: Omit<ReportTableProps, 'caption' | 'captionHidden'> & { headingLevel?: 2 | 3 | 4 }) {
  const prefix = p.idPrefix ?? 'rt';
  const Heading = `h${p.headingLevel ?? 2}` as 'h2' | 'h3' | 'h4';
  const tables = [
    { key: '2', Table: ProactiveTable, heading: SECTION_HEADINGS[1] },
    { key: '3', Table: RequestTable, heading: SECTION_HEADINGS[2] },
    { key: '4', Table: ReviewLitigationTable, heading: SECTION_HEADINGS[3] },
  ];
  return (
    <div class="report-tables">
      {tables.map(({ key, Table, heading }) => (
        <section key={key} class="report-tables-section" aria-labelledby={`${prefix}-${key}-heading`}>
          <Heading id={`${prefix}-${key}-heading`}>{heading}</Heading>
          <Table figures={p.figures} cellHref={p.cellHref} failing={p.failing} idPrefix={prefix} captionHidden />
        </section>
      ))}
    </div>
  );
}
