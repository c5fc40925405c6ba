"""The Inspect view: a Transformer's attention, live while it trains, over time, and on your input.

It shows one input at a time: a validation example the training probe watched (with a timeline
of its snapshots), or text typed by the user, run on the probe's copy of the weights (during
training) or on the run's best checkpoint. Left: the input panel and the grid of every layer x
head; right: the timeline, the selected head large, and a per-token summary (for tables,
per-feature bars); see :mod:`workbench.ui.widgets.attention_display`. Live snapshots arrive through the
controller's ``sig_snapshot``, newest only; the view keeps each one it receives for its timeline
and draws the latest at most ``LIVE_MS`` after it arrived.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.core.head_patterns import Labels, label_heads
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
from workbench.ui.pages.head_labels import labels_at
from workbench.ui.widgets.attention_display import AttentionDisplay, Shown
from workbench.ui.widgets.attention_input import InputPanel
from workbench.ui.widgets.background import Background, error_text
from workbench.ui.widgets.fonts import plain_label, plain_message, plain_text, set_plain_text
from workbench.ui.widgets.playground import RunCache

if TYPE_CHECKING:  # snapshots import torch, which the first window does without
    from PySide6.QtGui import QShowEvent

    from workbench.core.events import RunStarted
    from workbench.core.snapshots import Snapshot, SnapshotStore

LIVE_MS = 250
KINDS = {"transformer": "text", "gpt": "lm", "ft_transformer": "table"}
EMPTY = QT_TRANSLATE_NOOP("AttentionView", "Train a Transformer (or open a run folder) to look inside its "
                          "attention.")
NO_ATTENTION = QT_TRANSLATE_NOOP("AttentionView", "This model is an MLP: it has no attention to show. Choose "
                                 "the FT-Transformer on the Model page to see how the columns of a table "
                                 "attend to each other.")
NO_ATTENTION_BAG = QT_TRANSLATE_NOOP("AttentionView", "This model is a bag of n-grams: it has no attention "
                                     "to show. Choose the Transformer on the Model page to see which words "
                                     "a prediction attends to.")
NO_ATTENTION_FOR = {"mlp": NO_ATTENTION, "bag": NO_ATTENTION_BAG}  # the kinds without attention


class AttentionView(QWidget):
    """See the module docstring; fed by ``follow_training`` and ``on_snapshot``, or by ``show_run``."""

    sig_finished_store = Signal(object)  # a finished run's snapshots, all shown (its story uses them)

    def __init__(self, background: Background, cache: RunCache, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._bg, self._cache = background, cache
        self._settings = settings  # where the chosen colour scales are remembered (None: not kept)
        self._labels: dict[int, Labels] = {}  # step -> head labels (with since), this store
        self._memo: dict[int, Labels] = {}  # step -> that snapshot's own labels (head_patterns)
        self.probe: Any = None  # the live run's core.probe.AttentionProbe (None: a run from disk)
        self.store: SnapshotStore | None = None  # the snapshots shown
        self._received: SnapshotStore | None = None  # the live run's snapshots, as they arrived
        self.kind = ""
        self.run_dir = ""
        self.live = False
        self.example = 0  # index of the probed example shown; -1: the typed text
        self.step: int | None = None
        # A snapshot to draw once the view is shown (a hidden view draws nothing: a live run's
        # first heatmaps took 25-30 ms of the window's thread while the Train page was in front).
        self._unshown: tuple[int | None] | None = None
        self.message = plain_label(translate("AttentionView", EMPTY))
        self.message.setWordWrap(True)
        self.inputs = InputPanel()
        self.inputs.sig_example_chosen.connect(self._on_inputs_example_chosen)
        self.inputs.sig_text_submitted.connect(self._on_inputs_text_submitted)
        self.inputs.sig_generate.connect(self._on_inputs_generate)
        self.display = AttentionDisplay(self)
        self.display.sig_export.connect(self._on_display_export)
        self.display.sig_scale_chosen.connect(self._on_display_scale_chosen)
        if settings is not None:
            for readout in ("first", "mean", "last", "causal"):
                scale = str(settings.value(f"attention/scale_{readout}", "", type=str))
                if scale:
                    self.display.chosen[readout] = scale
        self.timeline = QSlider(Qt.Orientation.Horizontal)
        self.timeline.setToolTip(plain_text(translate("AttentionView", "Drag through training: each mark is "
                                                      "a snapshot of the attention.")))
        self.timeline.valueChanged.connect(self._on_timeline_changed)
        self.timeline_label = plain_label()
        self.follow = QCheckBox(translate("AttentionView", "Follow training"))
        self.follow.setChecked(True)
        self.follow.toggled.connect(self._on_follow_toggled)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LIVE_MS)
        self._timer.timeout.connect(self._refresh_live)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.inputs)
        lv.addWidget(self.display.left, 1)
        time_row = QHBoxLayout()
        time_row.addWidget(QLabel(translate("AttentionView", "Training:")))
        time_row.addWidget(self.timeline, 1)
        time_row.addWidget(self.timeline_label)
        time_row.addWidget(self.follow)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(time_row)
        rv.addWidget(self.display.right, 1)
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(left)
        self.body.addWidget(right)
        self.body.setStretchFactor(1, 3)
        self.body.setSizes([320, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.body, 1)
        self._set_kind("")
        self._set_message(translate("AttentionView", EMPTY))

    # ------------------------------------------------------------------ sources
    def follow_training(self, probe: Any) -> None:
        """A run is starting: show the snapshots of ``probe`` (a ``core.probe.AttentionProbe``)."""
        self.probe, self.store, self._received, self.live, self.run_dir = probe, None, None, True, ""
        self._set_kind("")
        self._set_message(translate("AttentionView", "Training has started: the first attention snapshot "
                                    "arrives in a moment…"))

    def on_run_started(self, started: RunStarted) -> None:
        """The live run has its folder (where "Try it" finds its best checkpoint once it ends)."""
        if self.live:
            self.run_dir = started.run_dir
            if started.model_kind in NO_ATTENTION_FOR:
                self._set_message(translate("AttentionView", NO_ATTENTION_FOR[started.model_kind]))

    def on_snapshot(self, snapshot: Snapshot) -> None:
        """A snapshot of the live run (GUI thread): kept for the timeline, drawn within ``LIVE_MS``."""
        if not self.live or self.probe is None:
            return  # a run folder is shown now
        if self._received is None:
            from workbench.core.snapshots import SnapshotStore

            # What the snapshots show (model shape, inputs, classes) is fixed before the first
            # snapshot is published, and the probe never changes it afterwards.
            self._received = SnapshotStore(self.probe.store.meta, self.probe.max_bytes)
        self._received.add(snapshot)
        if not self._timer.isActive():
            self._timer.start()

    def show_run(self, run_dir: str, summary: dict) -> None:
        """Show a finished or opened run (the Results page calls this for each run it shows)."""
        self.live = False
        if self.probe is not None and run_dir and self.run_dir and Path(self.run_dir) == Path(run_dir):
            self._refresh_live()  # the run just trained: its snapshots are here already
            self._update_timeline()
            return self.sig_finished_store.emit(self.store) if self.store is not None else None
        self.probe, self.store, self._received, self.run_dir = None, None, None, run_dir
        kind = KINDS.get(summary.get("model_kind", ""), "")
        self._set_kind("")
        if not kind:
            self._set_message(translate("AttentionView", NO_ATTENTION_FOR.get(summary.get("model_kind", ""),
                                                                              EMPTY)))
            return
        self._set_message(translate("AttentionView", "Reading the attention snapshots…"))

        def load() -> Any:
            from workbench.core.snapshots import FOLDER, SnapshotStore

            return SnapshotStore.load(Path(run_dir) / FOLDER)

        def failed(_exc: BaseException) -> None:
            self._set_kind(kind)
            if kind == "table":
                self._set_message(translate("AttentionView", "This run kept no attention snapshots (it was "
                                            "trained without the probe)."))
            else:
                self._set_message(translate("AttentionView", "This run kept no attention snapshots: type "
                                            "your own text to see the attention of its best checkpoint."),
                                  keep_body=True)
            self.example = -1
            self.inputs.choose(-1)

        self._bg.submit("attention-load", load, self._adopt, failed, engine=True)

    def jump_to_step(self, step: int) -> bool:
        """Show the snapshot nearest to ``step`` (a click on the loss curve); False if there is none."""
        store = self.store
        nearest = store.at_step(step) if store is not None else None
        if store is None or nearest is None:
            return False
        if self.example < 0:
            self.example = 0
            self.inputs.choose(0)
        self._set_follow(nearest.step == store.steps()[-1])
        self._show_step(nearest.step)
        return True

    def has_snapshots(self) -> bool:
        """Whether a timeline of snapshots is shown."""
        return self.store is not None and len(self.store) > 0

    def _adopt(self, store: SnapshotStore) -> None:
        self.store = store
        self._labels, self._memo = {}, {}
        self._set_kind(store.meta.kind, [e.label for e in store.meta.examples])
        self.example = 0 if store.meta.examples else -1
        self.inputs.choose(self.example)
        self._set_follow(True)
        self._show_step(None)
        if not self.live:
            self.sig_finished_store.emit(store)

    def _refresh_live(self) -> None:
        if self.probe is not None and self.probe.error:
            # Capture stopped or could not save; training goes on.
            self.inputs.set_status(core_text(self.probe.error))
        store = self._received
        if store is None or not len(store):
            return
        if store is not self.store:
            self._adopt(store)
        elif self.example >= 0 and self.follow.isChecked():
            self._show_step(None)
        else:
            self._update_timeline()

    # ------------------------------------------------------------------ showing
    def _set_kind(self, kind: str, labels: list[str] | None = None) -> None:
        self.kind = kind
        self.inputs.set_kind(kind, labels or [])
        self.display.set_table(kind == "table")
        self.display.shown = None
        self._set_message("", keep_body=True)
        self._update_timeline()

    def _set_message(self, text: str, keep_body: bool = False) -> None:
        set_plain_text(self.message, text)
        self.message.setVisible(bool(text))
        self.body.setVisible(not text or keep_body)

    def _set_follow(self, on: bool) -> None:
        self.follow.blockSignals(True)
        self.follow.setChecked(on)
        self.follow.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:
        """Draw the snapshot that arrived while the view was hidden."""
        super().showEvent(event)
        if self._unshown is not None:
            (step,), self._unshown = self._unshown, None
            self._show_step(step)

    def _show_step(self, step: int | None) -> None:
        """Show the current example at the snapshot nearest ``step`` (None: the latest), at once
        when the view is visible, else when it is shown."""
        if self.store is None or not len(self.store) or self.example < 0:
            return
        if not self.isVisible():
            self._unshown = (step,)
            self._update_timeline()
            return
        self._unshown = None
        snap = self.store.get(-1) if step is None else self.store.at_step(step)
        if snap is None:
            return
        meta = self.store.meta
        self.step = snap.step
        title, probabilities = "", None
        if snap.outputs is not None and meta.classes:
            row = snap.outputs[self.example]
            probabilities = {c: float(p) for c, p in zip(meta.classes, row)}
            title = translate("AttentionView", "At step {step} the model says → {answer}").format(
                step=f"{snap.step:,}", answer=meta.classes[int(row.argmax())])
        elif snap.outputs is not None:
            title = translate("AttentionView", "At step {step} the model predicts {value}").format(
                step=f"{snap.step:,}", value=f"{float(snap.outputs[self.example]):.4g}")
        self.inputs.show_outputs(title, probabilities)
        if snap.step not in self._labels:
            self._labels[snap.step] = labels_at(self.store, snap.step, self._memo)
        self.display.display(Shown(meta.examples[self.example].tokens, snap.attention(self.example),
                                   meta.readout, exact=False, labels=self._labels[snap.step]))
        self._update_timeline()

    def _update_timeline(self) -> None:
        steps = self.store.steps() if self.store is not None else []
        typed = self.example < 0
        self.timeline.setEnabled(bool(steps) and not typed)
        self.follow.setEnabled(bool(steps) and not typed)
        self.follow.setVisible(self.live)
        if not steps:
            set_plain_text(self.timeline_label, translate("AttentionView", "no snapshots"))
            return
        index = steps.index(self.step) if self.step in steps else len(steps) - 1
        self.timeline.blockSignals(True)
        self.timeline.setRange(0, len(steps) - 1)
        self.timeline.setValue(index)
        self.timeline.blockSignals(False)
        where = translate("AttentionView", "your text") if typed else translate(
            "AttentionView", "step {step} (snapshot {number} of {count})").format(
            step=f"{steps[index]:,}", number=index + 1, count=len(steps))
        set_plain_text(self.timeline_label, where)

    # ------------------------------------------------------------------ typed input
    def _model_call(self, work: Any) -> None:
        """Run ``work(run)`` in the background on the live copy (training) or the best checkpoint."""
        def failed(exc: BaseException) -> None:
            self.inputs.set_status(translate("AttentionView", "Could not run the model: {error}").format(
                error=core_text(error_text(exc))))

        live = self.probe.live_run() if self.live and self.probe is not None else None
        if live is not None:
            step, run = live
            self.inputs.set_status(translate("AttentionView", "Thinking…"))
            source = translate("AttentionView", "the weights at step {step}").format(step=f"{step:,}")
            self._bg.submit("attention-try", lambda: (source, work(run)),
                            self.show_inspection, failed, engine=True)
        elif self.live:
            self.inputs.set_status(translate("AttentionView", "Wait a moment: the first copy of the weights "
                                             "comes with the first snapshot."))
        elif self.run_dir:
            self.inputs.set_status(translate("AttentionView", "Thinking…"))
            source = translate("AttentionView", "the {weights}").format(weights=core_text(self._cache.label))
            self._cache.call("attention-try", lambda run: (source, work(run)),
                             self.show_inspection, failed)  # the cache's jobs always wait for the engine
        else:
            self.inputs.set_status(translate("AttentionView", "Train a model first."))

    def inspect(self, raw: Any) -> None:
        """Show the attention of input ``raw`` (a text, or a table row for the FT-Transformer)
        under the weights the Results page reports, as if it had been typed."""
        from workbench.core.explain import inspect_input

        self._model_call(lambda run: inspect_input(run, raw))

    def _on_inputs_text_submitted(self, text: str) -> None:
        from workbench.core.explain import inspect_input

        self._model_call(lambda run: inspect_input(run, text))

    def _on_inputs_generate(self, prompt: str, length: int, temperature: float, top_k: int) -> None:
        from workbench.core.explain import generate_and_inspect

        self._model_call(lambda run: generate_and_inspect(run, prompt, length, temperature, top_k or None))

    def show_inspection(self, result: tuple[str, Any]) -> None:
        """Show a typed input's ``(which weights, explain.Inspection)``."""
        source, inspection = result
        if not self.kind:
            self._set_kind({"causal": "lm", "last": "table"}.get(inspection.readout, "text"))
        self._set_message("", keep_body=True)
        self.inputs.set_status(translate("AttentionView", "Using {source}.").format(source=source))
        self.example = -1
        self.inputs.choose(-1)
        if inspection.text:
            self.inputs.show_generated(inspection.text)
        prediction = inspection.prediction
        title = ("" if prediction is None else f"→ {prediction}" if isinstance(prediction, str)
                 else f"→ {prediction:.4g}")
        self.inputs.show_outputs(title, inspection.probabilities)
        labels = label_heads([inspection.attention], inspection.readout == "causal", [inspection.tokens])
        self.display.display(Shown(inspection.tokens, inspection.attention, inspection.readout,
                                   labels=labels))
        self._update_timeline()

    # ------------------------------------------------------------------ handlers
    def _on_inputs_example_chosen(self, index: int) -> None:
        self.example = index
        if index >= 0:
            self._show_step(self.step)
        else:
            self._update_timeline()

    def _on_timeline_changed(self, index: int) -> None:
        steps = self.store.steps() if self.store is not None else []
        if 0 <= index < len(steps):
            self._set_follow(index == len(steps) - 1)
            self._show_step(steps[index])

    def _on_follow_toggled(self, checked: bool) -> None:
        if checked and self.example >= 0:
            self._show_step(None)

    def _on_display_scale_chosen(self, readout: str, scale: str) -> None:
        if self._settings is not None:
            self._settings.setValue(f"attention/scale_{readout}", scale)

    def _on_display_export(self, kind: str) -> None:
        if self.display.shown is None:
            return
        suffix = {"png": "png", "grid-png": "png", "csv": "csv"}.get(kind, "npy")
        pattern = {"png": translate("AttentionView", "PNG image (*.png)"),
                   "csv": translate("AttentionView", "CSV table (*.csv)"),
                   "npy": translate("AttentionView", "NumPy array (*.npy)")}[suffix]
        name = {"grid-png": "attention-grid", "npy-all": "attention-all-heads"}.get(
            kind, f"attention-layer{self.display.layer + 1}-head{self.display.head + 1}")
        path, _ = QFileDialog.getSaveFileName(self, translate("AttentionView", "Save attention"),
                                              f"{name}.{suffix}", pattern)
        if not path:
            return
        try:
            self.display.export(kind, path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, translate("AttentionView", "Could not save"),
                                plain_message(core_text(str(exc))))
