"""Load the word lists and patterns under ``pipelines/data`` once.

Files are UTF-8 text, one entry per line; ``#`` starts a comment; blank lines
are ignored. Entries may carry tab-separated fields.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = (resources.files("pipelines") / "data" / name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line.strip())
    return out


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """Entries of ``data/<name>.txt``, longest first (for greedy matching)."""
    return tuple(sorted(dict.fromkeys(_lines(name + ".txt")), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def wordset(name: str) -> frozenset[str]:
    return frozenset(_lines(name + ".txt"))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of tab-separated fields of ``data/<name>.tsv``."""
    return tuple(tuple(f.strip() for f in line.split("\t")) for line in _lines(name + ".tsv"))


def alternation(name: str) -> str:
    """A regex alternation of ``data/<name>.txt``, longest first, escaped."""
    import re

    return "|".join(re.escape(w) for w in words(name))
