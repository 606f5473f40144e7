// Writes the word-embedding sentence encoder as an ONNX graph, with onnx-proto (protobuf):
//   input_ids, attention_mask (int64 [batch, seq])
//   -> Gather(embedding table, input_ids)                          token vectors [batch, seq, dims]
//   -> pooled: masked mean over the sequence, then L2 normalise   sentence_embedding [batch, dims]
//   -> not pooled: the token vectors as last_hidden_state (the layout of hub feature-extraction
//      models such as all-MiniLM-L6-v2, which transformers.js pools itself).
// Deterministic: the same table gives the same bytes.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
export const OPSET = 18;

export interface GraphOptions {
  /** Row-major [vocabSize, dims]. */
  table: Float32Array;
  vocabSize: number;
  dims: number;
  /** true: sentence_embedding (mean pooled, unit norm); false: last_hidden_state per token. */
  pooled: boolean;
  name?: string;
}

const dim = (v: string | number) => (typeof v === 'number' ? { dimValue: v } : { dimParam: v });
const valueInfo = (name: string, elemType: number, shape: (string | number)[]) => ({
  name,
  type: { tensorType: { elemType, shape: { dim: shape.map(dim) } } },
});
const int64Const = (name: string, values: number[]) => ({ name, dataType: INT64, dims: [values.length], int64Data: values });
const floatConst = (name: string, value: number) => ({ name, dataType: FLOAT, dims: [], floatData: [value] });
const node = (opType: string, input: string[], output: string[], attribute: object[] = []) => ({
  opType,
  input,
  output,
  name: `${opType}_${output[0]}`,
  attribute,
});

export function buildEmbeddingGraph(o: GraphOptions): Uint8Array {
  if (o.table.length !== o.vocabSize * o.dims) throw new Error('embedding table size does not match vocabSize x dims');
  const tableBytes = new Uint8Array(o.table.buffer, o.table.byteOffset, o.table.byteLength);
  const initializer: object[] = [{ name: 'embeddings', dataType: FLOAT, dims: [o.vocabSize, o.dims], rawData: tableBytes }];
  const nodes: object[] = [];
  let output;
  if (!o.pooled) {
    nodes.push(node('Gather', ['embeddings', 'input_ids'], ['last_hidden_state'], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]));
    output = valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', o.dims]);
  } else {
    initializer.push(int64Const('axis_last', [-1]), int64Const('axis_seq', [1]), floatConst('one', 1), floatConst('eps', 1e-12));
    nodes.push(
      node('Gather', ['embeddings', 'input_ids'], ['tokens'], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node('Cast', ['attention_mask'], ['mask_f'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }]),
      node('Unsqueeze', ['mask_f', 'axis_last'], ['mask_3d']),
      node('Mul', ['tokens', 'mask_3d'], ['masked']),
      node('ReduceSum', ['masked', 'axis_seq'], ['summed'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node('ReduceSum', ['mask_3d', 'axis_seq'], ['count'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node('Max', ['count', 'one'], ['count_safe']),
      node('Div', ['summed', 'count_safe'], ['mean']),
      node('ReduceL2', ['mean', 'axis_last'], ['norm'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]),
      node('Max', ['norm', 'eps'], ['norm_safe']),
      node('Div', ['mean', 'norm_safe'], ['sentence_embedding']),
    );
    output = valueInfo('sentence_embedding', FLOAT, ['batch', o.dims]);
  }
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'cairn',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: o.name ?? 'word_embedding_encoder',
      node: nodes,
      initializer,
      input: [valueInfo('input_ids', INT64, ['batch', 'sequence']), valueInfo('attention_mask', INT64, ['batch', 'sequence'])],
      output: [output],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
