/**
 * The bad-input corpus (issue 14, point 3): every route in `app.routeTable`, public and
 * staff, gets hostile input in every field it is known to read and in a generic set of
 * fields besides. Fields come from the route's declared body/query schema (`doc.body`,
 * `doc.query`, as the OpenAPI document reads them) and from the forms and links the app's
 * own pages show (a discovery crawl), so a route added later by another feature is
 * fuzzed without an edit here. Path parameters are filled from the links the crawl saw.
 *
 * Cases are generated deterministically; a seeded, stratified subset (every route ×
 * category pair first, then round-robin) is what runs, sized by the caller.
 */
import { z } from 'zod';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { can, isPermission } from '../../src/features/access/policy.js';
import type { Actor } from '../../src/features/access/roles.js';
import { actorForUser, cliSetPassword } from '../../src/features/accounts/account.service.js';
import { findUserByUsername } from '../../src/features/accounts/account.repository.js';
import type { RouteInfo } from '../../src/web/core.js';
import type { Client, TestApp } from '../helpers.js';
import {
  CATEGORIES, ENCODING, HOSTILE_FILENAMES, MULTIPART, PDF, POLYGLOT_FILES, POLYGLOT_TEXT, SQL, TRAVERSAL, XSS, ZIP_BOMBS,
  rng, shuffle, type Category, type HostileFile,
} from './payloads.js';

export const CORPUS_PASSWORD = 'Corpus#Fuzz2026!';
/** Staff who run the office and API routes, tried in this order: the first the route admits runs it. */
export const STAFF = ['demo-editor', 'demo-reviewer', 'demo-leader', 'demo-admin'] as const;
type Who = (typeof STAFF)[number] | 'anonymous';

/** Routes whose point is to change who the client is: their own tests cover them. */
const LEAVE_OUT = new Set(['POST /office/logout']);

export interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface Case {
  id: string;
  category: Category;
  route: string;
  who: Who;
  summary: string;
  /** The request, built when it is sent (the CSRF token and cookies are the client's then). */
  make(csrf: string): Request;
}

interface Field {
  name: string;
  /** The value a valid submission would carry (so one bad field is judged alone). */
  value: string;
  kind: 'text' | 'hidden' | 'file' | 'choice';
}

interface FormSeen {
  action: string;
  method: string;
  multipart: boolean;
  fields: Field[];
  who: Who;
}

export interface Target {
  route: RouteInfo;
  key: string;
  who: Who;
  /** A concrete path the route answers (params filled from the crawl, or defaults). */
  path: string;
  params: string[];
  /** JSON body: a valid object, and the dotted paths of its string leaves. */
  json?: { base: Record<string, unknown>; strings: string[]; numbers: string[] };
  form?: { fields: Field[]; multipart: boolean };
  query: Field[];
}

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

// ---------------------------------------------------------------- route patterns

interface Pattern {
  route: RouteInfo;
  re: RegExp;
  names: string[];
  weight: number;
}

