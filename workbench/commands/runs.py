"""``workbench runs [FOLDER...] [--json]``: the runs in a folder, one line each, newest first."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``runs`` to the ``workbench`` subcommands."""
    p = sub.add_parser("runs", help="list the runs in a folder (default: runs) with their status and scores")
    p.add_argument("folders", nargs="*", default=["runs"], metavar="FOLDER",
                   help="folders holding run folders (default: runs)")
    p.add_argument("--json", action="store_true", help="print one JSON object per run instead of a table")
    p.add_argument("--status", help="only runs with this status (completed, stopped, failed, ...)")
    p.set_defaults(handler=run)


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _size(params: int) -> str:
    if params >= 1_000_000:
        return f"{params / 1e6:.1f}M"
    return f"{params / 1e3:.1f}k" if params >= 1000 else str(params)


def run(args: argparse.Namespace) -> int:
    """Print the table (or JSON lines)."""
    from workbench.core.errors import ConfigError, one_line
    from workbench.core.runs_index import RunsIndex

    folders = [Path(f) for f in args.folders]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise ConfigError([f"no such folder: {one_line(missing[0])}"])
    rows = RunsIndex().scan(folders)
    if args.status:
        rows = [r for r in rows if r.status == args.status]
    if args.json:
        for row in rows:
            print(json.dumps(row.to_dict(), ensure_ascii=False))
        return 0
    if not rows:
        print(f"no runs in {', '.join(args.folders)}")
        return 0
    header = ("name", "started", "data", "task", "model", "size", "metric", "best", "final", "test",
              "steps", "time", "device", "status")
    table: list[tuple[str, ...]] = [header]
    for r in rows:
        steps = f"{r.steps}/{r.total_steps}" if r.total_steps else str(r.steps)
        table.append((r.name, time.strftime("%Y-%m-%d %H:%M", time.localtime(r.started)), r.data_file, r.task,
                      r.model_kind, _size(r.params), r.metric, _cell(r.best), _cell(r.final), _cell(r.test),
                      steps, f"{r.wall_time_s:.0f} s", r.device, r.status))
    widths = [max(len(one_line(row[i])) for row in table) for i in range(len(header))]
    for cells in table:
        print("  ".join(one_line(cell).ljust(width) for cell, width in zip(cells, widths)).rstrip())
    return 0
