"""Continuing a run with a changed budget and learning rate, and listing and comparing runs
(``workbench train --resume RUN --set ...``, ``workbench runs``, ``workbench diff``)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from cli_steps import run_cli
from workbench.core import config as C
from workbench.core.continuation import RECORD_KIND, continue_config, differences
from workbench.core.errors import ConfigError
from workbench.core.run import read_jsonl
from workbench.core.runs_index import RunsIndex, list_runs

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "examples" / "iris.toml"
QUICK = ["--set", "train.num_threads=1", "--set", "train.device='cpu'", "--no-attention", "--quiet"]

pytestmark = pytest.mark.usefixtures("one_thread_each_test")
Capture = pytest.CaptureFixture[str]


def train(capsys: pytest.CaptureFixture[str], out: Path, *sets: str) -> Path:
    code, _, err = run_cli(capsys, "train", IRIS, "--out", out, *QUICK, *sets)
    assert code == 0, err
    line = next(line for line in err.splitlines() if line.startswith("run folder: "))
    return Path(line.removeprefix("run folder: "))


@pytest.fixture
def finished(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return train(capsys, tmp_path / "runs", "--set", "train.epochs=3")


def test_continue_with_more_epochs_and_a_new_rate(finished: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = json.loads((finished / "summary.json").read_text())
    old_lr = C.load(finished / "config.toml").optim.lr
    code, _out, err = run_cli(capsys, "train", "--resume", finished, "--set", "train.epochs=6",
                             "--set", "optim.lr=0.0005", "--set", "optim.schedule='constant'", *QUICK)
    assert code == 0, err
    after = json.loads((finished / "summary.json").read_text())
    assert after["steps"] == 2 * before["steps"]  # the budget grew from 3 to 6 epochs
    records = read_jsonl(finished / "metrics.jsonl")
    change = next(r for r in records if r.get("kind") == RECORD_KIND)
    assert change["step"] == before["steps"]
    assert change["changes"]["optim.lr"] == {"from": old_lr, "to": 0.0005}
    later = [r for r in records if r.get("kind") == "train" and r["step"] > before["steps"]]
    assert later and all(r["lr"] == pytest.approx(0.0005) for r in later)  # the new rate, from the next step
    earlier = [r["step"] for r in records if r.get("kind") == "train" and r["step"] <= before["steps"]]
    assert earlier == sorted(set(earlier))  # the loss continues from the saved step: no step twice
    assert C.load(finished / "config.toml").train.epochs == 6  # the config says what the run did


REFUSED = [("model.d_model=64", "d_model"), ("data.max_length=8", "max_length"), ("optim.name='sgd'", "name"),
           ("train.batch_size=8", "batch_size")]


@pytest.mark.parametrize("setting, field", REFUSED)
def test_a_change_the_weights_cannot_take_is_refused_naming_it(finished: Path, capsys: Capture,
                                                               setting: str, field: str) -> None:
    metrics_before = (finished / "metrics.jsonl").read_bytes()
    code, _, err = run_cli(capsys, "train", "--resume", finished, "--set", setting, *QUICK)
    assert code == 2
    assert err.count("error:") == 1 and field in err and "continuing a run" in err, err
    assert (finished / "metrics.jsonl").read_bytes() == metrics_before  # nothing written


def test_resume_refuses_a_config_or_data_beside_it(finished: Path, capsys: Capture) -> None:
    code, _, err = run_cli(capsys, "train", IRIS, "--resume", finished, *QUICK)
    assert code == 2 and "--resume continues a run with its own config" in err


def test_continue_config_lists_changes_and_refuses_all_at_once() -> None:
    saved = C.load(IRIS)
    cfg, changes = continue_config(saved, ["train.epochs=30", "optim.lr=0.02"])
    assert cfg.train.epochs == 30 and set(changes) == {"train.epochs", "optim.lr"}
    with pytest.raises(ConfigError) as info:
        continue_config(saved, ["model.hidden=[8]", "data.target='x'", "train.epochs=30"])
    assert {p.field for p in info.value.problems} == {"hidden", "target"}
    assert differences(saved, saved) == {}


def test_runs_lists_each_run_with_its_status_and_scores(tmp_path: Path, capsys: Capture) -> None:
    runs = tmp_path / "runs"
    first = train(capsys, runs, "--set", "train.epochs=2")
    second = train(capsys, runs, "--set", "train.epochs=2", "--set", "optim.lr=0.01")
    (second / "summary.json").unlink()  # as if killed long ago
    old = time.time() - 3600
    os.utime(second / "metrics.jsonl", (old, old))
    (runs / "not-a-run").mkdir()
    code, out, _ = run_cli(capsys, "runs", runs, "--json")
    assert code == 0
    rows = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
    assert set(rows) == {first.name, second.name}
    done = rows[first.name]
    assert done["status"] == "completed" and done["model_kind"] == "mlp" and done["data_file"] == "iris.csv"
    assert done["metric"] == "accuracy" and 0 <= done["best"] <= 1
    assert done["steps"] == done["total_steps"] > 0
    assert rows[second.name]["status"] == "interrupted"
    code, out, _ = run_cli(capsys, "runs", runs)
    assert code == 0 and first.name in out and "interrupted" in out
    code, _, err = run_cli(capsys, "runs", tmp_path / "nowhere")
    assert code == 2 and "no such folder" in err


def test_a_rescan_reads_only_the_runs_that_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    runs = tmp_path / "runs"
    train(capsys, runs, "--set", "train.epochs=1")
    changed = train(capsys, runs, "--set", "train.epochs=1")
    index = RunsIndex()
    assert len(index.scan([runs])) == 2
    import workbench.core.runs_index as module

    reads: list[Path] = []
    real = module.read_row

    def counted(path: Path, now: float | None = None) -> Any:
        reads.append(path)
        return real(path, now)

    monkeypatch.setattr(module, "read_row", counted)
    summary = changed / "summary.json"
    summary.write_text(summary.read_text().replace('"completed"', '"stopped"'))
    os.utime(summary, (time.time() + 5, time.time() + 5))
    rows = index.scan([runs])
    assert reads == [changed]
    assert {r.status for r in rows} == {"completed", "stopped"}
    assert list_runs(runs)[0].started >= list_runs(runs)[1].started  # newest first


def test_diff_prints_the_settings_and_results_that_differ(tmp_path: Path, capsys: Capture) -> None:
    runs = tmp_path / "runs"
    a = train(capsys, runs, "--set", "train.epochs=2")
    b = train(capsys, runs, "--set", "train.epochs=2", "--set", "optim.lr=0.02")
    code, out, _ = run_cli(capsys, "diff", a, b)
    assert code == 0
    assert "optim.lr" in out and "0.01  ->  0.02" in out and "train.epochs" not in out
    code, out, _ = run_cli(capsys, "diff", a, b, "--json")
    assert json.loads(out)["settings"] == {"optim.lr": {"a": 0.01, "b": 0.02}}
    code, _, err = run_cli(capsys, "diff", a, tmp_path)
    assert code == 2 and "not a Workbench run folder" in err
