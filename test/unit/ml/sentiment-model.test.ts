import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { env as hfEnv } from '@huggingface/transformers';
import { forward, gather, initParams, prng, softmax } from '@/ml/sentiment/cnn';
import { isSentimentModelCurrent, writeSentimentFolder } from '@/ml/sentiment/build';
import { mapHubLabels, SentimentModel, toPrediction } from '@/ml/sentiment/model';
import { normalizeForSentiment } from '@/ml/sentiment/text';
import { headToFile, SENTIMENT_LABELS } from '@/ml/sentiment/weights';
import { tokenTable } from '@/ml/embedding/build';
import { WordTokenizer } from '@/ml/runtime/word-tokenizer';
import { resolveModel } from '@/ml/runtime/registry';
import { sentimentCard } from '@/ml/sentiment/card';
import type { ModelSpec } from '@/ml/runtime/types';
import { tinyVectors } from './tiny-model';

// The sentiment model folder built from tiny vectors and a random head, served through the same
// runtime as the real one: local ONNX + fast tokenizer + micro-batcher, and the hub path
// (transformers.js text-classification) from a folder in the hub layout, remote loading off.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-sentiment-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const wv = tinyVectors();
const { table } = tokenTable(wv);
const config = { dims: wv.dims, widths: [1, 2, 3], filters: 4, classes: 3 };
const params = initParams(config, prng(21));
const T = 1.3;
const head = headToFile(params, { version: '0.0.1', labels: SENTIMENT_LABELS, temperature: T, vocabulary: { source: 'tiny', words: wv.words.length }, maxTokens: 32 });
const localDir = path.join(tmp, 'local');
writeSentimentFolder(wv, head, localDir, 'tiny-sentiment');
const spec: ModelSpec = { id: 'local:tiny-sentiment', name: 'tiny-sentiment', task: 'text-classification', version: '0.0.1', source: 'local', path: localDir, files: [], card: sentimentCard() };

const tokenizer = WordTokenizer.fromWords(wv.words, { maxTokens: 512, normalize: normalizeForSentiment, atLeastOne: true });
const byHand = (text: string, temperature = T) => {
  const ids = tokenizer.ids(text);
  return softmax(forward(params, gather(table, wv.dims, ids), ids.length).logits, temperature);
};

describe('sentiment text normalisation', () => {
  it('splits negations into "not", maps emoticons, drops handles and links', () => {
    const n = (s: string) => normalizeForSentiment(s.toLowerCase()).replace(/\s+/g, ' ').trim();
    expect(n("I don't like it")).toBe('i do not like it');
    expect(n('it does n\'t work')).toBe('it does not work');
    expect(n("I can't, I won't, it didnt")).toBe('i can not, i will not, it did not');
    expect(n('I’m not happy :(')).toBe("i'm not happy sad");
    expect(n('@united thanks :) https://t.co/x #love')).toBe('thanks smile love');
    expect(n('soooo goooood &amp; cheap')).toBe('soo good & cheap');
    expect(tokenizer.words("It isn't good!")).toEqual(['it', 'is', 'not', 'good', '!']);
  });
});

