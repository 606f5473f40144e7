// The demo shop's random draws: a thin layer over a seeded PRNG (mulberry32), so the same seed
// gives the same shop on every run.
import { mulberry32 } from '@/ml/runtime/random';

export class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number) {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** k distinct elements. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const copy = [...xs];
    const out: T[] = [];
    while (out.length < k && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
  /** Index drawn from cumulative weights. */
  weighted(cumulative: readonly number[]): number {
    const r = this.next() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  /** Standard normal (Box-Muller). */
  normal() {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

export const cumulate = (ws: readonly number[]) => {
  let s = 0;
  return ws.map((w) => (s += w));
};
export const pad = (n: number, width = 4) => String(n).padStart(width, '0');

export const seededRng = (seed: number) => new Rng(mulberry32(seed));
