// The opt-in sentiment models (committed under models/, never a default), each loading by its hub
// id from the local folder. The airline model: on tweets its trainer held out (heldout.json) it
// reaches the airline bar, which the default cannot (it may not learn from these tweets).
// The 3-layer student: a 3-layer graph that still reads reviews and neutral requests right.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '@/services/paths';
import { resolveModel } from '@/ml/runtime/registry';
import { SentimentModel } from '@/ml/sentiment/model';
import { airlineHeldOut, authorSet } from '@/ml/sentiment/eval-sets';

const MODELS = path.join(PROJECT_ROOT, 'models');
const DIR = path.join(MODELS, 'cairn', 'sentiment-minilm-l6-airline');
const data = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'sentiment', 'airline-tweets.tsv');
const present = fs.existsSync(path.join(DIR, 'onnx', 'model_quantized.onnx')) && fs.existsSync(data);

let model: SentimentModel | undefined;
let student: SentimentModel | undefined;
afterAll(async () => Promise.all([model?.dispose(), student?.dispose()]));

describe.skipIf(!present)('the opt-in airline sentiment model', () => {
  it('says it is non-commercial, and scores held-out airline tweets right (3 classes) at least 80% of the time', async () => {
    const spec = resolveModel('hub:cairn/sentiment-minilm-l6-airline', 'text-classification', { modelsDir: MODELS });
    expect(spec.card.licence).toMatch(/non-commercial/i);
    model = new SentimentModel(spec, { device: 'cpu', hub: { localModelPath: MODELS, allowRemoteModels: false } });
    await model.load();
    // Every 6th of its 3,000 held-out test tweets: 500, enough to tell 0.85 from 0.80.
    const tweets = airlineHeldOut(DIR, 'test')!.filter((_, i) => i % 6 === 0);
    const labels = ['negative', 'neutral', 'positive'];
    let right = 0;
    for (let i = 0; i < tweets.length; i += 50) {
      const batch = tweets.slice(i, i + 50);
      const predicted = await model.predict(batch.map((t) => t.text));
      predicted.forEach((p, j) => (right += labels.indexOf(p.label) === batch[j]!.label ? 1 : 0));
    }
    expect(right / tweets.length).toBeGreaterThanOrEqual(0.8);
  }, 120_000);
});

const STUDENT_DIR = path.join(MODELS, 'cairn', 'sentiment-minilm-l3');

describe.skipIf(!fs.existsSync(path.join(STUDENT_DIR, 'onnx', 'model_quantized.onnx')))('the opt-in 3-layer student', () => {
  it('loads by its hub id as a 3-layer model and reads review sentences and neutral requests right', async () => {
    const spec = resolveModel('hub:cairn/sentiment-minilm-l3', 'text-classification', { modelsDir: MODELS });
    expect(spec.card.card).toBe('ml/sentiment/MODEL_CARD-student.md');
    expect(JSON.parse(fs.readFileSync(path.join(STUDENT_DIR, 'config.json'), 'utf8')).num_hidden_layers).toBe(3);
    student = new SentimentModel(spec, { device: 'cpu', hub: { localModelPath: MODELS, allowRemoteModels: false } });
    await student.load();
    const reviews = authorSet('review-sentences');
    const predicted = await student.predict(reviews.map((r) => r.text));
    const right = predicted.filter((p, i) => (p.scores.positive > p.scores.negative) === (reviews[i]!.label === 2)).length;
    expect(right / reviews.length).toBeGreaterThanOrEqual(0.95);
    const [ask] = await student.predict(['how much does it cost to rent a tent?']);
    expect(ask!.scores.negative).toBeLessThan(0.6);
  }, 120_000);
});
