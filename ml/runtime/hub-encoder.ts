// Running a transformers.js encoder (BERT family, loaded from the hub layout) on a batch of texts:
// each text tokenized once and cut at the model's token limit, texts grouped by length
// (length-groups.ts) and each group padded to its own longest text, then one model call per group.
// Shared by the sentence-embedding and the sentiment models.
import { Tensor, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { lengthGroups } from './length-groups';

/** Token ids of each text ([CLS] ... [SEP]), at most maxTokens each. */
export function tokenizeAll(tokenizer: PreTrainedTokenizer, texts: readonly string[], maxTokens: number): number[][] {
  return texts.map((t) => {
    const enc = tokenizer(t, { truncation: true, max_length: maxTokens, return_tensor: false }) as unknown as { input_ids: number[] };
    return enc.input_ids;
  });
}

export interface GroupOutput {
  /** The model's output tensor for the group (rows in `group` order). */
  output: Tensor;
  /** Indices of the texts in this group, in row order. */
  group: number[];
  /** Padded length of the group, and its attention mask (row-major, 0/1). */
  cols: number;
  mask: BigInt64Array;
}

/** Runs `model` once per length group; `outputName` picks the output (last_hidden_state, logits). */
export async function runGrouped(model: PreTrainedModel, ids: number[][], outputName: string, visit: (g: GroupOutput) => void): Promise<void> {
  for (const group of lengthGroups(ids.map((r) => r.length))) {
    const rows = group.length;
    const cols = Math.max(...group.map((i) => ids[i]!.length));
    const inputIds = new BigInt64Array(rows * cols);
    const mask = new BigInt64Array(rows * cols);
    group.forEach((i, r) => {
      const row = ids[i]!;
      for (let c = 0; c < row.length; c++) {
        inputIds[r * cols + c] = BigInt(row[c]!);
        mask[r * cols + c] = 1n;
      }
    });
    const out = (await model({
      input_ids: new Tensor('int64', inputIds, [rows, cols]),
      attention_mask: new Tensor('int64', mask, [rows, cols]),
      token_type_ids: new Tensor('int64', new BigInt64Array(rows * cols), [rows, cols]),
    })) as Record<string, Tensor>;
    const output = out[outputName];
    if (!output) throw new Error(`the model has no output named ${outputName} (it has ${Object.keys(out).join(', ')})`);
    visit({ output, group, cols, mask });
  }
}

/** Mean of the token vectors under the mask, L2-normalised: one sentence vector per row. */
export function meanPoolNormalized(hidden: Float32Array, rows: number, cols: number, dims: number, mask: BigInt64Array): Float32Array[] {
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const v = new Float32Array(dims);
    let n = 0;
    for (let c = 0; c < cols; c++) {
      if (mask[r * cols + c] === 0n) continue;
      n++;
      const base = (r * cols + c) * dims;
      for (let d = 0; d < dims; d++) v[d]! += hidden[base + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += v[d]! * v[d]!;
    const scale = n > 0 && norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dims; d++) v[d]! *= scale;
    out.push(v);
  }
  return out;
}
