"""Checkpoints: exact round trips, crash-safe writes, never unpickling, clear refusals."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import pickle
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safetensors.torch import save as st_save

from workbench.core import checkpoint as ckpt
from workbench.core import config as C
from workbench.core.config import ModelConfig, OptimConfig
from workbench.core.errors import CheckpointError, ConfigError
from workbench.core.models import build_model
from workbench.core.optim import build_optimizer
from workbench.core.pipeline import load_run, resume_run, start_run

ROOT = Path(__file__).resolve().parents[2]
GPT_SPEC = SimpleNamespace(task="language_modeling", vocab_size=20, classes=[], max_length=0, block_size=8,
                           n_numeric=0, category_sizes=[])
TABLE_SPEC = SimpleNamespace(task="tabular_classification", vocab_size=0, classes=["a", "b", "c"],
                             max_length=0, block_size=0, n_numeric=4, category_sizes=[])


pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


def gpt(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return build_model(ModelConfig(kind="gpt", d_model=16, n_layers=1, n_heads=2, block_size=8, dropout=0.0),
                       GPT_SPEC)


def mlp(hidden: list[int], seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return build_model(ModelConfig(kind="mlp", hidden=hidden), TABLE_SPEC)


def train_steps(model: torch.nn.Module, optimizer: torch.optim.Optimizer, steps: int, seed: int) -> None:
    gen = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        ids = torch.randint(0, 20, (2, 9), generator=gen)
        logits = model({"ids": ids[:, :-1]})
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 20), ids[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def write_checkpoint(path: Path, meta: dict | None = None) -> None:
    ckpt.save_checkpoint(path, mlp([8]), None, meta or {"step": 1})


@pytest.fixture(scope="module")
def run_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real (two-step) iris run folder; tests copy it before damaging it."""
    cfg = C.load(ROOT / "resources" / "examples" / "iris.toml")
    cfg = C.apply_overrides(cfg, ["train.max_steps=2", "train.device='cpu'", "model.hidden=[8]"])
    trainer = start_run(cfg, tmp_path_factory.mktemp("runs"))
    trainer.fit()
    return trainer.run_dir.path


@pytest.fixture
def run_copy(run_path: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(run_path, tmp_path / "run"))


# --- round trip ---------------------------------------------------------------------------------

def test_round_trip_restores_model_optimizer_rng_and_meta(tmp_path: Path) -> None:
    model = gpt(seed=0)
    optimizer = build_optimizer(OptimConfig(name="adamw", lr=1e-2), model)
    train_steps(model, optimizer, 3, seed=1)
    meta = {"step": 3, "note": "über 数据", "nested": {"a": [1, 2.5, None]}}
    rng = torch.get_rng_state()
    path = tmp_path / "latest.safetensors"
    ckpt.save_checkpoint(path, model, optimizer, meta)

    tensors, loaded_meta = ckpt.load_checkpoint(path)
    assert {k: loaded_meta[k] for k in meta} == meta
    assert torch.equal(tensors["rng.torch"], rng)

    other = gpt(seed=5)
    other_opt = build_optimizer(OptimConfig(name="adamw", lr=1e-2), other)
    ckpt.restore_model(other, tensors)
    ckpt.restore_optimizer(other_opt, tensors, loaded_meta)
    for (name, a), b in zip(model.state_dict().items(), other.state_dict().values()):
        assert torch.equal(a, b), name
    # The GPT's tied embedding and output head are still one tensor after loading.
    assert other.wte.weight.data_ptr() == other.lm_head.weight.data_ptr()
    # Same optimizer state: one more identical step keeps the two models bit-identical.
    train_steps(model, optimizer, 1, seed=2)
    train_steps(other, other_opt, 1, seed=2)
    for a, b in zip(model.parameters(), other.parameters()):
        assert torch.equal(a, b)


