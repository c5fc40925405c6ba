"""What is wrong with a run config, as data: ``Problem`` and ``validate``.

A problem says where (section and field) and what (a plain sentence), so the window can mark the
field and name it by its label, the CLI can print ``str(problem)`` and a translator can translate
the sentence. ``validate`` reads ranges and choices from the config's field metadata
(``config._f``), so it needs nothing from ``workbench.core.config`` but the instance it checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.core.config import RunConfig

MAX_HIDDEN_LAYERS = 16  # an MLP's [model] hidden list: deeper tables learn nothing more


def field_name(section: str, name: str) -> str:
    """How a message names a setting: ``[model] n_heads``, ``[model]`` alone, or a top-level ``name``."""
    if section and name:
        return f"[{section}] {name}"
    return f"[{section}]" if section else name


def placeholder(section: str, name: str) -> str:
    """How a message mentions a setting it does not start with: ``{model.d_model}``."""
    return "{" + f"{section}.{name}" + "}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a config: where (``section``, ``field``) and what (``message``).

    ``message`` is the plain sentence that follows the setting's name ("must be at least 1; got 0").
    Other settings it mentions are listed in ``related`` and written ``{section.field}`` in it; a
    message that mentions its own setting that way ("unknown key {model.width}") places the name
    itself. ``str()`` is the line the CLI prints; ``describe`` names settings the window's way.
    """

    section: str  # "model"; "" for the file as a whole or a top-level key such as ``name``
    field: str  # "n_heads"; "" for the section as a whole
    message: str
    related: tuple[tuple[str, str], ...] = ()  # other (section, field)s the message mentions

    def __str__(self) -> str:
        return self.describe(field_name)

    def describe(self, name: Callable[[str, str], str]) -> str:
        """The problem as one line, each setting called ``name(section, field)``."""
        text = self.message
        for section, fname in ((self.section, self.field), *self.related):
            text = text.replace(placeholder(section, fname), name(section, fname))
        if not (self.section or self.field) or placeholder(self.section, self.field) in self.message:
            return text
        return f"{name(self.section, self.field)} {text}"


def validate(cfg: RunConfig) -> list[Problem]:
    """Range and combination checks; one Problem per thing wrong, each naming its setting."""
    problems: list[Problem] = []
    for part in dataclasses.fields(cfg):
        obj, section = getattr(cfg, part.name), part.name
        if not dataclasses.is_dataclass(obj):  # the run's name
            continue
        for f in dataclasses.fields(obj):
            problems.extend(_check_field(section, f.name, getattr(obj, f.name), f.metadata))
    m, d = cfg.model, cfg.data
    uses_attention = not (m.kind in ("mlp", "bag") or (m.kind == "auto" and d.task in (
        "tabular_classification", "regression", "text_classification")))
    if uses_attention and m.n_heads >= 1 and m.d_model >= 1 and m.d_model % m.n_heads:
        problems.append(Problem("model", "n_heads", f"({m.n_heads}) must divide {{model.d_model}} "
                                f"({m.d_model}); try {_nearest_divisor(m.d_model, m.n_heads)} heads",
                                (("model", "d_model"),)))
    if cfg.optim.lr <= 0:
        problems.append(Problem("optim", "lr", "must be greater than 0"))
    if d.val_fraction + d.test_fraction >= 0.9:
        share = d.val_fraction + d.test_fraction
        problems.append(Problem("data", "val_fraction", f"+ test_fraction ({share:g}) must leave at least "
                                "10% of the data for training"))
    if any((not isinstance(h, int) or isinstance(h, bool) or h < 1) for h in m.hidden):
        problems.append(Problem("model", "hidden", f"must be a list of positive integers; got {m.hidden!r}"))
    elif len(m.hidden) > MAX_HIDDEN_LAYERS:
        problems.append(Problem("model", "hidden", f"has {len(m.hidden)} layers; at most "
                                f"{MAX_HIDDEN_LAYERS} are allowed"))
    task = (("data", "task"),)
    if m.kind == "gpt" and d.task not in ("auto", "language_modeling"):
        problems.append(Problem("model", "kind", f"'gpt' needs {{data.task}} 'language_modeling', "
                                f"not '{d.task}'", task))
    if m.kind in ("mlp", "ft_transformer") and d.task in ("text_classification", "language_modeling"):
        needs = "transformer" if d.task == "text_classification" else "gpt"
        problems.append(Problem("model", "kind", f"'{m.kind}' is for tables; {{data.task}} '{d.task}' "
                                f"needs {needs}", task))
    if m.kind in ("transformer", "bag") and d.task in ("tabular_classification", "regression",
                                                       "language_modeling"):
        needs = "gpt" if d.task == "language_modeling" else "mlp or ft_transformer"
        problems.append(Problem("model", "kind", f"'{m.kind}' is a text classifier; {{data.task}} "
                                f"'{d.task}' needs {needs}", task))
    return problems


def _check_field(section: str, name: str, value: object, meta: Mapping[str, Any]) -> list[Problem]:
    """One field against its metadata: a choice (of each entry, for a table) and a range."""
    lo, hi, choices = meta.get("min"), meta.get("max"), meta.get("choices")
    if isinstance(value, dict):
        return [Problem(section, name, f"{placeholder(section, name)}.{key} must be one of "
                        f"{', '.join(choices)}; got {item!r}")
                for key, item in value.items() if choices and item not in choices]
    found = []
    if isinstance(value, list) and hi is not None:  # a list of sizes: each entry has the range
        big = [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool) and v > hi]
        if big:
            found.append(Problem(section, name, f"entries must be at most {hi:,.0f}; got {big[0]:,.0f}"))
        return found
    if choices and value not in choices:
        found.append(Problem(section, name, f"must be one of {', '.join(choices)}; got {value!r}"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value:  # NaN
            found.append(Problem(section, name, "must be a number, got NaN"))
        elif lo is not None and value < lo:
            found.append(Problem(section, name, f"must be at least {lo:g}; got {value:g}"))
        elif hi is not None and value > hi:
            found.append(Problem(section, name, f"must be at most {hi:g}; got {value:g}"))
    return found


def _nearest_divisor(width: int, heads: int) -> int:
    divisors = [h for h in range(1, min(width, 64) + 1) if width % h == 0]
    return min(divisors, key=lambda h: (abs(h - heads), -h))
