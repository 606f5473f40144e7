import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/services/config/env';
import { isBuilt } from '@/ml/embedding/build';
import { resolveModel } from '@/ml/runtime/registry';
import type { ModelCard, ModelSpec } from '@/ml/runtime/types';
import type { ModelLiveStats } from './model-stats';

export interface ModelStatus {
  /** What the model does in Cairn. */
  role: 'embeddings' | 'sentiment';
  /** `default`: what requests get unless they ask for `fast`. */
  tier: 'default' | 'fast';
  id: string;
  name: string;
  task: ModelSpec['task'];
  version: string;
  /**
   * bundled: committed under MODELS_DIR in the hub layout (no hub needed); hub: downloaded from the
   * hub on first use; local: built offline here from npm packages and committed weights.
   */
  source: 'bundled' | 'hub' | 'local';
  /** Local models: whether the built folder is complete; bundled: whether the files are present; hub: null. */
  built: boolean | null;
  /** Bytes of the model files on disk, when present. */
  bytes: number | null;
  card: ModelCard;
}

/** Held-out metrics a build wrote beside the model (cairn_build.json `metrics`, or the local card.json). */
function readCard(spec: ModelSpec): ModelCard {
  const file = spec.source === 'local' ? path.join(spec.path, 'card.json') : path.join(env().MODELS_DIR, spec.path, 'cairn_build.json');
  if (!fs.existsSync(file)) return spec.card;
  try {
    const extra = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ModelCard>;
    return spec.source === 'local' ? { ...spec.card, ...extra } : { ...spec.card, ...(extra.metrics ? { metrics: extra.metrics } : {}) };
  } catch {
    return spec.card;
  }
}

function fileBytes(spec: ModelSpec): number | null {
  if (spec.source === 'local') {
    if (!isBuilt(spec.path)) return null;
    const manifest = JSON.parse(fs.readFileSync(path.join(spec.path, 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number }> };
    return Object.values(manifest.files).reduce((s, f) => s + f.bytes, 0);
  }
  const files = spec.files.map((f) => path.join(env().MODELS_DIR, spec.path, f));
  return files.every((f) => fs.existsSync(f)) ? files.reduce((s, f) => s + fs.statSync(f).size, 0) : null;
}

/** The models this deployment serves (EMBEDDING_MODEL, SENTIMENT_MODEL and their fast options), with cards. */
export function listModels(): ModelStatus[] {
  const e = env();
  const models: [ModelStatus['role'], ModelStatus['tier'], string, ModelSpec['task']][] = [
    ['embeddings', 'default', e.EMBEDDING_MODEL, 'feature-extraction'],
    ['sentiment', 'default', e.SENTIMENT_MODEL, 'text-classification'],
    ['embeddings', 'fast', e.EMBEDDING_FAST_MODEL, 'feature-extraction'],
    ['sentiment', 'fast', e.SENTIMENT_FAST_MODEL, 'text-classification'],
  ];
  const seen = new Set<string>();
  return models.flatMap(([role, tier, id, task]) => {
    if (seen.has(id)) return [];
    seen.add(id);
    const spec = resolveModel(id, task, { modelsDir: e.MODELS_DIR });
    const bytes = fileBytes(spec);
    const source = spec.source === 'local' ? 'local' : bytes !== null ? 'bundled' : 'hub';
    return [{ role, tier, id: spec.id, name: spec.name, task, version: spec.version, source, built: spec.source === 'local' ? isBuilt(spec.path) : source === 'bundled' ? true : null, bytes, card: readCard(spec) }];
  });
}

/** Bundled models a deployment may choose by configuration but that are never a default (their licence or purpose). */
const OPT_IN_MODELS: { role: ModelStatus['role']; id: string; task: ModelSpec['task']; setting: string }[] = [
  { role: 'sentiment', id: 'hub:cairn/sentiment-minilm-l6-airline', task: 'text-classification', setting: 'SENTIMENT_MODEL' },
  { role: 'sentiment', id: 'hub:cairn/sentiment-minilm-l3', task: 'text-classification', setting: 'SENTIMENT_MODEL' },
];

export interface OptInModel {
  role: ModelStatus['role'];
  id: string;
  name: string;
  /** The setting that serves it, e.g. SENTIMENT_MODEL=hub:cairn/sentiment-minilm-l6-airline. */
  setting: string;
  bytes: number;
  card: ModelCard;
}

/** Opt-in models present on disk and not served now. */
export function listOptInModels(): OptInModel[] {
  const e = env();
  const served = new Set([e.EMBEDDING_MODEL, e.SENTIMENT_MODEL, e.EMBEDDING_FAST_MODEL, e.SENTIMENT_FAST_MODEL]);
  return OPT_IN_MODELS.flatMap((m) => {
    if (served.has(m.id)) return [];
    const spec = resolveModel(m.id, m.task, { modelsDir: e.MODELS_DIR });
    const bytes = fileBytes(spec);
    return bytes === null ? [] : [{ role: m.role, id: m.id, name: spec.name, setting: `${m.setting}=${m.id}`, bytes, card: readCard(spec) }];
  });
}

export interface ApiModelState {
  /** False when the api could not be asked (not running, or another host without access). */
  reachable: boolean;
  models: Record<string, string>;
  stats: Record<string, ModelLiveStats>;
}

/** What the api process says of its models (/readyz): state, fallbacks and live throughput. */
export async function apiModelState(): Promise<ApiModelState> {
  try {
    const res = await fetch(`${env().PUBLIC_API_URL}/readyz`, { signal: AbortSignal.timeout(1500) });
    const body = (await res.json()) as { models?: Record<string, string>; modelStats?: Record<string, ModelLiveStats> };
    return { reachable: res.ok, models: body.models ?? {}, stats: body.modelStats ?? {} };
  } catch {
    return { reachable: false, models: {}, stats: {} };
  }
}
