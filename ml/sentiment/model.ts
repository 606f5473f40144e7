// The sentiment model behind the common interface: load() once (building the offline model when
// missing), predict(batch) -> calibrated probabilities per class, classify(texts) through the
// micro-batcher. Local models run our ONNX graph in onnxruntime-node with the fast word tokenizer;
// hub models (`hub:<org>/<name>`) run a transformers.js text-classification model, whose labels are
// mapped onto negative / neutral / positive.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { pipeline, type PreTrainedModel, type PreTrainedTokenizer, type TextClassificationPipeline } from '@huggingface/transformers';
import { MicroBatcher, type BatcherOptions } from '@/lib/micro-batcher';
import { configureHub, hubSessionOptions, loadOnnxSession, type HubOptions } from '@/ml/runtime/loader';
import { withDevice, type DevicePreference } from '@/ml/runtime/device';
import { WordTokenizer } from '@/ml/runtime/word-tokenizer';
import { lengthGroups } from '@/ml/runtime/length-groups';
import { runGrouped, tokenizeAll } from '@/ml/runtime/hub-encoder';
import { silentLogger, type MlLogger, type Model, type ModelCard, type ModelSpec } from '@/ml/runtime/types';
import { ensureSentimentModel } from './build';
import { SENTIMENT_MAX_TOKENS, SENTIMENT_MODEL_NAME } from './card';
import { normalizeForSentiment } from './text';
import { runTapGraph, TapCache } from './serving';
import { SENTIMENT_LABELS, type SentimentLabel } from './weights';

export interface SentimentPrediction {
  label: SentimentLabel;
  /** Probability of `label`. */
  score: number;
  scores: Record<SentimentLabel, number>;
  /** Tokens the model read. */
  tokens: number;
}

export interface SentimentModelOptions {
  device?: DevicePreference;
  log?: MlLogger;
  hub?: HubOptions;
  batch?: BatcherOptions;
  /** Build the offline model when its folder is missing (default true). */
  autoBuild?: boolean;
  threads?: number;
  /** Pool threads busy-wait between parallel parts of a run (onnxruntime's default: true). */
  spinning?: boolean;
  /** Words whose filter taps are kept in memory (local models; ~4.8 KB each); default 20,000. */
  tapCacheWords?: number;
}

export const DEFAULT_SENTIMENT_BATCH: BatcherOptions = { maxBatch: 64, maxWaitMs: 0, maxQueue: 4096 };

/**
 * Maps a hub model's label names onto ours: names containing neg / neu / pos (any case), the
 * conventional LABEL_0..2 (negative, neutral, positive) or LABEL_0..1 (negative, positive), or
 * star ratings ("1 star" .. "5 stars": 1-2 negative, 3 neutral, 4-5 positive).
 */
export function mapHubLabels(id2label: Record<string, string>): SentimentLabel[] {
  const n = Object.keys(id2label).length;
  return Array.from({ length: n }, (_, i) => {
    const name = String(id2label[String(i)] ?? `LABEL_${i}`).toLowerCase();
    if (/neg/.test(name)) return 'negative';
    if (/neu/.test(name)) return 'neutral';
    if (/pos/.test(name)) return 'positive';
    const stars = /^([1-5])\s*stars?$/.exec(name);
    if (stars) return Number(stars[1]) <= 2 ? 'negative' : Number(stars[1]) === 3 ? 'neutral' : 'positive';
    const generic = /^label_(\d+)$/.exec(name);
    if (generic) {
      const k = Number(generic[1]);
      if (n === 3) return SENTIMENT_LABELS[k]!;
      if (n === 2) return k === 0 ? 'negative' : 'positive';
    }
    throw new Error(`cannot map the hub model's label "${id2label[String(i)]}" to negative / neutral / positive`);
  });
}

/** Probabilities per class -> the answer (sums several hub labels mapped to one class). */
export function toPrediction(probs: ArrayLike<number>, labels: readonly SentimentLabel[], tokens: number): SentimentPrediction {
  const scores: Record<SentimentLabel, number> = { negative: 0, neutral: 0, positive: 0 };
  for (let i = 0; i < labels.length; i++) scores[labels[i]!] += probs[i]!;
  let label: SentimentLabel = 'negative';
  for (const l of SENTIMENT_LABELS) if (scores[l] > scores[label]) label = l;
  return { label, score: scores[label], scores, tokens };
}

export class SentimentModel implements Model<string, SentimentPrediction> {
  private session?: ort.InferenceSession;
  private tokenizer?: WordTokenizer;
  private tapCache?: TapCache;
  private hubPipeline?: TextClassificationPipeline;
  private hubLabels: SentimentLabel[] = [...SENTIMENT_LABELS];
  private loading?: Promise<void>;
  private batcher?: MicroBatcher<string, SentimentPrediction>;
  device?: string;
  loadedAt?: Date;
  buildMs?: number;

