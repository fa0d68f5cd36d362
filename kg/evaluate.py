"""Score a built graph against the hand annotations in ``shared/gold``.

For every gold unit ``NAME.json`` (``"source": "NAME.txt"``) the scored
document is the graph's ``lg:Document`` whose ``lg:sourcePath`` is
``NAME.txt`` or ends with ``/NAME.txt``, together with every article
``lg:partOf`` it. Nothing here runs the extraction: the graph comes in ready.

Predicted items of a unit
    *Entities*: typed entities with ``lg:mentionedIn`` one of the unit's
    documents. *Relations*: a direct relation triple whose ``rdf:Statement``
    is ``prov:wasDerivedFrom`` evidence (a sentence or mention) that is
    ``lg:inDocument`` one of the unit's documents; ``locatedIn`` and
    ``holdsPost`` triples also count when their subject is a predicted entity
    of the unit (one step: gazetteer parents of mentioned places);
    ``authorOf`` counts when its object is one of the unit's documents, and
    that object is the gold's ``DOC``.

Matching
    Names are compared after NFKC with all whitespace and quotation marks
    removed. Two names-sets match when the canonical name of either one is
    the name or an alias of the other. Entities also need the same type;
    relations need the same predicate and both ends matching (the holdsPost
    title is not scored). ``locatedIn`` a country from a province is dropped
    on both sides. Items are matched one to one by a maximum-cardinality
    matching that, among all maximum matchings, prefers pairs whose canonical
    names are equal (see :func:`_one_to_one`).
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from rdflib import Graph, Literal
from rdflib.term import Node

from kg.namespace import ENTITY_TYPES, LG, PROV, RDF, RDFS, RELATION_PREDICATES, SKOS, ontology_graph

__all__ = [
    "GoldEntity", "GoldRelation", "GoldUnit", "Score", "EvalReport",
    "normalize_name", "load_gold", "evaluate_units", "evaluate_graph", "format_report", "row_names",
]

ENTITY_MICRO = "entity micro"
RELATION_MICRO = "relation micro"
#: Gold's placeholder for "this unit" as the object of authorOf.
DOC = "DOC"
#: Names of the country; ``locatedIn`` it from a province-level subject is not scored.
COUNTRY_NAMES = frozenset({"中国", "中华人民共和国"})
UNSCORED_COUNTRY_CHILD_LEVELS = frozenset({"province"})

# Quotation marks of every kind (ASCII, typographic, CJK corner brackets, fullwidth,
# vertical forms); categories Pi/Pf (initial/final quotes) are removed as well.
_QUOTES = frozenset(
    "\"'`´“”‘’‚‛„‟«»‹›「」『』﹁﹂﹃﹄〝〞〟＂＇｀〃"
)
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_DOC_KEY = "\x00" + DOC  # cannot collide with a normalized name


def normalize_name(text: str) -> str:
    """NFKC, then drop whitespace, zero-width characters and quotation marks."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isspace() or ch in _QUOTES or ch in _INVISIBLE:
            continue
        if unicodedata.category(ch) in ("Pi", "Pf"):
            continue
        out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldEntity:
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None


@dataclass(frozen=True, slots=True)
class GoldRelation:
    s: str
    p: str
    o: str
    title: str | None = None


@dataclass(slots=True)
class GoldUnit:
    """One annotated text unit; ``name`` is the gold file's stem."""

    source: str
    entities: list[GoldEntity]
    relations: list[GoldRelation]
    name: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            self.name = Path(self.source).stem


def _require(cond: bool, path: Path, msg: str) -> None:
    if not cond:
        raise ValueError(f"{path}: malformed gold file: {msg}")


