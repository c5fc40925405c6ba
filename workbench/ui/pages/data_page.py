"""Step 1, Data: the file's preview (table or text) and what the model should learn from it.

Above the preview: what the model will predict (asked, when the data leaves it in doubt) and the
pre-flight findings, each with its one-click fix; beside it, the settings panel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.data.checks import Check
from workbench.core.examples import list_examples
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
from workbench.ui.pages.data_settings import DataSettingsPanel
from workbench.ui.pages.session import Session
from workbench.ui.widgets.check_list import CheckList
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.role_bar import role_name
from workbench.ui.widgets.table_model import DataTable
from workbench.ui.widgets.target_question import TargetQuestion

if TYPE_CHECKING:  # loading imports pandas: kept off the first window's path (imported when a file is)
    from workbench.core.data.analysis import Analysis
    from workbench.core.data.loading import LoadedTable, LoadedText

TEXT_PREVIEW_CHARS = 20_000
MAX_COLUMNS_TO_STRETCH = 4
_DELIMITERS = {",": QT_TRANSLATE_NOOP("DataPage", "comma-separated"),
               "\t": QT_TRANSLATE_NOOP("DataPage", "tab-separated"),
               ";": QT_TRANSLATE_NOOP("DataPage", "semicolon-separated"),
               "|": QT_TRANSLATE_NOOP("DataPage", "pipe-separated")}
# Why a column got its role, in one word (longer reasons are core messages: ``core_text``).
_REASONS = {"numbers": QT_TRANSLATE_NOOP("DataPage", "numbers"),
            "empty": QT_TRANSLATE_NOOP("DataPage", "empty"), "dates": QT_TRANSLATE_NOOP("DataPage", "dates")}
# Findings the page shows otherwise: the target question asks instead.
_ASKED = ("target_not_confident",)
# Findings about a column left out of the inputs: they say it better than the reading notes.
_LEFT_OUT = ("identifier", "split_column")
# Findings judged against the target: while it is being asked for, they are about a mere guess.
_ABOUT_THE_TARGET = ("leak", "duplicates", "rare_classes")
_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": QT_TRANSLATE_NOOP("DataPage", "UTF-8 (with BOM)"),
              "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE",
              "utf-16-be": "UTF-16 BE", "gb18030": "GB18030", "latin-1": "Latin-1"}


def describe_source(source: LoadedTable | LoadedText) -> str:
    """One line about a loaded file: name, size, encoding and delimiter."""
    from workbench.core.data.loading import LoadedTable  # loaded already: the source came from it

    encoding = translate("DataPage", _ENCODINGS.get(source.encoding, source.encoding))
    if isinstance(source, LoadedTable):
        rows, cols = source.df.shape
        delimiter = (translate("DataPage", _DELIMITERS[source.delimiter]) if source.delimiter in _DELIMITERS
                     else translate("DataPage", "'{delimiter}'-separated").format(delimiter=source.delimiter))
        return translate("DataPage", "{name}  ·  {rows} rows × {columns} columns  ·  {encoding}  ·  "
                         "{delimiter}").format(name=source.path.name, rows=f"{rows:,}", columns=f"{cols:,}",
                                               encoding=encoding, delimiter=delimiter)
    text = source.text
    return translate("DataPage", "{name}  ·  {chars} characters  ·  {words} words  ·  {lines} lines  ·  "
                     "{encoding}").format(name=source.path.name, chars=f"{len(text):,}",
                                          words=f"{len(text.split()):,}",
                                          lines=f"{text.count(chr(10)) + 1:,}", encoding=encoding)


def _reason(reason: str) -> str:
    """Why a column got its role, in the interface's language."""
    return translate("DataPage", _REASONS[reason]) if reason in _REASONS else core_text(reason)


