/**
 * A small JSON Schema checker for the subset the OpenAPI document uses: type
 * (with "integer" and "null", or a list of types), nullable, enum, const,
 * properties, required, additionalProperties, propertyNames, items, anyOf,
 * oneOf, allOf, $ref into the document, pattern, minimum/maximum,
 * minLength/maxLength, minItems/maxItems. A keyword it does not know is an
 * error rather than silently passing, so the checker cannot fall behind the
 * document unnoticed.
 */

export type Schema = Record<string, unknown>;

/** Keywords that only describe; they never reject a value. */
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'example', 'deprecated', 'format', 'readOnly', 'writeOnly', '$schema', '$id', '$comment']);
const CHECKED = new Set([
  'type', 'nullable', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items',
  'anyOf', 'oneOf', 'allOf', '$ref', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'minItems', 'maxItems',
]);

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

function typeMatches(want: string, v: unknown): boolean {
  const got = typeOf(v);
  return want === got || (want === 'number' && got === 'integer');
}

/** The problems of `value` against `schema` (empty when it conforms), each with its JSON path. */
export function validate(schema: unknown, value: unknown, root: Schema = schema as Schema, at = '$'): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${at}: no value is allowed here`];
  const s = schema as Schema;
  for (const k of Object.keys(s)) {
    if (!ANNOTATIONS.has(k) && !CHECKED.has(k)) throw new Error(`${at}: the test's schema checker does not know the keyword "${k}"`);
  }
  if (typeof s.$ref === 'string') {
    const m = /^#\/(.+)$/.exec(s.$ref);
    if (!m) throw new Error(`${at}: only local $ref is supported (${s.$ref})`);
    const target = m[1]!.split('/').reduce<unknown>((o, key) => (o as Schema | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    if (target === undefined) return [`${at}: $ref ${s.$ref} points nowhere`];
    return validate(target, value, root, at);
  }
  const problems: string[] = [];
  if (value === null && s.nullable === true) return [];
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(t, value))) return [`${at}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => e === value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ('const' in s && s.const !== value) problems.push(`${at}: expected ${JSON.stringify(s.const)}, got ${JSON.stringify(value)}`);
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) problems.push(`${at}: ${JSON.stringify(value)} does not match ${s.pattern}`);
    if (typeof s.minLength === 'number' && [...value].length < s.minLength) problems.push(`${at}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && [...value].length > s.maxLength) problems.push(`${at}: longer than ${s.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) problems.push(`${at}: ${value} < ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) problems.push(`${at}: ${value} > ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) problems.push(`${at}: ${value} <= ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) problems.push(`${at}: ${value} >= ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) problems.push(`${at}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) problems.push(`${at}: more than ${s.maxItems} items`);
    if (s.items !== undefined) value.forEach((v, i) => problems.push(...validate(s.items, v, root, `${at}[${i}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, unknown>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) problems.push(`${at}: missing required "${r}"`);
    for (const [k, v] of Object.entries(obj)) {
      if (s.propertyNames !== undefined) problems.push(...validate(s.propertyNames, k, root, `${at}{${k}}`));
      if (k in props) problems.push(...validate(props[k], v, root, `${at}.${k}`));
      else if (s.additionalProperties === false) problems.push(`${at}: "${k}" is not in the document`);
      else if (s.additionalProperties !== undefined && s.additionalProperties !== true) problems.push(...validate(s.additionalProperties, v, root, `${at}.${k}`));
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) problems.push(...validate(sub, value, root, at));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const subs = s[key];
    if (!Array.isArray(subs)) continue;
    const results = subs.map((sub) => validate(sub, value, root, at));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing === 0) {
      // Report the closest alternative: the one with the fewest problems.
      const best = results.reduce((a, b) => (b.length < a.length ? b : a));
      problems.push(`${at}: matches none of ${key} (closest: ${best.join('; ')})`);
    } else if (key === 'oneOf' && passing > 1) problems.push(`${at}: matches ${passing} alternatives of oneOf`);
  }
  return problems;
}

/**
 * Where a response schema leaves an object open: an object schema must list its
 * properties and close them (additionalProperties false), or say what every value
 * is (a map). A bare `{type: 'object'}` documents nothing and catches no drift.
 */
export function openObjects(schema: unknown, root: Schema = schema as Schema, at = '$'): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Schema;
  if (typeof s.$ref === 'string') return [];
  const out: string[] = [];
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type];
  if (types.includes('object')) {
    const map = s.additionalProperties !== undefined && s.additionalProperties !== false && s.additionalProperties !== true;
    if (!map && s.additionalProperties !== false) out.push(at);
  }
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) out.push(...openObjects(v, root, `${at}.${k}`));
  if (s.items) out.push(...openObjects(s.items, root, `${at}[]`));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...openObjects(s.additionalProperties, root, `${at}{}`));
  for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(s[key])) (s[key] as unknown[]).forEach((sub, i) => out.push(...openObjects(sub, root, `${at}<${key}${i}>`)));
  return out;
}
