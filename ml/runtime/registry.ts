// The model registry: every model Cairn can serve, by id. `local:` models are built here from data
// we ship (no hub needed); `hub:` models load through transformers.js from the hub or, with remote
// loading off, from a local folder in the hub layout (<localModelPath>/<org>/<name>/...).
import path from 'node:path';
import type { ModelCard, ModelSpec, ModelTask } from './types';
import { gloveCard, GLOVE_MODEL_NAME, GLOVE_MODEL_VERSION } from '@/ml/embedding/card';
import { sentimentCard, SENTIMENT_MODEL_NAME, SENTIMENT_MODEL_VERSION } from '@/ml/sentiment/card';

export interface RegistryOptions {
  /** Root of model folders: built local models in <modelsDir>/build/<name>, hub models in <modelsDir>/<org>/<name>. */
  modelsDir: string;
}

const HUB_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
const LOCAL_FILES = ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json', 'card.json', 'manifest.json'];

const KNOWN_HUB_CARDS: Record<string, Partial<ModelCard>> = {
  'Xenova/distilbert-base-uncased-finetuned-sst-2-english': {
    description: 'DistilBERT fine-tuned on SST-2 (ONNX export by Xenova): binary negative / positive (neutral is always 0).',
    data: 'SST-2 (see the model card on the hub)',
    licence: 'Apache-2.0',
  },
  'Xenova/twitter-roberta-base-sentiment-latest': {
    description: 'cardiffnlp twitter-roberta-base-sentiment-latest (ONNX export by Xenova): negative / neutral / positive.',
    data: '~124M tweets, fine-tuned on TweetEval (see the model card on the hub)',
    licence: 'see the model card on the hub',
  },
  'Xenova/all-MiniLM-L6-v2': {
    description: 'sentence-transformers/all-MiniLM-L6-v2 (ONNX export by Xenova): mean-pooled, normalised 384-dim sentence embeddings.',
    data: '1B+ sentence pairs (see the sentence-transformers model card)',
    licence: 'Apache-2.0',
    dims: 384,
  },
};

export class UnknownModelError extends Error {}

/** Resolves `local:<name>` or `hub:<org>/<name>` to a spec. */
export function resolveModel(id: string, task: ModelTask, o: RegistryOptions): ModelSpec {
  const m = /^(local|hub):(.+)$/.exec(id.trim());
  if (!m) throw new UnknownModelError(`model id must be local:<name> or hub:<org>/<name>, got "${id}"`);
  const [, source, name] = m as unknown as [string, 'local' | 'hub', string];
  if (source === 'local') {
    const dir = path.join(o.modelsDir, 'build', name);
    if (name === GLOVE_MODEL_NAME && task === 'feature-extraction') return { id, name, task, version: GLOVE_MODEL_VERSION, source, path: dir, files: LOCAL_FILES, card: gloveCard() };
    if (name === SENTIMENT_MODEL_NAME && task === 'text-classification') return { id, name, task, version: SENTIMENT_MODEL_VERSION, source, path: dir, files: LOCAL_FILES, card: sentimentCard() };
    throw new UnknownModelError(`no local ${task} model named "${name}"`);
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(name)) throw new UnknownModelError(`hub model ids look like org/name, got "${name}"`);
  const known = KNOWN_HUB_CARDS[name] ?? {};
  const card: ModelCard = {
    name,
    version: 'hub',
    task,
    description: known.description ?? `Hub model ${name}`,
    data: known.data ?? 'see the model card on the hub',
    licence: known.licence ?? 'see the model card on the hub',
    ...(known.dims ? { dims: known.dims } : {}),
    limitations: ['Needs the hub, or the model folder under the local model path when remote loading is off.'],
  };
  return { id, name, task, version: 'hub', source, path: name, files: HUB_FILES, card };
}
