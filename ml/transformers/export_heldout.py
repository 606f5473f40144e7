"""Writes which SST-5 sentences the transformer sentiment model never trained on (line numbers in
../shared/data/sentiment/sst5-train-sentences.tsv, 1 = the first data row), so that the TypeScript
eval (`npm run eval:sentiment`) scores every model on exactly those sentences without copying any
data into the repository. Same selection as sentiment_data.splits() (same seed, same order)."""
import json
import random

from sentiment_data import DATA, ROOT, SST5, read_tsv


def main(seed: int = 20261201, held_out: int = 2000) -> None:
    rng = random.Random(seed)
    rows, seen = [], set()
    for line, (label, text) in enumerate(read_tsv(DATA / "sst5-train-sentences.tsv"), start=1):
        t = " ".join(text.split())
        if t and t not in seen:
            seen.add(t)
            rows.append((t, SST5[label.strip()], line))
    rng.shuffle(rows)
    held = rows[:held_out]
    out = {"file": "sst5-train-sentences.tsv", "seed": seed, "dev": sorted(r[2] for r in held[: held_out // 2]),
           "test": sorted(r[2] for r in held[held_out // 2:])}
    path = ROOT / "ml" / "sentiment" / "eval" / "sst5-heldout.json"
    path.write_text(json.dumps(out) + "\n")
    print(f"wrote {path}: {len(out['dev'])} dev, {len(out['test'])} test")


if __name__ == "__main__":
    main()
