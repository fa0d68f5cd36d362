"""Run SPARQL over a built graph: load it, resolve a query, run it, format the result.

Queries are read-only (SPARQL Update is refused) and start with the project's
prefixes (``lg:``, ``lgr:``, ``rdfs:``, ``skos:``, ``prov:``, ``dcterms:``,
``xsd:``, ``owl:``, ``rdf:``) already declared. Every failure the user can cause
(a missing file, a malformed query) raises :class:`QueryError` with a one-line
message, never a traceback.

The ready-made queries live in ``queries/*.rq`` (packaged as ``kg/queries``);
each starts with ``# title:`` and ``# description:`` comment lines.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

from pyparsing import ParseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kg.io import one_line
from kg.namespace import PREFIXES, bind_prefixes
from kg.store import is_oxigraph_graph

__all__ = [
    "QueryError", "QueryResult", "QueryInfo", "ENGINES", "load_graph", "queries_dir", "list_queries",
    "resolve_query", "run_query", "format_result", "compact_iri", "FORMATS",
]

#: Output formats of :func:`format_result`.
FORMATS = ("table", "csv", "json")

#: Graph file suffix -> rdflib parser name.
_PARSERS = {
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".ntriples": "nt",
    ".nq": "nquads", ".jsonld": "json-ld", ".json-ld": "json-ld", ".json": "json-ld",
    ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".n3": "n3",
}
_QUAD_FORMATS = {"trig", "nquads"}
#: rdflib parser name -> pyoxigraph RdfFormat name, for :func:`load_graph` with ``engine="oxigraph"``.
_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "xml": "RDF_XML", "json-ld": "JSON_LD",
               "trig": "TRIG", "nquads": "N_QUADS"}
#: Engines :func:`load_graph` can read a graph file into.
ENGINES = ("oxigraph", "rdflib")
_QUERY_SUFFIXES = (".rq", ".sparql")


class QueryError(Exception):
    """A user-facing error: the message is one line and names what went wrong."""


@dataclass(slots=True)
class QueryResult:
    """A query's result, detached from rdflib.

    ``rows`` hold plain strings (IRIs in full, literals as their lexical form,
    blank nodes as ``_:id``) or None for unbound; ``terms`` the same cells as
    rdflib terms (for formats that need datatypes and languages). ``boolean``
    is set for ASK, ``graph`` for CONSTRUCT and DESCRIBE.
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[str | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    terms: list[tuple[Node | None, ...]] = field(default_factory=list, repr=False)
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES), repr=False)


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """A packaged query: its name (file stem), title, description and path."""

    name: str
    title: str
    description: str
    path: Path


# ------------------------------------------------------------------ loading

def load_graph(path: str | Path, engine: str = "rdflib") -> Graph:
    """Parse a graph file chosen by its suffix.

    Parameters
    ----------
    path : path
        A graph file, or a folder holding a persistent Oxigraph store (from
        ``kg build --store``), opened read-only without loading it into
        memory; queries on a store run on Oxigraph's engine (:mod:`kg.store`).
    engine : {"rdflib", "oxigraph"}
        Where a file is read into: rdflib's memory store, or an in-memory
        Oxigraph store (parsed and queried natively, far faster on large
        graphs; the graph is the same, and ``kg query`` uses it).

    Returns
    -------
    rdflib.Graph
        ``.trig`` / ``.nq`` give a :class:`~rdflib.Dataset` whose default
        graph is the union of the named graphs, so plain patterns see every
        triple and ``GRAPH ?g`` still works.

    Raises
    ------
    QueryError
        One line naming the file: missing, unknown format, or not parseable.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine '{engine}' (expected one of {', '.join(ENGINES)})")
    p = Path(path)
    if p.is_dir():
        from kg.store import StoreError, open_store

        try:
            return open_store(p)
        except StoreError as exc:
            raise QueryError(str(exc)) from None
    if not p.is_file():
        raise QueryError(f"{p}: no such file" if not p.exists() else f"{p}: not a file")
    fmt = _PARSERS.get(p.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_PARSERS))
        raise QueryError(f"{p}: unknown graph format '{p.suffix or '(no suffix)'}' (expected one of {known})")
    if engine == "oxigraph":
        return _load_oxigraph(p, fmt)
    g: Graph = bind_prefixes(Dataset(default_union=True) if fmt in _QUAD_FORMATS else Graph(), override=False)
    try:
        with warnings.catch_warnings():  # rdflib's own deprecation notices from its parsers
            warnings.simplefilter("ignore", DeprecationWarning)
            g.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise QueryError(f"{p}: cannot parse as {fmt}: {one_line(exc)}") from None
    return g


def _load_oxigraph(p: Path, fmt: str) -> Graph:
    """The file read into an in-memory Oxigraph store, as an rdflib graph over it (oxrdflib)."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    from kg.store import store_graph

    store = ox.Store()
    try:
        store.bulk_load(path=str(p), format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]))
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{p}: cannot parse as {fmt}: {one_line(exc)}") from None
    if fmt not in _QUAD_FORMATS:
        return store_graph(store)
    # The default graph is the merge of the named graphs, as rdflib's union (Oxigraph's own union
    # default graph repeats a triple once per graph holding it).
    store.extend([ox.Quad(q.subject, q.predicate, q.object) for q in store])
    return bind_prefixes(Dataset(store=OxigraphStore(store=store)))


