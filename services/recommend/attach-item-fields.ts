import { db } from '@/services/db/client';
import { ITEM_FIELDS, type ItemField } from './schemas';
import type { RankedItem, Result } from './rank';

/** The fields a request asks for: null (ids only, the default) unless returnProperties or includeFields. */
export function requestedFields(q: { returnProperties?: boolean; includeFields?: readonly ItemField[] }): readonly ItemField[] | null {
  if (q.includeFields && q.includeFields.length > 0) return [...new Set(q.includeFields)];
  return q.returnProperties ? ITEM_FIELDS : null;
}

/**
 * Adds the asked catalog fields to each recommended item, read in ONE query for the whole list
 * (the ids are the workspace's: the query is scoped by workspaceId, so another tenant's item of the
 * same id can never answer). An item deleted since serving state last read the catalog is dropped,
 * as serving itself would drop it a moment later.
 */
export async function attachItemFields(workspaceId: string, result: Result, fields: readonly ItemField[]): Promise<Result> {
  if (result.items.length === 0) return result;
  const select: Record<string, true> = { id: true };
  for (const f of fields) select[f] = true;
  const rows = (await db().item.findMany({
    where: { workspaceId, id: { in: result.items.map((i) => i.id) }, deletedAt: null },
    select,
  })) as unknown as ({ id: string } & Record<string, unknown>)[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items: RankedItem[] = [];
  for (const it of result.items) {
    const row = byId.get(it.id);
    if (!row) continue;
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const v = row[f];
      out[f] = v instanceof Date ? v.toISOString() : f === 'properties' ? (v ?? {}) : (v ?? (f === 'categories' || f === 'tags' ? [] : null));
    }
    items.push({ ...it, fields: out });
  }
  return { ...result, items };
}
