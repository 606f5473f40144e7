// Serving profiles kept per actor between requests, within a memory budget (oldest first out).
import { buildServingProfile } from './serving-profile';
import type { Cell, LoadedModel, ServingProfile } from './types';

/** Memory for serving profiles per workspace (about 3 KB per actor); the oldest go first beyond it. */
export const PROFILE_CACHE_BYTES = 64 * 1024 * 1024;

export class ProfileCache {
  /** Profiles by actor key, oldest first. */
  private readonly byActor = new Map<string, ServingProfile>();
  private bytes = 0;
  /** Memory budget (PROFILE_CACHE_BYTES; tests lower it). */
  budget = PROFILE_CACHE_BYTES;

  /** Memory the kept profiles hold. */
  get used(): number {
    return this.bytes;
  }

  get entries(): ReadonlyMap<string, ServingProfile> {
    return this.byActor;
  }

  /** An actor's profile under a model: kept until their history changes (or the model); `cells`: their history. */
  profileOf(m: LoadedModel, key: string, cells: Map<string, Cell> | undefined): ServingProfile {
    const hit = this.byActor.get(key);
    if (hit && hit.model === m) return hit;
    if (!cells) return (m.empty ??= buildServingProfile(m, [], false));
    if (hit) this.drop(key);
    const p = buildServingProfile(m, [...cells], true);
    this.byActor.set(key, p);
    this.bytes += p.bytes;
    for (const [k, old] of this.byActor) {
      if (this.bytes <= this.budget) break;
      this.byActor.delete(k);
      this.bytes -= old.bytes;
    }
    return p;
  }

  /** Forgets an actor's profile (their history changed). */
  drop(key: string) {
    const p = this.byActor.get(key);
    if (!p) return;
    this.byActor.delete(key);
    this.bytes -= p.bytes;
  }

  clear() {
    this.byActor.clear();
    this.bytes = 0;
  }
}
