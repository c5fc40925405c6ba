"""The command line: train / predict / generate, one-line errors, Ctrl-C.

Most cases call ``workbench.cli.main`` in-process (fast); a few run ``python -m workbench`` to
check what a shell user sees: the exit status, stderr without a traceback, and SIGINT handling.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cli_steps import run_cli
from workbench.core import checkpoint as ckpt
from workbench.core import config as C
from workbench.core.pipeline import start_run

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "resources" / "datasets"
EXAMPLES = ROOT / "resources" / "examples"
ONE_THREAD = ["--set", "train.num_threads=1"]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


# `workbench train` sets torch's thread count for the process; keep it from leaking.
pytestmark = pytest.mark.usefixtures("one_thread_each_test")


def run_module(*args: Any, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def tiny_run(out: Path, raw: dict) -> Path:
    """Train a tiny run through the library and return its folder."""
    train = {"device": "cpu", "sample_length": 0, "num_threads": 1, **raw.pop("train", {})}
    trainer = start_run(C.from_dict({**raw, "train": train}), out)
    trainer.fit()
    return trainer.run_dir.path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("files")
    f = {
        "png": root / "picture.csv", "empty": root / "empty.csv", "tiny_txt": root / "tiny.txt",
        "broken": root / "broken.toml", "unknown": root / "unknown.toml", "lm": root / "shakespeare.txt",
        "rt": root / "rt.csv", "iris_rows": root / "iris_rows.csv",
    }
    f["png"].write_bytes(PNG)
    f["empty"].write_bytes(b"")
    f["tiny_txt"].write_text("To be, or not to be.\n", encoding="utf-8")
    f["broken"].write_text('name = "x"\n[model\nd_model = 16\n', encoding="utf-8")
    f["unknown"].write_text('[data]\npath = "x.csv"\n[model]\nwidth = 16\n', encoding="utf-8")
    text = (DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:4000]
    f["lm"].write_text(text, encoding="utf-8")
    pd.read_csv(DATASETS / "rt_polarity.csv").sample(120, random_state=0).to_csv(f["rt"], index=False)
    pd.read_csv(DATASETS / "iris.csv").iloc[[0, 60, 120]].drop(columns="species").to_csv(f["iris_rows"],
                                                                                          index=False)
    return f


@pytest.fixture(scope="module")
def runs(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("runs")
    small = {"d_model": 16, "n_layers": 1, "n_heads": 2}
    return {
        "iris": tiny_run(out, {"name": "iris",
                               "data": {"path": str(DATASETS / "iris.csv"), "target": "species"},
                               "model": {"kind": "mlp", "hidden": [8]}, "train": {"max_steps": 3}}),
        "text": tiny_run(out, {"name": "text", "data": {"path": str(files["rt"]), "target": "label",
                                                        "text_column": "text", "max_length": 24},
                               "model": {"kind": "transformer", **small},
                               "train": {"max_steps": 3, "batch_size": 16}}),
        "lm": tiny_run(out, {"name": "lm", "data": {"path": str(files["lm"]), "tokenizer": "char",
                                                    "lowercase": False, "test_fraction": 0.0},
                             "model": {"kind": "gpt", "block_size": 16, **small},
                             "train": {"max_steps": 3, "batch_size": 4, "eval_batches": 1}}),
    }


# --- the happy paths ----------------------------------------------------------------------------

def test_train_the_iris_example(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "train", EXAMPLES / "iris.toml", "--set", "train.epochs=2",
                             *ONE_THREAD, "--out", tmp_path, "--quiet")
    assert code == 0, err
    (run,) = tmp_path.iterdir()
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "completed" and summary["epochs"] == 2
    assert f"completed after {summary['steps']} steps" in out and str(run / "summary.json") in out
    assert "error" not in err and f"run folder: {run}" in err
    assert (run / "checkpoints" / "best.safetensors").exists()


def test_train_as_a_subprocess(tmp_path: Path) -> None:
    proc = run_module("train", EXAMPLES / "iris.toml", "--set", "train.epochs=2", *ONE_THREAD,
                      "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    (run,) = tmp_path.iterdir()
    assert json.loads((run / "summary.json").read_text(encoding="utf-8"))["status"] == "completed"
    assert "Traceback" not in proc.stderr and "error" not in proc.stderr
    # Progress (the bar and each evaluation) goes to stderr; stdout holds just the result.
    assert "step 6: val_loss=" in proc.stderr and "step 12: val_loss=" in proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("completed after 12 steps") and len(lines) == 3
    assert lines[1].startswith("baseline: ")  # the simple model's score on the same test rows


def test_predict_table_rows_from_a_csv(runs: dict, files: dict, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "predict", runs["iris"], "--csv", files["iris_rows"])
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert row["prediction"] in ("setosa", "versicolor", "virginica")
        assert sum(row["probabilities"].values()) == pytest.approx(1.0, abs=1e-5)


def test_predict_texts(runs: dict, files: dict, capsys: pytest.CaptureFixture[str]) -> None:
    texts = ["a warm , funny film", "dull and far too long", ""]
    code, out, err = run_cli(capsys, "predict", runs["text"], *(a for t in texts for a in ("--text", t)))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 3
    for line, text in zip(lines, texts):
        label, probs, shown = line.split("\t")
        assert label in ("0", "1") and probs.startswith("(0: ") and shown == text
    # The same run reads a CSV's text column too.
    code, out, err = run_cli(capsys, "predict", runs["text"], "--csv", files["rt"], "--checkpoint", "latest")
    assert code == 0, err
    assert len(out.splitlines()) == 120


def test_generate_continues_the_prompt(runs: dict, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("generate", runs["lm"], "--prompt", "First", "--length", "20", "--seed", "3")
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    assert out.startswith("First") and len(out.rstrip("\n")) > len("First")
    assert run_cli(capsys, *args)[1] == out  # the seed makes it repeatable
    code, greedy, err = run_cli(capsys, "generate", runs["lm"], "--prompt", "First", "--length", "5",
                                "--temperature", "0", "--top-k", "3")
    assert code == 0 and greedy.startswith("First"), err


# --- every user mistake: one line, no traceback ---------------------------------------------------

IRIS = EXAMPLES / "iris.toml"
BAD: dict[str, tuple[Callable[[dict, dict, Path], list], str]] = {
    "missing config": (lambda f, r, t: ["train", t / "nope.toml"], "config file not found"),
    "broken toml": (lambda f, r, t: ["train", f["broken"]], "not valid TOML"),
    "unknown key in file": (lambda f, r, t: ["train", f["unknown"]], "unknown key [model] width"),
    "unknown key in --set": (lambda f, r, t: ["train", IRIS, "--set", "model.width=3"],
                             "unknown key [model] width"),
    "heads do not divide width": (lambda f, r, t: ["train", EXAMPLES / "wine.toml",
                                                   "--set", "model.d_model=30", "--set", "model.n_heads=4"],
                                  "n_heads (4) must divide [model] d_model (30)"),
    "missing data file": (lambda f, r, t: ["train", IRIS, "--data", t / "missing.csv"],
                          "missing.csv: file not found"),
    "binary data file": (lambda f, r, t: ["train", IRIS, "--data", f["png"]],
                         "picture.csv: looks like a PNG image"),
    "empty csv": (lambda f, r, t: ["train", IRIS, "--data", f["empty"]], "empty.csv: the file is empty"),
    "wrong target": (lambda f, r, t: ["train", IRIS, "--set", "data.target=nope"], "column 'nope'"),
    "batch larger than the data": (lambda f, r, t: ["train", IRIS, "--set", "train.batch_size=1000"],
                                   "batch_size (1000) is larger than the training set (90 rows)"),
    "context longer than the text": (lambda f, r, t: ["train", EXAMPLES / "shakespeare.toml",
                                                      "--data", f["tiny_txt"],
                                                      "--set", "model.block_size=4096"],
                                     "fewer than the context length + 1 (4096 + 1)"),
    "--set without '='": (lambda f, r, t: ["train", IRIS, "--set", "train.epochs"],
                          "--set 'train.epochs' must look like section.key=value"),
    "--set without a section": (lambda f, r, t: ["train", IRIS, "--set", "epochs=3"],
                                "--set 'epochs=3' must look like section.key=value"),
    "--set with a bad value": (lambda f, r, t: ["train", IRIS, "--set", "train.epochs=lots"],
                               "[train] epochs must be an integer, got 'lots'"),
    "--set out of range": (lambda f, r, t: ["train", IRIS, "--set", "optim.lr=-1"],
                           "[optim] lr must be at least"),
    "resume a non-run": (lambda f, r, t: ["train", "--resume", t], "is not a Workbench run folder"),
    "predict on a non-run folder": (lambda f, r, t: ["predict", t, "--text", "hi"],
                                    "is not a Workbench run folder"),
    "predict on a missing folder": (lambda f, r, t: ["predict", t / "gone", "--text", "hi"],
                                    "run folder not found"),
    "predict text with a table model": (lambda f, r, t: ["predict", r["iris"], "--text", "hi"],
                                        "tabular classification model; it does not take text"),
    "predict a csv without the text column": (lambda f, r, t: ["predict", r["text"], "--csv", f["iris_rows"]],
                                              "has no column 'text'"),
    "predict from a missing csv": (lambda f, r, t: ["predict", r["iris"], "--csv", t / "rows.csv"],
                                   "rows.csv: file not found"),
    "generate with a classifier": (lambda f, r, t: ["generate", r["iris"], "--prompt", "hi"],
                                   "only language models generate text"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_mistake_gives_one_error_line(case: str, files: dict, runs: dict, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    make_args, fragment = BAD[case]
    out_dir = tmp_path / "out"
    args = make_args(files, runs, tmp_path)
    if args[0] == "train":
        args += [*ONE_THREAD, "--out", out_dir]
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert fragment in lines[0]
    assert "Traceback" not in err and out == ""
    assert not out_dir.exists()  # nothing half-made is left behind


def test_a_mistake_in_a_subprocess_is_one_line_and_status_2(files: dict) -> None:
    proc = run_module("train", files["broken"])
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith("error: ") and "not valid TOML" in proc.stderr


def test_a_diverging_run_exits_3_with_one_error_line(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "train", IRIS, "--set", "optim.lr=10", "--set", "optim.name='sgd'",
                           "--set", "optim.grad_clip=0", "--set", "optim.momentum=0.99",
                           "--set", "train.epochs=50", "--set", "train.early_stopping_patience=0",
                           "--set", "train.device='cpu'", *ONE_THREAD, "--out", tmp_path, "--quiet")
    assert code == 3, err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "training failed" in errors[0] and "learning rate" in errors[0]
    assert "Traceback" not in err


# --- Ctrl-C ---------------------------------------------------------------------------------------

class _Training:
    """``python -m workbench train ...`` in a subprocess whose stderr is read as it comes."""

    def __init__(self, args: list[Any]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "workbench", *map(str, args)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.err = bytearray()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        while chunk := os.read(self.proc.stderr.fileno(), 4096):
            self.err.extend(chunk)

    def wait_for(self, text: bytes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.err and self.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert text in self.err, self.err.decode(errors="replace")

    def finish(self, timeout: float = 60) -> tuple[int, str, str]:
        """Exit status, stdout and stderr (the process is killed if it does not end in time)."""
        assert self.proc.stdout is not None and self.proc.stderr is not None
        try:
            out = self.proc.stdout.read().decode()
            code = self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.reader.join(10)
            self.proc.stdout.close()
            self.proc.stderr.close()
        return code, out, self.err.decode(errors="replace")


def _lm_training(data: Path, out: Path, *settings: str) -> _Training:
    args: list[Any] = ["train", EXAMPLES / "shakespeare.toml", "--data", data, "--out", out, *ONE_THREAD]
    for setting in ("model.d_model=16", "model.n_layers=1", "model.n_heads=2", "model.block_size=16",
                    "train.batch_size=4", "train.max_steps=1000000", "train.eval_interval=5",
                    "train.eval_batches=1", "train.sample_length=0", "train.device='cpu'", *settings):
        args += ["--set", setting]
    return _Training(args)


def test_sigint_stops_cleanly_and_keeps_the_latest_checkpoint(files: dict, tmp_path: Path) -> None:
    training = _lm_training(files["lm"], tmp_path)
    # The first evaluation line ("step 5: val_loss=...") means training is under way.
    training.wait_for(b"step 5:")
    training.proc.send_signal(signal.SIGINT)
    code, out, text = training.finish()
    assert code == 130, text
    assert "stopping after this step" in text and "Traceback" not in text and "error" not in text
    (run,) = tmp_path.iterdir()
    _, meta = ckpt.load_checkpoint(run / "checkpoints" / "latest.safetensors")
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "stopped" and meta["step"] == summary["steps"] >= 5
    assert f"stopped after {summary['steps']} steps" in out


def test_a_second_sigint_ends_at_once_and_still_writes_the_summary(tmp_path: Path) -> None:
    # Half of the 1 MB text for validation: the final evaluation after a stop takes seconds, and
    # the second Ctrl-C lands in it, as an impatient user's would.
    training = _lm_training(DATASETS / "shakespeare_1mb.txt", tmp_path, "data.val_fraction=0.5",
                            "data.test_fraction=0.0")
    training.wait_for(b"step 5:")
    training.proc.send_signal(signal.SIGINT)
    training.wait_for(b"stopping after this step")
    time.sleep(0.3)
    assert training.proc.poll() is None, "the final evaluation ended too soon for a second Ctrl-C"
    second = time.monotonic()
    training.proc.send_signal(signal.SIGINT)
    code, out, text = training.finish()
    assert time.monotonic() - second < 5  # it did not sit out the evaluation
    assert code == 130, text
    assert "Traceback" not in text and "error" not in text
    (run,) = tmp_path.iterdir()
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "interrupted" and "final" not in summary
    _, meta = ckpt.load_checkpoint(run / "checkpoints" / "latest.safetensors")
    assert meta["step"] == summary["steps"] >= 5  # the stop's own checkpoint was written first
    assert f"the checkpoint of step {summary['steps']:,} is kept" in summary["message"]
    assert f"interrupted after {summary['steps']} steps" in out and summary["message"] in out