@pytest.mark.parametrize("first_bytes", [b"\x80", b"PK"])
def test_a_header_length_that_looks_like_a_pickle_signature_still_loads(first_bytes: bytes,
                                                                        tmp_path: Path) -> None:
    # The first 8 bytes are the header's length; about 1 checkpoint in 256 started with 0x80 and
    # was refused as "a pickle" before this was fixed.
    path = tmp_path / "latest.safetensors"

    def save(pad: int) -> int:
        ckpt.save_checkpoint(path, mlp([8]), None, {"step": 1, "pad": "x" * pad})
        return struct.unpack("<Q", path.read_bytes()[:8])[0]

    modulus = 256 ** len(first_bytes)
    wanted = int.from_bytes(first_bytes, "little")
    start = save(0)
    near = (wanted - start) % modulus  # the header grows by one byte per padding character
    for pad in range(max(0, near - 8), near + 9):
        if path.read_bytes()[:len(first_bytes)] == first_bytes or save(pad) % modulus == wanted:
            break
    assert path.read_bytes()[:len(first_bytes)] == first_bytes
    _, meta = ckpt.load_checkpoint(path)
    assert meta["step"] == 1


# --- atomic writes ------------------------------------------------------------------------------

# A helper process imports torch once, then forks one writer per trial; the test kills the writer
# with SIGKILL at a random moment and checks the file. Forking keeps each trial cheap.
_WRITER = r"""
import os, sys
from pathlib import Path
import torch
from workbench.core.checkpoint import save_checkpoint

torch.set_num_threads(1)
path = Path(sys.argv[1])
model = torch.nn.Sequential(torch.nn.Linear(256, 256), torch.nn.Linear(256, 256))

def write(version):
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(version)
    # Metadata of varying length, so consecutive versions differ in size too.
    save_checkpoint(path, model, None, {"step": version, "pad": "x" * (version % 7) * 300})

write(0)
print("ready", flush=True)
for line in sys.stdin:
    version = int(line)
    pid = os.fork()
    if pid == 0:
        while True:
            version += 1
            write(version)
    print(pid, flush=True)
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""


def test_sigkill_during_saves_never_leaves_a_torn_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "checkpoints" / "latest.safetensors"
    with subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], cwd=ROOT, text=True,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE) as helper:
        versions = _kill_writers(helper, path)
    assert versions == sorted(versions)
    assert max(versions) > 0, "the writer never got to save; the test proved nothing"


def _kill_writers(helper: subprocess.Popen, path: Path) -> list[int]:
    assert helper.stdin is not None and helper.stdout is not None
    rng = random.Random(1234)
    versions = []
    writer = 0
    try:
        assert helper.stdout.readline().strip() == "ready"
        for trial in range(10):
            helper.stdin.write(f"{trial * 1_000_000}\n")
            helper.stdin.flush()
            writer = int(helper.stdout.readline())
            # Random moments: anywhere from before the first write to a few dozen writes in.
            time.sleep(rng.uniform(0.0, 0.12))
            os.kill(writer, signal.SIGKILL)
            assert helper.stdout.readline().strip() == "reaped"
            tensors, meta = ckpt.load_checkpoint(path)  # never torn, never CheckpointError
            version = meta["step"]
            assert version == 0 or version // 1_000_000 <= trial
            # Every weight belongs to the version the metadata names: no mix of two writes.
            for name, value in tensors.items():
                if name.startswith("model."):
                    assert bool((value == version).all()), (trial, name)
            versions.append(version)
    finally:
        if writer:
            with contextlib.suppress(ProcessLookupError):
                os.kill(writer, signal.SIGKILL)
        helper.kill()
    return versions


# --- never unpickle -----------------------------------------------------------------------------

class _Payload:
    """Unpickling this touches ``marker``: what a hostile "checkpoint" could do instead."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (pathlib.Path.touch, (self.marker,))


@pytest.fixture
def no_unpickling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("something tried to unpickle a checkpoint")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(torch, "load", refuse)


