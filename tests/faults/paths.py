"""Fault cases for paths, messages, config files and command-line arguments (issue 12).

Paths that are not regular files (a FIFO, a device, a link loop), a NUL byte or a line break in a
path, ``--out`` that cannot hold run folders, config files that are not configs, unbounded or
unprintable values in messages, and ``generate`` arguments out of range. Each ends with exit 2 and
one bounded line naming the problem, never a hang or an "internal error".
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from faults import Fault

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "datasets" / "iris.csv"
FAST = ("--quiet", "--no-attention")
BOM = b"\xef\xbb\xbf"


def _toml(name: str = "tiny", **extra: str) -> str:
    """A valid config: a tiny MLP on the bundled iris data for two steps on one thread;
    ``extra`` adds ``section = 'lines'`` to a section (``data``, ``model``, ``optim``, ``train``)."""
    sections = {"data": f"path = {str(IRIS)!r}\ntarget = 'species'\ntask = 'tabular_classification'",
                "model": "kind = 'mlp'\nhidden = [8]",
                "optim": "lr = 0.01",
                "train": "batch_size = 16\nmax_steps = 2\nnum_threads = 1\ndevice = 'cpu'"}
    for section, lines in extra.items():
        sections[section] += "\n" + lines
    body = "\n".join(f"[{section}]\n{lines}\n" for section, lines in sections.items())
    return f"schema_version = 1\nname = {name!r}\n{body}"


def _train(folder: Path, config: Path | str, *more: str) -> list[str]:
    return ["train", str(config), "--out", str(folder / "runs"), *FAST, *more]


def _config(text: str | bytes, *more: str) -> Callable[[Path], list[str]]:
    """A case that trains with a config file holding ``text``."""
    def make(folder: Path) -> list[str]:
        path = folder / "config.toml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return _train(folder, path, *more)
    return make


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def _loop(folder: Path, name: str) -> Path:
    path = folder / name
    path.symlink_to(path)  # a link to itself
    return path


def _zero(folder: Path, name: str) -> Path:
    path = folder / name
    path.symlink_to("/dev/zero")
    return path


def _run_folder(folder: Path, **special: Callable[[Path, str], Path]) -> Path:
    """A run folder with a config and a data spec; ``special`` makes some of its files otherwise."""
    run = folder / "run"
    (run / "checkpoints").mkdir(parents=True)
    for name in ("config.toml", "data_spec.json", "checkpoints/best.safetensors"):
        key = name.split("/")[-1].split(".")[0]
        if key in special:
            special[key](run, name)
        elif name == "config.toml":
            (run / name).write_text(_toml())
        else:
            (run / name).write_text("{}")
    return run


def _folder_with_file(folder: Path) -> Path:
    path = folder / "runs.txt"
    path.write_text("not a folder")
    return path


def _train_into(folder: Path, out: Path) -> list[str]:
    """Train a valid config with ``--out out``."""
    (folder / "c.toml").write_text(_toml())
    return ["train", str(folder / "c.toml"), "--out", str(out), *FAST]


def _read_only_out(folder: Path) -> list[str]:
    if os.geteuid() == 0:  # root writes through permissions: use a folder the kernel refuses to extend
        out = Path("/sys/workbench-runs")
    else:
        locked = folder / "locked"
        locked.mkdir(mode=0o555)
        out = locked / "runs"
    return _train_into(folder, out)


def _huge_line(folder: Path) -> list[str]:
    path = folder / "line.csv"
    with path.open("wb") as fh:  # one 50 MB line: a header with nothing under it
        fh.write(b"x" * 50_000_000 + b"\n")
    return ["inspect", str(path)]


def _sparse_config(folder: Path) -> list[str]:
    path = folder / "c.toml"
    with path.open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: 50 MB of NUL bytes that take no disk
    return _train(folder, path)


def _generate(*args: str) -> Callable[[Path], list[str]]:
    return lambda folder: ["generate", str(folder / "no-run"), *args]


def _check_short_folder(folder: Path, out: str, err: str) -> None:
    runs = list((folder / "runs").iterdir())
    assert len(runs) == 1 and len(os.fsencode(runs[0].name)) <= 255, runs
    assert (runs[0] / "summary.json").is_file()


def _check_trained(folder: Path, out: str, err: str) -> None:
    assert len(list((folder / "runs").glob("*/summary.json"))) == 1, err[-2000:]


DEEP = 100_000

FAULTS = [
    # --- config files that are not config files
    Fault("config is a FIFO", "hang", lambda f: _train(f, _fifo(f, "c.toml")),
          "is a named pipe (FIFO), not a config file. Workbench reads only regular files",
          subprocess=True, timeout=30),
    Fault("config links to /dev/zero", "memory", lambda f: _train(f, _zero(f, "c.toml")), "is a device",
          subprocess=True, timeout=30),
    Fault("config is a link loop", "internal", lambda f: _train(f, _loop(f, "c.toml")),
          "loop of symbolic links"),
    Fault("config is a folder", "internal", lambda f: _train(f, f),
          "is a folder, not a config file. Choose a file inside it."),
    Fault("config is 50 MB", "memory", _sparse_config, "too large for a config file"),
    Fault("config is a PNG", "internal", _config(b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
          "is not UTF-8 text"),
    Fault("config is empty", "internal", _config(b""), "[data] path is empty"),
    Fault("config is only a BOM", "internal", _config(BOM), "[data] path is empty"),
    Fault("config with a BOM trains", "internal", _config(BOM + _toml().encode()), check=_check_trained,
          status=0),
    Fault("config nested 100,000 deep", "internal", _config("x = " + "[" * DEEP + "]" * DEEP),
          "nested too deeply"),
    Fault("config schema_version is a string", "confusing", _config(_toml().replace(
        "schema_version = 1", 'schema_version = "1"')), "must be the number 1"),
    Fault("config lr is 1e400", "wrong", _config(_toml(optim="weight_decay = 1e400")),
          "[optim] weight_decay must be at most"),
    Fault("config key with right-to-left override", "confusing",
          _config(_toml(model='"\u202ehidden\u202c" = 3')), "unknown key [model] \\u202ehidden\\u202c"),
    Fault("config encoding rot13", "internal", _config(_toml(data="encoding = 'rot13'")),
          "'rot13' is not a text encoding"),
    Fault("config device meta", "internal", _config(_toml(train="device = 'meta'").replace(
        "device = 'cpu'\n", "")), "'meta' is not a training device"),
    Fault("run name of 5,000 characters", "internal", _config(_toml(name="r" * 5000)),
          "the limit is 200"),
    Fault("run name of 150 Chinese characters trains", "internal", _config(_toml(name="字" * 150)),
          status=0, check=_check_short_folder),
    Fault("config path with a NUL byte", "internal", lambda f: _train(f, f / "a\x00b.toml"), "NUL character"),
    Fault("config path with bidi characters", "confusing", lambda f: _train(f, f / "\u202elmot.toml"),
          "\\u202elmot.toml: config file not found"),
    # --- data paths
    Fault("data is a FIFO", "hang", lambda f: ["train", "--data", str(_fifo(f, "d.csv")), *FAST],
          "named pipe (FIFO)", subprocess=True, timeout=30),
    Fault("data links to /dev/zero", "memory", lambda f: ["inspect", str(_zero(f, "d.csv"))], "is a device",
          subprocess=True, timeout=30),
    Fault("data is a link loop", "internal", lambda f: ["train", "--data", str(_loop(f, "d.csv")), *FAST],
          "loop of symbolic links"),
    Fault("config data path is a link loop", "internal",
          lambda f: (_loop(f, "loop.csv"), _config(_toml().replace(repr(str(IRIS)), "'loop.csv'"))(f))[1],
          "loop of symbolic links"),
    Fault("data path with a NUL byte", "internal", lambda f: ["inspect", str(f / "a\x00b.csv")],
          "NUL character"),
    Fault("config data path with a NUL byte", "internal",
          _config(_toml().replace(repr(str(IRIS)), '"a\\u0000b.csv"')), "NUL character"),
    Fault("data path with a line break", "confusing", lambda f: ["inspect", str(f / "a\nb.csv")],
          "a\\nb.csv: file not found"),
    Fault("data path over 4,096 characters", "internal", lambda f: ["inspect", "d/" * 3000 + "x.csv"],
          "the limit is 4,096"),
    Fault("data file name over 255 bytes", "internal", lambda f: ["inspect", str(f / ("é" * 200 + ".csv"))],
          "the limit is 255"),
    Fault("50 MB single-line data file", "unbounded", _huge_line, "but no data rows", timeout=120),
    # --- --out
    Fault("--out is a file", "internal", lambda f: _train_into(f, _folder_with_file(f)),
          "is a file, not a folder for run folders. Give the path of a folder."),
    Fault("--out is inside a file", "internal",
          lambda f: _train_into(f, _folder_with_file(f) / "runs"), "which is a file"),
    Fault("--out is read-only", "internal", _read_only_out, "cannot be written to"),
    Fault("--save-config is a folder", "internal", lambda f: _train(f, _write(f, "c.toml", _toml()),
                                                                    "--save-config", str(f)),
          "is a folder, not a config file. Give a file name inside it."),
    Fault("--save-config inside a file", "internal",
          lambda f: _train(f, _write(f, "c.toml", _toml()), "--save-config", str(f / "c.toml" / "x.toml")),
          "c.toml: is a file, not a folder"),
    Fault("--save-config is a FIFO", "hang", lambda f: _train(f, _write(f, "c.toml", _toml()),
                                                              "--save-config", str(_fifo(f, "s.toml"))),
          "is a named pipe (FIFO), not a config file", subprocess=True, timeout=30),
    # --- run folders given to resume, predict, score
    Fault("--resume of a file", "internal", lambda f: ["train", "--resume", str(_folder_with_file(f))],
          "is a file, not a run folder"),
    Fault("--resume of a link loop", "internal", lambda f: ["train", "--resume", str(_loop(f, "run"))],
          "loop of symbolic links"),
    Fault("run folder config is a FIFO", "hang",
          lambda f: ["train", "--resume", str(_run_folder(f, config=_fifo))], "named pipe (FIFO)",
          subprocess=True, timeout=30),
    Fault("run folder data spec is a FIFO", "hang",
          lambda f: ["predict", str(_run_folder(f, data_spec=_fifo)), "--text", "hi"], "named pipe (FIFO)",
          subprocess=True, timeout=30),
    Fault("checkpoint is a FIFO", "hang",
          lambda f: ["predict", str(_run_folder(f, best=_fifo)), "--text", "hi"], "named pipe (FIFO)",
          subprocess=True, timeout=30),
    Fault("checkpoint links to /dev/zero", "memory",
          lambda f: ["score", str(_run_folder(f, best=_zero))], "is a device", subprocess=True, timeout=30),
    # --- --set
    Fault("--set with a malformed value", "internal", _config(_toml(), "--set", "model.hidden=[8,"),
          "[model] hidden must be a list"),
    Fault("--set of an unknown section", "internal", _config(_toml(), "--set", "bogus.x=1"),
          "unknown section 'bogus'"),
    Fault("--set without a section", "internal", _config(_toml(), "--set", "lr=3"),
          "must look like section.key=value"),
    Fault("--set nested 5,000 deep", "internal",
          _config(_toml(), "--set", "model.hidden=" + "[" * 5000 + "]" * 5000), "nested too deeply"),
    # --- generate
    Fault("generate --temperature -1", "internal", _generate("--temperature", "-1"),
          "--temperature -1.0 must be a number, 0 or more"),
    Fault("generate --temperature nan", "internal", _generate("--temperature", "nan"),
          "--temperature nan must be a number"),
    Fault("generate --temperature inf", "internal", _generate("--temperature", "inf"),
          "--temperature inf must be a number"),
    Fault("generate --top-k -3", "internal", _generate("--top-k", "-3"), "--top-k -3 must be 0 or more"),
    Fault("generate --length 100000000", "hang", _generate("--length", "100000000"),
          "--length 100000000 must be 1 to 100,000"),
    Fault("generate --length 0", "internal", _generate("--length", "0"), "must be 1 to 100,000"),
]