function compile(route: RouteInfo): Pattern {
  const names: string[] = [];
  let weight = 0;
  const src = route.url
    .split(/(:[A-Za-z_]+|\*)/)
    .map((piece) => {
      if (piece === '*') return '(.*)';
      if (piece.startsWith(':')) {
        names.push(piece.slice(1));
        return '([^/]+?)';
      }
      weight += piece.length;
      return piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { route, re: new RegExp(`^${src}/?$`), names, weight: route.url.includes('*') ? weight - 1000 : weight };
}

/** The pattern the router would pick for a concrete path: the matching one with the most fixed text. */
function patternOf(patterns: Pattern[], method: string, path: string): Pattern | undefined {
  let best: Pattern | undefined;
  for (const p of patterns) if (p.route.method === method && p.re.test(path) && (!best || p.weight > best.weight)) best = p;
  return best;
}

// ---------------------------------------------------------------- discovery

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decodeEntities(m[1]!) : undefined;
};
const decodeEntities = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");

function formsIn(html: string, pageUrl: string, who: Who): FormSeen[] {
  const out: FormSeen[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const tag = m[1]!;
    const inner = m[2]!;
    const method = (attr(tag, 'method') ?? 'get').toUpperCase();
    const action = attr(tag, 'action') ?? pageUrl;
    const multipart = /multipart/i.test(attr(tag, 'enctype') ?? '');
    const fields: Field[] = [];
    const seen = new Set<string>();
    for (const f of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>|<(input|textarea)\b([^>]*)>/gi)) {
      const isSelect = f[1] !== undefined;
      const tagAttrs = isSelect ? f[1]! : f[4]!;
      const name = attr(tagAttrs, 'name');
      if (!name || seen.has(name)) continue;
      const type = isSelect ? 'select' : (attr(tagAttrs, 'type') ?? (f[3]!.toLowerCase() === 'input' ? 'text' : 'textarea')).toLowerCase();
      if (type === 'submit' || type === 'button' || type === 'reset') continue;
      seen.add(name);
      if (isSelect) {
        const options = [...f[2]!.matchAll(/<option\b([^>]*)>/gi)].map((o) => attr(o[1]!, 'value') ?? '');
        fields.push({ name, value: options.find((v) => v !== '') ?? '', kind: 'choice' });
      } else if (type === 'file') fields.push({ name, value: '', kind: 'file' });
      else if (type === 'hidden') fields.push({ name, value: attr(tagAttrs, 'value') ?? '', kind: 'hidden' });
      else if (type === 'radio' || type === 'checkbox') fields.push({ name, value: attr(tagAttrs, 'value') ?? 'on', kind: 'choice' });
      else fields.push({ name, value: attr(tagAttrs, 'value') ?? '', kind: 'text' });
    }
    // A button's formaction posts the same fields elsewhere (the edit form's upload button).
    for (const b of inner.matchAll(/<button\b([^>]*)>/gi)) {
      const fa = attr(b[1]!, 'formaction');
      if (fa) out.push({ action: fa, method: (attr(b[1]!, 'formmethod') ?? method).toUpperCase(), multipart: /multipart/i.test(attr(b[1]!, 'formenctype') ?? '') || multipart, fields, who });
    }
    out.push({ action, method, multipart, fields, who });
  }
  return out;
}

export interface Discovery {
  /** Concrete paths per route key, as the crawl saw them (links and form actions). */
  paths: Map<string, string[]>;
  forms: Map<string, FormSeen>;
  /** Query parameters seen in links, per GET route key. */
  queries: Map<string, Map<string, string>>;
  pages: number;
}

/**
 * Walks the app's own pages as each person, from every GET route without parameters,
 * following links and reading forms; a few pages per route are enough to learn its fields.
 */
