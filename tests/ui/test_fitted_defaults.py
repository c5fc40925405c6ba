"""A user's own file gets settings fitted to it in the window; a saved setup, an example or a run
keeps its own.

Opened as a user does, after an example whose settings must not leak into it: the fit runs in the
background once the file's analysis is in, Train waits for it, the forms show what it chose and a
note on the Data page says so. Each fit times a few steps of its model, so only what holds on any
machine is checked (not the cadence it picks).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from window_steps import open_example
from workbench.core import config as C
from workbench.core.examples import find_example
from workbench.ui.pages import session as session_module
from workbench.ui.pages.fitting import FITTING_TEXT
from workbench.ui.shell.main_window import MainWindow

TABLES = Path(__file__).resolve().parents[1] / "data" / "tables"
FITTED = "Settings fitted to this file: "

pytestmark = pytest.mark.usefixtures("one_thread")


def settled(window: MainWindow, qtbot: Any) -> None:
    """Wait until the file is in, analysed, and its settings fitted (when it gets them)."""
    qtbot.waitUntil(lambda: window.session.analysis is not None and not window.session.is_busy(),
                    timeout=30000)


def fit_note(window: MainWindow) -> str:
    """The note the Data page shows about fitted settings ("" when it shows none)."""
    return next((c.message for c in window.data_page.checks.checks() if c.code == "fitted"), "")


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    """Reviews of 1 to 200 words, one of each length: 95 % of them have at most 190 words."""
    words = ["a", "fine", "film", "with", "a", "moving", "story", "and", "a", "dull", "end"]
    texts = [" ".join(words[i % len(words)] for i in range(n)) for n in range(1, 201)]
    path = tmp_path / "my_reviews.csv"
    pd.DataFrame({"review": texts, "label": ["pos", "neg"] * 100}).to_csv(path, index=False)
    return path


def test_a_table_after_the_movie_reviews_example_gets_a_table_model(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "movie-reviews")
    settled(window, qtbot)
    example = window.session.config()
    assert (example.model.kind, example.optim.warmup_steps) == ("transformer", 50)
    assert (example.data.max_length, example.data.min_freq) == (48, 2)
    window.open_path(TABLES / "Carseats.csv")  # 400 shops' sales: a regression
    settled(window, qtbot)
    cfg = window.session.cfg
    assert cfg.name == "Carseats" and window.session.analysis.task == "regression"
    assert cfg.model.kind == "mlp" and cfg.model.hidden == [64, 32]
    assert cfg.optim.warmup_steps == 0 and cfg.optim.lr == 0.003
    # Nothing of the example's text settings is left: they are the defaults, unused by a table.
    defaults = C.DataConfig()
    assert (cfg.data.max_length, cfg.data.min_freq) == (defaults.max_length, defaults.min_freq)
    assert (cfg.data.val_fraction, cfg.data.test_fraction) == (0.2, 0.2)  # 400 rows: bigger held-out shares
    assert cfg.train.epochs != example.train.epochs and cfg.train.eval_interval > 0
    # What to learn stays the Data page's guess, shown as a guess.
    assert (cfg.data.task, cfg.data.target) == ("auto", "")
    assert window.data_page.question.line.text().startswith("Predicting 'Sales':")
    # The forms show it, and a note says what was chosen.
    assert window.model_page.forms["model"].get_values().kind == "mlp"
    assert window.model_page.forms["optim"].editor("warmup_steps").value() == 0
    assert window.train_page.form.get_values().epochs == cfg.train.epochs
    note = fit_note(window)
    assert note.startswith(FITTED + "a small MLP (64 and 32 units)") and f"{cfg.train.epochs} epochs" in note
    assert "no warm-up" in note
    assert window.action_map["train"].isEnabled(), window.train_blocker()


def test_a_text_csv_after_an_example_gets_its_max_length_from_the_data(window: MainWindow, qtbot: Any,
                                                                        reviews: Path) -> None:
    open_example(window, qtbot, "movie-reviews")  # max_length 48
    settled(window, qtbot)
    window.open_path(reviews)
    settled(window, qtbot)
    cfg = window.session.cfg
    assert window.session.analysis.task == "text_classification"
    # the default text model, a bag of n-grams: 198 words cover 99 %, rounded up to a multiple of 8
    assert cfg.model.kind == "bag" and cfg.data.max_length == 200
    assert window.data_page.settings.form.editor("max_length").value() == 200
    assert cfg.optim.warmup_steps < 50 and cfg.name == "my_reviews"
    assert "max length 200 tokens (covers 100% of the texts in 'review')" in fit_note(window)


def test_a_saved_setup_an_example_and_a_run_keep_their_own_settings(window: MainWindow, qtbot: Any,
                                                                     tmp_path: Path) -> None:
    from workbench.core.pipeline import start_run

    cfg = C.RunConfig(name="mine")
    cfg.data.path, cfg.data.target = str(TABLES / "Carseats.csv"), "Sales"
    cfg.model.kind, cfg.optim.lr, cfg.optim.warmup_steps, cfg.train.epochs = "mlp", 0.0042, 7, 2
    cfg.train.num_threads = 1
    C.save(cfg, tmp_path / "setup.toml")
    saved = C.load(tmp_path / "setup.toml")
    window.open_path(tmp_path / "setup.toml")
    settled(window, qtbot)
    assert window.session.config() == saved
    assert fit_note(window) == "" and not window.background.is_busy("fit")

    open_example(window, qtbot, "iris")
    settled(window, qtbot)
    example = C.load(find_example("iris").path)
    assert window.session.config() == example
    assert fit_note(window) == "" and not window.background.is_busy("fit")

    run = start_run(saved, tmp_path / "runs")
    run.fit()
    window.open_run(run.run_dir.path)
    qtbot.waitUntil(lambda: window.session.cfg.name == "mine", timeout=10000)
    settled(window, qtbot)
    assert window.session.config() == saved
    assert fit_note(window) == "" and not window.background.is_busy("fit")


def test_a_setting_changed_by_hand_survives_the_refit_a_new_target_brings(window: MainWindow,
                                                                           qtbot: Any) -> None:
    window.open_path(TABLES / "TitanicSurvival.csv")  # 'survived' is plain: classification
    settled(window, qtbot)
    session = window.session
    assert session.analysis.task == "tabular_classification"
    epochs, note = session.cfg.train.epochs, fit_note(window)
    window.model_page.forms["optim"].editor("lr").setValue(0.0042)  # typed on the Model page
    assert session.cfg.optim.lr == 0.0042

    settings = window.data_page.settings
    settings.target.setCurrentIndex(settings.target.findData("age"))  # a number: regression
    settled(window, qtbot)
    assert session.analysis.task == "regression" and session.cfg.data.target == "age"
    # Refitted for the new target: fewer rows have an age, so an epoch is shorter and there are more.
    assert session.cfg.train.epochs > epochs and fit_note(window) != note
    assert f"{session.cfg.train.epochs} epochs" in fit_note(window)
    assert session.cfg.optim.lr == 0.0042  # the user's, kept
    assert window.model_page.forms["optim"].editor("lr").value() == pytest.approx(0.0042)
    assert window.action_map["train"].isEnabled(), window.train_blocker()


def hold_fits(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Fits wait until the returned event is set, however fast this machine fits a small table."""
    go = threading.Event()
    real_fit = session_module._fit

    def held_fit(*args: Any) -> Any:
        go.wait(30)
        return real_fit(*args)

    monkeypatch.setattr(session_module, "_fit", held_fit)
    return go


