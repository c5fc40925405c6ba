"""*Run → Run on a cluster…*: the torchrun command that trains the saved setup on N processes per
machine and M machines (``core.distributed.cluster_commands``), shown and copied to the clipboard."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import translate

INTRO = QT_TRANSLATE_NOOP("ClusterDialog",
                          "The setup is saved to <b>{config}</b>. Run the command below from a terminal in "
                          "which Workbench is installed: each machine needs the same setup file and data "
                          "file at the same paths. Rank 0 (the first machine) writes the run folder; open "
                          "it here with <i>File → Open run folder…</i> to see its curves.")
MULTI = QT_TRANSLATE_NOOP("ClusterDialog",
                          "On each machine run its own line (its --node-rank). The rendezvous endpoint is "
                          "the first machine's address and a free port that the others can reach.")


class ClusterDialog(QDialog):
    """Processes per machine, machines and the rendezvous endpoint in; the command(s) out."""

    def __init__(self, config: str, out: str = "runs", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ClusterDialog", "Run on a cluster"))
        self.setObjectName("cluster-dialog")
        self.config, self.out = config, out
        intro = QLabel(translate("ClusterDialog", INTRO).format(config=config))
        intro.setWordWrap(True)
        self.nproc = QSpinBox(minimum=1, maximum=1024, value=2)
        self.nproc.setToolTip(translate("ClusterDialog", "Processes on each machine: usually one per GPU. "
                                                         "train.batch_size is the global batch, split across "
                                                         "all processes."))
        self.nnodes = QSpinBox(minimum=1, maximum=4096, value=1)
        self.endpoint = QLineEdit("HOST:29500")
        self.endpoint.setToolTip(translate("ClusterDialog",
                                           "host:port of the first machine, reachable from the others"))
        form = QFormLayout()
        form.addRow(translate("ClusterDialog", "Processes per machine"), self.nproc)
        form.addRow(translate("ClusterDialog", "Machines"), self.nnodes)
        form.addRow(translate("ClusterDialog", "Rendezvous endpoint"), self.endpoint)
        self.multi = QLabel(translate("ClusterDialog", MULTI))
        self.multi.setWordWrap(True)
        self.command = QPlainTextEdit(readOnly=True)
        self.command.setObjectName("cluster-command")
        self.command.setMinimumWidth(640)
        self.copy_button = QPushButton(translate("ClusterDialog", "Copy"))
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro,):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.multi)
        layout.addWidget(self.command)
        layout.addWidget(buttons)
        for box in (self.nproc, self.nnodes):
            box.valueChanged.connect(self.refresh)
        self.endpoint.textChanged.connect(self.refresh)
        self.refresh()

    def commands(self) -> list[str]:
        """The command for each machine, for the current choices."""
        from workbench.core.distributed import cluster_commands  # torch: not before the first paint

        return cluster_commands(self.config, self.nproc.value(), self.nnodes.value(),
                                self.endpoint.text().strip(), self.out)

    def refresh(self) -> None:
        """Show the commands for the current choices (and copy them)."""
        multi = self.nnodes.value() > 1
        self.endpoint.setEnabled(multi)
        self.multi.setVisible(multi)
        lines = self.commands()
        machine = translate("ClusterDialog", "# machine {number}")
        numbered = (f"{machine.format(number=i)}\n{line}" for i, line in enumerate(lines))
        text = "\n".join(numbered) if multi else lines[0]
        self.command.setPlainText(text)
        self.copy()

    def copy(self) -> None:
        """Put the shown command(s) on the clipboard."""
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.command.toPlainText())
