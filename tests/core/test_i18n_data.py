"""The data area's catalogue: the analysis of each bundled dataset (notes, column reasons, target
reasons, findings) comes out whole in Chinese with the translations handed in for it, when there are
any to read (a translator's JSON, or the project's .ts once merged)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workbench.core.catalogue import data
from workbench.core.config import DataConfig
from workbench.core.i18n import localize, placeholders

ROOT = Path(__file__).resolve().parents[2]
JSON = Path("/tmp/wb/zh/zh-data.json")
TS = ROOT / "resources" / "i18n" / "workbench_zh_CN.ts"
DATASETS = ["iris.csv", "penguins.csv", "rt_polarity.csv", "wine.csv", "zh_reviews.csv"]


def _translations() -> dict[str, str]:
    if JSON.is_file():
        return dict(json.loads(JSON.read_text(encoding="utf-8")).get("core", {}))
    found: dict[str, str] = {}
    if TS.is_file():
        for context in ET.parse(TS).getroot():
            if context.findtext("name") == "core":
                for message in context.findall("message"):
                    text = message.findtext("translation") or ""
                    if text and message.find("translation").get("type") != "unfinished":  # type: ignore[union-attr]
                        found[message.findtext("source") or ""] = text
    return found


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_template_keeps_its_values_in_translation() -> None:
    zh = _translations()
    for template in data.TEMPLATES:
        if template in zh:
            assert placeholders(zh[template]) == placeholders(template), template


@pytest.mark.parametrize("name", DATASETS)
def test_a_bundled_datasets_analysis_reads_in_chinese(name: str) -> None:
    from workbench.core.data.analysis import analyse
    from workbench.core.data.loading import load_file

    zh = _translations()
    if not all(t in zh for t in data.TEMPLATES):
        pytest.skip("the data area's translations are not all in yet")
    path = ROOT / "resources" / "datasets" / name
    analysis = analyse(load_file(path), DataConfig(path=str(path)))
    shown = [n for n in analysis.notes if n.startswith("Task:")]
    shown += [r for r in analysis.reasons.values() if r not in ("numbers", "empty", "dates")]
    shown += [r for c in analysis.candidates for r in c.reasons]
    shown += [w.message for w in analysis.warnings]
    for text in shown:
        assert _has_chinese(localize(text, lambda t: zh.get(t, t))), text
