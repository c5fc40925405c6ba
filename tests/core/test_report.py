"""The HTML run report: its sections for each kind of run, nothing fetched, data escaped, the CLI,
and (where Chromium is installed) the page as a real browser renders it."""

from __future__ import annotations

import base64
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cli_steps import run_cli
from workbench.core import config as C
from workbench.core.pipeline import start_run
from workbench.core.probe import AttentionProbe
from workbench.core.report_html import build_report

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "resources" / "datasets"
CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)

pytestmark = pytest.mark.usefixtures("one_thread")


class Page(HTMLParser):
    """What a report holds: section ids, images, links, scripts, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.images: list[str] = []
        self.addresses: list[str] = []  # every src/href
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "section" and a.get("id"):
            self.sections.append(str(a["id"]))
        if tag == "img":
            self.images.append(str(a.get("src")))
        self.addresses += [str(v) for k, v in attrs if k in ("src", "href", "xlink:href", "action")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _train(root: Path, name: str, data: dict, model: dict, probe: bool = False, **train: Any) -> Path:
    cfg = C.from_dict({"name": name, "data": data, "model": model, "optim": {"lr": 3e-3},
                       "train": {"device": "cpu", "batch_size": 32, "max_steps": 40, "eval_interval": 20,
                                 "num_threads": 1, "sample_length": 0, **train}})
    trainer = start_run(cfg, root, callbacks=[AttentionProbe(keep_copy=False)] if probe else [])
    trainer.fit()
    assert trainer.run_dir is not None
    return trainer.run_dir.path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("runs")
    reviews = root / "reviews.csv"
    pd.read_csv(DATASETS / "rt_polarity.csv").sample(300, random_state=0).to_csv(reviews, index=False)
    text = root / "verse.txt"
    text.write_text((DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:12000], encoding="utf-8")
    small = {"d_model": 16, "n_layers": 1, "n_heads": 2}
    return {
        # A class name that is markup: the report must show it, not run it.
        "text": _train(root, "<i>reviews</i>", {"path": str(reviews), "max_length": 32},
                       {"kind": "transformer", **small}, probe=True),
        "regression": _train(root, "concrete", {"path": str(ROOT / "tests/data/tables/concrete.csv"),
                                                "task": "regression", "target": "compressive_strength"},
                             {"kind": "mlp", "hidden": [8]}),
        "lm": _train(root, "verse", {"path": str(text)}, {"kind": "gpt", **small, "block_size": 24},
                     probe=True, sample_length=40),
    }


def _check_self_contained(html: str) -> Page:
    page = Page(html)
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    assert all(a.startswith(("#", "data:image/png;base64,")) for a in page.addresses), page.addresses
    assert 'src="http' not in html and "url(http" not in html and "@import" not in html
    for src in page.images:
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    return page


def test_a_text_classifier_report_has_every_section_and_fetches_nothing(runs: dict[str, Path]) -> None:
    html = build_report(runs["text"])
    page = _check_self_contained(html)
    assert page.sections == ["summary", "setup", "data", "training", "metrics", "confusion", "curves",
                             "attention"]
    assert page.tags.count("svg") >= 5  # loss, learning rate, metrics, confusion, ROC, PR
    assert page.images  # the heads of the attention grid, as PNGs
    text = "".join(page.text)
    assert "<i>reviews</i>" in text and "<i>reviews</i>" not in html  # shown as text, escaped
    assert "ROC AUC" in text and "average precision" in text and "Step " in text


def test_a_regression_report_shows_predictions_and_a_language_model_report_its_samples(
        runs: dict[str, Path]) -> None:
    page = _check_self_contained(build_report(runs["regression"]))
    assert page.sections == ["summary", "setup", "data", "training", "metrics", "regression"]
    assert "Predicted against actual" in "".join(page.text)
    lm = _check_self_contained(build_report(runs["lm"]))
    assert lm.sections == ["summary", "setup", "data", "training", "metrics", "attention", "samples"]
    assert "perplexity" in "".join(lm.text)


def test_workbench_report_writes_the_file_and_refuses_a_missing_run(
        runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    code, stdout, _ = run_cli(capsys, "report", runs["regression"], "--out", out)
    assert code == 0 and f"wrote {out}" in stdout
    assert Page(out.read_text(encoding="utf-8")).sections[0] == "summary"
    code, _, err = run_cli(capsys, "report", tmp_path / "nowhere", "--out", out)
    assert code == 2 and err.startswith("error: ") and "nowhere" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "report", runs["regression"], "--out", tmp_path / "no" / "such" / "r.html")
    assert code == 2 and "does not exist" in err and not (tmp_path / "no").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium): the "
                                             "report's structure is still checked above")
def test_the_report_renders_in_headless_chromium(runs: dict[str, Path], tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(build_report(runs["text"]), encoding="utf-8")
    flags = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    # The DOM the browser built: every section and chart made it through its parser.
    for section in ("summary", "training", "confusion", "curves", "attention"):
        assert f'id="{section}"' in dom.stdout
    assert dom.stdout.count("<svg") >= 5 and dom.stdout.count("<img") >= 2
    shot = tmp_path / "report.png"
    subprocess.run([*flags, "--hide-scrollbars", "--window-size=1000,2400", f"--screenshot={shot}",
                    report.as_uri()], capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
