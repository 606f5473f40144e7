// The trained head as committed to the repository: a small JSON file (config, temperature and each
// weight array as base64 float32 little-endian). The build joins it with the GloVe vectors into
// the full ONNX model; the 130 MB word-vector table is never committed.
import fs from 'node:fs';
import type { CnnConfig, CnnParams } from './cnn';

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface HeadFile {
  format: 'cairn-sentiment-cnn/1';
  version: string;
  config: CnnConfig;
  labels: readonly string[];
  temperature: number;
  /** Vocabulary the ids refer to (the GloVe package and how many words). */
  vocabulary: { source: string; words: number };
  maxTokens: number;
  tensors: { conv: string[]; convBias: string[]; out: string; outBias: string };
  training?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
}

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function toBase64(a: Float32Array): string {
  if (!isLittleEndian) throw new Error('big-endian hosts are not supported');
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export function fromBase64(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export function headToFile(p: CnnParams, meta: Omit<HeadFile, 'format' | 'config' | 'tensors'>): HeadFile {
  return {
    format: 'cairn-sentiment-cnn/1',
    ...meta,
    config: p.config,
    tensors: { conv: p.conv.map(toBase64), convBias: p.convBias.map(toBase64), out: toBase64(p.out), outBias: toBase64(p.outBias) },
  };
}

export function headFromFile(h: HeadFile): CnnParams {
  if (h.format !== 'cairn-sentiment-cnn/1') throw new Error(`unknown sentiment head format ${String(h.format)}`);
  const p: CnnParams = {
    config: h.config,
    conv: h.tensors.conv.map(fromBase64),
    convBias: h.tensors.convBias.map(fromBase64),
    out: fromBase64(h.tensors.out),
    outBias: fromBase64(h.tensors.outBias),
  };
  const { dims: D, filters: F, widths, classes: C } = h.config;
  widths.forEach((w, i) => {
    if (p.conv[i]!.length !== w * D * F || p.convBias[i]!.length !== F) throw new Error(`sentiment head: width ${w} weights have the wrong size`);
  });
  if (p.out.length !== C * widths.length * F || p.outBias.length !== C) throw new Error('sentiment head: output weights have the wrong size');
  return p;
}

export const readHeadFile = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as HeadFile;
