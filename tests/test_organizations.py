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
