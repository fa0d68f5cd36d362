"""A persistent Oxigraph store of a built graph, for graphs too large for rdflib's memory store.

``kg build --store DIR`` writes one (:func:`write_store`); ``kg query --graph
DIR`` and ``kg serve DIR`` open it read-only (:func:`open_store`, through
:func:`kg.query.load_graph`) and run SPARQL on Oxigraph's own engine, without
loading the triples into memory. The store holds the triples of ``graph.ttl``
in its default graph, so a query gives the same answer on either.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

from rdflib import Literal, URIRef

from kg.model import Corpus

__all__ = ["StoreError", "is_store", "new_store", "scratch_store", "write_store", "load_records", "rdflib_quads", "store_graph", "open_store", "is_oxigraph_graph"]


class StoreError(Exception):
    """A store that cannot be written or opened; the message is one line naming the folder."""


def is_store(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph (RocksDB) store."""
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file() and any(p.glob("OPTIONS-*"))


@contextlib.contextmanager
def new_store(store_dir: str | os.PathLike) -> Iterator:
    """A new, empty Oxigraph store that replaces ``store_dir`` when the block succeeds.

    The store is made in a temporary folder beside ``store_dir`` and swapped in
    at the end, so a failed or killed build leaves the previous store intact.
    An existing ``store_dir`` is replaced only if it is an Oxigraph store or
    an empty folder.

    Yields
    ------
    pyoxigraph.Store

    Raises
    ------
    StoreError
        If ``store_dir`` holds something else.
    """
    import pyoxigraph as ox

    target = Path(store_dir)
    if target.exists() and not (is_store(target) or (target.is_dir() and not any(target.iterdir()))):
        raise StoreError(f"{target}: exists and is not an Oxigraph store; not replacing it")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        store = ox.Store(str(tmp))
        yield store
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


