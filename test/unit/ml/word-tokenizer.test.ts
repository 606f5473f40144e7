import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModelFolder } from '@/ml/embedding/build';
import { loadTokenizerFolder } from '@/ml/runtime/loader';
import { WordTokenizer } from '@/ml/runtime/word-tokenizer';
import { tinyVectors } from './tiny-model';

// The fast tokenizer must give exactly the ids transformers.js gives on the same tokenizer.json.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-tok-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
buildModelFolder(tinyVectors(), { outDir: tmp + '/m', name: 'tiny', layout: 'local' });

describe('WordTokenizer', () => {
  const reference = loadTokenizerFolder(tmp + '/m');
  const fast = WordTokenizer.fromFile(path.join(tmp, 'm', 'tokenizer.json'), { maxTokens: 256 });
  const texts = [
    'Hello, World!',
    'I LOVE this phone... really!!',
    "  the cat's mat — isn't   it? ",
    'Ünïcödé café, naïve 東京 😀 emoji',
    'a\tb\nc',
    '$100 (or 2,000) at 12:30pm; e-mail u.s.',
    '',
    '!!!',
    'x'.repeat(40),
  ];

  it('gives the ids transformers.js gives, text by text and padded in a batch', () => {
    for (const t of texts) {
      const ref = (reference(t) as unknown as { input_ids: { tolist(): bigint[][] } }).input_ids.tolist().flat().map(Number);
      expect(fast.ids(t), t).toEqual(ref);
    }
    const batch = fast.encode(texts.slice(0, 4));
    const ref = reference(texts.slice(0, 4), { padding: true }) as unknown as { input_ids: { data: BigInt64Array; dims: number[] }; attention_mask: { data: BigInt64Array } };
    expect([batch.rows, batch.cols]).toEqual(ref.input_ids.dims);
    expect(Array.from(batch.inputIds)).toEqual(Array.from(ref.input_ids.data));
    expect(Array.from(batch.attentionMask)).toEqual(Array.from(ref.attention_mask.data));
  });

  it('truncates to maxTokens and can guarantee one token', () => {
    const short = WordTokenizer.fromFile(path.join(tmp, 'm', 'tokenizer.json'), { maxTokens: 3, atLeastOne: true });
    expect(short.ids('the cat sat on the mat')).toHaveLength(3);
    expect(short.ids('   ')).toEqual([1]);
    expect(fast.ids('   ')).toEqual([]);
  });
});
