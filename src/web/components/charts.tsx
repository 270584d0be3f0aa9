/**
 * Server-rendered SVG charts that need no JavaScript: a bar chart (grouped or
 * stacked series) in a figure with a caption, the same numbers in a table for
 * screen readers and for copying, and patterns besides colour so that series can
 * be told apart in print and by people who do not see colour. Colours are SVG
 * attributes, not styles, so the CSP that forbids inline styles allows them.
 */
export interface ChartSeries {
  label: string;
  values: readonly number[];
}

export interface BarChartProps {
  /** An id unique in the page, for the caption and the patterns. */
  id: string;
  title: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  unit: string;
  stacked?: boolean;
  /** Drawing size in user units; the SVG scales to the width of its container. */
  width?: number;
  height?: number;
  /** Format of a value in the table and the tooltips. */
  format?: (v: number) => string;
}

// Distinguishable in the common forms of colour blindness (Okabe–Ito), dark enough for 3:1 against white.
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56b4e9', '#444444', '#e69f00'];

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export function BarChart(p: BarChartProps) {
  const width = p.width ?? 640;
  const height = p.height ?? 260;
  const format = p.format ?? fmt;
  const left = 48;
  const right = 8;
  const top = 12;
  const legendRows = p.series.length > 1 ? Math.ceil(p.series.length / 3) : 0;
  const bottom = 40 + legendRows * 18;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const totals = p.categories.map((_, i) => (p.stacked ? p.series.reduce((s, x) => s + (x.values[i] ?? 0), 0) : Math.max(0, ...p.series.map((x) => x.values[i] ?? 0))));
  const max = niceMax(Math.max(0, ...totals));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const band = plotW / Math.max(1, p.categories.length);
  const groups = p.stacked ? 1 : p.series.length;
  const barW = Math.max(2, (band * 0.8) / Math.max(1, groups));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);
  const labelEvery = Math.ceil(p.categories.length / Math.max(1, Math.floor(plotW / 44)));
  const titleId = `${p.id}-title`;
  const descId = `${p.id}-desc`;
  const desc = `${p.title}，单位：${p.unit}。数据见图下方的表格。`;
  return (
    <figure class="chart" id={p.id}>
      <figcaption>{p.title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${titleId} ${descId}`} class="chart-svg">
        <title id={titleId}>{p.title}</title>
        <desc id={descId}>{desc}</desc>
        <defs>
          {p.series.map((_, si) => (
            <pattern key={si} id={`${p.id}-p${si}`} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform={`rotate(${(si * 45) % 180})`}>
              <rect width="6" height="6" fill={COLOURS[si % COLOURS.length]} />
              {si % 2 === 1 ? <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2" /> : null}
            </pattern>
          ))}
        </defs>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} stroke="#ccc" stroke-width="1" />
            <text x={left - 4} y={y(t) + 4} text-anchor="end" font-size="11" fill="#333">
              {format(t)}
            </text>
          </g>
        ))}
        {p.categories.map((c, i) => {
          const x0 = left + i * band + band * 0.1;
          let base = 0;
          return (
            <g key={c}>
              {p.series.map((s, si) => {
                const v = s.values[i] ?? 0;
                const yTop = p.stacked ? y(base + v) : y(v);
                const yBottom = p.stacked ? y(base) : y(0);
                const x = p.stacked ? x0 : x0 + si * barW;
                const w = p.stacked ? band * 0.8 : barW;
                if (p.stacked) base += v;
                if (v <= 0) return null;
                return (
                  <rect key={si} x={x} y={yTop} width={Math.max(1, w - 1)} height={Math.max(0.5, yBottom - yTop)} fill={`url(#${p.id}-p${si})`}>
                    <title>{`${c} ${s.label}：${format(v)}${p.unit}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 ? (
                <text x={left + i * band + band / 2} y={top + plotH + 16} text-anchor="middle" font-size="11" fill="#333">
                  {c}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={left} x2={width - right} y1={y(0)} y2={y(0)} stroke="#333" stroke-width="1" />
        {p.series.length > 1
          ? p.series.map((s, si) => {
              const lx = left + (si % 3) * (plotW / 3);
              const ly = top + plotH + 30 + Math.floor(si / 3) * 18;
              return (
                <g key={si}>
                  <rect x={lx} y={ly - 9} width="12" height="12" fill={`url(#${p.id}-p${si})`} stroke="#333" stroke-width="0.5" />
                  <text x={lx + 16} y={ly + 1} font-size="11" fill="#333">
                    {s.label.length > 16 ? `${s.label.slice(0, 15)}…` : s.label}
                  </text>
                </g>
              );
            })
          : null}
      </svg>
      <details class="chart-data">
        <summary>查看数据表</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${p.title}数据表`}>
          <table class="table">
            <caption>
              {p.title}（单位：{p.unit}）
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">类别</span>
                </th>
                {p.series.map((s) => (
                  <th key={s.label} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.categories.map((c, i) => (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  {p.series.map((s) => (
                    <td key={s.label}>{format(s.values[i] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
