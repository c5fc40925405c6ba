"""Run folders, checkpoints, resume (issue 12): damaged files inside a run folder, changed data,
two writers at once. Each case damages a copy of one small trained iris run (``faults.run_damage``).
"""

from __future__ import annotations

from faults import Fault
from faults import run_damage as d

FAULTS = [
    Fault(
        "run-data-spec-garbage",
        "internal",
        d.predict_with(d.write("data_spec.json", b"{garbage")),
        "corrupt data_spec.json",
    ),
    Fault(
        "run-data-spec-not-utf8",
        "internal",
        d.predict_with(d.write("data_spec.json", b'{"task": "\xff\xfe"}')),
        "not UTF-8",
    ),
    Fault(
        "run-data-spec-text-in-statistics",
        "wrong",
        d.predict_with(d.spec(lambda s: s.update(num_mean=["abc"] * 4))),
        "'num_mean'",
    ),
    Fault(
        "run-data-spec-nan-statistics",
        "wrong",
        d.predict_with(d.spec(lambda s: s.update(num_std=[float("nan")] * 4))),
        "'num_std'",
    ),
    Fault(
        "run-data-spec-unknown-task",
        "internal",
        d.predict_with(d.spec(lambda s: s.update(task="rot13"))),
        "'task'",
    ),
    Fault(
        "run-data-spec-a-list",
        "internal",
        d.predict_with(d.write("data_spec.json", b"[1, 2, 3]")),
        "must be a JSON object",
    ),
    Fault(
        "run-checkpoint-float16",
        "wrong",
        d.predict_with(d.weights(d.half)),
        check=d.finite_predictions,
        status=0,
    ),
    Fault("run-checkpoint-nan", "wrong", d.predict_with(d.weights(d.nan)), "NaN or infinite"),
    Fault(
        "run-checkpoint-wrong-shape",
        "internal",
        d.predict_with(d.weights(lambda t: d.first_weight(t, lambda w: w[:-1].clone()))),
        "does not fit this model",
    ),
    Fault(
        "run-checkpoint-int-weights",
        "wrong",
        d.predict_with(d.weights(lambda t: d.first_weight(t, lambda w: w.long()))),
        "torch.int64",
    ),
    Fault(
        "run-checkpoint-truncated",
        "internal",
        d.predict_with(
            lambda run: (run / "checkpoints" / "best.safetensors").write_bytes(
                (run / "checkpoints" / "best.safetensors").read_bytes()[:300]
            )
        ),
        "best.safetensors",
    ),
    Fault(
        "run-checkpoint-missing-best",
        "loss",
        d.predict_with(lambda run: (run / "checkpoints" / "best.safetensors").unlink()),
        check=d.finite_predictions,
        status=0,
    ),
    Fault(
        "run-checkpoint-step-negative",
        "wrong",
        d.resume_with(d.meta(lambda m: m.update(step=-50))),
        "'step' (-50)",
    ),
    Fault(
        "run-checkpoint-step-1e30", "wrong", d.resume_with(d.meta(lambda m: m.update(step=1e30))), "'step'"
    ),
    Fault(
        "run-checkpoint-best-step-ahead",
        "wrong",
        d.resume_with(d.meta(lambda m: m.update(best_step=99))),
        "'best_step'",
    ),
    Fault(
        "run-checkpoint-best-value-nan",
        "wrong",
        d.resume_with(d.meta(lambda m: m.update(best_value="nan"))),
        "'best_value'",
    ),
    Fault(
        "run-checkpoint-optimizer-garbage",
        "internal",
        d.resume_with(d.meta(lambda m: m.update(optimizer={"param_groups": 3}))),
        "'optimizer'",
    ),
    Fault(
        "run-checkpoint-bad-rng",
        "internal",
        d.resume_with(d.weights(lambda t: t.update({"rng.torch": t["rng.torch"][:10].clone()}), "latest")),
        "random-number state",
    ),
    Fault(
        "run-summary-not-utf8",
        "internal",
        d.score_with(d.write("summary.json", b"\xff{}")),
        "corrupt summary.json",
    ),
    Fault(
        "run-summary-wrong-types",
        "internal",
        d.score_with(d.write("summary.json", b'{"status": 5}')),
        "'status'",
    ),
    Fault(
        "run-metrics-garbage-lines",
        "internal",
        d.resume_with(d.metrics_garbage),
        check=d.clean_history,
        status=0,
    ),
    Fault("run-resume-changed-data", "wrong", d.resume_with(d.change_data), "changed since this run started"),
    Fault(
        "run-resume-changed-data-allowed",
        "wrong",
        d.resume_with(d.change_data, "--allow-changed-data"),
        check=d.changed_allowed,
        status=0,
    ),
    Fault("run-resume-data-only-touched", "wrong", d.resume_with(d.touch_data), check=d.completed, status=0),
    Fault(
        "run-resume-fingerprint-damaged",
        "internal",
        d.resume_with(d.write("data_fingerprint.json", b"\x00")),
        "--allow-changed-data",
    ),
    Fault(
        "run-resume-while-another-writes",
        "wrong",
        d.resume_with(d.hold_lock),
        "is in use",
        check=d.then_refused,
    ),
    Fault("run-resume-stale-lock", "wrong", d.resume_with(d.dead_lock), check=d.no_leftovers, status=0),
    Fault("run-resume-cleans-stale-tmp", "loss", d.resume_with(d.leftovers), check=d.no_leftovers, status=0),
]
