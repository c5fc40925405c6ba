"""Property-based tests of the config parser: any input gives a RunConfig or a ConfigError.

A config file is user input. Whatever it holds (any TOML, any bytes, any ``--set`` string),
``config.load`` / ``from_dict`` / ``apply_overrides`` either return a valid ``RunConfig`` or
raise ``ConfigError`` whose every message names what is wrong; never another exception.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core import config as C
from workbench.core.errors import ConfigError
from workbench.core.problems import Problem, validate

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

FIELDS = {section: [f.name for f in dataclasses.fields(cls)] for section, cls in C.SECTIONS.items()}
ALL_FIELDS = [name for names in FIELDS.values() for name in names]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["auto", "adamw", "cosine", "char", "word", "mean", "cls", "cpu", "cuda", "gpt"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)


@st.composite
def sections(draw: st.DrawFn) -> dict:
    """Config-shaped data: real section and field names mostly, with values of any type."""
    raw: dict = {}
    for section in draw(st.lists(st.sampled_from([*C.SECTIONS, "extra"]), unique=True, max_size=5)):
        names = FIELDS.get(section, ["x"])
        keys = draw(st.lists(st.sampled_from(names) | st.text(min_size=1, max_size=8), unique=True,
                             max_size=6))
        raw[section] = {k: draw(values) for k in keys}
    if draw(st.booleans()):
        raw["schema_version"] = draw(scalars)
    if draw(st.booleans()):
        raw["name"] = draw(scalars)
    return raw


def _check(call) -> None:
    try:
        cfg = call()
    except ConfigError as exc:
        assert exc.problems and all(isinstance(p, Problem) and str(p).strip() for p in exc.problems)
        return
    assert isinstance(cfg, C.RunConfig)
    assert validate(cfg) == []  # what loads is valid
    for section in C.SECTIONS:
        for name, value in dataclasses.asdict(getattr(cfg, section)).items():
            if isinstance(value, float):
                assert math.isfinite(value), f"[{section}] {name} = {value}"


@SETTINGS
@given(sections())
def test_from_dict_builds_a_valid_config_or_raises_config_error(raw: dict) -> None:
    _check(lambda: C.from_dict(raw))


@SETTINGS
@given(raw=sections())
def test_any_toml_file_loads_or_raises_config_error(tmp_path: Path, raw: dict) -> None:
    path = tmp_path / "run.toml"
    try:
        text = tomli_w.dumps({k: _tomlable(v) for k, v in raw.items() if _tomlable(v) is not None})
    except (TypeError, ValueError):
        return
    path.write_text(text, encoding="utf-8")
    _check(lambda: C.load(path))


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_as_a_config_file_load_or_raise_config_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "odd.toml"
    path.write_bytes(data)
    _check(lambda: C.load(path))


@SETTINGS
@given(st.lists(st.text(max_size=30) | st.builds(lambda s, k, v: f"{s}.{k}={v}",
                                                   st.sampled_from(list(C.SECTIONS)),
                                                   st.sampled_from(ALL_FIELDS), st.text(max_size=10)),
                max_size=4))
def test_any_set_override_applies_or_raises_config_error(overrides: list[str]) -> None:
    _check(lambda: C.apply_overrides(C.RunConfig(), overrides))


def test_non_finite_numbers_are_refused_by_name() -> None:
    with pytest.raises(ConfigError) as info:
        C.from_dict({"optim": {"lr": math.nan, "weight_decay": math.inf}})
    text = "\n".join(str(p) for p in info.value.problems)
    assert "[optim] lr" in text and "[optim] weight_decay" in text


def _tomlable(value: object) -> object:
    """``value`` without the Nones TOML cannot hold (None if nothing is left)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): v for k, v in ((k, _tomlable(v)) for k, v in value.items()) if v is not None}
    if isinstance(value, list):
        items = [_tomlable(v) for v in value]
        return [v for v in items if v is not None]
    return value
