"""The official administrative divisions of China, from jionlp's data.

jionlp ships the divisions down to villages (省/市/县 with their official
codes, 乡镇街道 and 村社区 by name). This module indexes them by name once per
process, and adds coordinates from cpca's table where it has them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipelines.lexicon import table, words

# jionlp and cpca print a banner on import; keep the import lazy and quiet.


@dataclass(frozen=True, slots=True)
class Division:
    name: str
    level: str  # province, prefecture, county, township, zone
    code: str | None  # official code (province, prefecture, county levels)
    parent: str | None  # key of the parent division
    key: str  # code, or "countycode/town name" for townships
    short: str | None = None  # official short form (永吉 for 永吉县)
    province: str | None = None  # province name


def is_placeholder(name: str) -> bool:
    """jionlp's placeholder entries (省直辖县级行政区划, 市辖区直辖行政区划) are no names."""
    return any(w in name for w in words("division_placeholders"))


def _level_of(name: str, depth: int) -> str:
    """Level from the depth in the tree and the name's suffix (开发区 are zones)."""
    for suffix, level in table("zone_suffixes"):
        if name.endswith(suffix):
            return level
    return ("province", "prefecture", "county", "township")[depth]


class Divisions:
    """Name index over the official divisions."""

    def __init__(self) -> None:
        import contextlib

        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp

            tree = jionlp.china_location_loader(detail=True)
        self.by_key: dict[str, Division] = {}
        self.by_name: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        self.villages: dict[str, list[str]] = {}  # village/community name -> township keys
        for pname, pv in sorted(tree.items()):
            prov = self._add(pname, 0, pv["_admin_code"], None, pv.get("_alias"), pname)
            for cname, cv in sorted(pv.items()):
                if cname.startswith("_"):
                    continue
                # 北京市 under 北京市, and jionlp's 省直辖县级行政区划 (海南, 湖北, 河南, 新疆): the
                # counties under them belong to the province itself
                direct = cname == pname or is_placeholder(cname)
                pref = prov if direct else self._add(cname, 1, cv["_admin_code"], prov.key, cv.get("_alias"), pname)
                for xname, xv in sorted(cv.items()):
                    if xname.startswith("_"):
                        continue
                    if xv["_admin_code"] in self.by_key:
                        # 东莞市, 中山市: a placeholder county (市直辖行政区划) under the city's own code;
                        # its townships belong to the city
                        county = self.by_key[xv["_admin_code"]]
                    else:
                        county = self._add(xname, 2, xv["_admin_code"], pref.key, xv.get("_alias"), pname)
                    for tname, tv in sorted(xv.items()):
                        if tname.startswith("_"):
                            continue
                        town = self._add(tname, 3, None, county.key, None, pname)
                        for vname in tv or ():
                            self.villages.setdefault(vname, []).append(town.key)
        self._renamed = self._renamings()

    def _add(self, name: str, depth: int, code: str | None, parent: str | None, alias, province: str) -> Division:
        short = alias[0] if isinstance(alias, list) and alias else alias
        if short == name:
            short = None
        key = code if code else f"{parent}/{name}"
        div = Division(name, _level_of(name, depth), code, parent, key, short, province)
        self.by_key[key] = div
        self.by_name.setdefault(name, []).append(div)
        for other in zone_variants(name):
            self.by_name.setdefault(other, []).append(div)
        if short and len(short) >= 2:
            self.by_short.setdefault(short, []).append(div)
            for full, tail in _AUTONOMOUS_SHORT_NAMES:
                if name.endswith(full) and not short.endswith(tail):
                    # 怒江州 for 怒江傈僳族自治州, 长阳县 for 长阳土家族自治县: the short form with its level
                    self.by_name.setdefault(short + tail, []).append(div)
        return div

    def parent(self, div: Division) -> Division | None:
        return self.by_key.get(div.parent) if div.parent else None

    def chain(self, div: Division) -> list[Division]:
        """``div`` and its ancestors, innermost first."""
        out = [div]
        seen = {div.key}
        while (p := self.parent(out[-1])) is not None and p.key not in seen:
            out.append(p)
            seen.add(p.key)
        return out

    def is_ancestor(self, anc: Division, div: Division) -> bool:
        return any(d.key == anc.key for d in self.chain(div)[1:])

    def zones(self) -> list[Division]:
        """Development zones (经济开发区, 高新区) among the divisions."""
        if not hasattr(self, "_zones"):
            self._zones = [x for x in self.by_key.values() if x.level == "zone"]
        return self._zones

    def lookup(self, name: str) -> list[Division]:
        return self.by_name.get(name, [])

    def renamed_townships(self) -> dict[str, list[str]]:
        """Other township names the official ones may now bear (乡 → 镇 → 街道: 撤乡设镇,
        撤镇设街道): ``{new name: [keys of the townships that may have become it]}``.

        The pairs come from ``township_renames.tsv``; the table is made with the
        index (so it is kept in the cached pickle).
        """
        return self._renamed

    def _renamings(self) -> dict[str, list[str]]:
        pairs = table("township_renames")
        out: dict[str, list[str]] = {}
        for div in self.by_key.values():
            if div.level != "township":
                continue
            for old, new in pairs:
                if div.name.endswith(old) and len(div.name) - len(old) >= 2:
                    out.setdefault(div.name[: -len(old)] + new, []).append(div.key)
        return out

    def renamed(self, old: Division, name: str) -> Division:
        """The township ``old`` under its new ``name`` (same parent), registered in ``by_key``."""
        key = f"{old.parent}/{name}"
        if key not in self.by_key:
            self.by_key[key] = Division(name, "township", None, old.parent, key, None, old.province)
        return self.by_key[key]


def _zone_aliases() -> tuple[tuple[str, ...], ...]:
    from pipelines.lexicon import table

    return table("zone_aliases")


# an autonomous division's common name: its short form and the level word without the nationality
_AUTONOMOUS_SHORT_NAMES = (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"))


def zone_variants(name: str) -> set[str]:
    """Other written forms of a development zone's name (吉林经济开发区 → 吉林经济技术开发区)."""
    return {name[: -len(official)] + other for official, other in _zone_aliases()
            if name.endswith(official) and len(name) >= len(official) + 2}


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The divisions index, built once per process.

    Building it from jionlp's tree takes about two seconds; the result is
    kept as a pickle in the user cache (:func:`kg.cache.user_cache_dir`),
    named by :func:`kg.cache.pipeline_version` (which covers this module, its
    data and jionlp's version), and read from there by later processes. An
    unreadable or unwritable cache only costs the rebuild.
    """
    import pickle

    from kg.cache import pipeline_version, user_cache_dir
    from kg.io import atomic_write_bytes

    path = user_cache_dir() / f"divisions-{pipeline_version()[:16]}.pickle"
    try:
        with open(path, "rb") as fh:
            index = pickle.load(fh)
        if isinstance(index, Divisions):
            return index
    except Exception:  # missing, damaged or from an incompatible build: make it again
        pass
    index = Divisions()
    try:
        for old in path.parent.glob("divisions-*.pickle"):
            old.unlink(missing_ok=True)
        atomic_write_bytes(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return index


@lru_cache(maxsize=1)
def coordinates() -> dict[str, tuple[float, float]]:
    """Official code (6 digits) -> (longitude, latitude), from cpca's table."""
    out: dict[str, tuple[float, float]] = {}
    text = (resources.files("cpca") / "resources" / "adcodes.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        try:
            out[row["adcode"][:6]] = (float(row["longitude"]), float(row["latitude"]))
        except (KeyError, ValueError):
            continue
    return out
