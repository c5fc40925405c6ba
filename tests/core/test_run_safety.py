"""Run folders under stress (issue 12): one writer at a time, a data file that changed, an interrupt
in the middle of a save, SIGTERM, damaged history lines."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from workbench.core import checkpoint as ckpt
from workbench.core import config as C
from workbench.core import fingerprint
from workbench.core.errors import CheckpointError, DataError
from workbench.core.pipeline import resume_run, start_run
from workbench.core.run import read_jsonl_counted
from workbench.core.runsafety import LOCK_NAME, RunLock, being_written

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "datasets" / "iris.csv"

pytestmark = pytest.mark.usefixtures("one_thread")


def iris_cfg(data: Path, *settings: str) -> C.RunConfig:
    return C.apply_overrides(
        C.load(ROOT / "resources" / "examples" / "iris.toml"),
        [
            f"data.path={json.dumps(str(data))}",
            "model.hidden=[8]",
            "train.device='cpu'",
            "train.num_threads=1",
            "train.early_stopping_metric='loss'",
            "train.early_stopping_patience=0",
            *settings,
        ],
    )


def test_a_second_writer_is_refused_and_a_dead_writers_lock_is_taken_over(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from workbench.core.runsafety import RunLock; "
        "lock = RunLock(Path(sys.argv[1])); lock.acquire(); print('locked', flush=True); sys.stdin.readline()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=ROOT,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(
            CheckpointError, match=rf"is in use: another Workbench process \(pid {holder.pid}\)"
        ):
            RunLock(tmp_path).acquire()
        assert being_written(tmp_path)
        holder.kill()  # SIGKILL: no clean-up ran, the lock file stays behind
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.communicate(timeout=30)
    assert (tmp_path / LOCK_NAME).exists() and not being_written(tmp_path)
    lock = RunLock(tmp_path)
    lock.acquire()  # the dead process's lock is gone with it
    assert json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid()
    with pytest.raises(CheckpointError, match="is in use"):  # a second writer in this process too
        RunLock(tmp_path).acquire()
    lock.release()
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_run_being_trained_cannot_be_resumed_until_it_ends(tmp_path: Path) -> None:
    trainer = start_run(iris_cfg(IRIS, "train.max_steps=4", "train.eval_interval=2"), tmp_path)
    assert trainer.run_dir is not None
    with pytest.raises(CheckpointError, match="is in use"):
        resume_run(trainer.run_dir.path)
    trainer.fit()
    assert not (trainer.run_dir.path / LOCK_NAME).exists()
    assert resume_run(trainer.run_dir.path).fit()["status"] == "completed"


@pytest.mark.parametrize(
    ("interrupted", "best_on_disk", "latest_on_disk"),
    [
        (
            "best",
            4,
            5,
        ),  # the interrupt lands while the new best (step 6) is written: best 4 and latest 5 stay
        ("latest", 6, 5),  # the new best is on disk, the latest of step 6 is not
    ],
)
def test_an_interrupt_inside_a_save_reports_what_is_on_disk(
    interrupted: str, best_on_disk: int, latest_on_disk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's second Ctrl-C can land in the middle of writing a checkpoint; the summary and the
    message then name the steps the folder really holds."""
    cfg = iris_cfg(
        IRIS, "train.max_steps=12", "train.eval_interval=2", "train.checkpoint_interval=1", "optim.lr=0.001"
    )
    trainer = start_run(cfg, tmp_path)
    real = ckpt.save_checkpoint

    def save(path: Path, *args: Any) -> None:
        if Path(path).name == f"{interrupted}.safetensors" and trainer.step == 6:
            raise KeyboardInterrupt
        real(path, *args)

    monkeypatch.setattr(ckpt, "save_checkpoint", save)
    with pytest.raises(KeyboardInterrupt):
        trainer.fit()
    assert trainer.run_dir is not None
    summary = json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert ckpt.read_meta(trainer.run_dir.best)["step"] == best_on_disk == summary["best_step"]
    assert ckpt.read_meta(trainer.run_dir.latest)["step"] == latest_on_disk
    assert f"the checkpoint of step {latest_on_disk} is kept" in summary["message"]
    assert not (trainer.run_dir.path / LOCK_NAME).exists()


