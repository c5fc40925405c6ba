"""A run as one self-contained HTML file to hand to someone: ``workbench report RUN --out FILE``.

The file holds everything it shows: charts are inline SVG (``core.report_svg``), attention heatmaps
PNG data URIs, the style sheet is inline, and there is no script and no address to fetch, so it
opens the same in any browser, offline. Sections, each an element with its id (a run shows those
it has): ``summary`` (outcome, scores, health warnings), ``setup`` (the config), ``data`` (the data
spec), ``training`` (loss, learning-rate and metric curves), ``metrics`` (every split's final and
best numbers), ``confusion`` or ``regression``, ``curves`` (ROC and precision-recall), ``attention``
(every head at a few snapshot steps) and ``samples`` (a language model's generated text).
Every text that comes from the run (names, classes, samples) is escaped.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from workbench import __version__
from workbench.core import class_predictions
from workbench.core import config as C
from workbench.core.errors import CheckpointError
from workbench.core.events import NOT_METRICS, EvalPoint, RunOutcome, TrainPoint
from workbench.core.fileio import atomic_write_text
from workbench.core.history import RunHistory, read_run
from workbench.core.report_svg import CHART_STYLE, Series, line_chart, matrix_chart
from workbench.core.results import metric_groups, metric_label, reported_scores

SPLITS = {"train": "training", "val": "validation", "test": "test"}
PERCENT = {"accuracy", "precision", "recall", "f1", "roc_auc"}
STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Droid Sans Fallback",sans-serif;
color:#222;background:#fafafa;margin:0}
main{max-width:1000px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.muted{color:#666}.lead{font-size:17px;margin:10px 0}
nav a{margin-right:12px;color:#1f5fa8;text-decoration:none}
table{border-collapse:collapse;margin:6px 0 12px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;
vertical-align:top}th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
.cols{display:flex;flex-wrap:wrap;gap:0 24px;align-items:flex-start}
.charts{display:flex;flex-wrap:wrap;gap:12px}
.warn{border-left:4px solid #c62828;background:#fbeaea;padding:6px 10px;margin:8px 0}
pre{white-space:pre-wrap;background:#f6f6f6;padding:8px 10px;border:1px solid #e2e2e2;font-size:13px}
.heads{display:grid;gap:6px;margin:6px 0 14px}
.heads figure{margin:0;text-align:center;font-size:11px;color:#555}
.heads img{width:100%;image-rendering:pixelated;border:1px solid #ddd}
""" + CHART_STYLE


def build_report(run_path: str | Path) -> str:
    """The HTML text of the report of the run in ``run_path``; CheckpointError (or ConfigError)
    when it is not a readable run folder."""
    from workbench.core.report_sections import attention_section, curves_section, samples_section

    run = read_run(run_path)
    path = Path(run_path)
    spec = _read_json(path / "data_spec.json")
    summary = run.summary
    sections = [("summary", "Summary", _summary(run)), ("setup", "Setup", _setup(run.cfg)),
                ("data", "Data", _data(spec)), ("training", "Training", _training(run.points)),
                ("metrics", "Final metrics", _metrics(summary))]
    sections.append(_confusion(summary) if "confusion" in _lead_metrics(summary) else _regression(summary))
    try:
        kept = class_predictions.load(path)
    except CheckpointError:
        kept = None
    sections += [("curves", "ROC and precision-recall", curves_section(kept)),
                 ("attention", "Attention while it learned", attention_section(path)),
                 ("samples", "Generated text", samples_section(run.points))]
    shown = [(key, title, body) for key, title, body in sections if body]
    nav = " ".join(f'<a href="#{key}">{escape(title)}</a>' for key, title, _ in shown)
    body = "".join(f'<section id="{key}"><h2>{escape(title)}</h2>{html}</section>'
                   for key, title, html in shown)
    made = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    name = escape(run.cfg.name or path.name)
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{name} · Workbench run report</title>'
            f"<style>{STYLE}</style></head><body><main>"
            f'<h1>{name}</h1><p class="muted">Run folder {escape(path.name)} · report made {made} by '
            f"Workbench {escape(__version__)}</p><nav>{nav}</nav>{body}"
            '<p class="muted">One self-contained file: it needs nothing else and fetches nothing.</p>'
            "</main></body></html>\n")


def write_report(run_path: str | Path, out: str | Path) -> Path:
    """Write the report of ``run_path`` to ``out`` (atomically); returns ``out``."""
    html = build_report(run_path)
    target = Path(out)
    try:
        atomic_write_text(target, html)
    except OSError as exc:
        raise CheckpointError(f"cannot write the report {target}: {exc.strerror or exc}") from None
    return target