def _parse_unit(path: Path, data: Any) -> GoldUnit:
    _require(isinstance(data, dict), path, "top level is not an object")
    source = data.get("source")
    _require(isinstance(source, str) and source.strip() != "", path, "'source' is missing or not a string")
    ents, rels = data.get("entities", []), data.get("relations", [])
    _require(isinstance(ents, list), path, "'entities' is not a list")
    _require(isinstance(rels, list), path, "'relations' is not a list")
    entities: list[GoldEntity] = []
    for i, e in enumerate(ents):
        where = f"entities[{i}]"
        _require(isinstance(e, dict), path, f"{where} is not an object")
        _require(e.get("type") in ENTITY_TYPES, path, f"{where}: unknown type {e.get('type')!r}")
        name = e.get("name")
        _require(isinstance(name, str) and name.strip() != "", path, f"{where}: 'name' missing or not a string")
        aliases = e.get("aliases") or []
        _require(isinstance(aliases, list) and all(isinstance(a, str) for a in aliases), path,
                 f"{where}: 'aliases' is not a list of strings")
        level = e.get("level")
        _require(level is None or isinstance(level, str), path, f"{where}: 'level' is not a string")
        entities.append(GoldEntity(e["type"], name, tuple(aliases), level))
    relations: list[GoldRelation] = []
    for i, r in enumerate(rels):
        where = f"relations[{i}]"
        _require(isinstance(r, dict), path, f"{where} is not an object")
        _require(r.get("p") in RELATION_PREDICATES, path, f"{where}: unknown predicate {r.get('p')!r}")
        for end in ("s", "o"):
            v = r.get(end)
            _require(isinstance(v, str) and v.strip() != "", path, f"{where}: '{end}' missing or not a string")
        title = r.get("title")
        _require(title is None or isinstance(title, str), path, f"{where}: 'title' is not a string")
        relations.append(GoldRelation(r["s"], r["p"], r["o"], title))
    return GoldUnit(source.strip(), entities, relations, path.stem)


def load_gold(gold_dir: Path | str) -> list[GoldUnit]:
    """Every ``*.json`` unit of ``gold_dir``, sorted by file name.

    Raises ``ValueError`` (one line, naming the file) on a malformed file, and
    when the folder is missing or holds no gold file.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise ValueError(f"{gold_dir}: gold folder not found")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise ValueError(f"{gold_dir}: no gold *.json files")
    units = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: malformed gold file: invalid JSON ({exc.msg}, line {exc.lineno})") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path}: malformed gold file: not UTF-8") from None
        units.append(_parse_unit(path, data))
    return units


# --------------------------------------------------------------------------- scores


@dataclass(slots=True)
class Score:
    """Counts of one row; ``missed``/``spurious`` hold ``(unit, item)`` pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when the gold is empty."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.missed.extend(other.missed)
        self.spurious.extend(other.spurious)


@dataclass(slots=True)
class EvalReport:
    """Micro-averaged scores over ``units``; rows keyed by type, predicate and the two micro rows."""

    rows: dict[str, Score]
    units: list[str]


def row_names() -> list[str]:
    """Row order of the report: entity types, entity micro, predicates, relation micro."""
    return [*ENTITY_TYPES, ENTITY_MICRO, *RELATION_PREDICATES, RELATION_MICRO]


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Names:
    """Normalized canonical name plus every normalized name/alias, and a display form."""

    canonical: str
    all: frozenset[str]
    display: str

    @staticmethod
    def of(canonical: str, aliases: Iterable[str] = ()) -> _Names:
        c = normalize_name(canonical)
        names = {n for n in (normalize_name(a) for a in aliases) if n}
        if c:
            names.add(c)
        return _Names(c, frozenset(names), canonical)


_DOC_NAMES = _Names(_DOC_KEY, frozenset({_DOC_KEY}), DOC)


def _names_match(a: _Names, b: _Names) -> bool:
    return bool(a.canonical) and bool(b.canonical) and (a.canonical in b.all or b.canonical in a.all)


def _same(a: _Names, b: _Names) -> bool:
    return bool(a.canonical) and a.canonical == b.canonical


T = TypeVar("T")
U = TypeVar("U")


