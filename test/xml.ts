/**
 * A small XML 1.0 well-formedness check for tests (no DTDs, no CDATA, no
 * comments): one root element, tags nested and closed, attribute values quoted,
 * no bare `<` or `&`, only the five predefined or numeric entities, no forbidden
 * characters. Returns the root element's name and the elements it saw.
 */
export interface XmlSummary {
  root: string;
  elements: { name: string; attrs: Record<string, string>; text: string }[];
}

const NAME = '[A-Za-z_][A-Za-z0-9_.:-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkChars(s: string, where: string) {
  if (FORBIDDEN.test(s)) throw new Error(`forbidden character in ${where}`);
  if (s.replace(ENTITY, '').includes('&')) throw new Error(`bare & in ${where}: ${s.slice(0, 80)}`);
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

export function parseXml(xml: string): XmlSummary {
  let s = xml.replace(/^\uFEFF/, '');
  const decl = new RegExp(`^<\\?xml(\\s+${NAME}\\s*=\\s*("[^"]*"|'[^']*'))*\\s*\\?>`).exec(s);
  if (decl) s = s.slice(decl[0].length);
  const stack: { name: string; index: number }[] = [];
  const elements: XmlSummary['elements'] = [];
  let root = '';
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const text = s.slice(i, lt < 0 ? s.length : lt);
    checkChars(text, 'text');
    if (text.includes('>') && /\]\]>/.test(text)) throw new Error(']]> in text');
    if (!stack.length && text.trim()) throw new Error(`text outside the root: ${text.slice(0, 40)}`);
    if (stack.length) elements[stack[stack.length - 1]!.index]!.text += decode(text);
    if (lt < 0) break;
    const close = new RegExp(`^</(${NAME})\\s*>`).exec(s.slice(lt));
    if (close) {
      const top = stack.pop();
      if (!top || top.name !== close[1]) throw new Error(`</${close[1]}> does not close <${top?.name ?? '(nothing)'}>`);
      i = lt + close[0].length;
      continue;
    }
    const open = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`).exec(s.slice(lt));
    if (!open) throw new Error(`malformed markup at ${lt}: ${s.slice(lt, lt + 60)}`);
    if (!stack.length && root) throw new Error('more than one root element');
    const attrs: Record<string, string> = {};
    for (const m of open[2]!.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
      const v = m[2] ?? m[3] ?? '';
      checkChars(v, `attribute ${m[1]}`);
      if (Object.hasOwn(attrs, m[1]!)) throw new Error(`duplicate attribute ${m[1]}`);
      attrs[m[1]!] = decode(v);
    }
    if (!root) root = open[1]!;
    elements.push({ name: open[1]!, attrs, text: '' });
    if (open[3] !== '/') stack.push({ name: open[1]!, index: elements.length - 1 });
    i = lt + open[0].length;
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return { root, elements };
}
