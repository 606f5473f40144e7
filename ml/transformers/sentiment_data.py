"""Training and held-out data for the transformer sentiment model. Deterministic for one seed.

Sources (licences in ml/sentiment/MODEL_CARD-transformer.md):
- SST-2 (GLUE) training phrases, binary, and SST-5 training sentences mapped to three classes
  (very_negative/negative -> negative, neutral, positive/very_positive -> positive).
- Held out: SST-5 sentences (a dev half for model selection and calibration, a test half only
  reported). SST-2 phrases are spans of SST sentences, so every training phrase of 3+ words that is
  a span of a held-out sentence is dropped (no leak through a sentence's parts).
- Neutral messages people send a chatbot (questions, requests, acknowledgements) and questions
  that do carry feeling, generated from our own templates (neutral_templates.py).
- The airline tweets (CC BY-NC-SA) are never read here: evaluation only.
"""
import random
import re
from pathlib import Path

from neutral_templates import template_messages

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "sentiment"
SST5 = {"very_negative": 0, "negative": 0, "neutral": 1, "positive": 2, "very_positive": 2}

_DETOK = [
    (re.compile(r" n't\b"), "n't"), (re.compile(r" '(s|re|ve|ll|d|m)\b"), r"'\1"),
    (re.compile(r" ([,.;:!?%)])"), r"\1"), (re.compile(r"-lrb- ?"), "("), (re.compile(r" ?-rrb-"), ")"),
    (re.compile(r"`` ?"), '"'), (re.compile(r" ?''"), '"'), (re.compile(r"\$ (\d)"), r"$\1"),
]


def detokenize(text: str) -> str:
    """SST is tokenized ("does n't", "it 's", "good , but"); people write "doesn't", "it's", "good, but"."""
    s = " ".join(text.split())
    for pattern, repl in _DETOK:
        s = pattern.sub(repl, s)
    return s


def read_tsv(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf8").splitlines()[1:]
    return [line.split("\t") for line in lines if line.strip()]


def splits(seed: int = 20261201, held_out: int = 2000):
    rng = random.Random(seed)
    sst5 = []
    seen = set()
    for label, text in read_tsv(DATA / "sst5-train-sentences.tsv"):
        t = " ".join(text.split())
        if t and t not in seen:
            seen.add(t)
            sst5.append((t, SST5[label.strip()]))
    rng.shuffle(sst5)
    held = sst5[:held_out]
    dev, test = held[: held_out // 2], held[held_out // 2:]
    spans = set()
    for t, _ in held:
        w = t.split()
        for a in range(len(w)):
            for b in range(a + 3, len(w) + 1):
                spans.add(" ".join(w[a:b]))
    held_texts = {t for t, _ in held}
    train = []
    dropped = 0
    for sentence, label in read_tsv(DATA / "sst2-train-phrases.tsv"):
        t = " ".join(sentence.split())
        if not t:
            continue
        if t in held_texts or t in spans:
            dropped += 1
            continue
        train.append((detokenize(t), 2 if label.strip() == "1" else 0, "sst2"))
    for t, label in sst5[held_out:]:
        if label == 1:  # SST-2 phrases already hold the polar sentences; SST-5 adds the neutral ones
            train.append((detokenize(t), 1, "sst5-neutral"))
    messages = template_messages(rng)
    train += [(t, label, "templates") for t, label in messages]
    rng.shuffle(train)
    to_eval = lambda rows: [(detokenize(t), label) for t, label in rows]
    stats = {"train": len(train), "sst2DroppedAsOverlapping": dropped, "templates": len(messages),
             "sst5NeutralTrain": sum(1 for r in train if r[2] == "sst5-neutral"), "dev": len(dev), "test": len(test)}
    return train, to_eval(dev), to_eval(test), stats


def read_labelled(path: Path, text_col: int, label_col: int = 0) -> list[tuple[str, int]]:
    names = {"negative": 0, "neutral": 1, "positive": 2}
    return [(row[text_col], names[row[label_col].strip()]) for row in read_tsv(path)]
