import { customAlphabet } from 'nanoid';

// nanoid draws from a pooled buffer of crypto-random bytes, uniformly over the alphabet.
const base62 = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 22);

/** Random base62 string; 22 characters carry ~131 bits. */
export function randomBase62(length: number): string {
  return base62(length);
}

/** Prefixed ids, e.g. `ws_4f9K...`, so a stray id in a log says what it is. */
export function newId(prefix: 'ws' | 'usr' | 'key' | 'inv' | 'ver' | 'pwr'): string {
  return `${prefix}_${randomBase62(16)}`;
}
