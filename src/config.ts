import path from 'node:path';
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
  /** Trust X-Forwarded-* from a reverse proxy (needed for Secure cookies behind https). */
  trustProxy: boolean;
  /** Secret for signing cookies and CSRF tokens. */
  sessionSecret: string;
  /** Pino log level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Maximum upload size in bytes. */
  maxUploadBytes: number;
  /** Whether the fee-payment window pauses the request reply clock. */
  feePausesReplyClock: boolean;
}

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    message: '应为 true 或 false',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

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
  TRUST_PROXY: bool.default(false),
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (generate one with: openssl rand -hex 32)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_UPLOAD_MB: z.coerce.number({ message: 'must be a number' }).positive('must be positive').max(2048).default(50),
  FEE_PAUSES_REPLY_CLOCK: bool.default(true),
  NODE_ENV: z.string().optional(),
});

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
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(raw[String(i.path[0])] ?? null)})`),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET: required when NODE_ENV=production (generate one with: openssl rand -hex 32)']);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    trustProxy: e.TRUST_PROXY,
    // A development secret keeps `npm start` to one command; production refuses it above.
    sessionSecret: e.SESSION_SECRET ?? 'gongkai-development-secret-do-not-use-in-production',
    logLevel: e.LOG_LEVEL,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    feePausesReplyClock: e.FEE_PAUSES_REPLY_CLOCK,
  };
}
