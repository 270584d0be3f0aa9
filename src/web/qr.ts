import QRCode from 'qrcode';

const cache = new Map<string, string>();
const MAX_CACHED = 5000;

/**
 * An SVG QR code for `text`, drawn as one path so it is small (about 2–4 KB) and
 * needs no script or image request. Results are memoised: every page carries one.
 */
export function qrSvg(text: string, label = '本页二维码'): string {
  const hit = cache.get(text);
  if (hit) return hit;
  let qr: ReturnType<typeof QRCode.create>;
  try {
    qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  } catch {
    // Too long for a QR code (about 2 KB of URL): a page must never fail for its QR.
    // The address without its query string still opens the page, if not its filters.
    const shorter = text.split('?')[0]!;
    return shorter !== text && shorter.length < 1500 ? qrSvg(shorter, label) : '';
  }
  const size = qr.modules.size;
  const data = qr.modules.data;
  const margin = 2;
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      d += `M${start + margin} ${y + margin}h${x - start}v1h-${x - start}z`;
    }
  }
  const dim = size + margin * 2;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" width="120" height="120" role="img" aria-label="${escapeAttr(label)}" shape-rendering="crispEdges">` +
    `<rect width="${dim}" height="${dim}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(text, svg);
  return svg;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
