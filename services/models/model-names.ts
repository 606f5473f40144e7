// What a request's `model` field may say: `default` (the accurate model, also what an absent field
// means), `fast`, or the name or id of either served model; for embeddings, OpenAI's model names
// too, as aliases of the default, so OpenAI SDKs work with their defaults.
import { AppError } from '@/services/errors/app-error';
import { resolveModel } from '@/ml/runtime/registry';
import type { ModelTask } from '@/ml/runtime/types';
import { env } from '@/services/config/env';

export type ModelRole = 'embeddings' | 'sentiment';

export const OPENAI_EMBEDDING_ALIASES = ['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'] as const;

const TASK: Record<ModelRole, ModelTask> = { embeddings: 'feature-extraction', sentiment: 'text-classification' };

/** The configured default and fast model ids of a role. */
export function servedModelIds(role: ModelRole): { default: string; fast: string } {
  const e = env();
  return role === 'embeddings' ? { default: e.EMBEDDING_MODEL, fast: e.EMBEDDING_FAST_MODEL } : { default: e.SENTIMENT_MODEL, fast: e.SENTIMENT_FAST_MODEL };
}

/** The registry id the request asks for; 400 naming `path` and the accepted values otherwise. */
export function chooseModelId(role: ModelRole, requested: string | undefined, path: string): string {
  const ids = servedModelIds(role);
  if (requested === undefined || requested === 'default') return ids.default;
  if (requested === 'fast') return ids.fast;
  if (role === 'embeddings' && (OPENAI_EMBEDDING_ALIASES as readonly string[]).includes(requested)) return ids.default;
  const { MODELS_DIR: modelsDir } = env();
  for (const id of [ids.default, ids.fast]) {
    const spec = resolveModel(id, TASK[role], { modelsDir });
    if (requested === spec.id || requested === spec.name) return id;
  }
  const names = [ids.default, ids.fast].map((id) => resolveModel(id, TASK[role], { modelsDir }).name);
  const accepted = ['default', 'fast', ...names, ...(role === 'embeddings' ? OPENAI_EMBEDDING_ALIASES : [])];
  throw new AppError('bad_request', `Model "${requested}" is not served here; use one of: ${accepted.join(', ')}`, [
    { path, message: `expected one of ${accepted.join(', ')}`, code: 'invalid_value' },
  ]);
}
