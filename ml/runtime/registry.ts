// The model registry: every model Cairn can serve, by id. `local:` models are built here from data
// we ship (no hub needed); `hub:` models load through transformers.js from the hub or, with remote
// loading off, from a local folder in the hub layout (<localModelPath>/<org>/<name>/...).
import path from 'node:path';
import type { ModelCard, ModelSpec, ModelTask } from './types';
import { gloveCard, GLOVE_MODEL_NAME, GLOVE_MODEL_VERSION } from '@/ml/embedding/card';

export interface RegistryOptions {
  /** Root of model folders: built local models in <modelsDir>/build/<name>, hub models in <modelsDir>/<org>/<name>. */
  modelsDir: string;
}

const HUB_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
const LOCAL_FILES = ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json', 'manifest.json'];

const KNOWN_HUB_CARDS: Record<string, Partial<ModelCard>> = {
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
    if (name !== GLOVE_MODEL_NAME || task !== 'feature-extraction') throw new UnknownModelError(`no local ${task} model named "${name}"`);
    const card = gloveCard();
    return { id, name, task, version: GLOVE_MODEL_VERSION, source, path: path.join(o.modelsDir, 'build', name), files: LOCAL_FILES, card };
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
