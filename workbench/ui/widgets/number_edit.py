"""Number boxes for settings: integers with separators, floats as typed (0.1, 3e-4), "off" for 0.

A box is configured from a config field's metadata (``workbench.core.config._f``): its range,
unit, step, ``scale`` ("log": the arrows walk 1e-4, 3e-4, 1e-3, ...) and ``zero`` (what 0 means,
shown instead of the digit); the unit and the meaning of 0 in the interface's language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QWidget

from workbench.ui.i18n import field_text

_INT_MAX = 2**31 - 1
_LADDER = (1.0, 3.0)  # log-scale arrows walk 1e-4, 3e-4, 1e-3, 3e-3, ...


def format_number(value: float) -> str:
    """Shortest clear text for a setting: 0.1, 0.0003, 1e-7 (no trailing zeros)."""
    text = f"{value:.10g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


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

    def textFromValue(self, value: float) -> str:
        """0.1 rather than 0.100000000000."""
        return format_number(value)

    def valueFromText(self, text: str) -> float:
        """Parse 0.5, 0,5 or 3e-4 (the suffix is ignored); anything else keeps the value."""
        if self.specialValueText() and text == self.specialValueText():
            return self.minimum()
        try:
            return float(self._strip(text).replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable: a number in range; Intermediate: on the way to one (``3e-``)."""
        return self._judge(text), text, pos

    def _judge(self, text: str) -> QValidator.State:
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

    def stepBy(self, steps: int) -> None:
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


def number_editor(tp: type, meta: Mapping[str, Any]) -> tuple[QSpinBox | FloatSpin, Callable[[Any], None]]:
    """A box for an ``int`` or ``float`` field, and the function that shows a value in it.

    A value outside the field's range is shown as it is (the range widens to hold it) so the
    validator can name it, rather than silently clamped.
    """
    lo, hi = meta.get("min"), meta.get("max")
    unit, zero = field_text(meta.get("unit") or ""), field_text(meta.get("zero") or "")
    suffix = f" {unit}" if unit else ""
    if tp is int:
        spin = QSpinBox()
        spin.setSuffix(suffix)
        spin.setGroupSeparatorShown(True)
        spin.setSingleStep(int(meta.get("step") or 1))
        lo_i = int(lo) if lo is not None else -_INT_MAX
        hi_i = min(int(hi), _INT_MAX) if hi is not None else _INT_MAX

        def show_int(v: Any) -> None:
            v = min(max(int(v), -_INT_MAX), _INT_MAX)
            spin.setRange(min(lo_i, v), max(hi_i, v))
            spin.setSpecialValueText(zero if spin.minimum() == 0 else "")
            spin.setValue(v)

        return spin, show_int
    lo_f = float(lo) if lo is not None else -1e12
    hi_f = float(hi) if hi is not None else 1e12
    step = float(meta.get("step") or (0.01 if hi_f <= 1 else 0.1))
    fspin = FloatSpin(lo_f, hi_f, step, log_scale=meta.get("scale") == "log")
    fspin.setSuffix(suffix)

    def show_float(v: Any) -> None:
        fspin.setRange(min(lo_f, float(v)), max(hi_f, float(v)))
        fspin.setSpecialValueText(zero if fspin.minimum() == 0 else "")
        fspin.setValue(float(v))

    return fspin, show_float