export async function discover(t: TestApp, clients: Map<Who, Client>, opts: { perPattern?: number; budget?: number } = {}): Promise<Discovery> {
  const perPattern = opts.perPattern ?? 3;
  const budget = opts.budget ?? 300;
  const patterns = t.app.routeTable.map(compile);
  const d: Discovery = { paths: new Map(), forms: new Map(), queries: new Map(), pages: 0 };
  const note = (method: string, url: string) => {
    const [path, query] = url.split('?', 2) as [string, string | undefined];
    const p = patternOf(patterns, method, path);
    if (!p) return undefined;
    const k = keyOf(p.route);
    const list = d.paths.get(k) ?? [];
    if (!list.includes(path) && list.length < 12) list.push(path);
    d.paths.set(k, list);
    if (query && method === 'GET') {
      const q = d.queries.get(k) ?? new Map<string, string>();
      for (const [name, value] of new URLSearchParams(query)) if (!q.has(name)) q.set(name, value);
      d.queries.set(k, q);
    }
    return k;
  };
  for (const [who, client] of clients) {
    const visited = new Map<string, number>();
    const queue = t.app.routeTable.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*')).map((r) => r.url);
    const seen = new Set(queue);
    let pages = 0;
    while (queue.length && pages < budget) {
      const url = queue.shift()!;
      const k = note('GET', url);
      if (!k || /\.(docx|xlsx|csv|xml|json|txt)$/.test(url.split('?')[0]!) || url.startsWith('/static/') || url.startsWith('/prefs')) continue;
      // The portal's catch-all patterns stand for many pages (each column, the application form).
      if ((visited.get(k) ?? 0) >= (/[*]|^GET \/:agency\/:column$/.test(k) ? perPattern * 8 : perPattern)) continue;
      visited.set(k, (visited.get(k) ?? 0) + 1);
      const res = await client.get(url);
      pages++;
      if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
      for (const f of formsIn(res.body, url.split('?')[0]!, who)) {
        const fk = note(f.method, f.action);
        if (fk && !d.forms.has(fk)) d.forms.set(fk, f);
      }
      for (const m of res.body.matchAll(/\shref="(\/[^"#]*)"/g)) {
        const href = decodeEntities(m[1]!);
        if (href.startsWith('//') || seen.has(href)) continue;
        seen.add(href);
        queue.push(href);
      }
    }
    d.pages += pages;
  }
  return d;
}

// ---------------------------------------------------------------- valid values

function guess(name: string, type = 'string'): string {
  const n = name.toLowerCase();
  if (/password/.test(n)) return CORPUS_PASSWORD;
  if (/date/.test(n)) return '2026-03-02';
  if (/email|mail/.test(n)) return 'corpus@example.com';
  if (/phone|mobile|tel/.test(n)) return '13800138000';
  if (/idnumber|id_number/.test(n)) return '11010519491231002X';
  if (/year/.test(n)) return '2025';
  if (/url|website|link/.test(n)) return 'https://example.gov.cn/';
  if (type === 'integer' || type === 'number' || /^(id|page|count|size|limit|no)$/.test(n) || /Id$/.test(name)) return '1';
  return '语料测试内容';
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  minLength?: number;
  format?: string;
  default?: unknown;
}

function jsonSchemaOf(s: unknown): JsonSchema | undefined {
  if (s instanceof z.ZodType) {
    try {
      return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    } catch {
      return undefined;
    }
  }
  return (s as JsonSchema | undefined) ?? undefined;
}

/** A valid-looking value for a schema, and the dotted paths of its string leaves. */
function sample(schema: JsonSchema, name: string, path: string, strings: string[], agency: string, depth = 0, numbers?: string[]): unknown {
  if (depth > 6) return null;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0]!, name, path, strings, agency, depth + 1, numbers);
  if (schema.allOf?.length) return sample(Object.assign({}, ...schema.allOf), name, path, strings, agency, depth + 1, numbers);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = sample(v, k, path ? `${path}.${k}` : k, strings, agency, depth + 1, numbers);
    return out;
  }
  if (type === 'array') return schema.items ? [sample(schema.items, name, `${path}.0`, strings, agency, depth + 1, numbers)] : [];
  if (type === 'integer' || type === 'number') {
    numbers?.push(path);
    return schema.minimum !== undefined && schema.minimum > 1 ? schema.minimum : 1;
  }
  if (type === 'boolean') return false;
  strings.push(path);
  if (schema.format === 'date') return '2026-03-02';
  if (schema.format === 'email') return 'corpus@example.com';
  if (/^agency$|agencySlug/i.test(name)) return agency;
  const v = guess(name);
  return schema.minLength && v.length < schema.minLength ? v.repeat(schema.minLength) : v;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  const parts = path.split('.');
  let cur: Record<string, unknown> = copy;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ?? (cur[p] = {})) as Record<string, unknown>;
  cur[parts.at(-1)!] = value;
  return copy;
}

// ---------------------------------------------------------------- targets

export interface Setup {
  clients: Map<Who, Client>;
  actors: Map<Who, Actor | null>;
  userIds: Set<number>;
  relogin(who: Who): Promise<Client>;
}

/** Signs in the staff with a known strong password (the demo's is on the common list). */
export async function signInPeople(t: TestApp): Promise<Setup> {
  const clients = new Map<Who, Client>();
  const actors = new Map<Who, Actor | null>([['anonymous', null]]);
  const userIds = new Set<number>();
  const anon = t.anonymous();
  await anon.get('/office/login');
  clients.set('anonymous', anon);
  const relogin = async (who: Who) => {
    if (who === 'anonymous') return anon;
    // A fuzzed case may have changed the password, locked or disabled nothing else: reset and sign in again.
    await cliSetPassword(t.db, who, CORPUS_PASSWORD, {});
    const c = await t.login(who, CORPUS_PASSWORD);
    clients.set(who, c);
    return c;
  };
  for (const who of STAFF) {
    await relogin(who);
    const user = (await findUserByUsername(t.db, who))!;
    userIds.add(user.id);
    actors.set(who, await actorForUser(t.db, user, 'session'));
  }
  return { clients, actors, userIds, relogin };
}

function personFor(route: RouteInfo, actors: Map<Who, Actor | null>): Who {
  const access = route.access;
  if (access === 'public' || access === undefined) return 'anonymous';
  if (access === 'authenticated') return STAFF[0];
  return STAFF.find((w) => isPermission(access) && can(actors.get(w) ?? null, access)) ?? 'demo-admin';
}

function defaultParam(name: string, agency: string): string {
  if (/agency/i.test(name)) return agency;
  if (/year/i.test(name)) return '2025';
  if (/code/i.test(name)) return 'ABCD1234';
  if (name === 'file') return 'app.css';
  return '1';
}

