"""Read input files into text: plain text, Markdown, PDF, HTML and Word (.docx).

The format is decided by the file's content (its magic bytes), never by its
name: a PDF named ``.txt`` is read as a PDF, a text file named ``.pdf`` as
text. Plain text arrives as UTF-8 (with or without BOM), GB18030/GBK, UTF-16
or UTF-32 (with or without BOM), or UTF-8 and GB18030 lines pasted together.
The encoding is detected in this order (:func:`decode_bytes`): a BOM; NUL
bytes mean UTF-16 (Chinese by its characters, Latin by the NULs' parity) or
binary; strict UTF-8; BOM-less UTF-16 that reads as Chinese using common
characters; UTF-8/GB18030 line by line; GB18030; UTF-16 with rare characters
only; charset-normalizer for anything else.

A file that cannot be read raises :class:`IngestError` with a one-line
message naming the file and the problem: empty, binary, truncated or
encrypted PDF, scanned PDF without a text layer, a ZIP that is not a Word
file, a legacy ``.doc``, unreadable (permissions, a symlink loop), not a
regular file (a FIFO or device), or over the size limits (:class:`Limits`).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines.docmeta import SourceMeta
from pipelines.lexicon import words

#: Suffixes read as plain text or Markdown.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
#: Suffixes of the other formats a folder walk picks up.
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DOCX_SUFFIXES = (".docx",)
#: Every suffix :func:`discover` picks up in a folder.
SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES


class IngestError(Exception):
    """An input file that cannot be read; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Size policy: files over either limit are refused with a one-line error, unread.

    ``max_file_bytes`` bounds the bytes read from disk (any format);
    ``max_chars`` bounds the text extracted from one file (a text file larger
    than ``4 * max_chars`` bytes is refused before it is read, since no
    encoding spends more than four bytes on a character).
    Reading stops as soon as a PDF's text passes ``max_chars``. The defaults
    (64 MB, 1,000,000 characters: about 20 times the largest magazine issue in
    the seeds) keep one file's extraction within a few hundred MB of memory.
    The environment variables ``LGKG_MAX_FILE_MB`` and ``LGKG_MAX_CHARS``
    override them (see :meth:`from_env`).
    """

    max_file_bytes: int = 64 * 1024 * 1024
    max_chars: int = 1_000_000

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """Limits from ``LGKG_MAX_FILE_MB`` / ``LGKG_MAX_CHARS``, defaults where unset or invalid."""
        env = os.environ if environ is None else environ
        base = cls()
        mb = _positive(env.get("LGKG_MAX_FILE_MB"), float)
        chars = _positive(env.get("LGKG_MAX_CHARS"), int)
        return cls(int(mb * 1024 * 1024) if mb else base.max_file_bytes, chars or base.max_chars)


def _positive(value: str | None, kind):
    try:
        v = kind(value) if value else None
    except ValueError:
        return None
    return v if v and v > 0 else None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input file read into text.

    ``format`` is what the content was read as (``text``, ``markdown``,
    ``pdf``, ``html``, ``docx``); ``meta`` what the file says about itself.
    """

    path: Path
    source_path: str  # relative to the input folder, with forward slashes
    text: str
    encoding: str
    format: str = "text"
    meta: SourceMeta = field(default_factory=SourceMeta)


def display_path(path: str | os.PathLike) -> str:
    """``path`` as printable text: file names that are not UTF-8 (a GBK name) are decoded, never crash a print.

    >>> display_path(Path(os.fsdecode("报告.txt".encode("gb18030"))))
    '报告.txt'
    """
    raw = os.fsencode(path)
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


