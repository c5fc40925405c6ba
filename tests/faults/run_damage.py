"""How the run-folder faults (``faults.runs``) are made: one small trained iris run (trained once per
process), copied and damaged per case, and what each case's check looks at afterwards."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "datasets" / "iris.csv"
_CACHE: dict[str, Path] = {}
_HOLDERS: list[subprocess.Popen[str]] = []


def _base_run() -> Path:
    """A finished 6-step iris run (evaluated at 3 and 6), trained once per process."""
    if "run" not in _CACHE:
        from workbench.core import config as C
        from workbench.core.pipeline import start_run

        root = Path(tempfile.mkdtemp(prefix="wb-faults-runs-"))
        atexit.register(shutil.rmtree, root, True)
        data = root / "iris.csv"
        shutil.copy2(IRIS, data)
        cfg = C.load(ROOT / "resources" / "examples" / "iris.toml")
        cfg = C.apply_overrides(
            cfg,
            [
                f"data.path={json.dumps(str(data))}",
                "train.max_steps=6",
                "train.eval_interval=3",
                "train.num_threads=1",
                "train.device='cpu'",
                "model.hidden=[8]",
                "train.early_stopping_patience=0",
            ],
        )
        trainer = start_run(cfg, root / "runs")
        trainer.fit()
        assert trainer.run_dir is not None
        _CACHE["run"] = trainer.run_dir.path
    return _CACHE["run"]


def _run_copy(folder: Path) -> Path:
    """A copy of the base run in ``folder``, training on its own copy of the data (same time stamp)."""
    from workbench.core import config as C

    run = Path(shutil.copytree(_base_run(), folder / "run"))
    data = folder / "iris.csv"
    shutil.copy2(IRIS, data)  # as the base run's own copy: the same bytes and time stamp
    cfg = C.load(run / "config.toml")
    cfg.data.path = str(data)
    C.save(cfg, run / "config.toml")
    return run


def _rows(folder: Path) -> Path:
    rows = folder / "rows.csv"
    rows.write_text("".join(IRIS.read_text(encoding="utf-8").splitlines(keepends=True)[:6]), encoding="utf-8")
    return rows


def _rewrite(
    path: Path,
    tensors: Callable[[dict[str, Any]], None] | None = None,
    meta: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """Rewrite a checkpoint with its tensors and/or metadata changed as a hand or a bug would."""
    from safetensors.torch import load, save

    raw = path.read_bytes()
    loaded = dict(load(raw))
    header = json.loads(raw[8 : 8 + int.from_bytes(raw[:8], "little")])["__metadata__"]
    info = json.loads(header["meta"])
    if tensors is not None:
        tensors(loaded)
    if meta is not None:
        meta(info)
    path.write_bytes(save(loaded, metadata={"format": header["format"], "meta": json.dumps(info)}))


def predict_with(damage: Callable[[Path], None], which: str = "best") -> Callable[[Path], list[str]]:
    """The case: `predict` on a damaged copy (rows of iris as a CSV)."""
    def make(folder: Path) -> list[str]:
        run = _run_copy(folder)
        damage(run)
        return ["predict", run, "--csv", _rows(folder), "--checkpoint", which]

    return make


def resume_with(damage: Callable[[Path], None], *extra: str) -> Callable[[Path], list[str]]:
    """The case: `train --resume` of a damaged copy."""
    def make(folder: Path) -> list[str]:
        run = _run_copy(folder)
        damage(run)
        return ["train", "--resume", run, "--quiet", "--no-attention", *extra]

    return make


def score_with(damage: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    """The case: `score` of a damaged copy."""
    def make(folder: Path) -> list[str]:
        run = _run_copy(folder)
        damage(run)
        return ["score", run]

    return make


def write(name: str, content: bytes) -> Callable[[Path], None]:
    """Damage: replace a run file with ``content``."""
    def damage(run: Path) -> None:
        (run / name).write_bytes(content)

    return damage


def spec(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """Damage: change fields of data_spec.json."""
    def damage(run: Path) -> None:
        spec = json.loads((run / "data_spec.json").read_text(encoding="utf-8"))
        change(spec)
        (run / "data_spec.json").write_text(json.dumps(spec), encoding="utf-8")

    return damage


def weights(change: Callable[[dict[str, Any]], None], which: str = "best") -> Callable[[Path], None]:
    """Damage: change the tensors of a checkpoint."""
    return lambda run: _rewrite(run / "checkpoints" / f"{which}.safetensors", tensors=change)


def meta(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """Damage: change the metadata of the latest checkpoint."""
    return lambda run: _rewrite(run / "checkpoints" / "latest.safetensors", meta=change)


def first_weight(tensors: dict[str, Any], fn: Callable[[Any], Any]) -> None:
    """Replace the first non-empty weight matrix with ``fn`` of it."""
    key = next(
        k for k in sorted(tensors) if k.startswith("model.") and k.endswith("weight") and tensors[k].numel()
    )
    tensors[key] = fn(tensors[key])


def half(tensors: dict[str, Any]) -> None:
    """Every weight as float16."""
    for key in [k for k in tensors if k.startswith("model.")]:
        tensors[key] = tensors[key].half()


def nan(tensors: dict[str, Any]) -> None:
    """One NaN in the first weight matrix."""
    def poison(t: Any) -> Any:
        t = t.clone()
        t.view(-1)[0] = float("nan")
        return t

    first_weight(tensors, poison)


def change_data(run: Path) -> None:
    """The labels of the training file shuffled (the same size, another content, a new time)."""
    from workbench.core import config as C

    data = Path(C.load(run / "config.toml").data.path)
    lines = data.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    labels = [r.rsplit(",", 1)[1] for r in rows]
    labels = labels[1:] + labels[:1]
    data.write_text(
        "\n".join([header, *(r.rsplit(",", 1)[0] + "," + y for r, y in zip(rows, labels))]) + "\n",
        encoding="utf-8",
    )


def touch_data(run: Path) -> None:
    """The training file touched: a new time, the same bytes."""
    from workbench.core import config as C

    data = Path(C.load(run / "config.toml").data.path)
    later = time.time() + 60
    os.utime(data, (later, later))


def hold_lock(run: Path) -> None:
    """Another process takes the run's lock and keeps it until the case's check ends it."""
    code = (
        "import sys, time; from pathlib import Path; from workbench.core.runsafety import RunLock; "
        "lock = RunLock(Path(sys.argv[1])); lock.acquire(); print('locked', flush=True); "
        "sys.stdin.readline()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(run)],
        cwd=ROOT,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    _HOLDERS.append(holder)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"


def _release_holders() -> None:
    while _HOLDERS:
        _HOLDERS.pop().communicate("\n", timeout=30)


def dead_lock(run: Path) -> None:
    """A lock file left by a process that no longer runs."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    (run / "run.lock").write_text(json.dumps({"pid": int(dead.stdout), "host": ""}), encoding="utf-8")


