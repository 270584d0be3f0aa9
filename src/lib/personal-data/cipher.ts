/**
 * Symmetric ciphers for personal data at rest, behind one interface so that a
 * deployment held to 商用密码 rules can switch AES for SM4 without code changes
 * (DATA_CIPHER). Each provider seals with a 32-byte data key and authenticates
 * what it seals: a changed byte or the wrong key is an error, never garbage.
 */
import { createCipheriv, createDecipheriv, createHmac, getCiphers, getHashes, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface CipherProvider {
  /** Stable name written into every ciphertext, e.g. `a256gcm`. */
  readonly id: string;
  readonly label: string;
  /** Whether this Node/OpenSSL build can run it. */
  available(): boolean;
  /** iv ‖ ciphertext ‖ tag; `aad` is bound to the result (the field name, so values cannot be swapped between columns). */
  seal(key: Buffer, plain: Buffer, aad: Buffer): Buffer;
  /** Throws when the data was altered or the key is not the one it was sealed with. */
  open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer;
}

export class CipherError extends Error {}

/** AES-256-GCM: the default everywhere. */
export const aes256gcm: CipherProvider = {
  id: 'a256gcm',
  label: 'AES-256-GCM',
  available: () => getCiphers().includes('aes-256-gcm'),
  seal(key, plain, aad) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(aad);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]);
  },
  open(key, sealed, aad) {
    if (sealed.length < 28) throw new CipherError('密文过短');
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
    } catch {
      throw new CipherError('密文校验失败（数据被改动或密钥不符）');
    }
  },
};

/**
 * SM4 (GB/T 32907) in CTR mode with an HMAC-SM3 tag (encrypt-then-MAC): OpenSSL 3
 * ships SM4 but not SM4-GCM, so confidentiality and integrity come from two keys
 * derived from the data key. Where OpenSSL lacks SM4 or SM3, `available()` is false
 * and the platform refuses to start with DATA_CIPHER=sm4 rather than fall back silently.
 */
export const sm4ctrHmacSm3: CipherProvider = {
  id: 'sm4ctr-sm3',
  label: 'SM4-CTR + HMAC-SM3',
  available: () => getCiphers().includes('sm4-ctr') && getHashes().includes('sm3'),
  seal(key, plain, aad) {
    const { enc, mac } = sm4Keys(key);
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-ctr', enc, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    const tag = sm4Tag(mac, aad, iv, body);
    return Buffer.concat([iv, body, tag]);
  },
  open(key, sealed, aad) {
    if (sealed.length < 48) throw new CipherError('密文过短');
    const { enc, mac } = sm4Keys(key);
    const iv = sealed.subarray(0, 16);
    const body = sealed.subarray(16, sealed.length - 32);
    const tag = sealed.subarray(sealed.length - 32);
    if (!timingSafeEqual(tag, sm4Tag(mac, aad, iv, body))) throw new CipherError('密文校验失败（数据被改动或密钥不符）');
    const d = createDecipheriv('sm4-ctr', enc, iv);
    return Buffer.concat([d.update(body), d.final()]);
  },
};

function sm4Keys(key: Buffer) {
  const out = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'gongkai-sm4-ctr-hmac-sm3', 48));
  return { enc: out.subarray(0, 16), mac: out.subarray(16) };
}

function sm4Tag(mac: Buffer, aad: Buffer, iv: Buffer, body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(aad.length);
  return createHmac('sm3', mac).update(len).update(aad).update(iv).update(body).digest();
}

/** Every provider, by the name DATA_CIPHER takes. */
export const CIPHERS = { aes: aes256gcm, sm4: sm4ctrHmacSm3 } as const;
export type CipherName = keyof typeof CIPHERS;

export function providerById(id: string): CipherProvider | undefined {
  return Object.values(CIPHERS).find((p) => p.id === id);
}
