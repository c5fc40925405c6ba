"""Finding English a Chinese user would read: every text a widget tree shows, and the words in it
that are neither Chinese nor on the allow-list (units, model names, file formats, keys).

``english_left(widget)`` walks what is visible under ``widget``: labels, buttons, tooltips, status
tips, group titles, placeholders, combo and list items, tab names, table headers, menus (with their
submenus), window titles, text views, and the titles, axes, legends and notes of its charts.
Values from the user's data (column names, labels, file names) are the user's words: pass them
as ``allowed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QWidget,
)

# Words that stay as they are in a Chinese interface: names of formats, models, optimizers,
# metrics written as symbols, units, keys, and product names. Compared case-insensitively.
ALLOW = {
    # file formats and tools
    "csv", "tsv", "txt", "toml", "json", "jsonl", "png", "svg", "pdf", "html", "onnx", "pytorch",
    "torchscript", "tensorboard", "torchrun", "python", "utf", "workbench", "pt", "ts", "qm",
    # models, layers and methods known by their English names
    "transformer", "ft", "gpt", "mlp", "bpe", "tf", "idf", "fasttext", "adam", "adamw", "sgd",
    "relu", "gelu", "softmax", "dropout", "cls", "lora", "ema", "nccl", "gloo", "xgboost",
    # metrics written as symbols
    "f1", "r²", "r2", "mae", "rmse", "mse", "auc", "roc", "pr", "ap",
    # hardware and units
    "gpu", "cpu", "cuda", "mps", "ram", "gb", "mb", "kb", "ms", "px", "dpi", "min", "nats", "bits",
    # keys
    "ctrl", "shift", "alt", "esc", "del", "f5", "f11", "enter", "tab", "cmd",
    # a few abbreviations used in both languages
    "id", "url", "ok", "vs", "n", "k", "x", "y", "p", "e",
}
_TAGS = re.compile(r"<[^>]+>|&[a-z]+;|&#\d+;")
_NOT_WORDS = re.compile(r"https?://\S+|\S+[/\\]\S+|\S+\.(?:csv|tsv|txt|toml|json|png|svg|html|pt)\b"
                        r"|\{[^}]*\}|\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9²']*")


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` (plain or rich text) that are English and not allowed."""
    ok = ALLOW | {w.lower() for a in allowed for w in _WORD.findall(str(a))}
    plain = _NOT_WORDS.sub(" ", _TAGS.sub(" ", text).replace("&&", "&").replace("&", ""))
    return [w for w in _WORD.findall(plain) if len(w) > 1 and w.lower() not in ok]


def _menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where} title", menu.title()
    for action in menu.actions():
        yield from _action_texts(action, f"{where} > {action.text()!r}")


def _action_texts(action: QAction, where: str) -> Iterator[tuple[str, str]]:
    if action.isSeparator() or not action.isVisible():
        return
    yield where, action.text()
    yield f"{where} tooltip", action.toolTip()
    yield f"{where} status tip", action.statusTip()
    if action.menu() is not None:
        yield from _menu_texts(action.menu(), where)


def _chart_texts(chart: pg.GraphicsView, where: str) -> Iterator[tuple[str, str]]:
    for item in chart.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.AxisItem) and item.label.isVisible():
            yield f"{where} axis", item.labelText + (f" ({item.labelUnits})" if item.labelUnits else "")
        elif isinstance(item, pg.LabelItem):
            yield f"{where} label", str(item.text)
        elif isinstance(item, pg.TextItem):
            yield f"{where} note", item.textItem.toPlainText()


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text shown under ``root`` (itself included), hidden widgets skipped."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if w is not root and not w.isVisibleTo(root):
            continue
        where = f"{type(w).__name__} {w.objectName() or ''}".strip()
        if w.isWindow():
            yield f"{where} window title", w.windowTitle()
        yield f"{where} tooltip", w.toolTip()
        yield f"{where} status tip", w.statusTip()
        if isinstance(w, QLabel):
            yield where, w.text()
        elif isinstance(w, QAbstractButton):
            yield where, w.text()
            if isinstance(w, QToolButton) and w.menu() is not None:
                yield from _menu_texts(w.menu(), where)
        elif isinstance(w, QGroupBox):
            yield where, w.title()
        elif isinstance(w, QLineEdit):
            yield f"{where} placeholder", w.placeholderText()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{where} item {i}", w.itemText(i)
                yield f"{where} item {i} tooltip", str(w.itemData(i, Qt.ItemDataRole.ToolTipRole) or "")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield f"{where} tab {i}", w.tabText(i)
                yield f"{where} tab {i} tooltip", w.tabToolTip(i)
        elif isinstance(w, QMenuBar):
            for action in w.actions():
                yield from _action_texts(action, f"menu {action.text()!r}")
        elif isinstance(w, (QTextEdit, QPlainTextEdit)) and w.isReadOnly():
            yield where, w.toPlainText()
        elif isinstance(w, pg.GraphicsView):
            yield from _chart_texts(w, where)
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                yield f"{where} item {i}", w.item(i).text()
                yield f"{where} item {i} tooltip", w.item(i).toolTip()
        elif isinstance(w, QTreeWidget):
            header = w.headerItem()
            for c in range(w.columnCount()):
                yield f"{where} header {c}", header.text(c)
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for c in range(min(model.columnCount(), 50)):
                yield f"{where} header {c}", str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                yield f"{where} header {c} tooltip", str(
                    model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or "")
        for action in w.actions():
            if not isinstance(w, (QMenu, QMenuBar)):
                yield from _action_texts(action, f"{where} action")


def english_left(root: QWidget, allowed: Iterable[str] = ()) -> list[str]:
    """"where: text [words]" for each text under ``root`` with English words not allowed."""
    allowed = list(allowed)
    found = []
    for where, text in widget_texts(root):
        words = english_words(text, allowed) if text else []
        if words:
            found.append(f"{where}: {text[:120]!r} {sorted(set(words))}")
    return list(dict.fromkeys(found))
