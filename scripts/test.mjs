// Runs every test with Node's own runner (through tsx), on every database engine
// this machine offers: SQLite always, PostgreSQL when PGHOST or TEST_DATABASE_URL
// points at a server (pg_virtualenv sets PGHOST). Browser tests run when Debian's
// Chromium is installed. Prints which engines and suites ran, before and after.
//
// Then a second pass runs the tests again (SQLite, no browser) with the process
// clock moved years ahead (scripts/shift-clock.mjs): a suite whose outcome depends
// on the day it runs fails now, not next year. `--no-shift` skips that pass;
// `--shift-only` runs only it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const root = path.resolve(import.meta.dirname, '..');

function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(p).isDirectory()) find(p, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path.relative(root, p));
  }
  return out;
}

const postgres = !!(process.env.TEST_DATABASE_URL || process.env.PGHOST);
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const browser = !args.has('--no-browser') && existsSync(chromium);
const only = [...args].filter((a) => !a.startsWith('--'));
let files = only.length ? only : [...find(path.join(root, 'src')), ...find(path.join(root, 'test'))];
if (!browser) files = files.filter((f) => !f.includes(`${path.sep}e2e${path.sep}`));
files.sort();

const engines = postgres ? 'sqlite, postgres' : 'sqlite (PostgreSQL not available: set PGHOST or TEST_DATABASE_URL, or run .ci/run)';
const banner = `Database engines: ${engines}\nBrowser tests: ${browser ? `yes (${chromium})` : 'skipped (Chromium not installed)'}\nTest files: ${files.length}`;
console.log(banner);

const env = {
  ...process.env,
  // Legal dates are China dates whatever the server's zone: run tests far from it.
  TZ: 'America/Los_Angeles',
  NODE_ENV: 'test',
  GONGKAI_TEST_ENGINES: postgres ? 'sqlite,postgres' : 'sqlite',
  GONGKAI_TEST_BROWSER: browser ? chromium : '',
};
const run = (list, concurrency, runEnv = env) =>
  list.length === 0
    ? 0
    : (spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...list], { cwd: root, stdio: 'inherit', env: runEnv }).status ?? 1);

// Browser journeys run one at a time after the rest: each drives a real Chromium, and
// two at once on a 2-core machine only measure the machine.
const e2e = files.filter((f) => f.includes(`${path.sep}e2e${path.sep}`));
const rest = files.filter((f) => !e2e.includes(f));
const shiftOnly = args.has('--shift-only');
const status = shiftOnly ? 0 : Math.max(run(rest, 2), run(e2e, 1));

// About seven and a quarter years: lands in another month, weekday and leap cycle.
const SHIFT_DAYS = 2650;
let shiftStatus = 0;
if (!args.has('--no-shift')) {
  console.log(`\nSecond pass: the same tests (SQLite, no browser) with the clock moved ${SHIFT_DAYS} days ahead`);
  const shiftedEnv = {
    ...env,
    GONGKAI_TEST_ENGINES: 'sqlite',
    GONGKAI_TEST_CLOCK_SHIFT_DAYS: String(SHIFT_DAYS),
    // NODE_OPTIONS reaches every Node process the tests start (the CLI tests' too).
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${path.join(root, 'scripts', 'shift-clock.mjs')}`.trim(),
  };
  shiftStatus = run(rest, 2, shiftedEnv);
}
console.log(`\n${banner}`);
if (!args.has('--no-shift')) console.log(`Second pass, clock ${SHIFT_DAYS} days ahead: ${shiftStatus === 0 ? 'passed' : 'FAILED'}`);
process.exit(Math.max(status, shiftStatus));
