"""*File → Export model…* and the TensorBoard checkbox of the Train settings, used as a person would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QMenu

from workbench.core import config as C
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.shell.model_export import open_export_dialog
from workbench.ui.widgets.export_dialog import ExportModelDialog

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"


def file_menu(window: MainWindow) -> QMenu:
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu) and menu.title() == "&File"
    return menu


def export_action(window: MainWindow) -> QAction:
    menu = file_menu(window)
    menu.aboutToShow.emit()  # what opening the menu does
    action = window.findChild(QAction, "export-model")
    assert action is not None and action in menu.actions()
    return action


def finished_run(tmp_path: Path) -> Path:
    from workbench.core.pipeline import start_run

    cfg = C.from_dict({"name": "iris", "data": {"path": str(DATASETS / "iris.csv"), "target": "species"},
                       "model": {"kind": "ft_transformer", "d_model": 16, "n_layers": 1, "n_heads": 2},
                       "train": {"device": "cpu", "max_steps": 4, "eval_interval": 2, "batch_size": 16,
                                 "num_threads": 1, "baseline": False}})
    trainer = start_run(cfg, tmp_path / "finished")
    trainer.fit()
    return trainer.run_dir.path


def test_export_model_writes_a_checked_file(window: MainWindow, qtbot: Any, tmp_path: Path,
                                            dialogs: list) -> None:
    assert not export_action(window).isEnabled()  # nothing to export yet
    run_dir = finished_run(tmp_path)
    window.open_run(run_dir)
    qtbot.waitUntil(lambda: window.results_page.summary.get("status") == "completed", timeout=10000)
    assert export_action(window).isEnabled()
    dialog = open_export_dialog(window)
    assert dialog is not None and dialog.isVisible()
    dialog.radios["torchscript"].setChecked(True)
    assert dialog.path.text() == str(run_dir / "model.pt")  # the suffix follows the format
    dialog.path.setText(str(tmp_path / "iris.pt"))
    dialog.export_button.click()
    assert dialog.busy()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=60000)
    assert (tmp_path / "iris.pt").is_file() and (tmp_path / "iris.export.json").is_file()
    assert "parity: the file matches PyTorch within" in dialog.result_text()
    assert window.statusBar().currentMessage().startswith("wrote ")
    assert not dialogs
    dialog.close()


def test_a_failed_export_says_why_in_the_dialog(qtbot: Any, tmp_path: Path, background: Any) -> None:
    dialog = ExportModelDialog(tmp_path / "not-a-run", background)
    qtbot.addWidget(dialog)
    dialog.radios["torchscript"].setChecked(True)
    dialog.export()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=30000)
    assert dialog.result_text().startswith("Not exported: ")
    assert "not-a-run" in dialog.result_text()


def test_without_onnx_the_dialog_says_how_to_get_it(qtbot: Any, tmp_path: Path, background: Any) -> None:
    dialog = ExportModelDialog(tmp_path, background, missing_onnx=["onnx", "onnxscript"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.radios["onnx"].isEnabled() and dialog.fmt() == "torchscript"
    note = dialog.missing_label
    assert note.isVisible() and "onnxscript" in note.text()
    assert 'pip install "workbench[export]"' in note.text()


def test_the_train_settings_turn_tensorboard_logs_on(window: MainWindow, qtbot: Any) -> None:
    box = window.train_page.log_form.editor("tensorboard")
    assert isinstance(box, QCheckBox) and not box.isChecked()
    box.click()
    assert window.session.cfg.log.tensorboard is True
    cfg = window.session.config()
    assert C.from_dict(C.to_dict(cfg)).log.tensorboard is True  # what Save setup writes
