"""Plain-language labels for attention heads: what a head does, when the pattern is clear.

A head's maps on the probed examples are scored for five patterns (numpy only, no torch, no Qt):

- "previous token": each token's weight on the token just before it;
- "same token": the weight on itself (the diagonal);
- "first token": the weight on the first token (a [CLS] token, or the start of a text);
- "a specific pairing": each query puts most of its weight on one other key, and that key is the
  same word (or at the same place: distance, position, or position from the end) for most
  queries across the examples;
- "broad average": rows close to uniform (normalised entropy near 1).

Each score is averaged over the examples (they differ in length, so the scores are averaged, not
the maps). The best positional pattern wins when its share of the attention is at least
``THRESHOLD`` and clearly ahead of the next; otherwise a near-uniform head is "broad average",
and anything else gets no label. The confidence is that share (or the normalised entropy).

For a causal model (a GPT) the first two rows are left out: row 0 can only look at itself, and in
row 1 the previous token is also the first. Maps are cut to their first ``MAX_TOKENS`` tokens
(rows renormalised) to keep a scan of a long timeline cheap.

:func:`label_timeline` adds the step from which each label holds, snapshot after snapshot, up to
the last one given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

MAX_TOKENS = 64
THRESHOLD = 0.4  # share of a row's attention a positional pattern must take on average
MARGIN = 1.5  # the winner must take this many times the runner-up's share
BROAD = 0.9  # normalised entropy at or above which a head counts as a broad average
CONSISTENT = 0.6  # share of queries whose strongest key is the same word (or distance): a pairing
MIN_ROWS = 2  # rows an example must have, once the trivial ones are left out, to count

# The words a user reads (one table, for translation).
TEXT = {
    "previous": "previous token",
    "same": "same token",
    "first": "first token",
    "pairing": "a specific pairing",
    "broad": "broad average",
    "since": "since step {step}",
    "pairing_token": "a specific pairing (→ ‘{token}’)",
    "confidence": "{label}: {share:.0%} of the attention",
    "confidence_broad": "{label}: spread almost evenly ({share:.0%} of the most even spread)",
}
KINDS = ("previous", "same", "first", "pairing", "broad")


@dataclass(frozen=True)
class HeadLabel:
    """What one head does: ``kind`` (a key of ``TEXT``), its confidence (0..1), when it began."""

    kind: str
    confidence: float
    since: int | None = None  # the first step from which the label held through the last snapshot
    token: str = ""  # a pairing's key word, when it is one word

    @property
    def text(self) -> str:
        """The label as a user reads it ("previous token")."""
        if self.kind == "pairing" and self.token:
            return TEXT["pairing_token"].format(token=self.token)
        return TEXT[self.kind]

    @property
    def since_text(self) -> str:
        """"since step 120", or "" when the step is unknown."""
        return "" if self.since is None else TEXT["since"].format(step=f"{self.since:,}")

    @property
    def detail(self) -> str:
        """A sentence for a tooltip: the label and how strongly it holds."""
        key = "confidence_broad" if self.kind == "broad" else "confidence"
        return TEXT[key].format(label=self.text, share=self.confidence)


def crop(att: np.ndarray, size: int = MAX_TOKENS) -> np.ndarray:
    """The first ``size`` tokens of maps (..., T, T), each row renormalised to sum to 1."""
    part = att[..., :size, :size].astype(np.float64)  # a map cut before (a stored snapshot) too
    out: np.ndarray = part / np.maximum(part.sum(axis=-1, keepdims=True), 1e-12)
    return out


def _rows(n: int, causal: bool) -> np.ndarray:
    """The query rows that are scored (see the module docstring)."""
    return np.arange(2 if causal else 1, n)


def _scores(att: np.ndarray, causal: bool, tokens: Sequence[str] | None) -> dict[str, np.ndarray] | None:
    """Per-head scores (H,) of one example's maps ``att`` (H, n, n); None when it is too short."""
    n = att.shape[-1]
    rows = _rows(n, causal)
    if rows.size < MIN_ROWS:
        return None
    sub = att[:, rows]  # (H, r, n)
    previous = sub[:, np.arange(rows.size), rows - 1].mean(axis=1)
    same = sub[:, np.arange(rows.size), rows].mean(axis=1)
    first = sub[:, :, 0].mean(axis=1)
    allowed = (rows + 1) if causal else np.full(rows.size, n)
    safe = np.clip(sub, 1e-12, 1.0)
    entropy = -(sub * np.log(safe)).sum(axis=-1) / np.log(allowed)  # (H, r), 1 = uniform
    names = list(tokens) if tokens is not None and len(tokens) >= n else [""] * n
    strongest = sub.argmax(axis=-1)  # (H, r)
    peak = np.take_along_axis(sub, strongest[..., None], axis=-1)[..., 0]
    special = (strongest == rows) | (strongest == rows - 1) | (strongest == 0)
    return {"previous": previous, "same": same, "first": first, "entropy": entropy.mean(axis=1),
            "peak": np.where(special, 0.0, peak), "key": strongest, "offset": strongest - rows,
            "from_end": n - 1 - strongest,
            "special": special, "words": np.asarray(names, dtype=object)[strongest]}


