"""The CLI is thin: each command calls the library and reports errors on one line."""

from kg.cli import main


def test_query_on_missing_graph_is_one_line_error(tmp_path, capsys):
    assert main(["query", "ASK { ?s ?p ?o }", "--graph", str(tmp_path / "nope.ttl")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "nope.ttl" in err


def test_build_query_eval_validate_roundtrip(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("本报记者 李娜\n白山市抚松县同步推出“五个一”管理机制。", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["query", "SELECT ?l WHERE { ?p a lg:Program ; rdfs:label ?l }", "--graph", str(out / "graph.ttl"), "--format", "csv"]) == 0
    assert "五个一管理机制" in capsys.readouterr().out
    for engine in ("rdflib", "oxigraph"):  # the same answer whichever engine reads the file
        assert main(["query", "SELECT ?l WHERE { ?p a lg:Program ; rdfs:label ?l }", "--graph", str(out / "graph.trig"),
                     "--format", "csv", "--engine", engine]) == 0
        assert capsys.readouterr().out.split() == ["l", "五个一管理机制"]
    assert main(["validate", str(out / "graph.ttl")]) == 0
    assert main(["html", str(out / "graph.ttl"), "--out", str(tmp_path / "g.html")]) == 0
    assert (tmp_path / "g.html").stat().st_size > 0
