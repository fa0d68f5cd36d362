"""Place mentions, levels, codes and chains."""

from pipelines.places import chain_links, find_places


def names(text):
    return [c.name for c in find_places(text) if c.name]


def test_nested_chain_gives_three_places_with_links():
    text = "还有永吉县黄榆乡会源德村"
    cands = find_places(text)
    assert [c.name for c in cands] == ["永吉县", "黄榆乡", "会源德村"]
    assert [c.level for c in cands] == ["county", "township", "village"]
    links = {(child.name, parent.name) for child, parent in chain_links(cands, text)}
    assert links == {("黄榆乡", "永吉县"), ("会源德村", "黄榆乡")}


def test_official_codes():
    c = {x.name: x for x in find_places("白山市抚松县探索形成一套党建工作法")}
    assert c["抚松县"].division == "220621" and c["抚松县"].level == "county"
    assert c["白山市"].level == "prefecture"


def test_ambiguous_township_resolved_by_preceding_county():
    c = {x.name: x for x in find_places("吉林市船营区大东街道党工委")}
    assert c["大东街道"].division == "220204/大东街道"


def test_generic_settlement_words_are_not_places():
    assert names("推动乡村振兴，赋能农村发展，充分发挥社区作用") == []


def test_country_only_as_location():
    assert "中国" not in names("高举习近平新时代中国特色社会主义思想伟大旗帜")
    assert "东北" in names("2018年总书记在东北调研时曾说")
    assert "东北" not in names("位于哈达湾街道东北部")


def test_short_forms_in_a_list_of_places():
    assert {"长春市", "四平市"} <= set(names("长春、吉林、四平等多地市政府"))


def test_province_short_form_and_pronoun():
    cands = find_places("旅居海南的党员；我省各地")
    assert "海南省" in [c.name for c in cands]
    assert any(c.attr("pronoun") == "province" for c in cands)


def test_city_without_counties_is_its_townships_parent():
    """东莞市 has no counties: jionlp's placeholder county shares its code; the chain must end."""
    from pipelines.divisions import divisions

    d = divisions()
    town = {c.name: c for c in find_places("广东省东莞市东城街道开展服务")}["东城街道"]
    chain = [x.name for x in d.chain(d.by_key[town.division])]
    assert chain == ["东城街道", "东莞市", "广东省"]
