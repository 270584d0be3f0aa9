/**
 * Argument handling shared by the `gongkai` commands: a wrong argument is a UsageError,
 * which the entry point prints as one line and the command's usage (exit code 2),
 * never as a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A command line that cannot be run as given; `usage` is the text to show with it. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The one error line and the usage, as printed on standard error. */
export function formatUsageError(e: UsageError): string {
  return `错误：${e.message}\n\n${e.usage}`;
}

/** True when `--help` or `-h` comes before any `--` (after which arguments are taken literally). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

// node:util's messages, in the language of the rest of the command line.
function explain(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const option = /'(-[^' ]+)/.exec(err.message ?? '')?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `未知选项“${option}”`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(err.message ?? '') ? `选项 ${option} 不带值` : `选项 ${option} 需要一个值`;
    default:
      return err.message ?? String(e);
  }
}

/**
 * Parses a command's arguments strictly: an unknown option, an option without its
 * value, or more than `maxPositionals` other arguments is a UsageError.
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(args: string[], options: O, usage: string, maxPositionals = Infinity) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(explain(e), usage);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`多余的参数“${parsed.positionals.slice(maxPositionals).join(' ')}”`, usage);
  }
  return parsed;
}
