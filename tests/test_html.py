"""The interactive page: self-contained, complete, focused views, a map, and a real browser.

The first half reads the page as text and calls the library (fast, no
browser). The second half opens the page from a file:// path in headless
Chromium with the network cut off, and checks what a user would see.
"""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest
import pyvis

from kg.cli import main
from kg.export import to_networkx
from kg.graph import build_graph
from kg.html import (
    TYPE_STYLES, View, map_svg, node_cards, parse_types, program_sites, render_html, select_subgraph, vis_options,
    write_html,
)
from kg.model import Corpus, DocumentRecord, EntityRecord, MentionRecord, RelationRecord, SentenceRecord

from conftest import SNIPPET, make_corpus

VIS_LIB = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@pytest.fixture(scope="module")
def small_graph():
    return build_graph(make_corpus())


@pytest.fixture(scope="module")
def page(small_graph) -> str:
    return render_html(small_graph)


def page_data(page: str) -> dict:
    found = re.search(r'<script id="lgkg-data" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no data block in the page"
    return json.loads(found.group(1))


def by_label(data: dict) -> dict[str, tuple[dict, dict]]:
    """label -> (node, card)."""
    return {n["label"]: (n, data["cards"][n["id"]]) for n in data["nodes"]}


def labels(H) -> set[str]:
    return {d["label"] for _, d in H.nodes(data=True)}


# ------------------------------------------------------------------ the page as text

def test_write_html(tmp_path, small_graph):
    path = write_html(small_graph, tmp_path / "sub" / "graph.html", title="测试")
    assert path == tmp_path / "sub" / "graph.html"
    text = path.read_text(encoding="utf-8")
    assert text == render_html(small_graph, title="测试")  # deterministic
    assert text.startswith("<!DOCTYPE html>") and "<title>测试</title>" in text
    assert [p.name for p in path.parent.iterdir()] == ["graph.html"]  # no temporary file left


def test_vis_network_inlined(page):
    assert (VIS_LIB / "vis-network.min.js").read_text(encoding="utf-8") in page
    assert (VIS_LIB / "vis-network.css").read_text(encoding="utf-8") in page
    assert "new vis.Network(" in page


def test_no_remote_loading(page):
    assert re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I) is None
    assert re.search(r"url\(\s*[\"']?(https?:)?//", page, re.I) is None
    assert "@import" not in page and "@font-face" not in page
    assert re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I) is None
    assert re.findall(r"<link\b[^>]*>", page, re.I) == ['<link rel="icon" href="data:,">']  # no favicon request
    assert "bootstrap" not in page
    assert "w3id.org" not in page  # nodes are numbered: no IRI in the page


def test_all_labels_present(page, corpus):
    data = page_data(page)
    names = {e.name for e in corpus.entities.values()}
    assert {n["label"] for n in data["nodes"]} == names | {corpus.documents[0].title}
    assert len(data["cards"]) == len(data["nodes"])
    for name in names:
        assert f'<option value="{name}">' in page  # the search box suggests every name


def test_nodes_styled_by_type_and_sized_by_degree(page, small_graph):
    data = page_data(page)
    groups = data["options"]["groups"]
    for etype, style in TYPE_STYLES.items():
        assert groups[etype]["shape"] == style.shape and groups[etype]["color"]["background"] == style.color
    assert len({s.color for s in TYPE_STYLES.values()}) == len({s.shape for s in TYPE_STYLES.values()}) == 5
    G = to_networkx(small_graph)
    degree = {d["label"]: G.degree(n) for n, d in G.nodes(data=True)}
    nodes = by_label(data)
    for label, (node, card) in nodes.items():
        assert node["type"] in TYPE_STYLES
        assert node["degree"] == card["degree"] == degree[label]
    assert nodes["吉林省"][0]["degree"] == 3 and nodes["李娜"][0]["degree"] == 1
    scaling = data["options"]["nodes"]["scaling"]
    assert scaling["max"] > scaling["min"]
    assert "customScalingFunction" in page and "Math.sqrt(value)" in page