  constructor(
    readonly spec: ModelSpec,
    private readonly opts: SentimentModelOptions = {},
  ) {}

  get card(): ModelCard {
    return this.spec.card;
  }

  get ready(): boolean {
    return this.loadedAt !== undefined;
  }

  load(): Promise<void> {
    this.loading ??= this.doLoad().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return this.loading;
  }

  private async doLoad() {
    const log = this.opts.log ?? silentLogger;
    const t0 = Date.now();
    if (this.spec.source === 'local') {
      if (this.opts.autoBuild !== false && this.spec.name === SENTIMENT_MODEL_NAME) {
        const built = ensureSentimentModel(this.spec.path);
        if (built) {
          this.buildMs = built.ms;
          log.info({ model: this.spec.id, ms: built.ms, bytes: built.bytes }, 'sentiment model built');
        }
      }
      this.tokenizer = WordTokenizer.fromFile(path.join(this.spec.path, 'tokenizer.json'), {
        maxTokens: SENTIMENT_MAX_TOKENS,
        normalize: normalizeForSentiment,
        atLeastOne: true,
      });
      const config = JSON.parse(fs.readFileSync(path.join(this.spec.path, 'config.json'), 'utf8')) as { cnn: { widths: number[]; filters: number } };
      this.tapCache = new TapCache(config.cnn, this.opts.tapCacheWords);
      const { value, device } = await loadOnnxSession(path.join(this.spec.path, 'model.onnx'), { device: this.opts.device, threads: this.opts.threads, spinning: this.opts.spinning, log });
      this.session = value;
      this.device = device;
    } else {
      if (!this.opts.hub) throw new Error('hub options are required for hub models');
      configureHub(this.opts.hub);
      const { value, device } = await withDevice(this.spec.path, this.opts.device ?? 'auto', log, async (d) =>
        (await pipeline('text-classification', this.spec.path, { device: d, dtype: this.spec.dtype ?? 'fp32', ...hubSessionOptions(this.opts) })) as TextClassificationPipeline,
      );
      this.hubPipeline = value;
      this.hubLabels = mapHubLabels((value.model.config as unknown as { id2label?: Record<string, string> }).id2label ?? { 0: 'LABEL_0', 1: 'LABEL_1' });
      this.device = device;
    }
    await this.predict(['warm up the model', 'it was not bad at all']);
    this.batcher = new MicroBatcher((batch) => this.predict(batch), this.opts.batch ?? DEFAULT_SENTIMENT_BATCH);
    this.loadedAt = new Date();
    log.info({ model: this.spec.id, device: this.device, ms: Date.now() - t0 }, 'sentiment model ready');
  }

  async predict(texts: string[]): Promise<SentimentPrediction[]> {
    if (texts.length === 0) return [];
    if (this.hubPipeline) return this.predictHub(texts);
    if (!this.session || !this.tokenizer || !this.tapCache) throw new Error('model not loaded');
    const ids = texts.map((t) => this.tokenizer!.ids(t));
    const out = new Array<SentimentPrediction>(texts.length);
    const C = SENTIMENT_LABELS.length;
    for (const group of lengthGroups(ids.map((r) => r.length))) {
      const { probabilities: probs } = await runTapGraph(this.session, this.tapCache!, group.map((i) => ids[i]!));
      group.forEach((i, r) => (out[i] = toPrediction(probs.subarray(r * C, (r + 1) * C), SENTIMENT_LABELS, ids[i]!.length)));
    }
    return out;
  }

  /** Hub models: calibrated logits (our own model folds its temperature into the graph) -> softmax. */
  private async predictHub(texts: string[]): Promise<SentimentPrediction[]> {
    const p = this.hubPipeline!;
    const ids = tokenizeAll(p.tokenizer as PreTrainedTokenizer, texts, this.spec.maxTokens ?? 512);
    const out = new Array<SentimentPrediction>(texts.length);
    await runGrouped(p.model as PreTrainedModel, ids, 'logits', ({ output, group }) => {
      const classes = output.dims[1]!;
      const data = output.data as Float32Array;
      group.forEach((i, r) => {
        const row = data.subarray(r * classes, (r + 1) * classes);
        let max = -Infinity;
        for (const v of row) max = Math.max(max, v);
        const e = Array.from(row, (v) => Math.exp(v - max));
        const sum = e.reduce((x, y) => x + y, 0);
        out[i] = toPrediction(
          e.map((v) => v / sum),
          this.hubLabels,
          ids[i]!.length,
        );
      });
    });
    return out;
  }

  /** Many callers at once: requests are micro-batched; a full queue rejects with OverloadedError. */
  async classify(texts: string[]): Promise<SentimentPrediction[]> {
    await this.load();
    return this.batcher!.submit(texts);
  }

  get batchStats() {
    return this.batcher?.stats;
  }

  async dispose() {
    this.batcher?.close();
    await this.session?.release();
    await this.hubPipeline?.dispose();
  }
}
