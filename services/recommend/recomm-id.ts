// Recommendation ids: they carry the serving version and the endpoint, so attribution needs no lookup.
import { randomFillSync } from 'node:crypto';

export type Endpoint = 'user' | 'session' | 'similar' | 'popular';
const ENDPOINT_CODE: Record<Endpoint, string> = { user: 'u', session: 's', similar: 'i', popular: 'p' };
export const ENDPOINT_OF_CODE: Record<string, Endpoint> = { u: 'user', s: 'session', i: 'similar', p: 'popular' };

// Random suffixes from a pool of CSPRNG bytes refilled 8 KB at a time (as crypto.randomUUID pools):
// one randomBytes call per request cost more than the ranking itself.
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const pool = Buffer.alloc(8192);
let poolAt = pool.length;

/** A uniform random base62 string (rejection sampling, as randomBase62) from the pooled bytes. */
export function pooledBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    if (poolAt === pool.length) {
      randomFillSync(pool);
      poolAt = 0;
    }
    const b = pool[poolAt++]!;
    if (b < 248) out += ALPHABET[b % 62]; // 248 = 4 * 62: the draw stays uniform
  }
  return out;
}

/** A recommendation id that carries the serving version and endpoint, so attribution needs no lookup. */
export const newRecommId = (version: number | null, endpoint: Endpoint) => `rec_${version ?? 0}_${ENDPOINT_CODE[endpoint]}_${pooledBase62(12)}`;