def leftovers(run: Path) -> None:
    """Temporary files a kill in the middle of writes leaves."""
    for name in (
        "checkpoints/.latest.safetensors.k1ll3d.tmp",
        "checkpoints/.best.safetensors.x.tmp",
        ".summary.json.abc.tmp",
    ):
        (run / name).write_bytes(b"\x00" * 100)


def metrics_garbage(run: Path) -> None:
    """Lines that are not UTF-8, not JSON, not objects or without a valid step."""
    with (run / "metrics.jsonl").open("ab") as fh:
        fh.write(
            b'\xff\xfe not utf-8 \x80\n[1, 2]\n{"step": "abc", "loss": 1}\n{"step": 1e999}\n'
            b'{"step": -50, "loss": 1}\n{{{{\n' + b"[" * 100_000 + b"\n"
        )


# --- checks ---------------------------------------------------------------------------------------


def finite_predictions(folder: Path, out: str, err: str) -> None:
    """Check: one valid JSON line per row, probabilities that sum to 1."""
    rows = [json.loads(line) for line in out.splitlines()]  # valid JSON: no NaN
    assert len(rows) == 5, out
    for row in rows:
        assert abs(sum(row["probabilities"].values()) - 1) < 1e-4, row


def completed(folder: Path, out: str, err: str) -> None:
    """Check: the resumed run ended completed at its 6 steps."""
    summary = json.loads((folder / "run" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "completed", summary
    assert summary["steps"] == 6


def clean_history(folder: Path, out: str, err: str) -> None:
    """Check: completed, the damaged lines noted and dropped from metrics.jsonl."""
    completed(folder, out, err)
    assert "note: metrics.jsonl: 7 damaged lines skipped" in err, err
    text = (folder / "run" / "metrics.jsonl").read_bytes().decode("utf-8")  # rewritten clean
    assert all(isinstance(json.loads(line), dict) for line in text.splitlines())


def no_leftovers(folder: Path, out: str, err: str) -> None:
    """Check: completed, no temporary file and no lock file left."""
    completed(folder, out, err)
    run = folder / "run"
    assert not list(run.glob(".*.tmp")) and not list((run / "checkpoints").glob(".*.tmp"))
    assert not (run / "run.lock").exists()


def changed_allowed(folder: Path, out: str, err: str) -> None:
    """Check: completed on the changed data, with a note saying so."""
    completed(folder, out, err)
    assert "changed since the run started" in err, err


def then_refused(folder: Path, out: str, err: str) -> None:
    """Check: the holder is named by pid and the refused resume wrote nothing."""
    _release_holders()
    assert "pid" in err, err
    assert (folder / "run" / "summary.json").read_bytes() == (_base_run() / "summary.json").read_bytes()
