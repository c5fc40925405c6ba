"""``workbench predict --csv``: chunked scoring, row numbers and ids, the CSV output, checked rows."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import torch

from cli_steps import run_cli
from workbench.core import config as C
from workbench.core.errors import CheckpointError, DataError
from workbench.core.pipeline import load_run, start_run
from workbench.core.predict import Scorer, predict_file

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "resources" / "datasets"

pytestmark = pytest.mark.usefixtures("one_thread_each_test")


def _strict_json(line: str) -> dict[str, Any]:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    record: dict[str, Any] = json.loads(line, parse_constant=refuse)
    return record


def _train(out: Path, raw: dict[str, Any]) -> Path:
    train = {"device": "cpu", "sample_length": 0, "num_threads": 1, "max_steps": 4, "batch_size": 16}
    trainer = start_run(C.from_dict({**raw, "train": train}), out)
    trainer.fit()
    assert trainer.run_dir is not None
    return trainer.run_dir.path


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A table run: 'a' never empty in training, 'b' sometimes (so the model knows empty there)."""
    root = tmp_path_factory.mktemp("table")
    rows = [{"a": i % 11, "b": "" if i % 5 == 0 else (i * 7) % 13, "c": "xyz"[i % 3], "y": "yn"[(i // 3) % 2]}
            for i in range(120)]
    pd.DataFrame(rows).to_csv(root / "train.csv", index=False)
    run = _train(root / "runs", {"name": "table", "data": {"path": str(root / "train.csv"), "target": "y"},
                                 "model": {"kind": "mlp", "hidden": [8]}})
    return {"root": root, "run": run}


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("texts")
    pd.read_csv(DATASETS / "rt_polarity.csv").sample(150, random_state=1).to_csv(root / "rt.csv", index=False)
    data = {"path": str(root / "rt.csv"), "target": "label", "text_column": "text", "max_length": 32}
    model = {"kind": "transformer", "d_model": 16, "n_layers": 1, "n_heads": 2}
    run = _train(root / "runs", {"name": "text", "data": data, "model": model})
    return {"root": root, "run": run, "csv": root / "rt.csv"}


def _rows(path: Path, header: str, lines: list[str]) -> Path:
    path.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _all(scoring: Any) -> list[Any]:
    return [r for _, results in scoring.chunks for r in results]


# --- batches and chunks change nothing -------------------------------------------------------

def test_texts_in_batches_and_chunks_score_as_one_batch(texts: dict[str, Path]) -> None:
    run = load_run(texts["run"])
    df = pd.read_csv(texts["csv"])
    whole = Scorer(run, batch_rows=100_000).results(df, 1, row_errors=False)
    batched = Scorer(run, batch_rows=7).results(df, 1, row_errors=False)
    chunked = _all(predict_file(run, texts["csv"], chunk_rows=16, tune_threads=False))
    for many in (batched, chunked):
        assert [r.row for r in many] == list(range(1, len(df) + 1))
        assert [r.prediction for r in many] == [r.prediction for r in whole]
        for a, b in zip(many, whole):
            assert a.probabilities is not None and b.probabilities is not None
            assert list(a.probabilities.values()) == pytest.approx(list(b.probabilities.values()), abs=1e-5)


def test_table_rows_in_chunks_score_as_one_batch(table: dict[str, Path], tmp_path: Path) -> None:
    run = load_run(table["run"])
    path = tmp_path / "rows.csv"
    pd.read_csv(table["root"] / "train.csv").to_csv(path, index=False)
    one = _all(predict_file(run, path, chunk_rows=10_000, tune_threads=False))
    small = _all(predict_file(run, path, chunk_rows=7, tune_threads=False))
    assert [r.row for r in small] == list(range(1, 121))
    assert [r.prediction for r in small] == [r.prediction for r in one]
    for r, s in zip(one, small):
        assert r.probabilities == pytest.approx(s.probabilities, abs=1e-6)


# --- what the command writes -----------------------------------------------------------------

def test_json_lines_carry_the_row_number_and_the_id(table: dict[str, Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = _rows(tmp_path / "new.csv", "customer_id,a,b,c",
                 [f"K{i:03d},{i % 11},{i % 13},{'xyz'[i % 3]}" for i in range(30)])
    code, out, err = run_cli(capsys, "predict", table["run"], "--csv", path)
    assert code == 0, err
    records = [_strict_json(line) for line in out.splitlines()]
    assert [r["row"] for r in records] == list(range(1, 31))
    assert [r["id"] for r in records] == [f"K{i:03d}" for i in range(30)]
    for r in records:
        assert r["prediction"] in ("y", "n")
        assert math.isclose(sum(r["probabilities"].values()), 1.0, abs_tol=1e-5)
    assert "scored 30 of 30 rows" in err


def test_out_writes_the_input_columns_plus_the_answers(texts: dict[str, Path], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "scored.csv"
    code, out, err = run_cli(capsys, "predict", texts["run"], "--csv", texts["csv"], "--out", out_file)
    assert code == 0, err
    assert out == ""  # the answers went to the file
    with open(out_file, encoding="utf-8", newline="") as fh:
        written = list(csv.reader(fh))
    source = pd.read_csv(texts["csv"], dtype=str, keep_default_na=False)
    assert written[0] == [*source.columns, "row", "prediction", "probability_0", "probability_1"]
    assert len(written) == 1 + len(source)
    for i, line in enumerate(written[1:]):
        assert line[:2] == list(source.iloc[i])  # the input as it was
        assert int(line[2]) == i + 1 and line[3] in ("0", "1")
        assert float(line[4]) + float(line[5]) == pytest.approx(1.0, abs=1e-5)
    assert [p.name for p in tmp_path.iterdir()] == ["scored.csv"]  # no temporary file left


# --- rows that cannot be used ------------------------------------------------------------------

BAD = ["1,2,x", "abc,2,y", ",3,z", "1e308,4,x", "inf,5,y", "3,,z"]  # rows 1-6; row 6: 'b' may be empty


@pytest.mark.parametrize(("row", "problem"), [(2, "'abc' is not a number"), (3, "empty"),
                                              (4, "standard deviations"), (5, "not a finite number")])
def test_an_unusable_value_is_an_error_naming_row_and_column(table: dict[str, Path], tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             row: int, problem: str) -> None:
    lines = ["1,2,x"] * (row - 1) + [BAD[row - 1]] + ["2,3,y"]
    path = _rows(tmp_path / "bad.csv", "a,b,c", lines)
    out_file = tmp_path / "out.csv"
    code, _, err = run_cli(capsys, "predict", table["run"], "--csv", path, "--out", out_file)
    assert code == 2
    assert err.startswith(f"error: row {row}, column 'a': ") and problem in err
    assert "--row-errors" in err and len(err.splitlines()) == 1
    assert not out_file.exists() and list(tmp_path.iterdir()) == [path]  # nothing half-written


def test_with_row_errors_bad_rows_get_an_error_and_the_rest_are_scored(
        table: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _rows(tmp_path / "bad.csv", "a,b,c", BAD)
    code, out, err = run_cli(capsys, "predict", table["run"], "--csv", path, "--row-errors")
    assert code == 0, err
    records = [_strict_json(line) for line in out.splitlines()]
    assert [r["row"] for r in records] == [1, 2, 3, 4, 5, 6]
    errors = [r.get("error", "") for r in records]
    assert errors[0] == "" and errors[5] == ""  # 'b' was empty in training too: the model knows it
    for i in (1, 2, 3, 4):
        assert errors[i].startswith(f"row {i + 1}, column 'a'") and "prediction" not in records[i]
    assert records[0]["prediction"] in ("y", "n") and records[5]["prediction"] in ("y", "n")
    assert "scored 2 of 6 rows; 4 with an error" in err
    out_file = tmp_path / "out.csv"
    assert run_cli(capsys, "predict", table["run"], "--csv", path, "--row-errors", "--out", out_file)[0] == 0
    with open(out_file, encoding="utf-8", newline="") as fh:
        written = list(csv.DictReader(fh))
    assert [bool(r["error"]) for r in written] == [False, True, True, True, True, False]
    assert written[1]["prediction"] == "" and written[1]["a"] == "abc"


def test_an_empty_text_is_an_error(texts: dict[str, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _rows(tmp_path / "t.csv", "text,label", ["a fine film,1", '"   ",0', "dull,0"])
    code, _, err = run_cli(capsys, "predict", texts["run"], "--csv", path)
    assert code == 2 and err.startswith("error: row 2, column 'text': empty")


def test_a_missing_column_is_named(table: dict[str, Path], tmp_path: Path) -> None:
    path = _rows(tmp_path / "t.csv", "a,c", ["1,x"])
    with pytest.raises(DataError, match=r"has no column.*'b'"):
        _all(predict_file(load_run(table["run"]), path, tune_threads=False))


def test_broken_weights_give_an_error_never_nan(table: dict[str, Path]) -> None:
    run = load_run(table["run"])
    with torch.no_grad():
        next(run.model.parameters()).fill_(float("nan"))
    df = pd.DataFrame({"a": [1], "b": [2], "c": ["x"]})
    with pytest.raises(CheckpointError, match="not a finite number"):
        Scorer(run).results(df, 1, row_errors=True)


def test_out_on_the_input_or_in_a_missing_folder_is_refused(texts: dict[str, Path], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = texts["csv"].read_bytes()
    code, _, err = run_cli(capsys, "predict", texts["run"], "--csv", texts["csv"], "--out", texts["csv"])
    assert code == 2 and "is the input file" in err
    assert texts["csv"].read_bytes() == before
    missing = tmp_path / "no" / "x.csv"
    code, _, err = run_cli(capsys, "predict", texts["run"], "--csv", texts["csv"], "--out", missing)
    assert code == 2 and "does not exist" in err
