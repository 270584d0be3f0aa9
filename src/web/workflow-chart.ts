/**
 * A 工作流程图, drawn as SVG from a workflow definition (src/lib/workflow.ts) of any
 * feature: every box is a state and every arrow a transition, with who performs it
 * named by the definition. Change the workflow and the chart follows.
 *
 * The SVG uses presentation attributes only (no <style>, no inline style), so it
 * renders under the portal's Content-Security-Policy, and it carries <title> and
 * <desc> with the whole procedure in words for screen readers.
 */
import {
  guardUnknown,
  procedureSteps,
  procedureTransitions,
  type AnyWorkflow,
  type KnownGuards,
  type TransitionDef,
} from '../lib/workflow.js';

export interface ChartOptions {
  /** Guards whose value is known (this agency requires leader approval); the others draw both branches. */
  known?: KnownGuards;
  /** Also draw housekeeping transitions (discard, cancel a revision, unschedule). */
  includeInternal?: boolean;
  /** Prefix for element ids, so two charts can share a page. */
  idPrefix?: string;
  title?: string;
}

interface Box {
  state: string;
  x: number;
  y: number;
  col: number;
  row: number;
  performer: string;
}

interface Edge {
  from: string;
  to: string;
  transitions: TransitionDef[];
}

const BOX_W = 150;
const BOX_H = 52;
const COL_W = 250;
const ROW_H = 110;
const MARGIN = 24;
const LANE_GAP = 34;
const EDGE_FONT = 13;
const BOX_FONT = 15;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Approximate width of a label: CJK glyphs are square, others about half. */
function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffef]/.test(ch) ? size : size * 0.6;
  return w;
}

/** The transitions the chart shows, restricted to states reachable from the initial one. */
export function chartTransitions(def: AnyWorkflow, opts: ChartOptions = {}): TransitionDef[] {
  return procedureTransitions(def, opts);
}

/** The procedure in words, one sentence per transition: the chart's text alternative. */
export function workflowSteps(def: AnyWorkflow, opts: ChartOptions = {}): string[] {
  return procedureSteps(def, opts);
}

function layout(def: AnyWorkflow, transitions: TransitionDef[]): Box[] {
  const used = new Set<string>([def.initial]);
  for (const t of transitions) {
    t.from.forEach((f) => used.add(f));
    used.add(t.to);
  }
  const states = Object.keys(def.states).filter((s) => used.has(s));
  // Compact the grid: rows and columns left empty by hidden states close up.
  const rows = [...new Set(states.map((s) => def.states[s]!.chart.row))].sort((a, b) => a - b);
  const cols = [...new Set(states.map((s) => def.states[s]!.chart.col))].sort((a, b) => a - b);
  return states.map((state) => {
    const col = cols.indexOf(def.states[state]!.chart.col);
    const row = rows.indexOf(def.states[state]!.chart.row);
    const out = transitions.filter((t) => (t.from as readonly string[]).includes(state) && t.to !== state);
    return {
      state,
      col,
      row,
      x: MARGIN + col * COL_W,
      y: MARGIN + row * ROW_H,
      performer: [...new Set(out.map((t) => def.performer(t.permission)))].join('、'),
    };
  });
}

function edgesOf(transitions: TransitionDef[]): Edge[] {
  const edges: Edge[] = [];
  for (const t of transitions) {
    for (const from of t.from) {
      const e = edges.find((x) => x.from === from && x.to === t.to);
      if (e) {
        if (!e.transitions.some((x) => x.label === t.label)) e.transitions.push(t);
      } else edges.push({ from, to: t.to, transitions: [t] });
    }
  }
  return edges;
}

/** Where the line from a box's centre towards (tx, ty) leaves the box. */
function borderPoint(b: Box, tx: number, ty: number): [number, number] {
  const cx = b.x + BOX_W / 2;
  const cy = b.y + BOX_H / 2;
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const sx = dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return [cx + dx * s, cy + dy * s];
}

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

function labelRect(x: number, y: number, lines: string[], anchor: 'start' | 'middle' | 'end'): Rect {
  const width = Math.max(...lines.map((l) => textWidth(l, EDGE_FONT))) + 8;
  const height = lines.length * (EDGE_FONT + 3) + 4;
  const left = anchor === 'start' ? x - 4 : anchor === 'end' ? x - width + 4 : x - width / 2;
  return { left, top: y - height / 2, width, height };
}

const overlaps = (a: Rect, b: Rect) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

/** Labels placed so far in the chart being drawn, so later ones can avoid them. */
let placed: Rect[] = [];

