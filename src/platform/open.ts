/**
 * The composition root's one door to the database: opens a handle and gives it
 * the platform runtime (clock, feature registry, change listeners, mailer), so that every
 * entry point (server, CLI, tests, benchmarks) runs the same wiring.
 */
import { DEFAULT_MAIL_FROM, DEV_AUDIT_KEY } from '../config.js';
import { openDatabase, type Db, type OpenOptions } from '../db/database.js';
import { hasRuntime, runtimeOf, withRuntime } from '../db/runtime.js';
import { FEATURES } from '../features/index.js';
import { Keyring } from '../lib/personal-data/keyring.js';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { pageCacheListener } from '../web/page-cache.js';
import { createRegistry, type Feature, type Registry } from './feature.js';
import { createMailer, type Mailer } from './mailer.js';

export interface PlatformOptions {
  /** "Now" for everything done through the handle; the system clock by default. */
  clock?: Clock;
  /** The features; the registry's list by default (a test may add its own). */
  features?: readonly Feature[];
  /** SMTP server for outgoing mail (SMTP_URL); without one, letters stay in the outbox. */
  smtpUrl?: string | null | undefined;
  /** Sender of every letter (MAIL_FROM); the configuration's default if not given. */
  mailFrom?: string | undefined;
  /** A ready mailer instead of one built from `smtpUrl` (a test's stand-in). */
  mailer?: Mailer;
  /** The audit chain's key (AUDIT_KEY); the development key if not given. */
  auditKey?: string | undefined;
  /** Keys for personal data at rest (DATA_KEY…); the development key if not given. */
  keyring?: Keyring | undefined;
}

export const defaultFeatures = (): readonly Feature[] => FEATURES;

/** Gives `db` the platform runtime (a new handle on the same connections). */
export function attachPlatform(db: Db, options: PlatformOptions = {}): Db {
  const registry: Registry = createRegistry(options.features ?? FEATURES);
  return withRuntime(db, {
    clock: options.clock ?? systemClock,
    registry,
    listeners: [...registry.listeners, pageCacheListener],
    mailer: options.mailer ?? createMailer(options.smtpUrl, options.mailFrom ?? DEFAULT_MAIL_FROM),
    auditKey: options.auditKey ?? DEV_AUDIT_KEY,
    ...(options.keyring ? { keyring: options.keyring } : {}),
  });
}

/** `attachPlatform` unless the handle already has a runtime. */
export function ensurePlatform(db: Db): Db {
  return hasRuntime(db) ? db : attachPlatform(db);
}

export function openPlatformDatabase(url: string, options: PlatformOptions & OpenOptions = {}): Db {
  return attachPlatform(openDatabase(url, options), options);
}

export const registryOf = (db: Db): Registry => runtimeOf(db).registry;

/** The keyring the configuration names (DATA_KEY, DATA_KEY_OLD, DATA_CIPHER); throws when the cipher is unavailable. */
export function keyringFromConfig(config: Pick<Config, 'dataKey' | 'dataKeyOld' | 'dataCipher'>): Keyring {
  return new Keyring({ key: config.dataKey, oldKeys: config.dataKeyOld, cipher: config.dataCipher });
}
