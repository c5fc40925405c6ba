"""The glossary's data: every term explained in both languages, and every term the "?" buttons use."""

from __future__ import annotations

import dataclasses

import pytest

from workbench.core.config import SECTIONS
from workbench.core.glossary import (
    ALIASES,
    FIELD_TERMS,
    GLOSSARY,
    GROUP_TERMS,
    TASK_TERMS,
    find,
    search,
    sentences,
    task_terms,
)

ASKED_FOR = ("loss", "accuracy", "precision", "recall", "F1", "ROC-AUC", "perplexity", "bits per character",
             "R²", "MAE", "RMSE", "learning rate", "warm-up", "schedule", "weight decay", "gradient clipping",
             "epoch", "step", "batch", "overfitting", "validation set", "test set", "attention", "head",
             "layer", "token", "tokenizer", "embedding", "dropout", "early stopping", "baseline",
             "checkpoint")


@pytest.mark.parametrize("term", list(GLOSSARY))
def test_every_term_has_two_or_three_sentences_in_english_and_chinese(term: str) -> None:
    entry = GLOSSARY[term]
    assert entry["zh_term"].strip()
    for language in ("en", "zh"):
        text = entry[language]
        assert text.strip() and text == text.strip()
        assert 2 <= len(sentences(text)) <= 3, (term, language, sentences(text))
    assert any("\u4e00" <= c <= "\u9fff" for c in entry["zh"])  # really Chinese


def test_the_terms_the_interface_shows_are_all_there() -> None:
    assert set(ASKED_FOR) <= set(GLOSSARY)
    names = ("loss", "learning rate", "epoch", "overfitting", "dropout")
    chinese = {t: GLOSSARY[t]["zh_term"] for t in names}
    assert chinese == {"loss": "损失", "learning rate": "学习率", "epoch": "轮次", "overfitting": "过拟合",
                       "dropout": "丢弃法"}


def test_every_term_a_button_tooltip_or_alias_points_at_exists() -> None:
    used = [*FIELD_TERMS.values(), *GROUP_TERMS.values(), *ALIASES.values()]
    used += [t for terms in TASK_TERMS.values() for t in terms]
    assert [t for t in used if t not in GLOSSARY] == []


def test_the_field_mapping_names_real_settings() -> None:
    for key in FIELD_TERMS:
        section, name = key.split(".")
        assert name in {f.name for f in dataclasses.fields(SECTIONS[section])}, key


def test_names_as_the_interface_writes_them_find_their_entry() -> None:
    assert find("r2") == "R²" and find("F1") == "F1" and find("f1") == "F1"
    assert find("Learning rate") == "learning rate" and find("nats per token") == "loss"
    assert find("no such thing") is None
    assert task_terms("regression")[:2] == ("MSE", "R²") and "perplexity" in task_terms("language_modeling")
    assert task_terms("") == task_terms("text_classification")


def test_search_matches_names_in_either_language_then_explanations() -> None:
    assert search("") == list(GLOSSARY)
    assert search("过拟合", "zh")[0] == "overfitting"
    assert search("rate")[0] == "learning rate"
    found = search("validation")
    assert found[0] == "validation set" and "overfitting" in found  # named first, then explained
    assert search("zzzz") == []

