"""Network analysis of a built graph: centrality, communities, diffusion, co-mentions, projections.

Everything is computed with NetworkX over :func:`kg.export.to_networkx` (the
entities and their six relations) and over the mentions in the RDF graph (for
co-mentions). :func:`analyze` returns an :class:`Analysis` of plain
dataclass rows; :func:`write_analysis` writes them as CSV tables and an
offline ``analysis.html`` report whose plots are inline SVG.

>>> from kg.query import load_graph
>>> a = analyze(load_graph("build/graph.ttl"))  # doctest: +SKIP
>>> write_analysis(a, "build/analysis")  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, field, fields
from itertools import combinations
from pathlib import Path

import networkx as nx
from networkx.algorithms import bipartite
from rdflib import Graph, URIRef

from kg.export import DOCUMENT_TYPE, to_networkx
from kg.io import atomic_open, atomic_write_text
from kg.namespace import LG, RDF

__all__ = [
    "NodeMetrics", "Group", "DiffusionRow", "WeightedEdge", "Analysis",
    "analyze", "node_metrics", "diffusion_table", "comention_network", "place_program_projection",
    "person_organization_projection", "write_analysis", "analysis_html", "TABLES",
]

#: Exact betweenness up to this many nodes; above it, sampled from this many sources.
BETWEENNESS_EXACT_MAX = 5000
BETWEENNESS_SAMPLES = 500
#: Seed of every randomized algorithm (Louvain, sampled betweenness), so results repeat.
SEED = 42
#: Separator of the labels joined in one CSV cell.
JOIN = "、"


# ------------------------------------------------------------------ records

@dataclass(slots=True)
class NodeMetrics:
    """One node of the entity graph, with its centralities and its groups."""

    id: str
    label: str
    type: str
    degree: int
    degree_centrality: float
    betweenness: float
    community: int
    component: int


@dataclass(slots=True)
class Group:
    """A community or connected component: its index (0 = largest), size and member labels."""

    index: int
    size: int
    members: str


@dataclass(slots=True)
class DiffusionRow:
    """A program reported implemented in a place.

    ``actors`` are the place itself or the organizations based there that
    implement the program; ``first_date`` is the earliest date of a document
    whose sentence reports it (``""`` when no such document is dated).
    """

    program: str
    program_label: str
    place: str
    place_label: str
    first_date: str
    actors: str
    evidence: int


@dataclass(slots=True)
class WeightedEdge:
    """An undirected weighted edge; ``shared`` lists what links the two ends."""

    source: str
    target: str
    source_label: str
    target_label: str
    weight: int
    shared: str = ""


@dataclass(slots=True)
class Analysis:
    """All analysis tables of one graph (see :func:`analyze`)."""

    nodes: list[NodeMetrics] = field(default_factory=list)
    communities: list[Group] = field(default_factory=list)
    components: list[Group] = field(default_factory=list)
    diffusion: list[DiffusionRow] = field(default_factory=list)
    comention: list[WeightedEdge] = field(default_factory=list)
    place_projection: list[WeightedEdge] = field(default_factory=list)
    person_projection: list[WeightedEdge] = field(default_factory=list)
    edge_count: int = 0


#: CSV file name -> (Analysis attribute, row class).
TABLES = {
    "centrality.csv": ("nodes", NodeMetrics),
    "communities.csv": ("communities", Group),
    "components.csv": ("components", Group),
    "diffusion.csv": ("diffusion", DiffusionRow),
    "comention.csv": ("comention", WeightedEdge),
    "place_projection.csv": ("place_projection", WeightedEdge),
    "person_projection.csv": ("person_projection", WeightedEdge),
}


# ---------------------------------------------------------------- centrality

def _simple_undirected(G: nx.MultiDiGraph) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(G.nodes(data=True))
    U.add_edges_from((s, o) for s, o in G.edges() if s != o)
    return U


def _groups(sets: Iterable[set[str]], labels: dict[str, str]) -> list[list[str]]:
    """Node sets ordered largest first, ties by their smallest label; members sorted by label."""
    ordered = [sorted(s, key=lambda n: (labels[n], n)) for s in sets]
    ordered.sort(key=lambda m: (-len(m), labels[m[0]] if m else "", m[0] if m else ""))
    return ordered


def _group_rows(groups: list[list[str]], labels: dict[str, str]) -> list[Group]:
    return [Group(i, len(m), JOIN.join(labels[n] for n in m)) for i, m in enumerate(groups)]


def node_metrics(G: nx.MultiDiGraph) -> tuple[list[NodeMetrics], list[Group], list[Group]]:
    """Centralities, communities and connected components of the entity graph.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        From :func:`kg.export.to_networkx`.

    Returns
    -------
    nodes : list of NodeMetrics
        One per node, sorted by degree (descending), then label. The metrics
        are computed on the simple undirected graph (parallel edges and
        directions merged): ``degree`` counts distinct neighbours,
        ``degree_centrality`` and ``betweenness`` are NetworkX's normalized
        values (betweenness sampled from ``BETWEENNESS_SAMPLES`` sources
        above ``BETWEENNESS_EXACT_MAX`` nodes).
    communities : list of Group
        Louvain communities (``seed=SEED``), largest first.
    components : list of Group
        Connected components, largest first.
    """
    U = _simple_undirected(G)
    labels = {n: d["label"] for n, d in U.nodes(data=True)}
    if U.number_of_nodes() == 0:
        return [], [], []
    degree_c = nx.degree_centrality(U)
    k = None if U.number_of_nodes() <= BETWEENNESS_EXACT_MAX else BETWEENNESS_SAMPLES
    between = nx.betweenness_centrality(U, k=k, seed=SEED if k else None)
    communities = _groups(nx.community.louvain_communities(U, seed=SEED), labels)
    components = _groups(nx.connected_components(U), labels)
    community_of = {n: i for i, members in enumerate(communities) for n in members}
    component_of = {n: i for i, members in enumerate(components) for n in members}
    rows = [
        NodeMetrics(n, labels[n], d["type"], U.degree(n), round(degree_c[n], 6), round(between[n], 6),
                    community_of[n], component_of[n])
        for n, d in U.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r.degree, -r.betweenness, r.label, r.id))
    return rows, _group_rows(communities, labels), _group_rows(components, labels)


# ----------------------------------------------------------------- diffusion

def diffusion_table(G: nx.MultiDiGraph) -> list[DiffusionRow]:
    """The program-diffusion table: program x place, with the first date reported.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        From :func:`kg.export.to_networkx`.

    Returns
    -------
    list of DiffusionRow
        One row per (program, place) where the place implements the program
        (``lg:implements``) or an organization based there (``lg:basedIn``)
        does. ``first_date`` is the earliest ``first_date`` of those
        ``implements`` edges, i.e. of the documents whose sentences report
        it. Sorted by program label, date (undated last), place label.
    """
    based_in: dict[str, set[str]] = defaultdict(set)
    for s, o, d in G.edges(data=True):
        if d["predicate"] == "basedIn" and G.nodes[o]["type"] == "Place":
            based_in[s].add(o)
    cells: dict[tuple[str, str], dict] = {}
    for actor, program, d in G.edges(data=True):
        if d["predicate"] != "implements" or G.nodes[program]["type"] != "Program":
            continue
        atype = G.nodes[actor]["type"]
        places = {actor} if atype == "Place" else based_in.get(actor, set()) if atype == "Organization" else set()
        for place in places:
            cell = cells.setdefault((program, place), {"dates": [], "actors": set(), "evidence": 0})
            if d["first_date"]:
                cell["dates"].append(d["first_date"])
            cell["actors"].add(G.nodes[actor]["label"])
            cell["evidence"] += d["evidence"]
    rows = [
        DiffusionRow(program, G.nodes[program]["label"], place, G.nodes[place]["label"],
                     min(c["dates"], default=""), JOIN.join(sorted(c["actors"])), c["evidence"])
        for (program, place), c in cells.items()
    ]
    rows.sort(key=lambda r: (r.program_label, r.first_date == "", r.first_date, r.place_label, r.place))
    return rows


# ---------------------------------------------------------------- co-mention

def comention_network(g: Graph, G: nx.MultiDiGraph | None = None) -> nx.Graph:
    """Entities mentioned in the same sentence, weighted by the number of such sentences.

    Parameters
    ----------
    g : rdflib.Graph
        A built graph (its ``lg:Mention`` nodes with ``lg:inSentence`` and ``lg:mentionOf``).
    G : networkx.MultiDiGraph, optional
        ``to_networkx(g)``, for the node labels and types (computed if omitted).

    Returns
    -------
    networkx.Graph
        Nodes are entity IRIs with ``label`` and ``type``; an edge ``weight``
        counts the sentences mentioning both ends.
    """
    G = to_networkx(g) if G is None else G
    by_sentence: dict[URIRef, set[str]] = defaultdict(set)
    for m in g.subjects(RDF.type, LG.Mention):
        sentence, entity = g.value(m, LG.inSentence), g.value(m, LG.mentionOf)
        if sentence is not None and entity is not None and str(entity) in G:
            by_sentence[sentence].add(str(entity))
    weights: Counter = Counter()
    for entities in by_sentence.values():
        weights.update(combinations(sorted(entities), 2))
    C = nx.Graph()
    for (a, b), w in sorted(weights.items()):
        for n in (a, b):
            C.add_node(n, label=G.nodes[n]["label"], type=G.nodes[n]["type"])
        C.add_edge(a, b, weight=w)
    return C


# --------------------------------------------------------------- projections

def _projection(pairs: Iterable[tuple[str, str]], G: nx.MultiDiGraph) -> nx.Graph:
    """Weighted projection onto the left ends of (left, right) pairs, each edge with its shared rights."""
    B = nx.Graph()
    pairs = sorted(set(pairs))
    left = sorted({a for a, _ in pairs})
    B.add_nodes_from(left, bipartite=0)
    B.add_nodes_from(sorted({b for _, b in pairs}), bipartite=1)
    B.add_edges_from(pairs)
    P = bipartite.weighted_projected_graph(B, left)
    for a, b, d in P.edges(data=True):
        shared = set(B[a]) & set(B[b])
        d["shared"] = JOIN.join(sorted(G.nodes[n]["label"] for n in shared))
    for n in P:
        P.nodes[n].update(label=G.nodes[n]["label"], type=G.nodes[n]["type"])
    return P


def place_program_projection(diffusion: Sequence[DiffusionRow], G: nx.MultiDiGraph) -> nx.Graph:
    """Places linked by the programs they share (the place side of the place-program bipartite graph).

    Parameters
    ----------
    diffusion : list of DiffusionRow
        From :func:`diffusion_table`.
    G : networkx.MultiDiGraph
        From :func:`kg.export.to_networkx`, for labels.

    Returns
    -------
    networkx.Graph
        Every place implementing a program; an edge's ``weight`` is the number
        of programs both ends implement, ``shared`` their labels.
    """
    return _projection(((r.place, r.program) for r in diffusion), G)


def person_organization_projection(G: nx.MultiDiGraph) -> nx.Graph:
    """People linked by the organizations they hold posts in (``lg:holdsPost``).

    Returns
    -------
    networkx.Graph
        Every person with a post in an organization; an edge's ``weight`` is
        the number of organizations both hold posts in, ``shared`` their labels.
    """
    pairs = (
        (s, o) for s, o, d in G.edges(data=True)
        if d["predicate"] == "holdsPost" and G.nodes[s]["type"] == "Person" and G.nodes[o]["type"] == "Organization"
    )
    return _projection(pairs, G)


def _edge_rows(P: nx.Graph) -> list[WeightedEdge]:
    rows = []
    for a, b, d in P.edges(data=True):
        a, b = sorted((a, b))
        rows.append(WeightedEdge(a, b, P.nodes[a]["label"], P.nodes[b]["label"], int(d["weight"]), d.get("shared", "")))
    rows.sort(key=lambda r: (-r.weight, r.source_label, r.target_label, r.source, r.target))
    return rows


# ------------------------------------------------------------------- analyze

def analyze(g: Graph) -> Analysis:
    """Every analysis of a built graph.

    Parameters
    ----------
    g : rdflib.Graph
        A graph built by :func:`kg.graph.build_graph` (or read by :func:`kg.query.load_graph`).

    Returns
    -------
    Analysis
        ``nodes``, ``communities``, ``components`` (:func:`node_metrics`),
        ``diffusion`` (:func:`diffusion_table`), ``comention``
        (:func:`comention_network`), ``place_projection`` and
        ``person_projection`` (the bipartite projections), as sorted rows.

    Examples
    --------
    >>> a = analyze(graph)  # doctest: +SKIP
    >>> [(r.program_label, r.place_label, r.first_date) for r in a.diffusion]  # doctest: +SKIP
    [('五个一管理机制', '抚松县', '2025-11-27'), ('解题暖心大走访活动', '大东街道', '2025-11-27')]
    """
    G = to_networkx(g)
    nodes, communities, components = node_metrics(G)
    diffusion = diffusion_table(G)
    return Analysis(
        nodes=nodes,
        communities=communities,
        components=components,
        diffusion=diffusion,
        comention=_edge_rows(comention_network(g, G)),
        place_projection=_edge_rows(place_program_projection(diffusion, G)),
        person_projection=_edge_rows(person_organization_projection(G)),
        edge_count=G.number_of_edges(),
    )


# -------------------------------------------------------------------- output

def _write_table(path: Path, cls: type, rows: Sequence) -> None:
    with atomic_open(path, "w") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([f.name for f in fields(cls)])
        writer.writerows(astuple(r) for r in rows)


def write_analysis(analysis: Analysis, out_dir: str | os.PathLike) -> list[Path]:
    """Write the tables of ``analysis`` as CSV files and ``analysis.html`` into ``out_dir``.

    Returns
    -------
    list of Path
        The files written (see :data:`TABLES`), then ``analysis.html``; every
        one written atomically.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (attr, cls) in TABLES.items():
        _write_table(out / name, cls, getattr(analysis, attr))
        written.append(out / name)
    atomic_write_text(out / "analysis.html", analysis_html(analysis))
    written.append(out / "analysis.html")
    return written


