"""Build the default embedding model: all-MiniLM-L6-v2 (from the registry package, see
encoder_source.py) -> ONNX (last_hidden_state; transformers.js mean-pools and normalises) ->
int8 dynamic quantization, written in the hub layout under models/Xenova/all-MiniLM-L6-v2 so the
same id loads from the hub where one is reachable. Checks the int8 vectors against PyTorch's.

    python ml/transformers/export_embedding.py [--out models]
"""
import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from transformers import AutoTokenizer, BertModel

from encoder_source import encoder_dir
from onnx_export import copy_tokenizer, export_int8, write_json

ROOT = Path(__file__).resolve().parents[2]
MODEL_ID = "Xenova/all-MiniLM-L6-v2"


class LastHidden(torch.nn.Module):
    def __init__(self, bert: BertModel):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[..., None].astype(np.float32)
    v = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "models"))
    args = ap.parse_args()
    src = encoder_dir()
    out = Path(args.out) / MODEL_ID
    out.mkdir(parents=True, exist_ok=True)
    bert = BertModel.from_pretrained(str(src), attn_implementation="eager").eval()
    onnx_file = export_int8(LastHidden(bert), "last_hidden_state", out)
    copy_tokenizer(src, out)
    config = json.loads((src / "config.json").read_text())
    config.pop("_name_or_path", None)
    write_json(out / "config.json", config)

    # Agreement of the int8 graph with the fp32 PyTorch model on a few sentences.
    tok = AutoTokenizer.from_pretrained(str(src))
    texts = ["How do I reset my password?", "The board is not recognised by my computer.", "Shipping to Canada takes 5 days.", "ok"]
    enc = tok(texts, padding=True, return_tensors="np")
    sess = ort.InferenceSession(str(onnx_file), providers=["CPUExecutionProvider"])
    q = sess.run(None, {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")})[0]
    with torch.no_grad():
        ref = bert(**{k: torch.tensor(enc[k]) for k in ("input_ids", "attention_mask", "token_type_ids")}).last_hidden_state.numpy()
    cos = (mean_pool(q, enc["attention_mask"]) * mean_pool(ref, enc["attention_mask"])).sum(1)
    report = {
        "model": MODEL_ID,
        "file": str(onnx_file.relative_to(ROOT)) if onnx_file.is_relative_to(ROOT) else str(onnx_file),
        "bytes": onnx_file.stat().st_size,
        "sha256": hashlib.sha256(onnx_file.read_bytes()).hexdigest(),
        "int8VsFp32Cosine": {"min": float(cos.min()), "mean": float(cos.mean())},
    }
    previous = out / "cairn_build.json"
    if previous.exists():  # held-out metrics come from `npm run eval:embeddings`; keep them
        old = json.loads(previous.read_text())
        report.update({k: old[k] for k in ("metrics", "metricsFrom") if k in old})
    write_json(previous, report)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
