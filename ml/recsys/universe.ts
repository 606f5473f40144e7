import type { ItemCategoriesCsr } from './model';

/** A restriction of the items considered to one category (its mask and its items in the CSR inverse). */
export interface Universe {
  category: number;
  mask: Uint8Array;
  /** Every category its items carry (itself included): categoryRelated(). */
  related: Int32Array;
}

/** The categories the items of `category` carry, itself included (sorted). */
export function categoryRelated(cats: ItemCategoriesCsr, category: number): Int32Array {
  const seen = new Set<number>([category]);
  for (let a = cats.byCat[category]!; a < cats.byCat[category + 1]!; a++) {
    const i = cats.items[a]!;
    for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) seen.add(cats.idx[k]!);
  }
  return Int32Array.from(seen).sort();
}
