"""Encoding detection on real seed text."""

import pytest

from pipelines.ingest import IngestError, decode_bytes

TEXT = "梨树县积极探索优秀年轻干部“双向交流”锻炼机制"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-32"])
def test_encodings_detected(encoding):
    text, _enc = decode_bytes(TEXT.encode(encoding))
    assert text.lstrip("\ufeff") == TEXT


def test_empty_and_binary_rejected_with_file_name():
    with pytest.raises(IngestError, match="a.txt: empty"):
        decode_bytes(b"  \n", "a.txt")
    with pytest.raises(IngestError, match="b.txt: (binary|cannot detect)"):
        decode_bytes(b"\x00\x01abc\x00\x02\x03\xff", "b.txt")
