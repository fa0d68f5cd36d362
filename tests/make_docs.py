"""Generate the PDF, Word and HTML test inputs from real seed text.

PDFs are set with reportlab's built-in CID font STSong-Light (no font file
needed; pdfminer reads it back through its bundled CMaps) as newspaper pages:
a masthead repeated on every page, a page number at the foot, a headline and
byline across the page, the body in two (or three) columns, and a picture
with a caption in smaller type.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pipelines.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_9a7ae06e4773128d.txt"

MASTHEAD = "吉林日报 2025年11月27日 星期四 第3版"
TITLE = "基层治理驶入快车道"
BYLINE = "本报记者 李婷 张添奥"
CAPTION = "图为社区网格员入户走访，了解居民需求。"


def seed_paragraphs(n: int = 8, min_len: int = 40) -> list[str]:
    """``n`` body paragraphs of seed 004, normalized (so they compare with normalized output)."""
    text = normalize(SEED.read_text(encoding="utf-8")).text
    paras = [p for p in text.split("\n") if len(p) >= min_len and p[-1] in "。！？”" and "·" not in p]  # STSong-Light has no ·
    return paras[:n]


@dataclass
class PdfLayout:
    columns: int = 2
    gutter: float = 18.0
    font_size: float = 10.5
    picture: bool = True
    masthead: str | None = MASTHEAD
    page_numbers: bool = True


def make_pdf(path: Path, paragraphs: list[str], layout: PdfLayout | None = None,
             title: str = TITLE, byline: str = BYLINE, caption: str = CAPTION) -> Path:
    """A newspaper-like PDF of ``paragraphs``; returns ``path``."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, Image, NextPageTemplate, PageTemplate,
                                    Paragraph, Spacer)

    layout = layout or PdfLayout()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = layout.font_size
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=size, leading=size * 1.5,
                          firstLineIndent=2 * size, wordWrap="CJK")
    head = ParagraphStyle("head", fontName="STSong-Light", fontSize=size * 2.2, leading=size * 2.8,
                          alignment=TA_CENTER, wordWrap="CJK")
    by = ParagraphStyle("by", parent=body, firstLineIndent=0, alignment=TA_CENTER)
    cap = ParagraphStyle("cap", parent=body, fontSize=size * 0.8, leading=size * 1.1, firstLineIndent=0)

    width, height = A4
    margin = 50.0
    top_block = 110.0
    col_w = (width - 2 * margin - (layout.columns - 1) * layout.gutter) / layout.columns

    def columns(y_top: float) -> list[Frame]:
        return [Frame(margin + i * (col_w + layout.gutter), margin, col_w, y_top - margin,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"col{i}")
                for i in range(layout.columns)]

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        if layout.masthead:
            canvas.drawString(margin, height - 30, layout.masthead)
        if layout.page_numbers:
            canvas.drawCentredString(width / 2, 25, str(doc.page))
        canvas.restoreState()

    first_top = height - margin - top_block
    title_frame = Frame(margin, first_top, width - 2 * margin, top_block, leftPadding=0, rightPadding=0,
                        topPadding=0, bottomPadding=0, id="title")
    doc = BaseDocTemplate(str(path), pagesize=A4, title="")
    doc.addPageTemplates([
        PageTemplate("first", [title_frame, *columns(first_top - 10)], onPage=decorate),
        PageTemplate("rest", columns(height - margin), onPage=decorate),
    ])
    story = [NextPageTemplate("rest"), Paragraph(title, head), Paragraph(byline, by), FrameBreak()]
    for i, p in enumerate(paragraphs):
        story.append(Paragraph(p, body))
        if layout.picture and i == 1:
            story += [Spacer(1, 4), Image(_picture(), width=col_w, height=col_w * 0.6), Spacer(1, 2),
                      Paragraph(caption, cap), Spacer(1, 4)]
    doc.build(story)
    return path


def _picture() -> io.BytesIO:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 72), (150, 170, 190)).save(buf, format="PNG")
    buf.seek(0)
    return buf


def make_docx(path: Path, paragraphs: list[str], title: str = TITLE, byline: str = BYLINE) -> Path:
    """A Word file: Title, byline, a heading, paragraphs, a table, and a running header and footer."""
    import docx

    d = docx.Document()
    d.core_properties.title = title
    section = d.sections[0]
    section.header.paragraphs[0].text = MASTHEAD
    section.footer.paragraphs[0].text = "第 1 页"
    d.add_heading(title, level=0)
    d.add_paragraph(byline)
    half = len(paragraphs) // 2
    for p in paragraphs[:half]:
        d.add_paragraph(p)
    d.add_heading("建强体制机制", level=1)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "地区", "举措"
    table.cell(1, 0).text, table.cell(1, 1).text = "吉林市", "党建联盟"
    for p in paragraphs[half:]:
        d.add_paragraph(p)
    d.save(str(path))
    return path


def make_html(paragraphs: list[str], title: str = TITLE, byline: str = BYLINE,
              date_text: str = "2025年11月27日 星期四", encoding: str = "utf-8") -> bytes:
    """A news page with navigation, scripts, a sidebar and a footer around the article."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{encoding}"><title>{title}_吉林日报</title>
<meta property="og:site_name" content="吉林日报">
<script>var trackingCode = "统计脚本代码内容";</script>
<style>.nav {{ color: red }}</style></head>
<body>
<nav class="nav"><a href="/">首页</a> | <a href="/a">要闻频道</a> | <a href="/b">评论频道</a> | <a href="/c">图片频道</a></nav>
<div id="content"><article>
<h1>{title}</h1>
<div class="info">{date_text} 来源：吉林日报</div>
<p>{byline}</p>
{body}
</article></div>
<aside><h3>热点推荐</h3><ul><li><a href="/x">推荐链接一</a></li><li><a href="/y">推荐链接二</a></li></ul></aside>
<footer><p>版权所有 吉林日报社 未经授权禁止转载 备案号000000</p></footer>
<script>document.write("页面底部脚本输出");</script>
</body></html>"""
    return page.encode("gb18030" if encoding.lower() in ("gb2312", "gbk") else encoding)  # as browsers do