# ----------------------------------------------------------------- sections
def _summary(run: RunHistory) -> str:
    s = run.summary
    if not s:
        return "<p>The run has not finished: there is no summary yet, only its curves so far.</p>"
    parts = [f"<p class=\"lead\"><b>{escape(RunOutcome.parse(s.get('status', '')).headline)}</b></p>"]
    if s.get("message"):
        parts.append(f"<p>{escape(str(s['message']))}</p>")
    scores = reported_scores(s)
    if scores:
        lead = scores[0]
        line = " · ".join(f"{escape(metric_label(k))} <b>{fmt(k, v)}</b>" for k, v in lead.metrics.items()
                          if _is_number(v) and k in ("accuracy", "f1", "roc_auc", "perplexity", "r2", "mae",
                                                     "rmse", "loss"))
        curves = s.get("curves") or {}
        if "roc_auc" not in lead.metrics and _is_number(curves.get("roc_auc")):  # more than two classes
            line += f" · ROC AUC (macro) <b>{fmt('roc_auc', curves['roc_auc'])}</b>"
        parts.append(f"<p class=\"lead\">{line}<br><span class=\"muted\">on the "
                     f"{SPLITS.get(lead.split, lead.split)} set, {escape(lead.name)}</span></p>")
    facts = [f"{int(s.get('steps', 0)):,} of {int(s.get('total_steps', 0) or s.get('steps', 0)):,} steps",
             f"{float(s.get('epochs', 0.0)):.2f} epochs", f"{float(s.get('wall_time_s', 0.0)):.1f} s",
             f"on {escape(str(s.get('device', '?')))}"]
    if s.get("params"):
        facts.append(f"{int(s['params']):,} parameters ({escape(str(s.get('model_kind', '')))})")
    parts.append(f"<p class=\"muted\">{' · '.join(facts)}</p>")
    for warning in s.get("health") or []:
        if isinstance(warning, dict):
            advice = f"<br>What to do: {escape(str(warning['advice']))}" if warning.get("advice") else ""
            parts.append(f"<div class=\"warn\">{escape(str(warning.get('message', '')))}{advice}</div>")
    return "".join(parts)


def _setup(cfg: C.RunConfig) -> str:
    top, parts = [], []
    for section, values in C.to_dict(cfg).items():
        if not isinstance(values, dict):
            top.append(f"{escape(str(section))} = {escape(_value(values))}")
            continue
        rows = [(escape(str(k)), escape(_value(v))) for k, v in values.items()]
        parts.append(f"<div><h3>[{escape(str(section))}]</h3>" + table(["setting", "value"], rows) + "</div>")
    return f'<p class="muted">{" · ".join(top)}</p><div class="cols">{"".join(parts)}</div>'


def _data(spec: dict[str, Any]) -> str:
    if not spec:
        return ""
    rows = [("task", escape(str(spec.get("task", "")).replace("_", " ")))]
    for key, label in (("target", "target column"), ("text_column", "text column")):
        if spec.get(key):
            rows.append((label, escape(str(spec[key]))))
    classes = [str(c) for c in spec.get("classes") or []]
    if classes:
        shown = ", ".join(classes[:30]) + (f" … ({len(classes)} in all)" if len(classes) > 30 else "")
        rows.append((f"classes ({len(classes)})", escape(shown)))
    sizes = spec.get("split_sizes") or {}
    if sizes:
        split_rows = ", ".join(f"{SPLITS.get(k, k)} {int(v):,}" for k, v in sizes.items())
        rows.append(("rows per split", escape(split_rows)))
    for key, label in (("numeric_columns", "numeric columns"),
                       ("categorical_columns", "categorical columns")):
        if spec.get(key):
            rows.append((label, escape(", ".join(str(c) for c in spec[key]))))
    for key, label in (("vocab_size", "vocabulary"), ("max_length", "text length (tokens)"),
                       ("block_size", "context (tokens)")):
        if spec.get(key):
            rows.append((label, f"{int(spec[key]):,}"))
    return table(["", ""], rows, header=False)


def _training(points: Sequence[TrainPoint | EvalPoint]) -> str:
    train = [p for p in points if isinstance(p, TrainPoint)]
    evals = [p for p in points if isinstance(p, EvalPoint) and p.split == "val"]
    if not train and not evals:
        return "<p>No training points were recorded.</p>"
    loss = [Series("training loss", _arr(p.step for p in train), _arr(p.loss for p in train), width=1.2)]
    loss.append(Series("validation loss", _arr(p.step for p in evals),
                       _arr(p.metrics.get("loss") for p in evals),
                       width=2.2))
    charts = [line_chart(loss, "Loss", "step", "loss")]
    if train:
        lr = Series("", _arr(p.step for p in train), _arr(p.lr for p in train), "#2e9e44")
        charts.append(line_chart([lr],
                                 "Learning rate", "step", "learning rate"))
    keys = list(dict.fromkeys(k for p in evals for k, v in p.metrics.items()
                              if k != "loss" and k not in NOT_METRICS and _is_number(v)))
    for group in metric_groups(keys):
        series = [Series(metric_label(k), _arr(p.step for p in evals if k in p.metrics),
                         _arr(p.metrics[k] for p in evals if k in p.metrics), width=2.0) for k in group.keys]
        y_range = (0.0, 1.0) if group.scale == "share" else None
        charts.append(line_chart(series, f"Validation {group.names}", "step", group.note or group.names,
                                 y_range=y_range,
                                 legend_corner="bottom-right"))
    return f'<div class="charts">{"".join(charts)}</div>'