def test_sigterm_stops_like_ctrl_c(tmp_path: Path) -> None:
    setup = tmp_path / "setup.toml"
    C.save(
        iris_cfg(IRIS, "train.max_steps=100000", "train.eval_interval=50", "train.checkpoint_interval=10"),
        setup,
    )
    out = tmp_path / "runs"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workbench",
            "train",
            str(setup),
            "--out",
            str(out),
            "--quiet",
            "--no-attention",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not any(out.glob("*/checkpoints/latest.safetensors")):
            assert proc.poll() is None and time.monotonic() < deadline, (
                proc.stderr.read() if proc.stderr else ""
            )
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, stderr
    assert "stopping after this step (SIGTERM again to abort)" in stderr and "Traceback" not in stderr
    (run,) = out.iterdir()
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "stopped"
    assert ckpt.read_meta(run / "checkpoints" / "latest.safetensors")["step"] == summary["steps"]
    assert f"stopped after {summary['steps']} steps" in stdout


def test_resume_notices_changed_data_but_not_a_touched_file(tmp_path: Path) -> None:
    data = tmp_path / "iris.csv"
    data.write_bytes(IRIS.read_bytes())
    trainer = start_run(iris_cfg(data, "train.max_steps=2"), tmp_path / "runs")
    trainer.fit()
    assert trainer.run_dir is not None
    run = trainer.run_dir.path
    stored = json.loads((run / fingerprint.FILE).read_text(encoding="utf-8"))
    assert stored["size"] == data.stat().st_size and len(stored["sha256"]) == 64

    os.utime(data, (time.time() + 100, time.time() + 100))  # touched: the same bytes
    assert fingerprint.check(run, data) == []
    text = data.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]  # two rows swapped: the same size, another content
    data.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"changed since this run started \(same size, different content\)"):
        resume_run(run)
    assert not (run / LOCK_NAME).exists()  # the refusal released the lock
    resumed = resume_run(run, allow_changed_data=True)
    assert any("changed since the run started" in note for note in resumed.data.notes)
    resumed.fit()
    assert fingerprint.check(run, data) == []  # renewed: the next resume compares with this data


def test_damaged_history_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    path.write_bytes(
        b'{"step": 1, "loss": 1.0}\n\xff\xfe\x80 not text\n[1]\n{"step": -5}\n{"step": 1e999}\n'
        b'{"step": 2.0, "loss": 0.5}\n\n{"step": 3, "lo'
    )  # the last line torn by a crash
    records, skipped = read_jsonl_counted(path)
    assert [r["step"] for r in records] == [1, 2.0]
    assert skipped == 4


def test_a_tokenizer_that_does_not_match_the_data_spec_is_refused(tmp_path: Path) -> None:
    from workbench.core.runfiles import read_spec, read_tokenizer
    from workbench.core.tokenizers import fit_tokenizer

    tokenizer = fit_tokenizer("word", ["a gorgeous moving film", "a dull film"], 50)
    spec = {
        "spec_version": 1,
        "task": "text_classification",
        "target": "label",
        "text_column": "text",
        "classes": ["neg", "pos"],
        "vocab_size": tokenizer.vocab_size,
        "max_length": 8,
    }
    (tmp_path / "data_spec.json").write_text(json.dumps(spec), encoding="utf-8")
    (tmp_path / "tokenizer.json").write_text(json.dumps(tokenizer.to_dict()), encoding="utf-8")
    assert read_tokenizer(tmp_path, read_spec(tmp_path)).vocab == tokenizer.vocab

    (tmp_path / "data_spec.json").write_text(json.dumps({**spec, "vocab_size": 3}), encoding="utf-8")
    with pytest.raises(CheckpointError, match=r"tokenizer.json has \d+ tokens but data_spec.json says 3"):
        read_tokenizer(tmp_path, read_spec(tmp_path))
    (tmp_path / "tokenizer.json").write_bytes(b'{"kind": "word", "vocab": ["<pad>", "<unk>", "\xff"]}')
    with pytest.raises(CheckpointError, match=r"corrupt tokenizer\.json: not UTF-8"):
        read_tokenizer(tmp_path, read_spec(tmp_path))
    (tmp_path / "tokenizer.json").write_text('{"kind": "rot13", "vocab": []}', encoding="utf-8")
    with pytest.raises(CheckpointError, match=r"corrupt tokenizer\.json: tokenizer kind must be one of"):
        read_tokenizer(tmp_path, read_spec(tmp_path))
    (tmp_path / "tokenizer.json").unlink()
    with pytest.raises(CheckpointError, match=r"has no tokenizer\.json"):
        read_tokenizer(tmp_path, read_spec(tmp_path))
