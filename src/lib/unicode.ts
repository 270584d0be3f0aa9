/**
 * Text as the database will keep it. Both engines store UTF-8, so a lone UTF-16
 * surrogate (from a JSON `\ud800` or a cut through a pair) is written as U+FFFD:
 * anything hashed or compared before storing must see the same text.
 */

/** Lone surrogates replaced by U+FFFD, as `String.prototype.toWellFormed` does (ES2024). */
export function wellFormed(s: string): string {
  // With the `u` flag a paired surrogate is one code point outside \p{Cs}; only lone ones match.
  return s.replace(/\p{Cs}/gu, '\uFFFD');
}

/** At most `max` code points of `s`, never cutting a surrogate pair. */
export function cutCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : points.slice(0, Math.max(0, max)).join('');
}

/** Every string inside a JSON-like value made well-formed (keys included). */
export function wellFormedDeep<T>(value: T): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => wellFormedDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [wellFormed(k), wellFormedDeep(v)])) as T;
  }
  return value;
}
