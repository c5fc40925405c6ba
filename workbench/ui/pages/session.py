"""The document the window edits: the run config and the loaded data.

As napari's ``ViewerModel`` is to its ``QtViewer``, ``Session`` is the one place the pages read
and write: a page writes a changed section with ``update`` and listens to
``sig_config_changed`` to show changes made elsewhere (a preset, an opened config). Files are
read on the ``Background`` pool: first a quick preview (``PREVIEW_ROWS`` rows), then the whole
file, then ``analysis.analyse`` (with the few ``DataFacts`` the Data page shows beside it). Nothing
is replaced until the whole file has loaded, so a broken file leaves the previous data and settings
as they were. The session also says what the data still needs before Train (``data_blocker``): a
refusal, or a target the data leaves in doubt that no setting names (``needs_target``). A new file
(opened without settings) starts on a clean setup and gets settings fitted to it in the background
once its analysis is in (``fitting``: which, when, and what the user's own changes keep).
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.config import DataConfig, RunConfig
from workbench.core.problems import Problem, validate
from workbench.core.safepaths import resolved
from workbench.ui.i18n import core_text, translate
from workbench.ui.pages.fitting import FITTING_TEXT, FitState
from workbench.ui.widgets.background import Background, error_text

PREVIEW_ROWS = 500
TEXT_SUFFIXES = (".txt", ".text", ".md")  # as core.data.loading: read whole, never previewed


@dataclasses.dataclass(frozen=True)
class LoadTiming:
    """When the stages of opening a file run, and how many threads parse it.

    The window's scheduling policy decides (``ui.shell.scheduling.load_timing``, with why); the
    defaults run each stage at once and parse on every core.
    """

    preview_paint_ms: int = 0         # from the preview's arrival to reading the whole file
    analysis_delay_ms: int = 0        # from the whole file, or a changed setting, to its analysis
    fit_delay_ms: int = 0             # from an analysis to fitting the settings to the file
    parse_threads: int | None = None  # pandas' parser threads for the whole file; None: every core


def _load_preview(path: str, encoding: str) -> tuple[Any, dict[str, str]]:
    from workbench.core.data.loading import LoadedTable, load_file
    from workbench.core.data.schema import infer_roles

    source = load_file(path, encoding=encoding, nrows=PREVIEW_ROWS)
    return source, infer_roles(source.df) if isinstance(source, LoadedTable) else {}


def _load_full(path: str, encoding: str, threads: int | None) -> Any:
    from workbench.core.data.loading import load_file

    return load_file(path, encoding=encoding, threads=threads)


def _fit(source: Any, base: RunConfig, keep: tuple[str, ...], analysis: Any) -> Any:
    from workbench.core.defaults import fitted_config

    return fitted_config(source, base, keep=keep, analysis=analysis)


@dataclasses.dataclass(frozen=True)
class DataFacts:
    """What the Data page shows beside the analysis, worked out with it off the GUI thread."""

    split_sizes: tuple[int, int, int] = (0, 0, 0)  # training, validation, test rows by the split column
    split_lends: bool = False  # the column marks no validation rows: training rows are lent to it
    # column -> the values in it read as missing
    markers: dict[str, list[str]] = dataclasses.field(default_factory=dict)


def _analyse(source: Any, data_cfg: DataConfig) -> tuple[Any, DataFacts]:
    """The analysis of ``source`` with ``data_cfg``, and the facts the Data page shows beside it."""
    from workbench.core.data.analysis import analyse

    analysis = analyse(source, data_cfg)
    if analysis.error or analysis.kind != "table":
        return analysis, DataFacts()
    from workbench.core.data import markers, splits

    df = source.df
    wanted = markers.normalise(data_cfg.missing_values)
    found = {col: markers.find(df[col], wanted)[1] for col in analysis.missing}
    if not analysis.split_column:
        return analysis, DataFacts(markers=found)
    codes = splits.assign(df[analysis.split_column])
    (train, val, test), _how = splits.split_rows(len(codes), data_cfg, codes=codes)
    lends = not bool((codes == splits.VAL).any()) and len(val) > 0
    return analysis, DataFacts((len(train), len(val), len(test)), lends, found)


class Session(QObject):
    """The run config being edited and the data file it trains on."""

    sig_config_changed = Signal(str, object)  # section ("" = all), the widget that changed it or None
    sig_load_started = Signal(str)            # path
    sig_preview = Signal(object, object)      # first rows (LoadedTable/LoadedText), guessed roles
    sig_loaded = Signal(object)               # the whole file, now ``source``
    sig_load_failed = Signal(str, str)        # path, plain-language message
    sig_analysis = Signal(object)             # Analysis of ``source`` with the current data config

    def __init__(self, background: Background, parent: QObject | None = None,
                 timing: LoadTiming = LoadTiming()) -> None:
        super().__init__(parent)
        self._bg = background
        self._parse_threads = timing.parse_threads
        self._fit_delay_ms = timing.fit_delay_ms
        self._fit_round = 0  # counts the fits started: only the newest is sent and applied
        self.cfg = RunConfig()
        self._problems: list[Problem] = validate(self.cfg)
        # Connected before any page connects, so a page that reads ``problems()`` on this signal
        # gets the new config's: one validation per change, however many pages ask.
        self.sig_config_changed.connect(self._revalidate)
        self.source: Any = None
        self.analysis: Any = None
        self.facts = DataFacts()  # goes with ``analysis``
        self.fitting = FitState()
        self.loading_path = ""
        self._loading_encoding = "auto"
        self._pending_data: DataConfig | None = None
        self._analysis_timer = QTimer(self)
        self._analysis_timer.setSingleShot(True)
        self._analysis_timer.setInterval(timing.analysis_delay_ms)
        self._full_load_timer = QTimer(self)
        self._full_load_timer.setSingleShot(True)
        self._full_load_timer.setInterval(timing.preview_paint_ms)
        self._full_load_timer.timeout.connect(self._load_whole_file)
        self._analysis_timer.timeout.connect(self._on_analysis_timer_timeout)

    # ------------------------------------------------------------------ config
    def config(self) -> RunConfig:
        """A copy of the config, safe to hand to a worker thread."""
        return copy.deepcopy(self.cfg)

    def problems(self) -> list[Problem]:
        """What ``validate`` finds wrong with the config (worked out once per change)."""
        return list(self._problems)

    def _revalidate(self, _section: str, _origin: object) -> None:
        self._problems = validate(self.cfg)

    def set_config(self, cfg: RunConfig, origin: object = None) -> None:
        """Replace the whole config (a saved setup, an example, a run: no fitting changes it)."""
        self.fitting.end()
        self.cfg = copy.deepcopy(cfg)
        self.sig_config_changed.emit("", origin)
        self._schedule_analysis()

    def update(self, section: str, value: Any, origin: object = None) -> None:
        """Replace one section ("data", "model", "optim", "train") or the run ``name``."""
        if getattr(self.cfg, section) == value:
            return
        self.fitting.note_edit(section, getattr(self.cfg, section), value)
        setattr(self.cfg, section, copy.deepcopy(value))
        self.sig_config_changed.emit(section, origin)
        if section == "data":
            self._schedule_analysis()

    def update_data(self, origin: object = None, **changes: Any) -> None:
        """Change some fields of the data section."""
        self.update("data", dataclasses.replace(self.cfg.data, **changes), origin)

    def choose_target(self, column: str, origin: object = None) -> None:
        """Predict ``column`` ("" = the data's guess); it stops being the text column or a marked role."""
        data = self.cfg.data
        # The choice wins over a target marked in the role choosers.
        roles = {c: r for c, r in data.roles.items() if r != "target" and c != column}
        text = "" if data.text_column == column else data.text_column
        self.update_data(origin, target=column, roles=roles, text_column=text)

    def use_split_column(self, column: str, origin: object = None) -> None:
        """Split the rows by ``column``; "" splits them at random by the shares."""
        data = self.cfg.data
        roles = {c: r for c, r in data.roles.items() if c != column}  # a split column has no other role
        found = data.split_column or (self.analysis.split_column if self.analysis is not None else "")
        if not column and found:
            # A column with a role is never taken for the split on its own; "ignore" also keeps
            # it out of the inputs, where its train/test words would only mislead the model.
            roles[found] = "ignore"
        self.update_data(origin, split_column=column, roles=roles)

    def apply_fix(self, fix: dict[str, Any], origin: object = None) -> None:
        """Make the config changes a pre-flight check offers (``Check.fix``, ``{"section.key": value}``)."""
        changes: dict[str, dict[str, Any]] = {}
        for dotted, value in fix.items():
            section, key = dotted.split(".", 1)
            changes.setdefault(section, {})[key] = copy.deepcopy(value)
        data = changes.pop("data", {})
        if "target" in data:
            self.choose_target(data.pop("target"), origin)
        if "roles" in data:
            # The fix was worked out on the roles its analysis saw: merged, a choice made since stays.
            data["roles"] = {**self.cfg.data.roles, **data["roles"]}
        if data:
            self.update_data(origin, **data)
        for section, values in changes.items():
            self.update(section, dataclasses.replace(getattr(self.cfg, section), **values), origin)

    def is_applied(self, fix: dict[str, Any]) -> bool:
        """Whether the config already holds every change of ``fix`` (an empty fix never is)."""
        for dotted, value in fix.items():
            section, key = dotted.split(".", 1)
            current = getattr(getattr(self.cfg, section, None), key, None)
            if isinstance(value, dict) and isinstance(current, dict):
                if any(current.get(k) != v for k, v in value.items()):
                    return False
            elif current != value:
                return False
        return bool(fix)

    def needs_target(self) -> bool:
        """Whether the user must still say what to predict: the data leaves the target in doubt and
        no setting names one (a target in a saved setup, or marked in the table, counts as chosen)."""
        analysis, data = self.analysis, self.cfg.data
        if analysis is None or analysis.error or analysis.target_confident or not analysis.candidates:
            return False
        if data.task == "language_modeling":
            return False
        return not (data.target or "target" in data.roles.values())

    def data_blocker(self) -> str:
        """Why the loaded data cannot train with these settings, in plain words; "" when it can."""
        analysis = self.analysis
        if analysis is None:
            return translate("Session", "Wait a moment: the data is being analysed.") \
                if self.source is not None else ""
        if analysis.error:
            return core_text(str(analysis.error))
        refused = next((c.message for c in analysis.warnings if c.level == "error"), "")
        if refused:
            return core_text(str(refused))
        if self.needs_target():
            return translate("Session", "Choose what the model should predict (Data page).")
        return translate("FitState", FITTING_TEXT) if self.fitting.running else ""

    def fit_note(self) -> str:
        """What the fit chose for this file, or that it is on its way, in one line ("" when none)."""
        return self.fitting.note

    # ------------------------------------------------------------------ data
    def open_data(self, path: str | Path, settings: DataConfig | None = None) -> None:
        """Load ``path`` in the background.

        ``settings`` is the data section to use with it (from an example or a saved setup);
        without it a new file starts from the default data settings, everything "auto".
        """
        path = str(resolved(path))  # a link loop is left for the loader to name, not raised here
        self._full_load_timer.stop()
        self.loading_path = path
        self._pending_data = copy.deepcopy(settings) if settings is not None else None
        encoding = settings.encoding if settings is not None else "auto"
        self._loading_encoding = encoding
        self.sig_load_started.emit(path)
        threads = self._parse_threads
        if Path(path).suffix.lower() in TEXT_SUFFIXES:
            self._bg.submit("load", lambda: _load_full(path, encoding, threads), self._on_full_loaded,
                            self._on_load_failed)
            return
        self._bg.submit("load", lambda: _load_preview(path, encoding), self._on_preview_loaded,
                        self._on_load_failed)

    def is_loading(self) -> bool:
        """Whether a file is being read."""
        return bool(self.loading_path)

    def is_busy(self) -> bool:
        """Whether a file is being read, the data analysed (or about to be) or settings fitted."""
        return (self.is_loading() or self._analysis_timer.isActive() or self.fitting.running
                or self._bg.is_busy("load") or self._bg.is_busy("analysis"))

    def _on_preview_loaded(self, result: tuple[Any, dict[str, str]]) -> None:
        source, inferred = result
        self.sig_preview.emit(source, inferred)
        # The encoding asked for, not the one the preview found: only the whole file shows whether a
        # UTF-8 head is followed by a byte that is not (or whether the file was replaced meanwhile),
        # and only an "auto" read notes which encoding it chose.
        self._full_load_timer.start()

    def _load_whole_file(self) -> None:
        path, encoding, threads = self.loading_path, self._loading_encoding, self._parse_threads
        if path:
            self._bg.submit("load", lambda: _load_full(path, encoding, threads), self._on_full_loaded,
                            self._on_load_failed)

    def _on_full_loaded(self, source: Any) -> None:
        path, self.loading_path = self.loading_path, ""
        self.source = source
        self.analysis, self.facts = None, DataFacts()
        self.sig_loaded.emit(source)
        if self._pending_data is None:  # a new file: a clean setup until its fit lands
            self.cfg = self.fitting.begin(self.cfg, Path(path).stem, path)
        else:
            self.cfg.data = self._pending_data
            self.cfg.data.path = path
        self._pending_data = None
        self.sig_config_changed.emit("", None)
        self._schedule_analysis()  # a moment later (LoadTiming): the table takes the whole file first

    def _on_load_failed(self, exc: BaseException) -> None:
        path, self.loading_path = self.loading_path, ""
        self._pending_data = None
        self.sig_load_failed.emit(path, core_text(error_text(exc)))

    # ------------------------------------------------------------------ analysis
    def _schedule_analysis(self, now: bool = False) -> None:
        if self.source is None or self.loading_path:  # a file on its way is analysed when it lands
            return
        if now:
            self._analysis_timer.stop()
            self._on_analysis_timer_timeout()
        else:
            self._analysis_timer.start()

    def _on_analysis_timer_timeout(self) -> None:
        if self.loading_path:
            return
        source, data_cfg = self.source, copy.deepcopy(self.cfg.data)
        self._bg.submit("analysis", lambda: _analyse(source, data_cfg), self._on_analysis_done,
                        self._on_analysis_failed)

    def _on_analysis_done(self, result: tuple[Any, DataFacts]) -> None:
        self.analysis, self.facts = result
        # Only on the analysis of the settings as they are (none waits), before the pages hear of
        # it: Train says "fitting" from the start.
        if not self._analysis_timer.isActive() and self.fitting.wants_fit(self.analysis):
            self._start_fit()
        self.sig_analysis.emit(self.analysis)

    def _on_analysis_failed(self, exc: BaseException) -> None:
        from workbench.core.data.analysis import Analysis

        kind = "text" if Path(self.cfg.data.path).suffix.lower() in TEXT_SUFFIXES else "table"
        self._on_analysis_done((Analysis(kind=kind, error=error_text(exc)), DataFacts()))

    # ------------------------------------------------------------------ fitted settings
    def _start_fit(self) -> None:
        source, analysis, base = self.source, self.analysis, self.config()
        keep = self.fitting.started(analysis)
        self._fit_round += 1
        round_ = self._fit_round

        def submit() -> None:
            # Only the newest fit is sent and heard: a setup opened meanwhile ends fitting, and a
            # newer analysis (another target) started a fit of its own.
            if self.fitting.running and round_ == self._fit_round:
                self._bg.submit("fit", lambda: _fit(source, base, keep, analysis), landed,
                                self._on_fit_failed, engine=True)

        def landed(fitted: Any) -> None:
            if round_ == self._fit_round:
                self._on_fit_done(fitted)

        # Once the pages have shown the analysis (see the scheduling policy); Train says "fitting"
        # from now on.
        QTimer.singleShot(self._fit_delay_ms, self, submit)

    def _on_fit_done(self, fitted: Any) -> None:
        # A newer fit drops this one's outcome (one job key); a file opened since, or a setup, ends it.
        if not self.fitting.running:
            return
        self.cfg = self.fitting.landed(fitted, self.cfg)
        self.sig_config_changed.emit("", None)
        self._schedule_analysis()

    def _on_fit_failed(self, exc: BaseException) -> None:
        if not self.fitting.running:
            return
        self.fitting.failed(error_text(exc))
        self.sig_config_changed.emit("", None)  # the config is as it was: its pages show the note
