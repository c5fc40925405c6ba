"""The thread policy: the choice from work and load, the override, and what a run ends up using."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from workbench.core import threads
from workbench.core.device import configure_threads
from workbench.core.threads import FLOPS_PER_THREAD, Machine, ThreadGovernor, choose_threads

SMALL, LARGE = 1e5, 1e12  # an iris-sized step; far more than any core count needs


@pytest.fixture(autouse=True)
def _restore() -> object:
    """Every test leaves torch's thread count and the process-wide policy as it found them."""
    before, policy = torch.get_num_threads(), threads.policy()
    yield
    torch.set_num_threads(before)
    threads.set_policy(*policy)


@pytest.mark.parametrize(("flops", "machine", "window", "expected"), [
    (SMALL, Machine(2), False, 1),             # small models: one thread, even on an idle machine
    (SMALL, Machine(64), False, 1),
    (LARGE, Machine(2), False, 2),             # large ones: every core of an idle machine...
    (LARGE, Machine(2), True, 1),              # ...but the window's
    (LARGE, Machine(2, busy=1.0), False, 1),   # never a core another process keeps busy
    (LARGE, Machine(16, busy=1.0), False, 15),
    (LARGE, Machine(16, busy=1.0), True, 14),
    (LARGE, Machine(16, busy=3.6), False, 12),
    (LARGE, Machine(2, busy=0.2), False, 2),   # a flicker of load is no busy core
    (LARGE, Machine(2, busy=0.4), False, 1),
    (LARGE, Machine(4, busy=9.0), False, 1),   # overloaded: still one thread
    (3.5 * FLOPS_PER_THREAD, Machine(16), False, 3),  # each further thread needs its share of work
    (None, Machine(8, busy=2.0), False, 6),    # work not known yet: the free cores
    (None, Machine(8), True, 7),
])
def test_choice_from_work_and_machine(flops: float | None, machine: Machine, window: bool,
                                      expected: int) -> None:
    assert choose_threads(flops, machine, leave_one_free=window) == expected
    assert choose_threads(flops, machine, leave_one_free=window) == expected  # same description, same answer


def test_sampled_machine_describes_this_one() -> None:
    machine = threads.sample_machine(0.05)
    assert machine.cores >= 1
    assert 0.0 <= machine.busy <= machine.cores
    assert 1 <= machine.free <= machine.cores


def test_a_requested_count_overrides_the_choice() -> None:
    assert configure_threads(2, leave_one_free=False, flops_per_step=SMALL) == 2
    assert torch.get_num_threads() == 2
    assert threads.use_threads(SMALL, Machine(64)) == 2  # the recorded request wins over the work
    threads.set_policy(0, leave_one_free=False)
    assert threads.use_threads(SMALL, Machine(64)) == 1
    assert torch.get_num_threads() == 1


def test_counted_work_grows_with_the_batch() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(10, 20), torch.nn.ReLU(), torch.nn.Linear(20, 3))
    model.train()
    one = threads.forward_flops(model, torch.zeros(1, 10))
    assert one == 2 * (10 * 20 + 20 * 3)
    assert threads.forward_flops(model, torch.zeros(8, 10)) == 8 * one
    assert model.training  # the mode is kept


def _trial(single_s: float, many_s: float) -> ThreadGovernor:
    governor = ThreadGovernor()
    governor.trial = [1, 2]
    for duration in [single_s] * threads.TRIAL_STEPS + [many_s] * threads.TRIAL_STEPS:
        governor._time_trial(duration)
    return governor


def test_a_trial_keeps_more_threads_only_when_they_clearly_pay() -> None:
    faster = _trial(single_s=0.010, many_s=0.006)
    assert (faster.ceiling, faster.threads, torch.get_num_threads()) == (2, 2, 2)
    barely = _trial(single_s=0.010, many_s=0.0099)
    assert (barely.ceiling, barely.threads, torch.get_num_threads()) == (1, 1, 1)


def test_an_automatic_run_of_a_small_model_trains_on_one_thread(tmp_path: Path) -> None:
    from workbench.core import config as C
    from workbench.core.pipeline import start_run

    torch.set_num_threads(2)
    configure_threads(0, leave_one_free=False)
    csv = tmp_path / "t.csv"
    rows = "".join(f"{i % 7},{i % 3},{'xy'[i % 2]}\n" for i in range(80))
    csv.write_text("a,b,y\n" + rows, encoding="utf-8")
    cfg = C.from_dict({"data": {"path": str(csv), "target": "y"}, "model": {"kind": "mlp", "hidden": [8]},
                       "train": {"max_steps": 3, "device": "cpu", "batch_size": 8, "num_threads": 0}})
    start_run(cfg, tmp_path / "runs").fit()
    assert torch.get_num_threads() == 1
