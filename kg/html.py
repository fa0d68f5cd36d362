"""The interactive graph page: pyvis (vis-network), in one self-contained HTML file.

pyvis 0.3.2 renders the page; its ``in_line`` mode inlines vis-network but
still links bootstrap from a CDN, so :func:`render_html` strips every remote
``<script>``/``<link>`` and checks that nothing is loaded from the network.
On top of pyvis's page sit a legend with one checkbox per type (filter), a
search box that centres a node by a substring of its name, and tooltips that
quote one sentence each entity was read from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import networkx as nx
from pyvis.network import Network
from rdflib import Graph, URIRef

from kg.export import DOCUMENT_TYPE, to_networkx
from kg.io import atomic_write_text
from kg.namespace import DCTERMS, ENTITY_TYPES, LG

__all__ = ["render_html", "write_html", "TYPE_STYLES"]


@dataclass(frozen=True)
class TypeStyle:
    color: str
    shape: str  # a vis-network shape that draws its label outside
    glyph: str  # the shape in the legend


TYPE_STYLES: dict[str, TypeStyle] = {
    "Place": TypeStyle("#2e8b57", "dot", "●"),
    "Organization": TypeStyle("#1f6fb2", "square", "■"),
    "Person": TypeStyle("#c0392b", "triangle", "▲"),
    "Program": TypeStyle("#e67e22", "diamond", "◆"),
    DOCUMENT_TYPE: TypeStyle("#7d5ba6", "star", "★"),
}
assert set(TYPE_STYLES) == {*ENTITY_TYPES, DOCUMENT_TYPE}

SIZE_BASE, SIZE_STEP = 10.0, 6.0

VIS_OPTIONS = {
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.3},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        "minVelocity": 0.75,
    },
    "interaction": {"hover": True, "tooltipDelay": 120},
    "nodes": {"font": {"size": 14}, "borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 10, "align": "middle", "color": "#555555"},
        "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#333333"},
        "smooth": {"type": "continuous"},
    },
}

# Remote loading references pyvis' template adds (bootstrap, CDN copies of vis).
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']https?:[^>]*>", re.I)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']https?:[^>]*>\s*</script>", re.I)
_TEMPLATE_HEADING = re.compile(r"<center>\s*<h1>.*?</h1>\s*</center>", re.S)
_COMMENTED_LINK = re.compile(r"<!--\s*<link.*?-->", re.S)
_LOADING_REF = re.compile(r"(src|href)\s*=\s*[\"']https?:|url\(\s*[\"']?https?:|@import\s+[\"']https?:", re.I)
_INLINE_VIS = re.compile(r"<script>\s*/\*\*\s*\*\s*vis-network")


# ------------------------------------------------------------------ tooltip

def _document_label(g: Graph, doc) -> str:
    title = g.value(doc, DCTERMS.title)
    path = g.value(doc, LG.sourcePath)
    if title and path:
        return f"{title} ({path})"
    return str(title or path or "")


def _source_sentence(g: Graph, entity: URIRef) -> tuple[str, str] | None:
    """(sentence text, document label) of the entity's first mention, if any."""

    def order(m):
        start = g.value(m, LG.start)
        return str(g.value(m, LG.inDocument) or ""), int(start) if start is not None else 0, str(m)

    for mention in sorted(g.subjects(LG.mentionOf, entity), key=order):
        text = g.value(g.value(mention, LG.inSentence), LG.text)
        if text:
            return str(text), _document_label(g, g.value(mention, LG.inDocument))
    return None


def _tooltip(g: Graph, iri: str, data: dict) -> str:
    """Plain-text tooltip (vis-network shows strings as text, lines kept)."""
    lines = [data["label"], f"type: {data['type']}"]
    if data["aliases"]:
        lines.append("aliases: " + data["aliases"].replace("|", ", "))
    if data["level"] or data["code"]:
        lines.append("admin: " + " ".join(v for v in (data["level"], data["code"]) if v))
    if data["type"] == DOCUMENT_TYPE:
        lines.append("source: " + _document_label(g, URIRef(iri)))
    source = _source_sentence(g, URIRef(iri))
    if source:
        lines += [f"“{source[0]}”", f"— {source[1]}"]
    # pyvis switches to an innerHTML popup when a title contains "href"; keep text as text.
    return "\n".join(lines).replace("href", "hre\u200bf")


# ------------------------------------------------------------------ network

def _edge_label(data: dict) -> str:
    return f"{data['predicate']}: {data['title']}" if data["title"] else data["predicate"]


