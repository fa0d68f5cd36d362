"""The interactive graph page: vis-network in one self-contained HTML file.

:func:`render_html` draws an lgkg graph (or a focused part of it, see
:class:`View` and :func:`select_subgraph`) with vis-network 9, the copy that
ships inside the pyvis package, inlined together with the page's own script
and styles: the page makes no network request at all and opens from a
``file://`` path on a machine without network.

What the page offers (``kg/templates/graph.js``):

- a force layout (Barnes–Hut) that stabilises behind a progress bar and is
  then frozen (physics off), so thousands of nodes stay still and cheap;
- node size by degree (square root scale), colour and shape by type, a
  legend whose checkboxes filter types;
- labels that appear as one zooms in (bigger nodes' labels first);
- a search box that centres the best node whose name or alias contains the
  typed text (Chinese input methods: it waits for the composition to end);
- a card shown on hover (kept for the selected node) with the canonical
  name, type, admin chain (``lg:locatedIn``, for organizations from
  ``lg:basedIn``), posts (``lg:holdsPost``), programs (``lg:implements``)
  and two source sentences with their document;
- a "Map" tab: every program of the view at the places that implement it
  (directly, or through an organization based there), drawn as an SVG
  scatter by longitude/latitude from the administrative-divisions table
  (places without their own code take their nearest coded ancestor's
  position, drawn dashed).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph

from kg.export import DOCUMENT_TYPE, term_reader, to_networkx
from kg.io import atomic_write_text
from kg.namespace import DCTERMS, ENTITY_TYPES, LG, RDFS, ontology_graph

__all__ = [
    "TYPE_STYLES", "TypeStyle", "View", "MapSite", "parse_types", "select_subgraph", "node_cards",
    "program_sites", "map_svg", "vis_options", "render_html", "write_html",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class TypeStyle:
    color: str
    shape: str  # a vis-network shape that draws its label outside (below) the node
    glyph: str  # the shape in the legend


TYPE_STYLES: dict[str, TypeStyle] = {
    "Place": TypeStyle("#2e8b57", "dot", "●"),
    "Organization": TypeStyle("#1f6fb2", "square", "■"),
    "Person": TypeStyle("#c0392b", "triangle", "▲"),
    "Program": TypeStyle("#e67e22", "diamond", "◆"),
    DOCUMENT_TYPE: TypeStyle("#7d5ba6", "star", "★"),
}
assert set(TYPE_STYLES) == {*ENTITY_TYPES, DOCUMENT_TYPE}

#: Above this many nodes the page trades looks for speed (straight edges, no edges while dragging).
LARGE = 800
#: The most nodes a page draws by default (:attr:`View.max_nodes`).
MAX_NODES = 3000


# ------------------------------------------------------------------ views

@dataclass(frozen=True)
class View:
    """Which part of the graph to draw.

    Attributes
    ----------
    focus : tuple of str
        Names (canonical or alias) of the nodes to centre on; empty: the whole graph.
    hops : int
        With ``focus``: keep nodes within this many relations of a focus node
        (edge direction ignored).
    types : frozenset of str or None
        Keep only nodes of these types (``Place``, ``Organization``,
        ``Person``, ``Program``, ``Document``); None keeps all.
    min_degree : int
        Keep only nodes with at least this many relations in the whole graph.
    max_nodes : int
        Then keep at most this many nodes, those with the most relations
        (ties by label); 0 keeps all. A browser draws a few thousand nodes
        well, not a whole large corpus: the page says how many it left out.

    Focus nodes are always kept, whatever ``types``, ``min_degree`` and
    ``max_nodes`` say.
    """

    focus: tuple[str, ...] = ()
    hops: int = 2
    types: frozenset[str] | None = None
    min_degree: int = 0
    max_nodes: int = MAX_NODES

    def describe(self) -> str:
        """A short human description, ``""`` for the whole graph."""
        parts = []
        if self.focus:
            parts.append(f"{'、'.join(self.focus)} ±{self.hops}")
        if self.types is not None:
            parts.append(", ".join(t for t in TYPE_STYLES if t in self.types))
        if self.min_degree:
            parts.append(f"degree ≥ {self.min_degree}")
        return " · ".join(parts)


def parse_types(text: str) -> frozenset[str]:
    """Type names from a comma-separated list, case-insensitive (``"place,Program"``).

    Raises
    ------
    ValueError
        For an empty list or an unknown name (the message lists the known ones).
    """
    known = {t.lower(): t for t in TYPE_STYLES}
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise ValueError(f"no type given (choose from {', '.join(TYPE_STYLES)})")
    unknown = [n for n in names if n.lower() not in known]
    if unknown:
        raise ValueError(f"unknown type {unknown[0]!r} (choose from {', '.join(TYPE_STYLES)})")
    return frozenset(known[n.lower()] for n in names)


def _aliases(data: dict) -> list[str]:
    return [a for a in data.get("aliases", "").split("|") if a and a != data["label"]]


def _focus_nodes(G: nx.MultiDiGraph, name: str) -> list[str]:
    exact = [n for n, d in G.nodes(data=True) if d["label"] == name]
    if exact:
        return exact
    alias = [n for n, d in G.nodes(data=True) if name in _aliases(d)]
    if alias:
        return alias
    similar = sorted({d["label"] for _, d in G.nodes(data=True) if name in d["label"] or d["label"] in name},
                     key=lambda s: (len(s), s))
    hint = f" (similar: {', '.join(similar[:5])})" if similar else ""
    raise ValueError(f"no node named {name!r} in the graph{hint}")


def select_subgraph(G: nx.MultiDiGraph, view: View) -> nx.MultiDiGraph:
    """The part of ``G`` that ``view`` asks for.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :func:`kg.export.to_networkx`.
    view : View
        Focus, hops, types and minimum degree.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph (not a view) with the kept nodes, their attributes and
        every edge of ``G`` between them, in ``G``'s order.

    Raises
    ------
    ValueError
        If a focus name is not in the graph, ``hops`` is negative, or the
        view's filters leave nothing (an empty ``G`` with the default view
        gives an empty graph).

    Examples
    --------
    >>> H = select_subgraph(G, View(focus=("吉林市",), hops=1))  # doctest: +SKIP
    >>> sorted(H.nodes[n]["label"] for n in H)  # doctest: +SKIP
    ['吉林市', '吉林省', '船营区']
    """
    if view.hops < 0:
        raise ValueError(f"hops must be 0 or more, not {view.hops}")
    if view.min_degree < 0:
        raise ValueError(f"min-degree must be 0 or more, not {view.min_degree}")
    keep = set(G)
    focus: set[str] = set()
    if view.focus:
        for name in view.focus:
            focus.update(_focus_nodes(G, name))
        undirected = G.to_undirected(as_view=True)
        keep = set()
        for node in focus:
            keep.update(nx.single_source_shortest_path_length(undirected, node, cutoff=view.hops))
    if view.types is not None:
        keep = {n for n in keep if G.nodes[n]["type"] in view.types}
    if view.min_degree:
        keep = {n for n in keep if G.degree(n) >= view.min_degree}
    if view.max_nodes < 0:
        raise ValueError(f"max-nodes must be 0 or more, not {view.max_nodes}")
    if view.max_nodes and len(keep) > view.max_nodes:
        keep = set(sorted(keep, key=lambda n: (-G.degree(n), G.nodes[n]["label"], n))[: view.max_nodes])
    keep |= focus
    if not keep and len(G) and view != View():
        raise ValueError(f"nothing to draw: no node matches {view.describe() or 'the view'}")
    # Built in G's order: a subgraph view of a small part iterates a set of the kept nodes, whose
    # order follows string hashes (PYTHONHASHSEED), and the page would differ from run to run.
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, d.copy()) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((s, o, k, d.copy()) for s, o, k, d in G.edges(keys=True, data=True) if s in keep and o in keep)
    return H


# ------------------------------------------------------------------ cards

def _document_label(view, doc: str) -> str:
    title = view.value(doc, DCTERMS.title)
    path = view.value(doc, LG.sourcePath)
    if title and path:
        return f"{title} ({path})"
    return str(title or path or "")


def _source_sentences(view, entities: set[str], per_entity: int = 2) -> dict[str, list[list[str]]]:
    """Up to ``per_entity`` distinct source sentences of each entity, [text, document label].

    Mentions are taken in document order; a second sentence from another
    document is preferred to a second one from the same document. ``view``
    reads the graph (:func:`kg.export.term_reader`); IRIs are strings.
    """
    found: dict[str, list[tuple[str, int, str, str | None]]] = defaultdict(list)
    for entity in entities:
        for mention in view.subjects(LG.mentionOf, entity):
            sentence = view.value(mention, LG.inSentence)
            if sentence is not None:
                doc, start = view.value(mention, LG.inDocument), view.value(mention, LG.start)
                found[entity].append((str(doc), int(start) if start is not None else 0, sentence, doc))
    out: dict[str, list[list[str]]] = {}
    labels: dict = {}
    texts: dict[str, str | None] = {}

    def text(sentence: str) -> str | None:
        if sentence not in texts:
            texts[sentence] = view.value(sentence, LG.text)
        return texts[sentence]

    for entity, mentions in found.items():
        mentions.sort(key=lambda m: (m[0], m[1], m[2]))
        chosen: list[tuple[str, int, str, str | None]] = []
        for m in mentions:  # first sentence of each document, in order
            if len(chosen) < per_entity and all(c[0] != m[0] for c in chosen) and text(m[2]):
                chosen.append(m)
        for m in mentions:  # then further sentences of the same documents
            if len(chosen) < per_entity and all(c[2] != m[2] for c in chosen) and text(m[2]):
                chosen.append(m)
        chosen.sort(key=lambda m: (m[0], m[1]))
        rows = []
        for _, _, sentence, doc in chosen:
            if doc not in labels:
                labels[doc] = _document_label(view, doc) if doc is not None else ""
            rows.append([str(text(sentence)), labels[doc]])
        out[entity] = rows
    return out


def _out(G: nx.MultiDiGraph, node: str, predicate: str) -> list[str]:
    # ties of label (two places of one name) by IRI: a set's order would follow string hashes
    return sorted({o for _, o, k in G.out_edges(node, keys=True) if k == predicate}, key=lambda n: (G.nodes[n]["label"], n))


def _in(G: nx.MultiDiGraph, node: str, predicate: str) -> list[str]:
    return sorted({s for s, _, k in G.in_edges(node, keys=True) if k == predicate}, key=lambda n: (G.nodes[n]["label"], n))


def _admin_chain(G: nx.MultiDiGraph, node: str) -> list[str]:
    """Labels from ``node``'s place (itself, or where an organization is based) up ``lg:locatedIn``."""
    data = G.nodes[node]
    if data["type"] == "Place":
        place = node
    elif data["type"] == "Organization":
        based = _out(G, node, "basedIn")
        if not based:
            return []
        place = based[0]
    else:
        return []
    chain, seen = [], set()
    while place is not None and place not in seen:
        seen.add(place)
        chain.append(G.nodes[place]["label"])
        parents = _out(G, place, "locatedIn")
        place = parents[0] if parents else None
    return chain


