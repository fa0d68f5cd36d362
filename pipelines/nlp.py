"""The spaCy ``zh`` pipeline (jieba segmenter) with lgkg's recognizers as components.

Each recognizer is a small registered component, in the order the data flows:

``lgkg_sentences`` → ``lgkg_places`` → ``lgkg_organizations`` → ``lgkg_people``
→ ``lgkg_programs`` → ``lgkg_candidates``

Components pass plain :class:`~pipelines.mentions.Candidate` records through
``doc.user_data`` (the recognizers work on characters, since Chinese entity
boundaries need not fall on jieba's token boundaries); the last one also
exposes them as ``doc.spans["lgkg"]``, labelled by type, for spaCy tooling.

>>> doc = get_nlp()("梨树县委组织部副部长田昭一说。")
>>> sorted({s.label_ for s in doc.spans["lgkg"]})
['Organization', 'Person', 'Place']
"""

from __future__ import annotations

import contextlib
import io
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipelines.mentions import Candidate, resolve_overlaps
from pipelines.organizations import find_organizations
from pipelines.people import find_people
from pipelines.places import find_places
from pipelines.programs import find_programs
from pipelines.resolve import article_places, resolve_pronouns
from pipelines.sentences import split_sentences

COMPONENTS = ("lgkg_sentences", "lgkg_places", "lgkg_organizations", "lgkg_people", "lgkg_programs", "lgkg_candidates")


def _text(doc: Doc) -> str:
    """The Doc's text, built once: spaCy joins its tokens anew on every ``doc.text``."""
    if "lgkg_text" not in doc.user_data:
        doc.user_data["lgkg_text"] = doc.text
    return doc.user_data["lgkg_text"]


@Language.component("lgkg_sentences")
def sentences_component(doc: Doc) -> Doc:
    doc.user_data["lgkg_sentences"] = split_sentences(_text(doc))
    return doc


@Language.component("lgkg_places")
def places_component(doc: Doc) -> Doc:
    places = find_places(_text(doc))
    context = article_places(places)
    doc.user_data["lgkg_context"] = context
    doc.user_data["lgkg_places"] = resolve_pronouns(places, context)
    return doc


@Language.component("lgkg_organizations")
def organizations_component(doc: Doc) -> Doc:
    doc.user_data["lgkg_organizations"] = find_organizations(
        _text(doc), doc.user_data["lgkg_places"], doc.user_data["lgkg_context"])
    return doc


@Language.component("lgkg_people")
def people_component(doc: Doc) -> Doc:
    doc.user_data["lgkg_people"] = find_people(_text(doc), doc.user_data["lgkg_sentences"])
    return doc


@Language.component("lgkg_programs")
def programs_component(doc: Doc) -> Doc:
    doc.user_data["lgkg_programs"] = find_programs(_text(doc), doc.user_data["lgkg_sentences"])
    return doc


@Language.component("lgkg_candidates")
def candidates_component(doc: Doc) -> Doc:
    """Join the recognizers' candidates: longest per type wins; nested bodies dropped."""
    cands = resolve_overlaps([c for key in ("lgkg_places", "lgkg_organizations", "lgkg_people", "lgkg_programs")
                              for c in doc.user_data.get(key, [])])
    cands = drop_nested_bodies(cands)
    cands = drop_tagged_inside(cands)
    cands = drop_places_in_names(cands)
    cands = one_per_span(cands)
    doc.user_data["lgkg_candidates"] = cands
    spans = []
    for c in cands:
        span = doc.char_span(c.start, c.end, label=c.etype, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["lgkg"] = spans
    return doc


def drop_nested_bodies(cands: list[Candidate]) -> list[Candidate]:
    """A body named only inside a longer organization name is not a mention of it (省委 in 省委督查指导组)."""
    orgs = [c for c in cands if c.etype == "Organization"]
    return [c for c in cands if not (c.etype == "Organization" and not c.attr("nested") and any(
        o is not c and o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start) for o in orgs))]


def drop_tagged_inside(cands: list[Candidate]) -> list[Candidate]:
    """A name found only by jieba's tag is dropped where it overlaps a place, body or program
    (康乃尔 in 吉林康乃尔化纤工业股份有限公司)."""
    others = [c for c in cands if c.etype != "Person"]
    return [c for c in cands if not (c.etype == "Person" and c.attr("source") == "tagged" and any(
        o.start < c.end and c.start < o.end for o in others))]


def drop_places_in_names(cands: list[Candidate]) -> list[Candidate]:
    """A place inside a person's name is part of the name (柏林 in 村民蒋柏林说).

    >>> from pipelines.mentions import Candidate
    >>> [c.name for c in drop_places_in_names([Candidate(2, 5, "Person", "蒋柏林"), Candidate(3, 5, "Place", "柏林")])]
    ['蒋柏林']
    """
    people = [c for c in cands if c.etype == "Person"]
    return [c for c in cands if not (c.etype == "Place" and any(
        p.start <= c.start and c.end <= p.end and (p.start, p.end) != (c.start, c.end) for p in people))]


def _span_rank(c: Candidate) -> int:
    """Which reading of a span two recognizers both found wins: an official division, then a body,
    a person, a program, and last a place the divisions do not code."""
    if c.etype == "Place":
        return 0 if c.division else 4
    return {"Organization": 1, "Person": 2, "Program": 3}.get(c.etype, 5)


def one_per_span(cands: list[Candidate]) -> list[Candidate]:
    """One mention per span: where two types were found for exactly the same characters, keep one
    (大柴旦行政委员会 is an official division's name and a body's), so a mention names one entity.

    >>> from pipelines.mentions import Candidate
    >>> [c.etype for c in one_per_span([Candidate(0, 4, "Organization", "某某委员会"), Candidate(0, 4, "Place", "某某委员会")])]
    ['Organization']
    """
    best: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        have = best.get((c.start, c.end))
        if have is None or _span_rank(c) < _span_rank(have):
            best[(c.start, c.end)] = c
    return [c for c in cands if best[(c.start, c.end)] is c]


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process (jieba's dictionary loads quietly)."""
    import jieba

    jieba.setLogLevel(60)
    with contextlib.redirect_stderr(io.StringIO()):
        nlp = __import__("spacy").blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