def test_labels_appear_on_zoom(page):
    data = page_data(page)
    options = data["options"]
    # vis-network skips a label under drawThreshold - 1 px on screen: 14 px labels show from zoom 0.43 on
    assert options["nodes"]["font"]["size"] * 0.3 < options["nodes"]["scaling"]["label"]["drawThreshold"] - 1
    assert options["edges"]["font"]["size"] * 0.6 < options["edges"]["scaling"]["label"]["drawThreshold"] - 1
    # the hubs, whose labels the page enlarges to read at the first zoom: the best connected nodes
    # (five of them in a small graph: degree 3, then four of degree 2 in label order)
    assert {n["label"] for n in data["nodes"] if n["hub"]} == {"吉林省", "吉林市", "四平市", "大东街道", "大东街道党工委"}


def test_edges_labelled(page):
    edges = sorted(e["label"] for e in page_data(page)["edges"])
    assert "holdsPost: 副部长" in edges
    assert edges.count("locatedIn") == 7 and edges.count("implements") == 2 and len(edges) == 13


def test_legend_and_search_box(page):
    legend = re.search(r'<div id="lgkg-legend">(.*?)</div>', page, re.S)
    assert legend
    for etype, style in TYPE_STYLES.items():
        assert f'data-type="{etype}" checked' in legend.group(1)
        assert style.color in legend.group(1) and style.glyph in legend.group(1)
    assert "地点 Place (8)" in legend.group(1)  # the Chinese type name comes from the ontology
    assert re.search(r'<input id="lgkg-search" type="search"', page)
    assert '<option value="梨树县委组织部">' in page


def test_cards(page):
    nodes = by_label(page_data(page))
    sentences = SNIPPET.split("\n")
    doc = "党建领航绘就基层善治新图景 (000_snippet.txt)"
    _, fusong = nodes["抚松县"]
    assert fusong["chain"] == ["抚松县", "白山市", "吉林省"]
    assert fusong["programs"] == ["五个一管理机制"] and fusong["aliases"] == ["抚松"]
    assert (fusong["level"], fusong["code"], fusong["mentions"]) == ("county", "220621", 1)
    assert fusong["sentences"] == [[sentences[1], doc]]
    _, tian = nodes["田昭一"]
    assert tian["posts"] == ["副部长 · 梨树县委组织部"] and tian["sentences"] == [[sentences[2], doc]]
    _, office = nodes["梨树县委组织部"]
    assert office["posts"] == ["田昭一 · 副部长"] and office["chain"] == ["梨树县", "四平市", "吉林省"]
    _, party = nodes["大东街道党工委"]
    assert party["chain"] == ["大东街道", "船营区", "吉林市", "吉林省"] and party["programs"] == ["解题暖心大走访活动"]
    assert nodes["解题暖心大走访活动"][1]["implementers"] == ["大东街道党工委"]
    assert nodes["吉林省"][1]["sentences"] == []  # a parent from the divisions: never mentioned


def test_card_quotes_two_sentences_preferring_two_documents(corpus):
    second = "抚松县召开会议，部署“五个一”管理机制。"
    third = "抚松县再次召开会议。"
    text = second + "\n" + third
    corpus.documents.append(DocumentRecord("001_more.txt", "001_more.txt", text, title="第二篇"))
    corpus.sentences += [SentenceRecord("001_more.txt", 0, 0, len(second), second),
                         SentenceRecord("001_more.txt", 1, len(second) + 1, len(text), third)]
    for start, sentence in ((0, 0), (len(second) + 1, 1)):
        corpus.mentions.append(MentionRecord("001_more.txt", sentence, start, start + 3, "抚松县", "Place", "Place:抚松县"))
    g = build_graph(corpus)
    G = to_networkx(g)
    node = next(n for n, d in G.nodes(data=True) if d["label"] == "抚松县")
    [card] = node_cards(g, G, [node])
    assert card["sentences"] == [[SNIPPET.split("\n")[1], "党建领航绘就基层善治新图景 (000_snippet.txt)"],
                                 [second, "第二篇 (001_more.txt)"]]


def test_physics_stabilises_then_stops(page):
    physics = page_data(page)["options"]["physics"]
    assert physics["enabled"] and physics["solver"] == "barnesHut"
    assert physics["stabilization"]["enabled"] is True and physics["stabilization"]["iterations"] > 0
    big = vis_options(3000, 4000)
    assert big["edges"]["smooth"] is False and big["layout"]["improvedLayout"] is False
    # each iteration costs more in a big graph: fewer of them, and a coarser Barnes-Hut approximation
    assert 0 < big["physics"]["stabilization"]["iterations"] < physics["stabilization"]["iterations"]
    assert big["physics"]["barnesHut"]["theta"] > physics["barnesHut"]["theta"]


