/**
 * The report as the body of its catalog item: the statutory opening, the six
 * sections in order, the narrative as paragraphs and the three tables as real
 * tables (merged headers, every number linked to its headers). It passes the
 * body sanitizer unchanged in substance.
 */
import { render } from 'preact-render-to-string';
import { type ReportFigures, SECTION_HEADINGS } from './annual-report.js';
import type { Narrative } from './annual-report.generate.js';
import { ProactiveTable, RequestTable, ReviewLitigationTable } from './views/ReportTables.js';

/** Paragraphs of a narrative section: blank lines separate them, single line breaks are kept inside. */
export const paragraphsOf = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

export function reportOpening(year: number): string {
  return (
    '本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。' +
    `全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`
  );
}

function Paragraphs(p: { text: string }) {
  return (
    <>
      {paragraphsOf(p.text).map((t, i) => (
        <p key={i}>{t}</p>
      ))}
    </>
  );
}

export function ReportBody(p: { year: number; figures: ReportFigures; narrative: Narrative }) {
  return (
    <>
      <p>{reportOpening(p.year)}</p>
      <h2>{SECTION_HEADINGS[0]}</h2>
      <Paragraphs text={p.narrative.overview} />
      <h2>{SECTION_HEADINGS[1]}</h2>
      <ProactiveTable figures={p.figures} idPrefix="rt" />
      <h2>{SECTION_HEADINGS[2]}</h2>
      <RequestTable figures={p.figures} idPrefix="rt" />
      <h2>{SECTION_HEADINGS[3]}</h2>
      <ReviewLitigationTable figures={p.figures} idPrefix="rt" />
      <h2>{SECTION_HEADINGS[4]}</h2>
      <Paragraphs text={p.narrative.problems} />
      <h2>{SECTION_HEADINGS[5]}</h2>
      <Paragraphs text={p.narrative.other} />
    </>
  );
}

export const reportBodyHtml = (year: number, figures: ReportFigures, narrative: Narrative) => render(<ReportBody year={year} figures={figures} narrative={narrative} />);
