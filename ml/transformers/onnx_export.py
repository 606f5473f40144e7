"""Export a BERT-family PyTorch module to ONNX and quantize it (int8 dynamic), in the folder
layout transformers.js reads (onnx/model_quantized.onnx), with the tokenizer files beside it."""
import json
import shutil
from pathlib import Path

import onnx
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic

TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]


def export_int8(module: torch.nn.Module, output_name: str, out_dir: Path, opset: int = 17, keep_fp32: list[str] | None = None) -> Path:
    """module(input_ids, attention_mask, token_type_ids) -> one tensor named output_name."""
    onnx_dir = out_dir / "onnx"
    onnx_dir.mkdir(parents=True, exist_ok=True)
    fp32 = onnx_dir / "model_fp32.tmp.onnx"
    ids = torch.ones(2, 8, dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dynamic = {n: {0: "batch", 1: "sequence"} for n in names}
    dynamic[output_name] = {0: "batch"} if output_name == "logits" else {0: "batch", 1: "sequence"}
    torch.onnx.export(module.eval(), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32), input_names=names,
                      output_names=[output_name], dynamic_axes=dynamic, opset_version=opset, dynamo=False)
    out = onnx_dir / "model_quantized.onnx"
    # Dynamic int8 quantization of the plain exported graph, per output channel: signed int8 ran ~3x
    # the fp32 graph on AVX-512 CPUs (unsigned ran no faster than fp32, and onnxruntime's transformer
    # fusions made it slower); per-channel scales keep the vectors close to fp32 (see docs/ml.md).
    # keep_fp32: substrings of MatMul node names to leave unquantized.
    exclude = []
    if keep_fp32:
        graph = onnx.load(str(fp32), load_external_data=False).graph
        exclude = [n.name for n in graph.node if n.op_type == "MatMul" and any(k in n.name for k in keep_fp32)]
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=exclude,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    fp32.unlink()
    return out


def copy_tokenizer(src: Path, out_dir: Path) -> None:
    for name in TOKENIZER_FILES:
        if (src / name).exists():
            shutil.copy(src / name, out_dir / name)


def write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, indent=2) + "\n")
