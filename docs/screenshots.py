"""Take the README's screenshots of graph.html and analysis.html in headless Chromium, offline.

    python docs/screenshots.py [GRAPH [ANALYSIS]]   # defaults: build/graph.ttl, build/analysis
                                                    # (run `kg build` and `kg analyze` first)

Writes into docs/: ``graph.png`` (the whole graph, settled), ``graph-card.png``
(a node found with the search box, its card open), ``graph-focus.png`` (the
page of ``kg html --focus 吉林市 --hops 1 --min-degree 2``) and ``map.png``
(the Map tab), and ``analysis.png`` (the top of ``ANALYSIS/analysis.html`` from
``kg analyze``, skipped with a note if that file is missing).
Needs Debian's chromium and chromium-driver (``.ci/run`` installs them), and
selenium from the test extra. The browser runs with the network cut off, as in
the tests, so the pictures show what a reader without network sees.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from kg.export import to_networkx
from kg.html import View, node_cards, write_html
from kg.query import load_graph

DOCS = Path(__file__).resolve().parent
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def chromium(width: int = 1400, height: int = 860) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                "--hide-scrollbars", "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return driver


def settle(driver: webdriver.Chrome, path: Path) -> None:
    driver.get(path.as_uri())
    WebDriverWait(driver, 300, poll_frequency=0.2).until(
        lambda d: d.execute_script("return Boolean(window.lgkg && window.lgkg.state.stabilized)"))


def richest_organization(g) -> str:
    """The organization whose card has the most to show (chain, posts, programs, sources)."""
    G = to_networkx(g)
    orgs = sorted(n for n, t in G.nodes(data="type") if t == "Organization")
    cards = node_cards(g, G, orgs)

    def score(i: int) -> tuple:
        c = cards[i]
        return (bool(c["chain"]) + bool(c["posts"]) + bool(c["programs"]) + len(c["sentences"]),
                len(c["posts"]) + len(c["programs"]), G.nodes[orgs[i]]["label"])

    return G.nodes[orgs[max(range(len(orgs)), key=score)]]["label"]


def shoot_analysis(html: Path) -> None:
    """The top 1400×1600 of the analysis report: summary, programs bar chart, diffusion timeline."""
    driver = chromium(1400, 1600)
    try:
        driver.get(html.resolve().as_uri())
        driver.save_screenshot(str(DOCS / "analysis.png"))
    finally:
        driver.quit()


def main(argv: list[str]) -> int:
    graph = argv[0] if argv else "build/graph.ttl"
    analysis = Path(argv[1] if len(argv) > 1 else "build/analysis") / "analysis.html"
    g = load_graph(graph)
    with tempfile.TemporaryDirectory() as tmp:
        page = write_html(g, Path(tmp) / "graph.html")
        focus = write_html(g, Path(tmp) / "focus.html", view=View(focus=("吉林市",), hops=1, min_degree=2))
        driver = chromium()
        try:
            settle(driver, page)
            driver.save_screenshot(str(DOCS / "graph.png"))

            name = richest_organization(g)
            driver.find_element(By.ID, "lgkg-search").send_keys(name)
            WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.lgkg.state.focused") is not None)
            WebDriverWait(driver, 10).until(lambda d: not d.execute_script("return window.lgkg.isAnimating()"))
            driver.save_screenshot(str(DOCS / "graph-card.png"))

            driver.find_element(By.ID, "lgkg-search").clear()
            driver.find_element(By.CSS_SELECTOR, '#lgkg-tabs button[data-view="map"]').click()
            driver.save_screenshot(str(DOCS / "map.png"))

            settle(driver, focus)
            driver.save_screenshot(str(DOCS / "graph-focus.png"))
        finally:
            driver.quit()
    names = ["graph.png", "graph-card.png", "graph-focus.png", "map.png"]
    if analysis.is_file():
        shoot_analysis(analysis)
        names.append("analysis.png")
    else:
        print(f"screenshots.py: {analysis}: not found, analysis.png not taken (run `kg analyze`)", file=sys.stderr)
    for name in names:
        print(DOCS / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
