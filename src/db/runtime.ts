/**
 * What a database handle carries besides its connection: the platform's runtime.
 *
 * Every service already receives a handle (`db` or a transaction), so the handle
 * is where the composition root puts the things a use case needs from outside
 * itself: the clock ("now"), the listeners that hear about content changes (the
 * search index, the page cache), the feature registry (deadline sources, column
 * kinds, workflows) and the mailer (SMTP or the outbox). It travels as a Kysely
 * plugin that changes nothing in the queries; transactions inherit it from the
 * handle that opened them. Work that must wait for a transaction's commit
 * (`afterCommit`) is kept here too, beside the changes waiting to be announced.
 *
 * `withRuntime(db, …)` returns a second handle on the same connection pool with
 * other parts swapped in: the demo seeds through a handle whose clock reads the
 * demo's "today", a test through one whose clock is fixed.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Db, DbOrTrx } from './database.js';
import { systemClock, type Clock, todayBy, instantBy } from '../lib/clock.js';
import type { IsoDate } from '../lib/dates.js';
import type { Registry } from '../platform/feature.js';
import type { Mailer } from '../platform/mailer.js';
import { DEV_AUDIT_KEY, DEV_DATA_KEY } from '../config.js';
import { Keyring } from '../lib/personal-data/keyring.js';

/** A change the public or another feature may care about, announced by the feature that made it. */
export interface ContentChange {
  /** What changed, e.g. `publication`, `agency`, `column`, `settings`, `calendar`. */
  entity: string;
  id: number | string | null;
  agencyId: number | null;
  /** The use case, e.g. `publication.publish`. */
  action: string;
  /** Whether anything the public sees may have changed (portal pages, feeds, search). */
  public: boolean;
}

/**
 * A listener on content changes. `transaction` listeners run inside the transaction
 * that made the change, so what they write (a search index entry) lands with it or
 * not at all; `commit` listeners run once it has committed (a cache to drop).
 */
export type ChangeListener =
  | { phase: 'transaction'; name: string; handle(trx: DbOrTrx, change: ContentChange): Promise<void> }
  | { phase: 'commit'; name: string; handle(change: ContentChange): void };

export interface Runtime {
  clock: Clock;
  registry: Registry;
  listeners: readonly ChangeListener[];
  /** How letters leave the platform; only the mail feature uses it. */
  mailer: Mailer;
  /** HMAC key of the audit chain (AUDIT_KEY); only the audit feature uses it. */
  auditKey: string;
  /** Keys sealing personal data at rest (DATA_KEY); see src/lib/personal-data. */
  keyring: Keyring;
}

let devKeyring: Keyring | undefined;
/** The development keyring (DEV_DATA_KEY), made once. */
export const developmentKeyring = (): Keyring => (devKeyring ??= new Keyring({ key: DEV_DATA_KEY }));

