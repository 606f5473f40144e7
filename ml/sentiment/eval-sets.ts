// The sentiment evaluation sets, read from ../shared/data and ml/sentiment/eval (no data copied):
// - SST-5 sentences the transformer never trained on (eval/sst5-heldout.json: line numbers chosen
//   by ml/transformers/export_heldout.py, the trainer's own split), detokenized as in training;
// - author-written short review sentences and chat messages (never used for training or selection);
// - the airline tweets of the CNN's 10% test split (the transformer never saw any airline tweet).
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '@/ml/paths';
import { DEFAULT_DATA_DIR, makeSplits, type Example } from './data';

const EVAL_DIR = path.join(PROJECT_ROOT, 'ml', 'sentiment', 'eval');
const LABELS = ['negative', 'neutral', 'positive'] as const;
const SST5: Record<string, number> = { very_negative: 0, negative: 0, neutral: 1, positive: 2, very_positive: 2 };

// The same rules as ml/transformers/sentiment_data.py detokenize(): SST writes "does n't", "it 's".
const DETOK: [RegExp, string][] = [
  [/ n't\b/g, "n't"],
  [/ '(s|re|ve|ll|d|m)\b/g, "'$1"],
  [/ ([,.;:!?%)])/g, '$1'],
  [/-lrb- ?/g, '('],
  [/ ?-rrb-/g, ')'],
  [/`` ?/g, '"'],
  [/ ?''/g, '"'],
  [/\$ (\d)/g, '$$$1'],
];
export function detokenize(text: string): string {
  let s = text.split(/\s+/).filter(Boolean).join(' ');
  for (const [re, to] of DETOK) s = s.replace(re, to);
  return s;
}

function tsvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/\r$/, '').split('\t'));
}

/** SST-5 sentences held out from the transformer's training: `test` is only reported, `dev` chose the epoch and temperature. */
export function sst5HeldOut(split: 'dev' | 'test', dataDir = DEFAULT_DATA_DIR): Example[] {
  const held = JSON.parse(fs.readFileSync(path.join(EVAL_DIR, 'sst5-heldout.json'), 'utf8')) as { dev: number[]; test: number[] };
  const rows = tsvRows(path.join(dataDir, 'sst5-train-sentences.tsv'));
  return held[split].map((line) => {
    const [label, text] = rows[line - 1]!;
    return { text: detokenize(text!), label: SST5[label!.trim()]!, source: 'sst2' as const };
  });
}

/** Author-written sets: `review-sentences.tsv` (label, domain, text) and `chat-messages.tsv` (label, text). */
export function authorSet(name: 'review-sentences' | 'chat-messages'): Example[] {
  return tsvRows(path.join(EVAL_DIR, `${name}.tsv`)).map((r) => ({
    text: (name === 'review-sentences' ? r[2] : r[1])!,
    label: LABELS.indexOf(r[0]!.trim() as (typeof LABELS)[number]),
    source: 'lexicon' as const,
  }));
}

/** The airline tweets of the CNN's own 10% test split (never trained on by either model). */
export function airlineTest(): Example[] {
  return makeSplits({ seed: 20240611 }).test.filter((r) => r.source === 'airline');
}

/**
 * The airline tweets held out from the opt-in airline model's training (the row numbers its trainer
 * wrote to heldout.json beside the model): `test` is only reported, `dev` chose the epoch and
 * temperature. Null when that model is not built.
 */
export function airlineHeldOut(modelDir: string, split: 'dev' | 'test', dataDir = DEFAULT_DATA_DIR): Example[] | null {
  const file = path.join(modelDir, 'heldout.json');
  if (!fs.existsSync(file)) return null;
  const held = JSON.parse(fs.readFileSync(file, 'utf8')) as { rowsAfterHeader: { dev: number[]; test: number[] } };
  const rows = tsvRows(path.join(dataDir, 'airline-tweets.tsv'));
  return held.rowsAfterHeader[split].map((i) => ({ text: rows[i]![1]!, label: LABELS.indexOf(rows[i]![0]!.trim() as (typeof LABELS)[number]), source: 'airline' as const }));
}
