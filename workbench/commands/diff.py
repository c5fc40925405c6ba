"""``workbench diff RUN_A RUN_B``: how two runs' settings, data and results differ."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``diff`` to the ``workbench`` subcommands."""
    p = sub.add_parser("diff", help="the settings and results in which two runs differ")
    p.add_argument("run_a", metavar="RUN_A", help="run folder")
    p.add_argument("run_b", metavar="RUN_B", help="run folder")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=run)


def _show(value: Any) -> str:
    from workbench.core.errors import one_line

    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return one_line(text if len(text) <= 60 else text[:59] + "…")


def _metrics(summary: dict[str, Any]) -> dict[str, float]:
    """Flat ``{"best.test.accuracy": value}`` of a summary's scores."""
    flat: dict[str, float] = {}
    for which in ("best", "final"):
        for split, values in (summary.get(which) or {}).items():
            for name, value in (values or {}).items() if isinstance(values, dict) else ():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    flat[f"{which}.{split}.{name}"] = float(value)
    for key in ("steps", "wall_time_s"):
        if isinstance(summary.get(key), (int, float)):
            flat[key] = float(summary[key])
    return flat


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() and abs(value) >= 1 else f"{value:.4f}"


def run(args: argparse.Namespace) -> int:
    """Print the differing settings, then the results side by side."""
    from workbench.core.continuation import differences
    from workbench.core.run import RunDir

    a, b = RunDir(Path(args.run_a)), RunDir(Path(args.run_b))
    settings = differences(a.config(), b.config())
    ma, mb = _metrics(a.summary() or {}), _metrics(b.summary() or {})
    results = {key: (ma.get(key), mb.get(key)) for key in sorted(set(ma) | set(mb))
               if ma.get(key) != mb.get(key)}
    if args.json:
        print(json.dumps({"a": str(a.path), "b": str(b.path),
                          "settings": {k: {"a": va, "b": vb} for k, (va, vb) in settings.items()},
                          "results": {k: {"a": va, "b": vb} for k, (va, vb) in results.items()}},
                         ensure_ascii=False))
        return 0
    print(f"A: {a.path}\nB: {b.path}")
    if not settings:
        print("settings: the same")
    else:
        print("settings that differ:")
        width = max(len(k) for k in settings)
        for key, (va, vb) in settings.items():
            print(f"  {key.ljust(width)}  {_show(va)}  ->  {_show(vb)}")
    if results:
        print("results:")
        width = max(len(k) for k in results)
        for key, (va, vb) in results.items():
            fa, fb = _number(va), _number(vb)
            print(f"  {key.ljust(width)}  {fa}  ->  {fb}")
    return 0
