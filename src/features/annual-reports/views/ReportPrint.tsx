import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { ReportFigures } from '../annual-report.js';
import { SECTION_HEADINGS } from '../annual-report.js';
import { paragraphsOf, reportOpening } from '../annual-report.body.js';
import type { Narrative } from '../annual-report.generate.js';
import { ProactiveTable, RequestTable, ReviewLitigationTable } from './ReportTables.js';

/** The report laid out for paper: the sections in order, the tables as printed; the office's print stylesheet hides the frame. */
export function ReportPrintPage(p: { ctx: PageContext; title: string; year: number; figures: ReportFigures; narrative: Narrative | null }) {
  const n = p.narrative;
  const text = (t: string | undefined) => (t ? paragraphsOf(t).map((x, i) => <p key={i}>{x}</p>) : <p class="muted">（无）</p>);
  return (
    <OfficeLayout ctx={p.ctx} title={p.title} stylesheets={['report-tables.css']} scripts={['print.js']}>
      <article class="print-report">
        <h1 class="align-center">{p.title}</h1>
        <p class="no-print">
          <button type="button" class="button" data-print hidden>
            打印
          </button>{' '}
          或使用浏览器的“打印”功能。
        </p>
        {n ? <p>{reportOpening(p.year)}</p> : null}
        {n ? (
          <>
            <h2>{SECTION_HEADINGS[0]}</h2>
            {text(n.overview)}
          </>
        ) : null}
        <h2>{SECTION_HEADINGS[1]}</h2>
        <ProactiveTable figures={p.figures} idPrefix="pr" />
        <h2>{SECTION_HEADINGS[2]}</h2>
        <RequestTable figures={p.figures} idPrefix="pr" />
        <h2>{SECTION_HEADINGS[3]}</h2>
        <ReviewLitigationTable figures={p.figures} idPrefix="pr" />
        {n ? (
          <>
            <h2>{SECTION_HEADINGS[4]}</h2>
            {text(n.problems)}
            <h2>{SECTION_HEADINGS[5]}</h2>
            {text(n.other)}
          </>
        ) : null}
      </article>
    </OfficeLayout>
  );
}
