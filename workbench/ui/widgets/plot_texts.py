"""The training charts' words: the read-out's hint, the hover read-out in the interface's language,
and the entries of pyqtgraph's own right-click menus (it translates them itself, by these contexts).

The hover read-out is written by the Qt-free core (``core.curve_history.CurveHistory.hover``):
"step 30   train loss 0.51   smoothed 0.52   learning rate 0.001   ·   evaluation: validation loss
0.49 (step 30), accuracy 0.93 (step 30)". ``readout_text`` reads its parts back and says each in
the interface's language; in English it is the core's text unchanged.
"""

from __future__ import annotations

import re

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, language, translate

HINT = QT_TRANSLATE_NOOP("LivePlots", "Hover a chart to read values · click the loss chart to pick a "
                                      "step · right-click to save")

# pyqtgraph's chart menus call QCoreApplication.translate with these contexts and texts.
PYQTGRAPH_MENU = (
    QT_TRANSLATE_NOOP("ViewBox", "View All"), QT_TRANSLATE_NOOP("ViewBox", "axis"),
    QT_TRANSLATE_NOOP("ViewBox", "Mouse Mode"), QT_TRANSLATE_NOOP("ViewBox", "3 button"),
    QT_TRANSLATE_NOOP("ViewBox", "1 button"), QT_TRANSLATE_NOOP("ViewBox", "ViewBox options"),
    QT_TRANSLATE_NOOP("PlotItem", "Plot Options"), QT_TRANSLATE_NOOP("PlotItem", "Transforms"),
    QT_TRANSLATE_NOOP("PlotItem", "Downsample"), QT_TRANSLATE_NOOP("PlotItem", "Average"),
    QT_TRANSLATE_NOOP("PlotItem", "Alpha"), QT_TRANSLATE_NOOP("PlotItem", "Grid"),
    QT_TRANSLATE_NOOP("PlotItem", "Points"), QT_TRANSLATE_NOOP("GraphicsScene", "Export..."),
)

_TRAIN = re.compile(r"step (?P<step>\S+)   train loss (?P<loss>\S+)   smoothed (?P<smooth>\S+)"
                    r"   learning rate (?P<lr>\S+)")
_EVAL = re.compile(r"(?P<label>.+) (?P<value>\S+) \(step (?P<step>[\d,]+)\)")
_PARTS = "   ·   "


def hint() -> str:
    """The read-out's text while no chart is pointed at."""
    return translate("LivePlots", HINT)


def readout_text(text: str) -> str:
    """The core's hover read-out ``text`` in the interface's language."""
    if language() == "en" or not text:
        return text
    parts = []
    for part in text.split(_PARTS):
        train = _TRAIN.fullmatch(part)
        if train:
            parts.append(translate("LivePlots", "step {step}   training loss {loss}   smoothed {smooth}   "
                                   "learning rate {lr}").format(**train.groupdict()))
        elif part.startswith("evaluation: "):
            items = []
            for item in part.removeprefix("evaluation: ").split(", "):
                found = _EVAL.fullmatch(item)
                items.append(translate("LivePlots", "{label} {value} (step {step})").format(
                    label=core_text(found["label"]), value=found["value"], step=found["step"])
                    if found else item)
            parts.append(translate("LivePlots", "evaluation: {values}").format(
                values=translate("LivePlots", ", ").join(items)))
        else:
            parts.append(core_text(part))
    return _PARTS.join(parts)


def save_dialog_texts(kind: str) -> tuple[str, str]:
    """The title and file filter of the dialog that saves a chart as ``kind`` ("png" or "csv")."""
    if kind == "png":
        return translate("LivePlots", "Save chart as PNG"), translate("LivePlots", "PNG image (*.png)")
    return translate("LivePlots", "Save chart data as CSV"), translate("LivePlots", "CSV table (*.csv)")