function label(x: number, y: number, lines: string[], anchor: 'start' | 'middle' | 'end'): string {
  const { left, top, width, height } = labelRect(x, y, lines, anchor);
  placed.push({ left, top, width, height });
  const texts = lines
    .map((l, i) => `<text x="${x.toFixed(1)}" y="${(top + 2 + (i + 1) * (EDGE_FONT + 3) - 3).toFixed(1)}" font-size="${EDGE_FONT}" text-anchor="${anchor}" fill="#1a1a1a">${esc(l)}</text>`)
    .join('');
  return `<rect x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${width.toFixed(1)}" height="${height.toFixed(1)}" rx="3" fill="#ffffff" fill-opacity="0.92"/>${texts}`;
}

/** Whether the segment (x0,y0)–(x1,y1) passes through a box other than its ends (boxes grown by a margin). */
function crossesBox(boxes: Box[], skip: Box[], x0: number, y0: number, x1: number, y1: number): boolean {
  const pad = 6;
  return boxes.some((b) => {
    if (skip.includes(b)) return false;
    const [l, r, t, btm] = [b.x - pad, b.x + BOX_W + pad, b.y - pad, b.y + BOX_H + pad];
    // Liang–Barsky clipping of the segment against the rectangle.
    let u0 = 0;
    let u1 = 1;
    const dx = x1 - x0;
    const dy = y1 - y0;
    for (const [p, q] of [[-dx, x0 - l], [dx, r - x0], [-dy, y0 - t], [dy, btm - y0]] as const) {
      if (p === 0) {
        if (q < 0) return false;
      } else {
        const u = q / p;
        if (p < 0) u0 = Math.max(u0, u);
        else u1 = Math.min(u1, u);
        if (u0 > u1) return false;
      }
    }
    return true;
  });
}

/**
 * The workflow chart as an SVG document fragment (a string: embed it as-is). All
 * text comes from the definition and is escaped.
 *
 * Routing: neighbours in a column or row get a straight arrow (a pair in both
 * directions is drawn side by side); a self-loop sits left of its box; other
 * arrows go straight when that crosses no box, otherwise round the outside of
 * the grid in a lane of their own, on whichever side is clear.
 */
