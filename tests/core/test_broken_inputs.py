"""The broken-input corpus (tests/corpus.py) through the loader, the prepare step and the CLI.

On the command line each broken input must give exactly one line, ``error: <what is wrong, and
what to do>``, on stderr and exit status 2, with nothing left behind; each input that loads must
train and print how it was read (``note: ...``). Property-based tests then check that no input,
however mangled, makes the loader or the prepare step raise anything but the project's own errors.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import BY_NAME, CASES, Case, good_table
from workbench.cli import main
from workbench.core import config as C
from workbench.core.config import DataConfig
from workbench.core.data import loading
from workbench.core.data.loading import LoadedTable, LoadedText, load_file
from workbench.core.data.prepare import prepare_data
from workbench.core.data.sniffing import DELIMITERS
from workbench.core.errors import DataError, WorkbenchError
from workbench.core.pipeline import prepare

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"
# Two steps of one thread on the CPU: enough to show the file trains, and fast.
QUICK = ("--set", "train.max_steps=2", "--set", "train.num_threads=1", "--set", "train.device='cpu'",
         "--no-attention", "--quiet")

LOAD_CASES = [c for c in CASES if c.stage == "load"]
DATA_CASES = [c for c in CASES if c.stage == "data"]


@pytest.fixture(autouse=True)
def _restore_threads() -> Any:
    import torch

    # `workbench train` sets torch's thread count for the process; keep it from leaking.
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def make(case: Case, folder: Path) -> Path:
    reason = case.skip_reason()
    if reason:
        pytest.skip(reason)
    return case.make(folder)


def assert_user_message(text: str, case: Case, path: Path) -> None:
    """The message says what is wrong (naming the file for a file problem) and what to do."""
    assert case.message in text, text
    assert case.hint in text, text
    assert "\n" not in text.strip()
    if case.stage == "load" or "[train]" not in case.message:
        assert str(path) in text, text


def config_for(case: Case, path: Path) -> C.RunConfig:
    """The example config with the case's --set overrides and ``path`` as the data, as the CLI builds it."""
    cfg = C.load(EXAMPLES / f"{case.example}.toml")
    cfg.data.path = str(path)
    overrides = [value for flag, value in zip(case.cli_args[::2], case.cli_args[1::2]) if flag == "--set"]
    return C.apply_overrides(cfg, overrides) if overrides else cfg


