// Live figures of the models this process serves, for /readyz and the Models page: texts per second
// over the last minute, from the micro-batchers' counters sampled every 5 s (a timer that never
// keeps the process alive).
import { defaultEmbeddingModelId, fastEmbeddingModelId, loadedEmbeddingModel } from '@/services/embeddings/embedding-model';
import { defaultSentimentModelId, fastSentimentModelId, loadedSentimentModel } from '@/services/sentiment/sentiment-model';

export interface ModelLiveStats {
  /** Texts per second over the last minute (or since the model loaded, when sooner). */
  textsPerSecond: number;
  /** Texts run since the model loaded. */
  texts: number;
  /** Texts refused because the queue was full (answered 503). */
  rejected: number;
  device: string | null;
}

const WINDOW_MS = 60_000;
const samples: { at: number; texts: Map<string, number> }[] = [];
let timer: NodeJS.Timeout | undefined;

function loadedModels() {
  const out: { id: string; texts: number; rejected: number; device: string | null }[] = [];
  for (const id of new Set([defaultEmbeddingModelId(), fastEmbeddingModelId()])) {
    const m = loadedEmbeddingModel(id);
    if (m) out.push({ id: m.spec.id, texts: m.batchStats?.items ?? 0, rejected: m.batchStats?.rejected ?? 0, device: m.device ?? null });
  }
  for (const id of new Set([defaultSentimentModelId(), fastSentimentModelId()])) {
    const m = loadedSentimentModel(id);
    if (m) out.push({ id: m.spec.id, texts: m.batchStats?.items ?? 0, rejected: m.batchStats?.rejected ?? 0, device: m.device ?? null });
  }
  return out;
}

function sample() {
  const now = Date.now();
  samples.push({ at: now, texts: new Map(loadedModels().map((m) => [m.id, m.texts])) });
  while (samples.length > 1 && samples[0]!.at < now - WINDOW_MS) samples.shift();
}

/** Starts sampling (idempotent). */
export function startModelStats() {
  if (timer) return;
  sample();
  timer = setInterval(sample, 5000);
  timer.unref();
}

/** Per served model id: throughput over the last minute, totals and the device it runs on. */
export function modelLiveStats(): Record<string, ModelLiveStats> {
  const now = Date.now();
  const oldest = samples[0];
  const out: Record<string, ModelLiveStats> = {};
  for (const m of loadedModels()) {
    const before = oldest?.texts.get(m.id);
    const seconds = oldest && before !== undefined ? (now - oldest.at) / 1000 : 0;
    out[m.id] = {
      textsPerSecond: seconds >= 1 ? Math.round(((m.texts - before!) / seconds) * 10) / 10 : 0,
      texts: m.texts,
      rejected: m.rejected,
      device: m.device,
    };
  }
  return out;
}
