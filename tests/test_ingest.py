"""Ingestion: encodings, PDF layout (columns, running headers, captions), HTML, Word, metadata.

The PDF, Word and HTML inputs are generated from real seed paragraphs
(``tests/make_docs.py``); a paragraph must come out whole, in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from make_docs import BYLINE, CAPTION, MASTHEAD, TITLE, PdfLayout, make_docx, make_html, make_pdf, seed_paragraphs

from pipelines import docmeta
from pipelines.ingest import SUFFIXES, IngestError, decode_bytes, discover, read_document
from pipelines.normalize import normalize
from pipelines.readers.pdf import Line, Page, layout_text, running_lines

TEXT = "梨树县积极探索优秀年轻干部“双向交流”锻炼机制"


# ------------------------------------------------------------------ encodings
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-32",
                                      "utf-16-le", "utf-16-be"])
def test_encodings_detected(encoding):
    text, _enc = decode_bytes(TEXT.encode(encoding))
    assert text.lstrip("\ufeff") == TEXT


def test_utf8_and_gb18030_pasted_together_decoded_line_by_line():
    data = (TEXT + "\n").encode("utf-8") + "吉林市船营区大东街道党工委\n".encode("gb18030")
    text, enc = decode_bytes(data)
    assert text.splitlines() == [TEXT, "吉林市船营区大东街道党工委"]
    assert "mixed" in enc


def test_empty_and_binary_rejected_with_file_name():
    with pytest.raises(IngestError, match="a.txt: empty"):
        decode_bytes(b"  \n", "a.txt")
    with pytest.raises(IngestError, match="b.txt: (binary|cannot detect)"):
        decode_bytes(b"\x00\x01abc\x00\x02\x03\xff", "b.txt")


# ------------------------------------------------------------------ PDF
@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    paras = seed_paragraphs(14)
    assert len(paras) == 14
    return paras


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, paragraphs) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pdf")
    return {
        "two": make_pdf(d / "two.pdf", paragraphs),
        "narrow": make_pdf(d / "narrow.pdf", paragraphs, PdfLayout(columns=2, gutter=8)),
        "three": make_pdf(d / "three.pdf", paragraphs, PdfLayout(columns=3)),
    }


def _paragraph_lines(path: Path) -> list[str]:
    return normalize(read_document(path).text).text.split("\n")


@pytest.mark.parametrize("name", ["two", "narrow", "three"])
def test_pdf_columns_in_reading_order_paragraphs_whole(pdfs, paragraphs, name):
    lines = _paragraph_lines(pdfs[name])
    missing = [p[:20] for p in paragraphs if p not in lines]
    assert missing == []  # every paragraph whole: joined across lines, columns and pages
    order = [lines.index(p) for p in paragraphs]
    assert order == sorted(order)


def test_pdf_has_several_pages_and_running_header_and_page_numbers_dropped(pdfs):
    from pipelines.readers.pdf import pdf_lines

    pages, _title = pdf_lines(pdfs["two"].read_bytes(), "two.pdf")
    assert len(pages) >= 2
    raw = read_document(pdfs["two"])
    assert MASTHEAD not in raw.text and "吉林日报" not in raw.text
    assert not any(line.strip().isdigit() for line in raw.text.split("\n"))
    assert raw.meta.header_lines == (MASTHEAD,)
    assert raw.format == "pdf" and raw.meta.media_type == "application/pdf"


def test_pdf_headline_is_a_heading_and_caption_its_own_paragraph(pdfs):
    raw = read_document(pdfs["two"])
    norm = normalize(raw.text)
    assert [norm.text[h.start:h.end] for h in norm.headings] == [TITLE]
    lines = norm.text.split("\n")
    assert CAPTION in lines
    assert BYLINE in lines


def test_layout_caption_placed_after_the_paragraph_the_picture_interrupts():
    """A picture with its caption inside a column, in the middle of a sentence."""
    size = 10.0

    def line(x0, x1, top, text, size=size):
        return Line(1, x0, x1, top, top + size, size, text)

    page = Page(1, 400, 600)
    page.lines = [
        line(70, 250, 100, "梨树县积极探索优秀年轻干部“双"),
        line(50, 250, 115, "向交流”锻炼机制，推动干部在"),
        line(50, 200, 260, CAPTION, size=8.0),
        line(50, 250, 275, "基层一线历练成长。"),
        line(70, 250, 290, "吉林市船营区深入开展走访活动。"),
    ]
    page.figures = [(50, 130, 250, 255)]
    text = layout_text([page], set())
    assert text.split("\n\n") == [
        "梨树县积极探索优秀年轻干部“双向交流”锻炼机制，推动干部在基层一线历练成长。",
        CAPTION,
        "吉林市船营区深入开展走访活动。",
    ]


def test_running_lines_need_half_the_pages_at_the_same_height():
    pages = []
    body = ["梨树县积极探索", "吉林市船营区", "大东街道党工委", "抚松县同步推出"]
    for n in range(1, 5):
        p = Page(n, 400, 600)
        p.lines = [Line(n, 50, 200, 20, 29, 9, f"吉林日报 第{n}版"), Line(n, 50, 300, 100, 110, 10, body[n - 1]),
                   Line(n, 190, 200, 580, 589, 9, str(n))]
        if n == 1:
            p.lines.append(Line(n, 50, 200, 300, 310, 10, "只出现一次的短行"))
        pages.append(p)
    drop = running_lines(pages)
    dropped = {ln.text for p in pages for ln in p.lines if id(ln) in drop}
    assert dropped == {"吉林日报 第1版", "吉林日报 第2版", "吉林日报 第3版", "吉林日报 第4版", "1", "2", "3", "4"}


def test_pdf_metadata_on_the_document(pdfs):
    from pipelines.run import extract_text

    raw = read_document(pdfs["two"])
    doc = extract_text(raw.text, "two.pdf", raw.meta).documents[0]
    assert doc.title == TITLE
    assert doc.date == "2025-11-27"
    assert doc.publication == "吉林日报"
    assert doc.edition == "第3版"
    assert doc.authors == ("李婷", "张添奥")
    assert doc.media_type == "application/pdf"


def test_pdf_without_text_layer_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 300, 300, fill=1)
    c.save()
    with pytest.raises(IngestError, match=r"scan\.pdf: no text layer"):
        read_document(path)


def test_encrypted_pdf_refused(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("password"))
    c.drawString(50, 700, "text")
    c.save()
    with pytest.raises(IngestError, match=r"secret\.pdf: encrypted PDF \(a password is needed"):
        read_document(path)


def test_glyphs_without_unicode_dropped_or_refused():
    from pipelines.readers.pdf import unmapped_glyphs

    assert unmapped_glyphs("吉林市(cid:12)船营区大东街道", "a.pdf") == "吉林市船营区大东街道"
    with pytest.raises(IngestError, match=r"a\.pdf: the PDF's fonts map 4 glyphs to no character"):
        unmapped_glyphs("(cid:1)(cid:2)(cid:3)(cid:4)吉林", "a.pdf")


# ------------------------------------------------------------------ HTML
def test_html_main_text_title_date_boilerplate_dropped(tmp_path, paragraphs):
    path = tmp_path / "page.htm"
    path.write_bytes(make_html(paragraphs[:4], encoding="gb2312"))
    raw = read_document(path)
    assert raw.format == "html"
    lines = normalize(raw.text).text.split("\n")
    assert all(p in lines for p in paragraphs[:4])
    for junk in ("首页", "要闻频道", "统计脚本代码内容", "页面底部脚本输出", "版权所有", "推荐链接一"):
        assert junk not in raw.text
    assert raw.meta.title == TITLE
    assert raw.meta.date == "2025-11-27"  # from the dateline: the page has no date markup
    assert raw.meta.publication == "吉林日报"


def test_html_date_markup_wins(tmp_path, paragraphs):
    page = make_html(paragraphs[:2]).replace(
        b"<title>", b'<meta property="article:published_time" content="2024-03-05T08:00:00+08:00"><title>')
    path = tmp_path / "p.html"
    path.write_bytes(page)
    assert read_document(path).meta.date == "2024-03-05"


# ------------------------------------------------------------------ Word
def test_docx_paragraphs_headings_tables_in_order(tmp_path, paragraphs):
    path = make_docx(tmp_path / "w.docx", paragraphs[:6])
    raw = read_document(path)
    assert raw.format == "docx" and raw.meta.title == TITLE
    norm = normalize(raw.text)
    lines = norm.text.split("\n")
    order = [lines.index(p) for p in paragraphs[:6]]
    assert order == sorted(order)
    assert {norm.text[h.start:h.end] for h in norm.headings} == {TITLE, "建强体制机制"}
    assert "吉林市 党建联盟" in lines  # a table row
    assert MASTHEAD not in raw.text and "第 1 页" not in raw.text  # running header and footer


def test_zip_that_is_not_word_refused(tmp_path):
    import zipfile

    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.xml", "<a/>")
    with pytest.raises(IngestError, match=r"x\.docx: a ZIP archive, not a Word document"):
        read_document(path)


# ------------------------------------------------------------------ text, Markdown, discovery
def test_markdown_and_text_read_as_before(tmp_path):
    (tmp_path / "a.md").write_text("# 标题\n\n" + TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="gb18030")
    a, b = read_document(tmp_path / "a.md"), read_document(tmp_path / "b.txt")
    assert (a.format, a.text) == ("markdown", "# 标题\n\n" + TEXT)
    assert (b.format, b.encoding, b.text) == ("text", "gb18030", TEXT)


def test_discover_picks_up_every_format(tmp_path):
    for name in ("a.txt", "b.md", "c.pdf", "d.html", "e.htm", "f.docx", "g.png", ".hidden.txt", "h.PDF"):
        (tmp_path / name).write_bytes(b"x")
    found = sorted(p.name for p, _root in discover([tmp_path]))
    assert found == ["a.txt", "b.md", "c.pdf", "d.html", "e.htm", "f.docx", "h.PDF"]
    assert {".pdf", ".html", ".htm", ".docx"} <= set(SUFFIXES)


# ------------------------------------------------------------------ metadata from text
@pytest.mark.parametrize(("lines", "publication", "edition"), [
    (["吉林日报 2025年11月27日 星期四 第3版 要闻"], "吉林日报", "第3版"),
    (["2025年11月27日 星期四 A3版", "城市晚报"], "城市晚报", "A3版"),
    (["吉林农村报 2025年11月27日"], "吉林农村报", None),
    (["情况通报", "据吉林日报报道，梨树县开展活动。"], None, None),
])
def test_publication_and_edition_from_masthead(lines, publication, edition):
    assert docmeta.find_publication(lines) == publication
    assert docmeta.find_edition(lines) == edition


def test_document_node_carries_metadata_and_conforms(pdfs):
    from kg.graph import build_graph
    from kg.namespace import DCTERMS, LG, RDF
    from kg.validate import validate
    from pipelines.run import extract_text

    raw = read_document(pdfs["two"])
    g = build_graph(extract_text(raw.text, "two.pdf", raw.meta))
    doc = next(g.subjects(RDF.type, LG.Document))
    assert str(g.value(doc, LG.publication)) == "吉林日报"
    assert str(g.value(doc, LG.edition)) == "第3版"
    assert str(g.value(doc, DCTERMS.date)) == "2025-11-27"
    assert str(g.value(doc, DCTERMS.format)) == "application/pdf"
    assert {str(o) for o in g.objects(doc, LG.byline)} == {"李婷", "张添奥"}
    result = validate(g)
    assert result.conforms, result.text[:2000]
