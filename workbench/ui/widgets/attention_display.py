"""Showing one input's attention: the grid of heads, the selected head large, a per-token summary.

Everything heavy is done once per input (:meth:`AttentionDisplay.display`): the colour images of
every head in the current window, and the grid's thumbnails. Changing the head or layer is then a
``setImage`` of a ready array. Inputs longer than 512 tokens are shown 512 at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from workbench.core.attention_maps import WINDOW, display_token, feature_importance, token_scores, window
from workbench.core.glossary import GROUP_TERMS, title
from workbench.core.head_patterns import HeadLabel
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, language, translate
from workbench.ui.widgets.attention_scale import SCALES, TIPS, default_scale, scale_maps
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.head_grid import HeadGrid, thumbnails
from workbench.ui.widgets.heatmap import AttentionHeatmap, save_matrix_csv
from workbench.ui.widgets.help_button import HelpButton
from workbench.ui.widgets.token_strip import FeatureBars, TokenStrip

METHODS = {"average": QT_TRANSLATE_NOOP("AttentionDisplay", "averaged over layers and heads"),
           "rollout": QT_TRANSLATE_NOOP("AttentionDisplay", "rolled out through the layers"),
           "head": QT_TRANSLATE_NOOP("AttentionDisplay", "the selected head only")}


@dataclass
class Shown:
    """The input on screen: its tokens and attention (layers, heads, T, T) and how to read them."""

    tokens: list[str]
    att: np.ndarray
    readout: str  # explain.readout_of: "first", "last", "mean" or "causal"
    exact: bool = True  # False for stored snapshots: weights within quantisation error
    labels: list[list[HeadLabel | None]] = field(default_factory=list)  # what each head does (L x H)


class AttentionDisplay(QObject):
    """The widgets that show a :class:`Shown`; the owner places ``left`` and ``right`` in its layout.

    ``left``: layer and head pickers over the grid. ``right``: the window picker (long inputs),
    the large heatmap, and the summary (a token strip, or feature bars for tables).
    """

    sig_export = Signal(str)  # forwarded from the heatmap's right-click menu
    sig_scale_chosen = Signal(str, str)  # (readout, scale): the user picked a colour scale

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown: Shown | None = None
        self.layer = self.head = 0
        self.query: int | None = None  # language models: the token whose row the summary reads
        self._start = 0
        self._part = np.zeros((0, 0, 0, 0), np.float32)
        self._indices = np.zeros((0, 0, 0, 0), np.uint8)
        self._lo = self._hi = np.zeros((0, 0), np.float32)  # each head's range on the colour scale
        self.scale = ""  # "" until an input is shown: then the chosen scale, or the default for it
        self.chosen: dict[str, str] = {}  # readout -> the scale the user picked for such models
        self.scale_box = QComboBox()
        self.scale_box.setObjectName("attention-scale")
        for key, text in SCALES.items():
            self.scale_box.addItem(translate("AttentionDisplay", text), key)
            self.scale_box.setItemData(self.scale_box.count() - 1,
                                       plain_text(translate("AttentionDisplay", TIPS[key])),
                                       Qt.ItemDataRole.ToolTipRole)
        self.scale_box.setToolTip(plain_text(translate(
            "AttentionDisplay", "How weights become colours. Fixed 0 to 1 compares heads and steps; the "
            "others bring out a weak pattern.")))
        self.scale_box.currentIndexChanged.connect(self._on_scale_box_changed)
        self.layer_box, self.head_box = QSpinBox(), QSpinBox()
        for box, prefix in ((self.layer_box, translate("AttentionDisplay", "layer ")),
                            (self.head_box, translate("AttentionDisplay", "head "))):
            box.setPrefix(prefix)
            box.valueChanged.connect(self._on_head_box_changed)
        self.grid = HeadGrid()
        self.grid.sig_selected.connect(self.select_head)
        self.heatmap = AttentionHeatmap()
        self.heatmap.sig_query_clicked.connect(self._on_heatmap_query_clicked)
        self.heatmap.sig_export.connect(self.sig_export)
        self.grid.make_menu = self.heatmap.menu
        self.window_box = QSpinBox()
        self.window_box.setPrefix(translate("AttentionDisplay", "tokens from #"))
        self.window_box.setSingleStep(64)
        self.window_box.valueChanged.connect(self._on_window_changed)
        self.window_label = plain_label()
        self.method = QComboBox()
        for key, text in METHODS.items():
            self.method.addItem(translate("AttentionDisplay", text), key)
        self.method.currentIndexChanged.connect(self._update_summary)
        self.summary_title = plain_label()
        self.summary_title.setWordWrap(True)
        self.strip = TokenStrip()
        self.strip.sig_hovered.connect(self._on_strip_hovered)
        self.strip_scroll = QScrollArea()
        self.strip_scroll.setWidget(self.strip)
        self.strip_scroll.setWidgetResizable(True)
        self.strip_scroll.setMaximumHeight(96)
        self.bars = FeatureBars()

        self.left = QWidget()
        picker = QHBoxLayout()
        picker.addWidget(QLabel(translate("AttentionDisplay", "Shown large:")))
        picker.addWidget(self.layer_box)
        picker.addWidget(self.head_box)
        lv = QVBoxLayout(self.left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(picker)
        lv.addWidget(self.grid)
        lv.addStretch(1)
        self.right = QWidget()
        window_row = QHBoxLayout()
        window_row.addWidget(QLabel(translate("AttentionDisplay", "Colours:")))
        window_row.addWidget(self.scale_box)
        self.help_buttons = [HelpButton(GROUP_TERMS["attention"]), HelpButton(GROUP_TERMS["heads"])]
        for button in self.help_buttons:
            button.setText(f"? {title(button.term, 'zh' if language().startswith('zh') else 'en')}")
            window_row.addWidget(button)
        window_row.addStretch(1)
        window_row.addWidget(self.window_box)
        window_row.addWidget(self.window_label)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_title, 1)
        summary_row.addWidget(self.method)
        rv = QVBoxLayout(self.right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(window_row)
        rv.addWidget(self.heatmap, 1)
        rv.addLayout(summary_row)
        rv.addWidget(self.strip_scroll)
        rv.addWidget(self.bars)
        self.set_table(False)

    # ------------------------------------------------------------------ public
    def set_table(self, table: bool) -> None:
        """Summaries as feature bars (tables) or as a token strip (texts)."""
        self.bars.setVisible(table)
        self.strip_scroll.setVisible(not table)

    def display(self, shown: Shown) -> None:
        """Put ``shown`` on screen. The zoom is kept when the tokens are the same (a new snapshot)."""
        same_tokens = self.shown is not None and self.shown.tokens == shown.tokens
        self.shown = shown
        n_layers, n_heads, n, _ = shown.att.shape
        self.layer, self.head = min(self.layer, n_layers - 1), min(self.head, n_heads - 1)
        if not same_tokens:
            self.query = None
        for box, count in ((self.layer_box, n_layers), (self.head_box, n_heads)):
            box.blockSignals(True)
            box.setRange(1, count)
            box.blockSignals(False)
        long = n > WINDOW
        self.window_box.blockSignals(True)
        self.window_box.setRange(1, max(n - WINDOW + 1, 1))
        self.window_box.blockSignals(False)
        self.window_box.setVisible(long)
        self.window_label.setVisible(long)
        set_plain_text(self.window_label, translate("AttentionDisplay", "of {count} (shown {window} at a "
                                                    "time)").format(count=f"{n:,}", window=WINDOW))
        self._use_scale(self.chosen.get(shown.readout, default_scale(shown.readout)))
        self._prepare_window(keep_view=same_tokens)
        self.grid.set_shape(n_layers, n_heads, self.layer)
        self.grid.set_images(thumbnails(shown.att, shown.readout == "causal", scale=self.scale))
        self.grid.set_captions({(layer, head): (self._caption(lab), core_text(lab.detail))
                                for layer, row in enumerate(shown.labels)
                                for head, lab in enumerate(row) if lab is not None})
        self.select_head(self.layer, self.head)
        self._update_summary()

    def select_head(self, layer: int, head: int) -> None:
        """Show ``(layer, head)`` large (0-based)."""
        self.layer, self.head = layer, head
        for box, value in ((self.layer_box, layer), (self.head_box, head)):
            box.blockSignals(True)
            box.setValue(value + 1)
            box.blockSignals(False)
        self.grid.select(layer, head)
        if self.shown is None:
            return
        caption = translate("AttentionDisplay", "layer {layer}, head {head}").format(layer=layer + 1,
                                                                                    head=head + 1)
        self.heatmap.set_scale(self.scale, float(self._lo[layer, head]), float(self._hi[layer, head]))
        self.heatmap.set_image(self._indices[layer, head], self._part[layer, head], caption,
                               exact=self.shown.exact, label=self.label_text(layer, head))
        if self.method.currentData() == "head":
            self._update_summary()

    def label(self, layer: int, head: int) -> HeadLabel | None:
        """What ``(layer, head)`` does in the input shown, when the pattern is clear."""
        labels = self.shown.labels if self.shown is not None else []
        return labels[layer][head] if layer < len(labels) and head < len(labels[layer]) else None

    def label_text(self, layer: int, head: int) -> str:
        """The head's label on one line ("previous token, since step 120"); "" without one."""
        lab = self.label(layer, head)
        if lab is None:
            return ""
        text = core_text(lab.text)
        return translate("AttentionDisplay", "{label}, {since}").format(
            label=text, since=core_text(lab.since_text)) if lab.since_text else text

    def set_scale(self, scale: str) -> None:
        """Colour the maps on ``scale`` (a key of ``attention_scale.SCALES``) from now on."""
        self._use_scale(scale)
        if self.shown is not None:
            self._prepare_window(keep_view=True)
            self.grid.set_images(thumbnails(self.shown.att, self.shown.readout == "causal", scale=scale))
            self.select_head(self.layer, self.head)

    def matrix(self) -> np.ndarray:
        """The weights shown large (queries, keys) of the current window."""
        return self._part[self.layer, self.head]

    def export(self, kind: str, path: str | Path) -> Path:
        """Save: "png" (the large heatmap), "grid-png", "csv"/"npy" (the selected head), "npy-all"."""
        if self.shown is None:
            raise ValueError("nothing is shown yet")
        if kind == "png":
            return self.heatmap.export_png(path)
        if kind == "grid-png":
            return self.grid.export_png(path)
        weights = self.shown.att if kind == "npy-all" else self.shown.att[self.layer, self.head]
        if kind == "csv":
            labels = [display_token(t, 64) for t in self.shown.tokens]
            return save_matrix_csv(path, weights, labels, labels)
        np.save(path, weights, allow_pickle=False)
        return Path(path)

    # ------------------------------------------------------------------ internals
    def _prepare_window(self, keep_view: bool) -> None:
        """Colour images of every head for the tokens in the current window."""
        assert self.shown is not None
        part, start = window(self.shown.att, self.window_box.value() - 1)
        if not keep_view or start != self._start:
            labels = [display_token(t) for t in self.shown.tokens[start:start + WINDOW]]
            self.heatmap.set_tokens(labels, labels, start)
        self._start, self._part = start, part
        scaled = scale_maps(part, self.shown.readout == "causal", self.scale)
        self._indices, self._lo, self._hi = scaled.indices(), scaled.lo, scaled.hi

    def _use_scale(self, scale: str) -> None:
        self.scale = scale
        self.grid.set_scale(scale)
        self.scale_box.blockSignals(True)
        self.scale_box.setCurrentIndex(max(self.scale_box.findData(scale), 0))
        self.scale_box.blockSignals(False)

    @staticmethod
    def _caption(lab: HeadLabel) -> str:
        text = core_text(lab.text)
        return f"{text}\n{core_text(lab.since_text)}" if lab.since_text else text

    def _on_scale_box_changed(self, _index: int) -> None:
        scale = str(self.scale_box.currentData())
        if self.shown is not None:
            self.chosen[self.shown.readout] = scale
            self.sig_scale_chosen.emit(self.shown.readout, scale)
        self.set_scale(scale)

    def _update_summary(self, *_args: object) -> None:
        shown = self.shown
        if shown is None:
            return
        method = self.method.currentData()
        how = translate("AttentionDisplay", METHODS[method])
        if method == "head":
            how = translate("AttentionDisplay", "{how} (layer {layer}, head {head})").format(
                how=how, layer=self.layer + 1, head=self.head + 1)
        if shown.readout == "last":
            self.bars.set_values(shown.tokens[:-1], feature_importance(shown.att, method))
            set_plain_text(self.summary_title, translate(
                "AttentionDisplay", "How much the prediction attends to each feature, {how}:").format(
                how=how))
            return
        query = len(shown.tokens) - 1 if self.query is None else self.query
        scores = token_scores(shown.att, shown.readout, method, query, self.layer, self.head)
        self.strip.set_tokens(shown.tokens, scores, query if shown.readout == "causal" else -1)
        if shown.readout == "causal":  # once laid out, scroll the token read to where it can be seen
            # The strip is the timer's context: if it is gone by then (the window closed), nothing runs.
            QTimer.singleShot(0, self.strip, lambda: self._scroll_strip_to(query))
        if shown.readout == "causal":
            text = translate("AttentionDisplay", "What ‘{token}’ (#{number}) looks at to predict the "
                             "next token, {how}. Click a row of the map to pick another token.").format(
                token=display_token(shown.tokens[query]), number=query + 1, how=how)
        elif shown.readout == "first":
            text = translate("AttentionDisplay", "How much the [CLS] token, which the prediction reads, "
                             "attends to each token, {how}:").format(how=how)
        else:
            text = translate("AttentionDisplay", "Attention each token receives on average (the prediction "
                             "averages all tokens), {how}:").format(how=how)
        set_plain_text(self.summary_title, text)

    def _scroll_strip_to(self, index: int) -> None:
        box = self.strip.box(index)
        if not box.isNull():
            self.strip_scroll.ensureVisible(box.center().x(), box.center().y(), 0, box.height())

    def _on_head_box_changed(self, _value: int) -> None:
        self.select_head(self.layer_box.value() - 1, self.head_box.value() - 1)

    def _on_window_changed(self, _value: int) -> None:
        if self.shown is not None:
            self._prepare_window(keep_view=False)
            self.select_head(self.layer, self.head)

    def _on_heatmap_query_clicked(self, row: int) -> None:
        if self.shown is not None and self.shown.readout == "causal":
            self.query = row + self._start
            self._update_summary()

    def _on_strip_hovered(self, index: int) -> None:
        if self.shown is not None and 0 <= index < self.strip.scores.size:
            token = display_token(self.shown.tokens[index])
            set_plain_text(self.heatmap.readout, translate(
                "AttentionDisplay", "‘{token}’ (#{number}): {share} of the attention").format(
                token=token, number=index + 1, share=f"{float(self.strip.scores[index]):.4f}"))
