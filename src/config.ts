import { isIP } from 'node:net';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * One typed configuration object read from the environment once at start.
 * Government deployments are set up by people who did not write the code, so a
 * bad value stops the process with a message naming the variable and the fix.
 */
export interface Config {
  /** `sqlite:PATH` (embedded default) or `postgres://…` (production). */
  databaseUrl: string;
  /** TCP port to listen on. */
  port: number;
  /** Interface to bind; 0.0.0.0 in containers, 127.0.0.1 behind a local proxy. */
  host: string;
  /** Public base URL used in QR codes, feeds, sitemaps and links in letters. */
  publicUrl: string;
  /** Folder for uploaded attachments (content-addressed). */
  dataDir: string;
  /**
   * Which X-Forwarded-* to believe (client address, https): false (none), a hop count
   * (the proxies in front), or the proxies' addresses/CIDR ranges. Never "any sender".
   */
  trustProxy: TrustProxy;
  /** Secret for signing cookies and CSRF tokens. */
  sessionSecret: string;
  /** Pino log level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Maximum upload size in bytes. */
  maxUploadBytes: number;
  /** SMTP server for outgoing mail; null: no mail leaves the platform, letters wait in the office's outbox. */
  smtpUrl: string | null;
  /** Sender of every letter, e.g. `政府信息公开平台 <noreply@gk.example.gov.cn>`. */
  mailFrom: string;
  /** Key of the audit log's HMAC chain (AUDIT_KEY); kept outside the database so that whoever can write the database cannot re-seal a rewritten log. */
  auditKey: string;
  /**
   * Key sealing personal data at rest (DATA_KEY, or the first line of DATA_KEY_FILE),
   * older keys still accepted for opening (DATA_KEY_OLD, comma-separated) and the cipher
   * (DATA_CIPHER: aes, or sm4 where OpenSSL has it). Outside the database, like AUDIT_KEY.
   */
  dataKey: string;
  dataKeyOld: string[];
  dataCipher: 'aes' | 'sm4';
  /** The variables left unset for which a fixed development value is used (a warning at start). */
  developmentSecrets: string[];
  /** NODE_ENV=production: no demo data, a real secret required. */
  production: boolean;
}

/** Used when SESSION_SECRET is not set outside production. */
export const DEV_SESSION_SECRET = 'gongkai-development-secret-do-not-use-in-production';
/**
 * Used when AUDIT_KEY is not set outside production: fixed, so a development database
 * keeps verifying across restarts; public, so it proves nothing.
 */
export const DEV_AUDIT_KEY = 'gongkai-development-audit-key-do-not-use-in-production';
/** Used when DATA_KEY is not set outside production: public, so it protects nothing (a warning at start). */
export const DEV_DATA_KEY = 'gongkai-development-data-key-do-not-use-in-production';

