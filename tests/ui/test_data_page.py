"""The Data page understands a user's own table: it asks what to predict when the data leaves it in
doubt, lists the pre-flight findings with one-click fixes, follows a split column, notes missing-value
markers, and keeps the loaded data and settings when a choice cannot train.

The tables are real public ones (tests/data/tables, see SOURCES.md), opened as a user does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from workbench.core import config as C
from workbench.core.data.checks import Check
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.widgets.check_list import fix_label

TABLES = Path(__file__).resolve().parents[1] / "data" / "tables"
CHOOSE = "Choose what the model should predict (Data page)."


def settled(window: MainWindow, qtbot: Any) -> None:
    """Wait until the file is loaded and the analysis of the current settings has arrived."""
    qtbot.waitUntil(lambda: window.session.analysis is not None and not window.session.is_busy(),
                    timeout=20000)


def open_table(window: MainWindow, qtbot: Any, path: Path) -> None:
    window.open_path(path)
    settled(window, qtbot)


def click(qtbot: Any, button: Any) -> None:
    # The page shows an analysis an event-loop turn after the session has it: wait for the button.
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=5000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def with_split_column(tmp_path: Path, source: str = "TitanicSurvival.csv") -> tuple[Path, pd.Series]:
    """A real table with a column ``split`` added: 8 rows in 10 train, 1 validation, 1 test."""
    df = pd.read_csv(TABLES / source)
    df["split"] = ["validation" if i % 10 == 3 else "test" if i % 10 == 7 else "train"
                   for i in range(len(df))]
    path = tmp_path / "titanic_split.csv"
    df.to_csv(path, index=False)
    return path, df["split"].value_counts()


def test_a_target_in_doubt_is_asked_and_train_waits_for_the_choice(window: MainWindow, qtbot: Any) -> None:
    open_table(window, qtbot, TABLES / "Mroz.csv")  # lfp (labour force participation), unnamed as such
    page, analysis = window.data_page, window.session.analysis
    assert not analysis.target_confident
    question = page.question
    assert question.isVisible() and question.is_asking() and question.title.isVisible()
    assert question.title.text() == "What should the model learn to predict?"
    ranked = [c.column for c in analysis.candidates]
    assert question.offered() == ranked[:3] and ranked[0] == "lfp"
    assert question.button("lfp").isEnabled()
    train = window.action_map["train"]
    assert not train.isEnabled()
    assert window.train_blocker() == CHOOSE and window.readiness.text() == CHOOSE
    assert page.settings.target.currentText() == "Not chosen (best guess: lfp)"

    click(qtbot, question.button("lfp"))
    assert window.session.cfg.data.target == "lfp"
    assert not question.is_asking() and train.isEnabled()  # at once, before the analysis catches up
    settled(window, qtbot)
    assert window.session.analysis.target_confident and train.isEnabled(), window.train_blocker()
    assert question.line.text().startswith("Predicting 'lfp' (your choice): the first usable column")
    assert not any(c.code == "target_not_confident" for c in page.checks.checks())


def test_a_plain_target_is_named_with_its_reasons_and_can_be_changed(window: MainWindow, qtbot: Any) -> None:
    open_table(window, qtbot, TABLES / "TitanicSurvival.csv")
    question = window.data_page.question
    assert window.session.analysis.target_confident
    assert question.isVisible() and not question.is_asking() and not question.title.isVisible()
    assert question.line.text() == "Predicting 'survived': named like an outcome, the first usable column, " \
                                   "two values"
    assert window.action_map["train"].isEnabled(), window.train_blocker()
    click(qtbot, question.change)
    assert not question.button("survived").isEnabled()  # the one predicted now
    other = question.offered()[1]
    click(qtbot, question.button(other))
    assert window.session.cfg.data.target == other
    settled(window, qtbot)
    assert window.session.analysis.target == other


def test_a_target_in_a_saved_setup_counts_as_chosen(window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    cfg = C.RunConfig()
    cfg.data.path, cfg.data.target = str(TABLES / "Mroz.csv"), "inc"
    C.save(cfg, tmp_path / "setup.toml")
    open_table(window, qtbot, tmp_path / "setup.toml")
    assert window.session.analysis.task == "regression"
    assert not window.data_page.question.is_asking()
    assert window.action_map["train"].isEnabled(), window.train_blocker()


def test_a_fix_button_applies_its_change_and_the_warning_goes(window: MainWindow, qtbot: Any) -> None:
    open_table(window, qtbot, TABLES / "Smarket.csv")  # 'Today' is the return whose sign is 'Direction'
    checks = window.data_page.checks
    assert checks.isVisible()
    leak = next(c for c in checks.checks() if c.code == "leak")
    assert leak.column == "Today" and leak.level == "warning"
    button = checks.fix_button("leak", "Today")
    assert button.text() == "Ignore column 'Today'"
    assert window.action_map["train"].isEnabled()  # a warning is worth a look; it does not refuse
    click(qtbot, button)
    assert window.session.cfg.data.roles == {"Today": "ignore"}
    assert not any(c.code == "leak" for c in checks.checks())
    settled(window, qtbot)
    assert not any(c.code == "leak" for c in window.session.analysis.warnings)
    assert not any(c.code == "leak" for c in checks.checks())
    assert window.data_page.table.role_bar.combo("Today").currentText() == "ignore"


def test_a_split_column_takes_the_place_of_the_share_sliders(window: MainWindow, qtbot: Any,
                                                              tmp_path: Path) -> None:
    path, counts = with_split_column(tmp_path)
    open_table(window, qtbot, path)
    settings = window.data_page.settings
    assert window.session.analysis.split_column == "split"
    assert settings.split_by.currentData() == "split"
    assert settings.split_info.text() == (f"Split from column 'split': {counts['train']:,} train / "
                                          f"{counts['validation']:,} validation / {counts['test']:,} test, "
                                          "instead of random shares.")
    assert not settings.val.isVisible() and not settings.test.isVisible()
    assert window.data_page.table.role_bar.combo("split").currentText() == "ignore"
    assert window.action_map["train"].isEnabled(), window.train_blocker()

    settings.split_by.setCurrentIndex(settings.split_by.findData(""))  # back to random shares
    settled(window, qtbot)
    assert window.session.analysis.split_column == ""
    assert window.session.cfg.data.roles == {"split": "ignore"}  # not an input either
    assert settings.val.isVisible() and settings.test.isVisible() and not settings.split_info.isVisible()

    settings.split_by.setCurrentIndex(settings.split_by.findData("split"))  # and by the column again
    settled(window, qtbot)
    assert window.session.analysis.split_column == "split" and window.session.cfg.data.roles == {}
    assert not settings.val.isVisible() and not settings.test.isVisible()


def test_a_split_column_without_validation_rows_lends_training_rows(window: MainWindow, qtbot: Any) -> None:
    window.open_path(TABLES / "biomass.csv")  # 'dataset': Training or Testing
    settled(window, qtbot)
    window.session.choose_target("HHV")
    settled(window, qtbot)
    settings = window.data_page.settings
    assert settings.split_info.text().startswith("Split from column 'dataset': ")
    assert "It marks no rows for validation" in settings.split_info.text()
    assert settings.val.isVisible() and not settings.test.isVisible()


def test_a_refused_target_disables_train_and_keeps_the_data(window: MainWindow, qtbot: Any,
                                                             dialogs: list) -> None:
    open_table(window, qtbot, TABLES / "training_data.csv")  # product reviews and their score
    page, session = window.data_page, window.session
    source, rows = session.source, page.table.model.rowCount()
    assert window.action_map["train"].isEnabled(), window.train_blocker()
    page.settings.target.setCurrentIndex(page.settings.target.findData("review"))  # the free text
    settled(window, qtbot)
    message = "Column 'review' has 249 different values: too many classes to learn"
    assert not window.action_map["train"].isEnabled()
    assert message in window.train_blocker() and message in window.readiness.toolTip()
    refusals = [c for c in page.checks.checks() if c.level == "error"]
    assert len(refusals) == 1 and refusals[0].message.startswith(message)  # said once, with its fix
    assert not page.settings.problems.isVisible()
    assert dialogs == []
    assert session.source is source and page.table.model.rowCount() == rows
    assert session.cfg.data.target == "review"  # the choice stays, to be changed
    click(qtbot, page.checks.fix_button("too_many_classes"))
    assert session.cfg.data.target == "score"
    settled(window, qtbot)
    assert window.action_map["train"].isEnabled(), window.train_blocker()


def test_a_split_column_that_is_none_says_why_and_keeps_the_data(window: MainWindow, qtbot: Any) -> None:
    open_table(window, qtbot, TABLES / "TitanicSurvival.csv")
    settings, session = window.data_page.settings, window.session
    rows, before = window.data_page.table.model.rowCount(), session.config()
    settings.split_by.setCurrentIndex(settings.split_by.findData("sex"))
    settled(window, qtbot)
    assert "[data] split_column 'sex' has values" in window.train_blocker()
    assert not window.action_map["train"].isEnabled()
    shown = window.data_page.checks.checks()
    assert len(shown) == 1 and shown[0].level == "error" and "split_column 'sex'" in shown[0].message
    assert window.data_page.table.model.rowCount() == rows
    assert session.config().data.split_column == "sex"
    settings.split_by.setCurrentIndex(settings.split_by.findData(""))
    settled(window, qtbot)
    assert session.config().data.split_column == before.data.split_column
    assert window.action_map["train"].isEnabled(), window.train_blocker()


def test_missing_value_markers_are_noted_and_editable(window: MainWindow, qtbot: Any) -> None:
    window.open_path(TABLES / "Auto.csv")  # horsepower has '?' for five cars
    settled(window, qtbot)
    window.session.choose_target("mpg")
    settled(window, qtbot)
    settings = window.data_page.settings
    assert settings.missing_note.isVisible()
    assert settings.missing_note.text().startswith("'?' read as missing in 1 column: horsepower (5).")
    editor = settings.file_form.editor("missing_values")
    assert editor.text() == '"", NA, N/A, NaN, null, None, ?, -'
    editor.setText("NA, -")
    editor.editingFinished.emit()
    assert window.session.cfg.data.missing_values == ["NA", "-"]
    settled(window, qtbot)
    assert window.session.analysis.missing == {} and not settings.missing_note.isVisible()


@pytest.mark.parametrize(("fix", "column", "label"), [
    ({"data.roles": {"id": "ignore"}}, "id", "Ignore column 'id'"),
    ({"data.roles": {"a": "numeric", "fold": "ignore"}}, "fold", "Ignore column 'fold'"),
    ({"data.split_column": "split"}, "split", "Use 'split' as the split"),
    ({"data.max_length": 96}, "text", "Set maximum length to 96"),
    ({"data.target": "Survived"}, "Name", "Predict 'Survived' instead"),
    ({"data.task": "regression"}, "price", "Predict it as a number (regression)"),
    ({}, "", ""),
])
def test_a_fix_says_what_it_will_change(fix: dict, column: str, label: str) -> None:
    assert fix_label(Check("code", column, "message", "warning", fix)) == label


def test_findings_about_a_guessed_target_wait_for_the_choice(window: MainWindow, qtbot: Any) -> None:
    open_table(window, qtbot, TABLES / "Chicago.csv")  # train riders; game days are in other columns
    checks = window.data_page.checks
    assert window.data_page.question.is_asking()
    assert not any(c.code == "leak" for c in checks.checks())  # judged against a mere guess
    click(qtbot, window.data_page.question.button("Cubs_Home"))
    settled(window, qtbot)
    leaks = [c.column for c in checks.checks() if c.code == "leak"]
    assert "Cubs_Away" in leaks  # the same game, home or away: it gives the answer away