export function svgWorkflowChart(def: AnyWorkflow, opts: ChartOptions = {}): string {
  const id = opts.idPrefix ?? 'wf';
  placed = [];
  const transitions = chartTransitions(def, opts);
  const boxes = layout(def, transitions);
  const box = (s: string) => boxes.find((b) => b.state === s)!;
  const edges = edgesOf(transitions);
  const maxCol = Math.max(...boxes.map((b) => b.col));
  const maxRow = Math.max(...boxes.map((b) => b.row));
  const gridRight = MARGIN + maxCol * COL_W + BOX_W;
  const gridLeft = MARGIN;
  let rightLanes = 0;
  let leftLanes = 0;
  let minX = 0;
  let maxX = gridRight + MARGIN;
  const parts: string[] = [];
  const labels: string[] = [];
  const lineAttrs = `fill="none" stroke="#333333" stroke-width="1.6" marker-end="url(#${id}-arrow)"`;
  const rowClear = (row: number, fromCol: number, side: 'left' | 'right') =>
    !boxes.some((b) => b.row === row && (side === 'right' ? b.col > fromCol : b.col < fromCol));

  for (const e of edges) {
    const a = box(e.from);
    const b = box(e.to);
    const text = [e.transitions.map((t) => t.label).join('／')];
    const guard = e.transitions.find((t) => guardUnknown(opts, t.guard))?.guard;
    if (guard) text.push(`（${def.guards[guard]!.label}）`);
    const reverse = edges.some((x) => x.from === e.to && x.to === e.from);
    const [acx, acy, bcx, bcy] = [a.x + BOX_W / 2, a.y + BOX_H / 2, b.x + BOX_W / 2, b.y + BOX_H / 2];
    if (e.from === e.to) {
      const x0 = a.x;
      const y0 = a.y + 12;
      const y1 = a.y + BOX_H - 12;
      parts.push(`<path d="M${x0},${y0} C${x0 - 46},${y0 - 18} ${x0 - 46},${y1 + 18} ${x0},${y1}" ${lineAttrs}/>`);
      labels.push(label(x0 - 40, acy, text, 'end'));
      minX = Math.min(minX, x0 - 48 - Math.max(...text.map((t) => textWidth(t, EDGE_FONT))) - MARGIN);
    } else if (a.col === b.col && Math.abs(a.row - b.row) === 1) {
      const off = reverse ? (a.row < b.row ? -14 : 14) : 0;
      const x = acx + off;
      const [y0, y1] = a.row < b.row ? [a.y + BOX_H, b.y - 2] : [a.y, b.y + BOX_H + 2];
      parts.push(`<path d="M${x},${y0} L${x},${y1}" ${lineAttrs}/>`);
      labels.push(label(off < 0 ? x - 8 : x + 8, (y0 + y1) / 2, text, off < 0 ? 'end' : 'start'));
    } else if (a.row === b.row && Math.abs(a.col - b.col) === 1) {
      const off = reverse ? (a.col < b.col ? -9 : 9) : 0;
      const y = acy + off;
      const [x0, x1] = a.col < b.col ? [a.x + BOX_W, b.x - 2] : [a.x, b.x + BOX_W + 2];
      parts.push(`<path d="M${x0},${y} L${x1},${y}" ${lineAttrs}/>`);
      labels.push(label((x0 + x1) / 2, off > 0 ? y + 14 : y - 14, text, 'middle'));
    } else if (!crossesBox(boxes, [a, b], acx, acy, bcx, bcy)) {
      const [x0, y0] = borderPoint(a, bcx, bcy);
      const [x1, y1] = borderPoint(b, acx, acy);
      parts.push(`<path d="M${x0.toFixed(1)},${y0.toFixed(1)} L${x1.toFixed(1)},${y1.toFixed(1)}" ${lineAttrs}/>`);
      // Along the arrow, the first spot where the label overlaps no other label.
      const spots = [0.5, 0.35, 0.65, 0.25, 0.75].map((u) => [x0 + (x1 - x0) * u, y0 + (y1 - y0) * u] as const);
      const spot = spots.find(([x, y]) => !placed.some((r) => overlaps(r, labelRect(x, y, text, 'middle')))) ?? spots[0]!;
      labels.push(label(spot[0], spot[1], text, 'middle'));
    } else {
      const down = a.row < b.row;
      const ya = acy + (down ? 8 : -8);
      const yb = bcy + (down ? -8 : 8);
      const rightClear = rowClear(a.row, a.col, 'right') && rowClear(b.row, b.col, 'right');
      const leftClear = rowClear(a.row, a.col, 'left') && rowClear(b.row, b.col, 'left');
      if (rightClear || !leftClear) {
        const lane = gridRight + LANE_GAP * ++rightLanes;
        parts.push(`<path d="M${a.x + BOX_W},${ya} L${lane},${ya} L${lane},${yb} L${b.x + BOX_W + 2},${yb}" ${lineAttrs}/>`);
        labels.push(label(lane + 8, (ya + yb) / 2 + (rightLanes % 2 ? -12 : 12), text, 'start'));
        maxX = Math.max(maxX, lane + 16 + Math.max(...text.map((t) => textWidth(t, EDGE_FONT))) + MARGIN);
      } else {
        const lane = gridLeft - LANE_GAP * ++leftLanes;
        parts.push(`<path d="M${a.x},${ya} L${lane},${ya} L${lane},${yb} L${b.x - 2},${yb}" ${lineAttrs}/>`);
        labels.push(label(lane - 8, (ya + yb) / 2 + (leftLanes % 2 ? -12 : 12), text, 'end'));
        minX = Math.min(minX, lane - 16 - Math.max(...text.map((t) => textWidth(t, EDGE_FONT))) - MARGIN);
      }
    }
  }

  const boxSvg = boxes.map((b) => {
    const isEnd = !transitions.some((t) => (t.from as readonly string[]).includes(b.state) && t.to !== b.state);
    const isStart = b.state === def.initial;
    const fill = def.states[b.state]!.tone === 'success' ? '#e6f4ea' : isEnd ? '#f2f2f2' : isStart ? '#e8f0fe' : '#ffffff';
    const cx = b.x + BOX_W / 2;
    const name = def.states[b.state]!.label;
    const sub = b.performer ? `<text x="${cx}" y="${b.y + 40}" font-size="12" text-anchor="middle" fill="#444444">${esc(b.performer)}</text>` : '';
    return (
      `<g><rect x="${b.x}" y="${b.y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${fill}" stroke="#1f4e8c" stroke-width="1.6"/>` +
      `<text x="${cx}" y="${b.y + (b.performer ? 22 : 31)}" font-size="${BOX_FONT}" font-weight="bold" text-anchor="middle" fill="#1a1a1a">${esc(name)}</text>${sub}</g>`
    );
  });

  const width = Math.ceil(maxX - minX);
  const height = MARGIN * 2 + maxRow * ROW_H + BOX_H;
  const title = opts.title ?? def.title;
  const desc = workflowSteps(def, opts).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${Math.floor(minX)} 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" font-family="system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>` +
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker></defs>` +
    `${parts.join('')}${boxSvg.join('')}${labels.join('')}</svg>`
  );
}

