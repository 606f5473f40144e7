// Builds a word-embedding sentence encoder folder that transformers.js and onnxruntime-node load:
//   model.onnx (pooled graph) or onnx/model.onnx (hub layout), tokenizer.json (WordLevel, lowercase,
//   BERT punctuation pre-tokenizer), tokenizer_config.json, config.json, manifest.json.
// Every function is deterministic: the same words and vectors give the same bytes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildEmbeddingGraph } from './onnx-graph';

export const PAD_TOKEN = '[PAD]';
export const UNK_TOKEN = '[UNK]';
export const MAX_TOKENS = 256;

// The pre-tokenizer (BertPreTokenizer) splits on whitespace and on each punctuation character, so
// only words of non-punctuation characters, or one punctuation character, can ever be looked up.
const PUNCT = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const WORD = new RegExp(`^[^\\s${PUNCT}]+$`, 'u');
const ONE_PUNCT = new RegExp(`^[${PUNCT}]$`, 'u');
export const isTokenizable = (w: string) => w === w.toLowerCase() && (WORD.test(w) || ONE_PUNCT.test(w));

export interface WordVectors {
  /** Words in a fixed order (GloVe: by corpus frequency, most frequent first). */
  words: string[];
  /** Row-major [words.length, dims]. */
  vectors: Float32Array;
  dims: number;
}

export interface BuildOptions {
  outDir: string;
  name: string;
  /** 'local': pooled graph at model.onnx; 'hub': token vectors at onnx/model.onnx (hub layout). */
  layout: 'local' | 'hub';
  maxTokens?: number;
  card?: object;
}

/** The token table: row 0 [PAD] and row 1 [UNK] are zero vectors, then the words. */
export function tokenTable(wv: WordVectors) {
  const vocabSize = wv.words.length + 2;
  const table = new Float32Array(vocabSize * wv.dims);
  table.set(wv.vectors, 2 * wv.dims);
  return { vocabSize, table };
}

export function tokenizerJson(words: string[]) {
  const vocab: Record<string, number> = { [PAD_TOKEN]: 0, [UNK_TOKEN]: 1 };
  words.forEach((w, i) => (vocab[w] = i + 2));
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, PAD_TOKEN), special(1, UNK_TOKEN)],
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab, unk_token: UNK_TOKEN },
  };
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Builds a word-embedding encoder folder (written atomically, see writeModelFolder). */
export function buildModelFolder(wv: WordVectors, o: BuildOptions): { dir: string; files: Record<string, { bytes: number; sha256: string }> } {
  const { vocabSize, table } = tokenTable(wv);
  const onnxBytes = buildEmbeddingGraph({ table, vocabSize, dims: wv.dims, pooled: o.layout === 'local', name: o.name });
  const maxTokens = o.maxTokens ?? MAX_TOKENS;
  const files: Record<string, Uint8Array | string> = {
    [o.layout === 'local' ? 'model.onnx' : 'onnx/model.onnx']: onnxBytes,
    'tokenizer.json': JSON.stringify(tokenizerJson(wv.words)),
    'tokenizer_config.json': JSON.stringify(
      { tokenizer_class: 'PreTrainedTokenizer', model_max_length: maxTokens, pad_token: PAD_TOKEN, unk_token: UNK_TOKEN, do_lower_case: true },
      null,
      2,
    ),
    'config.json': JSON.stringify({ model_type: 'cairn-word-embedding', hidden_size: wv.dims, vocab_size: vocabSize, max_position_embeddings: maxTokens }, null, 2),
  };
  if (o.card) files['card.json'] = JSON.stringify(o.card, null, 2);
  return { dir: o.outDir, files: writeModelFolder(o.outDir, files, { name: o.name, layout: o.layout }) };
}

export type Manifest = Record<string, { bytes: number; sha256: string }>;

/**
 * Writes a model folder atomically (a temporary sibling renamed into place), so a reader never
 * sees a half-written model and two concurrent builds do not corrupt each other. manifest.json
 * (sizes and SHA-256 of every file) is written last: its presence marks a complete folder.
 */
export function writeModelFolder(outDir: string, files: Record<string, Uint8Array | string>, meta: object): Manifest {
  const manifest: Manifest = {};
  for (const [name, data] of Object.entries(files)) manifest[name] = { bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength, sha256: sha256(data) };

  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
    fs.writeFileSync(path.join(tmp, name), data);
  }
  fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify({ ...meta, files: manifest }, null, 2));
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  fs.rmSync(outDir, { recursive: true, force: true });
  try {
    fs.renameSync(tmp, outDir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    // Another process finished the same build first: theirs is complete, keep it.
    if (!isBuilt(outDir)) throw err;
  }
  return manifest;
}

/** A model folder is complete once its manifest is written. */
export const isBuilt = (dir: string) => fs.existsSync(path.join(dir, 'manifest.json'));

/**
 * Smooth inverse frequency weights (Arora et al., 2017: a / (a + p(w))), with p(w) estimated from
 * the frequency rank by Zipf's law, since the vectors come ordered by corpus frequency. Frequent
 * words ("the", ",", "is") then weigh little in the mean of a sentence.
 */
export function sifWeight(rank: number, vocabSize: number, a = 1e-3): number {
  const harmonic = Math.log(vocabSize) + 0.5772156649;
  const p = 1 / ((rank + 1) * harmonic);
  return a / (a + p);
}