def run_cli(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --- the loader -----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", LOAD_CASES, ids=lambda c: c.name)
def test_loader(case: Case, tmp_path: Path) -> None:
    path = make(case, tmp_path)
    if not case.loads:
        with pytest.raises(DataError) as info:
            load_file(path)
        assert_user_message(str(info.value), case, path)
        return
    loaded = load_file(path)
    if case.note:
        assert any(case.note in note for note in loaded.notes), loaded.notes
    if case.check is not None:
        case.check(loaded)


def test_a_2gb_file_is_refused_before_any_of_it_is_read(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = make(BY_NAME["a 2 GB file"], tmp_path)
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    with pytest.raises(DataError, match="the limit is 1 GB"):
        load_file(path)
    assert path not in opened


def test_no_read_permission_as_the_os_would_refuse_it(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The permission case for runs as root, where chmod does not stop reading: the OS's refusal
    is simulated for this one file."""
    case = BY_NAME["no read permission"]
    path = tmp_path / "locked.csv"
    path.write_text(good_table(), encoding="utf-8")
    deny_permission(monkeypatch, path)
    with pytest.raises(DataError) as info:
        load_file(path)
    assert_user_message(str(info.value), case, path)


def deny_permission(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make opening ``path`` (and only it) fail as a file without read permission does."""
    real_open = Path.open

    def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)


# A file written to while it is read. Simulated: the real read runs, then the file is changed or
# deleted before load_file returns, as a program still writing it (or a sync client) would.
def change_after_reading(monkeypatch: pytest.MonkeyPatch, path: Path, how: str) -> None:
    real_read = loading._read_csv

    def read_then_change(*args: Any, **kwargs: Any) -> Any:
        df = real_read(*args, **kwargs)
        if how == "append":
            with path.open("a", encoding="utf-8") as fh:
                fh.write("4.5,red,yes\n")
        else:
            path.unlink()
        return df

    monkeypatch.setattr(loading, "_read_csv", read_then_change)


@pytest.mark.parametrize(("how", "message"), [
    ("append", "changed while it was being read. Wait until the program writing it has finished"),
    ("delete", "was moved or deleted while it was being read. Open it again"),
])
def test_a_file_changed_while_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str,
                                         message: str) -> None:
    path = tmp_path / "growing.csv"
    path.write_text(good_table(), encoding="utf-8")
    change_after_reading(monkeypatch, path, how)
    with pytest.raises(DataError) as info:
        load_file(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_one_column_of_two_word_names_is_not_taken_for_spaces(tmp_path: Path) -> None:
    # The space check needs a column of numbers, so this one-column file still loads.
    path = tmp_path / "names.csv"
    path.write_text("full name\nAda Lovelace\nAlan Turing\nGrace Hopper\n", encoding="utf-8")
    loaded = load_file(path)
    assert isinstance(loaded, LoadedTable) and loaded.df["full name"].tolist()[0] == "Ada Lovelace"


# --- the prepare step: the file reads, but cannot be trained on as configured --------------------

@pytest.mark.parametrize("case", DATA_CASES, ids=lambda c: c.name)
def test_prepare_step(case: Case, tmp_path: Path) -> None:
    path = make(case, tmp_path)
    cfg = config_for(case, path)
    if not case.loads:
        with pytest.raises(WorkbenchError) as info:
            prepare(cfg)
        assert_user_message(str(info.value), case, path)
        return
    data = prepare(cfg)
    assert case.note in data.notes
    if case.check is not None:
        case.check(load_file(path))


# --- the command line -----------------------------------------------------------------------------

def cli_args(case: Case, path: Path, out: Path) -> list[Any]:
    return ["train", EXAMPLES / f"{case.example}.toml", "--data", path, *case.cli_args, *QUICK, "--out", out]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cli(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make(case, tmp_path)
    out_dir = tmp_path / "runs"
    code, out, err = run_cli(capsys, *cli_args(case, path, out_dir))
    assert "Traceback" not in err
    if not case.loads:
        assert code == 2, err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err
        assert_user_message(lines[0], case, path)
        assert out == "" and not out_dir.exists()  # nothing half-made is left behind
        return
    assert code == 0, err
    assert "error" not in err.lower()
    if case.note:
        assert any(line.startswith("note: ") and case.note in line for line in err.splitlines()), err
    assert out.startswith("completed after 2 steps")


def test_cli_when_the_file_changes_while_it_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "growing.csv"
    path.write_text(good_table(), encoding="utf-8")
    change_after_reading(monkeypatch, path, "append")
    code, _out, err = run_cli(capsys, "train", EXAMPLES / "iris.toml", "--data", path, *QUICK,
                              "--out", tmp_path)
    assert code == 2 and err.strip().splitlines() == [f"error: {path}: changed while it was being read. "
                                                      "Wait until the program writing it has finished, then "
                                                      "open it again."]


def test_cli_without_read_permission_as_the_os_would_refuse_it(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.csv"
    path.write_text(good_table(), encoding="utf-8")
    deny_permission(monkeypatch, path)  # simulated: see test_no_read_permission_as_the_os_would_refuse_it
    code, _out, err = run_cli(capsys, "train", EXAMPLES / "iris.toml", "--data", path, *QUICK,
                              "--out", tmp_path)
    assert code == 2
    assert err.strip().splitlines() == [f"error: {path}: no permission to read this file. "
                                        "Check its permissions."]


def test_the_2gb_file_in_a_real_process(tmp_path: Path) -> None:
    """What a shell user sees: one line, status 2, no traceback."""
    path = make(BY_NAME["a 2 GB file"], tmp_path)
    proc = subprocess.run([sys.executable, "-m", "workbench", "train", str(EXAMPLES / "iris.toml"), "--data",
                           str(path), "--out", str(tmp_path / "runs")], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"error: {path}: too large to load in memory (2.1 GB); "
                                        "the limit is 1 GB. Use a sample of its rows."]
    assert proc.stdout == "" and not (tmp_path / "runs").exists()


# --- any input: a result or the project's own error, never anything else ---------------------------

_SPECIALS = st.sampled_from(["", " ", '"', '""', "NA", "nan", "?", "-", "1e309", "0", "3.5", "yes", "no",
                             "<b>x</b>", "中文", "Müller", "\\", "\t", "\r", "\n", ",", ";", "|", ":"])
_FIELDS = st.one_of(_SPECIALS, st.integers(-1000, 1000).map(str),
                    st.text(st.characters(exclude_categories=("Cs",)), max_size=8))
_ROWS = st.lists(st.lists(_FIELDS, min_size=1, max_size=5), min_size=1, max_size=12)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """Text-like delimited content: quoted properly or naively joined, in one of the encodings read."""
    rows = draw(_ROWS)
    delimiter = draw(st.sampled_from([*DELIMITERS, ":", " "]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if draw(st.booleans()):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
        text = buffer.getvalue()
    else:
        text = "".join(delimiter.join(row) + newline for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "latin-1"]))
    suffix = draw(st.sampled_from([".csv", ".tsv", ".txt"]))
    return text.encode(encoding, errors="replace"), suffix


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=csv_files())
def test_any_csv_text_loads_or_raises_a_data_error(tmp_path: Path, content: tuple[bytes, str]) -> None:
    data, suffix = content
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        loaded = load_file(path)
    except DataError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        return
    assert isinstance(loaded, (LoadedTable, LoadedText))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=csv_files(), task=st.sampled_from(["auto", "tabular_classification", "text_classification",
                                                   "regression", "language_modeling"]))
def test_whatever_loads_prepares_or_raises_the_projects_error(tmp_path: Path, content: tuple[bytes, str],
                                                              task: str) -> None:
    data, suffix = content
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        loaded = load_file(path)
    except DataError:
        return
    try:
        prepared = prepare_data(loaded, DataConfig(task=task, tokenizer="char"), block_size=4)
    except WorkbenchError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return
    assert len(prepared.train) > 0