def test_the_payload_is_live(tmp_path: Path) -> None:
    """Control: unpickling the payload really does create the marker."""
    marker = tmp_path / "marker"
    pickle.loads(pickle.dumps(_Payload(marker)))
    assert marker.exists()


@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
@pytest.mark.parametrize("name", ["checkpoint.pt", "latest.safetensors", "model.bin"])
def test_a_crafted_pickle_is_refused_and_never_runs(protocol: int, name: str, tmp_path: Path,
                                                    no_unpickling: None) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / name
    path.write_bytes(pickle.dumps(_Payload(marker), protocol=protocol))
    with pytest.raises(CheckpointError) as err:
        ckpt.load_checkpoint(path)
    assert name in str(err.value)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["model.pt", "latest.safetensors"])
def test_a_torch_save_file_is_refused(name: str, tmp_path: Path, no_unpickling: None) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / name
    torch.save({"weights": mlp([8]).state_dict(), "extra": _Payload(marker)}, path)
    with pytest.raises(CheckpointError, match="pickle/PyTorch file"):
        ckpt.load_checkpoint(path)
    assert not marker.exists()


@pytest.mark.parametrize("which", ["best", "latest"])
def test_a_run_whose_checkpoint_was_swapped_for_a_pickle(which: str, run_copy: Path, tmp_path: Path,
                                                          no_unpickling: None) -> None:
    marker = tmp_path / "pwned"
    (run_copy / "checkpoints" / f"{which}.safetensors").write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(CheckpointError, match="pickle"):
        if which == "best":
            load_run(run_copy)
        else:
            resume_run(run_copy)
    assert not marker.exists()


# --- damaged files ------------------------------------------------------------------------------

@pytest.fixture
def good_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "good.safetensors"
    write_checkpoint(path, {"step": 7, "note": "x" * 40})
    return path.read_bytes()


@pytest.mark.parametrize("keep", ["0", "5", "8", "9", "30", "header-1", "header+3", "all-1"])
def test_a_truncated_checkpoint_is_a_checkpoint_error(keep: str, good_bytes: bytes, tmp_path: Path) -> None:
    header_end = 8 + struct.unpack("<Q", good_bytes[:8])[0]
    n = {"header-1": header_end - 1, "header+3": header_end + 3, "all-1": len(good_bytes) - 1}.get(keep)
    path = tmp_path / "latest.safetensors"
    path.write_bytes(good_bytes[: int(keep) if n is None else n])
    with pytest.raises(CheckpointError, match=re.escape("latest.safetensors")):
        ckpt.load_checkpoint(path)


def test_other_safetensors_files_and_bad_metadata(tmp_path: Path) -> None:
    plain = tmp_path / "model.safetensors"
    plain.write_bytes(st_save({"w": torch.zeros(2)}))
    with pytest.raises(CheckpointError, match="not a Workbench checkpoint"):
        ckpt.load_checkpoint(plain)
    for meta in ("{not json", "[1, 2]", "3"):
        bad = tmp_path / "bad.safetensors"
        bad.write_bytes(st_save({"w": torch.zeros(2)}, metadata={"format": ckpt.FORMAT, "meta": meta}))
        with pytest.raises(CheckpointError, match="corrupt metadata"):
            ckpt.load_checkpoint(bad)
    with pytest.raises(CheckpointError, match="not found"):
        ckpt.load_checkpoint(tmp_path / "missing.safetensors")
    with pytest.raises(CheckpointError, match="folder"):
        ckpt.load_checkpoint(tmp_path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                      min_size=1, max_size=4))
def test_any_corruption_loads_or_raises_checkpoint_error(edits: list[tuple[int, int]], good_bytes: bytes,
                                                         tmp_path: Path) -> None:
    data = bytearray(good_bytes)
    for offset, value in edits:
        data[offset % len(data)] = value
    path = tmp_path / "fuzz.safetensors"
    path.write_bytes(bytes(data))
    try:
        tensors, meta = ckpt.load_checkpoint(path)
    except CheckpointError:
        return
    assert isinstance(tensors, dict) and isinstance(meta, dict)


