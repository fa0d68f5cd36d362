"""`kg serve`: a real server on a free port, queried with plain HTTP per the SPARQL 1.1 Protocol.

Answers are compared with :func:`kg.query.run_query` (what `kg query` prints);
each safety rule (read-only, no LOAD, no SERVICE, no file://, timeout, result
limit, loopback by default) has its own test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.query import Result

from kg import cli
from kg import serve as serve_mod
from kg.export import write_exports
from kg.graph import build_dataset, build_graph
from kg.query import load_graph, queries_dir, resolve_query, run_query
from kg.serve import create_app, inspect_query, start_server

from conftest import ROOT, make_corpus

LIMIT = 40
TIMEOUT = 3.0
QUERIES = ("programs_by_place", "top_programs", "people_and_posts", "place_hierarchy", "organizations_by_county")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON, XML, CSV, TSV = ("application/sparql-results+json", "application/sparql-results+xml",
                       "text/csv", "text/tab-separated-values")


@pytest.fixture(scope="module")
def graph():
    return build_graph(make_corpus())


@pytest.fixture(scope="module")
def endpoint(graph):
    server = start_server(create_app(graph, timeout=TIMEOUT, limit=LIMIT), port=0)
    yield server.url
    server.stop()


def http(url, method="GET", params=None, body=None, content_type=None, accept=None, host=None):
    """(status, headers, body text) of one plain HTTP request."""
    if params:
        url = url + "?" + urllib.parse.urlencode(params)
    data = None
    headers = {}
    if body is not None:
        data = body.encode("utf-8")
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    if host:
        headers["Host"] = host
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def get(url, query, accept=None, **kw):
    return http(url, params={"query": query}, accept=accept, **kw)


def post_form(url, query, accept=None):
    return http(url, "POST", body=urllib.parse.urlencode({"query": query}),
                content_type="application/x-www-form-urlencoded", accept=accept)


def post_direct(url, query, accept=None):
    return http(url, "POST", body=query, content_type="application/sparql-query", accept=accept)


def expected_rows(graph, query):
    result = run_query(graph, query)
    return result.vars, [tuple("" if c is None else c for c in row) for row in result.rows]


def _rows_json(text):
    doc = json.loads(text)
    names = doc["head"]["vars"]
    return names, [tuple(b.get(v, {}).get("value", "") for v in names) for b in doc["results"]["bindings"]]


def _rows_xml(text):
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(text)
    names = [v.get("name") for v in root.findall("s:head/s:variable", ns)]
    rows = []
    for result in root.findall("s:results/s:result", ns):
        cells = {b.get("name"): "".join(b[0].itertext()) for b in result.findall("s:binding", ns)}
        rows.append(tuple(cells.get(v, "") for v in names))
    return names, rows


def _rows_csv(text):
    reader = list(csv.reader(io.StringIO(text)))
    return reader[0], [tuple(r) for r in reader[1:]]


def _rows_tsv(text):
    result = Result.parse(io.StringIO(text), format="tsv")
    names = [str(v) for v in result.vars]
    return names, [tuple("" if row.get(v) is None else str(row.get(v)) for v in result.vars) for row in result.bindings]


READERS = {JSON: _rows_json, XML: _rows_xml, CSV: _rows_csv, TSV: _rows_tsv}


# ------------------------------------------------------ protocol and answers

@pytest.mark.parametrize("name", QUERIES)
def test_get_json_matches_kg_query(endpoint, graph, name):
    query = resolve_query(name)
    status, headers, text = get(endpoint, query, JSON)
    assert status == 200, text
    assert headers["Content-Type"].startswith(JSON)
    names, rows = expected_rows(graph, query)
    assert rows, f"{name} answers nothing on the fixture: a weak comparison"
    assert _rows_json(text) == (names, rows)
    assert headers.get("X-Result-Truncated") is None


@pytest.mark.parametrize("send", [get, post_form, post_direct], ids=["GET", "POST-form", "POST-direct"])
@pytest.mark.parametrize("accept", [JSON, XML, CSV, TSV], ids=["json", "xml", "csv", "tsv"])
def test_every_method_and_format(endpoint, graph, send, accept):
    query = resolve_query("programs_by_place")
    status, headers, text = send(endpoint, query, accept)
    assert status == 200, text
    assert headers["Content-Type"].split(";")[0] == accept
    names, rows = expected_rows(graph, query)
    got_names, got_rows = READERS[accept](text)
    assert got_names == names
    assert sorted(got_rows) == sorted(rows)


def test_default_select_format_is_xml(endpoint, graph):
    query = resolve_query("people_and_posts")
    status, headers, text = get(endpoint, query)
    assert status == 200 and headers["Content-Type"].startswith(XML)
    assert _rows_xml(text) == expected_rows(graph, query)


def test_ask(endpoint, graph):
    for query in ("ASK { ?p a lg:Program }", "ASK { ?p a lg:Program ; rdfs:label '不存在'@zh }"):
        status, _headers, text = get(endpoint, query, JSON)
        assert status == 200
        assert json.loads(text)["boolean"] is run_query(graph, query).boolean


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                         ("application/n-triples", "nt"), (None, "xml")])
def test_construct_and_describe_negotiate_rdf(endpoint, graph, accept, fmt):
    queries = (
        "CONSTRUCT { ?p rdfs:label ?l ; lg:implements ?prog } WHERE { ?p lg:implements ?prog ; rdfs:label ?l }",
        "DESCRIBE ?p WHERE { ?p a lg:Place ; lg:adminCode '220621' }",
    )
    for query in queries:
        status, headers, text = get(endpoint, query, accept)
        assert status == 200, text
        expected = run_query(graph, query).graph
        assert len(expected) > 0
        got = Graph().parse(data=text, format=fmt)
        assert isomorphic(got, expected), (query, accept)
        if accept:
            assert headers["Content-Type"].split(";")[0] == accept


def test_named_graphs_of_a_trig_file(tmp_path):
    corpus = make_corpus()
    write_exports(build_graph(corpus), tmp_path, build_dataset(corpus))
    ds = load_graph(tmp_path / "graph.trig")
    server = start_server(create_app(ds), port=0)
    try:
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        status, _headers, text = get(server.url, query, JSON)
        assert status == 200, text
        names, rows = expected_rows(ds, query)
        assert len(rows) == len(corpus.documents) + 1  # each document + the corpus graph
        assert _rows_json(text) == (names, rows)
    finally:
        server.stop()


def test_syntax_error_is_400(endpoint):
    status, _headers, text = get(endpoint, "SELEC ?x WHERE { ?x ?p ?o }", JSON)
    assert status == 400 and "SELEC" in json.loads(text)["message"]


def test_page_for_browsers_is_offline(endpoint):
    status, headers, text = http(endpoint, accept="text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<form" in text and "http" not in text  # no script or style from the network


# ------------------------------------------------------------------- safety

def test_update_refused(endpoint, graph):
    before = len(graph)
    insert = "INSERT DATA { lgr:x rdfs:label 'x' }"
    delete = "DELETE WHERE { ?s ?p ?o }"
    for status, _h, text in (
        http(endpoint, "POST", body=insert, content_type="application/sparql-update"),
        http(endpoint, "POST", body=urllib.parse.urlencode({"update": delete}),
             content_type="application/x-www-form-urlencoded"),
        get(endpoint, delete),  # an update sent as a query
        http(endpoint, params={"update": insert}),
    ):
        assert status == 403, text
        assert "read-only" in json.loads(text)["message"]
    assert len(graph) == before
    assert json.loads(get(endpoint, "ASK { ?s ?p ?o }", JSON)[2])["boolean"] is True


def test_load_refused(endpoint, graph, tmp_path):
    data = tmp_path / "extra.ttl"
    data.write_text("<urn:lgkg:test:s> <urn:lgkg:test:p> 'LOADED' .\n", encoding="utf-8")
    before = len(graph)
    for load in (f"LOAD <{data.as_uri()}>", f"LOAD SILENT <{data.as_uri()}> INTO GRAPH <urn:g>",
                 "LOAD <http://127.0.0.1:9/data.ttl>"):
        for status, _h, text in (
            http(endpoint, "POST", body=load, content_type="application/sparql-update"),
            get(endpoint, load),
        ):
            assert status == 403, text
            assert "LOAD is refused" in json.loads(text)["message"]
    assert len(graph) == before
    assert "LOADED" not in get(endpoint, "SELECT ?o WHERE { ?s ?p ?o }", CSV)[2]


def test_service_refused(endpoint):
    for query in (
        f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { ?x a lg:Place . SERVICE SILENT <http://127.0.0.1:9/sparql> { ?x ?p ?o } }",
        "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }",
    ):
        status, _h, text = get(endpoint, query, JSON)
        assert status == 403, (query, text)
        assert "SERVICE is refused" in json.loads(text)["message"]


def test_file_iris_refused(endpoint, tmp_path):
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:lgkg:test:s> <urn:lgkg:test:p> 'SECRET' .\n", encoding="utf-8")
    uri = secret.as_uri()
    folder = secret.parent.as_uri() + "/"
    for query in (
        f"SELECT ?o FROM <{uri}> WHERE {{ ?s ?p ?o }}",
        f"SELECT ?o FROM NAMED <{uri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"BASE <{folder}> SELECT ?o FROM <secret.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT ?o WHERE {{ SERVICE <{uri}> {{ ?s ?p ?o }} }}",
        f"SELECT ?o WHERE {{ BIND(IRI('{uri}') AS ?o) }}",
        f"PREFIX f: <{folder}> SELECT ?o WHERE {{ f:secret.ttl ?p ?o }}",
    ):
        for send in (get, post_form):
            status, _h, text = send(endpoint, query, JSON)
            assert status == 403, (query, text)
            assert "SECRET" not in text
            assert "refused" in json.loads(text)["message"]
    # FROM of a web URL would make rdflib fetch it: refused the same way
    status, _h, text = get(endpoint, "SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }", JSON)
    assert status == 403 and "FROM" in json.loads(text)["message"]


def test_inspect_query_names_the_form_and_refuses():
    assert inspect_query("SELECT * WHERE { ?s ?p ?o }") == "SelectQuery"
    assert inspect_query("DESCRIBE ?p WHERE { ?p a lg:Place }") == "DescribeQuery"
    assert inspect_query("SELEC nope") == ""
    for bad in ("LOAD <http://example.org/x>", "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
                "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "CLEAR ALL"):
        with pytest.raises(serve_mod.QueryRefused):
            inspect_query(bad)


def test_timeout_stops_a_slow_query(graph):
    server = start_server(create_app(graph, timeout=0.5), port=0)
    try:
        status, _h, text = get(server.url, SLOW, JSON)  # len(graph)**4 combinations: hours without a timeout
        assert len(graph) ** 4 > 10**9
        assert status == 503, text
        assert "timed out after 0.5 s" in json.loads(text)["message"]
        # evaluation really stopped: the server answers the next query, correctly
        status, _h, text = get(server.url, "ASK { ?s a lg:Place }", JSON)
        assert status == 200 and json.loads(text)["boolean"] is True
    finally:
        server.stop()


def test_limit_truncates(endpoint, graph):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert len(graph) > LIMIT
    for accept in (JSON, CSV):
        status, headers, text = get(endpoint, everything, accept)
        assert status == 200
        _names, rows = READERS[accept](text)
        assert len(rows) == LIMIT
        assert headers["X-Result-Truncated"] == "true" and headers["X-Result-Limit"] == str(LIMIT)
    # the limit applies after ORDER BY, like LIMIT would
    ordered = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC(?s)"
    _names, rows = _rows_json(get(endpoint, ordered, JSON)[2])
    assert rows == expected_rows(graph, ordered)[1][:LIMIT]
    # a smaller LIMIT of the query is kept and not marked truncated
    status, headers, text = get(endpoint, everything + " LIMIT 3", JSON)
    assert len(_rows_json(text)[1]) == 3 and headers.get("X-Result-Truncated") is None
    # exactly LIMIT results are not truncated
    _names, rows = _rows_json(get(endpoint, everything + f" LIMIT {LIMIT}", JSON)[2])
    status, headers, _text = get(endpoint, everything + f" LIMIT {LIMIT}", JSON)
    assert len(rows) == LIMIT and headers.get("X-Result-Truncated") is None
    # CONSTRUCT: at most LIMIT solutions feed the template
    status, _headers, text = get(endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
    assert status == 200 and 0 < len(Graph().parse(data=text, format="nt")) <= LIMIT


def test_default_bind_host_is_loopback(graph):
    assert serve_mod.DEFAULT_HOST == "127.0.0.1"
    args = cli.parser().parse_args(["serve"])
    assert (args.host, args.port, args.timeout, args.limit) == (
        serve_mod.DEFAULT_HOST, serve_mod.DEFAULT_PORT, serve_mod.DEFAULT_TIMEOUT, serve_mod.DEFAULT_LIMIT)
    server = start_server(create_app(graph), port=0)  # host not given
    try:
        assert server.sockets[0].getsockname()[0] == "127.0.0.1"
        assert server.url.startswith("http://127.0.0.1:")
        assert get(server.url, "ASK { ?s ?p ?o }", JSON)[0] == 200
        # a page elsewhere cannot reach it through DNS rebinding: other Host names are rejected
        assert get(server.url, "ASK { ?s ?p ?o }", JSON, host="attacker.example")[0] == 400
    finally:
        server.stop()


def test_cli_serve_runs_and_reports_errors(tmp_path, capsys):
    write_exports(build_graph(make_corpus()), tmp_path)
    assert cli.main(["serve", str(tmp_path / "missing.ttl")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "missing.ttl" in err
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "kg", "serve", str(tmp_path / "graph.ttl"), "--port", "0", "--timeout", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("SPARQL endpoint on http://127.0.0.1:"), line + proc.stderr.read()
        url = line.split()[3]
        query = (queries_dir() / "top_programs.rq").read_text(encoding="utf-8")
        status, _h, text = get(url, query, JSON)
        assert status == 200
        assert _rows_json(text) == expected_rows(load_graph(tmp_path / "graph.ttl"), query)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
