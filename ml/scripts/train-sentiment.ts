// `npm run models:train:sentiment`: trains the sentiment head on ../shared/data/sentiment over frozen
// GloVe vectors (~10-15 min on 2 cores) and writes ml/sentiment/weights/cairn-sentiment-cnn.json
// (committed, a few hundred KB) with its training record and held-out metrics. Not part of the test
// path: `npm run models:build` turns the committed head into the ONNX model.
//   options: --epochs N --filters N --budget SECONDS --limit N (train on the first N texts: a smoke run) --out FILE
//            --no-lexicon (no VADER lexicon word examples) --lexicon-weight W --balance sqrt|full|none
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadGloveVectors, gloveVersion, GLOVE_PACKAGE } from '@/ml/embedding/glove';
import { tokenTable } from '@/ml/embedding/build';
import { WordTokenizer } from '@/ml/runtime/word-tokenizer';
import { makeSplits } from '@/ml/sentiment/data';
import { encodeExamples, evaluateSplit, predictAll, trainHead } from '@/ml/sentiment/train';
import { normalizeForSentiment } from '@/ml/sentiment/text';
import { headToFile, SENTIMENT_LABELS } from '@/ml/sentiment/weights';
import { SENTIMENT_HEAD_FILE, SENTIMENT_MAX_TOKENS, SENTIMENT_MODEL_VERSION } from '@/ml/sentiment/card';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '6' },
    filters: { type: 'string', default: '100' },
    budget: { type: 'string', default: '840' },
    limit: { type: 'string' },
    seed: { type: 'string', default: '7' },
    'no-lexicon': { type: 'boolean', default: false },
    'lexicon-weight': { type: 'string', default: '0.5' },
    balance: { type: 'string', default: 'sqrt' },
    out: { type: 'string', default: SENTIMENT_HEAD_FILE },
  },
});
const log = (line: string) => process.stderr.write(`[train-sentiment] ${line}\n`);
const t0 = Date.now();
const wv = loadGloveVectors({ sif: false });
const { table, vocabSize } = tokenTable(wv);
log(`GloVe: ${wv.words.length} words x ${wv.dims} dims in ${Date.now() - t0} ms`);
const tokenizer = WordTokenizer.fromWords(wv.words, { maxTokens: SENTIMENT_MAX_TOKENS, normalize: normalizeForSentiment, atLeastOne: true });
const splits = makeSplits({ seed: 20240611, lexicon: !values['no-lexicon'] });
log(`splits: ${JSON.stringify(splits.stats)}`);
const MAX_TRAIN_TOKENS = 80;
const tok = (t: string) => tokenizer.ids(t);
let train = encodeExamples(splits.train, tok, MAX_TRAIN_TOKENS);
if (values.limit) train = train.slice(0, Number(values.limit));
const calibration = encodeExamples(splits.calibration, tok, SENTIMENT_MAX_TOKENS);
const test = encodeExamples(splits.test, tok, SENTIMENT_MAX_TOKENS);
const unknownShare = (() => {
  let n = 0;
  let unk = 0;
  for (const r of train) {
    n += r.ids.length;
    for (const id of r.ids) if (id === 1) unk++;
  }
  return unk / n;
})();
log(`train ${train.length} texts, ${(unknownShare * 100).toFixed(2)}% unknown tokens`);

// Airline tweets are 64% negative (complaints about delays, phones on hold, bags): weighted towards
// balance per class (--balance sqrt: by the square root of the inverse class frequency; full; none),
// so that words common in complaints learn less of a negative lean that misreads product and
// restaurant reviews ("the battery lasts all day").
const balance = (source: string) => {
  const counts = [0, 0, 0];
  for (const r of train) if (r.source === source) counts[r.label]!++;
  const n = counts.reduce((a, b) => a + b, 0);
  const power = values.balance === 'full' ? 1 : 0.5;
  return counts.map((c) => Math.round((c ? (n / (3 * c)) ** power : 1) * 1000) / 1000);
};
const options = {
  config: { dims: wv.dims, widths: [1, 2, 3], filters: Number(values.filters), classes: 3 },
  epochs: Number(values.epochs),
  batchSize: 32,
  learningRate: 1e-3,
  decay: 0.8,
  dropout: 0.5,
  classWeights: [1, 1.5, 1],
  sourceWeights: { lexicon: Number(values['lexicon-weight']) },
  sourceClassWeights: (values.balance === 'none' ? {} : { airline: balance('airline') }) as Record<string, number[]>,
  seed: Number(values.seed),
  maxTokens: MAX_TRAIN_TOKENS,
  timeBudgetSeconds: Number(values.budget),
};
const result = await trainHead(table, vocabSize, train, calibration, { ...options, log });
const testOut = await predictAll(result.params, result.conv, test, result.temperature);
const calOut = await predictAll(result.params, result.conv, calibration, result.temperature);
const rawTestOut = await predictAll(result.params, result.conv, test, 1);
await result.conv.release();
const metrics = {
  heldOutTest: evaluateSplit(test, testOut.map((o) => o.probs)),
  heldOutTestBeforeCalibration: evaluateSplit(test, rawTestOut.map((o) => o.probs)),
  calibration: evaluateSplit(calibration, calOut.map((o) => o.probs)),
};
const file = headToFile(result.params, {
  version: SENTIMENT_MODEL_VERSION,
  labels: SENTIMENT_LABELS,
  temperature: Math.round(result.temperature * 1e6) / 1e6,
  vocabulary: { source: `${GLOVE_PACKAGE}@${gloveVersion()}`, words: vocabSize - 2 },
  maxTokens: SENTIMENT_MAX_TOKENS,
  training: {
    data: splits.stats,
    options: { ...options, timeBudgetSeconds: undefined },
    bestEpoch: result.epoch,
    history: result.history,
    seconds: result.seconds,
    unknownTokenShare: Math.round(unknownShare * 1e4) / 1e4,
  },
  metrics,
});
fs.mkdirSync(path.dirname(values.out!), { recursive: true });
fs.writeFileSync(values.out!, JSON.stringify(file) + '\n');
process.stdout.write(JSON.stringify({ out: values.out, bytes: fs.statSync(values.out!).size, bestEpoch: result.epoch, temperature: file.temperature, seconds: result.seconds, metrics }, null, 2) + '\n');
