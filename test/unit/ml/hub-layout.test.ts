import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { env as hfEnv } from '@huggingface/transformers';
import { buildModelFolder } from '@/ml/embedding/build';
import { EmbeddingModel } from '@/ml/embedding/model';
import { resolveModel, UnknownModelError } from '@/ml/runtime/registry';
import { handEmbedding, tinyVectors, TINY_DIMS } from './tiny-model';

// The hub path for real (transformers.js pipeline('feature-extraction', '<org>/<name>')), with
// remote loading off: the model is read from <localModelPath>/<org>/<name>/ in the hub layout.
const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-hub-'));
afterAll(() => fs.rmSync(modelsDir, { recursive: true, force: true }));
buildModelFolder(tinyVectors(), { outDir: path.join(modelsDir, 'cairn-test', 'tiny-minilm'), name: 'tiny-minilm', layout: 'hub' });
const hub = { localModelPath: modelsDir, allowRemoteModels: false };

describe('hub models from a local folder (allowRemoteModels=false)', () => {
  it('lays the folder out like a hub repository', () => {
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(fs.existsSync(path.join(modelsDir, 'cairn-test', 'tiny-minilm', f)), f).toBe(true);
    }
  });

  it('loads through the transformers.js pipeline and pools like sentence-transformers (mean, normalised)', async () => {
    const spec = resolveModel('hub:cairn-test/tiny-minilm', 'feature-extraction', { modelsDir });
    expect(spec).toMatchObject({ source: 'hub', path: 'cairn-test/tiny-minilm', version: 'hub' });
    const model = new EmbeddingModel(spec, { hub, device: 'cpu' });
    await model.load();
    expect(hfEnv.allowRemoteModels).toBe(false);
    expect(model.dims).toBe(TINY_DIMS);
    const [a, b] = await model.embed(['I love this phone', 'the cat sat on the mat']);
    const close = (x: Float32Array, y: number[]) => Array.from(x).forEach((v, i) => expect(v).toBeCloseTo(y[i]!, 5));
    close(a!.embedding, handEmbedding(['i', 'love', 'this', 'phone']));
    close(b!.embedding, handEmbedding(['the', 'cat', 'sat', 'on', 'the', 'mat']));
    expect(a!.tokens).toBe(4);
    await model.dispose();
  });

  it('fails clearly, without the network, when the folder is missing', async () => {
    const spec = resolveModel('hub:Xenova/all-MiniLM-L6-v2', 'feature-extraction', { modelsDir });
    expect(spec.card.dims).toBe(384);
    const model = new EmbeddingModel(spec, { hub, device: 'cpu' });
    await expect(model.load()).rejects.toThrow();
    expect(model.ready).toBe(false);
  });

  it('rejects malformed and unknown model ids', () => {
    expect(() => resolveModel('openai:text-embedding-3', 'feature-extraction', { modelsDir })).toThrow(UnknownModelError);
    expect(() => resolveModel('local:nope', 'feature-extraction', { modelsDir })).toThrow(UnknownModelError);
    expect(() => resolveModel('hub:no-org', 'feature-extraction', { modelsDir })).toThrow(UnknownModelError);
    expect(resolveModel('local:cairn-glove-100d', 'feature-extraction', { modelsDir }).path).toBe(path.join(modelsDir, 'build', 'cairn-glove-100d'));
  });
});
