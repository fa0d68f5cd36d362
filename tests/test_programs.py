"""Program recognition on short real snippets of the seeds."""

from __future__ import annotations

import pytest

from pipelines.mentions import Candidate
from pipelines.normalize import normalize
from pipelines.programs import find_programs
from pipelines.sentences import split_sentences
from test_relations import implementers  # who runs a program, read as the relations tests read it


def programs(raw: str) -> tuple[str, list[Candidate]]:
    text = normalize(raw).text
    return text, find_programs(text, split_sentences(text))


def names(raw: str) -> set[str]:
    return {c.name for c in programs(raw)[1]}


def test_quoted_name_with_head_noun():
    raw = "为推动流动党员管理全面化、系统化，抚松县同步推出“五个一”管理机制。"
    text, cands = programs(raw)
    assert len(cands) == 1
    c = cands[0]
    assert c.name == "五个一管理机制"
    assert "五个一" in c.aliases
    assert text[c.start:c.end] == "“五个一”管理机制"
    assert c.attr("verb") == "推出"
    assert text[int(c.attr("verb_start") or -1):].startswith("推出")


@pytest.mark.parametrize(
    ("raw", "name", "alias"),
    [
        ("吉林市船营区大东街道党工委深入开展“解题暖心”大走访活动，织就一张服务网。", "解题暖心大走访活动", "解题暖心"),
        ("白山市抚松县探索形成一套“查、管、学”相结合的党建工作法，让党旗飘扬。", "查、管、学相结合的党建工作法", "查、管、学"),
    ],
)
def test_modifier_between_quote_and_head(raw, name, alias):
    text, cands = programs(raw)
    assert [c.name for c in cands] == [name]
    assert alias in cands[0].aliases
    assert text[cands[0].start:cands[0].end].startswith("“") and text[cands[0].end - 1] in "动法"


def test_bare_quoted_program_introduced_by_verb():
    raw = "聚焦“庸散怕浮奢”作风突出问题。开展“大排查”，推行“马上办”工作模式，针对全局性普遍问题。"
    found = names(raw)
    assert "大排查" in found
    assert "马上办工作模式" in found
    assert "庸散怕浮奢" not in found


def test_bare_mention_joins_the_program_named_with_a_head():
    raw = "通化市深入开展“双报到”活动，持续为基层治理赋能。每季度听取“双报到”情况汇报。"
    _, cands = programs(raw)
    assert len(cands) == 2
    assert {c.name for c in cands} == {"双报到"}
    assert all("双报到活动" in c.aliases for c in cands)


def test_slogan_in_quotes_is_not_a_program():
    assert names("党组织成为群众身边最可靠、最坚实的“主心骨”。") == set()
    assert names("有效地打通了服务群众“最后一公里”。") == set()


def test_ideological_formula_is_not_a_program():
    raw = "坚决拥护“两个确立”，坚决做到“两个维护”，自觉在思想上政治上行动上同党中央保持高度一致。"
    assert names(raw) == set()


def test_unquoted_study_campaign():
    raw = "要巩固拓展党纪学习教育成果，坚持党性党风党纪一起抓。"
    text, cands = programs(raw)
    assert [c.name for c in cands] == ["党纪学习教育"]
    assert text[cands[0].start:cands[0].end] == "党纪学习教育"


def test_three_meetings_one_lesson_wherever_it_appears():
    raw = "各级党组织要认真执行“三会一课”、组织生活会、谈心谈话等制度。"
    text, cands = programs(raw)
    assert [c.name for c in cands] == ["三会一课"]
    assert text[cands[0].start:cands[0].end] == "“三会一课”"


def test_quote_inside_a_document_title_is_not_a_program():
    raw = "持续推进人才制度创新，制定出台了《关于激发人才创新活力助推实施“四六四五”发展战略的实施意见》。"
    assert names(raw) == set()