class _EmptyState(QWidget):
    """What the page shows before any file: how to get one in."""

    def __init__(self, page: DataPage) -> None:
        super().__init__(page)
        title = QLabel(translate("DataPage", "Start with some data"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.hint = QLabel(translate("DataPage", "Drop a CSV or plain-text (.txt) file anywhere on this "
                                     "window, open one, or try a bundled example:"))
        open_button = QPushButton(translate("DataPage", "Open a data file…"))
        open_button.clicked.connect(page.sig_open_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (title, self.hint):
            # The page's full width, centred text: aligned in the layout instead, a wrapped label
            # got its one-line width's height and lost its second line.
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        for example in list_examples():
            button = QPushButton(core_text(example.title))
            button.setFlat(True)
            button.setToolTip(core_text(example.description))
            button.clicked.connect(lambda *_a, n=example.name: page.sig_example_requested.emit(n))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class DataPage(QWidget):
    """Preview of the loaded file with role choosers, and the task, target and split settings."""

    sig_open_requested = Signal()
    sig_example_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._open_button = QPushButton(translate("DataPage", "Open data file…"))
        self._open_button.clicked.connect(self.sig_open_requested)
        self.info = plain_label(translate("DataPage", "No data loaded"))
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.info.font()
        font.setBold(True)
        self.info.setFont(font)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setFormat(translate("DataPage", "Loading…"))
        self.busy.setTextVisible(True)
        self.busy.hide()
        self.file_notes = plain_label()
        self.file_notes.setWordWrap(True)
        self.file_notes.hide()
        top = QHBoxLayout()
        top.addWidget(self._open_button)
        top.addWidget(self.info, 1)
        top.addWidget(self.busy)
        self.question = TargetQuestion()
        self.question.hide()
        self.question.sig_target_chosen.connect(self._on_question_target_chosen)
        self.checks = CheckList()
        self.checks.sig_fix_requested.connect(self._on_checks_fix_requested)

        self.table = DataTable()
        self.table.sig_roles_changed.connect(self._on_table_roles_changed)
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setFont(QFont("monospace"))
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.stack = QStackedWidget()
        self._empty = _EmptyState(self)
        for widget in (self._empty, self.table, self.text_view):
            self.stack.addWidget(widget)
        self.settings = DataSettingsPanel(session)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.settings)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([860, 380])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.file_notes)
        layout.addWidget(self.question)
        layout.addWidget(self.checks)
        layout.addWidget(splitter, 1)
        self._shown_roles: dict[str, str] = {}
        self._guessed: tuple[list[str], dict[str, str]] = ([], {})
        session.sig_load_started.connect(self._on_session_load_started)
        session.sig_preview.connect(self._on_session_preview)
        session.sig_loaded.connect(self._on_session_loaded)
        session.sig_load_failed.connect(self._on_session_load_failed)
        session.sig_analysis.connect(self._on_session_analysis)
        session.sig_config_changed.connect(self._on_session_config_changed)

    # ------------------------------------------------------------------ showing data
    def show_source(self, source: LoadedTable | LoadedText | None,
                    roles: dict[str, str] | None = None) -> None:
        """Show ``source`` (None: the empty state) with ``roles`` in the choosers."""
        if source is None:
            self.stack.setCurrentWidget(self._empty)
            set_plain_text(self.info, translate("DataPage", "No data loaded"))
            self.file_notes.hide()
            return
        from workbench.core.data.loading import LoadedTable  # loaded already: the source came from it

        set_plain_text(self.info, describe_source(source))
        self.info.setToolTip(plain_text(source.path))
        self._show_notes(source)
        if isinstance(source, LoadedTable):
            if self.table.model.frame() is not source.df:
                self.table.set_frame(source.df, roles or {})
                self._guessed = (self.table.model.column_names(), dict(roles or {}))
                self._stretch_text_column()
            self._set_shown_roles(roles or {})
            self.stack.setCurrentWidget(self.table)
        else:
            text = source.text
            more = len(text) > TEXT_PREVIEW_CHARS
            self.text_view.setPlainText(text[:TEXT_PREVIEW_CHARS] + ("\n…" if more else ""))
            self.stack.setCurrentWidget(self.text_view)

    def _show_notes(self, source: LoadedTable | LoadedText, analysis: Analysis | None = None) -> None:
        """What reading the file noted, then what resolving its columns did (a value treated as
        missing, rows without a target). The task line is in the settings panel's summary, the
        target above the table, and a column left out in the findings."""
        left_out = tuple(f"Column '{c.column}' " for c in analysis.warnings if c.code in _LEFT_OUT) \
            if analysis is not None else ()
        notes = list(source.notes) + [n for n in (analysis.notes if analysis is not None else [])
                                      if not n.startswith(("Task:", "Target:", *left_out))]
        set_plain_text(self.file_notes, "  ·  ".join(core_text(n) for n in notes))
        self.file_notes.setVisible(bool(notes))

    def _stretch_text_column(self) -> None:
        """In a narrow table (a text and a label, say) the widest column takes the spare width."""
        header = self.table.view.horizontalHeader()
        count = header.count()
        for col in range(count):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        if 0 < count <= MAX_COLUMNS_TO_STRETCH:
            widest = max(range(count), key=header.sectionSize)
            header.setSectionResizeMode(widest, QHeaderView.ResizeMode.Stretch)

    def _set_shown_roles(self, roles: dict[str, str]) -> None:
        self._shown_roles = dict(roles)
        self.table.role_bar.set_roles(roles)

    def _show_findings(self) -> None:
        """The target (asked for, or named with why) and the pre-flight findings not yet fixed."""
        session, analysis = self.session, self.session.analysis
        if analysis is None or session.is_loading():
            self.question.hide()
            self.checks.set_checks([])
            return
        data = session.cfg.data
        chosen = data.target or next((c for c, r in data.roles.items() if r == "target"), "")
        target = chosen or analysis.target
        predicts = analysis.kind == "table" and analysis.task != "language_modeling"
        if predicts and (target or analysis.candidates):
            self.question.set_target(analysis.candidates, target, asking=session.needs_target(),
                                     chosen=bool(chosen))
        self.question.setVisible(predicts and bool(target or analysis.candidates))
        hidden = _ASKED + _LEFT_OUT + (_ABOUT_THE_TARGET if session.needs_target() else ())
        checks = [c for c in analysis.warnings
                  if c.code not in hidden and not (c.fix and session.is_applied(c.fix))]
        if analysis.error and not any(c.level == "error" for c in analysis.warnings):
            checks.insert(0, Check("data", "", analysis.error, "error"))
        left_out = [c.column for c in analysis.warnings if c.code in _LEFT_OUT]
        if left_out:  # one line for them all: each is a note, not something to act on
            said = translate("DataPage", "; ").join(
                translate("DataPage", "'{column}' ({reason})").format(
                    column=col, reason=_reason(analysis.reasons[col]) if col in analysis.reasons
                    else translate("DataPage", "left out")) for col in left_out)
            checks.append(Check("left_out", "", translate(
                "DataPage", "Not used as inputs: {columns}. To use one, give it a role in the table's "
                "chooser.").format(columns=said), "note"))
        if session.fit_note() and not analysis.error:  # a new file's fitted settings, or "fitting…"
            checks.append(Check("fitted", "", session.fit_note(), "note"))
        self.checks.set_checks(checks)

    def _show_reasons(self, analysis: Analysis) -> None:
        """Each role chooser says, on hover, why its column got the role it was guessed."""
        for column, reason in analysis.reasons.items():  # a column the preview lacks is skipped
            guessed = analysis.inferred.get(column, "")
            self.table.role_bar.set_tooltip(column, translate(
                "DataPage", "How the model uses the column “{column}”. Guessed: {role} ({reason}).").format(
                    column=column, role=role_name(guessed), reason=_reason(reason)))

    # ------------------------------------------------------------------ session signals
    def _on_session_load_started(self, path: str) -> None:
        self.busy.show()
        set_plain_text(self.info, translate("DataPage", "Loading {name}…").format(name=Path(path).name))
        self._show_findings()  # hidden: they were about the file before

    def _on_session_preview(self, source: LoadedTable | LoadedText, inferred: dict[str, str]) -> None:
        self.show_source(source, inferred)
        set_plain_text(self.info, translate("DataPage", "{source}  (first rows; reading the rest…)").format(
            source=describe_source(source)))

    def _on_session_loaded(self, source: LoadedTable | LoadedText) -> None:
        self.busy.hide()
        self.show_source(source, self._shown_roles or None)

    def _on_session_load_failed(self, _path: str, _message: str) -> None:
        self.busy.hide()
        analysis = self.session.analysis
        self.show_source(self.session.source, analysis.roles if analysis is not None else None)
        if self.session.source is not None:
            self._show_notes(self.session.source, analysis)
        self._show_findings()

    def _on_session_analysis(self, analysis: Analysis) -> None:
        if self.session.source is not None:
            self._show_notes(self.session.source, analysis)
        if analysis.kind == "table" and self.session.source is not None:
            key = (self.table.model.column_names(), analysis.inferred)
            if key != self._guessed:  # rebuilding the choosers on every edit would flicker
                self._guessed = key
                self.table.role_bar.set_columns(*key)
            self._set_shown_roles(analysis.roles)
            self._show_reasons(analysis)
        self._show_findings()

    def _on_session_config_changed(self, section: str, _origin: object) -> None:
        if section in ("", "data"):
            self._show_findings()  # a choice or a fix shows at once, before the analysis catches up

    # ------------------------------------------------------------------ user edits
    def _on_question_target_chosen(self, column: str) -> None:
        self.session.choose_target(column, self)

    def _on_checks_fix_requested(self, check: Check) -> None:
        self.session.apply_fix(check.fix, self)

    def _on_table_roles_changed(self, roles: dict[str, str]) -> None:
        changed = {c: r for c, r in roles.items() if self._shown_roles.get(c) != r}
        self._shown_roles = dict(roles)
        if not changed:
            return
        data = self.session.cfg.data
        overrides = dict(data.roles)
        target, text_column = data.target, data.text_column
        analysis = self.session.analysis
        current_target = target or (analysis.target if analysis is not None else "")
        for column, role in changed.items():
            if role == "target":
                # One target: the column chosen here; the old one falls back to its guessed role.
                target = column
                overrides = {c: r for c, r in overrides.items() if r != "target" and c != column}
                continue
            overrides[column] = role
            if column == current_target:
                target = ""
            if column == text_column and role != "text":
                text_column = ""
        self.session.update_data(self, target=target, text_column=text_column, roles=overrides)
