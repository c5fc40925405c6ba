"""Error messages are one bounded, printable line (``core.errors``): control and bidi characters
escaped, long values cut with "…", the advice at the end kept."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from workbench.core.errors import MAX_MESSAGE, ConfigError, DataError, bounded, error_line, one_line
from workbench.core.problems import Problem

UNPRINTABLE = ("Cc", "Cf", "Cs", "Zl", "Zp")


def printable(text: str) -> bool:
    return not [c for c in text if unicodedata.category(c) in UNPRINTABLE]


def test_every_control_format_and_separator_character_is_escaped() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1)
                    if unicodedata.category(chr(c)) in UNPRINTABLE)
    assert len(every) > 2000  # the surrogates alone are 2,048
    assert printable(one_line(every))


def test_escapes_read_as_what_they_stand_for() -> None:
    assert one_line("a\nb\tc\u202ed\x1b[0m\ufeff") == "a\\nb\\tc\\u202ed\\x1b[0m\\ufeff"
    assert one_line("名前 café ✓") == "名前 café ✓"


def test_a_long_value_is_cut_and_the_advice_kept() -> None:
    text = bounded("data.csv: the column '" + "x" * 10_000 + "' is empty. Choose another target.")
    assert len(text) <= 270
    assert text.startswith("data.csv: the column 'xxx")
    assert text.endswith("' is empty. Choose another target.")
    assert "…" in text


def test_a_short_message_is_left_alone() -> None:
    assert bounded("file not found. Check the path.") == "file not found. Check the path."


def test_a_50_mb_message_is_bounded_quickly() -> None:
    err = DataError("big.csv: has a header (" + "y" * 50_000_000 + ") but no data rows.",
                    hint="Add rows below the header.")
    assert len(str(err)) <= MAX_MESSAGE and str(err).endswith("no data rows. Add rows below the header.")


def test_the_cli_line_is_bounded_with_its_prefix() -> None:
    line = error_line(DataError("z" * 5000), "error: training failed: ")
    assert line.startswith("error: training failed: zzz") and len(line) <= MAX_MESSAGE


def test_a_config_problem_with_an_unprintable_key_keeps_its_place() -> None:
    problem = Problem("model", "\u202ewidth", "unknown key {model.\u202ewidth} (known: d_model)")
    err = ConfigError([problem], source="run.toml")
    assert str(err) == "run.toml: unknown key [model] \\u202ewidth (known: d_model)"
    assert printable(err.problems[0].message)


@given(st.text(max_size=3000), st.integers(min_value=40, max_value=400))
def test_any_text_becomes_one_printable_line_within_its_limit(text: str, limit: int) -> None:
    out = bounded(text, limit)
    assert len(out) <= limit
    assert printable(out)
    if len(one_line(text)) <= limit:
        assert out == one_line(text)
