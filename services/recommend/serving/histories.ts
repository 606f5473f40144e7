// Actors' item histories as serving keeps them: one cell of counts per (actor, item).
import { eventWeight, KIND_INDEX, type EventWeights } from '@/ml/recsys/interactions';
import { actorKey } from '../load-training-data';
import type { Cell, EventRow, Histories } from './types';

const BAND = { view: 0, click: 1, add_to_cart: 2, purchase: 3, like: 4, dislike: 5 } as Record<string, number>;

/** Adds one event to its actor's history; the actor's key, or null for an event without an actor. */
export function addEvent(histories: Histories, r: EventRow): string | null {
  const key = actorKey(r.u, r.a);
  if (key === null) return null;
  let h = histories.get(key);
  if (!h) histories.set(key, (h = new Map()));
  let c = h.get(r.i);
  const t = Number(r.ms);
  if (!c) h.set(r.i, (c = { counts: new Float32Array(9), first: t, last: t }));
  else {
    if (t < c.first) c.first = t;
    if (t > c.last) c.last = t;
  }
  if (r.t === 'rating') {
    const v = r.v ?? 3;
    const x = v > 5 ? v / 2 : v;
    c.counts[x >= 4 ? 6 : x > 2 ? 7 : 8]!++;
  } else {
    const b = BAND[r.t];
    if (b !== undefined) c.counts[b]!++;
  }
  return key;
}

/** The histories of events given oldest first. */
export function historiesOf(events: readonly EventRow[]): Histories {
  const histories: Histories = new Map();
  for (const e of events) addEvent(histories, e);
  return histories;
}

/** The signed weight of a cell under a model's event weights. */
export function cellWeight(c: Cell, w: EventWeights, lowRatingsPositive: boolean): number {
  const k = c.counts;
  return (
    k[0]! * w.view +
    k[1]! * w.click +
    k[2]! * w.add_to_cart +
    k[3]! * w.purchase +
    k[4]! * w.like +
    k[5]! * w.dislike +
    (k[6]! ? k[6]! * eventWeight(KIND_INDEX.rating!, 5, w, lowRatingsPositive) : 0) +
    (k[7]! ? k[7]! * eventWeight(KIND_INDEX.rating!, 3, w, lowRatingsPositive) : 0) +
    (k[8]! ? k[8]! * eventWeight(KIND_INDEX.rating!, 1, w, lowRatingsPositive) : 0)
  );
}
