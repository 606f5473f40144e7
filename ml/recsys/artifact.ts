// The packed recommender: a JSON header (item ids, weights, settings) and the typed arrays, deflated.
// Format: "CRM1" | u32 header length | header JSON | arrays (each 4-byte aligned), all deflated.
import zlib from 'node:zlib';
import type { RecModelData } from './model';

export interface RecArtifact {
  /** Item id of each model index. */
  itemIds: string[];
  model: RecModelData;
  /** Histories are log(1 + w) transformed unless binary (see servingHistory). */
  binary: boolean;
  /** Event weights the model was trained with (serving weighs live events the same way). */
  eventWeights: Record<string, number>;
  lowRatingsPositive: boolean;
  halfLifeDays: number | null;
}

type Typed = Int32Array | Float32Array | Float64Array;
const MAGIC = 'CRM1';

export function encodeArtifact(a: RecArtifact): Buffer {
  const m = a.model;
  const arrays: [string, Typed][] = [
    ['s.ptr', m.s.ptr],
    ['s.idx', m.s.idx],
    ['s.val', m.s.val],
    ['sim.ptr', m.similar.ptr],
    ['sim.idx', m.similar.idx],
    ['sim.val', m.similar.val],
    ['pop', m.pop],
  ];
  if (m.popLocal) arrays.push(['local.starts', m.popLocal.starts], ['local.vecs', m.popLocal.vecs]);
  const header = {
    itemIds: a.itemIds,
    numItems: m.numItems,
    weights: m.weights,
    recency: m.recency,
    binary: a.binary,
    eventWeights: a.eventWeights,
    lowRatingsPositive: a.lowRatingsPositive,
    halfLifeDays: a.halfLifeDays,
    // -Infinity does not survive JSON: the first bucket start is stored as null.
    arrays: arrays.map(([name, arr]) => ({ name, type: arr.constructor.name, length: arr.length })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const pad = (n: number) => (4 - (n % 4)) % 4;
  const parts: Buffer[] = [Buffer.from(MAGIC), Buffer.alloc(4), headerBytes, Buffer.alloc(pad(headerBytes.length))];
  parts[1]!.writeUInt32LE(headerBytes.length);
  for (const [, arr] of arrays) {
    const copy = arr instanceof Float64Array ? Float64Array.from(arr, (v) => (Number.isFinite(v) ? v : -1e300)) : arr;
    const b = Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
    parts.push(b, Buffer.alloc(pad(b.length)));
  }
  return zlib.deflateSync(Buffer.concat(parts), { level: 1 });
}

export function decodeArtifact(bytes: Uint8Array): RecArtifact {
  const raw = zlib.inflateSync(bytes);
  if (raw.subarray(0, 4).toString() !== MAGIC) throw new Error('not a Cairn recommender artifact');
  const hlen = raw.readUInt32LE(4);
  const header = JSON.parse(raw.subarray(8, 8 + hlen).toString()) as {
    itemIds: string[];
    numItems: number;
    weights: RecModelData['weights'];
    recency: number | null;
    binary: boolean;
    eventWeights: Record<string, number>;
    lowRatingsPositive: boolean;
    halfLifeDays: number | null;
    arrays: { name: string; type: string; length: number }[];
  };
  let off = 8 + hlen + ((4 - (hlen % 4)) % 4);
  const got = new Map<string, Typed>();
  for (const a of header.arrays) {
    const Ctor = a.type === 'Int32Array' ? Int32Array : a.type === 'Float64Array' ? Float64Array : Float32Array;
    const size = a.length * Ctor.BYTES_PER_ELEMENT;
    // Copy into an aligned buffer of its own.
    const buf = new ArrayBuffer(size);
    new Uint8Array(buf).set(raw.subarray(off, off + size));
    got.set(a.name, new Ctor(buf));
    off += size + ((4 - (size % 4)) % 4);
  }
  const n = header.numItems;
  const csr = (p: string) => ({ rows: n, cols: n, ptr: got.get(`${p}.ptr`) as Int32Array, idx: got.get(`${p}.idx`) as Int32Array, val: got.get(`${p}.val`) as Float32Array });
  const starts = got.get('local.starts') as Float64Array | undefined;
  if (starts) for (let b = 0; b < starts.length; b++) if (starts[b]! <= -1e300) starts[b] = -Infinity;
  return {
    itemIds: header.itemIds,
    binary: header.binary,
    eventWeights: header.eventWeights,
    lowRatingsPositive: header.lowRatingsPositive,
    halfLifeDays: header.halfLifeDays,
    model: {
      numItems: n,
      s: csr('s'),
      similar: csr('sim'),
      pop: got.get('pop') as Float32Array,
      popLocal: starts ? { starts, vecs: got.get('local.vecs') as Float32Array } : null,
      weights: header.weights,
      recency: header.recency,
    },
  };
}