def _one_to_one(gold: Sequence[T], pred: Sequence[U], weight: Callable[[T, U], int]) -> list[tuple[int, int]]:
    """Pairs ``(gold index, pred index)`` of a one-to-one matching.

    ``weight`` is 0 for incompatible items and positive otherwise (higher for
    exact canonical-name agreement). ``networkx.max_weight_matching`` with
    ``maxcardinality=True`` returns a matching of maximum size (so the scores
    never depend on input order), and among those one of maximum weight, so
    exact-name pairs are kept where possible, which keeps the error lists
    readable.
    """
    g = nx.Graph()
    for i, a in enumerate(gold):
        for j, b in enumerate(pred):
            w = weight(a, b)
            if w > 0:
                g.add_edge(("g", i), ("p", j), weight=w)
    if g.number_of_edges() == 0:
        return []
    pairs = []
    for u, v in nx.max_weight_matching(g, maxcardinality=True):
        if u[0] == "p":
            u, v = v, u
        pairs.append((u[1], v[1]))
    return sorted(pairs)


def _score(unit: str, gold: Sequence[T], pred: Sequence[U], weight: Callable[[T, U], int],
           show: Callable[[Any], str]) -> Score:
    pairs = _one_to_one(gold, pred, weight)
    hit_g = {i for i, _ in pairs}
    hit_p = {j for _, j in pairs}
    return Score(
        tp=len(pairs),
        fp=len(pred) - len(hit_p),
        fn=len(gold) - len(hit_g),
        missed=[(unit, show(x)) for i, x in enumerate(gold) if i not in hit_g],
        spurious=[(unit, show(x)) for j, x in enumerate(pred) if j not in hit_p],
    )


@dataclass(frozen=True, slots=True)
class _Ent:
    type: str
    names: _Names
    level: str | None = None


@dataclass(frozen=True, slots=True)
class _Rel:
    p: str
    s: _Names
    o: _Names
    s_level: str | None = None
    o_level: str | None = None

    def key(self) -> tuple[str, str, str]:
        return (self.p, self.s.canonical, self.o.canonical)


def _entity_weight(a: _Ent, b: _Ent) -> int:
    if a.type != b.type or not _names_match(a.names, b.names):
        return 0
    return 2 if _same(a.names, b.names) else 1


def _relation_weight(a: _Rel, b: _Rel) -> int:
    if a.p != b.p or not _names_match(a.s, b.s) or not _names_match(a.o, b.o):
        return 0
    return 1 + _same(a.s, b.s) + _same(a.o, b.o)


def _show_entity(e: _Ent) -> str:
    return e.names.display


def _show_relation(r: _Rel) -> str:
    return f"{r.s.display} {r.p} {r.o.display}"


# --------------------------------------------------------------------------- graph side