def _metrics(summary: dict[str, Any]) -> str:
    columns = [(f"{SPLITS[split]} ({which})", summary[which][split]) for which in ("best", "final")
               for split in ("train", "val", "test") if (summary.get(which) or {}).get(split)]
    if not columns:
        last = {k: v for k, v in (summary.get("last_eval") or {}).items() if k not in NOT_METRICS}
        if not last:
            return ""
        columns = [("last evaluation", last)]
    names = list(dict.fromkeys(k for _, m in columns for k, v in m.items() if _is_number(v)))
    rows = [(escape(metric_label(n)), *(fmt(n, m.get(n)) for _, m in columns)) for n in names]
    return table(["metric", *(escape(h) for h, _ in columns)], rows, numeric_from=1)


def _confusion(summary: dict[str, Any]) -> tuple[str, str, str]:
    lead = reported_scores(summary)[0]
    metrics = dict(lead.metrics)
    classes = list(metrics.get("per_class") or {})
    matrix = np.asarray(metrics["confusion"], dtype=np.int64).reshape(len(classes), len(classes))
    split = SPLITS.get(lead.split, lead.split).capitalize()
    chart = matrix_chart(matrix, classes, f"{split} set, {lead.name}")
    rows = [(escape(c), fmt("precision", m.get("precision")), fmt("recall", m.get("recall")),
             fmt("f1", m.get("f1")),
             f"{int(m.get('support', 0)):,}") for c, m in metrics["per_class"].items()]
    note = ('<p class="muted">Rows: the true class; columns: what the model said. '
            "Shade: share of the row.</p>")
    return "confusion", "Confusion matrix", (note + f'<div class="charts">{chart}</div>'
                                             + table(["class", "precision", "recall", "F1", "rows"], rows,
                                                     numeric_from=1))


def _regression(summary: dict[str, Any]) -> tuple[str, str, str]:
    pred = summary.get("predictions") or {}
    actual, predicted = _arr(pred.get("actual") or []), _arr(pred.get("predicted") or [])
    if not actual.size or actual.size != predicted.size:
        return "regression", "", ""
    target = str(pred.get("target", "target"))
    lo, hi = float(min(actual.min(), predicted.min())), float(max(actual.max(), predicted.max()))
    line = Series("exactly right", np.array([lo, hi]), np.array([lo, hi]), "#666666", 1.2, dashed=True)
    scatter = line_chart([Series("", actual, predicted, dots=True), line], "Predicted against actual",
                         f"actual {target}", f"predicted {target}", (lo, hi), (lo, hi))
    zero = Series("", np.array([predicted.min(), predicted.max()]), np.zeros(2), "#666666", 1.2, dashed=True)
    residuals = line_chart([Series("", predicted, actual - predicted, dots=True), zero],
                           "How far off (above 0: guessed too low)", f"predicted {target}",
                           "actual minus predicted")
    where = f"{int(actual.size):,} rows of the {SPLITS.get(str(pred.get('split')), 'test')} set"
    return "regression", "Predictions", (f'<p class="muted">{escape(where)}.</p>'
                                         f'<div class="charts">{scatter}{residuals}</div>')


# ----------------------------------------------------------------- helpers
def table(headers: Sequence[str], rows: Iterable[Sequence[str]], header: bool = True,
          numeric_from: int = 99) -> str:
    """An HTML table of already-escaped cells; columns from ``numeric_from`` on align right."""
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>" if header else ""
    body = "".join("<tr>" + "".join(f'<td class="num">{c}</td>' if i >= numeric_from else f"<td>{c}</td>"
                                     for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table>{head}{body}</table>"


def fmt(name: str, value: Any) -> str:
    """0.8123 accuracy -> '81.2 %'; other numbers to 4 significant digits; '—' for none."""
    if not _is_number(value) or not math.isfinite(float(value)):
        return "—"
    return f"{float(value):.1%}" if name in PERCENT else f"{float(value):.4g}"


def _lead_metrics(summary: dict[str, Any]) -> dict[str, Any]:
    scores = reported_scores(summary)
    return dict(scores[0].metrics) if scores else {}


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict, bool)) else str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _arr(values: Iterable[Any]) -> np.ndarray:
    return np.array([float(v) if _is_number(v) else math.nan for v in values], dtype=np.float64)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