def build_network(g: Graph, G: nx.MultiDiGraph | None = None) -> Network:
    """The pyvis network of ``g``; node ids are positions, so no IRI reaches the page."""
    G = to_networkx(g) if G is None else G
    net = Network(height="82vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    net.options = VIS_OPTIONS
    ids = {node: i for i, node in enumerate(G.nodes)}
    for node, data in G.nodes(data=True):
        style = TYPE_STYLES[data["type"]]
        net.add_node(
            ids[node], label=data["label"], title=_tooltip(g, node, data), shape=style.shape,
            color=style.color, size=SIZE_BASE + SIZE_STEP * math.sqrt(G.degree(node)), etype=data["type"],
        )
    for s, o, data in G.edges(data=True):
        net.add_edge(ids[s], ids[o], label=_edge_label(data), title=_edge_label(data))
    return net


# --------------------------------------------------------------- page parts

PAGE_CSS = """
body { margin: 0; font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
#lgkg-panel { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em 1.5em; padding: 0.5em 1em;
              border-bottom: 1px solid #ddd; background: #fafafa; }
#lgkg-panel h1 { font-size: 1.2em; margin: 0; }
#lgkg-legend { display: flex; flex-wrap: wrap; gap: 0.3em 1em; }
#lgkg-legend label { cursor: pointer; white-space: nowrap; }
.lgkg-glyph { font-size: 1.1em; }
#lgkg-search { width: 16em; padding: 0.2em 0.4em; }
#lgkg-search-status { color: #666; font-size: 0.9em; }
#mynetwork { float: none !important; }
div.vis-tooltip { white-space: pre-wrap; max-width: 32em; font-family: inherit; }
"""

PAGE_JS = """
(function () {
  var hiddenTypes = {};
  var search = document.getElementById("lgkg-search");
  var status = document.getElementById("lgkg-search-status");

  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
  });

  function applyFilter() {
    nodes.update(nodes.get().map(function (n) {
      return {id: n.id, hidden: Boolean(hiddenTypes[n.etype])};
    }));
  }
  document.querySelectorAll("#lgkg-legend input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenTypes[box.dataset.type] = !box.checked;
      applyFilter();
    });
  });

  function matches(query) {
    var hits = nodes.get({filter: function (n) {
      return !n.hidden && String(n.label).indexOf(query) !== -1;
    }});
    // exact name first, then names starting with the query, then shorter, then bigger nodes
    function rank(n) { return n.label === query ? 0 : n.label.indexOf(query) === 0 ? 1 : 2; }
    hits.sort(function (a, b) {
      return rank(a) - rank(b) || a.label.length - b.label.length || b.size - a.size;
    });
    return hits;
  }
  function focusByName() {
    var query = search.value.trim();
    if (!query) { status.textContent = ""; network.unselectAll(); return; }
    var hits = matches(query);
    status.textContent = hits.length + " / " + nodes.length;
    if (!hits.length) { network.unselectAll(); return; }
    network.selectNodes([hits[0].id]);
    network.focus(hits[0].id, {scale: 1.4, animation: {duration: 400, easingFunction: "easeInOutQuad"}});
  }
  search.addEventListener("input", function (e) { if (!e.isComposing) { focusByName(); } });
  search.addEventListener("compositionend", focusByName);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.isComposing) { focusByName(); } });
})();
"""


def _legend(G: nx.MultiDiGraph) -> str:
    counts = {t: 0 for t in TYPE_STYLES}
    for _, t in G.nodes(data="type"):
        counts[t] += 1
    items = (
        f'<label><input type="checkbox" data-type="{t}" checked> '
        f'<span class="lgkg-glyph" style="color:{s.color}">{s.glyph}</span> {t} ({counts[t]})</label>'
        for t, s in TYPE_STYLES.items()
    )
    return '<div id="lgkg-legend">' + "".join(items) + "</div>"


def _panel(G: nx.MultiDiGraph, title: str) -> str:
    names = sorted({label for _, label in G.nodes(data="label")})
    options = "".join(f'<option value="{escape(n)}">' for n in names)
    return (
        f'<div id="lgkg-panel"><h1>{escape(title)}</h1>{_legend(G)}'
        '<div><input id="lgkg-search" type="search" placeholder="名称 / name" list="lgkg-names" autocomplete="off">'
        f' <span id="lgkg-search-status"></span><datalist id="lgkg-names">{options}</datalist></div></div>'
    )


def _strip_remote(page: str) -> str:
    for pattern in (_REMOTE_LINK, _REMOTE_SCRIPT, _TEMPLATE_HEADING, _COMMENTED_LINK):
        page = pattern.sub("", page)
    return page


def _check_self_contained(page: str) -> None:
    found = _LOADING_REF.search(page)
    if found:
        raise ValueError(f"page still loads a remote resource: {found.group(0)!r}")
    if not _INLINE_VIS.search(page):
        raise ValueError("vis-network was not inlined")


def _assemble(page: str, G: nx.MultiDiGraph, title: str) -> str:
    page = _strip_remote(page)
    page = page.replace("<html>", '<!DOCTYPE html>\n<html lang="zh">', 1)
    page = page.replace("<meta charset=\"utf-8\">", f'<meta charset="utf-8">\n<title>{escape(title)}</title>', 1)
    page = page.replace("</head>", f"<style>{PAGE_CSS}</style>\n</head>", 1)
    page = re.sub(r"<body>", lambda _: "<body>\n" + _panel(G, title), page, count=1)
    page = page.replace("</body>", f"<script>{PAGE_JS}</script>\n</body>", 1)
    return page


# ------------------------------------------------------------------- public

def render_html(g: Graph, *, title: str = "lgkg graph") -> str:
    """The interactive page for ``g`` as one self-contained HTML string."""
    G = to_networkx(g)
    net = build_network(g, G)
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    page = _assemble(net.generate_html(), G, title)
    _check_self_contained(page)
    return page


def write_html(g: Graph, path: Path, **kw) -> Path:
    """Write :func:`render_html` to ``path`` atomically; keyword arguments go to it."""
    path = Path(path)
    atomic_write_text(path, render_html(g, **kw))
    return path
