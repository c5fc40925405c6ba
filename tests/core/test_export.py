"""Exporting a trained model to ONNX and TorchScript: the file computes what the model computes,
at batch sizes and lengths other than the traced ones, with the JSON that makes it usable alone;
a file that does not match is refused and removed.

Runs are tiny (width 16, one layer, four steps on slices of the bundled datasets). ONNX tests are
skipped only when the optional packages are missing (CI installs them).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch

from cli_steps import run_cli
from workbench.core import config as C
from workbench.core import export
from workbench.core.data.prepare import DataSpec
from workbench.core.export import ExportError, export_module, export_run, verify
from workbench.core.export_io import Signature, TensorSpec, signature
from workbench.core.pipeline import load_run, start_run
from workbench.core.probe import AttentionProbe
from workbench.core.tokenizers import tokenizer_from_dict

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"
ONNX_MISSING = export.missing_onnx_packages()
needs_onnx = pytest.mark.skipif(bool(ONNX_MISSING), reason=f"ONNX export needs {', '.join(ONNX_MISSING)}: "
                                'pip install "workbench[export]"')
FORMATS = [pytest.param("onnx", marks=needs_onnx), "torchscript"]

pytestmark = pytest.mark.usefixtures("one_thread")

CASES: dict[str, dict[str, Any]] = {
    "transformer": {"data": {"path": "rt", "task": "text_classification", "target": "label",
                             "text_column": "text", "max_length": 24},
                    "model": {"kind": "transformer", "pooling": "cls", "ngrams": 2},
                    "train": {"batch_size": 32}},
    "bag": {"data": {"path": "rt", "task": "text_classification", "target": "label", "text_column": "text",
                     "max_length": 24},
            "model": {"kind": "bag", "ngrams": 2}, "train": {"batch_size": 32}},
    "gpt": {"data": {"path": "lm", "tokenizer": "char", "lowercase": False, "test_fraction": 0.0},
            "model": {"kind": "gpt", "block_size": 16}, "train": {"batch_size": 4, "eval_batches": 2}},
    "ft_transformer": {"data": {"path": "iris", "target": "species"}, "model": {"kind": "ft_transformer"},
                       "train": {"batch_size": 16}},
    "mlp": {"data": {"path": "penguins", "target": "body_mass_g", "task": "regression"},
            "model": {"kind": "mlp", "hidden": [8]}, "train": {"batch_size": 16}},
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("export")
    pd.read_csv(DATASETS / "rt_polarity.csv").sample(200, random_state=0).to_csv(root / "rt.csv", index=False)
    (root / "lm.txt").write_text((DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:4000],
                                 encoding="utf-8")
    paths = {"rt": root / "rt.csv", "lm": root / "lm.txt", "iris": DATASETS / "iris.csv",
             "penguins": DATASETS / "penguins.csv"}
    out = {}
    for kind, case in CASES.items():
        cfg = C.from_dict({
            "name": kind, "data": {**case["data"], "path": str(paths[case["data"]["path"]])},
            "model": {"d_model": 16, "n_layers": 1, "n_heads": 2, **case["model"]},
            "optim": {"schedule": "constant"},
            "train": {"device": "cpu", "log_interval": 1, "sample_length": 0, "max_steps": 4,
                      "eval_interval": 2, "baseline": False, **case["train"]}})
        trainer = start_run(cfg, root / "runs", callbacks=[AttentionProbe(keep_copy=False)])
        trainer.fit()
        out[kind] = trainer.run_dir.path
    return out


def run_file(path: Path, fmt: str, inputs: list[torch.Tensor]) -> np.ndarray:
    """The exported file's output, loaded as someone without Workbench would."""
    if fmt == "torchscript":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # torch.jit.load is deprecated in 2.13
            module = torch.jit.load(str(path))
        return module(*inputs).detach().numpy()
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    return session.run(None, {n: t.numpy() for n, t in zip(names, inputs)})[0]


def fresh_inputs(spec: DataSpec, sig: Signature) -> dict[str, torch.Tensor]:
    """Five inputs, 7 tokens long: neither the traced shape (2 × half the length) nor a checked one."""
    gen = torch.Generator().manual_seed(42)
    if sig.max_sequence:
        x = torch.randint(1, spec.vocab_size, (5, 7), generator=gen)
        if spec.task == "text_classification":
            x[1, 3:] = 0  # a shorter text, padded
        return {sig.names[0]: x}
    out = {"x_num": torch.randn(5, spec.n_numeric, generator=gen)}
    if "x_cat" in sig.names:
        out["x_cat"] = torch.stack([torch.randint(0, n, (5,), generator=gen) for n in spec.category_sizes], 1)
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", list(CASES))
def test_the_exported_file_computes_what_the_model_does(runs: dict[str, Path], tmp_path: Path,
                                                        kind: str, fmt: str) -> None:
    out = tmp_path / ("model.onnx" if fmt == "onnx" else "model.pt")
    result = export_run(runs[kind], fmt, out)
    assert out.is_file()
    assert result.parity.max_abs_diff <= 1e-4
    assert result.inputs_from.endswith("validation inputs")  # the probe's inputs, encoded as in training
    assert result.parity.traced_shape not in result.parity.shapes  # checked at other shapes than traced

    run = load_run(runs[kind])
    sig = signature(run.spec)
    batch = fresh_inputs(run.spec, sig)
    got = run_file(out, fmt, [batch[n] for n in sig.names])
    with torch.no_grad():
        expected = run.model(batch).numpy()
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-4, rtol=0)
    assert any("parity" in line and "matches PyTorch" in line for line in result.describe())