def test_title_is_escaped(small_graph):
    page = render_html(small_graph, title="<b>治理</b>")
    assert "<h1>&lt;b&gt;治理&lt;/b&gt;</h1>" in page
    assert "<title>&lt;b&gt;治理&lt;/b&gt;</title>" in page


def test_graph_without_entities(tmp_path):
    from rdflib import Graph

    page = render_html(Graph())
    data = page_data(page)
    assert data["nodes"] == [] and "0 nodes · 0 edges" in page and 'id="lgkg-map-empty"' in page
    with pytest.raises(ValueError, match="no node named"):
        render_html(Graph(), view=View(focus=("吉林市",)))


def test_data_cannot_close_the_script(corpus):
    corpus.entities["Program:</script>计划"] = EntityRecord("Program:</script>计划", "Program", "</script><b>计划")
    page = render_html(build_graph(corpus))
    assert "</script><b>计划" not in page
    assert "<b>计划" not in page.replace("&lt;b&gt;计划", "")
    assert "</script><b>计划" in {n["label"] for n in page_data(page)["nodes"]}


# ------------------------------------------------------------------ focused views

@pytest.fixture(scope="module")
def G(small_graph):
    return to_networkx(small_graph)


def test_focus_hops(G):
    assert labels(select_subgraph(G, View(focus=("吉林市",), hops=0))) == {"吉林市"}
    assert labels(select_subgraph(G, View(focus=("吉林市",), hops=1))) == {"吉林市", "吉林省", "船营区"}
    assert labels(select_subgraph(G, View(focus=("吉林市",), hops=2))) == {"吉林市", "吉林省", "船营区", "大东街道", "白山市", "四平市"}
    H = select_subgraph(G, View(focus=("吉林市", "田昭一"), hops=1))
    assert labels(H) == {"吉林市", "吉林省", "船营区", "田昭一", "梨树县委组织部"}
    assert H.number_of_edges() == 3  # every edge among the kept nodes, and only those
    assert labels(select_subgraph(G, View(focus=("抚松",), hops=0))) == {"抚松县"}  # an alias


def test_a_small_selection_keeps_the_graph_order(G):
    # a networkx subgraph view of a small part iterates a set: its order would follow PYTHONHASHSEED
    for view in (View(max_nodes=4), View(focus=("吉林市", "田昭一"), hops=1)):
        H = select_subgraph(G, view)
        assert 0 < len(H) < len(G) / 2
        assert list(H) == [n for n in G if n in H]
        assert list(H.edges(keys=True)) == [(s, o, k) for s, o, k in G.edges(keys=True) if s in H and o in H]


def test_focus_unknown_name(G):
    with pytest.raises(ValueError, match=r"no node named '吉林' .*similar: 吉林市, 吉林省"):
        select_subgraph(G, View(focus=("吉林",)))
    with pytest.raises(ValueError, match="hops"):
        select_subgraph(G, View(focus=("吉林市",), hops=-1))


def test_types_and_min_degree(G):
    H = select_subgraph(G, View(types=frozenset({"Place", "Program"})))
    assert {d["type"] for _, d in H.nodes(data=True)} == {"Place", "Program"} and len(H) == 10
    assert all(G.nodes[s]["type"] == "Place" for s, _ in H.edges())
    assert labels(select_subgraph(G, View(min_degree=3))) == {"吉林省"}
    assert labels(select_subgraph(G, View(min_degree=2))) == {
        "吉林省", "吉林市", "船营区", "大东街道", "白山市", "抚松县", "四平市", "梨树县", "梨树县委组织部", "大东街道党工委"}
    # the focus stays even when the other filters would drop it
    H = select_subgraph(G, View(focus=("李娜",), hops=1, types=frozenset({"Document"})))
    assert labels(H) == {"李娜", "党建领航绘就基层善治新图景"}
    assert labels(select_subgraph(G, View(focus=("李娜",), hops=1, min_degree=5))) == {"李娜"}
    with pytest.raises(ValueError, match="nothing to draw"):
        select_subgraph(G, View(min_degree=99))


