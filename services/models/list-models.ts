import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/services/config/env';
import { isBuilt } from '@/ml/embedding/build';
import { resolveModel } from '@/ml/runtime/registry';
import type { ModelCard, ModelSpec } from '@/ml/runtime/types';

export interface ModelStatus {
  /** What the model does in Cairn. */
  role: 'embeddings' | 'sentiment';
  id: string;
  name: string;
  task: ModelSpec['task'];
  version: string;
  source: ModelSpec['source'];
  /** Local models: whether the built folder is complete. Hub models: null (loaded on demand). */
  built: boolean | null;
  /** Local models: total bytes of the built files. */
  bytes: number | null;
  card: ModelCard;
}

function readCard(spec: ModelSpec): ModelCard {
  // The built folder's card.json carries what the build knew (metrics, vocabulary size).
  const file = path.join(spec.path, 'card.json');
  if (spec.source === 'local' && fs.existsSync(file)) {
    try {
      return { ...spec.card, ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ModelCard>) };
    } catch {
      return spec.card;
    }
  }
  return spec.card;
}

function folderBytes(spec: ModelSpec): number | null {
  if (spec.source !== 'local' || !isBuilt(spec.path)) return null;
  const manifest = JSON.parse(fs.readFileSync(path.join(spec.path, 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number }> };
  return Object.values(manifest.files).reduce((s, f) => s + f.bytes, 0);
}

/** The models this deployment is configured to serve (EMBEDDING_MODEL, SENTIMENT_MODEL), with cards. */
export function listModels(): ModelStatus[] {
  const e = env();
  const models: [ModelStatus['role'], string, ModelSpec['task']][] = [
    ['embeddings', e.EMBEDDING_MODEL, 'feature-extraction'],
    ['sentiment', e.SENTIMENT_MODEL, 'text-classification'],
  ];
  return models.map(([role, id, task]) => {
    const spec = resolveModel(id, task, { modelsDir: e.MODELS_DIR });
    return {
      role,
      id: spec.id,
      name: spec.name,
      task,
      version: spec.version,
      source: spec.source,
      built: spec.source === 'local' ? isBuilt(spec.path) : null,
      bytes: folderBytes(spec),
      card: readCard(spec),
    };
  });
}
