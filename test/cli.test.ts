import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '..');

interface Run { args: string[]; code: number | null; stdout: string; stderr: string }

/** Runs `gongkai …` as a child process, as an operator would. */
function gongkai(env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ args, code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** Runs many command lines, a few at a time (each is a Node process loading tsx). */
async function runAll(env: NodeJS.ProcessEnv, lines: string[][]): Promise<Run[]> {
  const out: Run[] = new Array(lines.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < lines.length) {
        const i = next++;
        out[i] = await gongkai(env, lines[i]!);
      }
    }),
  );
  return out;
}

const COMMANDS = ['start', 'serve', 'migrate', 'demo', 'user', 'token', 'import', 'requests', 'search', 'calendar', 'audit', 'help'];
const SUBCOMMAND_HELP = [
  ['user', 'create', '--help'],
  ['requests', 'help'],
  ['calendar', 'show', '-h'],
  // --help wins over anything else on the line, even an option the command does not know.
  ['import', '--agency', 'fgj', '--bogus', '--help'],
];

/** Wrong command lines, with the one error line each must produce. */
const BAD: Array<[string[], RegExp]> = [
  [['nosuch'], /^错误：未知命令“nosuch”$/],
  [['help', 'nosuch'], /^错误：未知命令“nosuch”$/],
  [['import'], /^错误：请用 --agency 指定机关$/],
  [['import', '--bogus', 'x'], /^错误：未知选项“--bogus”$/],
  [['import', '--agency', 'fgj', '--publish=yes', 'a.html'], /^错误：选项 --publish 不带值$/],
  [['requests'], /^错误：缺少子命令/],
  [['requests', 'frob'], /^错误：未知的子命令“frob”$/],
  [['search'], /^错误：缺少子命令（reindex）$/],
  [['calendar', 'show', 'next'], /^错误：年份应为四位数字，而不是“next”$/],
  [['calendar', 'show', '2026', '--version', 'x'], /^错误：版本号应为正整数，而不是“x”$/],
  [['calendar', 'show', '--note', 'x'], /^错误：未知选项“--note”$/],
  [['token', 'create'], /^错误：请用 --user 指定用户$/],
  [['user', 'passwd', 'a', '--platform-admin'], /^错误：未知选项“--platform-admin”$/],
  [['migrate', 'now'], /^错误：多余的参数“now”$/],
];

describe('gongkai command line: help and wrong arguments', () => {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  const dbFile = () => path.join(dir, 'cli.db');

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-help-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${dbFile()}`, DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the usage of every command for --help, -h and help COMMAND, and exits 0', async () => {
    const lines = [...COMMANDS.map((c) => [c, '--help']), ...['import', 'calendar', 'help'].map((c) => ['help', c]), ['import', '-h'], ['requests', '-h']];
    const runs = await runAll(env, [['--help'], ['help'], ...lines, ...SUBCOMMAND_HELP]);
    for (const r of runs) {
      const line = `gongkai ${r.args.join(' ')}`;
      assert.equal(r.code, 0, `${line}: ${r.stderr}`);
      assert.equal(r.stderr, '', line);
      assert.match(r.stdout, /用法：/, line);
    }
    const usageOf = (c: string) => runs.find((r) => r.args.join(' ') === `${c} --help`)!.stdout;
    for (const c of ['import', 'calendar', 'help']) assert.equal(runs.find((r) => r.args.join(' ') === `help ${c}`)!.stdout, usageOf(c), `help ${c} is ${c} --help`);
    for (const c of COMMANDS) assert.match(usageOf(c), new RegExp(`gongkai ${c}\\b`), `${c} --help shows how to call it`);
    assert.match(usageOf('import'), /--agency/);
    assert.match(usageOf('calendar'), /calendar show \[YEAR\]/);
    // The overview names every command and how to get its usage.
    const overview = runs[0]!.stdout;
    for (const c of COMMANDS.filter((c) => c !== 'help')) assert.match(overview, new RegExp(`^  ${c}\\b`, 'm'), c);
    assert.match(overview, /gongkai help 命令/);
    assert.equal(fs.existsSync(dbFile()), false, 'help opens no database');
  });

  it('answers a wrong command line with one error line and the usage on stderr, exit code 2, and no stack trace', async () => {
    const runs = await runAll(env, BAD.map(([args]) => args));
    for (const [i, r] of runs.entries()) {
      const line = `gongkai ${r.args.join(' ')}`;
      assert.equal(r.code, 2, `${line}: ${r.stderr}`);
      assert.equal(r.stdout, '', line);
      const [first, blank, ...usage] = r.stderr.split('\n');
      assert.match(first!, BAD[i]![1], line);
      assert.equal(blank, '', `${line}: one error line, then the usage`);
      assert.match(usage.join('\n'), /用法：/, line);
      assert.doesNotMatch(r.stderr, /^\s+at |Error:|node:internal/m, `${line}: no stack trace`);
    }
    assert.equal(fs.existsSync(dbFile()), false, 'arguments are checked before the database is opened');
  });

  it('reports a failure while running in one line, exit code 1, without a stack trace', async () => {
    const [token] = await runAll(env, [['token', 'create', '--user', 'nobody']]);
    assert.equal(token!.code, 1, token!.stderr);
    assert.equal(token!.stderr.trim().split('\n').length, 1, token!.stderr);
    assert.match(token!.stderr, /^错误：/);
    assert.doesNotMatch(token!.stderr, /^\s+at /m);
  });
});
