import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { buildKey, buildOwner } from '@/test/support/builders';
import { resolveModel } from '@/ml/runtime/registry';

// A fresh clone has no model files (models/build is not committed). The real api process, started
// on an empty MODELS_DIR, must build every default model by itself (offline, in a child process)
// while already answering, then serve them.
const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-fresh-models-'));
let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
afterAll(async () => {
  await api?.stop();
  fs.rmSync(modelsDir, { recursive: true, force: true });
});

describe('models on a fresh start', () => {
  it('the api builds the missing embedding and sentiment models, then serves both', async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner);
    api = await startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort(), env: { MODELS_DIR: modelsDir } });
    const post = (p: string, body: unknown) =>
      fetch(api!.url + p, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // Answers at once (503 while building), never hangs or fails.
    expect((await post('/v1/sentiment', { texts: ['hello'] })).status).toBe(503);
    const deadline = Date.now() + 280_000;
    let embeddings = 0;
    let sentiment = 0;
    while (Date.now() < deadline && (embeddings !== 200 || sentiment !== 200)) {
      await new Promise((r) => setTimeout(r, 1000));
      embeddings = (await post('/v1/embeddings', { input: 'hello' })).status;
      sentiment = (await post('/v1/sentiment', { texts: ['I love it'] })).status;
      expect([200, 503]).toContain(embeddings);
      expect([200, 503]).toContain(sentiment);
    }
    expect([embeddings, sentiment]).toEqual([200, 200]);
    for (const [id, task] of [['local:cairn-glove-100d', 'feature-extraction'], ['local:cairn-sentiment-cnn', 'text-classification']] as const) {
      const spec = resolveModel(id, task, { modelsDir });
      for (const f of spec.files) expect(fs.existsSync(path.join(spec.path, f)), `${id}: ${f}`).toBe(true);
      const manifest = JSON.parse(fs.readFileSync(path.join(spec.path, 'manifest.json'), 'utf8'));
      for (const [f, { bytes }] of Object.entries(manifest.files as Record<string, { bytes: number }>)) expect(fs.statSync(path.join(spec.path, f)).size, f).toBe(bytes);
    }
    const body = await (await post('/v1/sentiment', { texts: ['I love it'] })).json();
    expect(body.results[0].label).toBe('positive');
  }, 300_000);
});
