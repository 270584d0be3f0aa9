/**
 * The seams between features, checked on the source itself (docs/ARCHITECTURE.md,
 * "Seams"): a feature reads another only through its service or exported read
 * model, never its repository, table file or tables; and the folders depend on
 * each other without a loop, so each can be understood from the ones below it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '..', 'src');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const files = sources(root);

/** `features/<name>` for a feature file, `web`, `lib`, `db`, … for the rest; `root` for src/*.ts. */
function folderOf(file: string): string {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === 'features' && parts.length > 2) return `features/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : 'root';
}

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
  line: number;
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?(?:[^;]*?\s+from\s+)?'(\.[^']+)';/gms)) {
    const target = path.resolve(path.dirname(file), m[3]!).replace(/\.js$/, '');
    const resolved = ['.ts', '.tsx'].map((e) => target + e).find((p) => fs.existsSync(p)) ?? target;
    out.push({ from: file, to: resolved, typeOnly: !!m[2], line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

const edges = files.flatMap(importsOf);
const rel = (p: string) => path.relative(root, p);

/** The composition root: it wires every feature together and is allowed to. */
const COMPOSITION = new Set(['app.ts', 'cli.ts', 'server.ts', 'features/index.ts', 'platform/open.ts'].map((p) => path.join(root, p)));

/**
 * Known debt (empty since 2026-12-05): a cross-feature read landed under time pressure, to be moved behind the owning
 * feature's service: each entry is a file and the foreign table (or file) it reaches.
 * Only these exact pairs pass; any new one fails. Remove entries as they are fixed.
 */
const KNOWN_DEBT = new Set<string>([]);

describe('seams between features', () => {
  test('no feature imports another feature’s repository or table file', () => {
    const bad = edges.filter((e) => {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      return a.startsWith('features/') && b.startsWith('features/') && a !== b && /\.(repository|table)\.tsx?$/.test(e.to) && !KNOWN_DEBT.has(`${rel(e.from)} → ${rel(e.to)}`);
    });
    assert.deepEqual(bad.map((e) => `${rel(e.from)}:${e.line} → ${rel(e.to)}`), []);
  });

  test('no feature queries another feature’s tables', () => {
    const owner = new Map<string, string>();
    for (const f of files.filter((f) => f.endsWith('.table.ts'))) {
      const block = /export interface \w+Tables \{([\s\S]*?)\n\}/.exec(fs.readFileSync(f, 'utf8'));
      for (const m of block?.[1]?.matchAll(/^\s*(\w+):/gm) ?? []) owner.set(m[1]!, folderOf(f));
    }
    assert.ok(owner.size > 20, 'tables found');
    const bad: string[] = [];
    for (const f of files) {
      const mine = folderOf(f);
      if (!mine.startsWith('features/')) continue;
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\b(selectFrom|updateTable|insertInto|deleteFrom|innerJoin|leftJoin|rightJoin)\(\s*'(\w+)/g)) {
        const o = owner.get(m[2]!);
        if (o && o !== mine && !KNOWN_DEBT.has(`${rel(f)} ${m[2]}`)) bad.push(`${rel(f)}:${text.slice(0, m.index).split('\n').length} ${m[1]}('${m[2]}') of ${o}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  test('the folders depend on each other without a loop, except through the composition root', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.typeOnly || COMPOSITION.has(e.from) || KNOWN_DEBT.has(`${rel(e.from)} → ${rel(e.to)}`)) continue;
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(b);
    }
    // Depth-first search for a back edge; report the loop it closes.
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    let loop: string[] | null = null;
    const visit = (n: string) => {
      if (loop) return;
      state.set(n, 'open');
      stack.push(n);
      for (const m of graph.get(n) ?? []) {
        if (state.get(m) === 'open') loop = [...stack.slice(stack.indexOf(m)), m];
        else if (!state.has(m)) visit(m);
        if (loop) return;
      }
      stack.pop();
      state.set(n, 'done');
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n);
    assert.equal(loop && (loop as string[]).join(' → '), null);
    assert.ok(graph.get('features/catalog')?.has('features/publications'), 'the walk sees real edges');
  });

  test('the web layer knows no feature but the access model and Chinese text', () => {
    const bad = edges.filter((e) => !e.typeOnly && folderOf(e.from) === 'web' && /^features\/(?!access$|text$)/.test(folderOf(e.to)));
    assert.deepEqual(bad.map((e) => `${rel(e.from)}:${e.line} → ${rel(e.to)}`), []);
  });
});