# ------------------------------------------------------------------ decoding
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16 of mostly Latin text: many NUL bytes on one parity."""
    if len(data) < 4:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _plausible_chinese(text: str, common_share: float = 0.3) -> bool:
    """Text a Chinese writer could have written: Han, CJK punctuation, ASCII, line breaks.

    Decoding GBK or UTF-8 bytes as UTF-16 mostly lands in Hangul, private-use
    or surrogate ranges; what lands on Han characters lands on rare ones, so
    real text must also use common characters (``data/common_hanzi.txt``).
    """
    if not text:
        return False
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    common = sum(1 for ch in text if ch in _common_hanzi())
    if common < common_share * han:
        return False
    ok = sum(
        1 for ch in text
        if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        or ("\x20" <= ch <= "\x7e") or ch in "\n\r\t" or "\u2010" <= ch <= "\u2027"
    )
    return han >= 0.2 * len(text) and ok >= 0.97 * len(text)


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    return frozenset("".join(words("common_hanzi")))


def _bomless_utf16(data: bytes, common_share: float = 0.3) -> tuple[str, str] | None:
    """BOM-less UTF-16 Chinese; ``common_share=0`` (a last resort) drops the common-character test."""
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text, common_share):
            return text, enc
    return None


def _line_mixed(data: bytes) -> tuple[str, str] | None:
    """Files pasted together from UTF-8 and GB18030 parts: decode line by line."""
    lines = data.split(b"\n")
    utf8 = gbk = 0
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            try:
                out.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                return None
            gbk += 1
    if utf8 and gbk:
        text = "\n".join(out)
        if _mostly_cjk_or_ascii(text):
            return text, "mixed utf-8/gb18030"
    return None


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)`` or raises IngestError.

    >>> decode_bytes("梨树县".encode("gb18030"))
    ('梨树县', 'gb18030')
    >>> decode_bytes("梨树县积极探索".encode("utf-16-le"))
    ('梨树县积极探索', 'utf-16-le')
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise IngestError(f"{name}: not valid {enc} after its byte-order mark ({exc.reason})") from None
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    if b"\x00" in data:  # UTF-16 (Chinese, or Latin text: NULs on one parity), else binary
        found = _bomless_utf16(data)
        if found:
            return found
        utf16 = _looks_utf16(data)
        if utf16:
            try:
                text = data.decode(utf16)
                if _printable(text):
                    return text, utf16
            except UnicodeDecodeError:
                pass
        found = _bomless_utf16(data, common_share=0)
        if found:
            return found
        raise IngestError(f"{name}: binary file (NUL bytes), not text")
    try:  # (GBK bytes pass as UTF-8 only for a few characters: 一 is D2 BB, UTF-8 for һ)
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    found = _bomless_utf16(data)
    if found:
        return found
    found = _line_mixed(data)
    if found:
        return found
    try:
        text = data.decode("gb18030")
        if _mostly_cjk_or_ascii(text) and _printable(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    found = _bomless_utf16(data, common_share=0)  # rare characters only: still Han and punctuation throughout
    if found:
        return found
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None or not _printable(str(best)):
        raise IngestError(f"{name}: cannot detect the text encoding (binary or unknown)")
    return str(best), best.encoding


def _printable(text: str) -> bool:
    """Text, not binary: almost no control characters besides line breaks and tabs."""
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f")
    return bad <= 0.02 * max(1, len(text))


def _mostly_cjk_or_ascii(text: str) -> bool:
    """Han, CJK and general punctuation (“”…—), full-width forms and ASCII make up nine tenths of ``text``."""
    ok = sum(1 for ch in text if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
             or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u2027" or ch == "\u00b7")
    return ok >= 0.9 * max(1, len(text))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text safe for every output: control characters dropped, lone surrogates replaced.

    Line breaks, tabs and form feeds are kept; a lone surrogate (which no
    serializer can write) becomes U+FFFD.

    >>> clean_text("吉林\\x00市\\ud800")
    '吉林市\\ufffd'
    """
    return _CONTROL.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


# ------------------------------------------------------------------ formats
def sniff(head: bytes) -> str:
    """The container format of a file from its first bytes: ``pdf``, ``zip``, ``ole`` or ``text``.

    >>> sniff(b"%PDF-1.7 ...")
    'pdf'
    """
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return "text"


_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """An HTML page by content: a doctype, ``<html>``, ``<head>`` or ``<body>`` at the start."""
    return bool(_HTML_START.match(text[:4096]))


