import { AppError } from '@/services/errors/app-error';
import { recordUsageGrouped } from '@/services/metering/record-usage-grouped';
import { OverloadedError } from '@/ml/runtime/batcher';
import { embeddingModelFailure, readyEmbeddingModel, type ModelLog } from './embedding-model';
import type { EmbeddingsRequest, EmbeddingsResponse } from './schemas';

/**
 * Embeds the texts with the configured model (micro-batched with other callers) and records one
 * `embedding_texts` unit per text for the workspace, committed (in a transaction shared with concurrent
 * requests) before answering.
 */
export async function createEmbeddings(workspaceId: string, req: EmbeddingsRequest, log?: ModelLog): Promise<EmbeddingsResponse> {
  const texts = typeof req.input === 'string' ? [req.input] : req.input;
  const model = readyEmbeddingModel(log);
  if (!model) {
    // The cause (paths, hub errors) goes to the api log, not to the caller.
    throw new AppError('unavailable', embeddingModelFailure() ? 'The embedding model failed to load; retrying shortly' : 'The embedding model is loading; retry in a moment');
  }
  const { spec } = model;
  if (req.model !== undefined && req.model !== spec.name && req.model !== spec.id) {
    throw new AppError('bad_request', `Model "${req.model}" is not served here; this deployment serves "${spec.name}"`, [
      { path: 'body.model', message: `expected "${spec.name}"`, code: 'invalid_value' },
    ]);
  }
  let out;
  try {
    out = await model.embed(texts);
  } catch (err) {
    if (err instanceof OverloadedError) throw new AppError('unavailable', 'The embedding model is overloaded; retry in a moment');
    throw err;
  }
  // Committed before the response; concurrent requests share one transaction (group commit).
  await recordUsageGrouped({ workspaceId, meter: 'embedding_texts', quantity: texts.length });
  let tokens = 0;
  const data = out.map((e, index) => {
    tokens += e.tokens;
    return { object: 'embedding' as const, index, embedding: toJsonFloats(e.embedding) };
  });
  return { object: 'list', data, model: spec.name, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/**
 * float32 values carry ~7 significant digits; printed as doubles they take 19 characters. Rounded
 * to 1e-7 they take ~10, halving the response (cosines change by < 1e-6).
 */
function toJsonFloats(v: Float32Array): number[] {
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Math.round(v[i]! * 1e7) / 1e7;
  return out;
}