export async function targetsOf(t: TestApp, setup: Setup, d: Discovery): Promise<Target[]> {
  const agency = (await t.db.selectFrom('agencies').select('slug').orderBy('id').executeTakeFirstOrThrow()).slug;
  const out: Target[] = [];
  for (const route of t.app.routeTable) {
    const key = keyOf(route);
    if (route.method === 'OPTIONS' || LEAVE_OUT.has(key)) continue;
    const who = personFor(route, setup.actors);
    const p = compile(route);
    // A concrete path: one the crawl saw for this route (or for the same pattern under
    // another method), avoiding the corpus's own accounts so it does not lock itself out.
    const seen = [...(d.paths.get(key) ?? []), ...[...d.paths.entries()].filter(([k]) => k.endsWith(` ${route.url}`)).flatMap(([, v]) => v)];
    const own = (path: string) => /\/users\/(\d+)/.test(path) && setup.userIds.has(Number(/\/users\/(\d+)/.exec(path)![1]));
    const path =
      seen.find((s) => !own(s)) ??
      route.url.replace(/:([A-Za-z_]+)/g, (_, n: string) => defaultParam(n, agency)).replace('*', 'zfxxgkzn');
    const query: Field[] = [];
    const qs = jsonSchemaOf(route.doc?.query);
    for (const [name, s] of Object.entries(qs?.properties ?? {})) {
      const strings: string[] = [];
      const v = sample(s, name, name, strings, agency);
      query.push({ name, value: typeof v === 'string' ? v : String(v ?? ''), kind: 'text' });
    }
    for (const [name, value] of d.queries.get(key) ?? []) if (!query.some((f) => f.name === name)) query.push({ name, value, kind: 'text' });
    const form = d.forms.get(key);
    if (route.method === 'GET' && form) for (const f of form.fields) if (!query.some((q) => q.name === f.name)) query.push(f);
    const target: Target = { route, key, who, path: route.url.includes(':') || route.url.includes('*') ? path : route.url, params: p.names, query };
    const body = jsonSchemaOf(route.doc?.body);
    if (route.method !== 'GET' && body) {
      const strings: string[] = [];
      const numbers: string[] = [];
      const base = sample(body, '', '', strings, agency, 0, numbers);
      target.json = { base: base && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : {}, strings, numbers };
    } else if (route.method !== 'GET' && form) {
      target.form = { fields: form.fields.map((f) => (f.kind === 'text' && f.value === '' ? { ...f, value: guess(f.name) } : f)), multipart: form.multipart };
    }
    out.push(target);
  }
  return out;
}

// ---------------------------------------------------------------- cases

const GENERIC_BODY = ['title', 'name', 'q'];
const GENERIC_QUERY = ['q', 'page', 'back'];

const short = (s: string) => {
  const j = JSON.stringify(s);
  return j.length > 90 ? `${j.slice(0, 60)}…(${s.length} chars)` : j;
};

function urlWithQuery(path: string, fields: [string, string][]): string {
  if (!fields.length) return path;
  return `${path}?${new URLSearchParams(fields).toString()}`;
}

const isApiPath = (url: string) => url.startsWith('/api/');

