import { describe, expect, it } from 'vitest';
import { safeEncode } from 'zod/v4/core';
import { serializeResult } from '@/services/recommend/serialize-result';
import { recommendationsResponseSchema } from '@/services/recommend/schemas';
import type { Result } from '@/services/recommend/rank';

// The zod serializer's text (what the routes wrote before): encode with the schema, then stringify.
const viaZod = (r: unknown) => JSON.stringify(safeEncode(recommendationsResponseSchema, r as Result).data);

describe('serializeResult (the recommendation answer written directly)', () => {
  it('writes exactly what the zod serializer writes, escaping included', () => {
    const ids = ['sku-1', 'with "quotes"', 'back\\slash', 'tab\there', 'line\nbreak', 'ünïcødé-✓', 'emoji-🎒', 'lone-\ud800-surrogate', '', 'ctl-\u0001'];
    const results: Result[] = [
      { recommId: 'rec_3_u_abcdefghijkl', modelVersion: 3, items: ids.map((id, k) => ({ id, score: [0, -0, 1, 0.123456, -2.5, 1e-7, 123456789, 1e21, 0.1 + 0.2, 5e-324][k]!, reason: k % 2 ? 'personalized' : 'popular' })) },
      { recommId: 'rec_0_p_x', modelVersion: null, items: [] },
    ];
    for (const r of results) {
      expect(serializeResult(r)).toBe(viaZod(r));
      expect(JSON.parse(serializeResult(r))).toEqual(JSON.parse(viaZod(r)));
    }
  });

  it('leaves out fields the schema does not have, and fails on what it would refuse', () => {
    const extra = { recommId: 'r', modelVersion: 1, secret: 'x', items: [{ id: 'a', score: 1, reason: 'popular', internal: 7 }] } as unknown as Result;
    expect(serializeResult(extra)).toBe('{"recommId":"r","items":[{"id":"a","score":1,"reason":"popular"}],"modelVersion":1}');
    expect(serializeResult(extra)).toBe(viaZod(extra));
    expect(() => serializeResult({ recommId: 'r', modelVersion: 1, items: [{ id: 'a', score: NaN, reason: 'p' }] })).toThrow(/finite/);
    expect(() => serializeResult({ recommId: 'r', modelVersion: 1, items: [{ id: 'a', score: Infinity, reason: 'p' }] })).toThrow(/finite/);
    expect(() => serializeResult({ recommId: 'r', modelVersion: 1.5, items: [] })).toThrow(/integer/);
  });
});
