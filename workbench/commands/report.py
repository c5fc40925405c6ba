"""``workbench report RUN [--out FILE]``: the run as one self-contained HTML file (``core.report_html``)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``report`` to the ``workbench`` subcommands."""
    p = sub.add_parser("report", help="write a run's report as one HTML file that opens in any browser, "
                                      "offline (setup, data, curves, metrics, ROC/PR, attention, samples)")
    p.add_argument("run", metavar="RUN", help="the run folder")
    p.add_argument("--out", metavar="FILE", help="the HTML file to write (default: RUN/report.html)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the report and print where it is."""
    from workbench.core.errors import CheckpointError
    from workbench.core.report_html import write_report

    folder = Path(args.run)
    if not folder.is_dir():
        raise CheckpointError(f"{folder} is not a run folder: it does not exist. Give the folder a run "
                              "was written to (see `workbench runs`).")
    out = Path(args.out) if args.out else folder / "report.html"
    if out.is_dir():
        raise CheckpointError(f"{out} is a folder; give a file name for the report, "
                              f"e.g. {out / 'report.html'}")
    if not out.parent.is_dir():
        raise CheckpointError(f"cannot write the report {out}: the folder {out.parent} does not exist")
    write_report(folder, out)
    print(f"wrote {out} ({out.stat().st_size / 1e3:,.0f} kB); open it in any browser")
    return 0