class _GraphIndex:
    """What the scoring reads from a graph, computed once per evaluation."""

    def __init__(self, g: Graph):
        self.g = g
        self.type_of = self._entity_types(g)
        self._names: dict[Node, _Names] = {}

    @staticmethod
    def _entity_types(g: Graph) -> dict[Node, str]:
        cls_type: dict[Node, str] = {iri: name for name, iri in ENTITY_TYPES.items()}
        for src in (ontology_graph(), g):  # declared subclasses count as their entity type
            for sub in set(src.subjects(RDFS.subClassOf, None)):
                for sup in src.transitive_objects(sub, RDFS.subClassOf):
                    if sup in cls_type:
                        cls_type.setdefault(sub, cls_type[sup])
                        break
        out: dict[Node, str] = {}
        for cls, name in cls_type.items():
            for e in g.subjects(RDF.type, cls):
                # one type per entity; deterministic if a node carries several
                if e not in out or name < out[e]:
                    out[e] = name
        return out

    def names(self, node: Node) -> _Names:
        if node not in self._names:
            labels = sorted(self.g.objects(node, RDFS.label), key=_label_rank)
            alts = [str(a) for a in self.g.objects(node, SKOS.altLabel)]
            if labels:
                self._names[node] = _Names.of(str(labels[0]), [str(x) for x in labels] + alts)
            else:
                self._names[node] = _Names("", frozenset(), str(node))
        return self._names[node]

    def level(self, node: Node) -> str | None:
        v = self.g.value(node, LG.adminLevel)
        return str(v) if v is not None else None

    def unit_documents(self, source: str) -> set[Node]:
        """The unit's file document(s) and every article ``lg:partOf`` them (transitively)."""
        source = source.replace("\\", "/")
        exact, suffix = set(), set()
        for d, p in self.g.subject_objects(LG.sourcePath):
            path = str(p).replace("\\", "/")
            if path == source:
                exact.add(d)
            elif path.endswith("/" + source):
                suffix.add(d)
        scope = set(exact or suffix)
        frontier = list(scope)
        while frontier:
            d = frontier.pop()
            for part in self.g.subjects(LG.partOf, d):
                if part not in scope:
                    scope.add(part)
                    frontier.append(part)
        return scope

    def unit_entities(self, docs: set[Node]) -> set[Node]:
        return {e for d in docs for e in self.g.subjects(LG.mentionedIn, d) if e in self.type_of}

    def evidenced_triples(self, docs: set[Node]) -> set[tuple[Node, Node, Node]]:
        """(s, p, o) of the rdf:Statements derived from evidence inside ``docs``."""
        evidence = {x for d in docs for x in self.g.subjects(LG.inDocument, d)}
        out = set()
        for st, x in self.g.subject_objects(PROV.wasDerivedFrom):
            if x in evidence and (st, RDF.type, RDF.Statement) in self.g:
                s, p, o = (self.g.value(st, RDF.subject), self.g.value(st, RDF.predicate),
                           self.g.value(st, RDF.object))
                if s is not None and p is not None and o is not None:
                    out.add((s, p, o))
        return out


def _label_rank(label: Node) -> tuple[int, str]:
    lang = label.language if isinstance(label, Literal) else None
    return (0 if lang and lang.startswith("zh") else 1 if lang is None else 2, str(label))


def _predicted(index: _GraphIndex, source: str) -> tuple[list[_Ent], list[_Rel]]:
    g = index.g
    docs = index.unit_documents(source)
    if not docs:
        return [], []
    mentioned = index.unit_entities(docs)
    entities = [_Ent(index.type_of[e], index.names(e), index.level(e)) for e in mentioned]
    evidenced = index.evidenced_triples(docs)
    rels: list[_Rel] = []
    for name, pred in RELATION_PREDICATES.items():
        for s, o in g.subject_objects(pred):
            if name == "authorOf":
                if o in docs:
                    rels.append(_Rel(name, index.names(s), _DOC_NAMES))
                continue
            if (s, pred, o) in evidenced or (name in ("locatedIn", "holdsPost") and s in mentioned):
                rels.append(_Rel(name, index.names(s), index.names(o), index.level(s), index.level(o)))
    return entities, rels


# --------------------------------------------------------------------------- gold side


_END_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "locatedIn": (("Place",), ("Place",)),
    "basedIn": (("Organization",), ("Place",)),
    "subOrganizationOf": (("Organization",), ("Organization",)),
    "holdsPost": (("Person",), ("Organization", "Place")),
    "implements": (("Organization", "Place"), ("Program",)),
    "authorOf": (("Person",), ()),
}


def _gold_items(unit: GoldUnit) -> tuple[list[_Ent], list[_Rel]]:
    entities = [_Ent(e.type, _Names.of(e.name, e.aliases), e.level) for e in unit.entities]
    by_name: dict[str, list[_Ent]] = defaultdict(list)
    for e in entities:
        by_name[e.names.canonical].append(e)

    def end(name: str, types: tuple[str, ...]) -> _Ent | None:
        cands = by_name.get(normalize_name(name), [])
        return next((c for c in cands if c.type in types), cands[0] if cands else None)

    rels = []
    for r in unit.relations:
        s_types, o_types = _END_TYPES.get(r.p, ((), ()))
        s = end(r.s, s_types)
        if r.p == "authorOf" and r.o == DOC:
            o_names, o_level = _DOC_NAMES, None
        else:
            o = end(r.o, o_types)
            o_names, o_level = (o.names, o.level) if o else (_Names.of(r.o), None)
        rels.append(_Rel(r.p, s.names if s else _Names.of(r.s), o_names, s.level if s else None, o_level))
    return entities, rels


