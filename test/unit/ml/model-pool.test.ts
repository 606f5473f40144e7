import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModelFolder } from '@/ml/embedding/build';
import { EmbeddingModel } from '@/ml/embedding/model';
import { resolveModel } from '@/ml/runtime/registry';
import { ModelPool } from '@/services/models/model-pool';
import { tinyVectors, TINY_DIMS } from './tiny-model';

// The default model's file is corrupt: the pool serves the fast model instead, says so once in the
// log and on fallbackOf (the Models page and /readyz read it), and never retries the broken model
// in a loop. Real models on both sides (tiny ones in the hub layout), real onnxruntime errors.
const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-pool-'));
afterAll(() => fs.rmSync(modelsDir, { recursive: true, force: true }));
buildModelFolder(tinyVectors(), { outDir: path.join(modelsDir, 'cairn-test', 'good'), name: 'good', layout: 'hub' });
buildModelFolder(tinyVectors(), { outDir: path.join(modelsDir, 'cairn-test', 'broken'), name: 'broken', layout: 'hub' });
fs.writeFileSync(path.join(modelsDir, 'cairn-test', 'broken', 'onnx', 'model.onnx'), 'not an onnx file');

function pool() {
  const created: string[] = [];
  const errors: { obj: object; msg?: string }[] = [];
  const log = { info: () => undefined, warn: () => undefined, error: (obj: object, msg?: string) => void errors.push({ obj, msg }) };
  const p = new ModelPool<EmbeddingModel>('embedding', (id) => {
    created.push(id);
    return new EmbeddingModel(resolveModel(id, 'feature-extraction', { modelsDir }), { device: 'cpu', hub: { localModelPath: modelsDir, allowRemoteModels: false } });
  });
  return { p, created, errors, log };
}

describe('ModelPool', () => {
  it('serves the fast model when the default cannot load, logs one line and does not retry the broken one', async () => {
    const { p, created, errors, log } = pool();
    const m = await p.start('hub:cairn-test/broken', log, 'hub:cairn-test/good');
    expect(m.spec.id).toBe('hub:cairn-test/good');
    expect((await m.embed(['a text']))[0]!.embedding.length).toBe(TINY_DIMS);
    expect(p.fallbackOf('hub:cairn-test/broken')).toMatchObject({ id: 'hub:cairn-test/good' });
    expect(p.status('hub:cairn-test/broken')).toBe('ready');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/hub:cairn-test\/broken could not load; serving the fast model hub:cairn-test\/good/);
    // Later callers get the fallback at once; the broken model is never created again.
    expect(p.ready('hub:cairn-test/broken', log, 'hub:cairn-test/good')?.spec.id).toBe('hub:cairn-test/good');
    await p.start('hub:cairn-test/broken', log, 'hub:cairn-test/good');
    expect(created.filter((id) => id === 'hub:cairn-test/broken')).toHaveLength(1);
    await p.stopAll();
  });

  it('without a fallback, fails clearly and reports the failure', async () => {
    const { p, log } = pool();
    await expect(p.start('hub:cairn-test/broken', log)).rejects.toThrow();
    expect(p.status('hub:cairn-test/broken')).toBe('failed');
    expect(p.failure('hub:cairn-test/broken')).toBeTruthy();
    expect(p.ready('hub:cairn-test/broken', log)).toBeUndefined();
  });

  it('loads each model once and serves concurrent callers the same instance', async () => {
    const { p, created, log } = pool();
    const [a, b] = await Promise.all([p.start('hub:cairn-test/good', log), p.start('hub:cairn-test/good', log)]);
    expect(a).toBe(b);
    expect(created).toEqual(['hub:cairn-test/good']);
    expect(p.loaded('hub:cairn-test/good')).toBe(a);
    await p.stopAll();
    expect(p.loaded('hub:cairn-test/good')).toBeUndefined();
  });
});
