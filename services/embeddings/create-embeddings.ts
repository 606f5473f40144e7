import { AppError } from '@/services/errors/app-error';
import { recordUsageGrouped } from '@/services/metering/record-usage';
import { chooseModelId } from '@/services/models/model-names';
import { embeddingModelFailure, readyEmbeddingModel, type ModelLog } from './embedding-model';
import type { EmbeddingsRequest, EmbeddingsResponse } from './schemas';

/**
 * Embeds the texts with the requested model (`default`, `fast`, a served model's name or id, or an
 * OpenAI model name as an alias of the default; micro-batched with other callers) and records one
 * `embedding_texts` unit per text for the workspace, committed (in a transaction shared with concurrent
 * requests) before answering.
 */
export async function createEmbeddings(workspaceId: string, req: EmbeddingsRequest, log?: ModelLog): Promise<EmbeddingsResponse> {
  const texts = typeof req.input === 'string' ? [req.input] : req.input;
  const id = chooseModelId('embeddings', req.model, 'body.model');
  const model = readyEmbeddingModel(log, id);
  if (!model) {
    // The cause (paths, hub errors) goes to the api log, not to the caller.
    throw new AppError('unavailable', embeddingModelFailure(id) ? 'The embedding model failed to load; retrying shortly' : 'The embedding model is loading; retry in a moment');
  }
  const { spec } = model;
  // A full queue throws OverloadedError: a 503 with Retry-After (plugins/errors.ts), nothing billed.
  const out = await model.embed(texts);
  // Committed before the response; concurrent requests share one transaction (group commit).
  await recordUsageGrouped({ workspaceId, meter: 'embedding_texts', quantity: texts.length });
  let tokens = 0;
  const data = out.map((e, index) => {
    tokens += e.tokens;
    return { object: 'embedding' as const, index, embedding: toJsonFloats(e.embedding) };
  });
  return { object: 'list', data, model: spec.name, dimensions: out[0]!.embedding.length, usage: { prompt_tokens: tokens, total_tokens: tokens } };
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
