/**
 * A non-negative decimal as people type it (full-width digits, thousands separators,
 * spaces), at most 12 integer digits and four places, as canonical text (no leading or
 * trailing zeros); null when it is not one. Money in 元 and investment in 万元 both have
 * four places at most, and are kept as text so no binary fraction creeps in.
 */
export function parseDecimal4(raw: string): string | null {
  const s = raw.normalize('NFKC').replace(/[,，\s]/g, '');
  const m = /^(\d{1,12})(?:\.(\d{1,4}))?$/.exec(s);
  if (!m) return null;
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}
