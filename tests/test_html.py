"""The interactive page: self-contained, complete, and with its own small UI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pyvis
import pytest

from kg.html import PAGE_JS, TYPE_STYLES, render_html, write_html

from conftest import SNIPPET

VIS_LIB = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@pytest.fixture
def page(graph) -> str:
    return render_html(graph)


def _dataset(page: str, name: str) -> list[dict]:
    found = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);\s*$", page, re.M)
    assert found, f"no {name} DataSet in the page"
    return json.loads(found.group(1))


def _node(page: str, label: str) -> dict:
    return next(n for n in _dataset(page, "nodes") if n["label"] == label)


def test_write_html(tmp_path, graph):
    path = write_html(graph, tmp_path / "sub" / "graph.html", title="测试")
    assert path == tmp_path / "sub" / "graph.html"
    text = path.read_text(encoding="utf-8")
    assert text == render_html(graph, title="测试")
    assert text.startswith("<!DOCTYPE html>") and "<title>测试</title>" in text
    assert [p.name for p in path.parent.iterdir()] == ["graph.html"]


def test_vis_network_inlined(page):
    assert (VIS_LIB / "vis-network.min.js").read_text(encoding="utf-8").strip() in page
    assert (VIS_LIB / "vis-network.css").read_text(encoding="utf-8").strip() in page
    assert "new vis.Network(" in page


def test_no_remote_loading(page):
    assert re.search(r"(src|href)\s*=\s*[\"']https?:", page, re.I) is None
    assert re.search(r"url\(\s*[\"']?https?:", page, re.I) is None
    assert "@import" not in page
    assert re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I) is None
    assert re.search(r"<link\b", page, re.I) is None
    assert "bootstrap" not in page
    assert "w3id.org" not in page  # no IRIs in the page


def test_all_labels_present(page, corpus):
    labels = {n["label"] for n in _dataset(page, "nodes")}
    names = {e.name for e in corpus.entities.values()}
    assert names <= labels
    assert labels - names == {corpus.documents[0].title}
    for name in names:
        assert name in page


def test_nodes_styled_by_type(page):
    nodes = _dataset(page, "nodes")
    for n in nodes:
        style = TYPE_STYLES[n["etype"]]
        assert (n["color"], n["shape"]) == (style.color, style.shape)
    assert len({s.color for s in TYPE_STYLES.values()}) == len({s.shape for s in TYPE_STYLES.values()}) == 5
    by_label = {n["label"]: n for n in nodes}
    assert by_label["吉林省"]["size"] > by_label["李娜"]["size"]  # 3 edges against 1


def test_edges_labelled(page):
    labels = sorted(e["label"] for e in _dataset(page, "edges"))
    assert "holdsPost: 副部长" in labels
    assert labels.count("locatedIn") == 7


def test_legend_and_search_box(page):
    legend = re.search(r'<div id="lgkg-legend">(.*?)</div>', page, re.S)
    assert legend
    for etype, style in TYPE_STYLES.items():
        assert f'data-type="{etype}" checked' in legend.group(1)
        assert style.color in legend.group(1) and style.glyph in legend.group(1)
    assert "Place (8)" in legend.group(1)
    assert re.search(r'<input id="lgkg-search" type="search"', page)
    assert '<option value="梨树县委组织部">' in page


def test_tooltip_quotes_a_source_sentence(page):
    sentences = SNIPPET.split("\n")
    fusong = _node(page, "抚松县")["title"]
    assert sentences[1] in fusong
    assert "党建领航绘就基层善治新图景" in fusong and "000_snippet.txt" in fusong
    assert "aliases: 抚松" in fusong and "admin: county 220621" in fusong
    assert sentences[2] in _node(page, "田昭一")["title"]
    assert "“" not in _node(page, "吉林省")["title"].split("\n", 2)[-1]  # a parent place: no sentence


def test_physics_stabilises_then_stops(page):
    options = json.loads(re.search(r"var options = (\{.*\});", page).group(1))
    assert options["physics"]["stabilization"]["enabled"] is True
    assert options["physics"]["stabilization"]["iterations"] > 0
    assert 'network.once("stabilizationIterationsDone"' in page and "physics: false" in page


def test_title_is_escaped(graph):
    page = render_html(graph, title="<b>治理</b>")
    assert "<h1>&lt;b&gt;治理&lt;/b&gt;</h1>" in page
    assert "<title>&lt;b&gt;治理&lt;/b&gt;</title>" in page


JS_HARNESS = """
const data = JSON.parse(process.argv[1]);
const handlers = {}, boxes = {}, state = {selected: [], focused: null, options: null};
const element = (id) => ({id, value: "", textContent: "", dataset: {}, checked: true,
  addEventListener(ev, fn) { (handlers[id + ":" + ev] = handlers[id + ":" + ev] || []).push(fn); }});
const search = element("lgkg-search"), status = element("lgkg-search-status");
for (const t of ["Place", "Organization", "Person", "Program", "Document"]) {
  boxes[t] = element("box-" + t); boxes[t].dataset.type = t;
}
globalThis.document = {
  getElementById: (id) => ({"lgkg-search": search, "lgkg-search-status": status})[id],
  querySelectorAll: () => Object.values(boxes),
};
const items = new Map(data.map((n) => [n.id, {...n}]));
globalThis.nodes = {
  get(opts) { const all = [...items.values()]; return opts && opts.filter ? all.filter(opts.filter) : all; },
  update(list) { for (const u of list) Object.assign(items.get(u.id), u); },
  get length() { return items.size; },
};
const once = {};
globalThis.network = {
  once(ev, fn) { once[ev] = fn; }, setOptions(o) { state.options = o; },
  selectNodes(ids) { state.selected = ids; }, unselectAll() { state.selected = []; },
  focus(id) { state.focused = items.get(id).label; },
};
const fire = (id, ev, arg) => (handlers[id + ":" + ev] || []).forEach((fn) => fn(arg || {}));
eval(process.argv[2]);
const out = {};
search.value = "组织"; fire(search.id, "input", {isComposing: false});
out.searchFocus = state.focused; out.status = status.textContent;
search.value = "吉林"; fire(search.id, "input", {isComposing: true}); out.composing = state.focused;
fire(search.id, "compositionend"); out.afterComposition = state.focused;
search.value = "大东街道"; fire(search.id, "keydown", {key: "Enter", isComposing: false}); out.exact = state.focused;
boxes.Place.checked = false; fire(boxes.Place.id, "change");
out.hidden = [...items.values()].filter((n) => n.hidden).map((n) => n.etype);
search.value = "吉林"; fire(search.id, "input", {isComposing: false}); out.hiddenSearch = state.selected.length;
once.stabilizationIterationsDone(); out.physics = state.options.physics;
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node.js not installed")
def test_page_script_filters_and_searches(page):
    nodes = _dataset(page, "nodes")
    run = subprocess.run(
        ["node", "-e", JS_HARNESS, json.dumps(nodes, ensure_ascii=False), PAGE_JS],
        capture_output=True, text=True, check=True,
    )
    out = json.loads(run.stdout)
    assert out["searchFocus"] == "梨树县委组织部"
    assert out["status"] == f"1 / {len(nodes)}"
    assert out["composing"] == "梨树县委组织部"  # no jump while the IME is composing
    assert out["afterComposition"] == "吉林省"  # shortest match; of 吉林市/吉林省 the bigger node
    assert out["exact"] == "大东街道"  # an exact name beats 大东街道党工委
    assert out["hidden"] == ["Place"] * 8
    assert out["hiddenSearch"] == 0  # hidden places are not found
    assert out["physics"] is False