def test_train_waits_while_the_settings_are_fitted(window: MainWindow, qtbot: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    go = hold_fits(monkeypatch)
    window.open_path(TABLES / "TitanicSurvival.csv")
    qtbot.waitUntil(lambda: window.session.analysis is not None, timeout=30000)
    train = window.action_map["train"]
    assert window.session.fitting.running and not train.isEnabled()
    assert window.train_blocker() == FITTING_TEXT and window.readiness.text() == FITTING_TEXT
    assert fit_note(window) == FITTING_TEXT
    window.go_to("model")  # the window answers meanwhile
    assert window.current_page() == "model"
    go.set()
    settled(window, qtbot)
    assert train.isEnabled(), window.train_blocker()
    assert fit_note(window).startswith(FITTED)


def test_choices_made_while_the_fit_runs_are_kept(window: MainWindow, qtbot: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    go = hold_fits(monkeypatch)
    session, settings = window.session, window.data_page.settings
    window.open_path(TABLES / "TitanicSurvival.csv")
    qtbot.waitUntil(lambda: session.analysis is not None, timeout=30000)
    assert session.fitting.running  # for 'survived'
    settings.target.setCurrentIndex(settings.target.findData("age"))
    qtbot.waitUntil(lambda: session.analysis.target == "age", timeout=30000)  # and a fit for it is sent
    window.model_page.forms["optim"].editor("lr").setValue(0.0042)  # after that fit was sent
    go.set()
    settled(window, qtbot)
    cfg = session.cfg
    assert (cfg.data.target, session.analysis.task) == ("age", "regression")
    assert cfg.optim.lr == 0.0042 and cfg.model.kind == "mlp"
    assert f"{cfg.train.epochs} epochs of 23 steps" in fit_note(window)  # the rows with an age, fitted
