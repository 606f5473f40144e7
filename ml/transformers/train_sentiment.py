"""Fine-tune the sentiment model: all-MiniLM-L6-v2 (encoder_source.py) + a linear head over the
mean-pooled sentence vector, three classes (negative, neutral, positive), on
sentiment_data.py's training split. Model selection and temperature calibration on the dev half;
the test half, the author-written review and chat-message sets and the airline tweets are only
reported. Exports int8 ONNX in the hub layout (models/cairn/sentiment-minilm-l6) with metrics.
--variant student / airline builds the other models of sentiment_variants.py.

    python ml/transformers/train_sentiment.py [--epochs 2] [--out models]   (~50 min on 2 cores)
    python ml/transformers/train_sentiment.py --variant student             (~30 min; needs the default)
    python ml/transformers/train_sentiment.py --variant airline --general 20000   (opt-in, ~35 min)
"""
import argparse
import hashlib
import json
import math
import os
import random
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from transformers import AutoTokenizer, BertModel

from encoder_source import encoder_dir
from onnx_export import copy_tokenizer, export_int8, write_json
from sentiment_data import DATA, ROOT, read_labelled, splits
from sentiment_variants import VARIANTS, airline_split_rows, airline_splits, keep_layers, teacher_probabilities

LABELS = ["negative", "neutral", "positive"]
MAX_TOKENS = 128


class Classifier(torch.nn.Module):
    """Encoder -> mean pooling over real tokens -> dropout -> linear -> logits (divided by T)."""

    def __init__(self, bert: BertModel):
        super().__init__()
        self.bert = bert
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(bert.config.hidden_size, len(LABELS))
        self.register_buffer("temperature", torch.ones(()))

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.drop(pooled)) / self.temperature


