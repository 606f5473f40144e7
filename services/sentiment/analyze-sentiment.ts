import { AppError } from '@/services/errors/app-error';
import { recordUsageGrouped } from '@/services/metering/record-usage';
import type { ModelLog } from '@/services/embeddings/embedding-model';
import { chooseModelId } from '@/services/models/model-names';
import { readySentimentModel, sentimentModelFailure } from './sentiment-model';
import type { SentimentRequest, SentimentResponse } from './schemas';

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Scores the texts with the requested model (`default`, `fast`, or a served model's name or id;
 * micro-batched with other callers) and records one `sentiment_texts` unit per
 * text for the workspace, committed (group commit with concurrent requests) before answering.
 * 503 while the model loads or when its queue is full; nothing is billed then.
 */
export async function analyzeSentiment(workspaceId: string, req: SentimentRequest, log?: ModelLog): Promise<SentimentResponse> {
  const id = chooseModelId('sentiment', req.model, 'body.model');
  const model = readySentimentModel(log, id);
  if (!model) {
    throw new AppError('unavailable', sentimentModelFailure(id) ? 'The sentiment model failed to load; retrying shortly' : 'The sentiment model is loading; retry in a moment');
  }
  // A full queue throws OverloadedError: a 503 with Retry-After (plugins/errors.ts), nothing billed.
  const out = await model.classify(req.texts);
  await recordUsageGrouped({ workspaceId, meter: 'sentiment_texts', quantity: req.texts.length });
  return {
    model: model.spec.name,
    results: out.map((p) => ({
      label: p.label,
      score: round(p.score),
      scores: { negative: round(p.scores.negative), neutral: round(p.scores.neutral), positive: round(p.scores.positive) },
    })),
  };
}