def _edge_title(G: nx.MultiDiGraph, s: str, o: str, predicate: str) -> str:
    return G.edges[s, o, predicate].get("title", "")


def node_cards(g: Graph, G: nx.MultiDiGraph, nodes: Iterable[str]) -> list[dict]:
    """The hover card of each node, from the whole graph.

    Parameters
    ----------
    g : rdflib.Graph
        The lgkg graph (for the source sentences).
    G : networkx.MultiDiGraph
        ``to_networkx(g)``: the whole graph, so a card is complete even when
        the drawn view leaves some neighbours out.
    nodes : iterable of str
        Node keys (IRIs) of ``G``.

    Returns
    -------
    list of dict
        One card per node, in order, with ``aliases``, ``level``, ``code``,
        ``degree``, ``mentions``, ``chain`` (the admin chain, innermost first),
        ``posts`` (for a person: "title · organization"; for an organization
        or place: "person · title"), ``programs`` (programs it implements),
        ``implementers`` (for a program) and ``sentences`` (up to two
        ``[text, document]`` pairs).
    """
    nodes = list(nodes)
    view = term_reader(g)
    sentences = _source_sentences(view, set(nodes))
    label = lambda n: G.nodes[n]["label"]  # noqa: E731
    cards = []
    for node in nodes:
        data = G.nodes[node]
        if data["type"] == "Person":
            posts = [" · ".join(filter(None, (_edge_title(G, node, o, "holdsPost"), label(o))))
                     for o in _out(G, node, "holdsPost")]
        else:
            posts = [" · ".join(filter(None, (label(s), _edge_title(G, s, node, "holdsPost"))))
                     for s in _in(G, node, "holdsPost")]
        rows = sentences.get(node, [])
        if data["type"] == DOCUMENT_TYPE:
            rows = [[label(node), _document_label(view, node)]]
        cards.append({
            "aliases": _aliases(data),
            "level": data.get("level", ""),
            "code": data.get("code", ""),
            "degree": G.degree(node),
            "mentions": data.get("mention_count", 0),
            "chain": _admin_chain(G, node),
            "posts": posts,
            "programs": [label(p) for p in _out(G, node, "implements")],
            "implementers": [label(s) for s in _in(G, node, "implements")],
            "sentences": rows,
        })
    return cards