# ---------------------------------------------------------------- resolving

def queries_dir() -> Path:
    """Folder of the ready-made queries: packaged in the wheel, or at the repository root."""
    packaged = resources.files("kg") / "queries"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "queries"


def _header(text: str, key: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        body = stripped.lstrip("#").strip()
        if body.lower().startswith(key + ":"):
            return body[len(key) + 1:].strip()
    return ""


def list_queries() -> list[QueryInfo]:
    """The ready-made queries, sorted by name."""
    out = []
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        out.append(QueryInfo(path.stem, _header(text, "title"), _header(text, "description"), path))
    return out


def _read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read query file: {one_line(exc)}") from None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # query text too long or odd for a file name
        return False


def resolve_query(text_or_path: str) -> str:
    """SPARQL text from a file path, a packaged query's name (with or without ``.rq``), or the text itself."""
    arg = text_or_path.strip()
    if not arg:
        raise QueryError("empty SPARQL query")
    if "\n" not in arg:
        path = Path(arg).expanduser()
        if _is_file(path):
            return _read_query_file(path)
        stem = next((arg[: -len(sfx)] for sfx in _QUERY_SUFFIXES if arg.endswith(sfx)), arg)
        if stem and all(c.isalnum() or c in "_-." for c in stem):
            packaged = queries_dir() / f"{stem}.rq"
            if _is_file(packaged):
                return _read_query_file(packaged)
    if not any(c.isspace() or c in "{}<" for c in arg):
        # Every SPARQL query has a space, a brace or an IRI: this was meant as a name.
        names = ", ".join(q.name for q in list_queries())
        raise QueryError(f"no such query file or packaged query: '{arg}' (packaged: {names})")
    return text_or_path


# ------------------------------------------------------------------ running

def _prepare(query: str) -> Query:
    if not query.strip():
        raise QueryError("empty SPARQL query")
    try:
        return prepareQuery(query, initNs=PREFIXES)
    except ParseException as exc:
        if _is_update(query):
            raise QueryError("SPARQL Update is not allowed: queries are read-only") from None
        rest = exc.line[exc.col - 1:].split()
        found = repr(rest[0][:20]) if rest else "end of input"
        raise QueryError(
            f"malformed SPARQL query: {one_line(exc.msg, 120)}, found {found} at line {exc.lineno} col {exc.col}"
        ) from None
    except Exception as exc:  # e.g. an undeclared prefix
        raise QueryError(f"malformed SPARQL query: {one_line(exc)}") from None


def _is_update(query: str) -> bool:
    try:
        parsed = parseUpdate(query)
    except Exception:
        return False
    return bool(parsed.get("request"))


def _cell(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def run_query(g: Graph, query: str) -> QueryResult:
    """Run a read-only SPARQL query on ``g``."""
    native = is_oxigraph_graph(g)  # Oxigraph parses and evaluates the text itself; rdflib's algebra would scan the store
    prepared = None if native else _prepare(query)
    prefixes = {p: str(ns) for p, ns in g.namespaces()}
    prefixes.update(PREFIXES)
    try:
        with warnings.catch_warnings():  # rdflib's own deprecation notices (Dataset internals)
            warnings.simplefilter("ignore", DeprecationWarning)
            if native:
                try:
                    res: Result = g.query(query, initNs=PREFIXES)
                except SyntaxError:
                    _prepare(query)  # rdflib's one-line message (malformed, or an update), when it has one
                    raise
            else:
                res = g.query(prepared)
            kind = res.type
            terms = [tuple(row) for row in res] if kind == "SELECT" else []
            graph_triples = list(res.graph or ()) if kind in ("CONSTRUCT", "DESCRIBE") else []
        if kind == "SELECT":
            names = [str(v) for v in (res.vars or [])]
            return QueryResult(kind, names, [tuple(_cell(t) for t in row) for row in terms],
                               terms=terms, prefixes=prefixes)
        if kind == "ASK":
            return QueryResult(kind, boolean=bool(res.askAnswer), prefixes=prefixes)
        out = Graph()
        for prefix, iri in prefixes.items():
            out.bind(prefix, iri, override=True)
        for triple in graph_triples:
            out.add(triple)
        return QueryResult(kind, graph=out, prefixes=prefixes)
    except QueryError:
        raise
    except Exception as exc:
        raise QueryError(f"query failed: {one_line(exc)}") from None


# --------------------------------------------------------------- formatting

def format_result(result: QueryResult, fmt: str = "table", *, max_width: int | None = None) -> str:
    """Render a result as ``table`` (aligned, prefixed IRIs), ``csv`` or ``json``.

    SELECT/ASK: ``json`` is the SPARQL 1.1 JSON results format, ``csv`` the
    SPARQL 1.1 CSV format. CONSTRUCT/DESCRIBE: Turtle for ``table`` and
    ``csv``, JSON-LD for ``json``. ``max_width`` cuts table cells wider than
    that many display columns (a wide character counts two) with "…".
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format '{fmt}' (expected one of {', '.join(FORMATS)})")
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        g = result.graph if result.graph is not None else Graph()
        if fmt == "json":
            context = {p: iri for p, iri in result.prefixes.items() if p in PREFIXES}
            text = g.serialize(format="json-ld", context=context, indent=2, ensure_ascii=False)
        else:
            text = g.serialize(format="turtle")
        return text if text.endswith("\n") else text + "\n"
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        if fmt == "csv":
            return "boolean\r\n" + ("true" if result.boolean else "false") + "\r\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return _json_select(result)
    if fmt == "csv":
        return _csv_select(result)
    return _table_select(result, max_width)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def _json_select(result: QueryResult) -> str:
    terms = result.terms or [tuple(None if c is None else Literal(c) for c in row) for row in result.rows]
    bindings = [
        {var: _json_term(t) for var, t in zip(result.vars, row) if t is not None}
        for row in terms
    ]
    doc = {"head": {"vars": result.vars}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _csv_select(result: QueryResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if c is None else c for c in row])
    return buf.getvalue()


def _display_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def compact_iri(iri: str, prefixes: dict[str, str]) -> str:
    """``lgr:place/220200`` for a full IRI under a known namespace (local part percent-decoded)."""
    best = ""
    best_prefix = None
    for prefix, ns in prefixes.items():
        if ns and iri.startswith(ns) and len(ns) > len(best) and len(iri) > len(ns):
            best, best_prefix = ns, prefix
    if best_prefix is None:
        return f"<{iri}>"
    return f"{best_prefix}:{unquote(iri[len(best):])}"


def _table_cell(term: Node | None, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = compact_iri(str(term), prefixes)
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = str(term)
    return text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎").replace("\t", " ")


def _truncate(text: str, max_width: int | None) -> str:
    if max_width is None or _display_width(text) <= max_width:
        return text
    out, width = [], 0
    for ch in text:
        w = _display_width(ch)
        if width + w > max_width - 1:
            break
        out.append(ch)
        width += w
    return "".join(out) + "…"


def _table_select(result: QueryResult, max_width: int | None = None) -> str:
    terms = result.terms or [tuple(None if c is None else Literal(c) for c in row) for row in result.rows]
    cells = [[_truncate(_table_cell(t, result.prefixes), max_width) for t in row] for row in terms]
    widths = [_display_width(v) for v in result.vars]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], _display_width(c))
    lines = [" | ".join(_pad(v, w) for v, w in zip(result.vars, widths)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    for row in cells:
        lines.append(" | ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip())
    n = len(cells)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"