@pytest.mark.parametrize("kind", ["transformer", "gpt", "mlp"])
def test_the_json_beside_the_file_is_enough_to_use_it(runs: dict[str, Path], tmp_path: Path,
                                                      kind: str) -> None:
    out = tmp_path / "exported.pt"
    result = export_run(runs[kind], "torchscript", out, checkpoint="latest")
    run = load_run(runs[kind], which="latest")
    manifest = json.loads((tmp_path / "exported.export.json").read_text(encoding="utf-8"))
    sig = signature(run.spec)
    assert manifest["file"] == "exported.pt" and manifest["format"] == "torchscript"
    assert [i["name"] for i in manifest["inputs"]] == sig.names
    assert manifest["output"]["name"] == sig.output.name and manifest["checkpoint"] == "latest.safetensors"
    assert manifest["model_kind"] == kind and manifest["task"] == run.spec.task
    assert manifest["classes"] == list(run.spec.classes) and manifest["encoding"]
    assert manifest["parity"]["max_abs_diff"] <= manifest["parity"]["tolerance"] == 1e-4
    spec = DataSpec.from_dict(json.loads((tmp_path / manifest["data_spec"]).read_text(encoding="utf-8")))
    assert spec == run.spec
    written = {p.name for p in result.sidecars}
    if run.tokenizer is None:
        assert manifest["tokenizer"] is None
        assert written == {"exported.export.json", "exported.data_spec.json"}
        assert manifest["prediction_units"]["target_std"] == run.spec.target_std
        return
    raw = json.loads((tmp_path / manifest["tokenizer"]).read_text(encoding="utf-8"))
    assert tokenizer_from_dict(raw).vocab == run.tokenizer.vocab and raw["pad_id"] == 0 and raw["unk_id"] == 1
    if raw["kind"] == "word":  # the pattern alone tokenizes as Workbench does
        text = "It's a gorgeous, MOVING film."
        assert re.findall(raw["pattern"], text.lower()) == run.tokenizer.pieces(text)


def test_a_graph_that_froze_a_branch_is_refused_and_removed(tmp_path: Path) -> None:
    class SignFlip(torch.nn.Module):
        """Data-dependent control flow: a trace keeps only the branch its example took."""

        def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
            x = batch["x_num"]
            return x * 2 if bool(x.sum() > 0) else x * -3

    sig = Signature((TensorSpec("x_num", "float32", ("batch", 3)),),
                    TensorSpec("y", "float32", ("batch", 3)), max_sequence=0)
    out = tmp_path / "flip.pt"
    with pytest.raises(ExportError, match=r"differs from the model by .* on inputs of shape \[2, 3\]"):
        export_module(SignFlip(), sig, {"x_num": torch.ones(2, 3)}, [{"x_num": -torch.ones(2, 3)}],
                      "torchscript", out)
    assert not out.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_corrupt_or_foreign_file_fails_the_check(runs: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("m.onnx" if fmt == "onnx" else "m.pt")
    export_run(runs["mlp"], fmt, out)
    run = load_run(runs["mlp"])
    sig = signature(run.spec)
    batch = fresh_inputs(run.spec, sig)
    other = load_run(runs["mlp"])
    with torch.no_grad():
        for p in other.model.parameters():
            p.add_(0.01)  # another model: the file no longer matches it
    with pytest.raises(ExportError, match="differs from the model"):
        verify(out, fmt, other.model, sig, [batch])
    out.write_bytes(out.read_bytes()[: out.stat().st_size // 2])  # cut short, as by a full disk
    with pytest.raises(ExportError, match="cannot be read back"):
        verify(out, fmt, run.model, sig, [batch])


def test_onnx_without_its_packages_says_what_to_install(runs: dict[str, Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "missing_onnx_packages", lambda: ["onnxscript"])
    with pytest.raises(ExportError, match=re.escape('pip install "workbench[export]"')):
        export_run(runs["mlp"], "onnx", tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()


def test_the_export_command(runs: dict[str, Path], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "iris.pt"
    run = runs["ft_transformer"]
    code, stdout, _ = run_cli(capsys, "export", run, "--out", out, "--checkpoint", "latest")
    assert code == 0
    assert f"wrote {out} (torchscript, from latest.safetensors)" in stdout
    assert "parity: the file matches PyTorch within" in stdout and out.is_file()
    code, _, stderr = run_cli(capsys, "export", runs["ft_transformer"], "--out", tmp_path / "iris.bin")
    assert code == 2 and "--format onnx or --format torchscript" in stderr
    code, _, stderr = run_cli(capsys, "export", tmp_path / "no-such-run", "--out", out)
    assert code == 2 and stderr.startswith("error: ")


def test_a_run_whose_attention_was_not_kept_is_checked_on_its_data(runs: dict[str, Path],
                                                                   tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(runs["transformer"], copy)
    shutil.rmtree(copy / "attention")
    result = export_run(copy, "torchscript", tmp_path / "m.pt")
    assert result.inputs_from.endswith("validation inputs")  # read again from the data file
