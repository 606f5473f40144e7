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
