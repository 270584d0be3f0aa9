import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chinaDateOf } from '../../src/lib/dates.js';
import { bumpContentVersion } from '../../src/web/page-cache.js';
import { createEmptyAgency, insertPublished } from '../publication-fixture.js';
import { axeViolations, browserPath, startBrowserEnv, type BrowserEnv } from './browser.js';

const TITLE = '关于本行政机关执行价格调控政策的通知';
const TITLE_PINYIN = 'guān yú běn xíng zhèng jī guān zhí xíng jià gé tiáo kòng zhèng cè de tōng zhī';
const BODY =
  '<p>各有关单位：为进一步做好政府的信息公开工作，本行政机关应当执行价格调控措施，重新调整收费标准。</p>' +
  '<p>银行、会计师事务所等单位应在二十个工作日内报送执行情况；逾期未报送的，依法处理。办事处处长、财政局局长负责重置系统密码。</p>';

interface Box { text: string; left: number; right: number; top: number; bottom: number }

/**
 * Where every syllable and every annotated character is drawn, in document order. A
 * text box is as tall as the font's ascent and descent (about 1.45em for Noto Sans CJK),
 * well beyond the ink, so each box is narrowed vertically to its em square around the
 * middle: the space an ideograph's ink, or a syllable's tone mark and descender, fills.
 */
async function rubyLayout(page: Page, selector: string) {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate((sel) => {
    const rts: Box[] = [];
    const bases: Box[] = [];
    const sizes: number[] = [];
    for (const root of Array.from(document.querySelectorAll(sel))) {
      for (const rt of Array.from(root.querySelectorAll('rt'))) {
        const range = document.createRange();
        range.selectNodeContents(rt);
        const r = range.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(rt).fontSize);
        const mid = (r.top + r.bottom) / 2;
        rts.push({ text: rt.textContent ?? '', left: r.left, right: r.right, top: mid - size / 2, bottom: mid + size / 2 });
        sizes.push(size);
        // The character this syllable stands over: the text node just before the <rt> (or its <rp>).
        let prev = rt.previousSibling;
        while (prev && prev.nodeType !== Node.TEXT_NODE) prev = prev.previousSibling;
        if (prev) {
          const baseRange = document.createRange();
          baseRange.selectNodeContents(prev);
          const b = baseRange.getBoundingClientRect();
          const em = parseFloat(getComputedStyle(rt.parentElement!).fontSize);
          const m = (b.top + b.bottom) / 2;
          bases.push({ text: prev.textContent ?? '', left: b.left, right: b.right, top: m - em / 2, bottom: m + em / 2 });
        }
      }
    }
    return { rts, bases, sizes, overflow: document.documentElement.scrollWidth - window.innerWidth };
  }, selector);
}

const overlaps = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

describe('browser: pinyin reading mode', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  let id = 0;

  before(async () => {
    env = await startBrowserEnv();
    const agency = await createEmptyAgency(env.t.db, 'pyj', '示例市拼音测试局');
    const year = Number(chinaDateOf(new Date()).slice(0, 4));
    id = await insertPublished(env.t.db, { agencyId: agency, title: TITLE, category: 'art20_01', publishedAt: `${year}-02-01T02:00:00.000Z`, body: BODY });
    bumpContentVersion();
  });
  after(() => env?.close());

  it('on a phone, an item page reads words, with one readable syllable over each character that never touches its neighbours', async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 740 } });
    const url = new URL(env.base);
    await context.addCookies([{ name: 'gk_prefs', value: 'f-0.c-n.s-pinyin', domain: url.hostname, path: '/' }]);
    const page = await context.newPage();
    const res = await page.goto(`${env.base}/pyj/zfxxgk/content/${id}`);
    assert.equal(res?.status(), 200);
    const shots = process.env.GONGKAI_SCREENSHOTS || '';
    if (shots) await page.locator('main').screenshot({ path: path.join(shots, 'pinyin-phone.png') });

    // Words, not characters: 行 in 行政 and 执行 is xíng, 调 in 调控 is tiáo, 的 is de.
    const titleSyllables = await page.locator('h1 rt').allTextContents();
    assert.equal(titleSyllables.join(' '), TITLE_PINYIN);
    const bodyText = await page.locator('.article-body').evaluate((el) => {
      const c = el.cloneNode(true) as HTMLElement;
      for (const n of Array.from(c.querySelectorAll('rt, rp'))) n.remove();
      return c.textContent ?? '';
    });
    const hanCount = Array.from(bodyText).filter((ch) => /\p{Script=Han}/u.test(ch)).length;
    const layout = await rubyLayout(page, 'h1, .article-body');
    assert.equal(await page.locator('.article-body rt').count(), hanCount, 'one syllable per character');

    // Readable: no syllable below 11px (0.62em of the 16px base, at least 12px).
    assert.ok(layout.sizes.length > 0);
    assert.ok(Math.min(...layout.sizes) >= 11, `smallest syllable ${Math.min(...layout.sizes)}px`);

    // Adjacent syllables on a line stand apart; none overlaps a character on any line.
    let gaps = 0;
    for (let i = 1; i < layout.rts.length; i++) {
      const [a, b] = [layout.rts[i - 1]!, layout.rts[i]!];
      if (Math.abs(a.top - b.top) > 2 || b.left < a.left) continue; // a new line
      gaps++;
      assert.ok(b.left - a.right >= 2, `“${a.text}” and “${b.text}” run together (${(b.left - a.right).toFixed(1)}px apart)`);
    }
    assert.ok(gaps > 20, `only ${gaps} pairs of syllables on shared lines`);
    for (const rt of layout.rts) {
      const hit = layout.bases.find((b) => overlaps(rt, b));
      assert.equal(hit, undefined, `“${rt.text}” overlaps the character ${hit?.text}`);
    }
    // Each syllable sits over its own character.
    for (let i = 0; i < layout.rts.length; i++) {
      const [rt, base] = [layout.rts[i]!, layout.bases[i]!];
      const centre = (b: Box) => (b.left + b.right) / 2;
      assert.ok(rt.bottom <= base.top + 1 && Math.abs(centre(rt) - centre(base)) < 2, `“${rt.text}” is not over ${base.text}`);
    }
    assert.ok(layout.overflow <= 0, `page is ${layout.overflow}px wider than the phone`);
    // No syllable sticks out of its cell or paragraph (the metadata table's labels included).
    const outside = await page.locator('main rt').evaluateAll((rts) =>
      rts
        .filter((rt) => {
          // Only what is drawn: the 栏目 tree is folded away on a phone until opened.
          if (!rt.checkVisibility()) return false;
          let block = rt.parentElement!;
          while (getComputedStyle(block).display.startsWith('inline') || block.tagName === 'RUBY') block = block.parentElement!;
          const range = document.createRange();
          range.selectNodeContents(rt);
          return range.getBoundingClientRect().right > block.getBoundingClientRect().right + 1;
        })
        .map((rt) => rt.textContent),
    );
    assert.deepEqual(outside, []);

    // Screen readers get the Chinese text, as Chromium gives it to them: not the
    // syllables, and no spaces between the words.
    const cdp = await context.newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const headings = nodes.filter((n) => n.role?.value === 'heading').map((n) => String(n.name?.value ?? ''));
    assert.ok(headings.some((h) => h.replace(/\u200B/g, '') === TITLE), `headings as read: ${JSON.stringify(headings)}`);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