def test_max_nodes_keeps_the_most_connected(G):
    H = select_subgraph(G, View(max_nodes=3))
    degrees = sorted((G.degree(n) for n in G), reverse=True)
    assert len(H) == 3 and sorted((G.degree(n) for n in H), reverse=True) == degrees[:3]
    assert "吉林省" in labels(H)  # the hub (degree 3 and more)
    assert len(select_subgraph(G, View(max_nodes=0))) == len(G)
    # the focus stays beyond the limit
    assert "李娜" in labels(select_subgraph(G, View(focus=("李娜",), hops=0, max_nodes=1)))
    with pytest.raises(ValueError, match="max-nodes"):
        select_subgraph(G, View(max_nodes=-1))


def test_parse_types():
    assert parse_types("Place,program, Person ") == {"Place", "Program", "Person"}
    with pytest.raises(ValueError, match="unknown type 'Town'"):
        parse_types("Place,Town")
    with pytest.raises(ValueError, match="no type"):
        parse_types(" , ")


def test_focused_page(small_graph):
    view = View(focus=("吉林市",), hops=1)
    data = page_data(page := render_html(small_graph, view=view))
    assert {n["label"] for n in data["nodes"]} == {"吉林市", "吉林省", "船营区"}
    assert "<title>lgkg graph — 吉林市 ±1</title>" in page and "3 nodes · 2 edges (of 15 · 13)" in page
    jilin = by_label(data)["吉林省"]
    assert jilin[0]["degree"] == 3 == jilin[1]["degree"]  # sizes and cards come from the whole graph


# ------------------------------------------------------------------ map

def test_program_sites(G):
    programs = [n for n, t in G.nodes(data="type") if t == "Program"]
    sites, unplaced = program_sites(G, programs)
    assert unplaced == []
    by_name = {s.name: s for s in sites}
    assert set(by_name) == {"抚松县", "大东街道"}
    fusong, dadong = by_name["抚松县"], by_name["大东街道"]
    assert fusong.programs == ("五个一管理机制",) and fusong.located_by is None
    # a township has no code: it is placed at its district, and its program comes through the organization based there
    assert dadong.programs == ("解题暖心大走访活动",) and dadong.located_by == "船营区"
    assert 120 < fusong.lon < 135 and 40 < fusong.lat < 46
    assert fusong.lon > dadong.lon and fusong.lat < dadong.lat  # 抚松 lies south-east of 吉林市


def test_map_svg_positions(G):
    programs = [n for n, t in G.nodes(data="type") if t == "Program"]
    sites, _ = program_sites(G, programs)
    svg = map_svg(sites)
    circles = re.findall(r'<circle class="([^"]+)" cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" data-programs="([\d ]*)">', svg)
    assert len(circles) == 2
    pos = {c[3]: (float(c[1]), float(c[2]), c[0]) for c in circles}
    names = sorted({p for s in sites for p in s.programs})
    fusong = pos[str(names.index("五个一管理机制"))]
    dadong = pos[str(names.index("解题暖心大走访活动"))]
    assert fusong[0] > dadong[0] and fusong[1] > dadong[1]  # east is right, south is down
    assert dadong[2] == "lgkg-site lgkg-approx" and fusong[2] == "lgkg-site"
    assert "°E" in svg and "°N" in svg


def test_map_tab_in_page(page, small_graph):
    assert len(re.findall(r'<circle class="lgkg-site', page)) == 2 and '<select id="lgkg-map-program">' in page
    assert "<td>抚松县</td><td>1</td><td>五个一管理机制</td>" in page
    no_programs = render_html(small_graph, view=View(types=frozenset({"Place"})))
    assert 'id="lgkg-map-empty"' in no_programs and '<circle class="lgkg-site' not in no_programs


# ------------------------------------------------------------------ CLI

@pytest.fixture(scope="module")
def ttl(tmp_path_factory, small_graph) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    small_graph.serialize(path, format="turtle")
    return path


