// Session threading: the pool threads' spin-wait is turned off only where there is a pool, and
// onnxruntime accepts the option and computes the same result with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { buildModelFolder } from '@/ml/embedding/build';
import { sessionOptions, threadingOptions } from '@/ml/runtime/device';
import { hubSessionOptions } from '@/ml/runtime/loader';
import { tinyVectors, TINY_WORDS } from './tiny-model';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-threads-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('threadingOptions', () => {
  it('turns spinning off only for a pool of two or more threads', () => {
    expect(threadingOptions({ threads: 2, spinning: false })).toEqual({
      intraOpNumThreads: 2,
      interOpNumThreads: 1,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    expect(threadingOptions({ threads: 2, spinning: true })).toEqual({ intraOpNumThreads: 2, interOpNumThreads: 1 });
    expect(threadingOptions({ threads: 1, spinning: false })).toEqual({ intraOpNumThreads: 1, interOpNumThreads: 1 });
    expect(threadingOptions({ spinning: false })).toEqual({});
  });

  it('passes the same options to transformers.js sessions', () => {
    expect(hubSessionOptions({ threads: 2, spinning: false })).toEqual({ session_options: threadingOptions({ threads: 2, spinning: false }) });
    expect(hubSessionOptions({})).toEqual({});
  });

  it('is accepted by onnxruntime, with the same output as the default', async () => {
    const dir = path.join(tmp, 'tiny');
    buildModelFolder(tinyVectors(), { outDir: dir, name: 'tiny', layout: 'local' });
    const file = path.join(dir, 'model.onnx');
    const ids = new BigInt64Array(TINY_WORDS.slice(0, 6).map((_, i) => BigInt(i + 2)));
    const feeds = { input_ids: new ort.Tensor('int64', ids, [2, 3]), attention_mask: new ort.Tensor('int64', new BigInt64Array(6).fill(1n), [2, 3]) };
    const outputs: number[][] = [];
    for (const options of [sessionOptions('cpu'), sessionOptions('cpu', { threads: 2, spinning: false })]) {
      const session = await ort.InferenceSession.create(file, options);
      const out = await session.run(feeds);
      outputs.push(Array.from(out[session.outputNames[0]!]!.data as Float32Array));
      await session.release();
    }
    expect(outputs[1]).toHaveLength(outputs[0]!.length);
    outputs[1]!.forEach((v, i) => expect(v).toBeCloseTo(outputs[0]![i]!, 6));
  });
});
