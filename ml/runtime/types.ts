// The one interface every Cairn model sits behind (ARCHITECTURE.md, convention 10).

export type ModelTask = 'feature-extraction' | 'text-classification';
export type ModelSource = 'hub' | 'local';

/** What a model is, where it came from and what it is not good at. */
export interface ModelCard {
  name: string;
  version: string;
  task: ModelTask;
  description: string;
  data: string;
  licence: string;
  dims?: number;
  vocabSize?: number;
  tokenizer?: string;
  metrics?: Record<string, number>;
  limitations: string[];
  /** Repository path of the long-form card. */
  card?: string;
}

export interface ModelSpec {
  /** Registry id, e.g. `local:cairn-glove-100d` or `hub:Xenova/all-MiniLM-L6-v2`. */
  id: string;
  name: string;
  task: ModelTask;
  version: string;
  source: ModelSource;
  /** local: the built folder; hub: the model id under the hub (or under localModelPath offline). */
  path: string;
  files: string[];
  card: ModelCard;
  /** Hub models: which ONNX file transformers.js loads (fp32: onnx/model.onnx, q8: onnx/model_quantized.onnx). */
  dtype?: 'fp32' | 'q8';
  /** Tokens read per text; longer texts are cut (documented per model). */
  maxTokens?: number;
  /**
   * Typical cosine of two unrelated texts, and of a question and a passage that answers it, under
   * this model: turns a cosine into a 0..1 "how related" (GloVe averages of any two English texts
   * sit near 0.6; sentence encoders spread unrelated text near 0.1).
   */
  cosineRange?: readonly [unrelated: number, related: number];
}

export interface Model<I, O> {
  readonly spec: ModelSpec;
  readonly card: ModelCard;
  /** Loads weights once, selects the device and warms up. Safe to call more than once. */
  load(): Promise<void>;
  /** One batch in, one output per input, in order. */
  predict(batch: I[]): Promise<O[]>;
  dispose(): Promise<void>;
}

/** The small part of a pino logger that ml/ uses (so ml/ imports nothing from services/). */
export interface MlLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export const silentLogger: MlLogger = { info: () => undefined, warn: () => undefined };
