// The catalog facts serving filters with, by item id, and their views aligned with a model's
// item indexes (rebuilt lazily after a change: `version` counts changes).
import { categoriesCsr } from '@/ml/recsys/model';
import type { CatalogEntry, CatalogRow, CatalogView, LoadedModel } from './types';

export class Catalog {
  private entries = new Map<string, CatalogEntry>();
  /** Bumped on every catalog change: model views and the category index rebuild lazily. */
  version = 0;
  private categoryIndex: { version: number; ids: Map<string, string[]> } | null = null;

  get size(): number {
    return this.entries.size;
  }

  get(id: string): CatalogEntry | undefined {
    return this.entries.get(id);
  }

  /** Every item id, in catalog order (first seen first). */
  ids(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** Replaces every entry (a full read). */
  reset(rows: readonly CatalogRow[]) {
    this.entries = new Map();
    this.apply(rows);
  }

  /** Applies changed rows; the version moves only when a fact filters read changed. */
  apply(rows: readonly CatalogRow[]) {
    for (const r of rows) {
      const old = this.entries.get(r.id);
      if (!old || old.deleted !== r.deleted || old.available !== r.available || old.price !== r.price || old.categories.join('\u0000') !== r.categories.join('\u0000')) {
        this.version++;
      }
      this.entries.set(r.id, { categories: r.categories, price: r.price, available: r.available, deleted: r.deleted });
    }
  }

  /** The catalog's item ids in a category, in catalog order (rebuilt after catalog changes). */
  idsIn(category: string): readonly string[] {
    if (this.categoryIndex?.version !== this.version) {
      const ids = new Map<string, string[]>();
      for (const [id, c] of this.entries) {
        for (const name of c.categories) {
          let list = ids.get(name);
          if (!list) ids.set(name, (list = []));
          if (list[list.length - 1] !== id) list.push(id);
        }
      }
      this.categoryIndex = { version: this.version, ids };
    }
    return this.categoryIndex.ids.get(category) ?? [];
  }

  /** The catalog aligned with a model's indexes, kept on the model until the catalog changes. */
  viewOf(m: LoadedModel): CatalogView {
    if (m.view && m.view.catalogVersion === this.version) return m.view;
    const n = m.artifact.itemIds.length;
    const flags = new Uint8Array(n);
    const price = new Float64Array(n).fill(NaN);
    const categoryIds = new Map<string, number>();
    const cats: (number[] | undefined)[] = new Array(n);
    m.artifact.itemIds.forEach((id, i) => {
      const c = this.entries.get(id);
      if (!c) return;
      flags[i] = 1 | (c.deleted ? 2 : 0) | (c.available ? 4 : 0);
      if (c.price !== null) price[i] = c.price;
      if (c.categories.length > 0) {
        cats[i] = c.categories.map((name) => {
          let k = categoryIds.get(name);
          if (k === undefined) categoryIds.set(name, (k = categoryIds.size));
          return k;
        });
      }
    });
    m.view = { catalogVersion: this.version, flags, price, categories: categoriesCsr(cats), categoryIds, universes: new Map(), orders: new Map() };
    return m.view;
  }
}