export type TrustProxy = false | number | string[];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(v: string): boolean {
  if (PROXY_NAMES.includes(v)) return true;
  const [address = '', prefix, ...extra] = v.split('/');
  const family = isIP(address);
  if (!family || extra.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: `false`, a hop count, or a comma-separated list of proxy addresses and
 * CIDR ranges. `true` is refused: it would take the client address from whatever
 * X-Forwarded-For the client sent, so anyone could walk round the login rate limit and
 * write a forged address into the audit log.
 */
const trustProxy = z
  .string()
  .transform((raw, ctx): TrustProxy => {
    const v = raw.trim().toLowerCase();
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    if (['true', 'yes', 'on'].includes(v)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'true would trust any X-Forwarded-For a client sends; give the number of proxies in front of the platform (usually 1) or their addresses, e.g. 127.0.0.1 or 10.0.0.0/8,::1',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops > 10) ctx.addIssue({ code: 'custom', message: 'a hop count must be 1–10' });
      return hops;
    }
    const list = v.split(',').map((x) => x.trim()).filter(Boolean);
    if (!list.length || !list.every(isProxyAddress)) {
      ctx.addIssue({ code: 'custom', message: 'must be false, a hop count (1 for one reverse proxy), or proxy addresses/CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8' });
      return z.NEVER;
    }
    return list;
  });

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    message: '应为 true 或 false',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** The sender when MAIL_FROM is not set. */
export const DEFAULT_MAIL_FROM = '"政府信息公开平台" <noreply@localhost>';

/** `name@host`, `名称 <name@host>` or `"名称" <name@host>`: one address, on one line. */
function isMailbox(v: string): boolean {
  if (/[\r\n]/.test(v)) return false;
  const m = /^(?:"[^"]*"\s*|[^"<>]*)<([^<>]*)>$|^([^<>]*)$/.exec(v.trim());
  const address = (m?.[1] ?? m?.[2] ?? '').trim();
  return /^[^\s@<>,;"]+@[^\s@<>,;".]+(\.[^\s@<>,;".]+)*$/.test(address);
}

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/gongkai.db')
    .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'must be sqlite:PATH or postgres://user:password@host:port/database',
    }),
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1–65535')
    .max(65535, 'must be 1–65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^https?:\/\/[^/]+/.test(v), {
      message: 'must start with http:// or https://, e.g. https://gk.example.gov.cn',
    }),
  DATA_DIR: z.string().min(1).default('./data'),
  TRUST_PROXY: trustProxy.default(false),
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (generate one with: openssl rand -hex 32)')
    .optional(),
  AUDIT_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (generate one with: openssl rand -hex 32)')
    .optional(),
  DATA_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (generate one with: openssl rand -hex 32)')
    .optional(),
  DATA_KEY_FILE: z.string().min(1).optional(),
  DATA_KEY_OLD: z.string().optional(),
  DATA_CIPHER: z.enum(['aes', 'sm4'], { message: 'must be aes (AES-256-GCM) or sm4 (SM4-CTR with HMAC-SM3)' }).default('aes'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_UPLOAD_MB: z.coerce.number({ message: 'must be a number' }).positive('must be positive').max(2048).default(50),
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || isSmtpUrl(v), {
      message: 'must be smtp://[user:password@]host[:port] or smtps://…, e.g. smtp://noreply:secret@smtp.example.gov.cn:587 (percent-encode @ or : in the user name or password)',
    }),
  MAIL_FROM: z
    .string()
    .default(DEFAULT_MAIL_FROM)
    .refine(isMailbox, {
      message: 'must be one address, optionally with a name, e.g. 政府信息公开平台 <noreply@gk.example.gov.cn>',
    }),
  NODE_ENV: z.string().optional(),
});

function isSmtpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** A value as an error message may repeat it: the password in a URL (SMTP_URL, DATABASE_URL) masked. */
function shown(value: unknown): string {
  return JSON.stringify(value ?? null).replace(/(\/\/[^/:@\s]*):\S*@/, '$1:***@');
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the environment; throws ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${shown(raw[String(i.path[0])])})`),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dataKey = e.DATA_KEY ?? (e.DATA_KEY_FILE ? readKeyFile(e.DATA_KEY_FILE) : undefined);
  const secrets = { SESSION_SECRET: e.SESSION_SECRET, AUDIT_KEY: e.AUDIT_KEY, DATA_KEY: dataKey };
  if (production) {
    const missing = (['SESSION_SECRET', 'AUDIT_KEY', 'DATA_KEY'] as const)
      .filter((k) => !secrets[k])
      .map((k) => `${k}: required when NODE_ENV=production (generate one with: openssl rand -hex 32${k === 'AUDIT_KEY' ? '; keep it outside the database and its backups, and never change it' : ''})`);
    if (missing.length) throw new ConfigError(missing);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    trustProxy: e.TRUST_PROXY,
    // Development values keep `npm start` to one command; production refuses them above,
    // and start prints a warning naming them (developmentSecrets).
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    auditKey: e.AUDIT_KEY ?? DEV_AUDIT_KEY,
    dataKey: dataKey ?? DEV_DATA_KEY,
    dataKeyOld: (e.DATA_KEY_OLD ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    dataCipher: e.DATA_CIPHER,
    developmentSecrets: (['SESSION_SECRET', 'AUDIT_KEY', 'DATA_KEY'] as const).filter((k) => !secrets[k]),
    logLevel: e.LOG_LEVEL,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM.trim(),
    production,
  };
}

/** DATA_KEY_FILE: the key on the file's first line (a mounted secret), at least 32 characters. */
function readKeyFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`DATA_KEY_FILE: cannot read ${file} (${(err as Error).message})`]);
  }
  const key = (text.split(/\r?\n/)[0] ?? '').trim();
  if (key.length < 32) throw new ConfigError([`DATA_KEY_FILE: the key on the first line of ${file} must be at least 32 characters (generate one with: openssl rand -hex 32)`]);
  return key;
}