def test_cli_html_options(ttl, tmp_path, capsys):
    out = tmp_path / "focus.html"
    assert main(["html", str(ttl), "--focus", "吉林市", "--hops", "1", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert {n["label"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]} == {"吉林市", "吉林省", "船营区"}
    assert main(["html", str(ttl), "--types", "Place,Program", "--min-degree", "2", "--out", str(out)]) == 0
    nodes = page_data(out.read_text(encoding="utf-8"))["nodes"]
    assert {n["type"] for n in nodes} == {"Place"} and len(nodes) == 8  # every place has 2+ relations, no program has


@pytest.mark.parametrize("args, message", [
    (["--focus", "不存在的地方"], "no node named '不存在的地方'"),
    (["--types", "Town"], "unknown type 'Town'"),
    (["--min-degree", "50"], "nothing to draw"),
])
def test_cli_html_errors(ttl, tmp_path, capsys, args, message):
    out = tmp_path / "g.html"
    out.write_text("before", encoding="utf-8")
    assert main(["html", str(ttl), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("kg html:") and message in err
    assert out.read_text(encoding="utf-8") == "before"  # nothing already written is lost


# ------------------------------------------------------------------ a large graph

def synthetic_corpus(seed: int = 4) -> Corpus:
    """2,191 entities shaped like a real build: a division tree, organizations, people, programs.

    Names are made up (合成 = synthetic); every entity is mentioned once.
    """
    rng = random.Random(seed)
    c = Corpus()
    entities: list[EntityRecord] = []

    def entity(etype: str, name: str, level: str | None = None) -> str:
        key = EntityRecord.make_key(etype, name)
        c.entities[key] = EntityRecord(key, etype, name, {name}, level)
        entities.append(c.entities[key])
        return key

    def rel(s: str, p: str, o: str, title: str | None = None) -> None:
        c.relations.append(RelationRecord(s, p, o, title=title))

    places, orgs = [], []
    for i in range(3):
        province = entity("Place", f"合成省{i}", "province")
        for j in range(6):
            pref = entity("Place", f"合成市{i}{j}", "prefecture")
            rel(pref, "locatedIn", province)
            orgs.append(entity("Organization", f"合成市{i}{j}委组织部"))
            rel(orgs[-1], "basedIn", pref)
            for k in range(8):
                county = entity("Place", f"合成县{i}{j}{k}", "county")
                rel(county, "locatedIn", pref)
                orgs.append(entity("Organization", f"合成县{i}{j}{k}党委"))
                rel(orgs[-1], "basedIn", county)
                for m in range(6):
                    town = entity("Place", f"合成镇{i}{j}{k}{m}", "township")
                    rel(town, "locatedIn", county)
                    places.append(town)
    for n in range(300):
        person = entity("Person", f"合成人{n:03d}")
        rel(person, "holdsPost", rng.choice(orgs), title="书记")
    for n in range(700):
        program = entity("Program", f"合成项目{n:03d}")
        for actor in rng.sample(places + orgs, rng.randint(1, 3)):
            rel(actor, "implements", program)
    for d in range(20):
        doc_id = f"synthetic/{d:02d}.txt"
        mine = entities[d::20]
        lines = [f"{e.name}参加了会议。" for e in mine]
        text = "\n".join(lines)
        c.documents.append(DocumentRecord(doc_id, doc_id, text, title=f"合成文档{d}"))
        pos = 0
        for i, (e, line) in enumerate(zip(mine, lines)):
            c.sentences.append(SentenceRecord(doc_id, i, pos, pos + len(line), line))
            c.mentions.append(MentionRecord(doc_id, i, pos, pos + len(e.name), e.name, e.etype, e.key))
            pos += len(line) + 1
    return c


@pytest.fixture(scope="module")
def large_page(tmp_path_factory) -> tuple[Path, dict]:
    page = render_html(build_graph(synthetic_corpus()), title="合成大图")
    path = tmp_path_factory.mktemp("large") / "graph.html"
    path.write_text(page, encoding="utf-8")
    return path, page_data(page)


def test_large_page_data(large_page):
    _, data = large_page
    assert len(data["nodes"]) > 2000 and len(data["edges"]) > 2000
    assert data["options"]["edges"]["smooth"] is False  # large: straight edges


# ------------------------------------------------------------------ in a real browser

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def start_chromium():
    """Headless Chromium with the network cut three ways: offline emulation, a dead proxy, no DNS."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)  # no Selenium Manager download
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return driver


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium/chromium-driver not installed (.ci/run installs them)")
    driver = start_chromium()
    yield driver
    driver.quit()


def open_page(driver, path: Path, timeout: float = 60) -> dict:
    """Load ``path``, wait for the layout to settle; return console messages and requested URLs."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser"), driver.get_log("performance")  # drop what came before
    driver.get(path.as_uri())
    WebDriverWait(driver, timeout, poll_frequency=0.2).until(
        lambda d: d.execute_script("return Boolean(window.lgkg && window.lgkg.state.stabilized)"))
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    return {"console": driver.get_log("browser"), "requests": requests}


def pixels(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


def ink(image, background=(255, 255, 255), tolerance=24) -> int:
    """Pixels that differ from the background."""
    return sum(count for count, rgb in image.getcolors(image.width * image.height)
               if max(abs(a - b) for a, b in zip(rgb, background)) > tolerance)


def type_colours_seen(image, min_pixels=15, tolerance=40) -> set[str]:
    """Types whose colour appears on at least ``min_pixels`` pixels."""
    colours = image.getcolors(image.width * image.height)
    seen = set()
    for etype, style in TYPE_STYLES.items():
        target = tuple(int(style.color[i:i + 2], 16) for i in (1, 3, 5))
        near = sum(n for n, rgb in colours if sum(abs(a - b) for a, b in zip(rgb, target)) <= tolerance)
        if near >= min_pixels:
            seen.add(etype)
    return seen


@pytest.fixture(scope="module")
def small_file(tmp_path_factory, small_graph) -> Path:
    return write_html(small_graph, tmp_path_factory.mktemp("page") / "graph.html")


@pytest.fixture(scope="module")
def loaded(browser, small_file) -> dict:
    return open_page(browser, small_file)


def test_browser_loads_offline_without_errors(loaded):
    assert [e for e in loaded["console"] if e["level"] in ("SEVERE", "WARNING")] == []
    assert loaded["requests"], "the performance log recorded nothing"
    assert [u for u in loaded["requests"] if not u.startswith(("file:", "data:"))] == []


def test_browser_canvas_is_drawn(browser, loaded):
    from selenium.webdriver.common.by import By

    canvas = browser.find_element(By.CSS_SELECTOR, "#lgkg-network canvas")
    image = pixels(canvas.screenshot_as_png)
    assert image.width > 600 and image.height > 400
    assert ink(image) > 2000
    assert type_colours_seen(image) == set(TYPE_STYLES)  # every type, in its colour
    state = browser.execute_script("var s = window.lgkg.state; return [s.iterations, "
                                   "window.lgkg.network.physics.options.enabled, "
                                   "document.getElementById('lgkg-progress').hidden];")
    assert state[0] > 0 and state[1] is False and state[2] is True  # settled, physics off, bar gone


VISIBLE_LABELS = """
var n = window.lgkg.network;
return n.body.nodeIndices.filter(function (id) { return n.body.nodes[id].labelModule.visible(); })
  .map(function (id) { return n.body.nodes[id].options.label; });
"""


def visible_labels(browser, scale: float | None = None) -> set[str]:
    """Labels vis-network draws at the fitted zoom (or at ``scale``)."""
    browser.execute_script("window.lgkg.network.fit({animation: false});")
    if scale is not None:
        browser.execute_script("window.lgkg.network.moveTo({scale: arguments[0]});", scale)
    browser.execute_script("window.lgkg.network.redraw();")
    return set(browser.execute_script(VISIBLE_LABELS))


def test_browser_labels_appear_on_zoom(browser, loaded):
    hubs = {"吉林省", "吉林市", "四平市", "大东街道", "大东街道党工委"}
    assert len(visible_labels(browser)) == 15  # a small graph fits at a zoom where every label reads
    assert visible_labels(browser, scale=0.3) == hubs  # zoomed out: only the hubs
    assert len(visible_labels(browser, scale=1.0)) == 15


def test_browser_hub_labels_stay_readable_when_zoomed_in(browser, loaded):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin

    hub = node_id(browser, "吉林省")
    on_screen = "var l = window.lgkg; return l.nodes.get(arguments[0]).font.size * l.network.getScale();"
    browser.execute_script("window.lgkg.network.fit({animation: false});")
    fitted = browser.execute_script("return [window.lgkg.network.getScale(), window.lgkg.nodes.get(arguments[0]).font.size];", hub)
    assert fitted[1] > 14 and fitted[1] * fitted[0] >= 12  # enlarged so it reads at the fitted zoom
    canvas = browser.find_element(By.CSS_SELECTOR, "#lgkg-network canvas")
    for _ in range(30):  # the mouse wheel zooms in (vis-network emits "zoom"), about 10% a step
        ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(canvas), 0, -300).perform()
        if browser.execute_script("return window.lgkg.network.getScale()") > 3 * fitted[0]:
            break
    assert browser.execute_script("return window.lgkg.network.getScale()") > 3 * fitted[0]
    assert browser.execute_script(on_screen, hub) <= 25  # capped on screen ...
    assert browser.execute_script("return window.lgkg.nodes.get(arguments[0]).font.size", hub) >= 14  # ... never below the rest


def node_id(browser, label: str) -> int:
    return browser.execute_script(
        "var name = arguments[0]; return window.lgkg.nodes.get({filter: function (n) { return n.label === name; }})[0].id;",
        label)


def test_browser_search_centres_a_chinese_name(browser, loaded):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = browser.find_element(By.ID, "lgkg-search")
    box.clear()
    box.send_keys("船营")  # a substring, typed in Chinese
    target = node_id(browser, "船营区")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.lgkg.state.focused") == target)

    def off_centre(d):
        return d.execute_script(
            "var n = window.lgkg.network, id = window.lgkg.state.focused;"
            "var p = n.getPositions([id])[id], v = n.getViewPosition();"
            "return Math.hypot(p.x - v.x, p.y - v.y);")

    WebDriverWait(browser, 10).until(lambda d: off_centre(d) < 5)  # canvas units; it starts ~250 away
    assert browser.execute_script("return window.lgkg.network.getSelectedNodes();") == [target]
    card = browser.find_element(By.ID, "lgkg-card")
    assert card.is_displayed() and "船营区 › 吉林市 › 吉林省" in card.text
    # 船营区, and 大东街道党工委 through its alias 吉林市船营区大东街道党工委; the name starting with the query wins
    assert browser.find_element(By.ID, "lgkg-search-status").text == "2 / 15"
    box.clear()
    box.send_keys("不存在")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.lgkg.state.focused") is None)
    assert browser.execute_script("return window.lgkg.state.matches") == 0


def test_browser_back_to_back_focus_leaves_no_stray_camera(browser, loaded):
    """vis-network leaves a stray animation when a second starts before a frame; the page queues them."""
    from selenium.webdriver.support.ui import WebDriverWait

    first, second = node_id(browser, "抚松县"), node_id(browser, "大东街道")
    browser.execute_script("window.lgkg.network.fit({animation: false});"
                           "window.lgkg.focusNode(arguments[0]); window.lgkg.focusNode(arguments[1]);", first, second)
    WebDriverWait(browser, 10).until(lambda d: not d.execute_script("return window.lgkg.isAnimating()"))
    where = "var n = window.lgkg.network; return [n.getScale(), n.getViewPosition(), n.getPositions([arguments[0]])[arguments[0]]];"
    _, view, node = browser.execute_script(where, second)
    assert abs(view["x"] - node["x"]) < 5 and abs(view["y"] - node["y"]) < 5
    browser.execute_script("window.lgkg.network.fit({animation: false});")
    fitted = browser.execute_script(where, second)[:2]
    for _ in range(5):  # redraws would run a stray animation and move the camera
        browser.execute_script("window.lgkg.network.redraw();")
    assert browser.execute_script(where, second)[:2] == fitted
    browser.execute_script("window.lgkg.state.focused = null; window.lgkg.network.unselectAll();")


def test_browser_hover_card(browser, loaded):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(By.ID, "lgkg-search").clear()
    browser.execute_script("window.lgkg.state.focused = null; window.lgkg.network.unselectAll(); window.lgkg.network.fit({animation: false});")
    target = node_id(browser, "田昭一")
    x, y = browser.execute_script(
        "var n = window.lgkg.network, p = n.canvasToDOM(n.getPositions([arguments[0]])[arguments[0]]); return [p.x, p.y];",
        target)
    canvas = browser.find_element(By.CSS_SELECTOR, "#lgkg-network canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, int(x - canvas.size["width"] / 2),
                                                      int(y - canvas.size["height"] / 2)).perform()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.lgkg.state.card") == target)
    card = browser.find_element(By.ID, "lgkg-card").text
    assert "田昭一" in card and "副部长 · 梨树县委组织部" in card and "梨树县委组织部副部长田昭一说。" in card
    assert "000_snippet.txt" in card


def test_browser_type_filter_hides_nodes(browser, loaded):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.lgkg.network.fit({animation: false});")
    canvas = browser.find_element(By.CSS_SELECTOR, "#lgkg-network canvas")
    assert "Place" in type_colours_seen(pixels(canvas.screenshot_as_png))
    box = browser.find_element(By.CSS_SELECTOR, '#lgkg-legend input[data-type="Place"]')
    box.click()
    hidden = browser.execute_script(
        "return window.lgkg.nodes.get({filter: function (n) { return n.hidden; }}).map(function (n) { return n.group; });")
    assert hidden == ["Place"] * 8
    # the canvas is redrawn on the next animation frame: wait until the places are gone from it
    WebDriverWait(browser, 5, poll_frequency=0.2).until(
        lambda d: "Place" not in type_colours_seen(pixels(canvas.screenshot_as_png)))
    assert {"Program", "Organization", "Person"} <= type_colours_seen(pixels(canvas.screenshot_as_png))
    browser.find_element(By.ID, "lgkg-search").send_keys("抚松")  # hidden places are not found
    assert browser.execute_script("return window.lgkg.state.matches") == 0
    box.click()
    assert browser.execute_script("return window.lgkg.nodes.get({filter: function (n) { return n.hidden; }}).length") == 0


def test_browser_map_tab(browser, loaded):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.find_element(By.CSS_SELECTOR, '#lgkg-tabs button[data-view="map"]').click()
    svg = browser.find_element(By.ID, "lgkg-map")
    assert svg.is_displayed() and not browser.find_element(By.ID, "lgkg-network").is_displayed()
    image = pixels(svg.screenshot_as_png)
    orange = sum(n for n, (r, g, b) in image.getcolors(image.width * image.height) if r > 200 and 110 < g < 190 and b < 130)
    assert ink(image, background=(252, 252, 250)) > 500 and orange > 100  # the two program sites
    Select(browser.find_element(By.ID, "lgkg-map-program")).select_by_visible_text("五个一管理机制 (1)")
    classes = browser.execute_script(
        "return Array.from(document.querySelectorAll('#lgkg-map .lgkg-site')).map(function (c) {"
        " return c.getAttribute('class') + '|' + c.querySelector('title').textContent; });")
    on = [c for c in classes if "lgkg-on" in c]
    assert len(on) == 1 and "抚松县" in on[0] and sum("lgkg-dim" in c for c in classes) == 1
    browser.find_element(By.CSS_SELECTOR, '#lgkg-tabs button[data-view="graph"]').click()
    assert browser.find_element(By.ID, "lgkg-network").is_displayed()
    assert browser.get_log("browser") == []


def test_browser_focused_view(browser, tmp_path, small_graph):
    path = write_html(small_graph, tmp_path / "focus.html", view=View(focus=("吉林市",), hops=1))
    result = open_page(browser, path)
    assert result["console"] == [] and all(u.startswith("file:") for u in result["requests"])
    assert browser.execute_script("return window.lgkg.nodes.length") == 3


def test_browser_empty_graph(browser, tmp_path):
    from rdflib import Graph

    result = open_page(browser, write_html(Graph(), tmp_path / "empty.html"), timeout=10)
    assert result["console"] == []
    assert browser.execute_script("return document.getElementById('lgkg-progress').hidden") is True


def test_browser_large_graph_stabilises(browser, large_page):
    """2,000+ nodes: the layout settles (physics then off) and the canvas shows them; no time asserted."""
    from selenium.webdriver.common.by import By

    path, data = large_page
    result = open_page(browser, path, timeout=300)
    assert [e for e in result["console"] if e["level"] in ("SEVERE", "WARNING")] == []
    assert [u for u in result["requests"] if not u.startswith(("file:", "data:"))] == []
    done = browser.execute_script("var l = window.lgkg; return [l.nodes.length, l.state.iterations, "
                                  "l.network.physics.options.enabled];")
    assert done[0] == len(data["nodes"]) > 2000 and done[1] > 0 and done[2] is False
    image = pixels(browser.find_element(By.CSS_SELECTOR, "#lgkg-network canvas").screenshot_as_png)
    assert ink(image) > 20000 and len(type_colours_seen(image)) >= 4
    hubs = {n["label"] for n in data["nodes"] if n["hub"]}
    assert 5 <= len(hubs) <= 30 and visible_labels(browser) == hubs  # readable: only the hubs' labels at first
    assert len(visible_labels(browser, scale=1.0)) == len(data["nodes"])