def _pairing(parts: list[dict[str, np.ndarray]], head: int) -> tuple[float, str]:
    """(score, key word) of a specific pairing for ``head``: mean peak share x consistency."""
    words: list[str] = []
    places: dict[str, list[int]] = {"offset": [], "key": [], "from_end": []}  # where the key is
    peaks: list[float] = []
    for part in parts:
        keep = ~part["special"][head]
        words += [str(w) for w in part["words"][head][keep]]
        for how, found in places.items():
            found += [int(v) for v in part[how][head][keep]]
        peaks += list(part["peak"][head])
    if not peaks or not words:
        return 0.0, ""
    total = len(peaks)
    word, word_count = Counter(words).most_common(1)[0]
    by_word = word_count / total if word else 0.0
    by_place = max(Counter(found).most_common(1)[0][1] for found in places.values()) / total
    consistency = max(by_word, by_place)
    score = float(np.mean(peaks)) if consistency >= CONSISTENT else 0.0
    return score * consistency, word if by_word >= CONSISTENT and by_word >= by_place else ""


def label_heads(examples: Sequence[np.ndarray], causal: bool,
                tokens: Sequence[Sequence[str]] | None = None) -> list[list[HeadLabel | None]]:
    """Labels of every head, (layers x heads), from each example's maps (layers, heads, n, n).

    ``tokens`` (one list per example) lets a pairing name its key word. A head gets None when no
    pattern is clear, or when every example is too short to tell.
    """
    if not examples:
        return []
    layers, heads = examples[0].shape[:2]
    out: list[list[HeadLabel | None]] = []
    for layer in range(layers):
        parts = []
        for i, att in enumerate(examples):
            part = _scores(crop(att[layer]), causal, None if tokens is None else tokens[i][:MAX_TOKENS])
            if part is not None:
                parts.append(part)
        row: list[HeadLabel | None] = []
        for head in range(heads):
            row.append(_decide(parts, head) if parts else None)
        out.append(row)
    return out


def _decide(parts: list[dict[str, np.ndarray]], head: int) -> HeadLabel | None:
    """The label of ``head`` from its per-example scores, or None."""
    shares = {kind: float(np.mean([p[kind][head] for p in parts])) for kind in ("previous", "same", "first")}
    pairing, word = _pairing(parts, head)
    shares["pairing"] = pairing
    ranked = sorted(shares.items(), key=lambda kv: kv[1], reverse=True)
    (best, share), (_second, runner_up) = ranked[0], ranked[1]
    if share >= THRESHOLD and share >= MARGIN * runner_up:
        return HeadLabel(best, round(min(share, 1.0), 3), token=word if best == "pairing" else "")
    entropy = float(np.mean([p["entropy"][head] for p in parts]))
    if entropy >= BROAD:
        return HeadLabel("broad", round(min(entropy, 1.0), 3))
    return None


Labels = list[list[HeadLabel | None]]


def label_timeline(timeline: Sequence[tuple[int, Sequence[np.ndarray]]], causal: bool,
                   tokens: Sequence[Sequence[str]] | None = None,
                   memo: dict[int, Labels] | None = None) -> Labels:
    """Labels at the last snapshot of ``timeline`` ((step, examples' maps), oldest first), each
    with ``since``: the first step from which that label (the same kind) held at every snapshot.

    Snapshots are scanned from the newest back and the scan stops once every label has broken.
    ``memo`` (step -> that snapshot's own labels) is read and filled, so following a live run
    labels each new snapshot once, however long the label has held.
    """
    if not timeline:
        return []
    memo = {} if memo is None else memo

    def at(index: int) -> tuple[int, Labels]:
        step, maps = timeline[index]  # the maps may be a lazy sequence: read only when needed
        if step not in memo:
            memo[step] = label_heads(maps, causal, tokens)
        return step, memo[step]

    last_step, labels = at(len(timeline) - 1)
    since = {(layer, head): last_step for layer, row in enumerate(labels)
             for head, lab in enumerate(row) if lab is not None}
    alive = set(since)
    for i in range(len(timeline) - 2, -1, -1):  # a lazy Sequence is read only as far as needed
        if not alive:
            break
        step, earlier = at(i)
        for layer, head in list(alive):
            now, then = labels[layer][head], earlier[layer][head]
            if now is not None and then is not None and then.kind == now.kind:
                since[(layer, head)] = step
            else:
                alive.discard((layer, head))
    return [[None if lab is None else replace(lab, since=since[(layer, head)])
             for head, lab in enumerate(row)] for layer, row in enumerate(labels)]

