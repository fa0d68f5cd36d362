"""Generate a large benchmark corpus from real text.

The generated documents recombine real paragraphs of the seed texts
(``seeds/``) and of the outside articles (``../shared/corpora/outside``), read
from where they are and never copied into the project, and substitute the
places they name with other places from the official divisions (jionlp), so
entities stay realistic and the graph grows with the corpus.

Each document: a real title line, then real paragraphs (raw, with their PDF
line breaks) until about ``--chars`` characters. Per document one county is
drawn from the divisions; the province, prefecture, county and township names
the paragraphs mention are mapped to that county, its prefecture and
province, and its neighbours and townships, consistently within the document.

Usage::

    python bench/generate.py 1000 /tmp/lgkg-bench/1000 [--seed 1] [--chars 2000]

Output is deterministic for a given seed and size.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.divisions import Division, divisions  # noqa: E402
from pipelines.places import leftmost_longest  # noqa: E402

#: Where the real text is read from (never copied into the project).
SOURCES = (ROOT / "seeds", ROOT.parent / "shared" / "corpora" / "outside")

_SENTENCE_END = re.compile(r"[。！？!?…”」）)]\s*$")
_TOWNSHIP_SUFFIXES = ("镇", "乡", "街道")
_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3}


@dataclass(slots=True)
class Pool:
    titles: list[str]
    paragraphs: list[str]


def _paragraphs(raw: str) -> list[str]:
    """Raw paragraphs: lines up to one ending a sentence, the line breaks kept as they are."""
    out: list[str] = []
    cur: list[str] = []
    for line in raw.splitlines():
        cur.append(line)
        if line.strip() and _SENTENCE_END.search(line):
            block = "\n".join(cur).strip("\n")
            if len(block.strip()) >= 20:
                out.append(block)
            cur = []
    return out


def _title(raw: str) -> str | None:
    for line in raw.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if 4 <= len(line) <= 40 else None
    return None


def read_pool(sources: tuple[Path, ...] = SOURCES) -> Pool:
    """Titles and paragraphs of every ``.txt`` file under ``sources``, in a fixed order."""
    titles: list[str] = []
    paragraphs: list[str] = []
    for folder in sources:
        for path in sorted(Path(folder).glob("*.txt")):
            raw = path.read_text(encoding="utf-8")
            t = _title(raw)
            if t:
                titles.append(t)
            paragraphs.extend(_paragraphs(raw))
    if not paragraphs:
        raise SystemExit(f"generate: no text found under {', '.join(map(str, sources))}")
    return Pool(titles, paragraphs)


class PlaceSwapper:
    """Replace the divisions a text names with divisions around one drawn county."""

    def __init__(self) -> None:
        d = divisions()
        self.d = d
        self.auto = ahocorasick.Automaton()
        for name, divs in d.by_name.items():
            levels = {x.level for x in divs}
            if len(name) < 3:
                continue
            if levels <= {"township"} and not name.endswith(_TOWNSHIP_SUFFIXES):
                continue
            level = min(levels, key=lambda lv: _RANK.get(lv, 9))
            self.auto.add_word(name, (name, level))
        self.auto.make_automaton()
        # Only counties whose parent chain ends (jionlp's "市直辖行政区划" shares its city's code).
        self.counties = sorted((x for x in d.by_key.values()
                                if x.level == "county" and x.code and self._chain(x) is not None), key=lambda x: x.key)
        children: dict[str, list[Division]] = {}
        for x in d.by_key.values():
            if x.parent:
                children.setdefault(x.parent, []).append(x)
        self.children = {k: sorted(v, key=lambda x: x.key) for k, v in children.items()}

    def _chain(self, div: Division) -> list[Division] | None:
        """``div`` and its ancestors, or None if the parents loop."""
        out = [div]
        while (p := self.d.parent(out[-1])) is not None:
            if any(p.key == x.key for x in out):
                return None
            out.append(p)
        return out

    def _matches(self, text: str) -> list[tuple[int, int, str, str]]:
        return leftmost_longest(self.auto, text)

    def swap(self, paragraphs: list[str], rng: random.Random) -> list[str]:
        county = rng.choice(self.counties)
        chain = self._chain(county) or [county]
        pref = chain[1] if len(chain) > 1 else county
        prov = chain[-1]
        siblings = [x for x in self.children.get(pref.key, []) if x.level == "county"] or [county]
        towns = [x for x in self.children.get(county.key, []) if x.name.endswith(_TOWNSHIP_SUFFIXES)]
        mapping: dict[str, str] = {}
        free_counties = [x.name for x in siblings if x.key != county.key]
        rng.shuffle(free_counties)
        free_towns = [x.name for x in towns]
        rng.shuffle(free_towns)

        def target(name: str, level: str) -> str:
            if name in mapping:
                return mapping[name]
            if level == "province":
                new = prov.name
            elif level == "prefecture":
                new = pref.name
            elif level == "county":
                new = county.name if county.name not in mapping.values() else (
                    free_counties.pop() if free_counties else county.name)
            elif level == "township":
                new = free_towns.pop() if free_towns else name
            else:
                new = name
            mapping[name] = new
            return new

        out = []
        for para in paragraphs:
            parts, pos = [], 0
            for a, b, name, level in self._matches(para):
                parts.append(para[pos:a])
                parts.append(target(name, level))
                pos = b
            parts.append(para[pos:])
            out.append("".join(parts))
        return out


def generate(n: int, out_dir: str | Path, seed: int = 1, chars: int = 2000) -> list[Path]:
    """Write ``n`` documents of about ``chars`` characters each into ``out_dir``; return their paths."""
    pool = read_pool()
    swapper = PlaceSwapper()
    rng = random.Random(seed)
    out = Path(out_dir)
    written = []
    for i in range(n):
        target = max(200, int(rng.gauss(chars, chars / 3)))
        paras, size = [], 0
        while size < target:
            p = rng.choice(pool.paragraphs)
            paras.append(p)
            size += len(p)
        paras = swapper.swap(paras, rng)
        title = rng.choice(pool.titles) if pool.titles else ""
        text = title + "\n\n" + "\n\n".join(paras) + "\n"
        path = out / f"{i // 1000:03d}" / f"doc_{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of documents")
    p.add_argument("out", help="output folder (a temporary folder, not inside the project)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--chars", type=int, default=2000, help="mean characters per document")
    args = p.parse_args(argv)
    paths = generate(args.n, args.out, args.seed, args.chars)
    total = sum(len(pth.read_text(encoding="utf-8")) for pth in paths)
    print(f"wrote {len(paths)} documents, {total} characters, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
