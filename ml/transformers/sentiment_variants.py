"""The sentiment models train_sentiment.py can build, besides the default.

- student: the default's architecture cut to 3 of its 6 layers (every other one of the pretrained
  encoder), trained on the default's data with the default model's calibrated probabilities as
  soft targets (knowledge distillation) besides the labels: about twice the default's speed.
- airline: OPT-IN ONLY. Trained on the default's data plus the airline tweets (CC BY-NC-SA 4.0,
  non-commercial): a tenant may choose it for non-commercial use; it is never the default. Its
  dev and test tweets are held out of training; the test split is only reported.
"""
import random
from pathlib import Path

import numpy as np

from sentiment_data import DATA, read_labelled

VARIANTS = {
    "default": {"model_id": "cairn/sentiment-minilm-l6", "layers": None},
    "student": {"model_id": "cairn/sentiment-minilm-l3", "layers": [0, 2, 4]},
    "airline": {"model_id": "cairn/sentiment-minilm-l6-airline", "layers": None},
}


AIRLINE_SEED, AIRLINE_DEV, AIRLINE_TEST = 20261202, 1000, 3000


def airline_split_rows() -> dict[str, list[int]]:
    """Row numbers (0-based, in file order) of the airline tweets in each split: one seeded shuffle,
    the first 1,000 for dev (model selection), the next 3,000 for test (only reported), the rest
    for training. Written beside the model (heldout.json) so eval:sentiment reports on the same test rows."""
    n = len(read_labelled(DATA / "airline-tweets.tsv", text_col=1))
    order = list(range(n))
    random.Random(AIRLINE_SEED).shuffle(order)
    return {"dev": sorted(order[:AIRLINE_DEV]), "test": sorted(order[AIRLINE_DEV:AIRLINE_DEV + AIRLINE_TEST]),
            "train": sorted(order[AIRLINE_DEV + AIRLINE_TEST:])}


def airline_splits():
    """Airline tweets, shuffled once: dev (model selection), test (reported), the rest for training."""
    rows = read_labelled(DATA / "airline-tweets.tsv", text_col=1)
    order = list(range(len(rows)))
    random.Random(AIRLINE_SEED).shuffle(order)
    shuffled = [rows[i] for i in order]
    return shuffled[AIRLINE_DEV + AIRLINE_TEST:], shuffled[:AIRLINE_DEV], shuffled[AIRLINE_DEV:AIRLINE_DEV + AIRLINE_TEST]


def keep_layers(bert, layers: list[int]):
    """Drop the encoder layers not listed (a shallower model initialised from the deeper one)."""
    import torch
    bert.encoder.layer = torch.nn.ModuleList([bert.encoder.layer[i] for i in layers])
    bert.config.num_hidden_layers = len(layers)
    return bert


def teacher_probabilities(onnx_file: Path, texts: list[str], tok, max_tokens: int, batch: int = 128) -> np.ndarray:
    """The served default model's calibrated class probabilities for each text (soft targets)."""
    import onnxruntime as ort
    sess = ort.InferenceSession(str(onnx_file), providers=["CPUExecutionProvider"])
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), 3), dtype=np.float32)
    for i in range(0, len(order), batch):
        idx = order[i:i + batch]
        enc = tok([texts[j] for j in idx], padding=True, truncation=True, max_length=max_tokens, return_tensors="np")
        logits = sess.run(None, {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")})[0]
        e = np.exp(logits - logits.max(1, keepdims=True))
        out[idx] = e / e.sum(1, keepdims=True)
    return out
