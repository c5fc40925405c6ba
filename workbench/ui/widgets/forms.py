"""Settings forms generated from the config dataclasses, and the inline list of problems.

Every label, tooltip, unit, range, step and choice comes from the field metadata in
``workbench.core.config``; nothing about a setting is written twice. A form holds no state of
its own: ``get_values`` rebuilds the dataclass from the editors, and fields without an editor
(``DataConfig.roles``, edited in the data view) are carried over from the last ``set_values``.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
from collections.abc import Callable
from typing import Any, get_type_hints

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette, QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QScrollArea, QSpinBox, QTabWidget, QToolButton, QVBoxLayout,
                               QWidget)

from workbench.core.config import SECTIONS, RunConfig, field_meta, validate
from workbench.ui.widgets.fonts import plain_text

_INT_MAX = 2**31 - 1
_LADDER = (1.0, 3.0)  # learning-rate arrows walk 1e-4, 3e-4, 1e-3, 3e-3, ...


def format_number(value: float) -> str:
    """Shortest clear text for a setting: 0.1, 0.0003, 1e-7 (no trailing zeros)."""
    text = f"{value:.10g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


class _WheelGuard(QObject):
    """Lets the mouse wheel change a box only while it has focus, so scrolling a form is safe."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Swallow wheel events on unfocused boxes; ignored, they scroll the form instead."""
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()
            return True
        return False


