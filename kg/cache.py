"""Caches that make rebuilds cheap.

- :class:`RecordCache`: each input file's extraction records, keyed by the
  file's content (and source path) and by :func:`pipeline_version`, so a
  rebuild extracts only the files that are new or changed, and everything is
  extracted again when the pipeline's code or data change.
- :func:`user_cache_dir`: where caches shared by all builds of a user live
  (``$XDG_CACHE_HOME/lgkg``, else ``~/.cache/lgkg``; ``$LGKG_CACHE_DIR``
  overrides).

Entries are pickles of :class:`kg.model.Corpus` parts, written atomically;
an unreadable entry counts as a miss and is extracted again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kg.model import Corpus

__all__ = ["pipeline_version", "content_key", "RecordCache", "user_cache_dir"]

#: Packages whose code or data change what the pipeline extracts (the readers of PDF, HTML and
#: Word files among them: a new pdfminer can order a page's lines differently).
_DATA_PACKAGES = ("jionlp", "cpca", "jieba", "spacy", "pdfminer.six", "trafilatura", "python-docx")


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A hash of everything extraction depends on.

    The source and data files under ``pipelines/``, :mod:`kg.model` (the
    record types), and the versions of the packages whose data the pipeline
    reads or whose readers it runs (jionlp, cpca, jieba, spacy, pdfminer.six,
    trafilatura, python-docx).

    Returns
    -------
    str
        64 hex digits; it changes whenever any of those change.
    """
    import pipelines

    h = hashlib.sha256()
    root = Path(pipelines.__file__).resolve().parent
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    files.append(Path(__file__).resolve().parent / "model.py")
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    for name in _DATA_PACKAGES:
        h.update(f"{name}={_package_version(name)}\0".encode())
    return h.hexdigest()


def content_key(text: str, source_path: str) -> str:
    """Cache key of one input file: its text and the source path its records are named by."""
    h = hashlib.sha256(source_path.encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def user_cache_dir() -> Path:
    """The per-user cache folder (created on first use)."""
    env = os.environ.get("LGKG_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lgkg"


class RecordCache:
    """Per-file extraction records on disk, for one pipeline version.

    Parameters
    ----------
    root : path
        The cache folder. Entries live in ``root/<version>/``; folders of other
        pipeline versions are removed when the cache is opened, so it never
        holds more than one version.
    version : str, optional
        Default :func:`pipeline_version`.

    Examples
    --------
    >>> cache = RecordCache(tmp)                      # doctest: +SKIP
    >>> cache.put(key, pickle.dumps(part))            # doctest: +SKIP
    >>> cache.get(key) == part                        # doctest: +SKIP
    True
    """

    def __init__(self, root: str | os.PathLike, version: str | None = None) -> None:
        self.root = Path(root)
        self.version = version or pipeline_version()
        self.dir = self.root / self.version[:24]
        self._pruned = False

    def _prune(self) -> None:
        if self._pruned:
            return
        self._pruned = True
        if self.root.is_dir():
            for child in self.root.iterdir():
                if child.is_dir() and child != self.dir and len(child.name) == 24:
                    shutil.rmtree(child, ignore_errors=True)

    def path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Corpus | None:
        """The records stored for ``key``, or None (absent or unreadable)."""
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        try:
            part = pickle.loads(data)
        except Exception:  # a truncated or foreign file: extract again
            return None
        return part if isinstance(part, Corpus) else None

    def put(self, key: str, data: bytes) -> None:
        """Store pickled records (``pickle.dumps`` of a :class:`~kg.model.Corpus`) for ``key``.

        Written to a temporary file and renamed, so a killed build never leaves
        a half-written entry (no fsync: a lost entry is only extracted again).
        """
        self._prune()
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
