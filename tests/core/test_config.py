"""Config: TOML round trip, one message per bad field, overrides, field metadata for the forms."""

from __future__ import annotations

import dataclasses
import re

import pytest

from workbench.core import config as C
from workbench.core.errors import ConfigError
from workbench.core.problems import validate


def test_toml_round_trip(tmp_path):
    cfg = C.RunConfig(name="demo")
    cfg.model.d_model = 96
    cfg.model.n_heads = 3
    cfg.model.hidden = [16, 8]
    cfg.data.roles = {"id": "ignore", "名字": "text"}
    cfg.optim.lr = 3e-4
    path = tmp_path / "run.toml"
    C.save(cfg, path)
    assert C.load(path) == cfg


def test_every_example_config_loads(examples_dir):
    files = sorted(examples_dir.glob("*.toml"))
    assert len(files) >= 6
    for path in files:
        cfg = C.load(path)
        assert cfg.data.path and __import__("pathlib").Path(cfg.data.path).exists(), path


def test_problems_are_listed_one_per_field():
    raw = {"model": {"d_model": 130, "n_heads": 4, "colour": "red"}, "optim": {"lr": "fast"},
           "train": {"batch_size": 0}, "extra": 1}
    with pytest.raises(ConfigError) as info:
        C.from_dict(raw)
    problems = [str(p) for p in info.value.problems]
    assert any("[model] colour" in p for p in problems)
    assert any("[optim] lr must be a number" in p for p in problems)
    assert any("[train] batch_size must be at least 1" in p for p in problems)
    assert any("n_heads (4) must divide [model] d_model (130)" in p for p in problems)
    assert any("'extra'" in p for p in problems)
    assert len(problems) == 5


@pytest.mark.parametrize("section,key,value,fragment", [
    ("optim", "lr", 0.0, "lr must be"),
    ("optim", "name", "lbfgs", "must be one of"),
    ("model", "dropout", 1.5, "at most 0.9"),
    ("data", "val_fraction", 0.5, None),
    ("train", "epochs", True, "must be an integer"),
])
def test_bad_values_name_the_field(section, key, value, fragment):
    raw = {section: {key: value}}
    if fragment is None:
        raw["data"]["test_fraction"] = 0.45
        fragment = "leave at least 10%"
    with pytest.raises(ConfigError) as info:
        C.from_dict(raw)
    assert fragment in str(info.value)
    assert f"[{section}]" in str(info.value)


def test_incompatible_model_and_task():
    with pytest.raises(ConfigError, match="kind 'gpt' needs"):
        C.from_dict({"model": {"kind": "gpt"}, "data": {"task": "text_classification"}})


def test_overrides_parse_toml_values():
    cfg = C.apply_overrides(C.RunConfig(), ["optim.lr=3e-4", "model.hidden=[8, 4]", "data.target=species",
                                            "train.bf16=true"])
    assert cfg.optim.lr == pytest.approx(3e-4)
    assert cfg.model.hidden == [8, 4]
    assert cfg.data.target == "species"
    assert cfg.train.bf16 is True
    with pytest.raises(ConfigError, match=re.escape("section.key=value")):
        C.apply_overrides(C.RunConfig(), ["lr=1"])


def test_broken_toml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[model\nd_model = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        C.load(bad)
    with pytest.raises(ConfigError, match="not found"):
        C.load(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="folder"):
        C.load(tmp_path)


def test_every_field_has_form_metadata():
    for section, cls in C.SECTIONS.items():
        for f in dataclasses.fields(cls):
            meta = C.field_meta(section, f.name)
            assert meta["label"] and len(meta["help"]) > 20, (section, f.name)


def test_relative_data_path_is_relative_to_the_config(tmp_path):
    (tmp_path / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    sub = tmp_path / "cfg"
    sub.mkdir()
    (sub / "c.toml").write_text('[data]\npath = "../data.csv"\n', encoding="utf-8")
    assert C.load(sub / "c.toml").data.path == str((tmp_path / "data.csv").resolve())


def test_attention_fields_are_not_checked_for_an_mlp():
    """An MLP ignores width and heads, so they must not block it."""
    cfg = C.from_dict({"model": {"kind": "mlp", "d_model": 30, "n_heads": 4}})
    assert cfg.model.kind == "mlp"
    C.from_dict({"model": {"d_model": 30, "n_heads": 4}, "data": {"task": "regression"}})
    with pytest.raises(ConfigError, match="must divide"):
        C.from_dict({"model": {"kind": "ft_transformer", "d_model": 30, "n_heads": 4}})


def test_problems_are_data_that_print_as_the_cli_line():
    cfg = C.RunConfig()
    cfg.model.d_model, cfg.model.n_heads = 64, 3
    (problem,) = validate(cfg)
    assert (problem.section, problem.field, problem.related) == ("model", "n_heads", (("model", "d_model"),))
    assert str(problem) == "[model] n_heads (3) must divide [model] d_model (64); try 4 heads"
    assert problem.describe(lambda _section, name: name.upper()) == \
        "N_HEADS (3) must divide D_MODEL (64); try 4 heads"
    with pytest.raises(ConfigError) as info:
        C.from_dict(C.to_dict(cfg))
    assert info.value.problems == [problem]
    assert str(info.value) == str(problem)
    cfg = C.RunConfig()
    cfg.data.roles = {"review": "txt"}
    (role,) = validate(cfg)
    assert (role.section, role.field) == ("data", "roles")
    assert str(role) == ("[data] roles.review must be one of text, numeric, categorical, target, ignore; "
                         "got 'txt'")


def test_zero_and_empty_texts_agree_with_the_help():
    """A box shows "off" for 0 only where the help says so, so the tooltip and the box agree."""
    for section, cls in C.SECTIONS.items():
        for f in dataclasses.fields(cls):
            meta = C.field_meta(section, f.name)
            assert meta["scale"] in ("linear", "log"), (section, f.name)
            if meta["zero"]:
                assert meta["min"] == 0 and f"(0 = {meta['zero']})" in meta["help"], (section, f.name)
            if meta["empty"]:
                assert f.default == "" and "Empty:" in meta["help"], (section, f.name)
