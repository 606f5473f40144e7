import { createHash } from 'node:crypto';
import { randomBase62 } from '@/services/ids';

export type KeyType = 'secret' | 'publishable';
export const KEY_PREFIX: Record<KeyType, string> = { secret: 'sk_live_', publishable: 'pk_live_' };
const KEY_PATTERN = /^(sk|pk)_live_[0-9A-Za-z]{32}$/;

export function generateKey(type: KeyType): string {
  return KEY_PREFIX[type] + randomBase62(32);
}

/** Only this hash is stored. SHA-256 is enough: keys carry ~190 random bits, not guessable words. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export const looksLikeKey = (key: string) => KEY_PATTERN.test(key);
