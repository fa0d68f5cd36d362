"""Bad input never stops a build, arbitrary Unicode never breaks the graph, a killed build loses nothing.

- the bad-input matrix (README): each bad file gets one line naming it, the
  rest is built, the summary lists the failures and ``kg build`` exits 1;
- property-based tests (hypothesis) push arbitrary text through
  normalize → extract → graph and assert a graph that passes SHACL;
- a build killed with SIGKILL at several points leaves the previous outputs
  intact and parseable.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from make_docs import PdfLayout, make_docx, make_html, make_pdf, seed_paragraphs
from rdflib import Graph

from kg.build import build
from kg.cli import main as kg_main
from pipelines import ingest
from pipelines.ingest import IngestError, Limits, decode_bytes, read_document

ROOT = Path(__file__).resolve().parent.parent
GOOD = "梨树县积极探索优秀年轻干部“双向交流”锻炼机制。吉林市船营区大东街道党工委深入开展“解题暖心”大走访活动。\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# ------------------------------------------------------------------ the bad-input matrix
@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """A folder of good files in every format and encoding, and one of each kind of bad file."""
    d = tmp_path_factory.mktemp("messy")
    paras = seed_paragraphs(4)
    pdf = make_pdf(d / "newspaper page.pdf", paras, PdfLayout(picture=False))
    data = pdf.read_bytes()
    good = {
        "newspaper page.pdf": None,
        "pdf named as.txt": data,  # wrong extension: read as a PDF
        "text named as.pdf": GOOD.encode("utf-8"),  # wrong extension: read as text
        "gb18030.txt": GOOD.encode("gb18030"),
        "utf16 bom.txt": GOOD.encode("utf-16"),
        "utf16 no bom.txt": GOOD.encode("utf-16-le"),
        "utf16 big endian.txt": GOOD.encode("utf-16-be"),
        "子目录 一/中文 名字.txt": GOOD.encode("utf-8"),
        "page.html": make_html(paras[:2], encoding="gb2312"),
    }
    bad = {
        "empty.txt": (b"", "empty file"),
        "binary.txt": (bytes(range(256)) * 8, "binary file"),
        "truncated.pdf": (data[: len(data) // 2], "truncated PDF"),
        "legacy.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "legacy Office binary"),
        "broken.docx": (b"PK\x03\x04" + bytes(200), "damaged or truncated ZIP"),
    }
    for name, content in good.items():
        if content is not None:
            (d / name).parent.mkdir(parents=True, exist_ok=True)
            (d / name).write_bytes(content)
    make_docx(d / "word file.docx", paras[:2])
    for name, (content, _msg) in bad.items():
        (d / name).write_bytes(content)
    os.symlink("loop b.txt", d / "loop a.txt")
    os.symlink("loop a.txt", d / "loop b.txt")
    os.symlink(".", d / "子目录 一" / "self")  # a folder loop: not followed
    os.mkfifo(d / "fifo.txt")
    with open(d / "huge.txt", "wb") as fh:  # 50 MB
        block = GOOD.encode("utf-8") * 1000
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    locked = d / "locked.txt"
    locked.write_bytes(GOOD.encode("utf-8"))
    locked.chmod(0)
    expected_bad = {**{n: m for n, (_c, m) in bad.items()}, "loop a.txt": "symbolic links", "loop b.txt": "symbolic links",
                    "fifo.txt": "not a regular file", "huge.txt": "too long", "locked.txt": "Permission denied"}
    yield d, sorted([*good, "word file.docx"]), expected_bad
    locked.chmod(0o644)


def _deny_locked(monkeypatch):
    """chmod 000 does not stop root: then simulate the EACCES that ``open`` gives everyone else."""
    if not IS_ROOT:
        return
    real_open = open

    def fake_open(file, *args, **kwargs):
        if Path(file).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(ingest, "open", fake_open, raising=False)


@pytest.fixture(scope="module")
def messy_build(messy, tmp_path_factory):
    d, _good, _bad = messy
    mp = pytest.MonkeyPatch()
    _deny_locked(mp)
    try:
        out = tmp_path_factory.mktemp("messy-out")
        # one job: the simulated EACCES (as root) lives in this process; without root the workers see chmod 000
        summary = build([d], out, jobs=1 if IS_ROOT else None)
    finally:
        mp.undo()
    return summary, out


def test_every_bad_file_gets_one_line_naming_it(messy, messy_build):
    d, _good, expected_bad = messy
    summary, _out = messy_build
    assert len(summary.failures) == len(expected_bad), summary.failures
    for name, problem in expected_bad.items():
        lines = [f for f in summary.failures if f.startswith(f"{d / name}: ")]
        assert len(lines) == 1, (name, summary.failures)
        assert problem in lines[0], lines[0]
    assert all("\n" not in f for f in summary.failures)
    assert all(f"FAILED     {f}" in summary.lines() for f in summary.failures)


def test_the_rest_is_built_whatever_the_encoding_extension_or_path(messy, messy_build):
    _d, good, _bad = messy
    summary, out = messy_build
    assert summary.documents >= len(good)
    g = Graph().parse(out / "graph.ttl")
    paths = {str(o) for o in g.objects(None, None) if str(o) in good}
    assert paths == set(good)
    formats = dict(g.query("""SELECT ?p ?f WHERE { ?d lg:sourcePath ?p ; dcterms:format ?f }""",
                           initNs={"lg": "https://w3id.org/lgkg/ontology#", "dcterms": "http://purl.org/dc/terms/"}))
    formats = {str(k): str(v) for k, v in formats.items()}
    assert formats["pdf named as.txt"] == "application/pdf"
    assert formats["text named as.pdf"] == "text/plain"
    assert formats["page.html"] == "text/html"


def test_cli_exit_code_says_some_files_failed(messy, tmp_path, monkeypatch, capsys):
    d, _good, _bad = messy
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(d / "gb18030.txt", corpus)
    shutil.copy(d / "empty.txt", corpus)
    argv = ["build", str(corpus), "--out", str(tmp_path / "o"), "--jobs", "1"]
    assert kg_main(argv) == 1
    assert f"FAILED     {corpus / 'empty.txt'}: empty file" in capsys.readouterr().out
    (corpus / "empty.txt").unlink()
    assert kg_main(argv) == 0


def test_huge_file_refused_without_reading_it(messy):
    d, _good, _bad = messy
    tracemalloc.start()
    try:
        with pytest.raises(IngestError, match=r"huge\.txt: too long \(50\.\d MB of text"):
            read_document(d / "huge.txt")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # refused from its size, never read into memory


def test_size_limits_configurable(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(GOOD.encode("utf-8") * 100)
    assert read_document(path).text.startswith(GOOD)
    with pytest.raises(IngestError, match=r"a\.txt: too long \(5,\d+ characters; the limit is 5,000, set LGKG_MAX_CHARS"):
        read_document(path, limits=Limits(max_chars=5000, max_file_bytes=10**9))
    with pytest.raises(IngestError, match=r"a\.txt: too long \(\d+\.\d KB of text is over the 1,000-character limit"):
        read_document(path, limits=Limits(max_chars=1000, max_file_bytes=10**9))  # refused unread: over 4 bytes a character
    limits = Limits.from_env({"LGKG_MAX_FILE_MB": "0.001", "LGKG_MAX_CHARS": "nonsense"})
    assert limits.max_chars == Limits().max_chars
    with pytest.raises(IngestError, match=r"a\.txt: too large .*LGKG_MAX_FILE_MB"):
        read_document(path, limits=limits)


def test_big_pdf_read_page_by_page_and_stopped_at_the_character_limit(tmp_path):
    paras = seed_paragraphs(14)
    path = make_pdf(tmp_path / "long.pdf", paras * 3, PdfLayout(picture=False))
    full = read_document(path).text
    with pytest.raises(IngestError, match=r"long\.pdf: too long \(over 2,000 characters of text by page 2"):
        read_document(path, limits=Limits(max_chars=2000))
    assert len(full) > 6000


def test_permission_denied_reported(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_bytes(GOOD.encode("utf-8"))
    path.chmod(0)
    try:
        _deny_locked(monkeypatch)
        with pytest.raises(IngestError, match=r"locked\.txt: cannot read \(Permission denied\)"):
            read_document(path)
    finally:
        path.chmod(0o644)


def test_symlink_loop_named_directly_and_unlistable_folder(tmp_path, monkeypatch):
    from pipelines.ingest import discover

    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    found = list(discover([tmp_path / "a", tmp_path / "missing.txt"]))
    assert [p.name for p, _ in found] == ["a", "missing.txt"]
    with pytest.raises(IngestError, match=r"/a: cannot read \(Too many levels of symbolic links\)"):
        read_document(tmp_path / "a")
    with pytest.raises(IngestError, match=r"missing\.txt: cannot read \(No such file or directory\)"):
        read_document(tmp_path / "missing.txt")
    # a sub-folder os.walk cannot list is reported, not skipped silently
    sub = tmp_path / "sub"
    sub.mkdir()
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        for dirpath, dirnames, filenames in real_walk(top, onerror=onerror, **kw):
            if Path(dirpath) == sub and onerror:
                onerror(PermissionError(13, "Permission denied", str(sub)))
                continue
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(ingest.os, "walk", walk)
    assert sub in [p for p, _ in discover([tmp_path])]


def test_file_names_not_in_utf8_are_decoded(tmp_path):
    name = os.fsdecode("报告.txt".encode("gb18030"))  # a GBK name from a Windows archive
    (tmp_path / name).write_bytes(GOOD.encode("utf-8"))
    raw = read_document(tmp_path / name, tmp_path)
    assert raw.source_path == "报告.txt"


def test_nothing_readable_leaves_previous_outputs(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    build([corpus], out, jobs=1)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (corpus / "a.txt").write_bytes(b"")
    summary = build([corpus], out, jobs=1)
    assert summary.outputs == [] and len(summary.failures) == 2
    assert "previous outputs left unchanged" in summary.failures[-1]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


# ------------------------------------------------------------------ property-based
_han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_pieces = st.one_of(
    st.text(_han, min_size=1, max_size=12),
    st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=8),  # Hebrew, Arabic (RTL)
    st.sampled_from(["\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u202c", "\u2066", "\u2069"]),  # bidi controls
    st.text(st.characters(max_codepoint=0x1F), max_size=4),  # C0 controls
    st.text(st.characters(min_codepoint=0x7F, max_codepoint=0x9F), max_size=3),  # DEL, C1 controls
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"]), min_size=1, max_size=2),
    st.text(st.characters(codec=None), max_size=6),  # anything
    st.sampled_from(["吉林市", "船营区", "大东街道党工委", "本报记者 李娜", "（作者：", "）", "“五个一”管理机制", "。", "，",
                     "\n", "\n\n", "# ", "**", "2025年11月27日 星期四", "——", "　", "\ufeff", "\u3000"]),
)
arbitrary_text = st.lists(_pieces, max_size=24).map("".join)


@pytest.fixture(scope="module")
def pipeline():
    from kg.graph import build_graph
    from kg.validate import validate
    from pipelines.run import extract_text

    return extract_text, build_graph, validate


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=arbitrary_text)
def test_arbitrary_unicode_gives_a_valid_graph(pipeline, raw):
    extract_text, build_graph, validate = pipeline
    corpus = extract_text(raw, "arbitrary.txt")
    g = build_graph(corpus)
    result = validate(g)
    assert result.conforms, result.text[:1500]
    data = g.serialize(format="turtle")  # every literal can be written, and read back
    assert len(Graph().parse(data=data, format="turtle")) == len(g)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_decoded_or_refused_with_one_line(data):
    try:
        text, _enc = decode_bytes(data, "x.txt")
    except IngestError as exc:
        assert str(exc).startswith("x.txt: ") and "\n" not in str(exc)
    else:
        assert isinstance(text, str)


_common = st.sampled_from(list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
                               "党建基层治理组织吉林市县乡村社区街道委员会服务群众干部工作机制"))
# Text as a file holds it: a line or more, several different characters. (A few characters can be
# truly ambiguous: 一一 in GBK is valid UTF-8, 是是 in UTF-16 is ASCII; no decoder can know.)
_chinese_text = st.lists(st.one_of(_common, _common, _common, st.sampled_from(list("，。、“”：；！？0123456789\n"))),
                         min_size=30, max_size=200).map("".join).filter(
    lambda t: sum("\u4e00" <= c <= "\u9fff" for c in t) >= 0.5 * len(t) and len(set(t)) >= 6)


@settings(max_examples=60, deadline=None)
@given(text=_chinese_text, encoding=st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-16-le", "utf-16-be",
                                                      "utf-32", "utf-8-sig"]))
def test_chinese_text_round_trips_through_any_supported_encoding(text, encoding):
    data = text.encode(encoding)
    # BOM-less UTF-16 whose every byte is ASCII (是是 is "/f/f") *is* ASCII text: no decoder can tell;
    # a real file has a line break (a NUL byte) or some byte outside ASCII. See the test below.
    assume(not data.isascii())
    decoded, _enc = decode_bytes(data)
    assert decoded.lstrip("\ufeff") == text


def test_bomless_utf16_with_a_line_break_is_not_ascii():
    assert decode_bytes("是是是是\n".encode("utf-16-le")) == ("是是是是\n", "utf-16-le")
    assert decode_bytes("是是是是".encode("utf-16-le")) == ("/f/f/f/f", "utf-8")  # the ambiguity above


# ------------------------------------------------------------------ atomic outputs
def _check_outputs(out: Path, before: dict[str, bytes]) -> dict[str, str]:
    """Every previous output is still there and complete: unchanged, or a whole new version. Returns the states."""
    states = {}
    for name, old in before.items():
        path = out / name
        assert path.exists(), f"{name} lost"
        data = path.read_bytes()
        if data == old:
            states[name] = "old"
            continue
        states[name] = "new"
        _parse(path)  # a replaced file must be complete
    for leftover in {p.name for p in out.iterdir() if p.is_file()} - set(before):
        assert re.fullmatch(r"\..+\.tmp", leftover), f"unexpected file {leftover}"  # temp files are hidden, ignored
    for name in before:
        _parse(out / name)
    return states


def _parse(path: Path) -> None:
    suffix = path.suffix
    if suffix == ".ttl":
        Graph().parse(path, format="turtle")
    elif suffix == ".trig":
        from rdflib import Dataset

        Dataset().parse(path, format="trig")
    elif suffix in (".jsonld", ".json", ".cyjs"):
        json.loads(path.read_text(encoding="utf-8"))
    elif suffix in (".graphml", ".gexf", ".xml"):
        ET.parse(path)
    elif suffix == ".csv":
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        assert rows and all(len(r) == len(rows[0]) for r in rows), path.name
    elif suffix == ".html":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path.name
    else:
        assert path.stat().st_size > 0


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory):
    """A finished build of one seed (the outputs to protect) and a different corpus to rebuild with."""
    old_corpus = tmp_path_factory.mktemp("old")
    (old_corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    new_corpus = tmp_path_factory.mktemp("new")
    seed = (ROOT / "seeds" / "000_a7c25479ce40f212.txt").read_text(encoding="utf-8")
    start = seed.index("党建领航绘就基层善治新图景")
    (new_corpus / "b.txt").write_text(seed[start:start + 1200], encoding="utf-8")  # a real snippet, quick to extract
    out = tmp_path_factory.mktemp("out")
    build([old_corpus], out, jobs=1, cache=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert len(before) >= 5
    return new_corpus, out, before  # tests kill builds over copies of ``out``


_KILLER = textwrap.dedent("""
    # Build once to load every model, then fork one build per kill point; each child
    # SIGKILLs itself at its point and the parent snapshots the output folder.
    import json, os, shutil, signal, sys, threading
    corpus, out, snapshots = sys.argv[1:4]
    points = json.loads(sys.argv[4])
    from kg.build import build, extract
    extract([corpus], jobs=1)  # warm up: models and gazetteers loaded before forking
    real_replace, real_fdopen = os.replace, os.fdopen

    def arm(kind, n):
        count = [0]
        lock = threading.Lock()  # outputs are written from several threads: number each call once
        def tick():
            with lock:
                count[0] += 1
                return count[0]
        def die():
            os.kill(os.getpid(), signal.SIGKILL)
        if kind == "mid-write":  # n-th temp file: write half of the first chunk, flush, die
            class Half:
                def __init__(self, fh): self.fh = fh
                def write(self, data):
                    self.fh.write(data[: max(1, len(data) // 2)]); self.fh.flush(); os.fsync(self.fh.fileno()); die()
                def __getattr__(self, name): return getattr(self.fh, name)
                def __enter__(self): self.fh.__enter__(); return self
                def __exit__(self, *a): return self.fh.__exit__(*a)
            def fdopen(*a, **k):
                fh = real_fdopen(*a, **k)
                return Half(fh) if tick() == n else fh
            os.fdopen = fdopen
        else:
            def replace(src, dst):
                mine = tick()
                if mine == n and kind == "before-rename":
                    die()
                real_replace(src, dst)
                if mine == n and kind == "after-rename":
                    die()
            os.replace = replace

    for i, (kind, n) in enumerate(points):
        pid = os.fork()
        if pid == 0:
            arm(kind, n)
            build([corpus], out, jobs=1, cache=False)  # every os.replace is an output's
            os._exit(0)  # the point was never reached
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        shutil.copytree(out, os.path.join(snapshots, str(i)), symlinks=True)
        print(json.dumps([kind, n, killed]), flush=True)
""")


def test_build_killed_at_several_points_leaves_outputs_intact(previous_build, tmp_path):
    new_corpus, pristine, before = previous_build
    out = tmp_path / "out"
    shutil.copytree(pristine, out)
    n = len(before)
    points = [("before-rename", 1), ("mid-write", 1), ("after-rename", 2), ("mid-write", n // 2), ("before-rename", n)]
    snapshots = tmp_path / "snap"
    snapshots.mkdir()
    run = subprocess.run([sys.executable, "-c", _KILLER, str(new_corpus), str(out), str(snapshots), json.dumps(points)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    reports = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r[2] for r in reports] == [True] * len(points)  # every child died by SIGKILL at its point
    states = [_check_outputs(snapshots / str(i), before) for i in range(len(points))]
    assert set(states[0].values()) == {"old"}  # killed before the first rename: nothing replaced
    assert set(states[1].values()) == {"old"}  # a half-written temp file never replaces the output
    assert list(states[2].values()).count("new") >= 1  # some outputs already replaced, each complete
    assert any(name.endswith(".tmp") for name in os.listdir(snapshots / "1"))  # the half file stayed a hidden temp


def test_kg_build_subprocess_killed_while_writing(previous_build, tmp_path):
    new_corpus, pristine, before = previous_build
    target = tmp_path / "out"
    shutil.copytree(pristine, target)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(new_corpus), "--out", str(target)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    mtimes = {p.name: p.stat().st_mtime_ns for p in target.iterdir() if p.is_file()}
    deadline = time.monotonic() + 300
    started = False
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            names = [n for n in os.listdir(target) if n != ".cache"]
            started = any(n.endswith(".tmp") for n in names) or any(
                (target / n).stat().st_mtime_ns != mtimes.get(n) for n in names if not n.endswith(".tmp"))
            if started:
                break
            time.sleep(0.001)
        assert started and proc.poll() is None, "the build finished before it could be killed while writing"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    _check_outputs(target, before)


def test_a_crash_in_extraction_is_one_line_and_the_rest_goes_on(tmp_path, monkeypatch):
    import pipelines.run as run

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")

    def crash(*_args, **_kwargs):
        raise ValueError("first line\nsecond line")

    monkeypatch.setattr(run, "extract_text", crash)
    part = run.extract_file(tmp_path / "a.txt", tmp_path)
    assert part.failures == [f"{tmp_path / 'a.txt'}: extraction failed (ValueError: first line second line)"]
