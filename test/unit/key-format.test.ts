import { describe, expect, it } from 'vitest';
import { generateKey, hashKey, looksLikeKey } from '@/services/api-keys/key-format';
import { newId, randomBase62 } from '@/services/ids';

describe('API key format', () => {
  it('generates typed, unique, well-formed keys', () => {
    const keys = new Set(Array.from({ length: 2000 }, () => generateKey('secret')));
    expect(keys.size).toBe(2000);
    for (const k of keys) expect(looksLikeKey(k)).toBe(true);
    expect(generateKey('publishable')).toMatch(/^pk_live_[0-9A-Za-z]{32}$/);
  });

  it('rejects anything else before hashing', () => {
    for (const bad of ['', 'sk_live_', 'sk_test_' + 'a'.repeat(32), 'sk_live_' + 'a'.repeat(31), 'sk_live_' + 'a'.repeat(31) + '!']) {
      expect(looksLikeKey(bad)).toBe(false);
    }
  });

  it('hashes with SHA-256 hex', () => {
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('draws base62 characters uniformly enough', () => {
    const counts = new Map<string, number>();
    for (const ch of randomBase62(62_000)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(200);
    expect(newId('ws')).toMatch(/^ws_[0-9A-Za-z]{16}$/);
  });
});