@contextlib.contextmanager
def scratch_store(near: str | os.PathLike) -> Iterator:
    """A temporary on-disk Oxigraph store in a hidden folder inside ``near``, removed afterwards."""
    import pyoxigraph as ox

    Path(near).mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".store.", suffix=".tmp", dir=near))
    try:
        yield ox.Store(str(tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_store(source, store_dir: str | os.PathLike) -> Path:
    """Load a graph into a new Oxigraph store at ``store_dir`` (see :func:`new_store`).

    Parameters
    ----------
    source : path or Corpus
        An RDF file (Turtle, N-Triples, N-Quads, TriG or RDF/XML, chosen by
        suffix), or the extraction records themselves, whose triples go in as
        they are made (:func:`load_records`).
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
    with new_store(store_dir) as store:
        if isinstance(source, Corpus):
            load_records(store, source)
        else:
            try:
                store.bulk_load(path=str(source))
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"{source}: cannot load into the store: {' '.join(str(exc).split())[:200]}") from None
    return Path(store_dir)


def _memo(make: Callable, limit: int | None = 1_000_000) -> Callable:
    """``make`` remembering its recent results (a sentence's IRI is the subject of six triples).

    The memory is emptied when it reaches ``limit`` entries (None: never),
    so it stays bounded on large corpora.
    """
    seen: dict = {}

    def get(key):
        value = seen.get(key)
        if value is None:
            if limit is not None and len(seen) >= limit:
                seen.clear()
            value = seen[key] = make(key)
        return value

    return get


class _Terms:
    """rdflib terms to pyoxigraph terms, remembering IRIs."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.iri = _memo(ox.NamedNode)
        self.fixed_iri = _memo(ox.NamedNode, None)  # predicates, classes, datatypes, graph names: few

    def term(self, t):
        if isinstance(t, URIRef):
            return self.iri(t)
        if isinstance(t, Literal):
            if t.language:
                return self.ox.Literal(t, language=t.language)
            if t.datatype is not None:
                return self.ox.Literal(t, datatype=self.fixed_iri(t.datatype))
            return self.ox.Literal(t)
        raise StoreError(f"cannot store the term {t!r}")


def rdflib_quads(g) -> Iterator:
    """pyoxigraph quads of an rdflib graph (default graph) or dataset (its named graphs kept)."""
    import pyoxigraph as ox
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    terms = _Terms()
    term, fixed = terms.term, terms.fixed_iri
    if isinstance(g, Dataset):
        for s, p, o, ctx in g.quads((None, None, None, None)):
            name = getattr(ctx, "identifier", ctx)
            graph = ox.DefaultGraph() if name is None or name == DATASET_DEFAULT_GRAPH_ID else fixed(name)
            yield ox.Quad(term(s), fixed(p), term(o), graph)
    else:
        for s, p, o in g:
            yield ox.Quad(term(s), fixed(p), term(o))


#: N-Triples string escapes (``"``, ``\\``, line feed, carriage return; the rest may stand as is).
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_literals():
    """Literals for :func:`kg.graph.iter_quads` as N-Triples text, made directly."""
    from kg.graph import LiteralMaker
    from kg.namespace import XSD

    integer, date = f"^^<{XSD.integer}>", f"^^<{XSD.date}>"

    def plain(text: str) -> str:
        return '"' + str(text).translate(_ESCAPES) + '"'

    return LiteralMaker(
        plain=plain,
        integer=lambda n: f'"{int(n)}"{integer}',
        date=lambda text: plain(text) + date,
        zh=lambda text: plain(text) + "@zh",
    )


def load_records(store, corpus: Corpus, trig: IO[bytes] | None = None, batch: int = 100_000,
                 background: bool = True) -> None:
    """Stream the corpus's triples (:func:`kg.graph.iter_quads`) into the store's default graph.

    The triples are written as N-Triples text a batch at a time and handed to
    Oxigraph's bulk loader, by default in a second thread (it parses and
    indexes without holding the GIL), so loading overlaps with making the
    next batch.

    Parameters
    ----------
    store : pyoxigraph.Store
    corpus : Corpus
    trig : binary file, optional
        Also write the dataset there as TriG, one named graph per document,
        from the same pass (a document's graph may come in several blocks,
        which TriG merges).
    batch : int
        Triples per bulk load.
    background : bool
        Load in a second thread (two cores); False loads each batch in this
        thread before making the next (one core). The store is the same.
    """
    import pyoxigraph as ox

    from kg.graph import iter_quads

    iri = _memo(lambda t: f"<{t}>")
    lines: list[str] = []
    blocks: list[str] = []  # the TriG text of this batch
    current = None
    with ThreadPoolExecutor(max_workers=1) if background else contextlib.nullcontext() as pool:
        pending = None

        def flush() -> None:
            nonlocal pending
            data = "".join(lines).encode("utf-8")
            if trig is not None:
                trig.write("".join(blocks).encode("utf-8"))
                blocks.clear()
            lines.clear()
            if pending is not None:
                pending.result()
            if pool is None:
                store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
            else:
                pending = pool.submit(store.bulk_load, data, ox.RdfFormat.N_TRIPLES)

        for (s, p, o), name in iter_quads(corpus, _nt_literals()):
            line = f"{iri(s)} {iri(p)} {o if type(o) is str else iri(o)} .\n"
            lines.append(line)
            if trig is not None:
                if name != current:
                    blocks.append(("}\n" if current is not None else "") + f"{iri(name)} {{\n")
                    current = name
                blocks.append(line)
            if len(lines) >= batch:
                flush()
        if trig is not None and current is not None:
            blocks.append("}\n")
        flush()
        if pending is not None:
            pending.result()


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

    p = Path(store_dir)
    if not is_store(p):
        raise StoreError(f"{p}: a folder, but not an Oxigraph store (write one with kg build --store {p})")
    try:
        inner = ox.Store.read_only(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the Oxigraph store: {' '.join(str(exc).split())[:200]}") from None
    return store_graph(inner)


def store_graph(store):
    """An rdflib graph over a pyoxigraph store's default graph (oxrdflib), with the project prefixes.

    Pattern lookups and ``graph.query(text)`` run in Oxigraph; nothing is copied into memory.
    """
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kg.namespace import bind_prefixes

    return bind_prefixes(Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID))


def is_oxigraph_graph(g) -> bool:
    """Whether an rdflib graph is backed by Oxigraph (queries should be given as text, not prepared)."""
    try:
        from oxrdflib import OxigraphStore
    except ImportError:
        return False
    return isinstance(getattr(g, "store", None), OxigraphStore)
