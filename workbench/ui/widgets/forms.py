"""Settings forms generated from the config dataclasses, and the inline list of problems.

Every label, tooltip, unit, range, step and choice comes from the field metadata in
``workbench.core.config``; nothing about a setting is written twice. A form holds no state of
its own: ``get_values`` rebuilds the dataclass from the editors, and fields without an editor
(``DataConfig.roles``, edited in the data view) are carried over from the last ``set_values``.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from typing import Any, get_args, get_origin, get_type_hints

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import SECTIONS, field_meta
from workbench.core.problems import Problem, field_name
from workbench.ui.i18n import core_text, field_text, translate
from workbench.ui.widgets.fonts import plain_text
from workbench.ui.widgets.help_button import field_term, with_glossary_hint
from workbench.ui.widgets.number_edit import number_editor


class _WheelGuard(QObject):
    """Lets the mouse wheel change a box only while it has focus, so scrolling a form is safe."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow wheel events on unfocused boxes; ignored, they scroll the form instead."""
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()
            return True
        return False


@dataclasses.dataclass
class _Editor:
    """One field's widget and how to read and write it."""

    widget: QWidget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    changed: Any  # the widget's change signal


EMPTY_TEXT = '""'  # how a list of texts writes its empty entry ("" is a missing-value marker)


def _text_list_editor() -> _Editor:
    """Texts separated by commas ("NA, ?, -"); read when the user is done, not at each keystroke."""
    line = QLineEdit()
    line.setPlaceholderText(translate("ConfigForm", "none; e.g. NA, ?, -"))

    def get_texts() -> list[str]:
        parts = [p.strip() for p in line.text().split(",")]
        return ["" if p == EMPTY_TEXT else p for p in parts if p]

    def set_texts(values: Any) -> None:
        line.setText(", ".join(EMPTY_TEXT if v == "" else str(v) for v in values))

    return _Editor(line, get_texts, set_texts, line.editingFinished)


def _make_editor(hint: Any, meta: dict[str, Any]) -> _Editor | None:
    """The editor for a field of type ``hint``; None for those edited elsewhere (tables)."""
    tp, args = get_origin(hint) or hint, get_args(hint)
    if tp is list and args == (str,):
        return _text_list_editor()
    if tp is dict or (tp is list and args != (int,)):
        return None
    if meta.get("choices"):
        combo = QComboBox()
        for choice in meta["choices"]:
            combo.addItem(choice_text(choice), choice)

        def set_choice(v: Any) -> None:
            if combo.findData(v) < 0:  # an invalid value stays visible; the validator names it
                combo.addItem(str(v), v)
            combo.setCurrentIndex(combo.findData(v))

        return _Editor(combo, combo.currentData, set_choice, combo.currentIndexChanged)
    if tp is bool:
        box = QCheckBox()
        return _Editor(box, box.isChecked, lambda v: box.setChecked(bool(v)), box.toggled)
    if tp in (int, float):
        spin, show = number_editor(tp, meta)
        return _Editor(spin, spin.value, show, spin.valueChanged)
    if tp is list:
        line = QLineEdit()
        line.setValidator(QRegularExpressionValidator(r"[\d,\s]*", line))
        line.setPlaceholderText(translate("ConfigForm", "e.g. 128, 64"))

        def get_list() -> list[int]:
            return [int(p) for p in re.split(r"[,\s]+", line.text()) if p]

        return _Editor(line, get_list, lambda v: line.setText(", ".join(str(i) for i in v)),
                       line.textChanged)
    if tp is str:
        line = QLineEdit()
        if meta.get("empty"):
            line.setPlaceholderText(translate("ConfigForm", "empty = {meaning}").format(
                meaning=field_text(meta["empty"])))
        return _Editor(line, line.text, lambda v: line.setText(str(v)), line.textChanged)
    return None


