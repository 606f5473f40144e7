// In-process concurrency caps: at most `perProcess` holders in all and `perKey` per key (a
// workspace). No queue: a caller that finds no slot is refused at once (the caller answers 429 with
// Retry-After), so a burst never piles up waiting bodies or held database connections.
export interface ConcurrencySlots {
  /** A release function (idempotent), or null when the process or the key is at its cap. */
  tryAcquire(key: string): { release: () => void } | { refused: 'process' | 'key' };
  inUse(key?: string): number;
}

export function concurrencySlots(limits: { perProcess: number; perKey: number }): ConcurrencySlots {
  let total = 0;
  const byKey = new Map<string, number>();
  return {
    tryAcquire(key) {
      const held = byKey.get(key) ?? 0;
      if (held >= limits.perKey) return { refused: 'key' };
      if (total >= limits.perProcess) return { refused: 'process' };
      total++;
      byKey.set(key, held + 1);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          total--;
          const left = (byKey.get(key) ?? 1) - 1;
          if (left > 0) byKey.set(key, left);
          else byKey.delete(key);
        },
      };
    },
    inUse: (key) => (key === undefined ? total : (byKey.get(key) ?? 0)),
  };
}
