// A small shop with planted tastes, loaded through the public API, and a trained model for it.
import pino from 'pino';
import { expect } from 'vitest';
import { json, putItems, type Api } from '@/test/support/catalog';
import { requestTraining } from '@/services/recommend/request-training';
import { trainModel } from '@/services/recommend/train-model';
import { mulberry32 } from '@/ml/recsys/interactions';

export const CATEGORIES = ['tents', 'boots', 'stoves', 'packs'] as const;
export const ITEMS_PER_CATEGORY = 15;
export const USERS = 80;

export const itemId = (c: number, k: number) => `${CATEGORIES[c]}-${k}`;
export const userId = (u: number) => `user-${u}`;
export const tasteOf = (u: number) => u % CATEGORIES.length;

/** Items: 4 categories x 15, price = 10 * (k + 1); item k = 14 of each category is unavailable. */
export function shopItems() {
  const items = [];
  for (let c = 0; c < CATEGORIES.length; c++) {
    for (let k = 0; k < ITEMS_PER_CATEGORY; k++) {
      items.push({ id: itemId(c, k), title: `${CATEGORIES[c]} ${k}`, categories: [CATEGORIES[c]], price: 10 * (k + 1), available: k !== ITEMS_PER_CATEGORY - 1 });
    }
  }
  return items;
}

/** Each user: 12 events, 11 in their category (popular items first), 1 elsewhere; purchases and views. */
export function shopEvents(seed = 5) {
  const rng = mulberry32(seed);
  const events = [];
  const t0 = Date.now() - 3 * 86_400_000;
  for (let u = 0; u < USERS; u++) {
    for (let e = 0; e < 12; e++) {
      const c = e === 11 ? (tasteOf(u) + 1 + Math.floor(rng() * 3)) % CATEGORIES.length : tasteOf(u);
      const k = Math.floor(Math.pow(rng(), 1.5) * (ITEMS_PER_CATEGORY - 1));
      const type = rng() < 0.2 ? 'purchase' : rng() < 0.5 ? 'click' : 'view';
      events.push({ id: `e-${u}-${e}`, type, userId: userId(u), itemId: itemId(c, k), timestamp: t0 + u * 60_000 + e * 1000 });
    }
  }
  return events;
}

export async function sendEvents(api: Api, key: string, events: unknown[]) {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await api.request('/v1/events', { ...json('POST', { events: events.slice(i, i + 1000) }), key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rejected: unknown[] };
    expect(body.rejected).toEqual([]);
  }
}

export const silent = pino({ level: 'silent' });

/** Queues and runs one training (the job's handler, in this process); returns the version. */
export async function trainNow(workspaceId: string): Promise<number> {
  const { version } = await requestTraining(workspaceId, 'api');
  await trainModel(workspaceId, version, silent);
  return version;
}

/** The shop loaded through the API and trained. */
export async function trainedShop(api: Api, key: string, workspaceId: string) {
  const put = await putItems(api, key, shopItems());
  expect(put.status).toBe(200);
  await sendEvents(api, key, shopEvents());
  return trainNow(workspaceId);
}

export async function recs(api: Api, key: string, query: string) {
  const res = await api.request(`/v1/recommendations?${query}`, { key });
  return { status: res.status, body: (await res.json()) as { recommId: string; modelVersion: number | null; items: { id: string; score: number; reason: string }[]; error?: { code: string; details?: { path: string }[] } } };
}
