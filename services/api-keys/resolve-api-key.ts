import { LRUCache } from 'lru-cache';
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { hashKey, looksLikeKey } from './key-format';
import type { Scope } from './scopes';

export interface ResolvedKey {
  keyId: string;
  workspaceId: string;
  workspaceName: string;
  plan: string;
  name: string;
  type: 'secret' | 'publishable';
  scopes: ReadonlySet<Scope>;
  allowedOrigins: readonly string[];
}

// Hot path of every API request. Lookups (hits and misses) are cached for API_KEY_CACHE_TTL_MS
// (at most 5 s), which bounds how long a revoked key keeps working when a revocation's NOTIFY is
// lost; normally key-change-listener.ts drops the entries at once. Bounded size: bad keys sent
// in bulk cannot grow memory. The cache is keyed by the presented key itself (process memory
// only, like the request that carried it), so a hit costs no SHA-256.
const MISS = Symbol('miss');
let cache: LRUCache<string, ResolvedKey | typeof MISS> | undefined;
const lastUsedWritten = new Map<string, number>();
const LAST_USED_EVERY_MS = 60_000;

function getCache() {
  cache ??= new LRUCache({ max: 50_000, ttl: Math.max(env().API_KEY_CACHE_TTL_MS, 1) });
  return cache;
}

export function clearApiKeyCache() {
  invalidateApiKeys();
}

// Bumped by every invalidation: a lookup that began before it does not cache its (maybe stale) answer.
let generation = 0;

/** Forgets the cached keys of a workspace (revocation, plan change: key-change-listener.ts), or all. */
export function invalidateApiKeys(workspaceId?: string) {
  generation++;
  if (!cache) return;
  if (workspaceId === undefined) return cache.clear();
  for (const [raw, entry] of cache.entries()) if (entry !== MISS && entry.workspaceId === workspaceId) cache.delete(raw);
}

/**
 * The key's workspace and rights, or null for an unknown or revoked key.
 * Cached entries expire hard after the TTL (the revocation bound). Under steady traffic an entry
 * is refreshed in the background once past half its TTL, and concurrent lookups of one key share
 * a single query, so an expiry never makes every in-flight request query the database at once.
 */
export async function resolveApiKey(rawKey: string): Promise<ResolvedKey | null> {
  return resolveApiKeyFast(rawKey);
}

/**
 * As resolveApiKey, but a cache hit is returned as a value rather than a promise (the api's auth
 * hook runs on every request: a hit then costs no promise and no microtask).
 */
export function resolveApiKeyFast(rawKey: string): ResolvedKey | null | Promise<ResolvedKey | null> {
  if (!looksLikeKey(rawKey)) return null;
  const ttl = env().API_KEY_CACHE_TTL_MS;
  if (ttl === 0) return lookup(rawKey);
  const c = getCache();
  const hit = c.get(rawKey);
  if (hit === undefined) return refresh(rawKey);
  if (c.getRemainingTTL(rawKey) < ttl / 2) void refresh(rawKey).catch(() => undefined);
  if (hit === MISS) return null;
  touchLastUsed(hit);
  return hit;
}

const inFlight = new Map<string, Promise<ResolvedKey | null>>();

/** One database lookup per key at a time; the result goes into the cache. */
function refresh(rawKey: string): Promise<ResolvedKey | null> {
  let pending = inFlight.get(rawKey);
  if (!pending) {
    const startedAt = generation;
    pending = lookup(rawKey)
      .then((resolved) => {
        if (startedAt === generation) getCache().set(rawKey, resolved ?? MISS);
        if (resolved) touchLastUsed(resolved);
        return resolved;
      })
      .finally(() => inFlight.delete(rawKey));
    inFlight.set(rawKey, pending);
  }
  return pending;
}

async function lookup(rawKey: string): Promise<ResolvedKey | null> {
  const row = await db().apiKey.findUnique({
    where: { keyHash: hashKey(rawKey) },
    include: { workspace: { select: { name: true, plan: true } } },
  });
  if (!row || row.revokedAt) return null;
  return {
    keyId: row.id,
    workspaceId: row.workspaceId,
    workspaceName: row.workspace.name,
    plan: row.workspace.plan,
    name: row.name,
    type: row.type,
    scopes: new Set(row.scopes as Scope[]),
    allowedOrigins: row.allowedOrigins,
  };
}

/** lastUsedAt is written at most once a minute per key per process, off the request path. */
function touchLastUsed(key: ResolvedKey) {
  const now = Date.now();
  if (now - (lastUsedWritten.get(key.keyId) ?? 0) < LAST_USED_EVERY_MS) return;
  lastUsedWritten.set(key.keyId, now);
  if (lastUsedWritten.size > 100_000) lastUsedWritten.clear();
  db()
    .apiKey.updateMany({ where: { workspaceId: key.workspaceId, id: key.keyId }, data: { lastUsedAt: new Date(now) } })
    .catch(() => lastUsedWritten.delete(key.keyId));
}
