"""Validate a graph against the contract's SHACL shapes (``kg/shapes.ttl``).

The ontology is given to pySHACL as the ontology graph, so ``sh:class`` and
``sh:targetClass`` follow the ``rdfs:subClassOf`` links it declares. RDFS
*inference* is deliberately off: it would derive types from ``rdfs:domain`` /
``rdfs:range`` (a Person used as the subject of ``lg:locatedIn`` would become
a Place) and so hide exactly the errors the shapes are there to catch.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pyshacl import validate as _shacl_validate
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from kg.namespace import RDF, ontology_graph

__all__ = ["ValidationResult", "validate", "shapes_path", "shapes_graph"]


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """Outcome of :func:`validate`: ``text`` is pySHACL's human-readable report."""

    conforms: bool
    text: str
    violations: int
    report: Graph | None = None


def shapes_path() -> Path:
    """Path of ``shapes.ttl``, which lives inside the ``kg`` package."""
    packaged = resources.files("kg") / "shapes.ttl"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent / "shapes.ttl"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes, parsed once."""
    g = Graph()
    g.parse(shapes_path(), format="turtle")
    return g


def validate(g: Graph) -> ValidationResult:
    """Check ``g`` against the shapes; ``violations`` counts ``sh:ValidationResult`` nodes.

    A :class:`~rdflib.Dataset` is validated as the union of its graphs.
    """
    if isinstance(g, Dataset):  # validate the union of its graphs, not each one apart
        merged = Graph()
        with warnings.catch_warnings():  # rdflib's own deprecation notices
            warnings.simplefilter("ignore", DeprecationWarning)
            for triple in g.triples((None, None, None)):
                merged.add(triple)
        g = merged
    conforms, report, text = _shacl_validate(
        g,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    violations = sum(1 for _ in report.subjects(RDF.type, SH.ValidationResult))
    return ValidationResult(bool(conforms), str(text), violations, report)