# ---------------------------------------------------------------------- SVG

_E = html.escape
BAR_COLOR = "#4e79a7"
DOT_COLOR = "#e15759"
FONT = 'font-family="system-ui, \'Noto Sans CJK SC\', \'Microsoft YaHei\', sans-serif"'


def _short(label: str, limit: int = 16) -> str:
    """``label`` cut to ``limit`` characters with "…" (the full text goes in the SVG ``<title>``)."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_E(title)}" {FONT} font-size="12">'
        f"<title>{_E(title)}</title>" + "".join(body) + "</svg>"
    )


def bar_chart(items: Sequence[tuple[str, int]], title: str, width: int = 720, label_width: int = 220) -> str:
    """Horizontal bar chart as inline SVG: one bar per (label, value)."""
    row, top = 22, 10
    height = top + row * max(len(items), 1) + 10
    vmax = max((v for _, v in items), default=0) or 1
    scale = (width - label_width - 60) / vmax
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = max(value * scale, 1)
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{_E(_short(label))}'
            f"<title>{_E(label)}</title></text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{BAR_COLOR}">'
            f"<title>{_E(label)}: {value}</title></rect>"
            f'<text x="{label_width + w + 6:.1f}" y="{y + 15}">{value}</text>'
        )
    if not items:
        body.append(f'<text x="{width / 2}" y="{top + 15}" text-anchor="middle">(none)</text>')
    return _svg(width, height, body, title)


def column_chart(items: Sequence[tuple[int, int]], title: str, x_label: str, y_label: str,
                 width: int = 720, height: int = 260) -> str:
    """Vertical bars over integer x values (a distribution) as inline SVG."""
    left, bottom, top, right = 50, 40, 12, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    vmax = max((v for _, v in items), default=0) or 1
    slot = plot_w / max(len(items), 1)
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#333"/>',
            f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{vmax}</text>',
            f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
            f'<text x="{left + plot_w / 2}" y="{height - 4}" text-anchor="middle">{_E(x_label)}</text>',
            f'<text x="12" y="{top + plot_h / 2}" text-anchor="middle" '
            f'transform="rotate(-90 12 {top + plot_h / 2})">{_E(y_label)}</text>']
    step = max(1, len(items) // 20)
    for i, (x, v) in enumerate(items):
        h = v / vmax * plot_h
        bx = left + i * slot
        body.append(f'<rect x="{bx + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(slot - 2, 1):.1f}" '
                    f'height="{h:.1f}" fill="{BAR_COLOR}"><title>{_E(x_label)} {x}: {v}</title></rect>')
        if i % step == 0:
            body.append(f'<text x="{bx + slot / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle">{x}</text>')
    return _svg(width, height, body, title)


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def timeline_chart(rows: Sequence[DiffusionRow], title: str, width: int = 900, label_width: int = 220,
                   max_programs: int = 30) -> str:
    """Diffusion timeline as inline SVG: one line per program, a dot per place at its first date."""
    dated: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for r in rows:
        day = _parse_date(r.first_date)
        if day is not None:
            dated[r.program_label].append((day, r.place_label))
    programs = sorted(dated, key=lambda p: (-len(dated[p]), min(dated[p])[0], p))[:max_programs]
    row, top, bottom, right = 22, 10, 36, 20
    height = top + row * max(len(programs), 1) + bottom
    if not programs:
        return _svg(width, height, [f'<text x="{width / 2}" y="{top + 15}" text-anchor="middle">'
                                    "(no dated reports)</text>"], title)
    days = [d for p in programs for d, _ in dated[p]]
    start, end = min(days), max(days)
    span = (end - start).days or 1
    plot_w = width - label_width - right

    def x_of(day: dt.date) -> float:
        if start == end:
            return label_width + plot_w / 2
        return label_width + (day - start).days / span * plot_w

    axis_y = top + row * len(programs) + 4
    body = [f'<line x1="{label_width}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="#333"/>']
    ticks = sorted({start, end, *(start + dt.timedelta(days=round(span * f)) for f in (0.25, 0.5, 0.75))}) \
        if start != end else [start]
    for day in ticks:
        body.append(f'<text x="{x_of(day):.1f}" y="{axis_y + 16}" text-anchor="middle">{day.isoformat()}</text>')
    for i, program in enumerate(programs):
        y = top + i * row + 11
        body.append(f'<text x="{label_width - 8}" y="{y + 4}" text-anchor="end">{_E(_short(program))}'
                    f"<title>{_E(program)}</title></text>"
                    f'<line x1="{label_width}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#ddd"/>')
        for day, place in sorted(dated[program]):
            body.append(f'<circle cx="{x_of(day):.1f}" cy="{y}" r="5" fill="{DOT_COLOR}" fill-opacity="0.7">'
                        f"<title>{_E(place)} {day.isoformat()}</title></circle>")
    return _svg(width, height, body, title)


# --------------------------------------------------------------------- HTML

PAGE_CSS = """
body { margin: 2em auto; max-width: 1000px; padding: 0 1em; color: #222;
       font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.n { text-align: right; }
.summary span { display: inline-block; margin-right: 1.5em; }
figure { margin: 0.5em 0; overflow-x: auto; } figcaption { color: #555; font-size: 0.9em; }
"""


def _table(headers: Sequence[str], rows: Iterable[Sequence], limit: int = 20) -> str:
    out = ["<table><thead><tr>", *(f"<th>{_E(h)}</th>" for h in headers), "</tr></thead><tbody>"]
    for i, row in enumerate(rows):
        if i >= limit:
            break
        out.append("<tr>" + "".join(
            f'<td class="n">{v}</td>' if isinstance(v, (int, float)) else f"<td>{_E(str(v))}</td>" for v in row
        ) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _top_programs(analysis: Analysis, n: int = 15) -> list[tuple[str, int]]:
    places: dict[str, set[str]] = defaultdict(set)
    for r in analysis.diffusion:
        places[r.program_label].add(r.place)
    return sorted(((p, len(s)) for p, s in places.items()), key=lambda kv: (-kv[1], kv[0]))[:n]


def analysis_html(analysis: Analysis) -> str:
    """The self-contained ``analysis.html`` report: summary, inline SVG plots, top rows of each table.

    No script and no external resource: it reads the same from a ``file://``
    path on a machine with no network.
    """
    degrees = Counter(r.degree for r in analysis.nodes)
    types = Counter(r.type for r in analysis.nodes if r.type != DOCUMENT_TYPE)
    summary = [
        ("nodes", len(analysis.nodes)), ("edges", analysis.edge_count),
        *sorted(types.items()),
        ("components", len(analysis.components)), ("communities", len(analysis.communities)),
        ("program × place", len(analysis.diffusion)), ("co-mention pairs", len(analysis.comention)),
    ]
    by_between = sorted(analysis.nodes, key=lambda r: (-r.betweenness, r.label))
    parts = [
        "<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
        "<title>lgkg analysis</title>", f"<style>{PAGE_CSS}</style></head><body>",
        "<h1>lgkg network analysis</h1>",
        '<p class="summary">' + "".join(f"<span><b>{_E(k)}</b> {v}</span>" for k, v in summary) + "</p>",
        "<h2>Top programs by number of places</h2>",
        f"<figure>{bar_chart(_top_programs(analysis), 'Top programs by number of places')}"
        "<figcaption>Places implementing each program (directly or through an organization based there).</figcaption></figure>",
        "<h2>Diffusion timeline</h2>",
        f"<figure>{timeline_chart(analysis.diffusion, 'Diffusion timeline')}"
        "<figcaption>One dot per place, at the date of the first document reporting it implements the program "
        "(hover a dot for the place).</figcaption></figure>",
        _table(["program", "place", "first date", "actors", "evidence"],
               ((r.program_label, r.place_label, r.first_date or "—", r.actors, r.evidence) for r in analysis.diffusion),
               limit=50),
        "<p>(first 50 rows; every row is in <code>diffusion.csv</code>)</p>",
        "<h2>Degree distribution</h2>",
        f"<figure>{column_chart(sorted(degrees.items()), 'Degree distribution', 'degree', 'nodes')}"
        "<figcaption>Number of nodes by degree (distinct neighbours).</figcaption></figure>",
        "<h2>Most central nodes</h2>",
        "<h3>by degree</h3>",
        _table(["label", "type", "degree", "degree centrality", "betweenness", "community"],
               ((r.label, r.type, r.degree, r.degree_centrality, r.betweenness, r.community) for r in analysis.nodes)),
        "<h3>by betweenness</h3>",
        _table(["label", "type", "betweenness", "degree", "community"],
               ((r.label, r.type, r.betweenness, r.degree, r.community) for r in by_between)),
        "<h2>Communities (Louvain)</h2>",
        _table(["community", "size", "members"], ((c.index, c.size, c.members) for c in analysis.communities), limit=15),
        "<h2>Connected components</h2>",
        _table(["component", "size", "members"], ((c.index, c.size, c.members) for c in analysis.components), limit=15),
        "<h2>Co-mentions (same sentence)</h2>",
        _table(["entity", "entity", "sentences"],
               ((e.source_label, e.target_label, e.weight) for e in analysis.comention), limit=30),
        "<h2>Places linked by shared programs</h2>",
        _table(["place", "place", "shared programs", "programs"],
               ((e.source_label, e.target_label, e.weight, e.shared) for e in analysis.place_projection), limit=30),
        "<h2>People linked by shared organizations</h2>",
        _table(["person", "person", "shared organizations", "organizations"],
               ((e.source_label, e.target_label, e.weight, e.shared) for e in analysis.person_projection), limit=30),
        "<p>Full tables: " + ", ".join(f"<code>{n}</code>" for n in TABLES) + ".</p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
