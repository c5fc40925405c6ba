"""`workbench inspect`: the window's judgement of a data file on the command line, and `train`
refusing to guess a target the data leaves in doubt."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cli_steps import run_cli
from workbench.core.config import DataConfig
from workbench.core.data.analysis import analyse
from workbench.core.data.loading import load_file

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "tests" / "data" / "tables"
KEYS = {"task", "target", "target_confident", "target_candidates", "roles", "split_column", "missing_markers",
        "warnings", "encoding", "delimiter", "rows", "reasons", "notes"}


# `workbench train` sets torch's thread count for the process; keep it from leaking.
pytestmark = pytest.mark.usefixtures("one_thread_each_test")


@pytest.fixture(scope="module")
def numbers_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three columns of measurements: nothing says which one to predict."""
    rng = np.random.default_rng(0)
    path = tmp_path_factory.mktemp("inspect") / "numbers.csv"
    pd.DataFrame({"a": rng.normal(size=120), "b": rng.normal(size=120), "c": rng.normal(size=120)}).to_csv(
        path, index=False)
    return path


def test_json_has_the_keys_and_matches_the_data_page(capsys: pytest.CaptureFixture[str]) -> None:
    path = TABLES / "Auto.csv"
    code, out, err = run_cli(capsys, "inspect", path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert KEYS <= set(data)
    assert data == json.loads(json.dumps(analyse(load_file(path), DataConfig(path=str(path))).to_dict()))
    assert data["missing_markers"] == {"horsepower": 5} and data["delimiter"] == "," and data["rows"] == 397
    assert data["target_confident"] is False and data["target"] == data["target_candidates"][0]["column"]
    assert all(set(c) >= {"column", "task", "reasons"} for c in data["target_candidates"])
    assert all(set(w) >= {"code", "column", "message"} for w in data["warnings"])
    assert "target_not_confident" in {w["code"] for w in data["warnings"]}


def test_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "inspect", TABLES / "biomass.csv")
    assert code == 0
    for line in ("Read as: utf-8, delimiter ','", "Split column: dataset", "Columns:", "Warnings:", "Notes:"):
        assert line in out
    assert "  dataset" in out and "the split column" in out


def test_an_unsure_target_says_which_setting_to_give(capsys: pytest.CaptureFixture[str],
                                                      numbers_csv: Path) -> None:
    _, out, _ = run_cli(capsys, "inspect", numbers_csv)
    assert "Target: not sure; the best guess is 'c'" in out and "--set data.target=c" in out
    _, out, _ = run_cli(capsys, "inspect", numbers_csv, "--json", "--set", "data.target=a")
    data = json.loads(out)
    assert (data["target"], data["target_confident"], data["task"]) == ("a", True, "regression")


def test_output_is_bounded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    long = "x" * 500
    path = tmp_path / "wide.csv"
    pd.DataFrame({long: np.arange(30.0), **{f"c{i}": np.arange(30.0) for i in range(80)},
                  "label": ["a", "b", "c"] * 10}).to_csv(path, index=False)
    _, out, _ = run_cli(capsys, "inspect", path)
    assert long not in out and "x" * 27 + "…" in out
    assert "… and 22 more columns (--json lists them all)" in out
    assert max(len(line) for line in out.splitlines()) < 900
    _, out, _ = run_cli(capsys, "inspect", path, "--json")
    assert len(json.loads(out)["roles"]) == 82


def test_plain_text_and_unreadable_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = tmp_path / "book.txt"
    text.write_text("To be, or not to be, that is the question.\n" * 20, encoding="utf-8")
    code, out, _ = run_cli(capsys, "inspect", text, "--json")
    assert code == 0 and json.loads(out)["task"] == "language_modeling"
    code, _, err = run_cli(capsys, "inspect", tmp_path / "missing.csv")
    assert code == 2 and err.startswith("error: ") and "file not found" in err


def test_a_refused_target_is_reported_not_raised(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    pd.DataFrame({"x": np.arange(40.0), "who": [f"person {i}" for i in range(40)]}).to_csv(path, index=False)
    code, out, _ = run_cli(capsys, "inspect", path, "--json", "--set", "data.target=who")
    data = json.loads(out)
    assert code == 0 and "40 classes in 40 rows" in data["error"]
    assert [w["code"] for w in data["warnings"]] == ["one_class_per_row"]


def test_train_refuses_to_guess_a_doubtful_target(capsys: pytest.CaptureFixture[str], numbers_csv: Path,
                                                 tmp_path: Path) -> None:
    config = tmp_path / "run.toml"
    config.write_text(f'[data]\npath = "{numbers_csv.as_posix()}"\n[model]\nkind = "mlp"\nhidden = [4]\n'
                      '[train]\nmax_steps = 1\ndevice = "cpu"\nnum_threads = 1\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "train", config, "--out", tmp_path / "runs", "--quiet", "--no-attention")
    assert code == 2 and "not sure which column to predict, so not training on a guess" in err
    assert "--set data.target=NAME" in err and "--set data.target=c" in err
    assert not (tmp_path / "runs").exists()
    code, _, err = run_cli(capsys, "train", config, "--out", tmp_path / "runs", "--quiet", "--no-attention",
                           "--set", "data.target=c")
    assert code == 0, err
