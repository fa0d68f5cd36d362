"""The record every recognizer returns, and overlap resolution.

Recognizers (places, organizations, people, programs) each read a document's
normalized text and return :class:`Candidate` spans with the canonical name
they propose. Nested spans of different types are all kept (昌邑区延安街道
党工委 is an organization holding two places); within one type, the longest
span wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int  # offsets into the document's normalized text
    end: int
    etype: str  # Place, Organization, Person, Program
    name: str  # proposed canonical name (full official form, quotes removed)
    aliases: tuple[str, ...] = ()  # other surface forms this mention shows (e.g. the short form)
    level: str | None = None  # places: admin level
    division: str | None = None  # places: key in pipelines.divisions
    attrs: tuple[tuple[str, str], ...] = field(default=())  # e.g. (("title", "副部长"),)

    def attr(self, key: str) -> str | None:
        for k, v in self.attrs:
            if k == key:
                return v
        return None


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Drop same-type candidates overlapped by a longer one; sort by position."""
    out: list[Candidate] = []
    by_type: dict[str, list[Candidate]] = {}
    for c in cands:
        by_type.setdefault(c.etype, []).append(c)
    for items in by_type.values():
        items.sort(key=lambda c: (-(c.end - c.start), c.start))
        taken: list[Candidate] = []
        for c in items:
            if c.attr("nested") or all(c.end <= t.start or c.start >= t.end for t in taken):
                taken.append(c)  # a named unit inside a body's name stays beside it
        out.extend(taken)
    out.sort(key=lambda c: (c.start, -c.end, c.etype))
    return out
