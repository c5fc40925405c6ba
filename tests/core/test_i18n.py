"""The translations: core messages matched to their catalogue templates, and the Chinese .ts file
current with the code, complete, and keeping every value of every message."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workbench.core import i18n
from workbench.core.catalogue import TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "workbench_zh_CN.ts"


def _script():  # scripts/i18n.py, which keeps the .ts current
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ts_entries(path: Path = TS) -> dict[tuple[str, str], str]:
    """(context, source) -> translation ("" when unfinished) of a .ts file."""
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            done = node is not None and node.get("type") is None
            text = (node.text or "") if node is not None else ""
            out[(name, message.findtext("source") or "")] = text if done else ""
    return out


def zh(template: str) -> str:
    """A template's Chinese translation from the .ts (the template itself if there is none)."""
    return ts_entries().get((i18n.CONTEXT, template)) or template


def test_a_message_is_translated_with_its_values_put_back(monkeypatch: pytest.MonkeyPatch) -> None:
    templates = ("Column {column} has {count} missing values.", "Training failed: {reason}",
                 "The file is empty.")
    compiled = tuple((t, i18n._pattern(t)) for t in sorted(templates, key=len, reverse=True))
    monkeypatch.setattr(i18n, "_compiled", lambda: compiled)
    chinese = {"Column {column} has {count} missing values.": "列 {column} 有 {count} 个缺失值。",
               "Training failed: {reason}": "训练失败：{reason}", "The file is empty.": "文件是空的。"}

    def translate(template: str) -> str:
        return chinese.get(template, template)

    assert i18n.localize("Column 'age' has 12 missing values.", translate) == "列 'age' 有 12 个缺失值。"
    assert i18n.localize("Training failed: The file is empty.", translate) == "训练失败：文件是空的。"
    # Sentence by sentence; a sentence with no template stays in English.
    assert (i18n.localize("The file is empty. Pick another one.", translate)
            == "文件是空的。 Pick another one.")
    assert i18n.localize("line one\nThe file is empty.", translate) == "line one\n文件是空的。"
    assert i18n.localize("Nothing known here.", translate) == "Nothing known here."
    # A translation that lost a value is not used: the English keeps the information.
    chinese["The file is empty."] = "空 {oops}"
    assert i18n.localize("The file is empty.", translate) == "The file is empty."


def test_the_catalogue_templates_are_well_formed() -> None:
    for template in TEMPLATES:
        assert template == template.strip(), f"template with surrounding blanks: {template!r}"
        assert not re.search(r"\}\{", template), f"two values with nothing between: {template!r}"


def test_the_chinese_ts_is_current_with_the_code(tmp_path: Path) -> None:
    """What pyside6-lupdate finds in the code now is exactly what the .ts holds (run
    `python scripts/i18n.py update` after changing user-visible text)."""
    fresh = tmp_path / "workbench_zh_CN.ts"
    _script().lupdate(fresh)
    assert set(ts_entries(fresh)) == set(ts_entries())


def test_every_entry_is_translated_and_keeps_its_values() -> None:
    entries = ts_entries()
    assert len(entries) > 500
    unfinished = [f"[{c}] {s[:80]}" for (c, s), t in entries.items() if not t.strip()]
    assert unfinished == []
    broken = [f"[{c}] {s[:60]} -> {t[:60]}" for (c, s), t in entries.items()
              if i18n.placeholders(s) != i18n.placeholders(t) or s.count("&") != t.count("&")]
    assert broken == []


def test_chinese_translations_are_chinese() -> None:
    """Every translation of a sentence holds Chinese (a copied English source is not a translation)."""
    han = re.compile(r"[\u4e00-\u9fff]")
    english = [f"[{c}] {s[:60]}" for (c, s), t in ts_entries().items()
               if len(re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|<[^>]+>", "", s))) >= 3
               and not han.search(t)]
    assert english == []


def test_the_users_own_words_in_a_message_are_never_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A column named "loss" stays "loss" in a Chinese message; a metric's name is translated."""
    templates = ("Column '{column}' gives the answer away.", "best {metric} {value}", "loss",
                 "The target {target} is {what}.")
    compiled = tuple((t, i18n._pattern(t)) for t in sorted(templates, key=len, reverse=True))
    monkeypatch.setattr(i18n, "_compiled", lambda: compiled)
    chinese = {"Column '{column}' gives the answer away.": "列“{column}”泄露了答案。",
               "best {metric} {value}": "最佳{metric} {value}", "loss": "损失",
               "The target {target} is {what}.": "预测目标 {target} 是{what}。"}

    def translate(template: str) -> str:
        return chinese.get(template, template)

    assert i18n.localize("Column 'loss' gives the answer away.", translate) == "列“loss”泄露了答案。"
    assert i18n.localize("The target loss is loss.", translate) == "预测目标 loss 是损失。"
    assert i18n.localize("best loss 0.5", translate) == "最佳损失 0.5"
