"""lgkg: a knowledge-graph builder for Chinese local-governance texts.

``kg`` holds the graph side: the ontology's terms (:mod:`kg.namespace`), the
records that cross from the extraction pipelines (:mod:`kg.model`), the graph
builder (:mod:`kg.graph`) and every output (exports, HTML, query, evaluation).
"""

__version__ = "0.1.0"
