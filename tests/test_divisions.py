"""The divisions index: built from jionlp's tree once, then read back from the user cache."""

from __future__ import annotations

import pytest

import pipelines.divisions as div


@pytest.fixture
def fresh_index(tmp_path, monkeypatch):
    monkeypatch.setenv("LGKG_CACHE_DIR", str(tmp_path))
    div.divisions.cache_clear()
    yield tmp_path
    div.divisions.cache_clear()  # the next caller loads the index of the real cache again


def test_index_is_cached_and_read_back(fresh_index, monkeypatch):
    built = div.divisions()
    assert [d.name for d in built.lookup("永吉县")] and built.by_key  # a real index
    files = list(fresh_index.glob("divisions-*.pickle"))
    assert len(files) == 1
    div.divisions.cache_clear()

    def no_rebuild(self):
        raise AssertionError("rebuilt although the cache holds the index")

    monkeypatch.setattr(div.Divisions, "__init__", no_rebuild)
    again = div.divisions()
    assert again is not built and again.by_key.keys() == built.by_key.keys()
    assert [d.code for d in again.lookup("永吉县")] == [d.code for d in built.lookup("永吉县")]


def test_damaged_cache_is_rebuilt(fresh_index):
    div.divisions()
    (path,) = fresh_index.glob("divisions-*.pickle")
    path.write_bytes(b"not a pickle")
    div.divisions.cache_clear()
    index = div.divisions()
    assert index.lookup("吉林市")
    assert path.read_bytes() != b"not a pickle"  # written again, whole


def test_province_administered_cities_have_the_province_as_parent():
    # jionlp files 海南's and 湖北's county-level cities under a placeholder "省直辖县级行政区划"
    d = div.divisions()
    for name, province in (("万宁市", "海南省"), ("仙桃市", "湖北省")):
        (city,) = [x for x in d.lookup(name) if x.level == "county"]
        assert d.parent(city).name == province
    assert not [x for x in d.by_key.values() if "行政区划" in x.name and x.level != "township"]
    # a county under a prefecture keeps its prefecture
    (yongji,) = d.lookup("永吉县")
    assert d.parent(yongji).name == "吉林市"


def test_renamed_townships_map_new_suffixes_to_the_listed_township():
    d = div.divisions()
    renamed = d.renamed_townships()
    old = next(x for x in d.by_name["黄榆乡"] if x.parent == "220221")
    assert old.key in renamed["黄榆镇"] and old.key in renamed["黄榆街道"]
    assert "黄榆乡" not in renamed  # the listed name itself is not a rename
    new = d.renamed(old, "黄榆镇")
    assert new.parent == old.parent and new.level == "township" and d.by_key[new.key] is new
