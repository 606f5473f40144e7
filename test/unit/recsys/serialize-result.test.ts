import { describe, expect, it } from 'vitest';
import { safeEncode } from 'zod/v4/core';
import { compileJsonSerializer } from '@/services/api/compiled-json';
import { recommendationsResponseSchema } from '@/services/recommend/schemas';
import type { Result } from '@/services/recommend/rank';

// The recommendation routes' 200 writer: fast-json-stringify compiled from the response schema
// (services/api/compiled-json.ts), checked against the zod serializer's text (encode, then stringify).
const write = compileJsonSerializer(recommendationsResponseSchema);
const viaZod = (r: unknown) => JSON.stringify(safeEncode(recommendationsResponseSchema, r as Result).data);

describe('the recommendation answer writer', () => {
  it('writes what the zod serializer writes, escaping included', () => {
    const ids = ['sku-1', 'with "quotes"', 'back\\slash', 'tab\there', 'line\nbreak', 'ünïcødé-✓', 'emoji-🎒', '', 'ctl-\u0001', 'x'];
    const results: Result[] = [
      { recommId: 'rec_3_u_abcdefghijkl', modelVersion: 3, items: ids.map((id, k) => ({ id, score: [0, 0, 1, 0.123456, -2.5, 1e-7, 123456789, 1e21, 0.1 + 0.2, 5e-324][k]!, reason: k % 2 ? 'personalized' : 'popular' })) },
      { recommId: 'rec_0_p_x', modelVersion: null, items: [] },
      { recommId: 'r', modelVersion: 1, items: [{ id: 'a', score: 1, reason: 'rule', ruleId: 'rule_1', fields: { title: 'Tent "XL"', price: 99.5, tags: ['a', 'b'], nested: { ok: true } } }] },
    ];
    for (const r of results) expect(JSON.parse(write(r))).toEqual(JSON.parse(viaZod(r)));
  });

  it('leaves out fields the schema does not have, and fails on what it would refuse', () => {
    const extra = { recommId: 'r', modelVersion: 1, secret: 'x', items: [{ id: 'a', score: 1, reason: 'popular', internal: 7 }] } as unknown as Result;
    expect(write(extra)).toBe('{"recommId":"r","items":[{"id":"a","score":1,"reason":"popular"}],"modelVersion":1}');
    expect(() => write({ recommId: 'r', modelVersion: 1, items: [{ id: 'a', score: NaN, reason: 'p' }] })).toThrow();
    expect(() => write({ recommId: 'r', modelVersion: 1.5, items: [] })).toThrow();
    expect(() => write({ modelVersion: 1, items: [] } as unknown as Result)).toThrow(/recommId/);
  });
});
