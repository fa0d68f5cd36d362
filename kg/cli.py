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
    from kg.build import build

    summary = build(args.inputs or None, args.out, progress=_progress)
    for line in summary.lines():
        print(line)
    print(f"wrote      {args.out}/ ({', '.join(p.name for p in summary.outputs)})")
    return 1 if summary.failures else 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query import QueryError, format_result, load_graph, resolve_query, run_query

    try:
        g = load_graph(args.graph)
        result = run_query(g, resolve_query(args.query))
    except QueryError as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return 2
    print(format_result(result, args.format))
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


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.validate import validate

    g = _load_graph(args.graph, "validate")
    if g is None:
        return 2
    result = validate(g)
    print(result.text if not result.conforms else f"{args.graph}: conforms to the lgkg shapes")
    return 0 if result.conforms else 1


def cmd_html(args: argparse.Namespace) -> int:
    from kg.html import write_html

    g = _load_graph(args.graph, "html")
    if g is None:
        return 2
    print(write_html(g, Path(args.out)))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="lgkg: knowledge graphs of Chinese local-governance texts")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="extract a corpus into a graph and write all outputs")
    b.add_argument("inputs", nargs="*", help="files or folders (default: the built-in seeds/)")
    b.add_argument("--out", default="build", help="output folder (default: build/)")
    b.set_defaults(func=cmd_build)

    q = sub.add_parser("query", help="run a SPARQL query (text, file, or a name from queries/)")
    q.add_argument("query")
    q.add_argument("--graph", default="build/graph.ttl")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("eval", help="score the extraction against gold annotations")
    e.add_argument("gold_dir")
    e.add_argument("--graph", help="score this built graph instead of building the gold texts")
    e.add_argument("--errors", action="store_true", help="list missed and spurious items")
    e.set_defaults(func=cmd_eval)

    v = sub.add_parser("validate", help="check a graph against the SHACL shapes")
    v.add_argument("graph", nargs="?", default="build/graph.ttl")
    v.set_defaults(func=cmd_validate)

    h = sub.add_parser("html", help="write the interactive HTML graph of a built graph")
    h.add_argument("graph", nargs="?", default="build/graph.ttl")
    h.add_argument("--out", default="build/graph.html")
    h.set_defaults(func=cmd_html)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
