import { describe, expect, it } from 'vitest';
import { heldBytes } from '@/lib/held-bytes';

describe('heldBytes', () => {
  it('counts typed arrays reachable through objects, arrays and maps, each once', () => {
    const big = new Float32Array(1000); // 4,000 bytes
    const bytes = heldBytes({ a: big, b: [big, new Int32Array(10)], c: new Map([['k', { d: new Float64Array(100) }]]) });
    expect(bytes).toBeGreaterThanOrEqual(4000 + 40 + 800);
    expect(bytes).toBeLessThan(4000 + 40 + 800 + 400); // the shared array is not counted twice
  });

  it('grows with strings and array length, and ignores primitives', () => {
    expect(heldBytes(42)).toBe(0);
    expect(heldBytes('x'.repeat(100))).toBeGreaterThanOrEqual(200);
    expect(heldBytes(Array.from({ length: 1000 }, (_, i) => `item-${i}`))).toBeGreaterThan(heldBytes(Array.from({ length: 10 }, (_, i) => `item-${i}`)) * 50);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { x: new Uint8Array(64) };
    a.self = a;
    expect(heldBytes(a)).toBeGreaterThanOrEqual(64);
  });
});
