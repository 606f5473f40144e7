import { db } from '@/services/db/client';

/** One partition of "Event": its receivedAt range [from, to); null for MINVALUE, and both null for the default one. */
export interface EventPartition {
  name: string;
  from: Date | null;
  to: Date | null;
  isDefault: boolean;
}

// Bound values are printed as timestamp literals ('2027-01-01 00:00:00'); the column holds UTC.
const BOUND = /^FOR VALUES FROM \((MINVALUE|'[^']+')\) TO \((MAXVALUE|'[^']+')\)$/;
const parse = (v: string) => (v.startsWith("'") ? new Date(`${v.slice(1, -1).replace(' ', 'T')}Z`) : null);

/** The partitions of "Event" from the catalog, oldest first (the default one last). */
export async function listEventPartitions(): Promise<EventPartition[]> {
  const rows = await db().$queryRaw<{ name: string; bound: string }[]>`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = '"Event"'::regclass`;
  const partitions = rows.map(({ name, bound }): EventPartition => {
    if (bound === 'DEFAULT') return { name, from: null, to: null, isDefault: true };
    const m = BOUND.exec(bound);
    if (!m) throw new Error(`Unexpected partition bound of ${name}: ${bound}`);
    return { name, from: parse(m[1]!), to: parse(m[2]!), isDefault: false };
  });
  const key = (p: EventPartition) => (p.isDefault ? Infinity : (p.from?.getTime() ?? -Infinity));
  return partitions.sort((a, b) => key(a) - key(b));
}