# --------------------------------------------------------------------------- evaluation


def _is_country(names: _Names, level: str | None) -> bool:
    countries = {normalize_name(c) for c in COUNTRY_NAMES}
    return level == "country" or names.canonical in countries or bool(names.all & countries)


def _unscored(r: _Rel, gold_province_names: list[_Names]) -> bool:
    """locatedIn a country from a province-level subject (graph level, gold level or a gold province)."""
    if r.p != "locatedIn" or not _is_country(r.o, r.o_level):
        return False
    if r.s_level in UNSCORED_COUNTRY_CHILD_LEVELS:
        return True
    return any(_names_match(r.s, g) for g in gold_province_names)


def _dedupe(rels: Iterable[_Rel]) -> list[_Rel]:
    seen: dict[tuple[str, str, str], _Rel] = {}
    for r in rels:
        seen.setdefault(r.key(), r)
    return list(seen.values())


def evaluate_units(g: Graph, units: Iterable[GoldUnit]) -> EvalReport:
    """Score ``g`` against already loaded gold units (see the module docstring)."""
    index = _GraphIndex(g)
    rows = {name: Score() for name in row_names()}
    names = []
    for unit in units:
        names.append(unit.name)
        gold_ents, gold_rels = _gold_items(unit)
        pred_ents, pred_rels = _predicted(index, unit.source)
        provinces = [e.names for e in gold_ents if e.type == "Place" and e.level in UNSCORED_COUNTRY_CHILD_LEVELS]
        gold_rels = _dedupe(r for r in gold_rels if not _unscored(r, provinces))
        pred_rels = _dedupe(r for r in pred_rels if not _unscored(r, provinces))
        for etype in ENTITY_TYPES:
            sc = _score(unit.name, [e for e in gold_ents if e.type == etype],
                        sorted((e for e in pred_ents if e.type == etype), key=lambda e: e.names.display),
                        _entity_weight, _show_entity)
            rows[etype].add(sc)
            rows[ENTITY_MICRO].add(sc)
        for pred in RELATION_PREDICATES:
            sc = _score(unit.name, [r for r in gold_rels if r.p == pred],
                        sorted((r for r in pred_rels if r.p == pred), key=_show_relation),
                        _relation_weight, _show_relation)
            rows[pred].add(sc)
            rows[RELATION_MICRO].add(sc)
    return EvalReport(rows, names)


def evaluate_graph(g: Graph, gold_dir: Path | str) -> EvalReport:
    """Score ``g`` against every gold unit of ``gold_dir`` (micro-averaged)."""
    return evaluate_units(g, load_gold(gold_dir))


def format_report(report: EvalReport, show_errors: bool = False) -> str:
    """An aligned ``measure P R F1 tp fp fn`` table; errors per row first if asked."""
    lines: list[str] = []
    if show_errors:
        for name, sc in report.rows.items():
            if name in (ENTITY_MICRO, RELATION_MICRO):
                continue
            for label, items in (("missed", sc.missed), ("spurious", sc.spurious)):
                if items:
                    lines.append(f"{name} {label} ({len(items)}):")
                    lines.extend(f"  {unit}: {item}" for unit, item in items)
        if lines:
            lines.append("")
    width = max(len("measure"), *(len(n) for n in report.rows))
    lines.append(f"{len(report.units)} units")
    lines.append(f"{'measure':<{width}}  {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for name, sc in report.rows.items():
        lines.append(f"{name:<{width}}  {sc.precision:>6.3f} {sc.recall:>6.3f} {sc.f1:>6.3f} "
                     f"{sc.tp:>5} {sc.fp:>5} {sc.fn:>5}")
    return "\n".join(lines)
