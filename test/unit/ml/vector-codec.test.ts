import { describe, expect, it } from 'vitest';
import { decodeVector, encodeVector } from '@/services/embeddings/item-embeddings';

describe('item embedding vector codec', () => {
  it('round-trips float32 values little-endian', () => {
    const v = new Float32Array([0.5, -1.25, 3.4028234663852886e38, 0]);
    const bytes = encodeVector(v);
    expect(bytes.byteLength).toBe(16);
    expect(Array.from(bytes.slice(0, 4))).toEqual([0, 0, 0, 0x3f]); // 0.5 little-endian
    expect(Array.from(decodeVector(bytes))).toEqual(Array.from(v));
  });
  it('decodes from a view with an offset and rejects partial floats', () => {
    const raw = new Uint8Array(12);
    raw.set(encodeVector([1, 2]), 4);
    expect(Array.from(decodeVector(raw.subarray(4)))).toEqual([1, 2]);
    expect(() => decodeVector(new Uint8Array(6))).toThrow(RangeError);
  });
});