# ------------------------------------------------------------ forms added for outside articles
@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("该街道建设“邻里汇”议事厅，每周召集商户协商。", "邻里汇议事厅"),
        ("老街的“清风议事会”拉近了邻里距离。", "清风议事会"),  # 议事会 is a head, not an event (…会)
        ("社区提供“随叫随到、有求必应”上门服务。", "随叫随到、有求必应上门服务"),
        ("社区与独居老人达成一份“灯光约定”。", "灯光约定"),
        ("在某区，“社区减负事项清单”列得详尽。", "社区减负事项清单"),
    ],
)
def test_council_service_pact_and_list_heads(raw, name):
    assert name in names(raw)


def test_short_quoted_lists_are_no_programs():
    # “问题清单” / “满意清单”: two characters before 清单 name a kind of list, not one list
    assert names("把治理“问题清单”变成群众“满意清单”。") == set()


def test_name_in_single_quotes_inside_a_quotation():
    raw = "部长介绍：“我们还开通了‘民情热线’，让居民参与监督。”"
    text, cands = programs(raw)
    assert [c.name for c in cands] == ["民情热线"]
    assert text[cands[0].start] == "‘"


def test_an_event_in_single_quotes_stays_rejected():
    assert names("他说：“我们办了‘迎春’联欢会，很热闹。”") == set()


def test_parallel_phrases_before_a_head_are_one_name():
    raw = "社区党委通过群众点单、支部派单、党员接单机制，解决急难愁盼问题。"
    assert names(raw) == {"群众点单、支部派单、党员接单机制"}


def test_parallel_phrases_need_an_edge_and_one_length():
    # the left edge is a place, not a verb; and items of unequal length are no formula
    assert names("该县统筹资源、深化共建、评价互促机制。") == set()
    assert names("该县通过统筹资源、深化共驻共建、评价机制推进。") == set()


def test_a_series_of_unquoted_lists_is_a_set_of_programs():
    raw = "今年以来，某市建立社区服务事项清单、负面清单和公益服务供给清单，厘清权责。"
    found = names(raw)
    assert found == {"社区服务事项清单", "公益服务供给清单"}  # 负面清单 is a generic kind


def test_a_single_unquoted_list_is_a_plain_word():
    assert names("社区书记翻开清单，逐条核对。某区梳理共性事项清单30项。") == set()


def test_unquoted_later_mention_of_a_quoted_program():
    raw = "社区与老人达成“灯光约定”。如今，灯光约定已推广到全区，街道打造灯光约定等服务场景。"
    text, cands = programs(raw)
    assert [c.name for c in cands] == ["灯光约定"] * 3
    assert [text[c.start:c.end] for c in cands] == ["“灯光约定”", "灯光约定", "灯光约定"]
    assert cands[2].attr("verb") == "打造"


def test_a_quote_put_as_a_vehicle_is_a_program_but_not_one_put_as_a_goal():
    assert "三色预警" in names("永吉县把“三色预警”作为重要抓手，推动问题整改。")
    assert not names("永吉县将“打造一流环境”作为目标，成立工作专班。")


def test_a_quote_naming_the_theme_of_something_else_is_no_program():
    assert not names("店主说：“我们准备搞一个‘夏日寻味计划’主题打卡，集齐印章就能兑奖。”")
    assert "寻味一条街" in {a for c in programs("镇里推出“寻味一条街”主题活动，带动消费。")[1] for a in (c.name, *c.aliases)}


def test_a_head_after_generic_words_only_is_a_kind_not_a_name():
    assert not names("党员干部下沉一线，在产业基地设立“团队工作室”。")
    assert names("街道设立“红帆工作室”，为居民调解纠纷。") == {"红帆工作室"}


def test_a_gathering_ending_in_hui_is_an_event():
    assert not names("一群年轻干部自主策划的“潮趣汇”活动带动了旅游。")


