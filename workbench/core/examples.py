"""The bundled examples: each ``resources/examples/*.toml`` with a friendly menu title."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXAMPLES_DIR = Path(__file__).parents[2] / "resources" / "examples"

TITLES = {
    "movie-reviews": "Movie reviews — sentiment (Transformer)",
    "chinese-reviews": "Chinese reviews — sentiment (Transformer)",
    "shakespeare": "Shakespeare — write like the Bard (GPT)",
    "iris": "Iris flowers — species (MLP)",
    "penguins": "Penguins — species, with missing values (MLP)",
    "wine": "Wine — grape variety (FT-Transformer)",
}
ORDER = tuple(TITLES)  # text first: they are the demos people ask for


@dataclass(frozen=True)
class Example:
    """One bundled example config."""

    name: str
    title: str
    description: str
    path: Path


def list_examples(folder: Path = EXAMPLES_DIR) -> list[Example]:
    """The examples in ``folder``, known ones in ``ORDER`` first, then the rest by name."""
    found = []
    for path in sorted(folder.glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        comment = " ".join(line.lstrip("# ").strip() for line in lines if line.startswith("#"))
        title = TITLES.get(path.stem, path.stem.replace("-", " ").replace("_", " ").capitalize())
        found.append(Example(path.stem, title, comment, path))
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(found, key=lambda e: (rank.get(e.name, len(rank)), e.name))


def find_example(name: str, folder: Path = EXAMPLES_DIR) -> Example:
    """The example called ``name`` (a file stem); KeyError naming the known ones otherwise."""
    examples = list_examples(folder)
    for example in examples:
        if example.name == name:
            return example
    raise KeyError(f"no example called '{name}' (known: {', '.join(e.name for e in examples)})")
