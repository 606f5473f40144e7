// A fast word-level tokenizer equivalent to the `tokenizer.json` our GloVe-based models ship
// (Lowercase normalizer, BertPreTokenizer, WordLevel model), for the hot path: one regex pass and
// a Map lookup per word, ids written straight into the int64 tensors onnxruntime takes. Gives the
// same ids as transformers.js on the same tokenizer.json (test/unit/ml/word-tokenizer.test.ts);
// transformers.js builds several intermediate arrays and objects per text and cost more than the
// model itself at batch 64.
import fs from 'node:fs';

// The BertPreTokenizer pattern (HF tokenizers / transformers.js): runs of non-space,
// non-punctuation characters, or one punctuation character.
const PUNCT = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKENIZE = new RegExp(`[^\\s${PUNCT}]+|[${PUNCT}]`, 'gu');

export interface WordTokenizerOptions {
  padId?: number;
  unkId?: number;
  /** Tokens kept per text (the rest is cut). */
  maxTokens: number;
  /** Extra normalisation applied after lowercasing (e.g. the sentiment model's negation rules). */
  normalize?: (lowercased: string) => string;
  /** A text with no token at all gets one [UNK] (models that need at least one position). */
  atLeastOne?: boolean;
}

export interface EncodedBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  rows: number;
  cols: number;
  /** Tokens per text (after truncation). */
  tokens: number[];
}

export class WordTokenizer {
  readonly padId: number;
  readonly unkId: number;

  constructor(
    private readonly vocab: Map<string, number>,
    private readonly opts: WordTokenizerOptions,
  ) {
    this.padId = opts.padId ?? 0;
    this.unkId = opts.unkId ?? 1;
  }

  /** From a WordLevel tokenizer.json (the format our model builders write). */
  static fromFile(file: string, opts: WordTokenizerOptions): WordTokenizer {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { model: { type: string; vocab: Record<string, number>; unk_token?: string } };
    if (json.model.type !== 'WordLevel') throw new Error(`${file}: expected a WordLevel tokenizer, got ${json.model.type}`);
    const vocab = new Map(Object.entries(json.model.vocab));
    const unk = json.model.unk_token ? vocab.get(json.model.unk_token) : undefined;
    return new WordTokenizer(vocab, { ...opts, unkId: opts.unkId ?? unk ?? 1 });
  }

  static fromWords(words: readonly string[], opts: WordTokenizerOptions): WordTokenizer {
    const vocab = new Map<string, number>();
    words.forEach((w, i) => vocab.set(w, i + 2));
    return new WordTokenizer(vocab, opts);
  }

  get vocabSize(): number {
    return this.vocab.size + 2;
  }

  /** The words of a text, as the model sees them (normalised, lowercased, split). */
  words(text: string): string[] {
    let t = text.toLowerCase();
    if (this.opts.normalize) t = this.opts.normalize(t);
    return t.trim().match(PRE_TOKENIZE) ?? [];
  }

  /** Token ids of one text, truncated to maxTokens. */
  ids(text: string): number[] {
    const words = this.words(text);
    const n = Math.min(words.length, this.opts.maxTokens);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.vocab.get(words[i]!) ?? this.unkId;
    if (n === 0 && this.opts.atLeastOne) out.push(this.unkId);
    return out;
  }

  /** A padded batch in the int64 layout the ONNX graphs take. */
  encode(texts: readonly string[]): EncodedBatch {
    const all = texts.map((t) => this.ids(t));
    let cols = 1;
    for (const ids of all) if (ids.length > cols) cols = ids.length;
    const rows = texts.length;
    const inputIds = new BigInt64Array(rows * cols);
    const attentionMask = new BigInt64Array(rows * cols);
    const pad = BigInt(this.padId);
    const tokens = new Array<number>(rows);
    for (let r = 0; r < rows; r++) {
      const ids = all[r]!;
      tokens[r] = ids.length;
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        if (c < ids.length) {
          inputIds[base + c] = BigInt(ids[c]!);
          attentionMask[base + c] = 1n;
        } else inputIds[base + c] = pad;
      }
    }
    return { inputIds, attentionMask, rows, cols, tokens };
  }
}