describe('sentiment model folder (tiny vectors)', () => {
  it('writes the files the registry lists, with the labels in config.json', () => {
    for (const f of ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json', 'card.json', 'manifest.json']) expect(fs.existsSync(path.join(localDir, f)), f).toBe(true);
    const cfg = JSON.parse(fs.readFileSync(path.join(localDir, 'config.json'), 'utf8'));
    expect(cfg.id2label).toEqual({ 0: 'negative', 1: 'neutral', 2: 'positive' });
    expect(cfg.temperature).toBe(T);
  });

  it('knows when the built folder is stale: a retrained head is rebuilt, not served', () => {
    const headFile = path.join(tmp, 'head.json');
    fs.writeFileSync(headFile, JSON.stringify(head));
    expect(isSentimentModelCurrent(localDir, headFile)).toBe(true);
    fs.writeFileSync(headFile, JSON.stringify({ ...head, temperature: 2.5 }));
    expect(isSentimentModelCurrent(localDir, headFile)).toBe(false);
    expect(isSentimentModelCurrent(path.join(tmp, 'missing'), headFile)).toBe(false);
  });

  it('refuses a head trained on another vocabulary', () => {
    expect(() => writeSentimentFolder({ ...wv, words: wv.words.slice(1), vectors: wv.vectors.slice(wv.dims) }, head, path.join(tmp, 'bad'))).toThrow(/trained on 50 words/);
  });

  it('serves calibrated probabilities equal to the hand computation, in input order, through the batcher', async () => {
    const model = new SentimentModel(spec, { device: 'cpu', autoBuild: false });
    await model.load();
    expect(model.device).toBe('cpu');
    const texts = ['I love this phone', "it's not good, the price is bad", 'the cat sat on the mat and the dog runs fast and the train leaves at noon', '素晴らしい', '!!!'];
    const out = await model.classify(texts);
    out.forEach((p, i) => {
      const ref = byHand(texts[i]!);
      expect(p.scores.negative).toBeCloseTo(ref[0]!, 5);
      expect(p.scores.neutral).toBeCloseTo(ref[1]!, 5);
      expect(p.scores.positive).toBeCloseTo(ref[2]!, 5);
      expect(p.score).toBeCloseTo(Math.max(...ref), 5);
      expect(p.label).toBe(SENTIMENT_LABELS[ref.indexOf(Math.max(...ref))]);
      expect(p.scores.negative + p.scores.neutral + p.scores.positive).toBeCloseTo(1, 5);
    });
    // Non-English text: an answer, from one unknown token.
    expect(out[3]!.tokens).toBe(1);
    // Same answers one by one (length grouping and batching change nothing).
    for (const [i, t] of texts.entries()) expect((await model.predict([t]))[0]!.scores.positive).toBeCloseTo(out[i]!.scores.positive, 5);
    await model.dispose();
  });

  it('maps hub label names onto negative / neutral / positive', () => {
    expect(mapHubLabels({ 0: 'NEGATIVE', 1: 'POSITIVE' })).toEqual(['negative', 'positive']);
    expect(mapHubLabels({ 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' })).toEqual(['negative', 'neutral', 'positive']);
    expect(mapHubLabels({ 0: '1 star', 1: '2 stars', 2: '3 stars', 3: '4 stars', 4: '5 stars' })).toEqual(['negative', 'negative', 'neutral', 'positive', 'positive']);
    expect(() => mapHubLabels({ 0: 'joy', 1: 'anger' })).toThrow(/cannot map/);
    const p = toPrediction([0.1, 0.2, 0.3, 0.25, 0.15], ['negative', 'negative', 'neutral', 'positive', 'positive'], 3);
    expect(p.label).toBe('positive');
    expect(p.scores.positive).toBeCloseTo(0.4, 6);
  });
});

describe('hub sentiment models from a local folder (allowRemoteModels=false)', () => {
  const modelsDir = path.join(tmp, 'hub');
  const hubDir = path.join(modelsDir, 'cairn-test', 'tiny-sentiment');
  // The same network in the hub layout: onnx/model.onnx with a `logits` output, a BERT-type
  // config with id2label, and the tokenizer files transformers.js reads (the convolution layout:
  // input_ids and attention_mask in, as hub models take).
  writeSentimentFolder(wv, { ...head, temperature: 1 }, path.join(tmp, 'hub-src'), 'tiny-sentiment', 'convolution');
  fs.mkdirSync(path.join(hubDir, 'onnx'), { recursive: true });
  fs.copyFileSync(path.join(tmp, 'hub-src', 'model.onnx'), path.join(hubDir, 'onnx', 'model.onnx'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(tmp, 'hub-src', f), path.join(hubDir, f));
  fs.writeFileSync(path.join(hubDir, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertForSequenceClassification'], id2label: { 0: 'NEG', 1: 'NEU', 2: 'POS' }, label2id: { NEG: 0, NEU: 1, POS: 2 } }));

  it('loads through the transformers.js text-classification pipeline and maps its labels', async () => {
    const hubSpec = resolveModel('hub:cairn-test/tiny-sentiment', 'text-classification', { modelsDir });
    expect(hubSpec).toMatchObject({ source: 'hub', task: 'text-classification', path: 'cairn-test/tiny-sentiment' });
    const model = new SentimentModel(hubSpec, { hub: { localModelPath: modelsDir, allowRemoteModels: false }, device: 'cpu' });
    await model.load();
    expect(hfEnv.allowRemoteModels).toBe(false);
    const texts = ['I love this phone', 'the price is bad'];
    const out = await model.classify(texts);
    out.forEach((p, i) => {
      const ref = byHand(texts[i]!, 1);
      expect(p.scores.negative).toBeCloseTo(ref[0]!, 4);
      expect(p.scores.positive).toBeCloseTo(ref[2]!, 4);
    });
    expect(out[0]!.tokens).toBe(4);
    await model.dispose();
  });

  it('fails clearly, without the network, when the folder is missing', async () => {
    const model = new SentimentModel(resolveModel('hub:Xenova/distilbert-base-uncased-finetuned-sst-2-english', 'text-classification', { modelsDir }), {
      hub: { localModelPath: modelsDir, allowRemoteModels: false },
      device: 'cpu',
    });
    await expect(model.load()).rejects.toThrow();
    expect(model.ready).toBe(false);
  });
});
