"""Extraction throughput on the seeds, against jieba's own segmentation in the same run.

Reads every file of the seeds (or the files and folders given) the way the
build does, then times, on the same raw texts:

- ``extract``: :func:`pipelines.run.extract_text` (normalize → articles →
  sentences → recognizers → entities → relations), the whole per-file work
  of ``kg build`` short of writing the graph;
- ``jieba.cut``: jieba's word segmentation;
- ``jieba.posseg.cut``: jieba's segmentation with part-of-speech tags.

Everything is warmed up first (pipeline, divisions and jieba dictionaries
loaded), each measurement is repeated and the best time kept, and the
extraction's cost is reported as a multiple of jieba.posseg's (the target is
at most 4×). With ``--profile`` the extraction is run once more under
cProfile and the top functions by cumulative time are printed.

Usage::

    python bench/extract_throughput.py [INPUT ...] [--repeat 3] [--profile 25]

Prints a Markdown table; exits 1 if the ratio is over ``--max-ratio``
(default 4) and ``--check`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.ingest import IngestError, discover, read_document  # noqa: E402
from pipelines.run import extract_text  # noqa: E402


def read_inputs(inputs: list[str]) -> list[tuple[str, str, object]]:
    """``(text, source_path, meta)`` of every readable input file."""
    out = []
    for path, root in discover(inputs):
        try:
            raw = read_document(path, root)
        except IngestError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
            continue
        out.append((raw.text, raw.source_path, raw.meta))
    return out


def best_time(fn: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` wall-clock timings of ``fn()``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "seeds")], help="files or folders (default: seeds/)")
    ap.add_argument("--repeat", type=int, default=3, help="timings per measurement; the best is kept (default 3)")
    ap.add_argument("--max-ratio", type=float, default=4.0, help="target: extraction cost / posseg cost (default 4)")
    ap.add_argument("--check", action="store_true", help="exit 1 if the ratio is over --max-ratio")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also profile one extraction pass; print the top N functions")
    args = ap.parse_args(argv)

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    docs = read_inputs(args.inputs)
    if not docs:
        print("no readable input", file=sys.stderr)
        return 2
    texts = [t for t, _, _ in docs]
    chars = sum(map(len, texts))

    def extract() -> None:
        for text, source, meta in docs:
            extract_text(text, source, meta)

    def cut() -> None:
        for text in texts:
            for _ in jieba.cut(text):
                pass

    def posseg() -> None:
        for text in texts:
            for _ in pseg.cut(text):
                pass

    # warm-up: load the spaCy pipeline, the divisions, jieba's dictionaries and caches
    with contextlib.redirect_stderr(io.StringIO()):
        extract()
        cut()
        posseg()

    rows = [(name, best_time(fn, args.repeat)) for name, fn in
            (("jieba.cut", cut), ("jieba.posseg.cut", posseg), ("extract (lgkg)", extract))]
    base = dict(rows)["jieba.posseg.cut"]
    ratio = dict(rows)["extract (lgkg)"] / base

    print(f"{len(docs)} files, {chars:,} characters; best of {args.repeat}\n")
    print("| measure | best time (s) | characters/s | cost vs jieba.posseg |")
    print("|---|---:|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} | {chars / seconds:,.0f} | {seconds / base:.2f}× |")
    verdict = "within" if ratio <= args.max_ratio else "OVER"
    print(f"\nextraction / posseg = {ratio:.2f}× ({verdict} the {args.max_ratio:g}× target)")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        extract()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print("\n```\n" + out.getvalue().strip() + "\n```")
    return 1 if args.check and ratio > args.max_ratio else 0


if __name__ == "__main__":
    raise SystemExit(main())
