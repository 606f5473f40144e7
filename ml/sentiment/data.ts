// The sentiment training data (../shared/data/sentiment) and the held-out splits we make from it.
// Deterministic: the same files and seed give the same splits.
//
// Sources (see ml/sentiment/MODEL_CARD.md for licences):
// - SST-2 (GLUE) training sentences and phrases, binary. Held out: 2,000 phrases of 8+ words
//   (1,500 test, 500 calibration). A phrase of the treebank shares sub-phrases with its sentence,
//   so every training phrase of 3+ words that is a span of a held-out phrase, or contains one, is
//   dropped from training (no leak of a held-out sentence through its parts).
// - Airline tweets, three classes (the only neutral source): 80% train, 10% calibration, 10% test,
//   stratified by label, duplicates removed first.
// - movie-review-snippets.tsv is NOT used: despite its name and README entry, its 3,458 rows are
//   doctor-patient interview questions ("what medications are you currently taking"), labelled
//   positive/negative at random as far as sentiment goes (VADER and AFINN score ~50% on it; see
//   `npm run eval:sentiment`). Training on it would teach noise.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '@/ml/paths';
import { prng } from './cnn';

export type Source = 'sst2' | 'airline' | 'movie-snippets' | 'lexicon';
export interface Example {
  text: string;
  /** 0 negative, 1 neutral, 2 positive. */
  label: number;
  source: Source;
}
export interface Splits {
  train: Example[];
  calibration: Example[];
  test: Example[];
  /** The file we do not train on, for the record (evaluated by the baselines only). */
  excluded: Example[];
  stats: Record<string, number>;
}

export const DEFAULT_DATA_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'sentiment');
const LABEL_IDS: Record<string, number> = { negative: 0, neutral: 1, positive: 2, '0': 0, '1': 2 };

function readTsv(file: string): string[][] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return lines
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/\r$/, '').split('\t'));
}

export function readSst2(dir: string): Example[] {
  return readTsv(path.join(dir, 'sst2-train-phrases.tsv')).map(([sentence, label]) => ({ text: sentence!.trim(), label: LABEL_IDS[label!.trim()]!, source: 'sst2' as const }));
}
export function readAirline(dir: string): Example[] {
  return readTsv(path.join(dir, 'airline-tweets.tsv')).map(([label, ...text]) => ({ text: text.join('\t').trim(), label: LABEL_IDS[label!.trim()]!, source: 'airline' as const }));
}
export function readMovieSnippets(dir: string): Example[] {
  const file = path.join(dir, 'movie-review-snippets.tsv');
  if (!fs.existsSync(file)) return [];
  return readTsv(file).map(([label, ...text]) => ({ text: text.join('\t').trim(), label: LABEL_IDS[label!.trim()]!, source: 'movie-snippets' as const }));
}

/**
 * Word-level prior knowledge for training only: the VADER lexicon (Hutto and Gilbert, 2014; MIT,
 * shipped in the dev dependency vader-sentiment) gives ~7,500 words and emoticons a human-rated
 * valence. Words rated at least 1.0 away from neutral become one-word examples ("awful" negative,
 * "superb" positive), and the positive ones also their negation ("not superb" negative), so that
 * sentiment words rare in SST and tweets still have a learned response. Returns [] when the
 * package is not installed (production installs).
 */
export function readLexicon(minValence = 1.0): Example[] {
  let file: string;
  try {
    file = path.join(path.dirname(createRequire(import.meta.url).resolve('vader-sentiment/package.json')), 'vader_lexicon.txt');
  } catch {
    return [];
  }
  const out: Example[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [word, mean] = line.split('\t');
    if (!word || !/^[a-z]+$/.test(word)) continue;
    const v = Number(mean);
    if (v >= minValence) out.push({ text: word, label: 2, source: 'lexicon' }, { text: `not ${word}`, label: 0, source: 'lexicon' });
    else if (v <= -minValence) out.push({ text: word, label: 0, source: 'lexicon' });
  }
  return out;
}

function shuffle<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function dedupe(rows: Example[]): Example[] {
  const seen = new Set<string>();
  return rows.filter((r) => r.text !== '' && r.label !== undefined && !seen.has(r.text) && (seen.add(r.text), true));
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

export function makeSplits(o: { dir?: string; seed?: number; sstHeldOut?: number; sstCalibration?: number; lexicon?: boolean } = {}): Splits {
  const dir = o.dir ?? DEFAULT_DATA_DIR;
  const rand = prng(o.seed ?? 20240611);
  const sst = dedupe(readSst2(dir));
  const airline = dedupe(readAirline(dir));

  // SST-2: held-out phrases of 8+ words, and the training phrases that overlap them removed.
  const long = shuffle(sst.filter((r) => words(r.text).length >= 8), rand);
  const heldOut = long.slice(0, o.sstHeldOut ?? 2000);
  const heldTexts = new Set(heldOut.map((r) => r.text));
  const leaky = new Set<string>();
  for (const h of heldOut) {
    const w = words(h.text);
    for (let a = 0; a < w.length; a++) for (let b = a + 3; b <= w.length; b++) leaky.add(w.slice(a, b).join(' '));
  }
  const minHeld = 8;
  const sstTrain = sst.filter((r) => {
    if (heldTexts.has(r.text) || leaky.has(r.text)) return false;
    const w = words(r.text);
    if (w.length <= minHeld) return true;
    for (let a = 0; a + minHeld <= w.length; a++) for (let b = a + minHeld; b <= w.length; b++) if (heldTexts.has(w.slice(a, b).join(' '))) return false;
    return true;
  });
  const sstCal = heldOut.slice(0, o.sstCalibration ?? 500);
  const sstTest = heldOut.slice(o.sstCalibration ?? 500);

  // Airline: stratified 80/10/10.
  const airTrain: Example[] = [];
  const airCal: Example[] = [];
  const airTest: Example[] = [];
  for (const label of [0, 1, 2]) {
    const rows = shuffle(airline.filter((r) => r.label === label), rand);
    const n = rows.length;
    airCal.push(...rows.slice(0, Math.round(n * 0.1)));
    airTest.push(...rows.slice(Math.round(n * 0.1), Math.round(n * 0.2)));
    airTrain.push(...rows.slice(Math.round(n * 0.2)));
  }
  const lexicon = o.lexicon ? readLexicon() : [];
  const train = shuffle([...sstTrain, ...airTrain, ...lexicon], rand);
  return {
    train,
    calibration: [...sstCal, ...airCal],
    test: [...sstTest, ...airTest],
    excluded: readMovieSnippets(dir),
    stats: {
      sstPhrases: sst.length,
      sstTrain: sstTrain.length,
      sstRemovedAsOverlapping: sst.length - sstTrain.length - heldOut.length,
      sstCalibration: sstCal.length,
      sstTest: sstTest.length,
      airlineTweets: airline.length,
      airlineTrain: airTrain.length,
      airlineCalibration: airCal.length,
      airlineTest: airTest.length,
      lexiconExamples: lexicon.length,
    },
  };
}
