// The personal set of a history: the items whose score differs from the base (popularity) vector,
// because a history row or the category affinity touches them. Serving scores only these exactly;
// every other item keeps its base score (see serve.ts).
import type { History, ItemCategoriesCsr, RecModelData } from './model';
import type { RankScratch } from './rank-scratch';
import type { Universe } from './universe';

/**
 * The personal set of a history in the scratch: list[0..count) are its items (marked with the
 * scratch's new stamp), acc[i] their full scores (base + history rows + category part, in the
 * dense order of operations). With a universe, only its items are considered. Returns the count.
 */
export function personalSet(m: RecModelData, scratch: RankScratch, hist: History, base: Float32Array, cats: ItemCategoriesCsr | null, u: Universe | null): number {
  const st = scratch.nextStamp();
  const { acc, mark, list, done } = scratch;
  const N = m.numItems;
  const s = m.s;
  const mask = u?.mask ?? null;
  let count = 0;
  // History rows (addHistoryScores).
  const nh = hist.items.length;
  for (let h = 0; h < nh; h++) {
    const i = hist.items[h]!;
    if (i < 0 || i >= N) continue;
    const f = m.recency ? Math.exp(-(nh - 1 - h) / m.recency) : 1;
    const w = hist.weights[h]! * f * m.weights.cf;
    if (w === 0) continue;
    for (let a = s.ptr[i]!; a < s.ptr[i + 1]!; a++) {
      const j = s.idx[a]!;
      if (mask && !mask[j]) continue;
      if (mark[j] !== st) {
        mark[j] = st;
        acc[j] = base[j]!;
        list[count++] = j;
      }
      acc[j]! += w * s.val[a]!;
    }
  }
  // Category affinity (addCategoryScoresCsr).
  const weight = m.weights.category;
  if (!weight || !cats || cats.count === 0) return count;
  if (scratch.aff.length < cats.count) {
    scratch.aff = new Float64Array(cats.count);
    scratch.rankOf = new Int32Array(cats.count);
  }
  const aff = scratch.aff;
  aff.fill(0, 0, cats.count);
  let total = 0;
  for (let h = 0; h < nh; h++) {
    const w = hist.weights[h]!;
    const i = hist.items[h]!;
    if (w <= 0 || i + 1 >= cats.ptr.length) continue;
    for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) aff[cats.idx[k]!]! += w;
    total += w;
  }
  if (total === 0) return count;
  const scale = weight / total;
  const order: number[] = [];
  for (let c = 0; c < cats.count; c++) if (aff[c]! > 0) order.push(c);
  order.sort((a, b) => aff[b]! - aff[a]!);
  const multi = order.length > 1;
  const pop = m.pop;
  if (!u) {
    for (const c of order) {
      const w = scale * aff[c]!;
      const end = cats.byCat[c + 1]!;
      for (let a = cats.byCat[c]!; a < end; a++) {
        const i = cats.items[a]!;
        if (i >= N) continue;
        if (multi) {
          if (done[i] === st) continue;
          done[i] = st;
        }
        if (mark[i] !== st) {
          mark[i] = st;
          acc[i] = base[i]!;
          list[count++] = i;
        }
        acc[i]! += w * pop[i]!;
      }
    }
    return count;
  }
  // One category's items only: each gets its best category's share (the first in `order`), or,
  // with a single affinity category, one share per time it lists that category (as the dense pass).
  const rankOf = scratch.rankOf;
  rankOf.fill(-1, 0, cats.count);
  for (let r = 0; r < order.length; r++) rankOf[order[r]!] = r;
  let touches = false;
  for (let k = 0; k < u.related.length; k++) if (rankOf[u.related[k]!]! >= 0) touches = true;
  if (!touches) return count; // none of its items carries a category of the user's
  const end = cats.byCat[u.category + 1]!;
  for (let a = cats.byCat[u.category]!; a < end; a++) {
    const i = cats.items[a]!;
    if (i >= N || done[i] === st) continue;
    done[i] = st;
    // How many shares of which weight: the best category's one, or one per listing of the only one.
    let w = 0;
    let times = 0;
    if (multi) {
      let best = -1;
      for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) {
        const r = rankOf[cats.idx[k]!]!;
        if (r >= 0 && (best < 0 || r < best)) best = r;
      }
      if (best >= 0) {
        w = scale * aff[order[best]!]!;
        times = 1;
      }
    } else {
      const c0 = order[0]!;
      w = scale * aff[c0]!;
      for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) if (cats.idx[k] === c0) times++;
    }
    if (times === 0) continue;
    if (mark[i] !== st) {
      mark[i] = st;
      acc[i] = base[i]!;
      list[count++] = i;
    }
    for (let x = 0; x < times; x++) acc[i]! += w * pop[i]!;
  }
  return count;
}