class RuntimePlugin implements KyselyPlugin {
  constructor(readonly runtime: Runtime) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function pluginOf(db: DbOrTrx): RuntimePlugin | undefined {
  const plugins = db.getExecutor().plugins;
  for (let i = plugins.length - 1; i >= 0; i--) {
    const p = plugins[i];
    if (p instanceof RuntimePlugin) return p;
  }
  return undefined;
}

/** A handle on the same connections carrying `runtime` (parts not given are kept from `db`'s own). */
export function withRuntime(db: Db, parts: Partial<Runtime>): Db {
  const current = pluginOf(db)?.runtime;
  const registry = parts.registry ?? current?.registry;
  if (!registry) throw new Error('withRuntime: the first runtime needs a registry');
  const mailer = parts.mailer ?? current?.mailer;
  if (!mailer) throw new Error('withRuntime: the first runtime needs a mailer');
  const runtime: Runtime = {
    clock: parts.clock ?? current?.clock ?? systemClock,
    registry,
    listeners: parts.listeners ?? current?.listeners ?? [],
    mailer,
    auditKey: parts.auditKey ?? current?.auditKey ?? DEV_AUDIT_KEY,
    keyring: parts.keyring ?? current?.keyring ?? developmentKeyring(),
  };
  return db.withPlugin(new RuntimePlugin(runtime));
}

/** The same handle with another clock: "it is now this instant" for everything done through it. */
export function withClock(db: Db, clock: Clock): Db {
  return withRuntime(db, { clock });
}

/** Adds listeners to a handle's runtime (the app adds its page cache's). */
export function withListeners(db: Db, listeners: readonly ChangeListener[]): Db {
  const current = runtimeOf(db);
  return withRuntime(db, { listeners: [...current.listeners, ...listeners] });
}

export function hasRuntime(db: DbOrTrx): boolean {
  return pluginOf(db) !== undefined;
}

export function runtimeOf(db: DbOrTrx): Runtime {
  const p = pluginOf(db);
  if (!p) throw new Error('This database handle carries no runtime: open it with openPlatformDatabase (src/platform/open.ts) or give it one with withRuntime');
  return p.runtime;
}

export const clockOf = (db: DbOrTrx): Clock => runtimeOf(db).clock;
/** Now, as stored in the database. */
export const nowOf = (db: DbOrTrx): string => instantBy(clockOf(db));
export const nowDateOf = (db: DbOrTrx): Date => clockOf(db).now();
/** Today's China date. */
export const todayOf = (db: DbOrTrx): IsoDate => todayBy(clockOf(db));

// ---------------------------------------------------------------- content changes

/**
 * Work to do once a transaction has committed, given the handle the transaction
 * was opened on (the transaction itself is finished by then).
 */
export type AfterCommit = (db: Db) => void | Promise<void>;

interface Pending {
  changes: ContentChange[];
  afterCommit: AfterCommit[];
}

/** What a transaction opened by `inTransaction` leaves for its commit: changes to announce, work to start. */
const pending = new WeakMap<object, Pending>();

/** Called by `inTransaction` for the transaction it opened. */
export function openPending(trx: object): void {
  pending.set(trx, { changes: [], afterCommit: [] });
}

/**
 * Called by `inTransaction` after commit, with the handle it opened the transaction
 * on: hands the changes to the commit listeners, then starts the after-commit work.
 */
export function flushPending(trx: object, db: Db): void {
  const p = pending.get(trx);
  pending.delete(trx);
  if (!p) return;
  const runtime = hasRuntime(db) ? runtimeOf(db) : undefined;
  if (runtime) for (const change of p.changes) runCommitListeners(runtime, change);
  for (const fn of p.afterCommit) startAfterCommit(db, fn);
}

export function dropPending(trx: object): void {
  pending.delete(trx);
}

function runCommitListeners(runtime: Runtime, change: ContentChange): void {
  for (const l of runtime.listeners) {
    if (l.phase !== 'commit') continue;
    try {
      l.handle(change);
    } catch {
      // A cache that fails to drop must not undo a committed change; it expires anyway.
    }
  }
}

/**
 * Announces a change: transaction listeners run now, in `db`'s transaction;
 * commit listeners after `inTransaction` commits (at once when `db` is not a
 * transaction, or one not opened by `inTransaction`).
 */
export async function announce(db: DbOrTrx, change: ContentChange): Promise<void> {
  const runtime = runtimeOf(db);
  for (const l of runtime.listeners) if (l.phase === 'transaction') await l.handle(db, change);
  const queue = db.isTransaction ? pending.get(db)?.changes : undefined;
  if (queue) queue.push(change);
  else runCommitListeners(runtime, change);
}

// ---------------------------------------------------------------- after commit

/** After-commit work still running, so that shutdown and tests can wait for it. */
const running = new Set<Promise<void>>();

/**
 * Runs `fn` once `db`'s transaction has committed, and never if it rolls back: for
 * what must not happen before the data it depends on is there for good, and must
 * not hold the transaction open while it waits on the outside world (a letter to
 * hand to a mail server). On a handle that is not a transaction it starts at once.
 *
 * The work is started, not awaited: the use case answers as soon as its
 * transaction commits, however slow the outside world is. `fn` must record its own
 * outcome; an error it lets escape is only reported as a process warning.
 * `afterCommitSettled()` waits for all of it (graceful shutdown, tests).
 *
 * Only transactions opened by `inTransaction` know when they commit; `afterCommit`
 * on any other transaction throws, which rolls it back.
 */
export function afterCommit(db: DbOrTrx, fn: AfterCommit): void {
  if (!db.isTransaction) {
    startAfterCommit(db as Db, fn);
    return;
  }
  const p = pending.get(db);
  if (!p) throw new Error('afterCommit: the transaction was not opened by inTransaction, so nothing says when it commits');
  p.afterCommit.push(fn);
}

function startAfterCommit(db: Db, fn: AfterCommit): void {
  const run: Promise<void> = (async () => fn(db))()
    .catch((e: unknown) => {
      // Nothing awaits this work, so an escaped error would end the process as an unhandled rejection.
      process.emitWarning(`after-commit work failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'GongkaiAfterCommitWarning');
    })
    .finally(() => running.delete(run));
  running.add(run);
}

/** Resolves once all after-commit work started so far, and any work it starts, has finished. */
export async function afterCommitSettled(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
