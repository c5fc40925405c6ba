"""The Model page and the config forms in Simplified Chinese: labels, help, units, choices, the
meanings of 0 and of an empty field, the presets, the size estimate and the problems beside fields."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QSpinBox

from tests.ui.chinese import english_left, english_words
from tests.ui.window_steps import open_example
from workbench.core.config import SECTIONS, ModelConfig, OptimConfig, RunConfig
from workbench.core.memory import fit_problem
from workbench.ui.i18n import translate
from workbench.ui.pages.presets import DESCRIPTIONS, PRESET_NAMES
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.widgets.forms import ConfigForm, humanize_problem

# Words the forms show as they are, not English prose: names of optimizers, encodings and number
# formats, a PyTorch function and a command, the missing-value markers and split names the app looks
# for in the user's data, and NaN, what a loss turns into (tests/ui/chinese.py's ALLOW could take them).
KEPT = ["RMSprop", "Nesterov", "GB18030", "Latin", "BOM", "fp32", "bf16", "fp16", "bfloat16", "torch.compile",
        "pip install", "NA", "NaN", "valid", "dev", "split", "set", "fold"]


def _ours(found: list[str]) -> list[str]:
    """``found`` less what the help buttons (``help_button``, translated by its owner) add while
    their texts are not translated yet: the "?" buttons and the glossary line under a tooltip."""
    if translate("HelpButton", "See Glossary: {term}") != "See Glossary: {term}":
        return found
    return [f for f in found if not f.startswith("HelpButton")
            and set(ast.literal_eval("[" + f.rsplit(" [", 1)[1])) - {"See", "Glossary"}]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("example", ["iris", "movie-reviews", "shakespeare"])
def test_the_model_page_speaks_chinese(chinese: Any, window: MainWindow, qtbot: Any, example: str) -> None:
    open_example(window, qtbot, example)
    window.go_to("model")
    page = window.model_page
    for form in page.forms.values():
        form.set_advanced_expanded(True)
    qtbot.waitUntil(lambda: page.last_estimate is not None, timeout=15000)
    assert _chinese(page.size_label.text()) and _chinese(page.memory_label.text())
    assert _chinese(page.preset_hint.text())
    assert _ours(english_left(page, KEPT)) == []


def test_every_config_form_speaks_chinese(chinese: Any, window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "iris")
    window.go_to("data")
    window.go_to("train")
    forms = [ConfigForm(cls) for cls in SECTIONS.values()]
    forms += [window.data_page.settings.form, window.data_page.settings.file_form,
              window.train_page.form, window.train_page.log_form]
    for form in forms:
        qtbot.addWidget(form)
        form.set_advanced_expanded(True)
        form.show()
        assert _ours(english_left(form, KEPT)) == []
    # A choice shows its translation and keeps its value.
    kind = ConfigForm(ModelConfig).editor("kind")
    assert isinstance(kind, QComboBox)
    assert kind.itemText(kind.findData("bag")) != "bag" and kind.findData("ft_transformer") >= 0


def test_a_value_typed_wrong_is_explained_in_chinese(chinese: Any, window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "movie-reviews")
    window.go_to("model")
    page = window.model_page
    kind, width = page.forms["model"].editor("kind"), page.forms["model"].editor("d_model")
    assert isinstance(kind, QComboBox) and isinstance(width, QSpinBox)
    kind.setCurrentIndex(kind.findData("transformer"))
    width.setValue(30)  # 4 heads do not divide a width of 30
    label = page.problems_label
    assert label.isVisible() and "必须能整除" in label.text(), label.text()
    assert english_left(label, KEPT) == []
    width.setValue(32)
    assert not label.isVisible()


def test_core_problems_are_translated(chinese: Any, qapp: Any) -> None:
    from workbench.core.problems import validate

    cfg = RunConfig()
    cfg.model.n_layers, cfg.optim.lr, cfg.model.kind = 0, 0.0, "gpt"
    cfg.data.task = "regression"
    cfg.model.hidden = list(range(1, 20))
    cfg.data.val_fraction, cfg.data.test_fraction = 0.5, 0.45
    problems = validate(cfg)
    assert len(problems) >= 5
    for problem in problems:
        text = humanize_problem(problem)
        assert _chinese(text) and english_words(text, ["test_fraction", "regression'"]) == [], text


def test_the_memory_guard_is_translated(chinese: Any, window: MainWindow, qtbot: Any) -> None:
    import torch

    open_example(window, qtbot, "shakespeare")
    cfg = window.session.cfg
    assert window.session.analysis is not None and window.session.analysis.spec is not None
    spec = window.session.analysis.spec.sized(cfg.data.max_length, cfg.model.block_size)
    problem = fit_problem(cfg, spec, torch.device("cpu"), available=10)
    assert problem is not None
    text = humanize_problem(problem)
    assert _chinese(text) and english_words(text) == [], text


def test_every_preset_text_is_marked_for_translation() -> None:
    from workbench.ui.pages import model_page

    assert set(PRESET_NAMES) | set(DESCRIPTIONS.values()) <= set(model_page.PRESET_TEXTS)


def test_english_forms_are_unchanged(qtbot: Any) -> None:
    form = ConfigForm(OptimConfig)
    qtbot.addWidget(form)
    schedule = form.editor("schedule")
    assert isinstance(schedule, QComboBox) and schedule.itemText(0) == "constant"
    clip = form.editor("grad_clip")
    clip.setValue(0)  # type: ignore[attr-defined]
    assert clip.text() == "off"  # type: ignore[attr-defined]


@pytest.mark.parametrize("file", ["iris.csv", "rt_polarity.csv", "shakespeare_1mb.txt"])
def test_the_notes_on_fitted_settings_are_translated(chinese: Any, qapp: Any, file: str) -> None:
    import torch

    from workbench.core.data.loading import load_file
    from workbench.core.defaults import fitted_config
    from workbench.ui.i18n import core_text

    path = Path(__file__).resolve().parents[2] / "resources" / "datasets" / file
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        fitted = fitted_config(load_file(path))
    finally:
        torch.set_num_threads(threads)
    assert fitted.notes
    for note in fitted.notes:
        text = core_text(note)
        # Names that stay: fastText (a method) and the movie reviews' column "text".
        assert _chinese(text) and english_words(text, ["fastText", "text"]) == [], text
