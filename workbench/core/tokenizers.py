"""Character and word tokenizers, fitted on training text and saved beside a run as JSON.

Ids 0 and 1 are always ``<pad>`` and ``<unk>``; the rest of the vocabulary is ordered by
frequency (ties alphabetically), so the same text always gives the same vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar

import numpy as np

from workbench.core.errors import CheckpointError

PAD, UNK = "<pad>", "<unk>"
PAD_ID, UNK_ID = 0, 1
KINDS = ("char", "word")
FORMAT_VERSION = 1

# Kana and Han: scripts written without spaces, so in the word tokenizer each character is a token.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# A CJK character; or a run of other word characters, keeping inner apostrophes ("don't");
# or a single punctuation mark.
_WORD_RE = re.compile(rf"[{CJK_RANGES}]|[^\W{CJK_RANGES}]+(?:['’][^\W{CJK_RANGES}]+)*|[^\w\s]")
WORD_PATTERN = _WORD_RE.pattern  # written beside an exported model, for programs that tokenize alone
# Long texts are tokenized this many characters at a time (see ``slices``).
SLICE_CHARS = 1 << 16
_SPACE = re.compile(r"\s")


def slices(text: str) -> Iterator[str]:
    """``text`` in consecutive pieces of about ``SLICE_CHARS`` characters, each cut just after a
    whitespace character, so no token (and no lowercasing context) spans a cut.

    Counting or looking up a megabyte of text in one call is a C loop that holds Python's lock
    for 30-80 ms, long enough to stall the GUI while a run is prepared on its worker thread; a
    slice at a time holds it for about a millisecond.
    """
    start, n = 0, len(text)
    while start < n:
        end = start + SLICE_CHARS
        if end < n:
            space = _SPACE.search(text, end)
            end = space.end() if space else n
        yield text[start:end]
        start = end


class Tokenizer:
    """Maps text to ids and back; ``vocab[i]`` is the token string of id ``i``."""

    kind: ClassVar[str] = ""

    def __init__(self, vocab: Sequence[str], lowercase: bool) -> None:
        if list(vocab[:2]) != [PAD, UNK]:
            raise ValueError(f"a vocabulary starts with {PAD!r}, {UNK!r}; got {list(vocab[:2])!r}")
        self.vocab = list(vocab)
        self.lowercase = lowercase
        self._ids = {token: i for i, token in enumerate(self.vocab)}

    @property
    def vocab_size(self) -> int:
        """Number of ids, the two special tokens included."""
        return len(self.vocab)

    def pieces(self, text: str) -> list[str]:
        """The token strings of ``text`` before the vocabulary is applied."""
        raise NotImplementedError

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``; pieces outside the vocabulary become ``UNK_ID``."""
        ids = self._ids
        return [ids.get(piece, UNK_ID) for piece in self.pieces(text)]

    def encode_array(self, text: str) -> np.ndarray:
        """``encode`` for a long text, as an int64 array: a slice at a time (see ``slices``)."""
        parts = [np.asarray(self.encode(part), dtype=np.int64) for part in slices(text)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def tokens(self, text: str) -> list[str]:
        """The vocabulary string of each id ``encode(text)`` gives (``<unk>`` where unknown)."""
        vocab = self.vocab
        return [vocab[i] for i in self.encode(text)]

    def decode(self, ids: Iterable[int]) -> str:
        """Text for ``ids``, padding left out."""
        raise NotImplementedError

    def _strings(self, ids: Iterable[int]) -> list[str]:
        vocab = self.vocab
        return [vocab[int(i)] for i in ids if int(i) != PAD_ID]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (``tokenizer.json``); ``tokenizer_from_dict`` reverses it."""
        return {"format_version": FORMAT_VERSION, "kind": self.kind, "lowercase": self.lowercase,
                "vocab": list(self.vocab)}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(vocab_size={self.vocab_size}, lowercase={self.lowercase})"


class CharTokenizer(Tokenizer):
    """Every character is a token; good for Chinese and for small language models."""

    kind: ClassVar[str] = "char"

    def pieces(self, text: str) -> list[str]:
        """The characters of ``text`` (lowercased if the tokenizer lowercases)."""
        return list(text.lower() if self.lowercase else text)

    def decode(self, ids: Iterable[int]) -> str:
        """The characters of ``ids`` joined."""
        return "".join(self._strings(ids))


class WordTokenizer(Tokenizer):
    """Words and punctuation marks are tokens; each CJK character is a token of its own."""

    kind: ClassVar[str] = "word"

    def pieces(self, text: str) -> list[str]:
        """Words, punctuation marks and CJK characters of ``text``; spaces are dropped."""
        return _WORD_RE.findall(text.lower() if self.lowercase else text)

    def decode(self, ids: Iterable[int]) -> str:
        """The tokens of ``ids`` joined with spaces (the original spacing is not kept)."""
        return " ".join(self._strings(ids))


_CLASSES: dict[str, type[Tokenizer]] = {"char": CharTokenizer, "word": WordTokenizer}


def fit_tokenizer(kind: str, texts: str | Iterable[str], vocab_size: int, min_freq: int = 1,
                  lowercase: bool = True) -> Tokenizer:
    """A ``kind`` tokenizer whose vocabulary is the ``vocab_size - 2`` most frequent tokens of ``texts``
    that occur at least ``min_freq`` times."""
    if kind not in _CLASSES:
        raise ValueError(f"tokenizer kind must be one of {', '.join(KINDS)}; got {kind!r}")
    cls = _CLASSES[kind]
    if isinstance(texts, str):
        texts = [texts]
    counts: Counter[str] = Counter()
    for text in texts:
        for part in slices(text):
            if lowercase:
                part = part.lower()
            # Counter.update on a str counts its characters in C, which keeps char fitting fast.
            counts.update(part if kind == "char" else _WORD_RE.findall(part))
    ranked = sorted((item for item in counts.items() if item[1] >= min_freq), key=lambda kv: (-kv[1], kv[0]))
    kept = [token for token, _ in ranked[:max(vocab_size - 2, 0)]]
    return cls([PAD, UNK, *kept], lowercase)


def tokenizer_from_dict(d: dict[str, Any]) -> Tokenizer:
    """Rebuild a tokenizer from ``Tokenizer.to_dict()`` output; raises CheckpointError if malformed."""
    if not isinstance(d, dict):
        raise CheckpointError("tokenizer data must be a JSON object.")
    kind, vocab, lowercase = d.get("kind"), d.get("vocab"), d.get("lowercase", True)
    if kind not in _CLASSES:
        raise CheckpointError(f"tokenizer kind must be one of {', '.join(KINDS)}; got {kind!r}.")
    if not isinstance(vocab, list) or not all(isinstance(t, str) for t in vocab) \
            or vocab[:2] != [PAD, UNK] or len(set(vocab)) != len(vocab):
        raise CheckpointError(f"tokenizer vocab must be a list of distinct strings starting with "
                              f"{PAD!r}, {UNK!r}.")
    if not isinstance(lowercase, bool):
        raise CheckpointError(f"tokenizer 'lowercase' must be true or false; got {lowercase!r}.")
    return _CLASSES[kind](vocab, lowercase)