@pytest.mark.parametrize("raw, name", [
    ("县里推出“三包两免”政策：包吃、住、培训。", "三包两免政策"),
    ("依托“科创金融超市”，园区帮忙对接融资渠道。", "科创金融超市"),
    ("省纪委监委在全省范围内开展涉企执法责任追究专项监督。", "涉企执法责任追究专项监督"),
])
def test_policy_service_brand_and_supervision_campaign_heads(raw, name):
    assert name in names(raw)


def test_a_policy_area_in_quotes_before_policy_is_no_program():
    assert not names("村干部是推动党的“三农”政策落地的重要力量。")


def test_a_campaign_name_may_open_with_two_joined_verbs():
    raw = "树立和践行正确作风观学习教育开展以来，各地持续优化考核。"
    assert names(raw) == {"树立和践行正确作风观学习教育"}
    # 和 after a noun is no part of a name: the campaign starts after it
    assert names("县里围绕党史和群众路线主题教育开展调研。") == {"群众路线主题教育"}


def test_a_designation_conferred_on_a_brand_is_no_program():
    assert not names("2024年，“河湾月嫂”被认定为某市第二批“金字号”劳务品牌。")
    assert "金字号劳务品牌" in names("县里开展“金字号”劳务品牌培育行动。") | {
        a for c in programs("县里打造“金字号”劳务品牌。")[1] for a in (c.name, *c.aliases)}


def test_a_course_and_a_strategic_goal_are_no_programs():
    assert not names("学院邀请专家学者，开设“数字经济与数据安全”等课程。")
    assert not names("市委明确“推进新型工业化、建设制造强市”的战略目标。")
    assert names("市委实施“工业强市”战略，推动转型。") == {"工业强市战略"}


def test_a_quoted_card_or_platform_name_is_a_service():
    assert names("一张“滨河人才卡”，整合了安居、医疗等专属服务。") == {"滨河人才卡"}
    assert names("后来经过“阳光廉拍”平台公开招标，租金翻了一番。") == {"阳光廉拍"}
    assert not names("他们每天“打卡”上班。")


def test_a_name_joining_another_program_with_plus_is_that_program():
    raw = "社区着力打造“党员服务积分卡+一居一品”，通过“党员服务积分卡”激励党员。"
    cands = programs(raw)[1]
    assert {c.name for c in cands} == {"党员服务积分卡"}
    assert "党员服务积分卡+一居一品" in cands[0].aliases


def test_counted_quoted_names_are_programs():
    # a count, a measure word, more words and a list or method head: a numbered program
    assert "三张清单" in names("某县梳理需求、资源、项目“三张清单”，推动部门整理服务清单。")
    assert "五步议事法" in names("某镇党委总结出“五步议事法”，推动问题就地解决。")
    # must not match: a short form of laws (“两法”) is no method
    assert not names("修改后的两部组织法（以下简称“两法”）正式施行，要推动“两法”落地。")


def test_series_of_lists_named_after_it_is_one_program():
    got = names("某市明确服务需求清单、党组织职责清单、工作举措清单等“三张清单”。")
    assert got == {"三张清单"}
    # must not match: a series of lists with no name after it stays a series of programs
    assert "基本服务清单" in names("某社区建立基本服务清单、公益服务清单和便民服务清单。")


def test_verb_after_quote_opens_a_new_clause():
    # “乡贤”开展政策宣讲: 政策 is the object of 开展, no head of the quoted word
    assert not any(n.endswith("政策") for n in names("某县邀请专家、“乡贤”开展政策宣讲与技术培训。"))
    assert "暖心帮扶政策" in names("某县推出“暖心帮扶”政策，惠及困难群众。")


def test_head_inside_a_wider_noun_and_quality_lists():
    assert not names("健全制度体系，筑牢“两法”落地制度框架。")
    assert not names("某县实施先导性、基础性、战略性工程。")
    assert "居民点单、支部派单、党员接单机制" in names("某社区通过居民点单、支部派单、党员接单机制回应诉求。")