def batches(rows, tok, batch_size, rng, shuffle=True):
    """Length-bucketed batches (little padding), in random order."""
    order = list(range(len(rows)))
    if shuffle:
        rng.shuffle(order)
    chunks = [order[i:i + batch_size * 50] for i in range(0, len(order), batch_size * 50)]
    out = []
    for chunk in chunks:
        chunk.sort(key=lambda i: len(rows[i][0]))
        out += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    if shuffle:
        rng.shuffle(out)
    for idx in out:
        enc = tok([rows[i][0] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        yield enc, torch.tensor([rows[i][1] for i in idx]), idx


@torch.no_grad()
def logits_of(model, rows, tok, batch_size=128):
    model.eval()
    out = []
    for i in range(0, len(rows), batch_size):
        enc = tok([r[0] for r in rows[i:i + batch_size]], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        out.append(model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]))
    return torch.cat(out).float()


def metrics(logits: np.ndarray, labels: list[int]) -> dict:
    labels = np.array(labels)
    pred = logits.argmax(1)
    polar = labels != 1
    binary = (logits[:, 2] > logits[:, 0]) == (labels == 2)
    out = {"n": int(len(labels)), "binary": round(float(binary[polar].mean()), 4) if polar.any() else None,
           "threeClass": round(float((pred == labels).mean()), 4), "predictedNeutral": round(float((pred == 1).mean()), 4)}
    if (labels == 1).any():
        out["neutralRecall"] = round(float((pred[labels == 1] == 1).mean()), 4)
    return out


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    best, best_t = float("inf"), 1.0
    for t in np.arange(0.5, 3.01, 0.05):
        nll = torch.nn.functional.cross_entropy(logits / t, labels).item()
        if nll < best:
            best, best_t = nll, float(t)
    return best_t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--out", default=str(ROOT / "models"))
    ap.add_argument("--limit", type=int, default=0, help="train on the first N examples only (smoke runs)")
    ap.add_argument("--variant", choices=sorted(VARIANTS), default="default")
    ap.add_argument("--general", type=int, default=0, help="airline: how many of the default's training rows to mix in (0: all)")
    # One thread by default: on a shared 2-core machine two OpenMP threads stall at every barrier
    # whenever the other core is busy (a run slowed ~10x that way).
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    t_start = time.time()
    torch.manual_seed(7)
    rng = random.Random(7)
    torch.set_num_threads(args.threads)
    src = encoder_dir()
    tok = AutoTokenizer.from_pretrained(str(src))
    variant = VARIANTS[args.variant]
    train, dev, test, stats = splits()
    select = dev  # model selection and temperature
    if args.variant == "airline":
        air_train, air_dev, air_test = airline_splits()
        train = train[: args.general or len(train)] + [(t, label, "airline") for t, label in air_train]
        random.Random(11).shuffle(train)
        select = air_dev
        stats.update({"airlineTrain": len(air_train), "airlineDev": len(air_dev), "airlineTest": len(air_test), "train": len(train)})
    if args.limit:
        train = train[: args.limit]
    soft = None
    if args.variant == "student":
        teacher = ROOT / "models" / VARIANTS["default"]["model_id"] / "onnx" / "model_quantized.onnx"
        soft = torch.from_numpy(teacher_probabilities(teacher, [r[0] for r in train], tok, MAX_TOKENS))
        print(json.dumps({"teacherProbabilities": len(train), "s": round(time.time() - t_start)}), flush=True)
    bert = BertModel.from_pretrained(str(src), attn_implementation="eager")
    if variant["layers"]:
        keep_layers(bert, variant["layers"])
    model = Classifier(bert)
    weights = torch.tensor([1.0, 1.5, 1.0])  # neutral is 4% of the training text
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    log = {"stats": stats, "args": vars(args), "epochs": []}
    best_state, best_dev = None, -1.0
    t0 = time.time()
    step = 0
    for epoch in range(args.epochs):
        model.train()
        for enc, y, idx in batches(train, tok, args.batch, rng):
            logits = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
            loss = torch.nn.functional.cross_entropy(logits, y, weight=weights)
            if soft is not None:  # distillation: half the loss is matching the default model's probabilities
                loss = 0.5 * loss - 0.5 * (soft[idx] * torch.log_softmax(logits, -1)).sum(-1).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 100 == 0:
                print(json.dumps({"step": step, "of": steps, "loss": round(loss.item(), 4), "s": round(time.time() - t0)}), flush=True)
        dev_m = metrics(logits_of(model, select, tok).numpy(), [r[1] for r in select])
        log["epochs"].append({"epoch": epoch + 1, "dev": dev_m, "s": round(time.time() - t0)})
        print(json.dumps(log["epochs"][-1]), flush=True)
        score = dev_m["threeClass"] if args.variant == "airline" else dev_m["binary"] + 0.5 * dev_m["threeClass"]
        if score > best_dev:
            best_dev, best_state = score, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    dev_logits = logits_of(model, select, tok)
    t = fit_temperature(dev_logits, torch.tensor([r[1] for r in select]))
    model.temperature.fill_(t)
    log["temperature"] = t
    log["trainSeconds"] = round(time.time() - t0)

    out = Path(args.out) / variant["model_id"]
    out.mkdir(parents=True, exist_ok=True)
    onnx_file = export_int8(model, "logits", out)
    copy_tokenizer(src, out)
    config = json.loads((src / "config.json").read_text())
    config.pop("_name_or_path", None)
    config["num_hidden_layers"] = bert.config.num_hidden_layers
    config.update({"architectures": ["BertForSequenceClassification"], "id2label": dict(enumerate(LABELS)),
                   "label2id": {l: i for i, l in enumerate(LABELS)}, "problem_type": "single_label_classification",
                   "cairn": {"pooling": "mean", "maxTokens": MAX_TOKENS, "temperature": t}})
    write_json(out / "config.json", config)
    if args.variant == "airline":  # which tweets were held out, so eval:sentiment reports on the same ones
        rows = airline_split_rows()
        write_json(out / "heldout.json", {"data": "../shared/data/sentiment/airline-tweets.tsv", "rowsAfterHeader": {k: rows[k] for k in ("dev", "test")}})

    # Report every set through the exported int8 graph, i.e. what is served.
    sess = ort.InferenceSession(str(onnx_file), providers=["CPUExecutionProvider"])

    def served(rows):
        res = []
        for i in range(0, len(rows), 128):
            enc = tok([r[0] for r in rows[i:i + 128]], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="np")
            res.append(sess.run(None, {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")})[0])
        return metrics(np.concatenate(res), [r[1] for r in rows])

    eval_dir = ROOT / "ml" / "sentiment" / "eval"
    reviews = read_labelled(eval_dir / "review-sentences.tsv", text_col=2)
    chat = read_labelled(eval_dir / "chat-messages.tsv", text_col=1) if (eval_dir / "chat-messages.tsv").exists() else []
    airline = read_labelled(DATA / "airline-tweets.tsv", text_col=1)
    airline_report = {"airline tweets (all 14,640; never trained on)": served(airline)}
    if args.variant == "airline":
        airline_report = {"airline dev (model selection, calibration)": served(air_dev),
                          "airline test (3,000 held out; only reported)": served(air_test)}
    log["heldOut"] = {
        "sst5 dev (model selection, calibration)": served(dev),
        "sst5 test": served(test),
        "review sentences (author-written)": served(reviews),
        **({"chat messages (author-written)": served(chat)} if chat else {}),
        **airline_report,
        "torch fp32 sst5 test": metrics(logits_of(model, test, tok).numpy(), [r[1] for r in test]),
    }
    log["file"] = {"path": str(onnx_file.relative_to(Path(args.out).resolve().parent)), "bytes": onnx_file.stat().st_size,
                   "sha256": hashlib.sha256(onnx_file.read_bytes()).hexdigest()}
    write_json(out / "cairn_build.json", log)
    print(json.dumps(log["heldOut"], indent=2))


if __name__ == "__main__":
    main()
