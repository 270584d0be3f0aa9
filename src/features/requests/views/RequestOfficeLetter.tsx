import type { PageContext } from '../../../web/context.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { formatChineseDate, isIsoDate } from '../../../lib/dates.js';
import type { Letter } from '../request.docx.js';

/** A letter as it is printed: the office chrome is hidden on paper, the agency and date sit on the right. */
export function LetterPrintPage(p: { ctx: PageContext; requestId: number; letterId: number; letter: Letter }) {
  const l = p.letter;
  return (
    <OfficeLayout ctx={p.ctx} title={l.title} scripts={['print.js']}>
      <p class="no-print">
        <a href={`/office/requests/${p.requestId}`}>← 返回申请 {p.requestId}</a>
      </p>
      <div class="actions no-print">
        <button type="button" data-print hidden>
          打印
        </button>
        <a class="button secondary-link" href={`/office/requests/${p.requestId}/letters/${p.letterId}.docx`}>
          下载 Word（加盖印章后送达）
        </a>
        <span class="hint">也可使用浏览器的打印功能（Ctrl+P）。</span>
      </div>
      <article class="letter" aria-labelledby="letter-h">
        <h1 id="letter-h" class="letter-title">
          {l.title}
        </h1>
        {l.documentNumber ? <p class="letter-number">{l.documentNumber}</p> : null}
        <p class="letter-addressee">{l.addressee}：</p>
        {l.paragraphs.map((para, i) => (
          <p key={i} class="letter-para">
            {para}
          </p>
        ))}
        <p class="letter-sign">{l.signature}</p>
        <p class="letter-sign">{isIsoDate(l.date) ? formatChineseDate(l.date) : l.date}</p>
      </article>
    </OfficeLayout>
  );
}
