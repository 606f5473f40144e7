// The models one process serves, by registry id: each loaded once (at first use), warmed up and then
// shared by every caller through its micro-batcher. The configured default model falls back to the
// fast model when it cannot load (a missing or corrupt file, no Python-built folder, a hub that
// cannot be reached): one log line says so, the Models page shows it, and the process does not
// retry the broken model in a loop. A model that fails with no fallback is retried at most every 30 s.
import type { MlLogger, ModelSpec } from '@/ml/runtime/types';

/** What this module logs through (a pino or Fastify logger). */
export type ModelLog = MlLogger & { error(obj: object, msg?: string): void };

export interface PooledModel {
  readonly spec: ModelSpec;
  readonly ready: boolean;
  load(): Promise<void>;
  dispose(): Promise<void>;
}

export type SlotStatus = 'ready' | 'loading' | 'failed' | 'idle';

interface Slot<M> {
  model?: M;
  starting?: Promise<M>;
  failure?: { at: number; message: string };
}

const RETRY_AFTER_FAILURE_MS = 30_000;

export class ModelPool<M extends PooledModel> {
  private readonly slots = new Map<string, Slot<M>>();
  /** Default id -> the fallback id it serves from, once the default failed to load. */
  private readonly fallbacks = new Map<string, { id: string; reason: string }>();

  constructor(
    private readonly kind: string,
    private readonly create: (id: string, log?: ModelLog) => M,
    /** Work before load() (e.g. building an offline model in a child process). */
    private readonly prepare: (model: M, log?: ModelLog) => Promise<void> = async () => undefined,
  ) {}

  private slot(id: string): Slot<M> {
    let s = this.slots.get(id);
    if (!s) this.slots.set(id, (s = {}));
    return s;
  }

  /** Loads the model `id` (once); with `fallbackId`, a failure to load serves that model instead. */
  start(id: string, log?: ModelLog, fallbackId?: string): Promise<M> {
    const fellBack = this.fallbacks.get(id);
    if (fellBack) return this.start(fellBack.id, log);
    const s = this.slot(id);
    if (s.model?.ready) return Promise.resolve(s.model);
    if (s.starting) return s.starting;
    const m = this.create(id, log);
    const loading = (async () => {
      await this.prepare(m, log);
      await m.load();
      s.model = m;
      s.failure = undefined;
      return m;
    })();
    s.starting = loading.catch((err: unknown) => {
      s.starting = undefined;
      const message = err instanceof Error ? err.message : String(err);
      s.failure = { at: Date.now(), message };
      void m.dispose().catch(() => undefined);
      if (fallbackId && fallbackId !== id) {
        this.fallbacks.set(id, { id: fallbackId, reason: message });
        log?.error({ model: id, fallback: fallbackId, reason: message }, `${this.kind} model ${id} could not load; serving the fast model ${fallbackId} instead`);
        return this.start(fallbackId, log);
      }
      log?.error({ err, model: id }, `${this.kind} model failed to load`);
      throw err;
    });
    return s.starting;
  }

  /** The model when ready; otherwise starts loading (at most every 30 s after a failure) and returns undefined. */
  ready(id: string, log?: ModelLog, fallbackId?: string): M | undefined {
    const target = this.fallbacks.get(id)?.id ?? id;
    const s = this.slot(target);
    if (s.model?.ready) return s.model;
    if (!s.starting && (!s.failure || Date.now() - s.failure.at > RETRY_AFTER_FAILURE_MS)) this.start(id, log, fallbackId).catch(() => undefined);
    return undefined;
  }

  /** The model serving `id` if it is loaded (no loading started). */
  loaded(id: string): M | undefined {
    const m = this.slots.get(this.fallbacks.get(id)?.id ?? id)?.model;
    return m?.ready ? m : undefined;
  }

  status(id: string): SlotStatus {
    const s = this.slots.get(this.fallbacks.get(id)?.id ?? id);
    return s?.model?.ready ? 'ready' : s?.starting ? 'loading' : s?.failure ? 'failed' : 'idle';
  }

  failure(id: string): string | undefined {
    return this.slots.get(this.fallbacks.get(id)?.id ?? id)?.failure?.message;
  }

  /** When `id` could not load and another model serves in its place: which, and why. */
  fallbackOf(id: string): { id: string; reason: string } | undefined {
    return this.fallbacks.get(id);
  }

  /** For tests and the shutdown path: disposes every loaded model and forgets fallbacks. */
  async stopAll() {
    const models = [...this.slots.values()].map((s) => s.model);
    this.slots.clear();
    this.fallbacks.clear();
    await Promise.all(models.map((m) => m?.dispose()));
  }
}
