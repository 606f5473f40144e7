// One loader over both runtimes: onnxruntime-node sessions for models we build (local folders),
// transformers.js pipelines for hub models (downloaded where the hub is reachable, or read from a
// local folder in the hub layout with remote loading off).
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { env as hfEnv, pipeline, PreTrainedTokenizer, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { sessionOptions, threadingOptions, withDevice, type DevicePreference, type Threading } from './device';
import type { MlLogger } from './types';

export interface HubOptions {
  /** Where offline hub-layout folders live (<localModelPath>/<org>/<name>/...). */
  localModelPath: string;
  /** false: never contact the hub (transformers.js env.allowRemoteModels). */
  allowRemoteModels: boolean;
  /** Where downloaded hub files are cached. */
  cacheDir?: string;
}

export async function loadOnnxSession(file: string, o: Threading & { device?: DevicePreference; log: MlLogger }) {
  if (!fs.existsSync(file)) throw new Error(`model file missing: ${file}`);
  return withDevice(path.basename(path.dirname(file)), o.device ?? 'auto', o.log, (device) =>
    ort.InferenceSession.create(file, sessionOptions(device, o)),
  );
}

/** A transformers.js tokenizer from a folder's tokenizer.json + tokenizer_config.json (no network). */
export function loadTokenizerFolder(dir: string): PreTrainedTokenizer {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as unknown;
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as unknown;
  const Ctor = PreTrainedTokenizer as unknown as new (json: unknown, config: unknown) => PreTrainedTokenizer;
  return new Ctor(json, config);
}

/** Threads per onnxruntime session for transformers.js models, as for our own (ML_THREADS, decision 18). */
export const hubSessionOptions = (threading: Threading) => (threading.threads ? { session_options: threadingOptions(threading) } : {});

/** Applies hub settings to transformers.js (a process-wide setting). */
export function configureHub(o: HubOptions) {
  hfEnv.allowRemoteModels = o.allowRemoteModels;
  hfEnv.allowLocalModels = true;
  hfEnv.localModelPath = o.localModelPath.endsWith('/') ? o.localModelPath : `${o.localModelPath}/`;
  if (o.cacheDir) hfEnv.cacheDir = o.cacheDir;
}

export async function loadHubFeatureExtraction(
  modelId: string,
  o: HubOptions & Threading & { device?: DevicePreference; log: MlLogger; dtype?: 'fp32' | 'q8' },
): Promise<{ value: FeatureExtractionPipeline; device: string }> {
  configureHub(o);
  return withDevice(modelId, o.device ?? 'auto', o.log, async (device) => {
    const p = await pipeline('feature-extraction', modelId, { device, dtype: o.dtype ?? 'fp32', ...hubSessionOptions(o) });
    return p as FeatureExtractionPipeline;
  });
}