# --- checkpoints that do not fit -----------------------------------------------------------------

def test_a_checkpoint_of_another_size_names_the_weight(tmp_path: Path) -> None:
    path = tmp_path / "best.safetensors"
    ckpt.save_checkpoint(path, mlp([16]), None, {"step": 1})
    tensors, _ = ckpt.load_checkpoint(path)
    with pytest.raises(CheckpointError) as err:
        ckpt.restore_model(mlp([8]), tensors, path.name)
    message = str(err.value)
    named = re.search(r"weight '([^']+)' has shape \(.*16.*\), the model expects \(.*8.*\)", message)
    assert "best.safetensors" in message and named and named[1] in mlp([8]).state_dict()


def test_a_checkpoint_of_another_model_type_names_a_weight(tmp_path: Path) -> None:
    path = tmp_path / "best.safetensors"
    ckpt.save_checkpoint(path, gpt(), None, {"step": 1})
    tensors, _ = ckpt.load_checkpoint(path)
    target = mlp([8])
    with pytest.raises(CheckpointError, match="another model type or size") as err:
        ckpt.restore_model(target, tensors, path.name)
    names = list(target.state_dict()) + list(gpt().state_dict())
    assert any(name in str(err.value) for name in names)


def test_a_best_checkpoint_cannot_be_resumed(tmp_path: Path) -> None:
    model = mlp([8])
    path = tmp_path / "best.safetensors"
    ckpt.save_checkpoint(path, model, None, {"step": 1})
    tensors, meta = ckpt.load_checkpoint(path)
    with pytest.raises(CheckpointError, match="no optimizer state"):
        ckpt.restore_optimizer(build_optimizer(OptimConfig(), model), tensors, meta)


def test_a_run_whose_config_was_edited_no_longer_fits(run_copy: Path) -> None:
    cfg = C.load(run_copy / "config.toml")
    cfg.model.hidden = [12]
    C.save(cfg, run_copy / "config.toml")
    with pytest.raises(CheckpointError,
                       match=r"weight 'net\.\d+\.\w+' has shape \(.*8.*\), the model expects \(.*12.*\)"):
        load_run(run_copy)


# --- folders that are not runs ------------------------------------------------------------------

def test_load_run_on_folders_that_are_not_runs(run_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="run folder not found"):
        load_run(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CheckpointError, match="is not a Workbench run folder"):
        load_run(empty)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("hello", encoding="utf-8")
    with pytest.raises(CheckpointError, match=re.escape("notes.txt")):
        load_run(a_file)
    with pytest.raises(CheckpointError, match="is not a Workbench run folder"):
        load_run(ROOT / "resources" / "examples")

    (run_copy / "data_spec.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(CheckpointError, match=re.escape("corrupt data_spec.json")):
        load_run(run_copy)


def test_load_run_before_the_first_checkpoint(run_path: Path, tmp_path: Path) -> None:
    fresh = Path(shutil.copytree(run_path, tmp_path / "run", ignore=shutil.ignore_patterns("*.safetensors")))
    with pytest.raises(CheckpointError, match="no checkpoint yet"):
        load_run(fresh)
    with pytest.raises(CheckpointError, match="not found"):
        resume_run(fresh)


def test_a_broken_run_config_is_a_config_error(run_copy: Path) -> None:
    (run_copy / "config.toml").write_text("[model\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_run(run_copy)


def test_leftover_temporary_files_do_not_confuse_loading(run_copy: Path) -> None:
    # A crash mid-save can leave ".latest.safetensors.<random>.tmp" next to the checkpoint.
    (run_copy / "checkpoints" / ".latest.safetensors.abc.tmp").write_bytes(b"\x00" * 10)
    run = load_run(run_copy, which="latest")
    assert Path(run.checkpoint).name == "latest.safetensors"
    assert json.loads((run_copy / "summary.json").read_text(encoding="utf-8"))["status"] == "completed"
