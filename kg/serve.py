"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a built graph.

The endpoint is rdflib-endpoint's (FastAPI) served by uvicorn; this module
only configures it and adds the safety rules a local research endpoint needs:

- read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused (403);
- no file system or network access through a query: ``SERVICE``, ``FROM`` /
  ``FROM NAMED`` (which make rdflib fetch a URL) and any ``file:`` IRI are
  refused (403) before evaluation;
- a query timeout: evaluation is stopped when it passes ``timeout`` seconds
  (503), because every triple pattern match checks the deadline;
- a result limit: at most ``limit`` solutions (the header ``X-Result-Limit``
  says the limit; ``X-Result-Truncated: true`` marks a cut SELECT result);
- bound to 127.0.0.1 unless told otherwise, and then only answering requests
  addressed to a loopback name (no DNS rebinding), without CORS.

Results are negotiated from the ``Accept`` header: SELECT and ASK as SPARQL
JSON (``application/sparql-results+json``), XML (the default), CSV
(``text/csv``) or TSV (``text/tab-separated-values``); CONSTRUCT and DESCRIBE
as Turtle, JSON-LD, N-Triples or RDF/XML (the default).
"""

from __future__ import annotations

import contextvars
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from pyparsing import ParseException, ParseResults
from rdflib import Graph, Literal, URIRef, plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import ResultSerializer
from rdflib_endpoint import SparqlEndpoint
from rdflib_endpoint import utils as endpoint_utils
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from kg.namespace import PREFIXES, bind_prefixes

__all__ = [
    "DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_LIMIT", "QueryRefused", "QueryTimeout",
    "inspect_query", "create_app", "start_server", "RunningServer", "serve",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
#: Seconds a query may run.
DEFAULT_TIMEOUT = 10.0
#: Solutions a query may return.
DEFAULT_LIMIT = 10_000
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

TSV_TYPE = "text/tab-separated-values"
LIMIT_HEADER = "X-Result-Limit"
TRUNCATED_HEADER = "X-Result-Truncated"

_FILE_IRI = re.compile(r"""(<|["'])\s*file:""", re.IGNORECASE)


class QueryRefused(Exception):
    """A query or update the endpoint will not run; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


class QueryTimeout(Exception):
    """Evaluation passed its deadline (not a SPARQLError, so rdflib never swallows it)."""


# ------------------------------------------------------------------ policy

def _walk(node: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every CompValue and term inside a parse tree or algebra."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    if isinstance(node, CompValue):
        seen.add(id(node))
        yield node
        for value in dict.values(node):
            yield from _walk(value, seen)
    elif isinstance(node, (list, tuple, set, frozenset, ParseResults)):
        seen.add(id(node))
        for value in node:
            yield from _walk(value, seen)
    elif isinstance(node, Mapping):
        seen.add(id(node))
        for value in node.values():
            yield from _walk(value, seen)
    else:
        yield node


def _refuse_unsafe(*trees: Any) -> None:
    """Raise :class:`QueryRefused` for SERVICE, FROM / FROM NAMED and ``file:`` IRIs or strings."""
    for tree in trees:
        for node in _walk(tree):
            if isinstance(node, CompValue):
                if node.name == "ServiceGraphPattern":
                    raise QueryRefused("SERVICE is refused: this endpoint queries no other endpoint or URL")
                if node.name in ("DatasetClause",) or (node.name.endswith("Query") and dict.get(node, "datasetClause")):
                    raise QueryRefused("FROM / FROM NAMED are refused (they load URLs); use GRAPH <iri> { ... }")
            elif isinstance(node, (URIRef, Literal)) and str(node).lstrip().lower().startswith("file:"):
                raise QueryRefused("file: IRIs are refused: this endpoint reads no files")


def _update_refusal(text: str) -> QueryRefused:
    try:
        parsed = parseUpdate(text)
        is_load = any(isinstance(n, CompValue) and n.name == "Load" for n in _walk(parsed))
    except Exception:
        is_load = bool(re.match(r"\s*(PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*LOAD\b", text, re.IGNORECASE))
    if is_load:
        return QueryRefused("LOAD is refused: this endpoint is read-only and reads no files or URLs")
    return QueryRefused("SPARQL Update is refused: this endpoint is read-only")


def _is_update(text: str) -> bool:
    try:
        return bool(parseUpdate(text).get("request"))
    except Exception:
        return False


def inspect_query(text: str, namespaces: Mapping[str, str] | None = None) -> str:
    """Check a query against the endpoint's rules and return its form.

    Parameters
    ----------
    text : str
        The query as received.
    namespaces : mapping, optional
        Prefixes declared in advance (default: the project's prefixes).

    Returns
    -------
    str
        ``"SelectQuery"``, ``"AskQuery"``, ``"ConstructQuery"``,
        ``"DescribeQuery"``, or ``""`` when the text does not parse as a query
        (the endpoint then answers 400 with the parser's message).

    Raises
    ------
    QueryRefused
        For an update (INSERT, DELETE, LOAD, ...), a ``SERVICE`` pattern,
        ``FROM`` / ``FROM NAMED``, or a ``file:`` IRI or string.
    """
    file_iri = QueryRefused("file: IRIs are refused: this endpoint reads no files")
    try:
        parsed = parseQuery(text)
    except ParseException:
        if _is_update(text):
            raise _update_refusal(text) from None
        if _FILE_IRI.search(text):
            raise file_iri from None
        return ""
    if _FILE_IRI.search(text):
        raise file_iri
    _refuse_unsafe(parsed)
    try:
        query = translateQuery(parsed, initNs=dict(PREFIXES if namespaces is None else namespaces))
    except Exception:  # e.g. an undeclared prefix: the endpoint reports it
        return ""
    _refuse_unsafe(query.algebra, query.prologue.base)
    return query.algebra.name


# ------------------------------------------------------- deadline and limit

@dataclass(slots=True)
class _RequestState:
    """What one request's evaluation shares with the middleware (through a context variable)."""

    deadline: float
    timed_out: bool = False
    truncated: bool = False
    graph: Graph | None = None

    def check(self) -> None:
        if self.timed_out or time.monotonic() > self.deadline:
            self.timed_out = True
            raise QueryTimeout("query timed out")


_STATE: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar("kg_serve_state", default=None)


def _guard_store(graph: Graph) -> None:
    """Make every triple-pattern match of ``graph``'s store check the current request's deadline.

    Outside a request (no deadline set) the store behaves as before, so the
    same graph can still be queried directly.
    """
    store = graph.store
    if getattr(store, "_kg_serve_guarded", False):
        return
    inner = store.triples

    def triples(pattern, context=None):
        state = _STATE.get()
        if state is None:
            yield from inner(pattern, context)
            return
        state.check()
        for item in inner(pattern, context):
            state.check()
            yield item

    store.triples = triples
    store._kg_serve_guarded = True


def _with_slice(query: Query, length: int) -> Query:
    """A copy of ``query`` whose solutions are cut to ``length`` (as an outer ``LIMIT`` would)."""
    algebra = query.algebra
    if algebra.name == "AskQuery" or dict.get(algebra, "p") is None:
        return query
    inner = algebra["p"]
    if inner.name == "Slice" and inner.start == 0 and inner.length is not None and inner.length <= length:
        return query
    capped = CompValue(algebra.name, **dict(algebra))
    capped["p"] = CompValue("Slice", p=inner, start=0, length=length)
    out = Query(query.prologue, capped)
    if hasattr(query, "_original_args"):
        out._original_args = query._original_args
    return out


class _GuardedProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor with the endpoint's rules, result limit and deadline."""

    def __init__(self, graph: Graph, limit: int):
        super().__init__(graph)
        self.limit = limit

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        query = strOrQuery
        if isinstance(query, str):
            query = translateQuery(parseQuery(query), base, initNs)
        _refuse_unsafe(query.algebra, query.prologue.base)  # again, whatever route the query took
        state = _STATE.get()
        if state is not None:
            state.check()
        kind = query.algebra.name
        res = dict(evalQuery(self.graph, _with_slice(query, self.limit + (kind == "SelectQuery")), initBindings, base))
        if res.get("type_") == "SELECT":
            res["bindings"] = self._cut(res["bindings"], state)
        elif res.get("type_") == "DESCRIBE" and state is not None:
            state.graph = res["graph"]
        return res

    def _cut(self, bindings: Iterable, state: _RequestState | None) -> Iterator:
        for i, row in enumerate(bindings):
            if i == self.limit:
                if state is not None:
                    state.truncated = True
                return
            yield row


# ------------------------------------------------------------------- TSV

class TSVResultSerializer(ResultSerializer):
    """SPARQL 1.1 Query Results TSV: ``?var`` headers, terms in SPARQL syntax, tabs escaped."""

    def serialize(self, stream, encoding: str = "utf-8", **kwargs) -> None:  # noqa: ARG002
        if self.result.type != "SELECT":
            raise ValueError("TSV results are defined for SELECT queries only")
        names = [str(v) for v in self.result.vars or []]
        lines = ["\t".join(f"?{v}" for v in names)]
        for row in self.result.bindings:
            cells = []
            for v in names:
                term = row.get(v) if hasattr(row, "get") else None
                cells.append("" if term is None else term.n3().replace("\t", "\\t").replace("\n", "\\n"))
            lines.append("\t".join(cells))
        stream.write("\n".join(lines) + "\n")


plugin.register("tsv", ResultSerializer, __name__, "TSVResultSerializer")
# rdflib-endpoint negotiates SELECT/ASK results through this table; TSV is the one format it lacks.
endpoint_utils.SPARQL_RESULT_CONTENT_TYPE_TO_RDFLIB_FORMAT.setdefault(TSV_TYPE, "tsv")


# --------------------------------------------------------------- middleware

def _negotiate_graph_format(accept: str | None) -> tuple[str, str]:
    """(media type, rdflib format) for a CONSTRUCT/DESCRIBE result, as rdflib-endpoint negotiates CONSTRUCT."""
    table = endpoint_utils.GRAPH_CONTENT_TYPE_TO_RDFLIB_FORMAT
    for mime in endpoint_utils.parse_accept_header(accept or ""):
        if mime in table and mime != "text/csv":
            return mime, table[mime]
    return "application/rdf+xml", "xml"


async def _operation(request: Request) -> tuple[str | None, str | None]:
    """(query, update) of a SPARQL protocol request (GET parameters, or a POST body of any allowed kind)."""
    params = request.query_params
    query, update = params.get("query"), params.get("update")
    if request.method == "POST":
        body = (await request.body()).decode("utf-8")
        ctype = request.headers.get("content-type", "")
        if "application/sparql-query" in ctype:
            query = body
        elif "application/sparql-update" in ctype:
            update = body
        elif "application/x-www-form-urlencoded" in ctype:
            form = dict(parse_qsl(body, keep_blank_values=True))
            query, update = form.get("query", query), form.get("update", update)
    return query, update


def _refused(exc: QueryRefused) -> JSONResponse:
    return JSONResponse(status_code=exc.status, content={"message": exc.message})


_FORM_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>lgkg SPARQL endpoint</title>
<style>body{{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
textarea{{width:100%;height:14em;font-family:monospace}}</style></head><body>
<h1>lgkg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint (GET or POST <code>query=</code>). Prefixes {prefixes} are declared.
Queries stop after {timeout:g} s and return at most {limit} solutions.</p>
<form method="get" action=""><textarea name="query">SELECT ?program ?label WHERE {{ ?program a lg:Program ; rdfs:label ?label }} LIMIT 20</textarea>
<p><button type="submit">Run (XML results)</button></p></form></body></html>
"""


class _Guard(BaseHTTPMiddleware):
    """Applies the endpoint's rules to every SPARQL request before rdflib-endpoint sees it."""

    def __init__(self, app, *, path: str, timeout: float, limit: int, namespaces: Mapping[str, str]):
        super().__init__(app)
        self.path = path.rstrip("/") or "/"
        self.timeout = timeout
        self.limit = limit
        self.namespaces = dict(namespaces)

    async def dispatch(self, request: Request, call_next) -> Response:
        if (request.url.path.rstrip("/") or "/") != self.path or request.method not in ("GET", "POST"):
            return await call_next(request)
        try:
            query, update = await _operation(request)
        except UnicodeDecodeError:
            return JSONResponse(status_code=400, content={"message": "request body is not UTF-8"})
        if update is not None:
            return _refused(_update_refusal(update))
        if query is None:
            if request.headers.get("accept", "").startswith("text/html"):
                return HTMLResponse(_FORM_PAGE.format(
                    prefixes=", ".join(f"{p}:" for p in sorted(PREFIXES)), timeout=self.timeout, limit=self.limit))
            return await call_next(request)  # the service description
        try:
            kind = inspect_query(query, self.namespaces)
        except QueryRefused as exc:
            return _refused(exc)
        graph_format = None
        if kind == "DescribeQuery":  # rdflib-endpoint negotiates DESCRIBE as if it were SELECT
            graph_format = _negotiate_graph_format(request.headers.get("accept"))
            headers = [(k, v) for k, v in request.scope["headers"] if k.lower() != b"accept"]
            request.scope["headers"] = [*headers, (b"accept", b"application/sparql-results+xml")]
        state = _RequestState(deadline=time.monotonic() + self.timeout)
        token = _STATE.set(state)
        try:
            response = await call_next(request)
        finally:
            _STATE.reset(token)
        if state.timed_out:
            return JSONResponse(status_code=503, content={
                "message": f"query timed out after {self.timeout:g} s and was stopped (the endpoint's --timeout)"})
        if graph_format is not None and response.status_code == 200 and state.graph is not None:
            mime, fmt = graph_format
            response = Response(state.graph.serialize(format=fmt, encoding="utf-8"), media_type=mime)
        response.headers[LIMIT_HEADER] = str(self.limit)
        if state.truncated:
            response.headers[TRUNCATED_HEADER] = "true"
        return response


# ----------------------------------------------------------------------- app

def _allowed_hosts(host: str) -> list[str]:
    if host in LOOPBACK_HOSTS:
        return ["127.0.0.1", "localhost"]
    return ["*"]


def create_app(graph: Graph, *, timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT,
               host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, path: str = "/") -> SparqlEndpoint:
    """The ASGI app of a read-only SPARQL endpoint over ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to serve, e.g. from :func:`kg.query.load_graph` (a
        :class:`~rdflib.Dataset` serves its named graphs too). Its store is
        given a deadline check that only acts during a request.
    timeout : float
        Seconds a query may run before it is stopped (503).
    limit : int
        Solutions a query may return; a longer SELECT result is cut and marked
        with ``X-Result-Truncated: true``.
    host, port : str, int
        Where it will listen: for the service description, and a loopback
        ``host`` restricts the accepted ``Host`` headers to loopback names.
    path : str
        The endpoint's path.

    Returns
    -------
    rdflib_endpoint.SparqlEndpoint
        A FastAPI app; run it with :func:`start_server` or any ASGI server.

    Examples
    --------
    >>> from kg.query import load_graph
    >>> app = create_app(load_graph("build/graph.ttl"), timeout=5, limit=1000)  # doctest: +SKIP
    >>> server = start_server(app, port=0)  # doctest: +SKIP
    >>> server.url  # doctest: +SKIP
    'http://127.0.0.1:40123/'
    """
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    bind_prefixes(graph, override=False)
    _guard_store(graph)
    shown = f"[{host}]" if ":" in host else host
    app = SparqlEndpoint(
        graph=graph,
        path=path,
        processor=_GuardedProcessor(graph, limit),
        enable_update=False,
        cors_enabled=False,
        title="lgkg SPARQL endpoint",
        description="Read-only SPARQL 1.1 endpoint over an lgkg knowledge graph.",
        public_url=f"http://{shown}:{port}{path}",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    namespaces = {p: str(ns) for p, ns in graph.namespaces()}
    app.add_middleware(_Guard, path=path, timeout=timeout, limit=limit, namespaces=namespaces)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=_allowed_hosts(host))
    return app


# -------------------------------------------------------------------- server

@dataclass
class RunningServer:
    """A uvicorn server running in a background thread (see :func:`start_server`)."""

    server: uvicorn.Server
    thread: threading.Thread
    host: str
    port: int
    sockets: list[socket.socket] = field(default_factory=list)

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}/"

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to exit and wait for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)  # connections made before uvicorn starts wait in the backlog
    sock.set_inheritable(True)
    return sock


def _server(app, host: str, port: int) -> tuple[uvicorn.Server, socket.socket]:
    sock = _bind(host, port)
    config = uvicorn.Config(app, host=host, port=sock.getsockname()[1], log_level="warning", lifespan="off")
    return uvicorn.Server(config), sock


def start_server(app, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, wait: float = 10.0) -> RunningServer:
    """Serve ``app`` from a background thread; return once it accepts connections.

    ``port=0`` lets the system choose a free port (read it from
    :attr:`RunningServer.port`). Raises OSError if the address cannot be
    bound, TimeoutError if the server does not start within ``wait`` seconds.
    """
    server, sock = _server(app, host, port)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="kg-serve")
    thread.start()
    deadline = time.monotonic() + wait
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise TimeoutError(f"SPARQL endpoint did not start on {host}:{sock.getsockname()[1]}")
        time.sleep(0.02)
    return RunningServer(server, thread, host, sock.getsockname()[1], [sock])


def serve(graph: Graph, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
          timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT, announce=None) -> None:
    """Serve ``graph`` in the foreground until interrupted (Ctrl-C).

    Raises OSError (one line: the address and the reason) if ``host:port``
    cannot be bound.
    """
    app = create_app(graph, timeout=timeout, limit=limit, host=host, port=port)
    try:
        server, sock = _server(app, host, port)
    except OSError as exc:
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    shown = f"[{host}]" if ":" in host else host
    announce = announce or (lambda line: print(line, flush=True))
    announce(f"SPARQL endpoint on http://{shown}:{sock.getsockname()[1]}/ "
             f"({len(graph)} triples; read-only; timeout {timeout:g} s; at most {limit} results; Ctrl-C stops)")
    server.run(sockets=[sock])
