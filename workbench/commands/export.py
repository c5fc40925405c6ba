"""``workbench export RUN --format onnx|torchscript --out FILE [--checkpoint best|latest]``.

Writes the run's model as one file that runs without Workbench, with JSON beside it (how to call
it, the data spec, the tokenizer), after checking the file against PyTorch on the run's
validation inputs; see ``core.export``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

_BY_SUFFIX = {".onnx": "onnx", ".pt": "torchscript", ".ts": "torchscript", ".torchscript": "torchscript"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``export`` to the ``workbench`` subcommands."""
    p = sub.add_parser("export", help="write a trained model as ONNX or TorchScript, checked against PyTorch")
    p.add_argument("run", help="run folder")
    p.add_argument("--format", choices=("onnx", "torchscript"),
                   help="file format (default: from --out's suffix: .onnx, or .pt for TorchScript)")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the file to write; JSON files named after it are written beside it")
    p.add_argument("--checkpoint", choices=("best", "latest"), default="best",
                   help="which weights: the best on validation (default) or the latest")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export, then print what was written and the parity result."""
    from workbench.core.device import configure_threads
    from workbench.core.errors import ConfigError
    from workbench.core.export import export_run

    out = Path(args.out)
    fmt = args.format or _BY_SUFFIX.get(out.suffix.lower())
    if fmt is None:
        raise ConfigError([f"--out {out.name}: say which format with --format onnx or --format torchscript "
                           "(or end the name in .onnx or .pt)"])
    if out.is_dir():
        example = out / ("model.onnx" if fmt == "onnx" else "model.pt")
        raise ConfigError([f"--out {out} is a folder; give a file name, e.g. {example}"])
    configure_threads(0, leave_one_free=False)
    result = export_run(args.run, fmt, out, checkpoint=args.checkpoint)
    for line in result.describe():
        print(line)
    return 0
