"""The HTML run report's ROC/PR, attention and generated-text sections (see ``core.report_html``)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

import numpy as np

from workbench.core.attention_maps import display_token
from workbench.core.class_predictions import ClassPredictions
from workbench.core.curves import MACRO, MICRO, ClassCurves, class_curves
from workbench.core.errors import CheckpointError
from workbench.core.events import EvalPoint, TrainPoint
from workbench.core.report_svg import Series, heatmap_png, line_chart

MAX_CLASS_CURVES = 8  # per-class curves drawn beside the averages; more would be a tangle
MAX_STEPS = 4  # attention snapshots shown: the first, the last and evenly between
MAX_TOKENS = 40  # tokens of a probed input whose attention is drawn
MAX_SAMPLES = 4


def curves_section(kept: ClassPredictions | None) -> str:
    """ROC and PR charts with a table of each class's AUC and AP; "" without kept predictions."""
    if kept is None or not len(kept.actual):
        return ""
    curves = class_curves(kept.actual, kept.probabilities, kept.classes)
    names = [curves.positive] if curves.binary else [MACRO, MICRO, *curves.classes[:MAX_CLASS_CURVES]]
    roc, pr = curve_charts(curves, names)
    split = {"test": "test", "val": "validation"}.get(kept.split, kept.split)
    weights = "best checkpoint" if kept.checkpoint == "best" else "final weights"
    what = (f"How well the scores separate '{curves.positive}' from '{curves.classes[0]}'" if curves.binary
            else "Each class against the rest; the macro average weighs every class the same, the micro "
                 "average every example")
    rows = f"{len(kept.actual):,} rows"
    if kept.scored > len(kept.actual):
        rows += f" of {kept.scored:,} scored"
    note = (f'<p class="muted">{escape(what)} ({split} set, {weights} at step {kept.step:,}, {rows}). '
            "AUC: area under the ROC curve (0.5 is guessing, 1 perfect); AP: average precision.</p>")
    per_class = "".join(f"<tr><td>{escape(n)}</td><td class=\"num\">{_score(curves.roc[n].score)}</td>"
                        f"<td class=\"num\">{_score(curves.pr[n].score)}</td></tr>" for n in curves.names())
    return (note + f'<div class="charts">{roc}{pr}</div><table><tr><th>curve</th><th>ROC AUC</th>'
            f"<th>average precision</th></tr>{per_class}</table>")


def curve_charts(curves: ClassCurves, names: Sequence[str]) -> tuple[str, str]:
    """The ROC and the PR chart (SVG) of the curves ``names``, averages drawn bold, with what
    guessing scores dashed: the diagonal, and the classes' mean share of the rows."""
    bold = {MACRO, MICRO} if not curves.binary else set(names)
    diagonal = Series("guessing", np.array([0.0, 1.0]), np.array([0.0, 1.0]), "#999999", 1.0, dashed=True)
    roc = line_chart([Series(curves.roc[n].label, curves.roc[n].x, curves.roc[n].y,
                             width=2.6 if n in bold else 1.4) for n in names] + [diagonal],
                     "ROC: true against false positives", "false-positive rate", "true-positive rate",
                     (0.0, 1.0), (0.0, 1.0), legend_corner="bottom-right")
    levels = ([curves.prevalence[n] for n in names if n in curves.prevalence]
              or list(curves.prevalence.values()))
    level = float(np.mean(levels))
    chance = Series("guessing", np.array([0.0, 1.0]), np.array([level, level]), "#999999", 1.0, dashed=True)
    pr = line_chart([Series(curves.pr[n].label, curves.pr[n].x, curves.pr[n].y,
                            width=2.6 if n in bold else 1.4) for n in names] + [chance],
                    "Precision against recall", "recall", "precision", (0.0, 1.0), (0.0, 1.0),
                    legend_corner="bottom-left")
    return roc, pr


def attention_section(run_path: Path) -> str:
    """Every layer's and head's attention for the first probed input at a few snapshot steps."""
    folder = run_path / "attention"
    if not (folder / "index.json").is_file():
        return ""
    from workbench.core.snapshots import SnapshotStore  # torch: only when there are snapshots

    try:
        store = SnapshotStore.load(folder)
    except CheckpointError:
        return ""
    steps = store.steps()
    if not steps or not store.meta.examples:
        return ""
    chosen = sorted({steps[round(i * (len(steps) - 1) / max(MAX_STEPS - 1, 1))] for i in range(MAX_STEPS)})
    example = store.meta.examples[0]
    tokens = example.tokens
    n = min(len(tokens), MAX_TOKENS)
    shown = " ".join(display_token(t) for t in tokens[:n]) + (" …" if len(tokens) > n else "")
    cut = f" (the first {n} of its {len(tokens)} tokens)" if len(tokens) > n else ""
    parts = [f'<p class="muted">The first probed input{cut}, as the model read it: '
             f"<b>{escape(shown)}</b>. Each square is one head: row i shows where token i looked "
             "(darker: more weight); rows are layers, columns heads.</p>"]
    heads = store.meta.heads
    for step in chosen:
        snap = store.at_step(step)
        if snap is None:
            continue
        att = snap.attention(0)[:, :, :n, :n]  # (layers, heads, n, n)
        said = _said(snap.outputs, store.meta.classes)
        parts.append(f"<h3>Step {step:,}{escape(said)}</h3>"
                     f'<div class="heads" style="grid-template-columns:repeat({heads},minmax(0,110px))">')
        scale = max(1, 96 // max(n, 1))
        for layer in range(att.shape[0]):
            for head in range(att.shape[1]):
                uri = heatmap_png(att[layer, head], scale)
                parts.append(f'<figure><img src="{uri}" alt="layer {layer + 1} head {head + 1}">'
                             f"<figcaption>L{layer + 1} H{head + 1}</figcaption></figure>")
        parts.append("</div>")
    return "".join(parts)


def samples_section(points: Sequence[TrainPoint | EvalPoint]) -> str:
    """A language model's text generated at a few evaluations, the last one included."""
    samples = [p for p in points if isinstance(p, EvalPoint) and p.sample]
    if not samples:
        return ""
    picked = sorted({round(i * (len(samples) - 1) / max(MAX_SAMPLES - 1, 1)) for i in range(MAX_SAMPLES)})
    return "".join(f"<h3>Step {samples[i].step:,}</h3><pre>{escape(str(samples[i].sample))}</pre>"
                   for i in picked)


def _said(outputs: np.ndarray | None, classes: list[str]) -> str:
    if outputs is None or not len(outputs):
        return ""
    first = np.asarray(outputs[0], dtype=np.float64).ravel()
    if classes and first.size == len(classes):
        k = int(first.argmax())
        return f": the model says '{classes[k]}' ({first[k]:.0%})"
    return f": the model predicts {float(first[0]):.4g}" if first.size == 1 else ""


def _score(value: float) -> str:
    return f"{value:.3f}" if np.isfinite(value) else "—"
