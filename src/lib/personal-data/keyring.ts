/**
 * The data keys: one current key that seals, older ones kept only to open what they
 * sealed until it is re-sealed (key rotation). Keys come from the environment or a
 * file (DATA_KEY / DATA_KEY_FILE, DATA_KEY_OLD), never from the database, so a copy of
 * the database (or its backup) does not carry what opens it.
 *
 * Every ciphertext names the key that sealed it by a short id derived from the key
 * itself, so the wrong key is reported as "this key is not configured", not as
 * corrupted data, and a rotated database can hold values under several keys at once.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { CipherError, CIPHERS, providerById, type CipherName, type CipherProvider } from './cipher.js';

const PREFIX = 'pd1';

interface Key {
  id: string;
  /** Sealing key, derived so that the configured secret is never used directly. */
  data: Buffer;
}

function deriveKey(secret: string): Key {
  const master = createHash('sha256').update(secret).digest();
  const data = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongkai-personal-data-v1', 32));
  const id = createHmac('sha256', master).update('gongkai-key-id').digest('hex').slice(0, 8);
  return { id, data };
}

export class Keyring {
  private readonly current: Key;
  private readonly byId: Map<string, Key>;
  /** Blind-index key: stays with the first (current) key's secret; rotating it means re-indexing (done by the re-seal step). */
  private readonly indexKey: Buffer;
  readonly provider: CipherProvider;

  constructor(opts: { key: string; oldKeys?: readonly string[]; cipher?: CipherName }) {
    this.provider = CIPHERS[opts.cipher ?? 'aes'];
    if (!this.provider.available()) {
      throw new CipherError(`此 Node.js/OpenSSL 不支持 ${this.provider.label}（DATA_CIPHER=${opts.cipher}）；请改用 aes 或换用支持国密算法的 OpenSSL`);
    }
    this.current = deriveKey(opts.key);
    this.byId = new Map([this.current, ...(opts.oldKeys ?? []).map(deriveKey)].map((k) => [k.id, k]));
    this.indexKey = Buffer.from(hkdfSync('sha256', createHash('sha256').update(opts.key).digest(), Buffer.alloc(0), 'gongkai-blind-index-v1', 32));
  }

  get keyId(): string {
    return this.current.id;
  }

  /** `pd1:<key id>:<cipher id>:<base64url>`; the empty string stays empty (nothing to hide, and "no phone given" stays visible). */
  seal(field: string, value: string): string {
    if (value === '') return '';
    const sealed = this.provider.seal(this.current.data, Buffer.from(value, 'utf8'), Buffer.from(field, 'utf8'));
    return `${PREFIX}:${this.current.id}:${this.provider.id}:${sealed.toString('base64url')}`;
  }

  /** Opens a sealed value; a value that is not sealed (legacy plaintext not yet migrated, or '') is returned as it is. */
  open(field: string, value: string): string {
    if (!isSealed(value)) return value;
    const [, keyId, cipherId, body] = value.split(':') as [string, string, string, string];
    const key = this.byId.get(keyId);
    if (!key) {
      throw new CipherError(`个人信息由密钥 ${keyId} 加密，但当前配置的 DATA_KEY（${this.current.id}）及 DATA_KEY_OLD 中没有它：请检查密钥配置`);
    }
    const provider = providerById(cipherId);
    if (!provider) throw new CipherError(`未知的加密算法 ${cipherId}`);
    return provider.open(key.data, Buffer.from(body, 'base64url'), Buffer.from(field, 'utf8')).toString('utf8');
  }

  /** Whether a stored value needs (re-)sealing under the current key and cipher. */
  needsSeal(value: string): boolean {
    if (value === '') return false;
    if (!isSealed(value)) return true;
    const [, keyId, cipherId] = value.split(':');
    return keyId !== this.current.id || cipherId !== this.provider.id;
  }

  /**
   * A keyed blind index for equality lookups (duplicate detection, an applicant's
   * history): HMAC-SHA256 of the normalised value under a key of its own, per field,
   * cut to 128 bits. Equal values give equal indexes; the index alone reveals nothing
   * without the key. '' indexes as '' (no lookup on absent values).
   */
  blindIndex(field: string, value: string): string {
    const v = value.normalize('NFKC').trim().toLowerCase();
    if (v === '') return '';
    return createHmac('sha256', this.indexKey).update(field).update('\u0000').update(v).digest('hex').slice(0, 32);
  }
}

export function isSealed(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
}
