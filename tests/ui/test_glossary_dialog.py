"""Help → Glossary, its search and language toggle, and the "?" buttons that open it at a term."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from window_steps import as_read
from workbench.core.glossary import GLOSSARY
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.widgets.glossary_dialog import GlossaryDialog
from workbench.ui.widgets.help_button import HelpButton


def glossary_of(window: MainWindow) -> GlossaryDialog:
    dialog = window.findChild(GlossaryDialog, "glossary")
    assert dialog is not None, "the glossary did not open"
    return dialog


def test_help_glossary_opens_and_its_search_filters_the_terms(window: MainWindow, qtbot: Any) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in help_menu.actions() if a.objectName() == "glossary-action")
    assert action.shortcut().toString() == "F1"
    action.trigger()
    dialog = glossary_of(window)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.shown_terms() == list(GLOSSARY)
    dialog.search.setText("learning")
    assert dialog.shown_terms()[0] == "learning rate"
    assert "learning rate" in dialog.text.toPlainText() and "学习率" in dialog.text.toPlainText()
    dialog.search.setText("zzz")
    assert dialog.shown_terms() == [] and dialog.empty.isVisibleTo(dialog)
    dialog.search.clear()
    assert len(dialog.shown_terms()) == len(GLOSSARY)
    action.trigger()  # a second time: the same dialog, not another
    assert len(window.findChildren(GlossaryDialog)) == 1


def test_the_language_toggle_shows_the_chinese(window: MainWindow, qtbot: Any) -> None:
    window.findChild(HelpButton, "help-optimizer").click()
    dialog = glossary_of(window)
    assert dialog.current_term() == "optimizer"
    dialog.set_language("zh")
    text = dialog.text.toPlainText()
    assert text.startswith("优化器") and GLOSSARY["optimizer"]["zh"] in text
    assert dialog.terms.currentItem().text().startswith("优化器")
    dialog.search.setText("过拟合")
    assert dialog.shown_terms()[0] == "overfitting"


def test_a_question_mark_opens_the_glossary_at_its_term(window: MainWindow, qtbot: Any) -> None:
    window.findChild(HelpButton, "help-layer").click()  # the Network group on the Model page
    dialog = glossary_of(window)
    assert dialog.isVisible() and dialog.current_term() == "layer"
    train = window.train_page
    buttons = {b.term: b for b in train.chart_help.buttons}
    assert list(buttons) == ["loss", "accuracy", "F1", "ROC-AUC", "learning rate"]
    dialog.search.setText("token")  # a "?" whose term the search hides clears the search
    buttons["learning rate"].click()
    assert dialog.current_term() == "learning rate" and dialog.search.text() == ""
    train._prepare_for("regression")
    assert [b.term for b in train.chart_help.buttons] == ["MSE", "R²", "MAE", "RMSE", "learning rate"]
    attention = window.attention
    heads = next(b for b in attention.display.help_buttons if b.term == "head")
    heads.click()
    assert dialog.current_term() == "head"
    QApplication.processEvents()


def test_field_tooltips_point_to_the_glossary(window: MainWindow) -> None:
    optim = window.model_page.forms["optim"]
    assert as_read(optim.editor("lr").toolTip()).endswith("See Glossary: learning rate")
    assert "See Glossary" not in as_read(optim.editor("beta1").toolTip())  # no term for it
    assert as_read(window.train_page.form.editor("epochs").toolTip()).endswith("See Glossary: epoch")
