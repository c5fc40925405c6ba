"""The memory guard (issue 12): a model that cannot fit is refused before any weight exists, with
the estimate, the free memory and the settings to lower; sizes past their ranges are refused by
the config; the estimate counts the attention weights PyTorch keeps on the CPU with dropout on."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core import config as C
from workbench.core.data.prepare import DataSpec
from workbench.core.errors import ConfigError
from workbench.core.memory import check_fits, fit_batch, fit_problem, ram_available
from workbench.core.models import estimate
from workbench.core.pipeline import start_run

GB = 10**9


def table_spec(features: int) -> DataSpec:
    return DataSpec(task="tabular_classification", target="label", classes=["no", "yes"],
                    numeric_columns=[f"f{i}" for i in range(features)], num_mean=[0.0] * features,
                    num_std=[1.0] * features)


def gpt_spec() -> DataSpec:
    return DataSpec(task="language_modeling", vocab_size=65, block_size=128)


def test_this_machine_reports_its_free_memory() -> None:
    free = ram_available()
    assert free is not None and free > 10**7


def test_a_wide_deep_gpt_is_refused_naming_what_to_lower() -> None:
    cfg = C.apply_overrides(C.RunConfig(), ["model.kind='gpt'", "model.d_model=4096", "model.n_layers=48",
                                            "model.n_heads=64", "train.device='cpu'"])
    problem = fit_problem(cfg, gpt_spec(), device=_cpu(), available=21 * GB)
    assert problem is not None
    text = str(problem)
    assert text.startswith("the model would need about ") and "GB of memory" in text
    assert "this machine has 21 GB free" in text
    assert "[model] d_model" in text and "[model] n_layers" in text and "[train] batch_size" in text
    with pytest.raises(ConfigError, match="lower"):
        check_fits(cfg, gpt_spec())  # 166 GB: more than any machine this runs on


def test_a_model_that_fits_passes() -> None:
    cfg = C.apply_overrides(C.RunConfig(), ["model.kind='mlp'"])
    assert fit_problem(cfg, table_spec(4), device=_cpu(), available=GB) is None
    check_fits(cfg, table_spec(4))


def test_attention_weights_count_on_the_cpu_with_dropout() -> None:
    # The wine example's FT-Transformer over 2,000 columns: 16 x 4 heads x 2,001^2 weights a block.
    cfg = C.apply_overrides(C.RunConfig(), ["model.kind='ft_transformer'", "model.d_model=32",
                                            "train.batch_size=16", "train.device='cpu'"])
    with_dropout = estimate(cfg, table_spec(2000)).train_bytes
    cfg.model.dropout = 0.0
    without = estimate(cfg, table_spec(2000)).train_bytes
    assert with_dropout - without >= 7 * 16 * 4 * 2001**2 * 4  # 3 per block of 2, and one more
    cfg.model.dropout = 0.1
    problem = fit_problem(cfg, table_spec(2000), device=_cpu(), available=4 * GB)
    assert problem is not None and "lower [model] d_model" in str(problem)


def test_an_mlp_names_its_hidden_layers() -> None:
    cfg = C.apply_overrides(C.RunConfig(), ["model.kind='mlp'", "model.hidden=[65536, 65536, 65536]"])
    problem = fit_problem(cfg, table_spec(10), device=_cpu(), available=GB)
    assert problem is not None and "lower [model] hidden or [train] batch_size" in str(problem)


def test_fitted_settings_halve_the_batch_until_the_model_fits() -> None:
    cfg = C.apply_overrides(C.RunConfig(), ["model.kind='ft_transformer'", "model.d_model=32",
                                            "train.batch_size=65536", "train.device='cpu'"])
    first, problem = fit_batch(cfg, table_spec(2000))  # 30 TB at 65,536 rows a batch
    assert first == 65536 and cfg.train.batch_size < 65536
    assert problem is None or cfg.train.batch_size == 1
    kept = C.apply_overrides(C.RunConfig(), ["model.kind='ft_transformer'", "train.batch_size=65536"])
    assert fit_batch(kept, table_spec(2000), keep_batch=True)[1] is not None
    assert kept.train.batch_size == 65536


@pytest.mark.parametrize(("override", "message"), [
    ("model.hidden=[1000000000]", "[model] hidden entries must be at most 65,536"),
    ("model.hidden=[8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8]", "at most 16 are allowed"),
    ("model.d_model=8192", "[model] d_model must be at most 4096"),
])
def test_sizes_past_their_range_are_config_errors(override: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        C.apply_overrides(C.RunConfig(), [override])


def test_every_field_that_allocates_has_an_upper_bound() -> None:
    allocating = {"data": ("vocab_size", "max_length"),
                  "model": ("d_model", "n_layers", "n_heads", "ff_mult", "block_size", "hidden", "ngrams"),
                  "train": ("batch_size", "eval_batches", "sample_length", "num_threads")}
    for section, names in allocating.items():
        for name in names:
            assert C.field_meta(section, name)["max"] is not None, f"{section}.{name}"
    assert "65,536" in C.field_meta("model", "hidden")["help"]


def test_a_refused_run_leaves_no_run_folder(tmp_path: Path, iris_csv: Path) -> None:
    cfg = C.apply_overrides(C.RunConfig(), [f"data.path='{iris_csv}'", "data.target='species'",
                                            "model.kind='mlp'", "model.hidden=[65536, 65536, 65536, 65536]",
                                            "train.batch_size=16"])
    with pytest.raises(ConfigError, match="would need about"):
        start_run(cfg, tmp_path / "runs")
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


@pytest.fixture
def iris_csv(datasets_dir: Path) -> Path:
    return datasets_dir / "iris.csv"


def _cpu():  # type: ignore[no-untyped-def]  # torch imported late: the test module stays quick to collect
    import torch

    return torch.device("cpu")
