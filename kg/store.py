"""A persistent Oxigraph store of a built graph, for graphs too large for rdflib's memory store.

``kg build --store DIR`` writes one (:func:`write_store`); ``kg query --graph
DIR`` and ``kg serve DIR`` open it read-only (:func:`open_store`, through
:func:`kg.query.load_graph`) and run SPARQL on Oxigraph's own engine, without
loading the triples into memory. The store holds the triples of ``graph.ttl``
in its default graph, so a query gives the same answer on either.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kg.model import Corpus

__all__ = ["StoreError", "is_store", "write_store", "store_size", "open_store", "is_oxigraph_graph"]


class StoreError(Exception):
    """A store that cannot be written or opened; the message is one line naming the folder."""


def is_store(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph (RocksDB) store."""
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file() and any(p.glob("OPTIONS-*"))


def write_store(source, store_dir: str | os.PathLike) -> Path:
    """Load a graph into a new Oxigraph store at ``store_dir``.

    The store is made in a temporary folder beside ``store_dir`` and then
    swapped in, so a failed or killed load leaves the previous store intact.
    An existing ``store_dir`` is replaced only if it is an Oxigraph store or
    an empty folder.

    Parameters
    ----------
    source : path or Corpus
        An RDF file (Turtle, N-Triples, N-Quads, TriG or RDF/XML, chosen by
        suffix), or the extraction records themselves, whose triples
        (:func:`kg.graph.stream_triples`) go in as they are made, without an
        rdflib graph in memory.
    store_dir : path
        The store's folder.

    Returns
    -------
    Path
        ``store_dir``.

    Raises
    ------
    StoreError
        If ``store_dir`` holds something else, or the load fails.
    """
    import pyoxigraph as ox

    target = Path(store_dir)
    if target.exists() and not (is_store(target) or (target.is_dir() and not any(target.iterdir()))):
        raise StoreError(f"{target}: exists and is not an Oxigraph store; not replacing it")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        store = ox.Store(str(tmp))
        if isinstance(source, Corpus):
            _load_records(store, source)
        else:
            try:
                store.bulk_load(path=str(source))
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"{source}: cannot load into the store: {' '.join(str(exc).split())[:200]}") from None
        store.flush()
        store.optimize()
        del store
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.replace(target, old / "store")
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _load_records(store, corpus: Corpus, batch: int = 200_000) -> None:
    """Stream the corpus's triples into the store's default graph, a batch at a time."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    from kg.graph import stream_triples

    named: dict[str, ox.NamedNode] = {}  # predicates, classes, datatypes: few, reused everywhere
    default = ox.DefaultGraph()
    buf: list[ox.Quad] = []

    def term(t):
        if isinstance(t, URIRef):
            return ox.NamedNode(t)
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(t, language=t.language)
            if t.datatype is not None:
                dt = named.get(t.datatype)
                if dt is None:
                    dt = named[t.datatype] = ox.NamedNode(t.datatype)
                return ox.Literal(t, datatype=dt)
            return ox.Literal(t)
        raise StoreError(f"cannot store the term {t!r}")

    def emit(triple: tuple, _graph) -> None:
        s, p, o = triple
        pn = named.get(p)
        if pn is None:
            pn = named[p] = ox.NamedNode(p)
        buf.append(ox.Quad(term(s), pn, term(o), default))
        if len(buf) >= batch:
            store.bulk_extend(buf)
            buf.clear()

    stream_triples(corpus, emit)
    if buf:
        store.bulk_extend(buf)


def store_size(store_dir: str | os.PathLike) -> int:
    """Number of triples in the store at ``store_dir``."""
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(store_dir)))


def open_store(store_dir: str | os.PathLike):
    """The store at ``store_dir`` as a read-only rdflib graph backed by Oxigraph (via oxrdflib).

    ``graph.query(text)`` runs on Oxigraph's SPARQL engine; several readers
    (``kg query``, ``kg serve``) may have it open at once.

    Raises
    ------
    StoreError
        If the folder is not a store or cannot be opened.
    """
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kg.namespace import PREFIXES

    p = Path(store_dir)
    if not is_store(p):
        raise StoreError(f"{p}: a folder, but not an Oxigraph store (write one with kg build --store {p})")
    try:
        inner = ox.Store.read_only(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the Oxigraph store: {' '.join(str(exc).split())[:200]}") from None
    g = Graph(store=OxigraphStore(store=inner), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri, override=True)
    return g


def is_oxigraph_graph(g) -> bool:
    """Whether an rdflib graph is backed by Oxigraph (queries should be given as text, not prepared)."""
    try:
        from oxrdflib import OxigraphStore
    except ImportError:
        return False
    return isinstance(getattr(g, "store", None), OxigraphStore)
