import { describe, expect, it } from 'vitest';
import { newRecommId, pooledBase62 } from '@/services/recommend/recomm-id';

describe('recommendation ids (pooled randomness)', () => {
  it('carry version and endpoint, never repeat, and draw the 62 characters uniformly across pool refills', () => {
    const ids = Array.from({ length: 20_000 }, () => newRecommId(3, 'user'));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^rec_3_u_[0-9A-Za-z]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newRecommId(null, 'similar')).toMatch(/^rec_0_i_[0-9A-Za-z]{12}$/);
    // 20,000 x 12 characters span ~30 refills of the 8 KB pool; each character ~3,871 times.
    const counts = new Map<string, number>();
    for (const id of ids) for (const ch of id.slice(-12)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (20_000 * 12) / 62;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(130); // 61 degrees of freedom: p < 1e-6 beyond ~120
    expect(pooledBase62(40)).toHaveLength(40);
  });
});
