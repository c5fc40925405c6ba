"""Export a trained model to ONNX or TorchScript, and check the file against PyTorch.

``export_module`` works on any model called as ``model(batch)`` (a dict of tensors) and returning
one tensor: it wraps it in a module of positional tensors (the graph's inputs, in the signature's
order), writes the file, then runs the file on batches whose batch size and sequence length
differ from the ones it was traced at (ONNX with onnxruntime, TorchScript with ``torch.jit.load``)
and compares with the PyTorch outputs. A mismatch above ``TOLERANCE``, or a file that cannot be
read back, is an :class:`ExportError` and the file is removed: what is left on disk works.

ONNX uses ``torch.onnx.export(dynamo=True)``, PyTorch's supported exporter (it needs the
``onnxscript`` package): ``batch`` and ``sequence`` are named dynamic axes of inputs and outputs.
TorchScript uses ``torch.jit.trace``, which records sizes as they flow through the graph; the text
classifier keeps every column while traced (see its ``forward``), so no length is frozen in.

``export_run`` exports a run's best or latest checkpoint and writes the JSON beside it
(``core.export_io``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import math
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from workbench.core import export_io as io
from workbench.core.checkpoint import read_meta
from workbench.core.errors import WorkbenchError
from workbench.core.models import resolve_kind
from workbench.core.pipeline import load_run, prepare

FORMATS = ("onnx", "torchscript")
SUFFIXES = {"onnx": ".onnx", "torchscript": ".pt"}
TOLERANCE = 1e-4  # largest absolute difference from the PyTorch outputs an export may have
ONNX_PACKAGES = ("onnx", "onnxruntime", "onnxscript")
INSTALL_HINT = 'Install them with: pip install "workbench[export]"'


class ExportError(WorkbenchError):
    """An export that could not be written, or whose file does not compute what the model does."""


def missing_onnx_packages() -> list[str]:
    """The packages ONNX export needs that are not installed (empty when it can run)."""
    return [name for name in ONNX_PACKAGES if importlib.util.find_spec(name) is None]


def check_format(fmt: str) -> None:
    """Raise ExportError for an unknown format, or for ONNX without its optional packages."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use {' or '.join(FORMATS)}")
    missing = missing_onnx_packages() if fmt == "onnx" else []
    if missing:
        raise ExportError(f"ONNX export needs the optional package(s) {', '.join(missing)}, "
                          "which are not installed.", hint=INSTALL_HINT)


class _Positional(nn.Module):
    """``model`` called with positional tensors, named in ``names`` order, as the exporters want."""

    def __init__(self, model: nn.Module, names: Sequence[str]) -> None:
        super().__init__()
        self.model = model
        self.names = list(names)

    def forward(self, *inputs: Tensor) -> Tensor:
        """The model's output for ``inputs`` (one tensor per name)."""
        out = self.model(dict(zip(self.names, inputs)))
        if not isinstance(out, Tensor):
            raise ExportError("only models that return one tensor can be exported")
        return out