const NARROW_W = 320;
const NARROW_FONT = 14;
const NARROW_GAP = 30;

/** A label cut into lines no wider than `max` at `size`. */
function wrapText(text: string, size: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && textWidth(line + ch, size) > max) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The same procedure for a phone: the states one under another, each box naming who acts
 * there and listing its way out ("提交审核 → 待审核"), an arrow down where the next box
 * follows from it. Drawn 320 units wide at 14-unit text, so a phone's column (about 300 px)
 * shows the text at about 13 px instead of shrinking the wide chart to a few pixels.
 */
export function svgWorkflowChartNarrow(def: AnyWorkflow, opts: ChartOptions = {}): string {
  const id = `${opts.idPrefix ?? 'wf'}-n`;
  const transitions = chartTransitions(def, opts);
  const boxes = layout(def, transitions).sort((a, b) => a.row - b.row || a.col - b.col);
  const inner = NARROW_W - 2 * 12 - 8;
  const lineH = NARROW_FONT + 6;
  const parts: string[] = [];
  let y = 8;
  boxes.forEach((b, i) => {
    const out = transitions.filter((t) => (t.from as readonly string[]).includes(b.state));
    const lines: { text: string; bold?: boolean; muted?: boolean }[] = [{ text: def.states[b.state]!.label, bold: true }];
    if (b.performer) lines.push(...wrapText(`办理：${b.performer}`, NARROW_FONT, inner).map((text) => ({ text, muted: true })));
    for (const t of out) {
      const guard = guardUnknown(opts, t.guard) ? `（${def.guards[t.guard]!.label}）` : '';
      const target = t.to === b.state ? '' : ` → ${def.states[t.to]!.label}`;
      lines.push(...wrapText(`· ${t.label}${target}${guard}`, NARROW_FONT, inner).map((text) => ({ text })));
    }
    const h = 10 + lines.length * lineH + 4;
    const isEnd = !out.some((t) => t.to !== b.state);
    const fill = def.states[b.state]!.tone === 'success' ? '#e6f4ea' : isEnd ? '#f2f2f2' : b.state === def.initial ? '#e8f0fe' : '#ffffff';
    parts.push(`<rect x="4" y="${y}" width="${NARROW_W - 8}" height="${h}" rx="8" fill="${fill}" stroke="#1f4e8c" stroke-width="1.6"/>`);
    lines.forEach((l, j) => {
      const weight = l.bold ? ' font-weight="bold"' : '';
      const size = l.bold ? NARROW_FONT + 1 : NARROW_FONT;
      parts.push(`<text x="16" y="${y + 6 + (j + 1) * lineH - 4}" font-size="${size}"${weight} fill="${l.muted ? '#444444' : '#1a1a1a'}">${esc(l.text)}</text>`);
    });
    y += h;
    const next = boxes[i + 1];
    if (next) {
      if (out.some((t) => t.to === next.state)) {
        parts.push(`<path d="M${NARROW_W / 2},${y} L${NARROW_W / 2},${y + NARROW_GAP - 2}" fill="none" stroke="#333333" stroke-width="1.6" marker-end="url(#${id}-arrow)"/>`);
      }
      y += NARROW_GAP;
    }
  });
  const height = y + 8;
  const title = opts.title ?? def.title;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="wf-narrow" viewBox="0 0 ${NARROW_W} ${height}" width="${NARROW_W}" height="${height}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" font-family="system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(workflowSteps(def, opts).join(''))}</desc>` +
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker></defs>${parts.join('')}</svg>`
  );
}

const memo = new Map<string, string>();

/**
 * The chart for a page: the wide grid and the narrow column, remembered (a definition is
 * fixed for the life of the process, so each (workflow, options) pair is drawn once). The
 * portal's CSS shows one of the two by the width of the screen; no script is needed.
 */
export function workflowChartSvg(def: AnyWorkflow, opts: ChartOptions = {}): string {
  const key = `${def.key}\u0000${JSON.stringify(opts)}`;
  let svg = memo.get(key);
  if (!svg) {
    svg = svgWorkflowChart(def, opts).replace('<svg ', '<svg class="wf-wide" ') + svgWorkflowChartNarrow(def, opts);
    memo.set(key, svg);
  }
  return svg;
}
