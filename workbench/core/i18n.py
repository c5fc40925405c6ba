"""The core's messages in the interface's language: a catalogue of templates the window translates.

The core has no Qt and writes its messages in English; the CLI prints them as they are. The window
shows them in its own language with ``localize(text, translate)``: it finds the catalogue template
the English text was made from ("Column {column} has {count} missing values."), has ``translate``
(Qt's translator, context ``core``) translate the template, and puts the values back. A message no
template matches is split into lines and sentences, and each is tried on its own; what still has
no template stays in English.

Templates live in the ``core.catalogue`` modules, one per area, each marked with
``QT_TRANSLATE_NOOP("core", ...)`` so that ``pyside6-lupdate`` extracts them into
``resources/i18n/*.ts`` with the interface's own strings (``scripts/i18n.py update``). A template's
values are written ``{name}``; a translation must keep every one of them (tests/core/test_i18n.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

CONTEXT = "core"
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# A sentence ends at ". ", "! " or "? " before a capital, a quote or a bracket (not inside "0.5").
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z\"'(“‘])")
# Values that are the user's own words (a column, a file, a class), never translated even when
# they read like a word the catalogue knows (a column named "loss"); so are quoted values.
DATA_FIELDS = {"path", "file", "folder", "column", "columns", "target", "text", "example", "answer",
               "token", "tokens"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation in ``context`` (for ``pyside6-lupdate``); returns it unchanged."""
    del context
    return text


def placeholders(template: str) -> set[str]:
    """The ``{name}`` values of a template (or of its translation)."""
    return set(_FIELD.findall(template))


def _pattern(template: str) -> re.Pattern[str]:
    """A regex matching the whole of any text made from ``template``; each value a named group."""
    parts, pos, seen = [], 0, set()
    for match in _FIELD.finditer(template):
        parts.append(re.escape(template[pos:match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        pos = match.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts), re.DOTALL)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    from workbench.core.catalogue import TEMPLATES

    # Longest first: a specific template wins over a general one that also matches.
    ordered = sorted(dict.fromkeys(TEMPLATES), key=len, reverse=True)
    return tuple((t, _pattern(t)) for t in ordered)


def match(text: str, templates: Iterable[tuple[str, re.Pattern[str]]] | None = None
          ) -> tuple[str, dict[str, str]] | None:
    """The template ``text`` was made from and its values, or None."""
    for template, pattern in templates if templates is not None else _compiled():
        found = pattern.fullmatch(text)
        if found:
            return template, found.groupdict()
    return None


def _quoted(template: str, name: str) -> bool:
    """Whether ``{name}`` stands in quotes in ``template`` ('{column}', “{example}”)."""
    return re.search(r"['\"“‘]\{" + name + r"\}['\"”’]", template) is not None


def _whole(text: str, translate: Callable[[str], str], depth: int) -> str | None:
    found = match(text)
    if found is None:
        return None
    template, values = found
    translated = translate(template)
    if translated == template or placeholders(translated) != placeholders(template):
        return None  # no translation yet (or a broken one): the caller keeps the English
    if depth < 2:  # a value may itself be a message ("... failed: {reason}") or a metric's name
        values = {k: v if k in DATA_FIELDS or _quoted(template, k) else _whole(v, translate, depth + 1) or v
                  for k, v in values.items()}
    return _FIELD.sub(lambda m: values[m.group(1)], translated)


def localize(text: str, translate: Callable[[str], str]) -> str:
    """``text`` (an English core message) in the language ``translate`` (template -> template)
    gives; untranslated parts stay in English."""
    if not text or not text.strip():
        return text
    whole = _whole(text, translate, 0)
    if whole is not None:
        return whole
    if "\n" in text:
        return "\n".join(localize(line, translate) for line in text.split("\n"))
    sentences = _SENTENCE_END.split(text)
    if len(sentences) == 1:
        return text
    done = [_whole(s, translate, 0) for s in sentences]
    if all(d is None for d in done):
        return text
    out = ""
    for english, translated in zip(sentences, done):
        piece = translated if translated is not None else english
        # Chinese sentences follow each other with no space; an English one keeps its space.
        out += piece if not out or (translated is not None and not out[-1].isascii()) else " " + piece
    return out
