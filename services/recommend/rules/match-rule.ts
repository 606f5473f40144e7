// Evaluates a rule's condition on an item (the authority), and narrows a catalog read to items
// that may match (a superset: the read is a prefilter, matches() decides).
import type { Prisma } from '@/generated/prisma/client';
import type { RuleCondition, RuleItem } from './schemas';

function propertyAt(properties: unknown, key: string): unknown {
  let v: unknown = properties;
  for (const part of key.split('.')) {
    // Own keys only: `__proto__` or `constructor` name nothing an item stored.
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function compare(op: string, a: unknown, b: string | number | boolean): boolean {
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return op === 'lt' ? a < b : op === 'lte' ? a <= b : op === 'gt' ? a > b : a >= b;
}

/** Whether the item satisfies the condition. */
export function matches(c: RuleCondition, item: RuleItem): boolean {
  switch (c.field) {
    case 'id':
      return (item.id === c.value) === (c.op === 'eq');
    case 'category':
      return item.categories.includes(c.value) === (c.op === 'eq');
    case 'tag':
      return item.tags.includes(c.value) === (c.op === 'eq');
    case 'price':
      return compare(c.op, item.price, c.value);
    case 'property':
      return compare(c.op, propertyAt(item.properties, c.key), c.value);
  }
}

const PRISMA_OP = { eq: 'equals', lt: 'lt', lte: 'lte', gt: 'gt', gte: 'gte' } as const;

/** A where clause selecting (at least) the items that can match; `ne` conditions do not narrow. */
export function whereFor(c: RuleCondition): Prisma.ItemWhereInput {
  if (c.op === 'ne') return {};
  switch (c.field) {
    case 'id':
      return { id: c.value };
    case 'category':
      return { categories: { has: c.value } };
    case 'tag':
      return { tags: { has: c.value } };
    case 'price':
      return { price: { [PRISMA_OP[c.op]]: c.value } as Prisma.FloatNullableFilter<'Item'> };
    case 'property':
      return { properties: { path: c.key.split('.'), [PRISMA_OP[c.op]]: c.value } as Prisma.JsonFilter<'Item'> };
  }
}