# -------------------------------------------------------------------- map

@dataclass(frozen=True)
class MapSite:
    """A place on the map with the programs implemented there."""

    name: str
    level: str
    lon: float
    lat: float
    programs: tuple[str, ...]
    located_by: str | None = None  # the ancestor whose coordinates are used, if not the place's own


@lru_cache(maxsize=1)
def _coordinate_table() -> dict[str, tuple[float, float]]:
    from pipelines.divisions import coordinates

    return coordinates()


def _coordinates(G: nx.MultiDiGraph, place: str) -> tuple[float, float, str | None] | None:
    """(lon, lat, ancestor label or None) of a place, from its division code or its nearest coded ancestor."""
    table = _coordinate_table()
    seen, current = set(), place
    while current is not None and current not in seen:
        seen.add(current)
        found = table.get(G.nodes[current].get("code", ""))
        if found:
            return found[0], found[1], None if current == place else G.nodes[current]["label"]
        parents = _out(G, current, "locatedIn")
        current = parents[0] if parents else None
    return None


def program_sites(G: nx.MultiDiGraph, programs: Iterable[str]) -> tuple[list[MapSite], list[str]]:
    """Where the given programs are implemented, with coordinates.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The whole graph (``to_networkx``).
    programs : iterable of str
        Program nodes to place.

    Returns
    -------
    sites : list of MapSite
        One per place that implements one of ``programs`` directly, or through
        an organization ``lg:basedIn`` it; sorted by number of programs, then name.
    unplaced : list of str
        Labels of places that implement a program but have no coordinates.
    """
    by_place: dict[str, set[str]] = defaultdict(set)
    for program in programs:
        for actor in _in(G, program, "implements"):
            places = [actor] if G.nodes[actor]["type"] == "Place" else _out(G, actor, "basedIn")
            for place in places:
                by_place[place].add(G.nodes[program]["label"])
    sites, unplaced = [], []
    for place, names in by_place.items():
        where = _coordinates(G, place)
        data = G.nodes[place]
        if where is None:
            unplaced.append(data["label"])
            continue
        sites.append(MapSite(data["label"], data.get("level", ""), where[0], where[1], tuple(sorted(names)), where[2]))
    sites.sort(key=lambda s: (-len(s.programs), s.name, s.lon))
    return sites, sorted(unplaced)


