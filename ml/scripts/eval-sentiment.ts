// `npm run eval:sentiment`: the served sentiment model (local:cairn-sentiment-cnn, built from the
// committed head) against VADER (npm vader-sentiment) and AFINN (npm sentiment) on the same
// sentences: the held-out splits we make from ../shared/data/sentiment (never trained on), an
// author-written set of short product / restaurant / movie review sentences
// (ml/sentiment/eval/review-sentences.tsv, never used for training or model selection), and the
// excluded movie-review-snippets file (to show why it is excluded). Prints JSON.
//   options: --head FILE (evaluate another trained head; built into a temporary folder)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import vader from 'vader-sentiment';
import Sentiment from 'sentiment';
import { makeSplits, type Example } from '@/ml/sentiment/data';
import { ensureSentimentModel, buildSentimentModel } from '@/ml/sentiment/build';
import { SentimentModel } from '@/ml/sentiment/model';
import { resolveModel } from '@/ml/runtime/registry';
import { confusion, round } from '@/ml/sentiment/metrics';
import { SENTIMENT_HEAD_FILE, SENTIMENT_MODEL_NAME } from '@/ml/sentiment/card';
import { PROJECT_ROOT } from '@/ml/paths';

const { values } = parseArgs({ options: { head: { type: 'string' } } });
const modelsDir = process.env.MODELS_DIR ? path.resolve(PROJECT_ROOT, process.env.MODELS_DIR) : path.join(PROJECT_ROOT, 'models');
let dir = path.join(modelsDir, 'build', SENTIMENT_MODEL_NAME);
let tmp: string | undefined;
if (values.head) {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-eval-'));
  dir = path.join(tmp, SENTIMENT_MODEL_NAME);
  buildSentimentModel(dir, path.resolve(values.head));
} else ensureSentimentModel(dir, SENTIMENT_HEAD_FILE);

const spec = { ...resolveModel(`local:${SENTIMENT_MODEL_NAME}`, 'text-classification', { modelsDir }), path: dir };
const model = new SentimentModel(spec, { device: 'cpu', autoBuild: false });
await model.load();
const afinn = new Sentiment();
const LABELS = ['negative', 'neutral', 'positive'] as const;

function reviewSentences(): Example[] {
  const file = path.join(PROJECT_ROOT, 'ml', 'sentiment', 'eval', 'review-sentences.tsv');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const [label, , text] = l.split('\t');
      return { text: text!, label: LABELS.indexOf(label as (typeof LABELS)[number]), source: 'sst2' as const };
    });
}

async function evaluate(rows: Example[]) {
  const preds: Awaited<ReturnType<SentimentModel["predict"]>> = [];
  for (let i = 0; i < rows.length; i += 64) preds.push(...(await model.predict(rows.slice(i, i + 64).map((r) => r.text))));
  const binary = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.label !== 1);
  const acc = (f: (i: number) => boolean) => round(binary.filter(({ i }) => f(i)).length / binary.length);
  const v = rows.map((r) => vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound);
  const a = rows.map((r) => afinn.analyze(r.text).score);
  const cairnLabels = preds.map((p) => LABELS.indexOf(p.label));
  const out: Record<string, unknown> = {
    n: rows.length,
    binary: {
      n: binary.length,
      // A 3-class answer read as binary: more probability on positive than on negative.
      cairn: acc((i) => (preds[i]!.scores.positive > preds[i]!.scores.negative) === (rows[i]!.label === 2)),
      // Strict: the 3-class label itself must be right (neutral counts as wrong).
      cairnStrict: acc((i) => cairnLabels[i] === rows[i]!.label),
      cairnPredictedNeutral: acc((i) => cairnLabels[i] === 1),
      // Lexicon baselines: positive when the score is >= 0 (VADER compound, AFINN sum).
      vader: acc((i) => (v[i]! >= 0) === (rows[i]!.label === 2)),
      afinn: acc((i) => (a[i]! >= 0) === (rows[i]!.label === 2)),
    },
  };
  if (rows.some((r) => r.label === 1)) {
    const labels = rows.map((r) => r.label);
    out.threeClass = {
      labels: LABELS,
      cairn: { accuracy: round(cairnLabels.filter((p, i) => p === labels[i]).length / rows.length), confusion: confusion(labels, cairnLabels) },
      // VADER's own thresholds: compound >= 0.05 positive, <= -0.05 negative, else neutral.
      vader: (() => {
        const pv = v.map((c) => (c >= 0.05 ? 2 : c <= -0.05 ? 0 : 1));
        return { accuracy: round(pv.filter((p, i) => p === labels[i]).length / rows.length), confusion: confusion(labels, pv) };
      })(),
    };
  }
  return out;
}

const splits = makeSplits({ seed: 20240611 });
const bySource = (rows: Example[], s: string) => rows.filter((r) => r.source === s);
const sst = bySource(splits.test, 'sst2');
const airline = bySource(splits.test, 'airline');
const result = {
  model: { id: spec.id, version: spec.version, head: values.head ?? path.relative(PROJECT_ROOT, SENTIMENT_HEAD_FILE) },
  heldOut: {
    'sst2 (1,500 held-out phrases of 8+ words)': await evaluate(sst),
    'airline tweets (10% held out, 3 classes)': await evaluate(airline),
    'all held-out': await evaluate([...sst, ...airline]),
  },
  'review sentences (author-written, 101, out of domain)': await evaluate(reviewSentences()),
  'movie-review-snippets.tsv (excluded from training: not sentiment data)': await evaluate(splits.excluded),
  notes: [
    'binary.cairn reads the 3-class model as binary (positive vs negative probability); binary.cairnStrict needs the 3-class label to match (neutral answers count as wrong).',
    'VADER and AFINN: positive when their score is >= 0.',
  ],
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
await model.dispose();
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