def test_a_quote_after_a_rejecting_verb_is_no_program():
    got = names("某县坚决杜绝“盆景工程”，扎实实施“暖心帮扶”工程。")
    assert "暖心帮扶工程" in got
    assert not any("盆景" in n for n in got)
    # must not match only the verb: 不搞 far from the quote leaves it alone
    assert "暖心帮扶工程" in names("某县不搞花架子，持续推行“暖心帮扶工程”。")


def test_quotes_listed_as_ways_of_working_are_no_programs():
    assert not names("某镇干部运用“入户走访”“集中议事”等方式收集民意。")
    # must match: the same list before 等活动 names programs
    assert {"入户走访", "集中议事"} <= names("某镇开展“入户走访”“集中议事”等活动。")


def test_a_named_training_series_is_a_program():
    got = names("某市委组织部开设“城乡讲堂·赋能基层”系列培训，设置六个主题。")
    assert got == {"城乡讲堂·赋能基层系列培训"}
    assert not names("某市开展系列培训，提升干部能力。")


# ------------------------------------------------------------ implements (pipelines.relations)
def test_province_word_stands_for_the_province_named_inside_a_body():
    text = ("某市召开会议。某市推进改革。黑龙江省委组织部副部长张明介绍，近年来，省里选优配强带头人，"
            "开展农村干部素质提升行动。")
    assert implementers(text, "农村干部素质提升行动") == {"黑龙江省"}


def test_bodies_joined_by_a_joint_verb_both_run_the_program():
    text = "吉林市委组织部联合吉林市人社局，开设“江城讲堂·赋能基层”系列培训，设置六大主题。"
    assert implementers(text, "江城讲堂·赋能基层系列培训") == {"吉林市委组织部", "吉林市人社局"}
    # must not match: a body after a plain verb is its object, not a second actor
    text2 = "吉林市委组织部邀请吉林市人社局专家，开设“江城讲堂·赋能基层”系列培训。"
    assert implementers(text2, "江城讲堂·赋能基层系列培训") == {"吉林市委组织部"}


# ------------------------------------------------------------ implements: a subject carried over
def _implements(text):
    from pipelines.nlp import get_nlp
    from pipelines.relations import find_relations, main_actor

    doc = get_nlp()(text)
    cands = doc.user_data["lgkg_candidates"]
    out = find_relations(text, doc.user_data["lgkg_sentences"], cands, main_actor(cands, text))
    return {(f.subject.name, f.object.name) for f in out if f.predicate == "implements"}


def test_a_series_item_continues_a_reference_to_an_earlier_body():
    text = ("山东省某某市通报基层党建情况\n东岭村党支部书记介绍经验。东岭村党支部按照上级要求加强班子建设。\n"
            "村党支部根据党员的实际情况，研究确定学习计划。\n一是组织开展好“红旗夜话”活动，提高党员素质。\n")
    got = _implements(text)
    assert ("东岭村党支部", "红旗夜话") in got
    assert not any(prog == "红旗夜话" and actor != "东岭村党支部" for actor, prog in got)


def test_a_sentence_opening_with_we_is_no_item_to_pass_over():
    text = ("山东省某某市通报基层党建情况\n北岭社区发挥居民公约的作用，化解矛盾纠纷。"
            "在前期工作基础上，我们将继续开展宣传培训。深入开展“邻里守望”行动，推进自治组织规范化建设。\n")
    got = _implements(text)
    assert ("北岭社区", "邻里守望行动") not in got and ("北岭社区", "邻里守望") not in got


def test_an_adverbial_lead_clause_does_not_hide_the_subject():
    text = ("山东省某某市通报基层党建情况\n东岭村制定村规民约。西岭村开展环境整治。\n"
            "在建设“好制度”上，某镇南岭村为全镇树立了标杆。首先，完善“红旗议事”制度，村里大事都上会研究。\n")
    got = _implements(text)
    assert any(actor == "南岭村" and prog.startswith("红旗议事") for actor, prog in got)
