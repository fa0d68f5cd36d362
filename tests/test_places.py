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


def places(text):
    return [(c.name, text[c.start:c.end]) for c in find_places(text) if c.name]


def test_the_country_outside_fixed_phrases_and_names():
    found = names("国家主席会见了来访的客人，表示中国领导人高度重视两国关系，欢迎他再次访问中国")
    assert found.count("中国") == 2
    assert "中国" not in names("坚持把马克思主义基本原理同中国实际相结合，弘扬中国优秀传统文化")
    assert "中国" not in names("他先后在中国科学技术大学和吉林大学任教")
    assert "中国" not in names("该县获评中国民间文化艺术之乡")


def test_country_and_province_abbreviations():
    assert places("双方表示，中美关系保持稳定，中方愿同美方加强沟通") == [
        ("中国", "中"), ("美国", "美"), ("中国", "中"), ("美国", "美")]
    assert ("中国", "华") in places("外国元首明年访华期间将出席签字仪式")
    assert ("北京市", "京") in places("代表团今天抵京，开始为期三天的访问")
    assert [p for p, _ in places("港澳地区的青年来到长春")][:2] == ["香港特别行政区", "澳门特别行政区"]
    assert ("俄罗斯", "俄") in places("俄总统当天签署法令")


def test_abbreviation_characters_inside_common_words_are_not_places():
    assert places("在其中加入节日元素，营造美丽乡村") == []
    assert places("美元对日元汇率走低") == []
    assert places("他们以政府购买服务的方式开展活动") == []


def test_well_known_cities_and_world_capitals():
    found = names("代表团先后访问了成都、广州和香港，随后前往莫斯科和巴黎")
    assert {"成都市", "广州市", "香港特别行政区", "莫斯科", "巴黎"} <= set(found)
    assert "武汉市" not in names("从武汉大学等高校招录毕业生")
    assert "海口市" not in names("他曾夸下海口")