def _grid_step(span: float) -> float:
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10):
        if span / step <= 10:
            return step
    return 20.0


def map_svg(sites: Sequence[MapSite], context: Sequence[tuple[float, float]] = (), width: int = 1000) -> str:
    """An SVG scatter of ``sites`` by longitude/latitude, with a degree grid.

    The extent is that of ``sites``; ``context`` points (lon, lat) inside it
    are drawn as small grey dots for orientation.
    The projection is equirectangular, x scaled by the cosine of the mean
    latitude. Each site circle carries ``data-programs`` (indices into the
    sorted list of all program names) and a ``<title>`` tooltip.
    """
    lons, lats = [s.lon for s in sites], [s.lat for s in sites]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad = max(0.3, 0.06 * max(east - west, north - south))
    west, east, south, north = west - pad, east + pad, south - pad, north + pad
    kx = math.cos(math.radians((south + north) / 2))
    # keep the frame between 4:3 and 2:1, so a few sites in a row do not make a sliver
    aspect = (east - west) * kx / (north - south)
    if aspect < 4 / 3:
        grow = ((north - south) * 4 / 3 / kx - (east - west)) / 2
        west, east = west - grow, east + grow
    elif aspect > 2:
        grow = ((east - west) * kx / 2 - (north - south)) / 2
        south, north = south - grow, north + grow
    context = [(lon, lat) for lon, lat in context if west <= lon <= east and south <= lat <= north]
    scale = width / ((east - west) * kx)
    height = max(200, round((north - south) * scale))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * kx * scale, 1), round((north - lat) * scale, 1)

    parts = [f'<svg id="lgkg-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="程序分布图 programs by place">']
    step = _grid_step(max(east - west, north - south))
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = xy(lon, north)
        parts.append(f'<line class="lgkg-grid" x1="{x}" y1="0" x2="{x}" y2="{height}"/>'
                     f'<text class="lgkg-tick" x="{x + 3}" y="{height - 4}">{lon:g}°E</text>')
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _, y = xy(west, lat)
        parts.append(f'<line class="lgkg-grid" x1="0" y1="{y}" x2="{width}" y2="{y}"/>'
                     f'<text class="lgkg-tick" x="3" y="{y - 3}">{lat:g}°N</text>')
        lat += step
    for lon, lat in context:
        x, y = xy(lon, lat)
        parts.append(f'<circle class="lgkg-context" cx="{x}" cy="{y}" r="2"/>')
    index = {name: i for i, name in enumerate(sorted({p for s in sites for p in s.programs}))}
    labelled = set(range(len(sites))) if len(sites) <= 60 else set(range(30))
    for i, site in enumerate(sites):
        x, y = xy(site.lon, site.lat)
        r = round(4 + 3 * math.sqrt(len(site.programs)), 1)
        where = f"（位置取自 position of {site.located_by}）" if site.located_by else ""
        tip = f"{site.name} {site.level}{where}: {len(site.programs)} — {'、'.join(site.programs)}"
        cls = "lgkg-site lgkg-approx" if site.located_by else "lgkg-site"
        ids = " ".join(str(index[p]) for p in site.programs)
        parts.append(f'<circle class="{cls}" cx="{x}" cy="{y}" r="{r}" data-programs="{ids}">'
                     f'<title>{escape(tip)}</title></circle>')
        if i in labelled:
            parts.append(f'<text class="lgkg-site-label" x="{x + r + 2}" y="{y + 4}">{escape(site.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _program_list(programs: Sequence[str], shown: int = 12) -> str:
    head = escape("、".join(programs[:shown]))
    if len(programs) <= shown:
        return head
    rest = escape("、".join(programs[shown:]))
    return f"{head}<details><summary>+{len(programs) - shown}</summary>{rest}</details>"


def _map_html(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> str:
    """The Map tab: the SVG, a program selector and the place → programs table."""
    programs = [n for n, t in H.nodes(data="type") if t == "Program"]
    sites, unplaced = program_sites(G, programs)
    if not sites:
        return ('<p id="lgkg-map-empty">这个视图里没有可定位的项目。No program of this view is implemented '
                'at a place with known coordinates.</p>')
    table = _coordinate_table()
    context = sorted({table[c] for _, c in G.nodes(data="code") if c in table})
    names = sorted({p for s in sites for p in s.programs})
    count = defaultdict(int)
    for s in sites:
        for p in s.programs:
            count[p] += 1
    order = sorted(range(len(names)), key=lambda i: (-count[names[i]], names[i]))
    options = "".join(f'<option value="{i}">{escape(names[i])} ({count[names[i]]})</option>' for i in order)
    rows = "".join(
        f"<tr><td>{escape(s.name)}{' ≈' if s.located_by else ''}</td><td>{len(s.programs)}</td>"
        f"<td>{_program_list(s.programs)}</td></tr>"
        for s in sites
    )
    note = f"<p>无坐标 without coordinates: {escape('、'.join(unplaced))}</p>" if unplaced else ""
    return (
        f"<figure>{map_svg(sites, context)}<figcaption>{len(sites)} 地点 places · {len(names)} 项目 programs. "
        "Coordinates from the administrative-divisions table; dashed circles use the nearest coded "
        "ancestor's position; grey dots are the other coded places of the graph.</figcaption></figure>"
        '<aside><label>项目 program: <select id="lgkg-map-program"><option value="">— all —</option>'
        f'{options}</select></label>{note}<table id="lgkg-map-table"><thead><tr><th>地点 place</th><th>#</th>'
        f"<th>项目 programs</th></tr></thead><tbody>{rows}</tbody></table></aside>"
    )


# ------------------------------------------------------------------ page

def vis_options(n_nodes: int, n_edges: int) -> dict:
    """vis-network options for a graph of this size (JSON-serialisable).

    Barnes–Hut physics with a number of stabilisation iterations that falls
    as the graph grows (each costs more); the page turns physics off once
    stabilised. Labels have a draw threshold, so they appear as one zooms in.
    Large graphs (more than ``LARGE`` nodes) get a coarser Barnes–Hut
    approximation and straight edges, and hide edges while dragging or zooming.
    """
    large = n_nodes > LARGE
    iterations = 400 if not large else 250 if n_nodes <= 5000 else 150
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "theta": 0.8 if large else 0.5,
                "gravitationalConstant": -4000 if large else -2500,
                "centralGravity": 0.35,
                "springLength": 110,
                "springConstant": 0.04,
                "damping": 0.35,
                "avoidOverlap": 0.05,
            },
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 20, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "multiselect": False},
        "groups": {t: {"color": {"background": s.color, "border": s.color,
                                 "highlight": {"background": s.color, "border": "#111111"},
                                 "hover": {"background": s.color, "border": "#111111"}},
                       "shape": s.shape}
                   for t, s in TYPE_STYLES.items()},
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "Noto Sans CJK SC, system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            # a label is drawn once it is drawThreshold - 1 px on screen: 14 px labels at zoom ≥ 0.43;
            # the page enlarges the hubs' labels so they read at the first, fitted zoom
            "scaling": {"min": 10, "max": 44, "label": {"enabled": False, "drawThreshold": 7, "maxVisible": 26}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "color": {"color": "#a0a0a0", "highlight": "#333333", "hover": "#555555", "inherit": False},
            "width": 1,
            "font": {"size": 10, "color": "#555555", "strokeWidth": 2, "align": "middle"},
            "scaling": {"label": {"drawThreshold": 9}},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
        },
    }


