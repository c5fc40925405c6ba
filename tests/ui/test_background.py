"""Background jobs that need torch import it one thread at a time (core.engine)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from workbench.core import engine
from workbench.ui.widgets.background import Background


def test_an_engine_job_imports_the_engine_first_and_others_do_not(qtbot: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(engine, "load", lambda: calls.append("load"))
    bg = Background()
    results: list[str] = []
    bg.submit("plain", lambda: calls.append("plain") or "plain", results.append)
    qtbot.waitUntil(lambda: results == ["plain"])
    assert calls == ["plain"]
    bg.submit("torch", lambda: calls.append("torch") or "torch", results.append, engine=True)
    qtbot.waitUntil(lambda: results == ["plain", "torch"])
    assert calls == ["plain", "load", "torch"]
    assert bg.shutdown()


def test_concurrent_engine_loads_wait_for_the_first() -> None:
    errors: list[BaseException] = []

    def load() -> None:
        try:
            engine.load()
            import torch

            torch.zeros(2).sum()
        except Exception as exc:  # noqa: BLE001 - a half-imported module raises anything
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