/** Every case for one target, in a fixed order. */
export function casesOf(target: Target): Case[] {
  const out: Case[] = [];
  const { route, key, who } = target;
  const m = route.method;
  let n = 0;
  const add = (category: Category, summary: string, make: Case['make']) => out.push({ id: `${key}#${category}-${++n}`, category, route: key, who, summary, make });
  const api = isApiPath(route.url);
  const jsonHeaders = (csrf: string): Record<string, string> => (csrf && api ? { 'x-csrf-token': csrf } : {});

  // Text payloads by category.
  const textSets: [Category, readonly string[]][] = [
    ['xss', XSS],
    ['sql', SQL],
    ['encoding', ENCODING],
    ['traversal', TRAVERSAL],
    ['polyglot', POLYGLOT_TEXT],
  ];

  const baseQuery = (): [string, string][] => target.query.filter((f) => f.kind !== 'file').map((f) => [f.name, f.value]);
  const queryFields = [...new Set([...target.query.filter((f) => f.kind !== 'file').map((f) => f.name), ...GENERIC_QUERY])];

  // 1. Query fields (every method: a query string is read by GET routes and ignored or not by others).
  if (m === 'GET' || m === 'DELETE') {
    for (const [category, list] of textSets)
      for (const field of queryFields)
        for (const payload of list)
          add(category, `query ${field}=${short(payload)}`, () => ({
            method: m,
            url: urlWithQuery(target.path, [...baseQuery().filter(([k]) => k !== field), [field, payload]]),
            headers: {},
          }));
  }

  // 2. Body fields.
  if (m !== 'GET') {
    if (target.json) {
      const { base, strings } = target.json;
      const fields = [...new Set([...strings, ...GENERIC_BODY])];
      for (const [category, list] of textSets)
        for (const field of fields)
          for (const payload of list)
            add(category, `json ${field}=${short(payload)}`, (csrf) => ({
              method: m,
              url: target.path,
              headers: { 'content-type': 'application/json', ...jsonHeaders(csrf) },
              payload: JSON.stringify(setPath(base, field, payload)),
            }));
    } else if (!target.form?.multipart) {
      const fields = target.form?.fields.filter((f) => f.kind !== 'file') ?? [];
      const names = [...new Set([...fields.filter((f) => f.name !== '_csrf').map((f) => f.name), ...GENERIC_BODY])];
      const base = (csrf: string) => fields.map((f): [string, string] => [f.name, f.name === '_csrf' ? csrf : f.value]);
      for (const [category, list] of textSets)
        for (const field of names)
          for (const payload of list)
            add(category, `form ${field}=${short(payload)}`, (csrf) => {
              const body = new URLSearchParams([...base(csrf).filter(([k]) => k !== field), [field, payload]]);
              if (!body.has('_csrf')) body.append('_csrf', csrf);
              return { method: m, url: target.path, headers: { 'content-type': 'application/x-www-form-urlencoded', ...jsonHeaders(csrf) }, payload: body.toString() };
            });
    }
  }

  // 2b. Numbers past every column's range, and values of the wrong type, in the body's number fields.
  if (m !== 'GET' && target.json) {
    const { base, numbers } = target.json;
    const odd: [Category, unknown][] = [
      ['oversized', -9007199254740991], ['oversized', 2147483648], ['oversized', 1e308], ['oversized', -1], ['oversized', 0], ['oversized', 1.5],
      ['encoding', '1'], ['encoding', null], ['encoding', true], ['encoding', []], ['encoding', {}], ['encoding', '１'],
    ];
    for (const field of numbers)
      for (const [category, v] of odd)
        add(category, `json ${field}=${JSON.stringify(v)}`, (csrf) => ({
          method: m,
          url: target.path,
          headers: { 'content-type': 'application/json', ...jsonHeaders(csrf) },
          payload: JSON.stringify(setPath(base, field, v)),
        }));
  }
  for (const field of target.query.map((f) => f.name))
    for (const v of ['9007199254740991', '-2147483649', '1e308', '0x10', '-0'])
      add('oversized', `query ${field}=${v}`, () => ({ method: m, url: urlWithQuery(target.path, [...baseQuery().filter(([k]) => k !== field), [field, v]]), headers: {} }));

  // 3. Path parameters: traversal and encodings in ids, slugs and codes.
  if (target.params.length) {
    const pattern = compile(route);
    const match = pattern.re.exec(target.path);
    for (const [i, name] of target.params.entries()) {
      const vals: [Category, string][] = [
        ...TRAVERSAL.map((v): [Category, string] => ['traversal', v]),
        ...['%', '%zz', '%E0%80%AF', '%C0%AE%C0%AE', '%ED%A0%80', '%FF%FE', '%00', '%u002e', '%2F'].map((v): [Category, string] => ['encoding', v]),
        ...['-1', '0', '1.5', '1e5', '99999999999999999999', "1'", '1 OR 1=1', 'NaN'].map((v): [Category, string] => ['sql', v]),
        ['xss', `<script>${'window.__gkxss=1'}</script>`],
        ['oversized', 'a'.repeat(5000)],
      ];
      for (const [category, v] of vals) {
        add(category, `path :${name}=${short(v)}`, (csrf) => {
          let k = 0;
          const url = route.url.replace(/:([A-Za-z_]+)|\*/g, () => {
            const j = k++;
            if (j === i) return /^%|^[-0-9a-zA-Z.]+$/.test(v) ? v : encodeURIComponent(v).replace(/%25(?=[0-9A-Fa-f]{2})/g, '%');
            return match?.[j + 1] ?? '1';
          });
          return m === 'GET'
            ? { method: m, url, headers: {} }
            : { method: m, url, headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) }, payload: JSON.stringify({ _csrf: csrf }) };
        });
      }
    }
  }

  // 4. Raw encodings: bytes no string can carry.
  const rawQueries = ['q=%', 'q=%zz', 'q=%E0%80%AF', 'q=%C0%AE%C0%AE%2F', 'q=%ED%A0%80', 'q=%FF%FE', '%=x', 'q=a&q=b&q[]=c', 'q[a][b]=1', '__proto__[x]=1'];
  for (const q of rawQueries) add('encoding', `raw query ?${q}`, () => ({ method: m, url: `${target.path}?${q}`, headers: {} }));
  if (m !== 'GET') {
    const raw: [string, string, Buffer][] = [
      ['form invalid percent', 'application/x-www-form-urlencoded', Buffer.from('title=%zz&q=%&name=%E0%80%AF')],
      ['form overlong UTF-8 bytes', 'application/x-www-form-urlencoded', Buffer.concat([Buffer.from('title='), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xff])])],
      ['json invalid UTF-8', 'application/json', Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff]), Buffer.from('"}')])],
      ['json lone surrogate escape', 'application/json', Buffer.from('{"title":"\\ud800","name":"\\udfff\\ud800","q":"a\\u0000"}')],
      ['json with BOM', 'application/json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"title":"a"}')])],
      ['json truncated', 'application/json', Buffer.from('{"title":')],
      ['json duplicate keys', 'application/json', Buffer.from('{"title":"a","title":{"x":1}}')],
      ['json prototype keys', 'application/json', Buffer.from('{"__proto__":{"platformAdmin":true},"constructor":{"prototype":{"x":1}}}')],
      ['json not an object', 'application/json', Buffer.from('"a"')],
      ['json array', 'application/json', Buffer.from('[1,2,3]')],
      ['json null', 'application/json', Buffer.from('null')],
      ['json huge number', 'application/json', Buffer.from('{"title":1e999999,"id":-1e400}')],
      ['json as UTF-16', 'application/json; charset=utf-16', Buffer.from('{"title":"a"}', 'utf16le')],
      ['text/plain body', 'text/plain', Buffer.from('title=a')],
      ['unknown content type', 'application/x-gk', Buffer.from('x')],
      ['xml body', 'application/xml', Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')],
    ];
    for (const [label, ct, bytes] of raw)
      add('encoding', `raw body: ${label}`, (csrf) => ({ method: m, url: target.path, headers: { 'content-type': ct, ...(csrf ? { 'x-csrf-token': csrf } : {}) }, payload: bytes }));
  }

  // 5. Oversized input.
  const big = (n: number) => '长'.repeat(n);
  add('oversized', 'query: 36,000-character value', () => ({ method: m, url: `${target.path}?q=${encodeURIComponent(big(4_000))}`, headers: {} }));
  add('oversized', 'query: 2,000 parameters', () => ({ method: m, url: `${target.path}?${Array.from({ length: 2000 }, (_, i) => `p${i}=${i}`).join('&')}`, headers: {} }));
  add('oversized', 'query: nested brackets 2,000 deep', () => ({ method: m, url: `${target.path}?q${'[a]'.repeat(2000)}=1`, headers: {} }));
  add('oversized', 'path: 100,000-character segment', () => ({ method: m, url: `${target.path}/${'a'.repeat(100_000)}`, headers: {} }));
  if (m !== 'GET') {
    const field = target.json?.strings[0] ?? target.form?.fields.find((f) => f.kind === 'text')?.name ?? 'title';
    const formOf = (csrf: string, extra: [string, string][]) => {
      const b = new URLSearchParams((target.form?.fields ?? []).filter((f) => f.kind !== 'file').map((f): [string, string] => [f.name, f.name === '_csrf' ? csrf : f.value]));
      for (const [k, v] of extra) b.set(k, v);
      if (!b.has('_csrf')) b.set('_csrf', csrf);
      return b.toString();
    };
    const sized = (label: string, value: () => string) =>
      add('oversized', `${label} in ${field}`, (csrf) =>
        target.json
          ? { method: m, url: target.path, headers: { 'content-type': 'application/json', ...jsonHeaders(csrf) }, payload: JSON.stringify(setPath(target.json.base, field, value())) }
          : { method: m, url: target.path, headers: { 'content-type': 'application/x-www-form-urlencoded', ...jsonHeaders(csrf) }, payload: formOf(csrf, [[field, value()]]) },
      );
    sized('10,000 characters', () => big(10_000));
    sized('300,000 characters (about 1 MB as UTF-8)', () => big(300_000));
    sized('2,100,000 characters', () => 'a'.repeat(2_100_000));
    sized('60,000 nested <div>s', () => '<div>'.repeat(60_000));
    sized('one 200,000-character word', () => 'a'.repeat(200_000));
    add('oversized', 'form: 20,000 fields', (csrf) => ({
      method: m,
      url: target.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...jsonHeaders(csrf) },
      payload: `_csrf=${encodeURIComponent(csrf)}&${Array.from({ length: 20_000 }, (_, i) => `f${i}=${i}`).join('&')}`,
    }));
    add('oversized', 'json: nesting 100,000 deep', (csrf) => ({ method: m, url: target.path, headers: { 'content-type': 'application/json', ...jsonHeaders(csrf) }, payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }));
    add('oversized', 'json: objects nested 3,000 deep in a field', (csrf) => {
      let v: unknown = 'x';
      for (let i = 0; i < 3000; i++) v = { a: v };
      return { method: m, url: target.path, headers: { 'content-type': 'application/json', ...jsonHeaders(csrf) }, payload: JSON.stringify(target.json ? setPath(target.json.base, field, v) : { [field]: v }) };
    });
    add('oversized', 'json: an array of 100,000 items in a field', (csrf) => ({
      method: m,
      url: target.path,
      headers: { 'content-type': 'application/json', ...jsonHeaders(csrf) },
      payload: JSON.stringify(target.json ? setPath(target.json.base, field, Array.from({ length: 100_000 }, (_, i) => i)) : { [field]: Array.from({ length: 100_000 }, (_, i) => i) }),
    }));
    add('oversized', 'json: 10,000 keys', (csrf) => ({
      method: m,
      url: target.path,
      headers: { 'content-type': 'application/json', ...jsonHeaders(csrf) },
      payload: JSON.stringify({ ...(target.json?.base ?? {}), ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) }),
    }));
  }

  // 6. Uploads and multipart: to every route that takes a body (the ones that read files process them).
  if (m !== 'GET') {
    const fileField = target.form?.fields.find((f) => f.kind === 'file')?.name ?? 'file';
    const upload = (category: Category, file: HostileFile) =>
      add(category, `upload ${file.label} as ${short(file.filename)}`, (csrf) => {
        const boundary = `gkCorpus${n}`;
        const texts = (target.form?.fields ?? []).filter((f) => f.kind !== 'file' && f.name !== '_csrf');
        const parts = [
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
          ...texts.map((f) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"\r\n\r\n${f.value}\r\n`)),
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${file.filename.replace(/"/g, '%22').replace(/\r|\n/g, ' ')}"\r\nContent-Type: ${file.contentType}\r\n\r\n`),
          file.bytes(),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ];
        return { method: m, url: target.path, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) }, payload: Buffer.concat(parts) };
      });
    for (const f of ZIP_BOMBS) upload('zipbomb', f);
    for (const f of POLYGLOT_FILES) upload('polyglot', f);
    for (const name of HOSTILE_FILENAMES) upload('traversal', { label: 'a PDF', filename: name, contentType: 'application/pdf', bytes: () => PDF });
    for (const shape of MULTIPART)
      add('multipart', `multipart: ${shape.label}`, (csrf) => {
        const { contentType, body } = shape.build(csrf);
        return { method: m, url: target.path, headers: { 'content-type': contentType, ...(csrf ? { 'x-csrf-token': csrf } : {}) }, payload: body };
      });
  }
  return out;
}

/**
 * A seeded, stratified subset: every (route, category) pair once in a shuffled order,
 * then again, until `size` cases are chosen. The same seed and routes, the same cases.
 */
export function select(all: Case[], size: number, seed: number, categories: readonly Category[] = CATEGORIES): Case[] {
  const random = rng(seed);
  const groups = new Map<string, Case[]>();
  for (const c of all) if (categories.includes(c.category)) (groups.get(`${c.route}|${c.category}`) ?? groups.set(`${c.route}|${c.category}`, []).get(`${c.route}|${c.category}`)!).push(c);
  const queues = shuffle([...groups.values()].map((g) => shuffle([...g], random)), random);
  const out: Case[] = [];
  while (out.length < size && queues.some((q) => q.length)) for (const q of queues) if (q.length && out.length < size) out.push(q.shift()!);
  return out;
}

// ---------------------------------------------------------------- running

export interface Failure {
  case: Case;
  status: number | 'threw' | 'hung';
  detail: string;
}

export interface Report {
  run: number;
  generated: number;
  routes: number;
  failures: Failure[];
  byCategory: Map<Category, number>;
  /** Milliseconds spent per category. */
  msByCategory: Map<Category, number>;
  byRoute: Map<string, Record<string, number>>;
  /** Tracking codes handed out to applications the corpus filed, for the stored-XSS pages. */
  trackingCodes: string[];
  seconds: number;
  discovery: Discovery;
  /** The people the corpus signed in (the browser check reuses their sessions). */
  setup: Setup;
}

/** Routes whose cases go last: they may take a person's rights or rows away from later cases. */
const late = (route: string) => /delete|revoke|\/users|password|unlock|settings|\/hide|\/move|logout/.test(route);

export async function runCorpus(t: TestApp, opts: { size: number; seed?: number; categories?: readonly Category[]; log?: (line: string) => void }): Promise<Report> {
  const started = performance.now();
  const setup = await signInPeople(t);
  const discovery = await discover(t, setup.clients);
  const targets = await targetsOf(t, setup, discovery);
  const all = targets.flatMap(casesOf);
  const chosen = select(all, opts.size, opts.seed ?? 20261206, opts.categories);
  chosen.sort((a, b) => Number(late(a.route)) - Number(late(b.route)));

  // The app's error log is silent in tests; keep the last unhandled error to show with a 5xx.
  let lastError = '';
  const log = t.app.log as unknown as { error: (...a: unknown[]) => void; child: () => unknown };
  const capture = (o: unknown) => {
    const err = (o as { err?: Error })?.err ?? o;
    lastError = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack?.split('\n').slice(1, 4).join('\n')}` : String(err);
  };
  log.error = capture;

  const report: Report = { run: 0, generated: all.length, routes: targets.length, failures: [], byCategory: new Map(), msByCategory: new Map(), byRoute: new Map(), trackingCodes: [], seconds: 0, discovery, setup };
  let ip = 0;
  for (const c of chosen) {
    let client = setup.clients.get(c.who)!;
    const req = c.make(client.csrf);
    ip++;
    const headers: Record<string, string> = { ...req.headers };
    if (client.cookies.size) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // A different address per case: the rate limits guard the real doors, not this test.
    const options: InjectOptions = { method: req.method as InjectOptions['method'], url: req.url, headers, remoteAddress: `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}` };
    if (req.payload !== undefined) options.payload = req.payload;
    lastError = '';
    const t0 = performance.now();
    let res: LightMyRequestResponse | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      res = await Promise.race([
        t.app.inject(options),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('hung')), 60_000);
        }),
      ]);
    } catch (e) {
      report.failures.push({ case: c, status: (e as Error).message === 'hung' ? 'hung' : 'threw', detail: String(e) });
    } finally {
      clearTimeout(timer);
    }
    report.run++;
    report.msByCategory.set(c.category, (report.msByCategory.get(c.category) ?? 0) + performance.now() - t0);
    report.byCategory.set(c.category, (report.byCategory.get(c.category) ?? 0) + 1);
    const row = report.byRoute.get(c.route) ?? {};
    const cls = res ? `${Math.floor(res.statusCode / 100)}xx` : 'err';
    row[cls] = (row[cls] ?? 0) + 1;
    report.byRoute.set(c.route, row);
    if (!res) continue;
    if (res.statusCode >= 500) {
      report.failures.push({ case: c, status: res.statusCode, detail: lastError || res.body.slice(0, 200) });
      opts.log?.(`5xx ${res.statusCode} ${c.id} ${c.summary}\n   ${lastError}`);
    }
    const code = /"trackingCode":"([^"]+)"/.exec(res.body)?.[1];
    if (code) report.trackingCodes.push(code);
    // A case that signed the person out (a changed password, a revoked session): sign in again.
    if (c.who !== 'anonymous' && (res.statusCode === 401 || (res.statusCode === 303 && String(res.headers.location).startsWith('/office/login')))) {
      const check = await client.get('/office/account');
      if (check.statusCode !== 200) client = await setup.relogin(c.who);
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

export function describeReport(r: Report, engine: string): string {
  const lines = [
    `bad-input corpus (${engine}): ${r.run} cases run of ${r.generated} generated, ${r.routes} routes, ${r.discovery.pages} pages crawled, ${r.failures.length} failures, ${r.seconds.toFixed(1)} s`,
    `  per category: ${[...r.byCategory].map(([k, v]) => `${k} ${v} (${((r.msByCategory.get(k) ?? 0) / 1000).toFixed(1)} s)`).join(', ')}`,
    '  per route (cases: status classes):',
    ...[...r.byRoute].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `    ${k}: ${Object.values(v).reduce((a, b) => a + b, 0)} (${Object.entries(v).map(([c, n]) => `${c} ${n}`).join(', ')})`),
  ];
  return lines.join('\n');
}

export const describeFailure = (f: Failure) => `${f.status} ${f.case.route} [${f.case.id}] ${f.case.who}: ${f.case.summary}\n    ${f.detail.split('\n').join('\n    ')}`;
