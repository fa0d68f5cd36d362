"""Plain records that cross from the extraction pipelines to the graph.

The pipelines produce these; :mod:`kg.graph` is the one place that turns them
into RDF. Nothing here knows about rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPE_NAMES = ("Place", "Organization", "Person", "Program")
RELATION_NAMES = ("locatedIn", "basedIn", "subOrganizationOf", "holdsPost", "implements", "authorOf")
PLACE_LEVELS = (
    "country", "region", "province", "prefecture", "county",
    "township", "community", "village", "compound", "zone",
)


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """An input file, or an article inside one.

    ``doc_id`` is stable: the file's relative path, plus ``#N`` for the N-th
    article of a file that holds several. ``text`` is the normalized text all
    offsets point into.
    """

    doc_id: str
    source_path: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    part_of: str | None = None  # doc_id of the file an article was found in
    start: int = 0  # offset of an article inside its file's normalized text
    authors: tuple[str, ...] = ()  # byline names, as read
    publication: str | None = None  # newspaper or magazine (吉林日报), from the masthead or page metadata
    edition: str | None = None  # the page or edition (版) as printed: 第3版, A3版
    media_type: str | None = None  # the format read, by content: text/plain, application/pdf, ...


@dataclass(frozen=True, slots=True)
class SentenceRecord:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One occurrence of an entity; offsets into the document's normalized text."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    etype: str
    entity: str  # key of the EntityRecord it resolves to


@dataclass(slots=True)
class EntityRecord:
    """A canonical entity. ``key`` is ``"Type:canonical name"``."""

    key: str
    etype: str
    name: str
    aliases: set[str] = field(default_factory=set)
    level: str | None = None  # places only
    code: str | None = None  # places only: official division code
    lon: float | None = None
    lat: float | None = None
    ident: str | None = None  # stable identifier for the IRI (places: division key)

    @staticmethod
    def make_key(etype: str, name: str) -> str:
        return f"{etype}:{name}"


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """A relation between two entity keys (for authorOf the object is a doc_id).

    ``doc_id``/``sentence`` locate the evidence; ``sentence`` is None for facts
    from the official divisions (a gazetteer parent).
    """

    subject: str
    predicate: str
    object: str
    doc_id: str | None = None
    sentence: int | None = None
    title: str | None = None  # holdsPost only


@dataclass(slots=True)
class Corpus:
    """Everything extracted from a corpus, ready for :func:`kg.graph.build_graph`."""

    documents: list[DocumentRecord] = field(default_factory=list)
    sentences: list[SentenceRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    relations: list[RelationRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one-line errors of unreadable inputs
