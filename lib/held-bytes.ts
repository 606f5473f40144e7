// Approximate memory held by a value: the bytes of every typed array reachable from it through
// plain objects, arrays and maps (each counted once), plus strings at two bytes a character. For
// memory budgets of caches whose entries are mostly typed arrays (models), not an exact heap size.

const STRING_OVERHEAD = 16;
const SLOT_BYTES = 8;

export function heldBytes(root: unknown, maxDepth = 6): number {
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): number => {
    if (typeof v === 'string') return STRING_OVERHEAD + 2 * v.length;
    if (v === null || typeof v !== 'object' || depth > maxDepth || seen.has(v)) return 0;
    seen.add(v);
    if (ArrayBuffer.isView(v)) return v.byteLength;
    let bytes = 0;
    if (Array.isArray(v)) {
      bytes += v.length * SLOT_BYTES;
      for (const x of v) bytes += walk(x, depth + 1);
    } else if (v instanceof Map) {
      bytes += v.size * 4 * SLOT_BYTES;
      for (const [k, x] of v) bytes += walk(k, depth + 1) + walk(x, depth + 1);
    } else {
      for (const x of Object.values(v)) bytes += SLOT_BYTES + walk(x, depth + 1);
    }
    return bytes;
  };
  return walk(root, 0);
}
