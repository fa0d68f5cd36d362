"""Organization mentions by the grammar of Chinese organization names.

Three patterns:

1. a place followed by a body suffix (吉林市委, 梨树县委组织部, 柳河县纪委监委,
   大东街道党工委, 会源德村党支部); the canonical name starts at the innermost
   place, the longer written form is an alias (吉林市船营区大东街道党工委);
2. a bare level word with a body suffix (市委组织部, 县委, 省政府), completed
   with the article's place of that level (→ 吉林市委组织部);
3. a proper-name core ending in an organization head noun (吉林医药学院,
   …股份有限公司, …合作社), the left boundary found like settlement names;
plus the national bodies (党中央 → 中共中央).

Every candidate carries ``("place", name)`` when the name says where it is
based, and ``("parent", name)`` when it is a department of a named body.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.lexicon import alternation, table, words
from pipelines.mentions import Candidate
from pipelines.normalize import _is_han
from pipelines.places import _proper_core


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    after = alternation_of(s for s, _ in table("org_after_place"))
    levels = "".join(lv for lv, _ in table("place_short_levels"))
    heads = alternation("org_heads")
    national = alternation_of(s for s, _ in table("org_national"))
    return {
        "after": re.compile(f"(?:{after})"),
        "short": re.compile(f"(中共)?([{levels}])({after})"),
        "head": re.compile(f"(?:{heads})"),
        "national": re.compile(f"(?:{national})"),
    }


def alternation_of(items) -> str:
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))


def _kind(suffix: str) -> str:
    return dict(table("org_after_place"))[suffix]


def find_organizations(text: str, places: list[Candidate], article_places: dict[str, str]) -> list[Candidate]:
    """Organization candidates; ``article_places`` maps a level to the article's place of that level."""
    pats = _patterns()
    out: list[Candidate] = []
    named = sorted((p for p in places if p.name), key=lambda p: p.start)
    starts = {p.start: p for p in named}
    ends = {p.end: p for p in named}

    # 1. place + suffix
    for p in named:
        if p.end in starts:
            continue  # a chain continues: the innermost place anchors the name
        m = pats["after"].match(text, p.end)
        if not m:
            continue
        first = p
        while first.start in ends:
            first = ends[first.start]
        start = first.start - 2 if text[max(0, first.start - 2):first.start] == "中共" else first.start
        suffix = m.group()
        name = p.name + suffix
        aliases = {text[start:m.end()], text[p.start:m.end()]} - {name}
        out.append(_org(start, m.end(), name, aliases, p.name, suffix))

    # 2. bare level word + suffix, completed with the article's place
    levels = dict(table("place_short_levels"))
    for m in pats["short"].finditer(text):
        if m.start() in ends or (m.start(2) in ends):
            continue
        place = article_places.get(levels[m.group(2)])
        if not place:
            continue
        suffix = m.group(3)
        stem = place if place.endswith(m.group(2)) else None
        if stem is None:
            continue
        name = stem + suffix
        out.append(_org(m.start(), m.end(), name, {m.group()} - {name}, stem, suffix))

    # 3. proper core + head noun
    covered = [(c.start, c.end) for c in out]
    generic = words("org_generic_words")
    for m in pats["head"].finditer(text):
        s, e = m.start(), m.end()
        if len(m.group()) < 2 or any(a <= s < b for a, b in covered):
            continue
        left = s
        while left > 0 and (_is_han(text[left - 1]) or text[left - 1].isdigit()) and s - left < 12:
            left -= 1
        inner = [p for p in named if left <= p.start < s]
        if inner:  # an organization name starts at its first place (代表吉林市…协会 → 吉林市…协会)
            core = text[inner[0].start:s]
        else:
            core = _proper_core(text[left:s])
        if len(core) < 2 or any(core.startswith(g) for g in generic):
            continue
        start = s - len(core)
        out.append(Candidate(start, e, "Organization", text[start:e], (), attrs=()))

    # national bodies
    canon = dict(table("org_national"))
    for m in pats["national"].finditer(text):
        name = canon[m.group()]
        out.append(Candidate(m.start(), m.end(), "Organization", name, tuple({m.group()} - {name})))
    return [_with_parent(c) for c in out]


def _org(start: int, end: int, name: str, aliases: set[str], place: str, suffix: str) -> Candidate:
    attrs = [("place", place)]
    if _kind(suffix) == "dept":
        attrs.append(("parent", place + "委"))
    return Candidate(start, end, "Organization", name, tuple(sorted(aliases)), attrs=tuple(attrs))


def _with_parent(c: Candidate) -> Candidate:
    """Add ("parent", prefix) when a proper prefix of the name is itself an organization name."""
    if c.attr("parent"):
        return c
    head = _patterns()["head"]
    for m in head.finditer(c.name):
        if len(m.group()) >= 2 and 3 <= m.end() < len(c.name) - 1:
            return Candidate(c.start, c.end, c.etype, c.name, c.aliases, c.level, c.division,
                             c.attrs + (("parent", c.name[:m.end()]),))
    return c
