"""Models too big for the machine, and sizes past the documented ranges (issue 12).

Each is refused with exit status 2, the fields to shrink named, before a weight is allocated
(``core.memory``: the estimate against the free memory) or before anything is built (the
config's ranges). The sizes are past any machine's memory (hundreds of GB), so the verdict does
not depend on where the suite runs; a case that allocated would take minutes or be killed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from faults import Fault

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"
QUICK = ("--quiet", "--set", "train.num_threads=1", "--set", "train.max_steps=3")


def _example(name: str, *sets: str) -> Callable[[Path], list[str]]:
    """Train the bundled example ``name`` with each ``section.key=value`` of ``sets``."""
    def make(folder: Path) -> list[str]:
        pairs = [arg for value in sets for arg in ("--set", value)]
        return ["train", str(EXAMPLES / f"{name}.toml"), "--out", str(folder / "runs"), *QUICK, *pairs]
    return make


def _wide(columns: int, *extra: str, config: str = "") -> Callable[[Path], list[str]]:
    """A table of ``columns`` columns (the last a two-class label), trained with ``config``'s
    settings (an example's name) or with those fitted to it."""
    def make(folder: Path) -> list[str]:
        path = folder / "wide.csv"
        names = [f"f{i}" for i in range(columns - 1)] + ["label"]
        rows = [",".join([*(str((r * 7 + c) % 10) for c in range(columns - 1)), "yes" if r % 2 else "no"])
                for r in range(40)]
        path.write_text(",".join(names) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
        head = [str(EXAMPLES / f"{config}.toml")] if config else []
        return ["train", *head, "--data", str(path), "--out", str(folder / "runs"),
                "--set", "data.target='label'", *QUICK, *extra]
    return make


def _no_run_folder(folder: Path, _out: str, _err: str) -> None:
    runs = folder / "runs"
    assert not runs.exists() or not any(runs.iterdir()), "a refused model left a run folder"


def _trained_mlp(folder: Path, out: str, err: str) -> None:
    summaries = list((folder / "runs").glob("*/summary.json"))
    assert summaries, (out + err)[-2000:]
    assert "mlp" in (summaries[0].parent / "config.toml").read_text(encoding="utf-8")


FAULTS = [
    Fault("gpt_width_4096_and_48_layers", "memory",
          _example("shakespeare", "model.d_model=4096", "model.n_layers=48", "model.n_heads=64"),
          message="lower [model] d_model, [model] n_layers", check=_no_run_folder),
    Fault("gpt_context_8192_batch_65536", "memory",
          _example("shakespeare", "model.block_size=8192", "train.batch_size=65536"),
          message="[model] block_size or [train] batch_size", check=_no_run_folder),
    Fault("text_classifier_width_4096_and_48_layers", "memory",
          _example("movie-reviews", "model.d_model=4096", "model.n_layers=48", "data.max_length=4096"),
          message="would need about", check=_no_run_folder),
    Fault("mlp_hidden_of_1e9", "memory", _example("penguins", "model.hidden=[1000000000]"),
          message="[model] hidden entries must be at most 65,536"),
    Fault("mlp_hidden_at_the_bound_three_times", "memory",
          _example("penguins", "model.hidden=[65536, 65536, 65536, 65536]"),
          message="lower [model] hidden or [train] batch_size", check=_no_run_folder),
    Fault("mlp_of_a_hundred_layers", "memory",
          _example("penguins", f"model.hidden=[{', '.join(['8'] * 100)}]"),
          message="[model] hidden has 100 layers; at most 16"),
    Fault("width_past_its_range", "memory", _example("iris", "model.d_model=100000"),
          message="[model] d_model must be at most 4096"),
    Fault("batch_past_its_range", "memory", _example("iris", "train.batch_size=10000000"),
          message="[train] batch_size must be at most 65536"),
    Fault("ft_transformer_on_2000_columns_wide_and_deep", "memory",
          _wide(2000, "--set", "model.d_model=4096", "--set", "model.n_layers=48", config="wine"),
          message="lower [model] d_model", check=_no_run_folder),
    Fault("fitted_settings_for_2000_columns_train_an_mlp", "memory", _wide(2000), status=0,
          timeout=120.0, check=_trained_mlp),
]