class ConfigForm(QWidget):
    """An editor for one config section (``DataConfig``, ``ModelConfig``, ...).

    ``sig_changed(field_name)`` is emitted on every user edit; ``set_values`` emits nothing.
    Fields marked ``advanced`` sit in a collapsed "Advanced" group. Fields named in ``exclude``
    get no editor (a page edits them with a control of its own) and are carried over.
    """

    sig_changed = Signal(str)

    def __init__(self, section_cls: type, parent: QWidget | None = None,
                 exclude: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self._cls = section_cls
        self._base = section_cls()
        self._editors: dict[str, _Editor] = {}
        self._loading = False
        self._wheel_guard = _WheelGuard(self)
        layout = QVBoxLayout(self)
        basic, advanced = QFormLayout(), QFormLayout()
        labels: list[QLabel] = []
        hints = get_type_hints(section_cls)
        section = next((key for key, cls in SECTIONS.items() if cls is section_cls), "")
        for f in dataclasses.fields(section_cls):
            meta, default = dict(f.metadata), getattr(self._base, f.name)
            editor = None if f.name in exclude else _make_editor(hints[f.name], meta)
            if editor is None:
                continue
            editor.set(default)
            help_text = field_text(meta.get("help", ""))
            tip = plain_text(with_glossary_hint(help_text, field_term(section, f.name)))
            editor.widget.setToolTip(tip)
            editor.widget.setObjectName(f.name)
            editor.widget.installEventFilter(self._wheel_guard)
            if not isinstance(editor.widget, QLineEdit):  # a number box as wide as a path looks lost
                editor.widget.setMaximumWidth(260)
            editor.changed.connect(lambda *_a, n=f.name: self._on_editor_changed(n))
            label = QLabel(field_text(meta.get("label") or f.name))
            label.setToolTip(tip)
            label.setBuddy(editor.widget)
            labels.append(label)
            (advanced if meta.get("advanced") else basic).addRow(label, editor.widget)
            self._editors[f.name] = editor
        for form in (basic, advanced):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        width = max((lbl.sizeHint().width() for lbl in labels), default=0)
        for lbl in labels:  # both groups share one label column
            lbl.setMinimumWidth(width)
        layout.addLayout(basic)
        self._advanced_button = QToolButton(self)
        self._advanced_button.setText(translate("ConfigForm", "Advanced"))
        self._advanced_button.setCheckable(True)
        self._advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self._advanced_button.setAutoRaise(True)
        self._advanced_button.toggled.connect(self._on_advanced_button_toggled)
        self._advanced_box = QWidget(self)
        self._advanced_box.setLayout(advanced)
        self._advanced_box.setVisible(False)
        advanced.setContentsMargins(0, 0, 0, 0)
        has_advanced = advanced.rowCount() > 0
        self._advanced_button.setVisible(has_advanced)
        layout.addWidget(self._advanced_button)
        layout.addWidget(self._advanced_box)
        layout.addStretch(1)

    def get_values(self) -> Any:
        """A new section dataclass holding what the editors show."""
        obj = copy.deepcopy(self._base)
        for name, editor in self._editors.items():
            setattr(obj, name, editor.get())
        return obj

    def set_values(self, obj: Any) -> None:
        """Show ``obj`` (an instance of this form's section class); emits nothing."""
        if not isinstance(obj, self._cls):
            raise TypeError(f"expected {self._cls.__name__}, got {type(obj).__name__}")
        self._base = copy.deepcopy(obj)
        self._loading = True
        try:
            for name, editor in self._editors.items():
                editor.set(getattr(obj, name))
        finally:
            self._loading = False

    def editor(self, name: str) -> QWidget:
        """The widget that edits field ``name`` (KeyError for fields without one)."""
        return self._editors[name].widget

    def is_advanced_expanded(self) -> bool:
        """Whether the "Advanced" group is open."""
        return self._advanced_button.isChecked()

    def set_advanced_expanded(self, expanded: bool) -> None:
        """Open or close the "Advanced" group."""
        self._advanced_button.setChecked(expanded)

    def _on_advanced_button_toggled(self, checked: bool) -> None:
        self._advanced_button.setArrowType(Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow)
        self._advanced_box.setVisible(checked)

    def _on_editor_changed(self, name: str) -> None:
        if not self._loading:
            self.sig_changed.emit(name)


class ProblemsLabel(QLabel):
    """A red-tinted box listing problems, one per line; hidden while there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problems: list[str] = []
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(translate("ProblemsLabel", "Problems with the settings"))
        self._dark: bool | None = None
        self._apply_style()
        self.setVisible(False)

    def set_problems(self, problems: list[str]) -> None:
        """Show ``problems`` (an empty list hides the box)."""
        self._problems = [str(p) for p in problems]
        self.setText("\n".join(f"•  {p}" for p in self._problems))
        self.setVisible(bool(self._problems))

    def problems(self) -> list[str]:
        """The problems shown."""
        return list(self._problems)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a light/dark palette switch."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_style()

    def _apply_style(self) -> None:
        # The style sheet changes this label's own palette, so read the surroundings' palette.
        parent = self.parentWidget()
        palette = parent.palette() if parent is not None else QApplication.palette()
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        if dark == self._dark:
            return
        self._dark = dark
        text = "#ffb3b3" if dark else "#8a1c1c"
        self.setStyleSheet(f"QLabel {{ background: rgba(220, 53, 53, {60 if dark else 26}); "
                           f"border: 1px solid rgba(220, 53, 53, 140); border-radius: 4px; "
                           f"padding: 6px 8px; color: {text}; }}")


def choice_text(choice: str) -> str:
    """How a form shows choice ``choice`` (a config value such as "text_classification"): its
    translation (context "fields"), else the value with spaces for underscores."""
    shown = field_text(choice)
    return choice.replace("_", " ") if shown == choice else shown


def humanize_problem(problem: Problem) -> str:
    """``problem`` as the form shows it, in the interface's language: each setting called by its
    label (“Attention heads”)."""

    def label(section: str, name: str) -> str:
        try:
            return f"“{field_text(field_meta(section, name)['label'])}”"
        except KeyError:  # a key the forms do not show (a section, an unknown key)
            return field_name(section, name)

    return core_text(problem.describe(label))
