"""``workbench predict``: texts from the command line, or a CSV scored a chunk at a time.

Not a command module of its own (``predict`` is one of the CLI's first commands, parsed in
``workbench.cli``): the handler lives here so the streaming and the CSV writing stay out of cli.py.
Results go to stdout as one JSON object a line, or with ``--out FILE.csv`` to a CSV of the input
columns plus the prediction (and one probability column per class). The CSV is written to a
temporary file beside it and renamed at the end, so an error half-way leaves no half-written file.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path
from typing import Any

PROGRESS_BYTES = 1_000_000  # files at least this large show a progress bar


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options beyond the run, --text, --csv and --checkpoint."""
    p.add_argument("--out", metavar="FILE.csv", help="with --csv: write the input columns plus the row "
                   "number, prediction and each class's probability to FILE.csv instead of JSON lines")
    p.add_argument("--row-errors", action="store_true", help="with --csv: a row with an unusable value gets "
                   "an 'error' and the other rows are scored (without it, such a row stops with an error)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def cmd_predict(args: argparse.Namespace) -> int:
    """Score --text values or a --csv file; see the module's docstring."""
    from workbench.core.device import configure_threads
    from workbench.core.errors import ConfigError
    from workbench.core.pipeline import load_run

    if args.text and (args.out or args.row_errors):
        raise ConfigError(["--out and --row-errors go with --csv, not --text"])
    out = Path(args.out) if args.out else None
    if out is not None and out.is_dir():
        raise ConfigError([f"--out {out} is a folder; name the CSV file to write"])
    if out is not None and not out.resolve().parent.is_dir():
        raise ConfigError([f"--out {out}: the folder {out.resolve().parent} does not exist"])
    if out is not None and args.csv and out.resolve() == Path(args.csv).resolve():
        raise ConfigError([f"--out {out} is the input file; name another file for the results"])
    configure_threads(0, leave_one_free=False)  # the policy; the scorer tunes it to the model's work
    run = load_run(args.run, which=args.checkpoint)
    try:
        return _texts(run, args.text) if args.text else _csv(run, args, out)
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


def _texts(run: Any, texts: list[str]) -> int:
    from workbench.core.pipeline import predict_texts
    from workbench.core.threads import forward_flops, use_threads

    if run.spec.task == "text_classification":  # otherwise predict_texts says what the run takes
        use_threads(forward_flops(run.model, {"x": _encoded(run, texts)}))
    for text, r in zip(texts, predict_texts(run, texts)):
        probs = ", ".join(f"{c}: {p:.3f}" for c, p in r["probabilities"].items())
        print(f"{r['prediction']}\t({probs})\t{text}")
    return 0


def _encoded(run: Any, texts: list[str]) -> Any:
    from workbench.core.data.prepare import encode_texts

    return encode_texts(run.spec, run.tokenizer, texts)["x"]


def _csv(run: Any, args: argparse.Namespace, out: Path | None) -> int:
    from tqdm import tqdm

    from workbench.core.predict import predict_file, to_json

    size = Path(args.csv).stat().st_size if Path(args.csv).is_file() else 0
    bar = None if args.quiet or size < PROGRESS_BYTES else \
        tqdm(total=size, unit="B", unit_scale=True, dynamic_ncols=True, file=sys.stderr)

    def progress(done: int) -> None:
        if bar is not None:
            bar.update(done - bar.n)

    scoring = predict_file(run, args.csv, row_errors=args.row_errors, progress=progress)
    rows = errors = 0
    try:
        if out is None:
            for _, results in scoring.chunks:
                for r in results:
                    print(to_json(r.to_dict(scoring.id_column)))
                    errors += bool(r.error)
                rows += len(results)
        else:
            rows, errors = _write_csv(scoring, out, list(run.spec.classes), args.row_errors)
    finally:
        if bar is not None:
            bar.close()
    where = f" to {out}" if out is not None else ""
    failed = f"; {errors:,} with an error" if errors else ""
    print(f"scored {rows - errors:,} of {rows:,} rows{where}{failed}", file=sys.stderr)
    return 0


def _write_csv(scoring: Any, out: Path, classes: list[str], row_errors: bool) -> tuple[int, int]:
    """Write the chunks to ``out`` (through a temporary file); returns (rows, rows with an error).

    New columns whose names the input already uses get a trailing "_"; the ``error`` column is
    there with ``row_errors`` only (without it, a bad row stops the scoring).
    """
    from workbench.core.errors import DataError

    def free(name: str) -> str:
        while name in scoring.columns:
            name += "_"
        return name

    added = [free("row"), free("prediction"), *(free(f"probability_{c}") for c in classes)]
    if row_errors:
        added.append(free("error"))
    tmp = out.with_name(f".{out.name}.tmp")
    rows = errors = 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            for i, (chunk, results) in enumerate(scoring.chunks):
                if i == 0:
                    writer.writerow([*scoring.columns, *added])
                for values, r in zip(chunk.itertuples(index=False), results):
                    probs = [(r.probabilities or {}).get(c, "") for c in classes]
                    cells = [_cell(v) for v in values]
                    tail = [r.error] if row_errors else []
                    writer.writerow([*cells, r.row, "" if r.error else r.prediction, *probs, *tail])
                    errors += bool(r.error)
                rows += len(results)
        os.replace(tmp, out)
    except OSError as exc:
        raise DataError(f"--out {out}: cannot be written ({exc.strerror or exc})",
                        hint="Choose a file in a folder you can write to.") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return rows, errors


def _cell(value: Any) -> Any:
    """An input value as the file most likely wrote it: a column of whole numbers with gaps is read as
    floats, so 3.0 goes back to 3, and a missing value to an empty field."""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value
