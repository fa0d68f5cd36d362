"""The ``kg`` command: parse arguments, call the library, print.

Nothing here does work of its own; every command is a function of the
library that the tests call too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _progress(files):
    from tqdm import tqdm

    return tqdm(files, desc="documents", unit="doc", file=sys.stderr, disable=None)


def _load_graph(path: str, command: str):
    """The graph at ``path``, or None after printing a one-line error."""
    from kg.query import QueryError, load_graph

    try:
        return load_graph(path)
    except QueryError as exc:
        print(f"kg {command}: {exc}", file=sys.stderr)
        return None


def cmd_build(args: argparse.Namespace) -> int:
    from kg.build import BuildError, build
    from kg.store import StoreError

    cache = False if args.no_cache else (args.cache or True)
    try:
        summary = build(args.inputs or None, args.out, progress=_progress, jobs=args.jobs, cache=cache,
                        store=args.store, exports=not args.no_exports, executor=args.executor,
                        scheduler=args.scheduler)
    except (BuildError, StoreError) as exc:
        print(f"kg build: {exc}", file=sys.stderr)
        return 2
    for line in summary.lines():
        print(line)
    if summary.outputs:
        print(f"wrote      {args.out}/ ({', '.join(p.name for p in summary.outputs)})")
    return 1 if summary.failures else 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query import QueryError, format_result, load_graph, resolve_query, run_query

    try:
        g = load_graph(args.graph, engine=args.engine)
        result = run_query(g, resolve_query(args.query))
    except QueryError as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return 2
    print(format_result(result, args.format))
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from kg.push import PushError, push

    try:
        result = push(args.graph, args.endpoint, args.graph_iri, append=args.append)
    except PushError as exc:
        print(f"kg push: {exc}", file=sys.stderr)
        return 2
    target = f"graph <{result.graph_iri}>" if result.graph_iri else "the default graph"
    print(f"{result.method} {args.graph} ({result.bytes_sent} bytes) to {target} at {result.endpoint}: HTTP {result.status}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate_graph, format_report

    gold = Path(args.gold_dir)
    if args.graph:
        g = _load_graph(args.graph, "eval")
        if g is None:
            return 2
    else:
        from kg.build import extract
        from kg.graph import build_graph

        if not gold.is_dir():
            print(f"kg eval: {gold}: not a folder", file=sys.stderr)
            return 2
        g = build_graph(extract([gold]))
    try:
        report = evaluate_graph(g, gold)
    except ValueError as exc:
        print(f"kg eval: {exc}", file=sys.stderr)
        return 2
    print(format_report(report, show_errors=args.errors))
    return 0


def cmd_ner_eval(args: argparse.Namespace) -> int:
    from kg.nereval import evaluate_bio, format_report

    try:
        report = evaluate_bio(args.file, system=args.baseline or "lgkg")
    except ValueError as exc:
        print(f"kg ner-eval: {exc}", file=sys.stderr)
        return 2
    print(format_report(report, errors=args.errors))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.validate import validate

    g = _load_graph(args.graph, "validate")
    if g is None:
        return 2
    result = validate(g)
    print(result.text if not result.conforms else f"{args.graph}: conforms to the lgkg shapes")
    return 0 if result.conforms else 1


def cmd_html(args: argparse.Namespace) -> int:
    from kg.html import MAX_NODES, View, parse_types, write_html

    try:
        types = parse_types(args.types) if args.types is not None else None
    except ValueError as exc:
        print(f"kg html: --types: {exc}", file=sys.stderr)
        return 2
    view = View(focus=tuple(args.focus or ()), hops=args.hops, types=types, min_degree=args.min_degree,
                max_nodes=MAX_NODES if args.max_nodes is None else args.max_nodes)
    g = _load_graph(args.graph, "html")
    if g is None:
        return 2
    try:
        print(write_html(g, Path(args.out), view=view, title=args.title))
    except ValueError as exc:
        print(f"kg html: {args.graph}: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve import serve

    g = _load_graph(args.graph, "serve")
    if g is None:
        return 2
    try:
        serve(g, args.host, args.port, timeout=args.timeout, limit=args.limit)
    except (OSError, ValueError) as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from kg.analyze import analyze, write_analysis

    g = _load_graph(args.graph, "analyze")
    if g is None:
        return 2
    analysis = analyze(g)
    paths = write_analysis(analysis, Path(args.out))
    print(f"nodes      {len(analysis.nodes)}")
    print(f"components {len(analysis.components)}")
    print(f"communities {len(analysis.communities)}")
    print(f"program × place {len(analysis.diffusion)}")
    print(f"wrote      {args.out}/ ({', '.join(p.name for p in paths)})")
    return 0


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


# The defaults of kg.serve (not imported here: it loads the web stack; tests check they agree).
DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT, DEFAULT_LIMIT = "127.0.0.1", 7878, 10.0, 10_000


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="lgkg: knowledge graphs of Chinese local-governance texts")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="extract a corpus into a graph and write all outputs")
    b.add_argument("inputs", nargs="*", help="files or folders (default: the built-in seeds/)")
    b.add_argument("--out", default="build", help="output folder (default: build/)")
    b.add_argument("--jobs", "-j", type=_positive_int, default=None, metavar="N",
                   help="the build's core budget, like make -j: N extraction worker processes, then up to N "
                        "output steps side by side; 1 uses one core throughout (default: all cores)")
    b.add_argument("--cache", metavar="DIR", help="per-file record cache folder (default: OUT/.cache)")
    b.add_argument("--no-cache", action="store_true", help="extract every file again; read and write no cache")
    b.add_argument("--store", metavar="DIR", help="also write a persistent Oxigraph store of the graph to DIR "
                   "(for kg query --graph DIR and kg serve DIR)")
    b.add_argument("--no-exports", action="store_true",
                   help="write only the --store (no graph.ttl ... graph.html): for corpora too large for the file exports")
    b.add_argument("--executor", choices=("process", "dask"), default="process",
                   help="where extraction runs: local processes (default) or a Dask cluster")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --executor dask: the scheduler, e.g. tcp://host:8786 (default: a local cluster of --jobs workers)")
    b.set_defaults(func=cmd_build)

    ps = sub.add_parser("push", help="send a built graph to a SPARQL 1.1 Graph Store Protocol server")
    ps.add_argument("graph", nargs="?", default="build/graph.ttl", help="graph file or store folder (default: build/graph.ttl)")
    ps.add_argument("--endpoint", required=True, metavar="URL", help="the server's graph store URL, e.g. http://localhost:7878/store")
    ps.add_argument("--graph-iri", metavar="IRI", help="named graph to write (default: the default graph)")
    ps.add_argument("--append", action="store_true", help="add to the graph (POST) instead of replacing it (PUT)")
    ps.set_defaults(func=cmd_push)

    q = sub.add_parser("query", help="run a SPARQL query (text, file, or a name from queries/)")
    q.add_argument("query")
    q.add_argument("--graph", default="build/graph.ttl", help="graph file, or an Oxigraph store folder (kg build --store)")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    q.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
                   help="what reads and queries a graph file: an in-memory Oxigraph store (fast; default) or "
                        "rdflib's memory store (a store folder is always queried by Oxigraph)")
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("eval", help="score the extraction against gold annotations")
    e.add_argument("gold_dir")
    e.add_argument("--graph", help="score this built graph instead of building the gold texts")
    e.add_argument("--errors", action="store_true", help="list missed and spurious items")
    e.set_defaults(func=cmd_eval)

    n = sub.add_parser("ner-eval", help="score the PER/LOC/ORG recognizers on a character-level BIO file")
    n.add_argument("file", help="BIO file: one character and its tag per line, blank line between sentences")
    n.add_argument("--errors", type=int, default=0, metavar="N", help="print the N most frequent error patterns and N sample missed/spurious spans")
    n.add_argument("--baseline", choices=("jieba",), help="score a baseline instead: jieba.posseg's nr/ns/nt words")
    n.set_defaults(func=cmd_ner_eval)

    v = sub.add_parser("validate", help="check a graph against the SHACL shapes")
    v.add_argument("graph", nargs="?", default="build/graph.ttl")
    v.set_defaults(func=cmd_validate)

    h = sub.add_parser("html", help="write the interactive HTML graph (and its map tab) of a built graph")
    h.add_argument("graph", nargs="?", default="build/graph.ttl")
    h.add_argument("--out", default="build/graph.html")
    h.add_argument("--focus", action="append", metavar="NAME",
                   help="draw only the neighbourhood of this node (canonical name or alias; repeatable)")
    h.add_argument("--hops", type=int, default=2, help="with --focus: how many relations away to go (default 2)")
    h.add_argument("--types", metavar="T1,T2", help="keep only these types: Place,Organization,Person,Program,Document")
    h.add_argument("--min-degree", type=int, default=0, metavar="N", help="keep only nodes with at least N relations")
    h.add_argument("--max-nodes", type=int, metavar="N",
                   help="draw at most N nodes, the most connected (default: kg.html.MAX_NODES; 0 for all)")
    h.add_argument("--title", help="page title (default: lgkg graph and the view)")
    h.set_defaults(func=cmd_html)

    sv = sub.add_parser("serve", help="serve a built graph as a read-only SPARQL 1.1 endpoint")
    sv.add_argument("graph", nargs="?", default="build/graph.ttl")
    sv.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST}: this machine only)")
    sv.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    sv.add_argument("--timeout", type=_positive_float, default=DEFAULT_TIMEOUT, metavar="S",
                    help=f"stop a query after S seconds (default {DEFAULT_TIMEOUT:g})")
    sv.add_argument("--limit", type=_positive_int, default=DEFAULT_LIMIT, metavar="N",
                    help=f"return at most N results per query (default {DEFAULT_LIMIT})")
    sv.set_defaults(func=cmd_serve)

    a = sub.add_parser("analyze", help="network analysis of a built graph: CSV tables and analysis.html")
    a.add_argument("graph", nargs="?", default="build/graph.ttl")
    a.add_argument("--out", default="build/analysis", help="output folder (default: build/analysis/)")
    a.set_defaults(func=cmd_analyze)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