@dataclass(frozen=True)
class Parity:
    """How the exported file compared with PyTorch: the largest difference over every batch."""

    max_abs_diff: float
    shapes: list[list[int]]  # the first input's shape in each batch checked
    traced_shape: list[int]
    tolerance: float = TOLERANCE

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the export JSON."""
        return {"max_abs_diff": self.max_abs_diff, "tolerance": self.tolerance,
                "checked_shapes": self.shapes, "traced_shape": self.traced_shape}


@contextlib.contextmanager
def _quiet_exporter() -> Iterator[None]:
    # The exporters warn about their own deprecations and log optional packages they skip
    # (torchvision); none of it is the user's to act on. What counts is the parity check after.
    onnx_log = logging.getLogger("torch.onnx")
    level = onnx_log.level
    onnx_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        onnx_log.setLevel(level)


def _write(wrapper: _Positional, sig: io.Signature, example: tuple[Tensor, ...], fmt: str, out: Path) -> None:
    with _quiet_exporter():
        if fmt == "torchscript":
            traced = torch.jit.trace(wrapper, example, check_trace=False)  # type: ignore[no-untyped-call]
            torch.jit.save(traced, str(out))
            return
        batch = torch.export.Dim("batch", min=1)
        sequence = torch.export.Dim("sequence", min=1, max=max(sig.max_sequence, 2))
        axes = tuple({i: batch if axis == "batch" else sequence
                      for i, axis in enumerate(t.shape) if isinstance(axis, str)} for t in sig.inputs)
        program = torch.onnx.export(wrapper, example, dynamo=True, input_names=sig.names,
                                    output_names=[sig.output.name], dynamic_shapes=(axes,),
                                    verbose=False, optimize=True)
        if program is None:  # only the old exporter returns nothing
            raise ExportError("the ONNX exporter returned no program")
        program.save(str(out))


def _runner(fmt: str, out: Path) -> Any:
    """A function of a batch (dict of tensors) running the exported file, as numpy."""
    if fmt == "torchscript":
        with _quiet_exporter():
            loaded = torch.jit.load(str(out), map_location="cpu")  # type: ignore[no-untyped-call]
        return lambda inputs: loaded(*inputs).detach().numpy()
    import onnxruntime as ort  # type: ignore[import-untyped]  # ships no types

    options = ort.SessionOptions()
    options.log_severity_level = 3  # errors only: its warnings about the graph are not the user's
    session = ort.InferenceSession(str(out), options, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    return lambda inputs: session.run(None, {n: t.numpy() for n, t in zip(names, inputs)})[0]


def verify(out: Path, fmt: str, model: nn.Module, sig: io.Signature,
           batches: Sequence[dict[str, Tensor]]) -> float:
    """Run the file at ``out`` on ``batches`` and compare with ``model``; the largest difference.

    Raises ExportError when the file cannot be read or run, an output's shape differs, or a
    difference exceeds ``TOLERANCE``.
    """
    try:
        run = _runner(fmt, out)
    except Exception as exc:  # noqa: BLE001 - onnxruntime and torch.jit raise their own kinds
        raise ExportError(f"{out.name} cannot be read back as {fmt}: {exc}") from None
    worst = 0.0
    for batch in batches:
        inputs = [batch[name] for name in sig.names]
        with torch.no_grad():
            expected = model(batch).float().numpy()
        try:
            got = run(inputs)
        except Exception as exc:  # noqa: BLE001 - as above
            raise ExportError(f"{out.name} fails on inputs of shape {list(inputs[0].shape)}: {exc}") from None
        if got.shape != expected.shape:
            raise ExportError(f"{out.name} returns shape {list(got.shape)} for inputs of shape "
                              f"{list(inputs[0].shape)}; the model returns {list(expected.shape)}")
        diff = float(abs(got - expected).max()) if expected.size else 0.0
        if math.isnan(diff) or diff > TOLERANCE:
            raise ExportError(f"{out.name} differs from the model by {diff:.3g} on inputs of shape "
                              f"{list(inputs[0].shape)} (at most {TOLERANCE:g} is allowed)",
                              hint="The exported graph does not compute what the model does; "
                                   "try the other format.")
        worst = max(worst, diff)
    return worst


def export_module(model: nn.Module, sig: io.Signature, example: dict[str, Tensor],
                  checks: Sequence[dict[str, Tensor]], fmt: str, out: str | Path) -> Parity:
    """Export ``model`` (eval mode, CPU) to ``out`` and check it on ``checks``; see the module doc.

    ``example`` is the batch it is traced at. On any failure the file is removed and ExportError
    raised.
    """
    check_format(fmt)
    out = Path(out)
    model = model.eval()
    wrapper = _Positional(model, sig.names).eval()
    example_args = tuple(example[name] for name in sig.names)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            _write(wrapper, sig, example_args, fmt, out)
        except (ExportError, OSError):
            raise
        except Exception as exc:  # noqa: BLE001 - the exporters raise many kinds; the message says why
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ExportError(f"the {fmt} exporter could not export this model: {first}") from None
        worst = verify(out, fmt, model, sig, [example, *checks])
    except BaseException:
        _remove(out)
        raise
    return Parity(worst, io.shapes(checks), list(example_args[0].shape))


def _remove(out: Path) -> None:
    for path in (out, out.with_name(out.name + ".data")):  # ONNX keeps big weights beside the graph
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@dataclass(frozen=True)
class ExportResult:
    """What ``export_run`` wrote and how the file compared with PyTorch."""

    path: Path
    fmt: str
    sidecars: list[Path]
    parity: Parity
    inputs_from: str  # "validation inputs" or "made-up inputs" (plus made-up batches of other shapes)
    checkpoint: str
    seconds: float
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        """Lines for a person: what was written and the parity result."""
        p = self.parity
        shapes = ", ".join("×".join(str(n) for n in s) for s in p.shapes)
        return [f"wrote {self.path} ({self.fmt}, from {self.checkpoint})",
                *(f"wrote {path}" for path in self.sidecars),
                f"parity: the file matches PyTorch within {p.max_abs_diff:.2g} (allowed {p.tolerance:g}) "
                f"on {self.inputs_from} and inputs of shape {shapes} (traced at "
                f"{'×'.join(str(n) for n in p.traced_shape)})"]


def export_run(run_path: str | Path, fmt: str, out: str | Path, checkpoint: str = "best") -> ExportResult:
    """Export the run's ``checkpoint`` ("best" or "latest") to ``out`` with its JSON beside it."""
    check_format(fmt)
    if checkpoint not in ("best", "latest"):
        raise ExportError(f"checkpoint must be best or latest, got {checkpoint!r}")
    started = time.perf_counter()
    run = load_run(run_path, which=checkpoint)
    spec, tokenizer = run.spec, run.tokenizer
    sig = io.signature(spec)
    traced_len, check_shapes = io.trace_lengths(sig)
    example = io.random_batch(spec, sig, 2, traced_len, seed=0)
    checks = [io.random_batch(spec, sig, b, n, seed=i + 1) for i, (b, n) in enumerate(check_shapes)]
    real = io.validation_batch(Path(run_path), spec, tokenizer,
                               fallback=lambda: prepare(run.cfg).val_examples)
    if real is not None:
        checks.insert(0, real)
    parity = export_module(run.model, sig, example, checks, fmt, out)
    ckpt = Path(run.checkpoint)
    source = {"run": str(Path(run_path).resolve()), "checkpoint": ckpt.name,
              "step": read_meta(ckpt).get("step"), "model_kind": resolve_kind(run.cfg.model, spec.task),
              "torch": torch.__version__}
    sidecars = io.write_sidecars(Path(out), fmt, spec, tokenizer, sig, source, parity.to_dict())
    inputs_from = f"{len(real[sig.names[0]])} validation inputs" if real is not None else "made-up inputs"
    return ExportResult(Path(out), fmt, sidecars, parity, inputs_from, ckpt.name,
                        time.perf_counter() - started)
