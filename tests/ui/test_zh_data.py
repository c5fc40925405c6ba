"""The Data page in Simplified Chinese: the file's line, the analysis and its notes, the column roles
(choosers, header and tooltips), the target question, the findings and their fixes, the split and
reading settings, the class-balance chart. The data's own words (column names, labels, the file's
name) stay as they are; config keys in a fix's tooltip ("--set data.max_length=192") too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from tests.ui.chinese import english_left, english_words
from tests.ui.window_steps import open_example, user_opens
from workbench.ui.shell.main_window import MainWindow

# Config keys a finding names for its fix (they are typed as they are, in either language).
_KEYS = ["data", "max_length", "min_freq", "vocab_size", "split_column", "text_column", "set", "roles"]
# Values a split column's help names as they are written in a file.
_VALUES = ["train", "valid", "dev", "split", "fold"]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _data_words(window: MainWindow) -> list[str]:
    """The loaded file's own words: its name, column names and class labels."""
    session = window.session
    analysis = session.analysis
    assert analysis is not None
    words = [Path(session.cfg.data.path).name, *(str(c) for c in session.source.df.columns)]
    return words + [label for label, _n in analysis.counts] + _KEYS + _VALUES


def _english_on_the_page(window: MainWindow, fitted: bool = False) -> list[str]:
    """English left on the Data page, the settings forms aside: their labels and help are config
    field texts (context "fields"), translated with the Model page's forms. ``fitted``: the note of
    settings fitted to a new file is left aside too (its parts are ``core.defaults`` messages, the
    Model page's catalogue); only its frame must be Chinese."""
    page = window.data_page
    forms = (page.settings.form, page.settings.file_form)
    shown = [f.isVisible() for f in forms]
    for form in forms:
        form.setVisible(False)
    try:
        found = english_left(page, allowed=_data_words(window))
        if fitted:
            found = [f for f in found if not f.startswith("QLabel: \"已根据此文件调整设置\uff1a")]
        return found
    finally:
        for form, visible in zip(forms, shown):
            form.setVisible(visible)


def _role_tooltips(window: MainWindow) -> list[str]:
    """Each role chooser's items, item data and tooltip, and each header tooltip."""
    bar, model = window.data_page.table.role_bar, window.data_page.table.model
    texts = []
    for column in model.column_names():
        combo = bar.combo(column)
        texts += [combo.toolTip(), *(combo.itemText(i) for i in range(combo.count()))]
        assert [combo.itemData(i) for i in range(combo.count())] == \
            ["text", "numeric", "categorical", "target", "ignore"]
    for c in range(model.columnCount()):
        texts.append(str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)))
        texts.append(str(model.headerData(c, Qt.Orientation.Horizontal)))
    return texts


@pytest.mark.parametrize("example", ["iris", "movie-reviews", "chinese-reviews", "wine"])
def test_the_data_page_speaks_chinese(chinese: Any, window: MainWindow, qtbot: Any, example: str) -> None:
    open_example(window, qtbot, example)
    window.go_to("data")
    page = window.data_page
    qtbot.waitUntil(lambda: page.settings.summary.isVisible(), timeout=10000)
    assert _chinese(page.info.text()) and _chinese(page.settings.summary.text())
    assert _english_on_the_page(window) == []
    allowed = _data_words(window)
    left = [t for t in _role_tooltips(window) if english_words(t, allowed)]
    assert left == []
    assert page.question.isVisible() and _chinese(page.question.line.text())


def test_the_findings_and_their_fixes_speak_chinese(chinese: Any, window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "chinese-reviews")
    window.go_to("data")
    checks = window.data_page.checks
    assert checks.isVisible() and checks.checks(), "the example's data has findings"
    button = checks.fix_button("texts_cut")
    assert _chinese(button.text()) and _chinese(button.toolTip())
    assert english_left(checks, allowed=_data_words(window)) == []


def test_a_regression_file_and_its_target_question(chinese: Any, window: MainWindow, qtbot: Any,
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of numbers whose target is in doubt: the question, then a regression's histogram."""
    rows = [{"rooms": r % 7 + 1, "area": 30 + 7 * r % 90, "age": r % 50, "price": 100 + 3.5 * r}
            for r in range(120)]
    path = tmp_path / "houses.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    user_opens(window, path, monkeypatch)
    qtbot.waitUntil(lambda: window.session.analysis is not None and not window.session.is_loading(),
                    timeout=15000)
    qtbot.waitUntil(lambda: not window.session.fitting.running, timeout=20000)
    page = window.data_page
    assert _english_on_the_page(window, fitted=True) == []
    window.session.choose_target("price", page)
    qtbot.waitUntil(lambda: window.session.analysis is not None and window.session.analysis.target == "price"
                    and window.session.analysis.histogram is not None, timeout=15000)
    qtbot.waitUntil(lambda: not window.session.fitting.running, timeout=20000)
    assert _english_on_the_page(window, fitted=True) == []
    assert page.settings.chart.isVisible()


def test_english_is_unchanged(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "iris")
    page = window.data_page
    assert "150 rows × 5 columns" in page.info.text()
    assert page.table.role_bar.combo("species").currentText() == "target"
    assert page.settings.summary.text() == "Task: tabular classification into 3 classes of 'species'"
