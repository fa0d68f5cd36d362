"""Organization names by grammar, short forms completed from the article's place."""

from pipelines.organizations import find_organizations
from pipelines.places import find_places


def orgs(text, article=None):
    return {c.name: c for c in find_organizations(text, find_places(text), article or {})}


def test_place_plus_department():
    o = orgs("梨树县委组织部副部长田昭一说")
    assert "梨树县委组织部" in o
    assert o["梨树县委组织部"].attr("place") == "梨树县"
    assert o["梨树县委组织部"].attr("parent") == "梨树县委"


def test_chain_anchors_on_innermost_place_with_alias():
    o = orgs("吉林市船营区大东街道党工委坚持以抓实党建引领为核心")
    assert "大东街道党工委" in o
    assert "吉林市船营区大东街道党工委" in o["大东街道党工委"].aliases


def test_short_form_completed_from_article_place():
    o = orgs("在市委组织部的指导下", {"prefecture": "吉林市", "province": "吉林省"})
    assert "吉林市委组织部" in o
    assert "市委组织部" in o["吉林市委组织部"].aliases


def test_short_form_without_article_place_is_dropped():
    assert orgs("在市委组织部的指导下") == {}


def test_head_noun_grammar_and_national_bodies():
    o = orgs("吉林医药学院深入贯彻落实，同以习近平同志为核心的党中央保持高度一致")
    assert "吉林医药学院" in o
    assert "中共中央" in o and "党中央" in o["中共中央"].aliases


def test_village_party_branch():
    o = orgs("永吉县黄榆乡会源德村党支部充分发挥战斗堡垒作用")
    assert o["会源德村党支部"].attr("place") == "会源德村"


def test_named_units_inside_a_body_name_are_mentions():
    o = orgs("吉林银行吉林分行纪委坚持以习近平新时代中国特色社会主义思想为指导")
    assert o["吉林银行吉林分行纪委"].attr("parent") == "吉林银行吉林分行"
    assert o["吉林银行吉林分行"].attr("parent") == "吉林银行"
    assert "吉林银行" in o


def test_a_company_and_its_group_are_one_unit():
    o = orgs("先后走访吉林万通药业集团")
    assert o["吉林万通药业集团"].attr("parent") is None


def test_committee_department_from_an_author_note():
    o = orgs("（作者：磐石市委常委、组织部长）")
    assert o["磐石市委组织部"].attr("parent") == "磐石市委"


def test_titles_after_a_body_and_book_titles_are_not_names():
    assert set(orgs("万宁市营商环境建设局副局长说")) == {"万宁市营商环境建设局"}
    assert orgs("依照《中华人民共和国城市居民委员会组织法》") == {}


def test_function_words_cut_the_name():
    assert "新天地商务社区党群服务中心" in orgs("东新街道的新天地商务社区党群服务中心")
    assert orgs("四川一所中学") == {}


def test_short_form_of_a_named_city_nearby():
    o = orgs("近年来，舒兰市委、市政府始终秉承", {"prefecture": "吉林市"})
    assert set(o) == {"舒兰市委", "舒兰市政府"}


def test_local_short_form_from_the_article_community():
    o = orgs("社区党总支从延伸党建工作触角出发", {"community": "幸福里社区"})
    assert "幸福里社区党总支" in o
    assert orgs("社区党组织多方寻求", {"community": "幸福里社区"}) == {}


def test_sports_teams_named_by_a_place():
    o = orgs("在决赛中，中国女队以3比1战胜韩国队，德国男子网球队获得亚军")
    assert {"中国女队", "韩国队", "德国男子网球队"} <= set(o)
    assert not any(n.endswith("队") for n in orgs("吉林市组建志愿服务队和巡逻队，中国能派队参加"))


def test_state_bodies_international_organizations_and_foreign_bodies():
    o = orgs("财政部、外交部和中科院的代表出席，联合国和欧盟官员也参加了会议")
    assert {"财政部", "外交部", "中国科学院", "联合国", "欧盟"} <= set(o)
    assert "中科院" in o["中国科学院"].aliases
    o = orgs("美国国务院发言人表示，日本大藏省和斯里兰卡议会也作出回应")
    assert {"美国国务院", "日本大藏省", "斯里兰卡议会"} <= set(o)
    assert "国务院" not in o


def test_short_names_need_word_boundaries():
    assert orgs("全县人民进行了财政部门改革") == {}
    assert "北京大学" not in orgs("东北大学的学生来到北大荒")
    assert "北京大学" in orgs("他考入北大后")
