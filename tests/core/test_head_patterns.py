"""Head labels on synthetic attention patterns, and the step from which a label holds."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.core.head_patterns import HeadLabel, label_heads, label_timeline

RNG = np.random.default_rng(0)


def rows_normalised(a: np.ndarray, causal: bool = False) -> np.ndarray:
    """Mask keys after the query (causal), then make each row sum to 1."""
    a = a.astype(np.float64).copy()
    if causal:
        n = a.shape[-1]
        a[..., np.triu(np.ones((n, n), dtype=bool), 1)] = 0.0
    return a / a.sum(axis=-1, keepdims=True)


def pattern(kind: str, n: int, strength: float = 0.9, causal: bool = False, noise: float = 0.0) -> np.ndarray:
    """One head's (n, n) map that puts ``strength`` of each row on the pattern's key."""
    base = np.ones((n, n)) + noise * RNG.random((n, n))
    if causal:
        base[np.triu(np.ones((n, n), dtype=bool), 1)] = 0.0
    base = rows_normalised(base) * (1 - strength)
    q = np.arange(n)
    key = {"previous": np.maximum(q - 1, 0), "same": q, "first": np.zeros(n, int),
           "pairing": np.full(n, n - 1) if not causal else np.maximum(q - 3, 0)}[kind]
    base[q, key] += strength
    return rows_normalised(base, causal)


def one_head(maps: list[np.ndarray]) -> list[np.ndarray]:
    """Each example's map as (layers=1, heads=1, n, n)."""
    return [m[None, None] for m in maps]


@pytest.mark.parametrize("kind", ["previous", "same", "first", "pairing"])
@pytest.mark.parametrize("causal", [False, True])
def test_each_clear_pattern_gets_its_label(kind: str, causal: bool) -> None:
    examples = one_head([pattern(kind, n, causal=causal, noise=0.3) for n in (12, 20, 9)])
    label = label_heads(examples, causal)[0][0]
    assert label is not None and label.kind == kind
    assert 0.6 < label.confidence <= 1.0


def test_a_near_uniform_head_is_a_broad_average_and_a_causal_one_too() -> None:
    flat = [np.full((n, n), 1.0 / n) + 0.001 * RNG.random((n, n)) for n in (30, 45)]
    label = label_heads(one_head([rows_normalised(m) for m in flat]), causal=False)[0][0]
    assert label is not None and label.kind == "broad" and label.confidence > 0.99
    causal = label_heads(one_head([rows_normalised(np.ones((40, 40)), causal=True)]), causal=True)[0][0]
    assert causal is not None and causal.kind == "broad"
    assert label.text == "broad average" and "spread almost evenly" in label.detail


def test_a_mixed_or_noisy_head_gets_no_label() -> None:
    n = 16
    mixed = rows_normalised(0.5 * pattern("previous", n) + 0.5 * pattern("same", n))
    assert label_heads(one_head([mixed]), causal=False)[0][0] is None
    spiky = rows_normalised(RNG.random((n, n)) ** 8)  # peaked rows, but a different key in each
    assert label_heads(one_head([spiky]), causal=False)[0][0] is None


def test_a_weak_pattern_under_noise_is_not_claimed_but_a_strong_one_is() -> None:
    weak = label_heads(one_head([pattern("previous", 24, strength=0.2, noise=2.0)]), causal=False)[0][0]
    assert weak is None or weak.kind != "previous"
    strong = label_heads(one_head([pattern("previous", 24, strength=0.8, noise=2.0)]), causal=False)[0][0]
    assert strong is not None and strong.kind == "previous"


def test_a_pairing_names_the_word_it_attends_to() -> None:
    words = [["the", "film", "was", "not", "good", "at", "all", "."],
             ["i", "did", "not", "laugh", "once", "in", "the", "film"]]
    maps = []
    for tokens in words:
        m = np.ones((8, 8))
        m[:, tokens.index("not")] += 30  # every token looks at "not"
        maps.append(rows_normalised(m))
    label = label_heads(one_head(maps), causal=False, tokens=words)[0][0]
    assert label is not None and label.kind == "pairing" and label.token == "not"
    assert label.text == "a specific pairing (→ ‘not’)"


def test_every_layer_and_head_is_labelled_on_its_own() -> None:
    n = 10
    att = np.stack([np.stack([pattern("previous", n), pattern("first", n)]),
                    np.stack([pattern("same", n), rows_normalised(np.ones((n, n)))])])  # (2, 2, n, n)
    labels = label_heads([att], causal=False)
    assert [[lab.kind if lab else None for lab in row] for row in labels] == [["previous", "first"],
                                                                            ["same", "broad"]]


def test_too_short_examples_give_no_label() -> None:
    assert label_heads(one_head([pattern("previous", 2)]), causal=False) == [[None]]
    assert label_heads([], causal=False) == []


def test_the_step_of_appearance_is_the_first_snapshot_from_which_the_label_holds() -> None:
    n = 12
    flat = rows_normalised(np.ones((n, n)))
    # previous token at 0 (by chance), broad at 100 and 200, previous from 300 to the end.
    timeline = [(0, one_head([pattern("previous", n)])), (100, one_head([flat])), (200, one_head([flat])),
                (300, one_head([pattern("previous", n, 0.5)])), (400, one_head([pattern("previous", n)])),
                (500, one_head([pattern("previous", n, 0.95)]))]
    label = label_timeline(timeline, causal=False)[0][0]
    assert isinstance(label, HeadLabel) and label.kind == "previous" and label.since == 300
    assert label.since_text == "since step 300"
    broad = label_timeline(timeline[:3], causal=False)[0][0]
    assert broad is not None and broad.kind == "broad" and broad.since == 100
    assert label_timeline(timeline[:1], causal=False)[0][0].since == 0  # type: ignore[union-attr]
    assert label_timeline([], causal=False) == []


def test_a_long_map_is_judged_on_its_first_tokens_without_error() -> None:
    label = label_heads(one_head([pattern("same", 600)]), causal=True)[0][0]
    assert label is not None and label.kind == "same"
