"""What a newcomer sees on a small screen: the window at 1024×720 shows its texts and settings whole.

The welcome text wraps instead of losing its second line, every Train setting can be reached (on
screen, or by scrolling the settings up and down, never cut off at the side), and the Task box is
as wide as its longest name.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSplitter, QStyle, QStyleOptionComboBox, QWidget

from window_steps import open_example
from workbench.core.config import TrainConfig
from workbench.ui.shell.main_window import MainWindow

SMALL = (1024, 720)


def show_at(window: MainWindow, qtbot: Any, size: tuple[int, int], page: str) -> None:
    """Resize the window and show ``page``, once its layouts have settled."""
    window.resize(*size)
    window.go_to(page)
    qtbot.wait(50)  # the posted layout requests run
    assert (window.width(), window.height()) == size, "something made the window grow"


def inside(widget: QWidget, area: QWidget) -> bool:
    """Whether all of ``widget`` lies within ``area`` (one of its ancestors)."""
    rect = QRect(widget.mapTo(area, widget.rect().topLeft()), widget.size())
    return area.rect().contains(rect)


def welcome_label(window: MainWindow) -> QLabel:
    return next(label for label in window.data_page.findChildren(QLabel)
                if label.text().startswith("Drop a CSV"))


@pytest.mark.parametrize("size", [SMALL, (1280, 800), (1920, 1080)])
def test_the_welcome_text_wraps_and_fits(window: MainWindow, qtbot: Any, size: tuple[int, int]) -> None:
    show_at(window, qtbot, size, "data")
    label = welcome_label(window)
    assert label.wordWrap() and label.isVisible()
    assert label.height() >= label.heightForWidth(label.width())  # every wrapped line has room
    assert inside(label, window.data_page.stack)


def test_the_welcome_text_wraps_onto_more_lines_in_a_narrow_pane(window: MainWindow, qtbot: Any) -> None:
    show_at(window, qtbot, SMALL, "data")
    window.data_page.findChild(QSplitter).setSizes([1, 10_000])  # the preview pane at its narrowest
    qtbot.wait(50)
    label = welcome_label(window)
    lines = label.height() // label.fontMetrics().lineSpacing()
    assert lines >= 2 and label.height() >= label.heightForWidth(label.width())
    assert inside(label, window.data_page.stack)


@pytest.mark.parametrize("advanced", [False, True])
def test_every_train_setting_is_reachable_at_1024x720(window: MainWindow, qtbot: Any, advanced: bool) -> None:
    open_example(window, qtbot, "movie-reviews")
    page = window.train_page
    page.form.set_advanced_expanded(advanced)
    show_at(window, qtbot, SMALL, "train")
    scroll = page.settings_scroll
    viewport = scroll.viewport()
    assert viewport.width() >= scroll.widget().minimumSizeHint().width()  # nothing cut at the side
    fields = {n: f for n, f in TrainConfig.__dataclass_fields__.items() if n != "device"}
    editors = [page.name, page.device, *(page.form.editor(n) for n in fields), page.runs_label]
    shown = [e for e in editors if e.isVisibleTo(page)]  # the advanced ones while "Advanced" is open
    hidden = 0 if advanced else sum(bool(f.metadata.get("advanced")) for f in fields.values())
    assert len(shown) == len(editors) - hidden
    for editor in shown:  # the last one too, at the bottom
        scroll.ensureWidgetVisible(editor, 0, 12)  # Qt's scroll can stop a few pixels short
        qtbot.wait(10)
        assert inside(editor, viewport), editor.objectName() or editor
    # The charts' side keeps its room: the settings take what they need, not the page.
    assert scroll.width() < page.width() / 2


def _edit_field(combo: QComboBox) -> QRect:
    """Where the combo box draws its current text."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo)


@pytest.mark.parametrize("examples", [(), ("iris", "movie-reviews"), ("shakespeare",)])
def test_the_task_box_shows_its_longest_name_in_full(window: MainWindow, qtbot: Any,
                                                     examples: tuple[str, ...]) -> None:
    show_at(window, qtbot, SMALL, "data")
    for example in examples:  # opened in the small window: the settings widen for longer names
        open_example(window, qtbot, example)
        qtbot.wait(50)
    box = window.data_page.settings.task
    texts = [box.itemText(i) for i in range(box.count())]
    widest = max(box.fontMetrics().horizontalAdvance(t) for t in texts)
    for narrowest in (False, True):  # as it opens, then with the settings pane dragged narrow
        if narrowest:
            window.data_page.findChild(QSplitter).setSizes([10_000, 1])
            qtbot.wait(50)
        assert box.width() >= widest
        assert _edit_field(box).width() >= widest  # the text's own room, the arrow aside
        assert inside(box, window.data_page.settings.viewport())
    tips = [box.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(box.count())]
    assert "Regression (predict a number)" in tips and "Regression" in texts  # the long name on hover
