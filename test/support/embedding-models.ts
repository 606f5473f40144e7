// Two distinct embedding models for tests of a model change: the offline GloVe model (100 d) and
// a tiny model in the hub layout (8 d, 50 words: test/unit/ml/tiny-model.ts), in a temporary
// MODELS_DIR that links the built GloVe folder. The default model (EMBEDDING_MODEL) is switched by
// editing this process's parsed configuration: env() parses once and has no reset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env } from '@/services/config/env';
import { ensureGloveModel } from '@/ml/embedding/build-glove-model';
import { buildModelFolder } from '@/ml/embedding/build';
import { startEmbeddingModel, stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { tinyVectors } from '@/test/unit/ml/tiny-model';

export const GLOVE = 'local:cairn-glove-100d';
export const TINY = 'hub:cairn-test/tiny-minilm';

export async function startTwoModels() {
  const built = path.join(env().MODELS_DIR, 'build');
  ensureGloveModel(path.join(built, 'cairn-glove-100d'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-models-'));
  fs.symlinkSync(built, path.join(dir, 'build'), 'dir');
  buildModelFolder(tinyVectors(), { outDir: path.join(dir, 'cairn-test', 'tiny-minilm'), name: 'tiny-minilm', layout: 'hub' });
  Object.assign(env(), { MODELS_DIR: dir, MODELS_ALLOW_REMOTE: false, EMBEDDING_MODEL: GLOVE, EMBEDDING_FAST_MODEL: GLOVE });
  const glove = await startEmbeddingModel(undefined, GLOVE);
  const tiny = await startEmbeddingModel(undefined, TINY);
  if (glove.dims === tiny.dims) throw new Error('the two test models should differ');
  return {
    glove,
    tiny,
    /** Makes `id` the configured default model (what a deployment changing EMBEDDING_MODEL does). */
    useDefault: (id: string) => void Object.assign(env(), { EMBEDDING_MODEL: id }),
    stop: async () => {
      await stopEmbeddingModel();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
