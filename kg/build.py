"""`kg build`: run the pipeline over a corpus and write every output.

This is the library function the CLI and the tests both call.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg.export import write_exports
from kg.graph import build_dataset, build_graph
from kg.html import write_html
from kg.model import Corpus


@dataclass(slots=True)
class BuildSummary:
    documents: int
    entities: dict[str, int]
    relations: dict[str, int]
    triples: int
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"documents  {self.documents}"]
        out += [f"{k:<18} {v}" for k, v in self.entities.items()]
        out += [f"{k:<18} {v}" for k, v in self.relations.items()]
        out += [f"triples    {self.triples}", f"time       {self.seconds:.1f}s"]
        out += [f"FAILED     {f}" for f in self.failures]
        return out


def default_corpus() -> Path:
    """The built-in corpus: ``seeds/`` beside the package in a checkout, else the packaged copy."""
    here = Path(__file__).resolve().parent.parent / "seeds"
    if here.is_dir():
        return here
    return Path(str(resources.files("kg") / "seeds"))


def extract(inputs: Sequence[str | os.PathLike] | None = None,
            progress: Callable[[Iterable], Iterable] | None = None) -> Corpus:
    from pipelines.run import extract_corpus

    return extract_corpus(list(inputs) if inputs else [default_corpus()], progress=progress)


def build(inputs: Sequence[str | os.PathLike] | None = None, out_dir: str | os.PathLike = "build",
          progress: Callable[[Iterable], Iterable] | None = None) -> BuildSummary:
    """Build the graph of ``inputs`` (default: the built-in seeds) and write all outputs to ``out_dir``."""
    t0 = time.perf_counter()
    corpus = extract(inputs, progress)
    g = build_graph(corpus)
    out = Path(out_dir)
    paths = write_exports(g, out, dataset=build_dataset(corpus))
    paths.append(write_html(g, out / "graph.html"))
    ent = Counter(e.etype for e in corpus.entities.values())
    rel = Counter(r.predicate for r in corpus.relations)
    from kg.model import ENTITY_TYPE_NAMES, RELATION_NAMES

    return BuildSummary(
        documents=len(corpus.documents),
        entities={t: ent.get(t, 0) for t in ENTITY_TYPE_NAMES},
        relations={p: len({(r.subject, r.object) for r in corpus.relations if r.predicate == p}) for p in RELATION_NAMES},
        triples=len(g),
        seconds=time.perf_counter() - t0,
        outputs=paths,
        failures=list(corpus.failures),
    )
