"""Tokenizers: splitting, vocabulary limits, round trips (Chinese included) and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.errors import CheckpointError
from workbench.core.tokenizers import (
    PAD,
    PAD_ID,
    UNK,
    UNK_ID,
    CharTokenizer,
    WordTokenizer,
    fit_tokenizer,
    tokenizer_from_dict,
)

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"


def test_special_ids() -> None:
    tok = fit_tokenizer("word", ["a b"], vocab_size=100)
    assert tok.vocab[:2] == [PAD, UNK] and (PAD_ID, UNK_ID) == (0, 1)
    assert tok.encode("never seen") == [UNK_ID, UNK_ID]
    assert tok.tokens("a never") == ["a", UNK]


def test_word_splitting_keeps_contractions_and_splits_punctuation() -> None:
    tok = fit_tokenizer("word", ["x"], vocab_size=100, lowercase=False)
    assert tok.pieces("He's here, isn't he?!") == ["He's", "here", ",", "isn't", "he", "?", "!"]
    assert tok.pieces("naïve café 2024") == ["naïve", "café", "2024"]


def test_word_splitting_makes_each_cjk_character_a_token() -> None:
    tok = fit_tokenizer("word", ["x"], vocab_size=100)
    assert tok.pieces("我喜欢 Python 3，很好！") == ["我", "喜", "欢", "python", "3", "，", "很", "好", "！"]


def test_lowercase_applies_to_fit_and_encode() -> None:
    tok = fit_tokenizer("word", ["Hello HELLO hello"], vocab_size=100, lowercase=True)
    assert tok.vocab == [PAD, UNK, "hello"]
    assert tok.encode("HeLLo") == [2]
    cased = fit_tokenizer("char", ["Aa"], vocab_size=100, lowercase=False)
    assert cased.encode("Aa") == [cased.vocab.index("A"), cased.vocab.index("a")]


def test_vocab_is_by_frequency_then_alphabetical_and_capped() -> None:
    tok = fit_tokenizer("word", ["c c c b b a d"], vocab_size=4, min_freq=1)
    assert tok.vocab == [PAD, UNK, "c", "b"]
    tied = fit_tokenizer("word", ["z y x"], vocab_size=10)
    assert tied.vocab[2:] == ["x", "y", "z"]


def test_min_freq_drops_rare_tokens() -> None:
    tok = fit_tokenizer("char", ["aaab"], vocab_size=100, min_freq=2)
    assert tok.vocab == [PAD, UNK, "a"]
    assert tok.encode("ab") == [2, UNK_ID]


def test_char_round_trip_chinese() -> None:
    text = "这本书很好看，值得一读。Good book!\n"
    tok = fit_tokenizer("char", [text], vocab_size=1000, lowercase=False)
    assert isinstance(tok, CharTokenizer)
    assert tok.decode(tok.encode(text)) == text
    assert tok.tokens("好书") == ["好", "书"]


def test_word_decode_joins_with_spaces_and_skips_padding() -> None:
    tok = fit_tokenizer("word", ["我 爱 读书 , ok"], vocab_size=100)
    assert isinstance(tok, WordTokenizer)
    ids = tok.encode("我爱读书, ok")
    assert tok.decode([*ids, PAD_ID, PAD_ID]) == "我 爱 读 书 , ok"


def test_bundled_corpora_fit_and_round_trip() -> None:
    text = (DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")
    char = fit_tokenizer("char", text, vocab_size=1000, lowercase=False)
    assert char.vocab_size == 79  # 77 distinct characters plus <pad> and <unk>
    assert char.decode(char.encode(text[:5000])) == text[:5000]
    word = fit_tokenizer("word", text, vocab_size=5000, min_freq=2)
    assert word.vocab_size == 5000
    assert word.tokens("To be, or not to be")[:3] == ["to", "be", ","]


def test_json_round_trip() -> None:
    for kind in ("char", "word"):
        tok = fit_tokenizer(kind, ["Hello, 世界! hello"], vocab_size=50, lowercase=False)
        again = tokenizer_from_dict(json.loads(json.dumps(tok.to_dict())))
        assert type(again) is type(tok)
        assert (again.vocab, again.lowercase) == (tok.vocab, tok.lowercase)
        assert again.encode("Hello 世界") == tok.encode("Hello 世界")


@pytest.mark.parametrize("bad", [
    [],
    {"kind": "bpe", "vocab": [PAD, UNK]},
    {"kind": "char", "vocab": ["a", "b"]},
    {"kind": "char", "vocab": [PAD, UNK, "a", "a"]},
    {"kind": "word", "vocab": [PAD, UNK], "lowercase": "yes"},
])
def test_malformed_tokenizer_data(bad: object) -> None:
    with pytest.raises(CheckpointError):
        tokenizer_from_dict(bad)  # type: ignore[arg-type]


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="char, word"):
        fit_tokenizer("bpe", ["x"], vocab_size=10)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_char_round_trip_any_text(text: str) -> None:
    tok = fit_tokenizer("char", text, vocab_size=10_000, lowercase=False)
    assert tok.decode(tok.encode(text)) == text
    assert len(tok.tokens(text)) == len(text)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab ΣσΟΔ 世界,'\n\t")), max_size=120),
       kind=st.sampled_from(["char", "word"]))
def test_a_long_text_done_in_slices_gives_what_it_gives_whole(text: str, kind: str) -> None:
    """Long texts are counted and encoded a slice at a time; the result must not depend on the cuts."""
    import workbench.core.tokenizers as T

    whole = fit_tokenizer(kind, text, vocab_size=100)
    before = T.SLICE_CHARS
    T.SLICE_CHARS = 3  # cuts everywhere, including inside words and next to a final sigma
    try:
        cut = fit_tokenizer(kind, text, vocab_size=100)
        assert len(list(T.slices(text))) >= min(1, len(text)) and "".join(T.slices(text)) == text
        assert cut.vocab == whole.vocab
        assert cut.encode_array(text).tolist() == whole.encode(text)
    finally:
        T.SLICE_CHARS = before