class FloatSpin(QDoubleSpinBox):
    """A number box that shows 0.1 / 3e-4 as typed, keeps full precision and accepts 3e-4.

    With ``log_scale`` the arrows walk a 1-3-10 ladder (1e-4, 3e-4, 1e-3, ...), the natural steps
    for a learning rate; otherwise they add ``step``.
    """

    def __init__(self, lo: float, hi: float, step: float, log_scale: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(12)  # Qt rounds values to `decimals`; 12 keeps 1e-7 and 0.99999 exact.
        self.setRange(lo, hi)
        self.setSingleStep(step)
        self.setKeyboardTracking(True)
        self._log_scale = log_scale

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt override)
        """0.1 rather than 0.100000000000."""
        return format_number(value)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        """Parse 0.5, 0,5 or 3e-4 (the suffix is ignored); anything else keeps the value."""
        if self.specialValueText() and text == self.specialValueText():
            return self.minimum()
        try:
            return float(self._strip(text).replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> QValidator.State:
        """Acceptable: a number in range; Intermediate: on the way to one (``3e-``)."""
        if self.specialValueText() and text == self.specialValueText():
            return QValidator.State.Acceptable
        core = self._strip(text).replace(",", ".")
        try:
            value = float(core)
        except ValueError:
            partial = re.fullmatch(r"[+-]?\d*\.?\d*([eE][+-]?\d*)?", core)
            return QValidator.State.Intermediate if partial else QValidator.State.Invalid
        if math.isfinite(value) and self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate

    def stepBy(self, steps: int) -> None:  # noqa: N802
        """One arrow press: add ``step``, or move one rung on the 1-3-10 ladder."""
        if not self._log_scale or self.value() <= 0:
            super().stepBy(steps)
            return
        value = self.value()
        for _ in range(abs(steps)):
            value = _ladder_next(value, up=steps > 0)
        self.setValue(min(max(value, self.minimum()), self.maximum()))

    def _strip(self, text: str) -> str:
        suffix = self.suffix()
        if suffix and text.endswith(suffix):
            text = text[: -len(suffix)]
        return text.strip()


def _ladder_next(value: float, up: bool) -> float:
    """The next 1-3-10 ladder value above (or below) ``value``."""
    decade = math.floor(math.log10(value))
    rungs = [m * 10.0 ** e for e in (decade - 1, decade, decade + 1) for m in _LADDER]
    if up:
        return min(r for r in rungs if r > value * (1 + 1e-9))
    return max(r for r in rungs if r < value * (1 - 1e-9))


@dataclasses.dataclass
class _Editor:
    """One field's widget and how to read and write it."""

    widget: QWidget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    changed: Any  # the widget's change signal


def _make_editor(tp: Any, meta: dict[str, Any]) -> _Editor | None:
    """The editor for a field of type ``tp``; None for types edited elsewhere (dict)."""
    lo, hi, unit = meta.get("min"), meta.get("max"), meta.get("unit") or ""
    suffix = f" {unit}" if unit else ""
    # "(0 = off)" in the help: the box shows "off" rather than a bare 0 that reads as a value.
    zero = re.search(r"\(0 = ([^)]+)\)", meta.get("help", "")) if lo == 0 else None
    zero_text = zero.group(1) if zero else ""
    if meta.get("choices"):
        combo = QComboBox()
        for choice in meta["choices"]:
            combo.addItem(choice.replace("_", " "), choice)

        def set_choice(v: Any) -> None:
            if combo.findData(v) < 0:  # an invalid value stays visible; the validator names it
                combo.addItem(str(v), v)
            combo.setCurrentIndex(combo.findData(v))

        return _Editor(combo, combo.currentData, set_choice, combo.currentIndexChanged)
    if tp is bool:
        box = QCheckBox()
        return _Editor(box, box.isChecked, lambda v: box.setChecked(bool(v)), box.toggled)
    if tp is int:
        spin = QSpinBox()
        spin.setSuffix(suffix)
        spin.setGroupSeparatorShown(True)
        spin.setSingleStep(int(meta.get("step") or 1))
        lo_i = int(lo) if lo is not None else -_INT_MAX
        hi_i = min(int(hi), _INT_MAX) if hi is not None else _INT_MAX

        def set_int(v: Any) -> None:
            v = min(max(int(v), -_INT_MAX), _INT_MAX)
            spin.setRange(min(lo_i, v), max(hi_i, v))  # out of range: shown, then flagged
            spin.setSpecialValueText(zero_text if spin.minimum() == 0 else "")
            spin.setValue(v)

        return _Editor(spin, spin.value, set_int, spin.valueChanged)
    if tp is float:
        lo_f = float(lo) if lo is not None else -1e12
        hi_f = float(hi) if hi is not None else 1e12
        log_scale = lo_f > 0 and hi_f / lo_f >= 1e3
        step = float(meta.get("step") or (0.01 if hi_f <= 1 else 0.1))
        fspin = FloatSpin(lo_f, hi_f, step, log_scale)
        fspin.setSuffix(suffix)

        def set_float(v: Any) -> None:
            fspin.setRange(min(lo_f, float(v)), max(hi_f, float(v)))
            fspin.setSpecialValueText(zero_text if fspin.minimum() == 0 else "")
            fspin.setValue(float(v))

        return _Editor(fspin, fspin.value, set_float, fspin.valueChanged)
    if tp is list:
        line = QLineEdit()
        line.setValidator(QRegularExpressionValidator(r"[\d,\s]*", line))
        line.setPlaceholderText("e.g. 128, 64")

        def get_list() -> list[int]:
            return [int(p) for p in re.split(r"[,\s]+", line.text()) if p]

        return _Editor(line, get_list, lambda v: line.setText(", ".join(str(i) for i in v)),
                       line.textChanged)
    if tp is str:
        line = QLineEdit()
        if "Empty:" in meta.get("help", ""):
            line.setPlaceholderText("empty = automatic")
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
        self._section = next((k for k, c in SECTIONS.items() if c is section_cls), "")
        self._base = section_cls()
        self._editors: dict[str, _Editor] = {}
        self._loading = False
        self._wheel_guard = _WheelGuard(self)
        layout = QVBoxLayout(self)
        basic, advanced = QFormLayout(), QFormLayout()
        labels: list[QLabel] = []
        hints = get_type_hints(section_cls)
        for f in dataclasses.fields(section_cls):
            meta = dict(f.metadata)
            editor = None if f.name in exclude else _make_editor(hints[f.name], meta)
            if editor is None:
                continue
            editor.set(getattr(self._base, f.name))
            tip = plain_text(meta.get("help", ""))
            editor.widget.setToolTip(tip)
            editor.widget.setObjectName(f.name)
            editor.widget.installEventFilter(self._wheel_guard)
            if not isinstance(editor.widget, QLineEdit):  # a number box as wide as a path looks lost
                editor.widget.setMaximumWidth(260)
            editor.changed.connect(lambda *_a, n=f.name: self._on_editor_changed(n))
            label = QLabel(meta.get("label") or f.name)
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
        self._advanced_button.setText("Advanced")
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
        self.setAccessibleName("Problems with the settings")
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
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


class RunForm(QWidget):
    """The whole run: a name, one tab per section and the problems ``validate`` finds.

    Problems are re-checked on every edit and name the field by its label, as the user sees it.
    """

    sig_changed = Signal()

    TAB_TITLES = {"data": "Data", "model": "Model", "optim": "Optimizer", "train": "Training"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = QLineEdit(self)
        self._name.setToolTip(plain_text(RunConfig.__dataclass_fields__["name"].metadata["help"]))
        self._name.textChanged.connect(self._on_editor_changed)
        self.tabs = QTabWidget(self)
        self.forms: dict[str, ConfigForm] = {}
        for key, cls in SECTIONS.items():
            form = ConfigForm(cls)
            form.sig_changed.connect(self._on_editor_changed)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(form)
            self.tabs.addTab(scroll, self.TAB_TITLES.get(key, key))
            self.forms[key] = form
        self.problems = ProblemsLabel(self)
        top = QFormLayout()
        top.addRow(RunConfig.__dataclass_fields__["name"].metadata["label"], self._name)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems)
        self.set_config(RunConfig())

    def get_config(self) -> RunConfig:
        """A new RunConfig holding what the form shows."""
        return RunConfig(name=self._name.text(),
                         **{key: form.get_values() for key, form in self.forms.items()})

    def set_config(self, cfg: RunConfig) -> None:
        """Show ``cfg`` and its problems; emits nothing."""
        self._name.blockSignals(True)
        self._name.setText(cfg.name)
        self._name.blockSignals(False)
        for key, form in self.forms.items():
            form.set_values(getattr(cfg, key))
        self._refresh_problems()

    def _on_editor_changed(self, *_args: object) -> None:
        self._refresh_problems()
        self.sig_changed.emit()

    def _refresh_problems(self) -> None:
        self.problems.set_problems([humanize_problem(p) for p in validate(self.get_config())])


def humanize_problem(problem: str) -> str:
    """Replace ``[model] n_heads`` in a validator message with the label the form shows."""

    def label(match: re.Match[str]) -> str:
        try:
            return f"“{field_meta(match.group(1), match.group(2))['label']}”"
        except KeyError:
            return match.group(0)

    return re.sub(r"\[(\w+)\] (\w+)", label, problem)
