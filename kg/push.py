"""`kg push`: send a built graph to a SPARQL 1.1 Graph Store Protocol server.

Any server speaking the protocol (Oxigraph's ``/store``, Fuseki's ``/ds/data``,
GraphDB, Virtuoso, ...) takes the graph into a named graph (``--graph-iri``)
or its default graph. ``PUT`` (the default) replaces that graph, so pushing
twice leaves the same content; ``POST`` (``append=True``) adds to it. The body
is streamed from the file, never held in memory whole.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.io import one_line

__all__ = ["PushError", "PushResult", "push", "MEDIA_TYPES"]

#: Graph file suffix -> media type sent as Content-Type (graph, not dataset, formats).
MEDIA_TYPES = {
    ".ttl": "text/turtle", ".turtle": "text/turtle", ".nt": "application/n-triples",
    ".ntriples": "application/n-triples", ".rdf": "application/rdf+xml", ".owl": "application/rdf+xml",
    ".xml": "application/rdf+xml", ".jsonld": "application/ld+json", ".json-ld": "application/ld+json",
    ".n3": "text/n3",
}


class PushError(Exception):
    """The graph could not be sent; the message is one line."""


@dataclass(frozen=True, slots=True)
class PushResult:
    """What was sent where, and the server's answer."""

    endpoint: str
    graph_iri: str | None  # None: the default graph
    method: str
    bytes_sent: int
    status: int


def push(graph: str | os.PathLike, endpoint: str, graph_iri: str | None = None, *,
         append: bool = False, timeout: float = 600.0) -> PushResult:
    """Send ``graph`` to the Graph Store Protocol ``endpoint``.

    Parameters
    ----------
    graph : path
        A graph file (Turtle, N-Triples, RDF/XML, JSON-LD, N3) or an Oxigraph
        store folder from ``kg build --store`` (its triples are sent as N-Triples).
    endpoint : str
        The server's graph store URL, e.g. ``http://localhost:7878/store``.
    graph_iri : str, optional
        The named graph to write (``?graph=IRI``); default the default graph (``?default``).
    append : bool
        POST (add to the graph) instead of PUT (replace it).
    timeout : float
        Seconds to wait for the server's answer.

    Returns
    -------
    PushResult

    Raises
    ------
    PushError
        For an unreadable graph, an unreachable server or a refusal (HTTP 4xx/5xx).
    """
    import requests

    src = Path(graph)
    tmp_dir = None
    try:
        if src.is_dir():
            tmp_dir = tempfile.TemporaryDirectory(prefix="lgkg-push-")
            body_path = Path(tmp_dir.name) / "graph.nt"
            _dump_store(src, body_path)
            media = MEDIA_TYPES[".nt"]
        else:
            if not src.is_file():
                raise PushError(f"{src}: no such file")
            media = MEDIA_TYPES.get(src.suffix.lower())
            if media is None:
                raise PushError(f"{src}: cannot push '{src.suffix or '(no suffix)'}' files "
                                f"(a graph in one of {', '.join(sorted(MEDIA_TYPES))}, or a store folder)")
            body_path = src
        size = body_path.stat().st_size
        params = {"graph": graph_iri} if graph_iri else {"default": ""}
        method = "POST" if append else "PUT"
        try:
            with open(body_path, "rb") as fh:
                resp = requests.request(method, endpoint, params=params, data=fh, timeout=(10, timeout),
                                        headers={"Content-Type": f"{media}; charset=utf-8",
                                                 "Content-Length": str(size)})
        except requests.RequestException as exc:
            raise PushError(f"cannot reach {endpoint}: {one_line(exc)}") from None
        if resp.status_code >= 400:
            raise PushError(f"{endpoint} refused the graph: HTTP {resp.status_code} {one_line(resp.text or resp.reason)}")
        return PushResult(endpoint, graph_iri, method, size, resp.status_code)
    finally:
        if tmp_dir is not None:
            tmp_dir.cleanup()


def _dump_store(store_dir: Path, out: Path) -> None:
    import pyoxigraph as ox

    from kg.store import StoreError, is_store

    if not is_store(store_dir):
        raise PushError(f"{store_dir}: a folder, but not an Oxigraph store")
    try:
        store = ox.Store.read_only(str(store_dir))
        store.dump(output=str(out), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    except (OSError, StoreError) as exc:
        raise PushError(f"{store_dir}: cannot read the store: {one_line(exc)}") from None