def read_document(path: Path, root: Path | None = None, limits: Limits | None = None) -> RawDocument:
    """Read one file; ``root`` is the input folder its source path is relative to.

    Parameters
    ----------
    path : Path
        The file.
    root : Path, optional
        The input folder; the document's ``source_path`` is relative to it.
    limits : Limits, optional
        Size policy; default :meth:`Limits.from_env`.

    Returns
    -------
    RawDocument

    Raises
    ------
    IngestError
        With a one-line message naming the file, when it cannot be read.
    """
    limits = limits or Limits.from_env()
    name = display_path(path)
    rel = display_path(path.name if root is None else path.relative_to(root).as_posix())
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            os.listdir(path)
            raise IngestError(f"{name}: is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(f"{name}: not a regular file (a pipe, socket or device)")
        if st.st_size == 0:
            raise IngestError(f"{name}: empty file")
        if st.st_size > limits.max_file_bytes:
            raise IngestError(f"{name}: too large ({_mb(st.st_size)}; the limit is {_mb(limits.max_file_bytes)}, "
                              f"set LGKG_MAX_FILE_MB to raise it)")
        # ``open`` is the builtin, looked up at call time (tests simulate EACCES when run as root)
        with open(path, "rb") as fh:
            head = fh.read(1024)
            kind = sniff(head)
            if kind == "text" and st.st_size > 4 * limits.max_chars:
                raise IngestError(f"{name}: too long ({_mb(st.st_size)} of text is over the "
                                  f"{limits.max_chars:,}-character limit; set LGKG_MAX_CHARS to raise it)")
            data = head + fh.read()
    except OSError as exc:
        raise IngestError(f"{name}: cannot read ({exc.strerror or exc})") from None
    text, encoding, fmt, meta = _convert(data, kind, path, name, limits)
    text = clean_text(text)
    if not text.strip():
        raise IngestError(f"{name}: no text in the file")
    if len(text) > limits.max_chars:
        raise IngestError(f"{name}: too long ({len(text):,} characters; the limit is {limits.max_chars:,}, "
                          f"set LGKG_MAX_CHARS to raise it)")
    return RawDocument(path=path, source_path=rel, text=text, encoding=encoding, format=fmt, meta=meta)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def _convert(data: bytes, kind: str, path: Path, name: str, limits: Limits) -> tuple[str, str, str, SourceMeta]:
    """``(text, encoding, format, meta)`` of a file's bytes, by content."""
    if kind == "pdf":
        from pipelines.readers.pdf import read_pdf

        text, meta = read_pdf(data, name, max_chars=limits.max_chars)
        return text, "pdf", "pdf", meta
    if kind == "zip":
        from pipelines.readers.docx import read_docx

        text, meta = read_docx(data, name)
        return text, "docx", "docx", meta
    if kind == "ole":
        raise IngestError(f"{name}: a legacy Office binary file (.doc/.xls/.ppt), not supported; save it as .docx")
    text, encoding = decode_bytes(data, name)
    if looks_like_html(text):
        from pipelines.readers.html import read_html

        text, meta = read_html(data, text, name)
        return text, encoding, "html", meta
    if path.suffix.lower() in (".md", ".markdown"):
        return text, encoding, "markdown", SourceMeta(media_type="text/markdown")
    return text, encoding, "text", SourceMeta(media_type="text/plain")


# ------------------------------------------------------------------ discovery
def _key(p: Path) -> Path:
    try:
        return p.resolve()
    except (OSError, RuntimeError):  # a symlink loop: keep it, reading it reports the loop
        return p.absolute()


def discover(inputs: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, Path | None]]:
    """Yield ``(file, root)`` for every input file, sorted, each once.

    Folders are walked recursively for the :data:`SUFFIXES` (hidden files
    skipped; symlinked folders are not followed, so a link loop cannot hang
    the walk); ``root`` is the folder given, so source paths are relative to
    it. Files named directly are yielded whatever their suffix, and have no
    root. A path that cannot be read (missing, a symlink loop, a sub-folder
    that cannot be listed) is yielded too, so that reading it reports the
    problem as a one-line failure instead of skipping it silently.
    """
    seen: set[Path] = set()
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = []
            unreadable: list[Path] = []

            def onerror(exc: OSError, unreadable=unreadable) -> None:
                if exc.filename:
                    unreadable.append(Path(exc.filename))

            for dirpath, dirnames, filenames in os.walk(p, onerror=onerror, followlinks=False):
                dirnames.sort()
                for fn in filenames:
                    f = Path(dirpath) / fn
                    if f.suffix.lower() in SUFFIXES and not fn.startswith("."):
                        found.append(f)
            for f in sorted(found) + sorted(unreadable):
                key = _key(f)
                if key not in seen:
                    seen.add(key)
                    yield f, p
        else:
            key = _key(p)
            if key not in seen:
                seen.add(key)
                yield p, None
