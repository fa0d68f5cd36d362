"""Read input files into text, detecting the encoding.

Plain-text inputs arrive as UTF-8 (with or without BOM), GB18030/GBK or
UTF-16. The encoding is detected from the BOM, then by strict decoding in an
order that cannot misfire (UTF-8 fails loudly on GBK bytes), then with
charset-normalizer for anything else. A file that cannot be read raises
:class:`IngestError` with a one-line message naming the file.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: Suffixes read as plain text.
TEXT_SUFFIXES = (".txt", ".text", ".md")


class IngestError(Exception):
    """An input file that cannot be read; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class RawDocument:
    path: Path
    source_path: str  # relative to the input folder, with forward slashes
    text: str
    encoding: str


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: many NUL bytes on one parity."""
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


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)`` or raises IngestError."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise IngestError(f"{name}: not valid {enc} after its byte-order mark ({exc.reason})") from None
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if _printable(text):
                return text, utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise IngestError(f"{name}: binary file (NUL bytes), not text")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _mostly_cjk_or_ascii(text):
            break
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None or not _printable(str(best)):
        raise IngestError(f"{name}: cannot detect the text encoding (binary or unknown)")
    return str(best), best.encoding


def _printable(text: str) -> bool:
    """Text, not binary: almost no control characters besides line breaks and tabs."""
    import unicodedata

    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f")
    return bad <= 0.02 * max(1, len(text))


def _mostly_cjk_or_ascii(text: str) -> bool:
    ok = sum(1 for ch in text if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return ok >= 0.9 * max(1, len(text))


def read_document(path: Path, root: Path | None = None) -> RawDocument:
    """Read one file; ``root`` is the input folder its source path is relative to."""
    rel = path.name if root is None else path.relative_to(root).as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text, enc = decode_bytes(data, str(path))
    return RawDocument(path=path, source_path=rel, text=text, encoding=enc)


def discover(inputs: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, Path | None]]:
    """Yield ``(file, root)`` for every readable-looking input file, sorted, each once.

    Folders are walked recursively (symlinked folders are not followed, so a
    link loop cannot hang the walk); ``root`` is the folder given, so source
    paths are relative to it. Files named directly have no root.
    """
    seen: set[Path] = set()
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(p, followlinks=False):
                dirnames.sort()
                for fn in filenames:
                    f = Path(dirpath) / fn
                    if f.suffix.lower() in TEXT_SUFFIXES and not fn.startswith("."):
                        found.append(f)
            for f in sorted(found):
                key = f.resolve()
                if key not in seen:
                    seen.add(key)
                    yield f, p
        else:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p, None