def _hubs(G: nx.MultiDiGraph, nodes: Sequence[str]) -> set[str]:
    """The nodes whose labels show at the first, zoomed-out view: the top 1.5% by degree (5 to 30)."""
    k = min(30, max(5, round(0.015 * len(nodes))))
    ranked = sorted(nodes, key=lambda n: (-G.degree(n), G.nodes[n]["label"], n))
    return {n for n in ranked[:k] if G.degree(n) > 1}


def _edge_label(data: dict) -> str:
    return f"{data['predicate']}: {data['title']}" if data["title"] else data["predicate"]


@lru_cache(maxsize=1)
def _type_names_zh() -> dict[str, str]:
    """Type name -> its Chinese label in the ontology."""
    onto = ontology_graph()
    classes = {**ENTITY_TYPES, DOCUMENT_TYPE: LG.Document}
    out = {}
    for name, cls in classes.items():
        zh = [str(l) for l in onto.objects(cls, RDFS.label) if getattr(l, "language", None) == "zh"]
        out[name] = min(zh) if zh else name
    return out


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """(vis-network.min.js, vis-network.css) from the pyvis package, newest bundled version."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    versions = sorted(lib.glob("vis-*/vis-network.min.js"),
                      key=lambda p: tuple(int(x) for x in p.parent.name[4:].split(".") if x.isdigit()))
    if not versions:
        raise RuntimeError(f"vis-network not found under {lib} (is pyvis installed?)")
    js = versions[-1].read_text(encoding="utf-8")
    css = (versions[-1].parent / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network cannot be inlined: it contains a closing tag")
    return js, css


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2", "html"]),
                      keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    return env


def render_html(g: Graph, *, title: str | None = None, view: View | None = None,
                G: nx.MultiDiGraph | None = None) -> str:
    """The interactive page for ``g`` (or the part ``view`` selects) as one self-contained HTML string.

    Parameters
    ----------
    g : rdflib.Graph
        A graph built by :func:`kg.graph.build_graph` (or loaded from ``graph.ttl``).
    title : str, optional
        Page heading; default ``"lgkg graph"`` plus the view's description.
    view : View, optional
        Focus, hops, types, minimum degree and node limit; default the whole
        graph up to :data:`MAX_NODES` nodes.
    G : networkx.MultiDiGraph, optional
        ``to_networkx(g)``, when the caller has it already.

    Returns
    -------
    str
        The HTML page: vis-network, styles, script and data inlined; no IRI
        of the graph appears in it (nodes are numbered).

    Raises
    ------
    ValueError
        If ``view`` names a node that is not in the graph or selects nothing.
        A graph without entities gives a page that says so.
    """
    view = view or View()
    G = to_networkx(g) if G is None else G
    H = select_subgraph(G, view)
    title = title or " — ".join(filter(None, ("lgkg graph", view.describe())))
    order = list(H.nodes)
    ids = {node: i for i, node in enumerate(order)}
    zh = _type_names_zh()
    hubs = _hubs(G, order)
    data = {
        "nodes": [{"id": ids[n], "label": d["label"], "type": d["type"], "degree": G.degree(n), "aliases": _aliases(d),
                   "hub": n in hubs}
                  for n, d in H.nodes(data=True)],
        "edges": [{"from": ids[s], "to": ids[o], "label": _edge_label(d)} for s, o, d in H.edges(data=True)],
        "cards": node_cards(g, G, order),
        "types": {t: {"color": s.color, "glyph": s.glyph, "zh": zh[t]} for t, s in TYPE_STYLES.items()},
        "options": vis_options(H.number_of_nodes(), H.number_of_edges()),
    }
    counts = {t: 0 for t in TYPE_STYLES}
    for _, t in H.nodes(data="type"):
        counts[t] += 1
    legend = [{"name": t, "zh": zh[t], "color": s.color, "glyph": s.glyph, "count": counts[t]} for t, s in TYPE_STYLES.items()]
    summary = f"{H.number_of_nodes()} nodes · {H.number_of_edges()} edges"
    if H.number_of_nodes() != G.number_of_nodes():
        summary += f" (of {G.number_of_nodes()} · {G.number_of_edges()})"
    vis_js, vis_css = _vis_assets()
    return _environment().get_template("graph.html.j2").render(
        title=title, summary=summary, legend=legend, names=sorted({d["label"] for d in data["nodes"]}),
        data=data, map_html=_map_html(G, H), vis_js=vis_js, vis_css=vis_css,
        page_js=(TEMPLATES / "graph.js").read_text(encoding="utf-8"),
        page_css=(TEMPLATES / "graph.css").read_text(encoding="utf-8"),
    )


def write_html(g: Graph, path: str | Path, **kw) -> Path:
    """Write :func:`render_html` to ``path`` atomically; keyword arguments go to it.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path = Path(path)
    atomic_write_text(path, render_html(g, **kw))
    return path
