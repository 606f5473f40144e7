import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Random base62 string; 22 characters carry ~131 bits. */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % 62]; // 248 = 4 * 62: rejection keeps the draw uniform
  }
  return out.length === length ? out : randomBase62(length);
}

/** Prefixed ids, e.g. `ws_4f9K...`, so a stray id in a log says what it is. */
export function newId(prefix: 'ws' | 'usr' | 'key' | 'inv' | 'ver'): string {
  return `${prefix}_${randomBase62(16)}`;
}
