// The embedding model behind the common interface: load() once (building the offline model when
// missing), predict(batch) -> one unit vector per text, embed(texts) through the micro-batcher.
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { FeatureExtractionPipeline, PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import { MicroBatcher, type BatcherOptions } from '@/lib/micro-batcher';
import { loadHubFeatureExtraction, loadOnnxSession, type HubOptions } from '@/ml/runtime/loader';
import { meanPoolNormalized, runGrouped, tokenizeAll } from '@/ml/runtime/hub-encoder';
import { WordTokenizer } from '@/ml/runtime/word-tokenizer';
import type { DevicePreference } from '@/ml/runtime/device';
import { silentLogger, type MlLogger, type Model, type ModelCard, type ModelSpec } from '@/ml/runtime/types';
import { ensureGloveModel } from './build-glove-model';
import { GLOVE_MODEL_NAME } from './card';
import { MAX_TOKENS } from './build';

export interface Embedding {
  embedding: Float32Array;
  /** Tokens the model read (after truncation). */
  tokens: number;
}

export interface EmbeddingModelOptions {
  device?: DevicePreference;
  log?: MlLogger;
  hub?: HubOptions;
  batch?: BatcherOptions;
  /** Build the offline model when its folder is missing (default true). */
  autoBuild?: boolean;
  threads?: number;
  /** Pool threads busy-wait between parallel parts of a run (onnxruntime's default: true). */
  spinning?: boolean;
}

export const DEFAULT_BATCH: BatcherOptions = { maxBatch: 64, maxWaitMs: 0, maxQueue: 4096 };

export class EmbeddingModel implements Model<string, Embedding> {
  private session?: ort.InferenceSession;
  private tokenizer?: PreTrainedTokenizer;
  /** Local models: the fast word tokenizer (same ids as transformers.js on the folder's tokenizer.json). */
  private words?: WordTokenizer;
  private extractor?: FeatureExtractionPipeline;
  private loading?: Promise<void>;
  private batcher?: MicroBatcher<string, Embedding>;
  private outputName = 'sentence_embedding';
  device?: string;
  dims?: number;
  loadedAt?: Date;
  buildMs?: number;

  constructor(
    readonly spec: ModelSpec,
    private readonly opts: EmbeddingModelOptions = {},
  ) {}

  get card(): ModelCard {
    return this.spec.card;
  }

  get ready(): boolean {
    return this.loadedAt !== undefined;
  }

  load(): Promise<void> {
    this.loading ??= this.doLoad().catch((err: unknown) => {
      this.loading = undefined; // a later call may try again
      throw err;
    });
    return this.loading;
  }

  private async doLoad() {
    const log = this.opts.log ?? silentLogger;
    const t0 = Date.now();
    if (this.spec.source === 'local') {
      if (this.opts.autoBuild !== false && this.spec.name === GLOVE_MODEL_NAME) {
        const built = ensureGloveModel(this.spec.path);
        if (built) {
          this.buildMs = built.ms;
          log.info({ model: this.spec.id, ms: built.ms, bytes: built.bytes }, 'embedding model built');
        }
      }
      this.words = WordTokenizer.fromFile(path.join(this.spec.path, 'tokenizer.json'), { maxTokens: MAX_TOKENS });
      const { value, device } = await loadOnnxSession(path.join(this.spec.path, 'model.onnx'), { device: this.opts.device, threads: this.opts.threads, spinning: this.opts.spinning, log });
      this.session = value;
      this.device = device;
      this.outputName = value.outputNames.includes('sentence_embedding') ? 'sentence_embedding' : value.outputNames[0]!;
    } else {
      if (!this.opts.hub) throw new Error('hub options are required for hub models');
      const { value, device } = await loadHubFeatureExtraction(this.spec.path, { ...this.opts.hub, device: this.opts.device, log, dtype: this.spec.dtype, threads: this.opts.threads, spinning: this.opts.spinning });
      this.extractor = value;
      this.tokenizer = value.tokenizer;
      this.device = device;
    }
    // Warm-up: the first run allocates and plans; pay for it here, not in a caller's request.
    const [warm] = await this.predict(['warm up the model']);
    this.dims = warm!.embedding.length;
    this.batcher = new MicroBatcher((batch) => this.predict(batch), this.opts.batch ?? DEFAULT_BATCH);
    this.loadedAt = new Date();
    log.info({ model: this.spec.id, device: this.device, dims: this.dims, ms: Date.now() - t0 }, 'embedding model ready');
  }

  /** Tokens read per text: the registry's limit for hub models, MAX_TOKENS for local ones. */
  get maxTokens(): number {
    return this.spec.maxTokens ?? MAX_TOKENS;
  }

  async predict(texts: string[]): Promise<Embedding[]> {
    if (texts.length === 0) return [];
    if (this.extractor) {
      const ids = tokenizeAll(this.tokenizer!, texts, this.maxTokens);
      const out = new Array<Embedding>(texts.length);
      await runGrouped(this.extractor.model as PreTrainedModel, ids, 'last_hidden_state', ({ output, group, cols, mask }) => {
        const dims = output.dims[2]!;
        meanPoolNormalized(output.data as Float32Array, group.length, cols, dims, mask).forEach((v, r) => {
          out[group[r]!] = { embedding: v, tokens: ids[group[r]!]!.length };
        });
      });
      return out;
    }
    if (!this.session || !this.words) throw new Error('model not loaded');
    const { inputIds, attentionMask, tokens, rows, cols } = this.words.encode(texts);
    const feeds = {
      input_ids: new ort.Tensor('int64', inputIds, [rows, cols]),
      attention_mask: new ort.Tensor('int64', attentionMask, [rows, cols]),
    };
    const result = await this.session.run(feeds);
    const out = result[this.outputName]!;
    const data = out.data as Float32Array;
    const dims = out.dims[out.dims.length - 1]!;
    return texts.map((_, i) => ({ embedding: data.slice(i * dims, (i + 1) * dims), tokens: tokens[i]! }));
  }

  /** Many callers at once: requests are micro-batched; a full queue rejects with OverloadedError. */
  async embed(texts: string[]): Promise<Embedding[]> {
    await this.load();
    return this.batcher!.submit(texts);
  }

  get batchStats() {
    return this.batcher?.stats;
  }

  async dispose() {
    this.batcher?.close();
    await this.session?.release();
    await this.extractor?.dispose();
  }
}
