"""Relations read from an article's mentions: snippets of the seeds."""

from pipelines.nlp import get_nlp
from pipelines.relations import find_relations, main_actor


def facts(text):
    doc = get_nlp()(text)
    cands = doc.user_data["lgkg_candidates"]
    out = find_relations(text, doc.user_data["lgkg_sentences"], cands, main_actor(cands, text))
    return {(f.subject.name, f.predicate, f.object.name if f.object else f.object_name) for f in out}


def test_author_note_gives_every_post_and_the_department():
    text = "推动新时代党的组织路线落地见效\n陈雪松\n要常态化开展“干部周末电视讲坛”等活动。\n（作者：永吉县委常委、组织部长）\n"
    got = facts(text)
    assert ("陈雪松", "holdsPost", "永吉县委") in got
    assert ("陈雪松", "holdsPost", "永吉县委组织部") in got
    assert ("永吉县委组织部", "subOrganizationOf", "永吉县委") in got


def test_subjectless_program_goes_to_the_article_place():
    text = ("永吉县坚持把年轻干部锻炼作为重要工作。永吉县深入推进。吉林省召开会议。\n"
            "要常态化开展“干部周末电视讲坛”等活动。")
    assert ("永吉县", "implements", "干部周末电视讲坛") in facts(text)


def test_headline_actor_is_the_article_actor():
    text = "吉林银行吉林分行纪委：突出监督重点\n本报讯（记者张添奥）聚焦贯彻落实重大决策部署，开展“台账式监督”。"
    assert ("吉林银行吉林分行纪委", "implements", "台账式监督") in facts(text)


def test_a_modifier_place_is_not_the_subject():
    text = "吉林市城市管理行政执法局持续深入开展静态交通综合整治行动，在昌邑区测绘。"
    got = {f for f in facts(text) if f[1] == "implements"}
    assert got == {("吉林市城市管理行政执法局", "implements", "静态交通综合整治行动")}


def test_listed_compounds_are_in_their_community():
    text = "哈达湾街道绿地·筑石红社区位于哈达湾街道西南部，辖绿地国际花都、绿地福林等4个住宅小区。"
    got = facts(text)
    assert ("绿地·筑石红社区", "locatedIn", "哈达湾街道") in got
    assert ("绿地国际花都", "locatedIn", "绿地·筑石红社区") in got
    assert ("绿地福林", "locatedIn", "绿地·筑石红社区") in got


def test_region_is_in_the_country_and_text_chain_defers_to_divisions():
    got = facts("为东北振兴贡献力量，湖北麻城的经验值得借鉴。")
    assert ("东北", "locatedIn", "中国") in got
    assert ("麻城市", "locatedIn", "湖北省") not in got


def test_national_title_needs_the_body_named():
    assert not {f for f in facts("习近平总书记在吉林考察时指出。") if f[1] == "holdsPost"}
    assert ("习近平", "holdsPost", "中共中央") in facts("以习近平同志为核心的党中央。习近平总书记指出。")


# ------------------------------------------------------------ implements: who the actor is
def implementers(text, program):
    return {s for s, p, o in facts(text) if p == "implements" and o == program}


def test_place_word_opening_a_clause_is_that_earlier_place():
    text = "吉林市召开会议。吉林市推进改革。黄榆乡位于永吉县。乡党委书记张三介绍，乡里专门推出“暖心帮办”计划。"
    assert implementers(text, "暖心帮办计划") == {"黄榆乡"}


def test_end_of_an_earlier_name_opening_a_clause_is_that_body():
    text = ("吉林市召开会议。吉林市推进改革。吉林市委书记张三说，市委首先从组织体系破题，"
            "设立永吉县和舒兰市两个试点，构建起“三级联动”治理体系。")
    # 市委 stands for 吉林市委; 永吉县 and 舒兰市 after 设立 are its objects, not subjects
    assert implementers(text, "三级联动治理体系") == {"吉林市委"}


def test_agent_of_a_relative_clause_runs_the_program():
    text = "吉林市召开会议。吉林市推进改革。今年以来，本村村民积极踊跃地参加永吉县委组织的“红色课堂”活动。"
    assert implementers(text, "红色课堂") == {"永吉县委"}


def test_place_framing_a_subjectless_sentence_is_the_actor():
    text = "吉林市召开会议。吉林市推进改革。在永吉县，“民情热线”二十四小时畅通。"
    assert implementers(text, "民情热线") == {"永吉县"}


def test_we_in_a_quotation_is_the_speakers_body():
    text = ("吉林市召开会议。吉林市推进改革。永吉县委组织部副部长张三介绍了情况。"
            "“我们还开通了‘民情热线’，让群众参与监督。”张三说。")
    assert implementers(text, "民情热线") == {"永吉县委组织部"}


def test_title_without_a_body_opening_a_clause_is_held_in_the_place_before():
    text = "在永吉县黄榆乡整村搬迁中，驻村干部张三连夜组织抢运物资。"
    got = {(s, o) for s, p, o in facts(text) if p == "holdsPost"}
    assert got == {("张三", "黄榆乡")}


def test_title_after_other_words_is_not_moved_to_the_place():
    text = "在永吉县整村搬迁中，前来巡检的驻村干部张三连夜组织抢运物资。"
    assert not {f for f in facts(text) if f[1] == "holdsPost"}


# ------------------------------------------------------------ holdsPost: where a post is held
def posts(text):
    return {(s, o) for s, p, o in facts(text) if p == "holdsPost"}


def test_stacked_titles_give_a_post_each():
    text = "会上，永吉县委常委、组织部部长刘明远说，要抓好落实。"
    assert ("刘明远", "永吉县委") in posts(text)
    text = "这两年，青山农机合作社负责人、桦甸市协同发展理事会理事长杨立军牵头成立服务队。"
    assert ("杨立军", "青山农机合作社") in posts(text)


def test_a_title_before_joined_names_covers_each():
    assert posts("在舒兰市平安镇红旗村，驻村干部孙丽华和周文斌挨家挨户走访。") == {
        ("孙丽华", "红旗村"), ("周文斌", "红旗村")}
    assert posts("蛟河市新站镇包保干部吴海涛、郑秀兰等5人住进工地。") == {
        ("吴海涛", "新站镇"), ("郑秀兰", "新站镇")}


def test_a_title_as_predicate_after_shi():
    assert posts("郑玉梅是舒兰市平安镇东兴村党支部书记。") == {("郑玉梅", "东兴村党支部")}
    assert posts("黄丽娟今年30岁，是蛟河市新站镇东兴社区的一名网格员。") == {("黄丽娟", "东兴社区")}
    assert not posts("黄丽娟今年30岁，是蛟河市新站镇东兴社区的一名老党员。")


def test_a_place_title_is_held_in_the_place_even_inside_a_body_name():
    text = "桦甸市东兴社区党委书记邵建华带队走访，网格员许文静记下问题。"
    assert posts(text) == {("邵建华", "东兴社区党委"), ("许文静", "东兴社区")}
    text = "周家村党支部书记王立新找到时任驻村第一书记钱宏伟，商量对策。"
    assert ("钱宏伟", "周家村") in posts(text)
    # a resident is no post; a party secretary is not moved to the place
    assert posts("桦甸市东兴社区党委书记邵建华带队走访，居民许文静记下问题。") == {("邵建华", "东兴社区党委")}


def test_neighbourhood_committee_head_after_a_party_post_is_in_the_community():
    text = "桦甸市东兴社区党总支书记、居委会主任冯晓燕介绍了情况。"
    assert posts(text) == {("冯晓燕", "东兴社区党总支"), ("冯晓燕", "东兴社区")}


def test_a_word_ending_an_earlier_company_name_stands_for_it():
    text = "桦甸市红光农业有限公司落户桦甸市。公司副总经理韩志强说，环境很好。"
    assert posts(text) == {("韩志强", "桦甸市红光农业有限公司")}


def test_a_bracketed_short_name_between_company_and_title_is_skipped():
    text = "桦甸市红光农业有限公司（以下简称“红光公司”）技术员黄志刚正在育苗。"
    assert posts(text) == {("黄志刚", "桦甸市红光农业有限公司")}


def test_a_post_role_needs_its_body_right_before():
    assert posts("桦甸市民政局工作人员邱小梅介绍，今年已发放补贴。") == {("邱小梅", "桦甸市民政局")}
    assert not posts("记者来到桦甸市东兴社区，工作人员邱小梅介绍，今年已发放补贴。")


def test_a_section_or_qualifier_between_body_and_title_keeps_the_post_in_the_body():
    assert posts("桦甸市民政局社会救助科科长邱小梅介绍，今年已发放补贴。") == {("邱小梅", "桦甸市民政局")}
    assert posts("”桦甸市民政局社会救助科有关负责人邱小梅说。") == {("邱小梅", "桦甸市民政局")}
    assert posts("永吉县委组织部干部一处副处长刘明远说，要抓好落实。") == {("刘明远", "永吉县委组织部")}
    assert posts("永吉县委组织部分管日常工作的副部长刘明远说，要抓好落实。") == {("刘明远", "永吉县委组织部")}
    # other words than a section are no part of the post
    assert not posts("桦甸市民政局联系的企业负责人邱小梅说，今年已发放补贴。")


def test_a_department_after_a_standing_committee_title_is_that_department_when_named():
    text = "永吉县委组织部召开会议。永吉县委常委、组织部部长刘明远说，要抓好落实。"
    assert {("刘明远", "永吉县委组织部"), ("刘明远", "永吉县委")} <= posts(text)
    # not named in the article: no department is made up
    assert ("刘明远", "永吉县委组织部") not in posts("会上，永吉县委常委、组织部部长刘明远说，要抓好落实。")


def test_a_title_after_the_name_is_held_in_the_body_right_before_the_name():
    assert posts("吉林大学张明教授团队发起这项研究。") == {("张明", "吉林大学")}
    assert not posts("在桦甸市，张明教授团队发起这项研究。")


def test_a_place_after_a_company_name_is_its_branch():
    assert posts("桦甸市红光农业有限公司长春副总经理韩志强说，环境很好。") == {("韩志强", "桦甸市红光农业有限公司")}
    assert posts("长春市副市长韩志强说，环境很好。") == {("韩志强", "长春市")}


def test_a_mayor_is_held_in_the_city_not_its_party_committee_nor_a_district():
    assert posts("长春市委副书记、市长韩志强主持会议。") == {("韩志强", "长春市委"), ("韩志强", "长春市")}
    assert posts("在长春市朝阳区，市长韩志强主持会议。") == {("韩志强", "长春市")}


def test_a_short_body_word_in_the_title_stands_for_the_body_named_earlier():
    text = "桦甸市东兴村党总支组织村民修路。道路修好了。村党总支书记王立新说，大家很满意。"
    assert posts(text) == {("王立新", "东兴村党总支")}
    # another village named in between: the word may stand for its body, not the earlier one
    text = "桦甸市东兴村党总支组织村民修路。桦甸市红旗村也动了起来。村党总支书记王立新说，大家很满意。"
    assert ("王立新", "东兴村党总支") not in posts(text)


def test_a_title_opening_with_a_body_word_after_a_stacked_title():
    text = "桦甸市东兴村村委会召开会议。”村党委书记、村委会主任刘明远最后发言。"
    assert posts(text) == {("刘明远", "东兴村村委会")}
    text = "桦甸市东兴村村委会召开会议。桦甸市红旗村也来了。”村党委书记、村委会主任刘明远最后发言。"
    assert ("刘明远", "东兴村村委会") not in posts(text)


def test_a_clause_boundary_separates_a_body_from_the_title_after_it():
    assert not posts("在桦甸市东兴社区服务中心，村党委书记王立新正在介绍。") & {("王立新", "桦甸市东兴社区服务中心")}
    assert posts("在桦甸市东兴社区服务中心，村党委书记王立新正在介绍。") <= {("王立新", "东兴社区")}


def test_a_predicate_post_after_a_verb_of_election():
    assert posts("今年初，刘明远当选舒兰市平安镇东兴村党支部书记。") == {("刘明远", "东兴村党支部")}
    assert not posts("今年初，刘明远当选舒兰市平安镇东兴村的优秀党员。")


def test_based_in_the_innermost_of_places_written_together():
    got = {(s, o) for s, p, o in facts("长春市九台区红光农业有限公司落户当地。") if p == "basedIn"}
    assert got == {("长春市九台区红光农业有限公司", "九台区")}


def test_the_lowest_place_of_a_chain_opening_the_sentence_is_the_actor():
    text = "吉林市召开会议。吉林市推进改革。吉林省吉林市永吉县口前镇开展“邻里守望”活动。"
    assert implementers(text, "邻里守望") == {"口前镇"}


def test_a_subjectless_sentence_continues_the_subject_before_it_in_its_paragraph():
    text = ("吉林市召开会议。吉林市推进改革。\n"
            "口前镇通过技术辅导引导农户增收。特别是创新推出“万元增收”共富计划。")
    assert implementers(text, "万元增收共富计划") == {"口前镇"}


def test_no_continuation_across_paragraphs_or_from_a_listed_item():
    other_paragraph = ("吉林市召开会议。吉林市推进改革。\n口前镇通过技术辅导引导农户增收。\n"
                       "特别是创新推出“万元增收”共富计划。")
    assert implementers(other_paragraph, "万元增收共富计划") == {"吉林市"}
    listed = "吉林市召开会议。吉林市推进改革。\n口前镇、黄榆乡等地开展党史教育。要常态化开展“周末讲堂”等活动。"
    assert implementers(listed, "周末讲堂") == {"吉林市"}


def test_a_verb_of_an_earlier_clause_does_not_hide_the_subject_after_it():
    text = ("吉林市召开会议。吉林市推进改革。白沙村党委书记王明介绍了情况。"
            "旧改启动以来，村党委以“三方议事会”为纽带，化解矛盾。")
    assert implementers(text, "三方议事会") == {"白沙村党委"}


def test_actors_written_side_by_side_each_run_the_program():
    text = "吉林市召开会议。吉林市推进改革。永吉县、舒兰市、磐石市等地将各级单位全部纳入“阳光监督”平台管理。"
    assert implementers(text, "阳光监督") == {"永吉县", "舒兰市", "磐石市"}
    alone = "吉林市召开会议。吉林市推进改革。永吉县到舒兰市考察后，将单位纳入“阳光监督”平台管理。"
    assert implementers(alone, "阳光监督") == {"永吉县"}


def test_a_program_under_way_as_its_clause_subject_has_no_actor():
    text = "吉林市召开会议。吉林市推进改革。此外，随着“乡村干部素质提升行动”的推进，更多培训资源下沉到基层。"
    assert implementers(text, "乡村干部素质提升行动") == set()
    text = "吉林市召开会议。吉林市推进改革。“乡村干部素质提升行动”成效明显，培训资源下沉到基层。"
    assert implementers(text, "乡村干部素质提升行动") == {"吉林市"}


def test_a_program_whose_actor_is_stated_gets_no_fallback_elsewhere():
    text = ("吉林市召开会议。吉林市推进改革。永吉县纪委监委搭建“阳光廉拍”平台，规范资产交易。"
            "后来经过“阳光廉拍”平台公开招标，租金翻了一番。")
    assert implementers(text, "阳光廉拍") == {"永吉县纪委监委"}


def test_a_kind_of_body_opening_a_clause_is_the_earlier_body_named_so():
    text = ("吉林市召开会议。吉林市推进改革。2025年，永吉县成立永吉护工产业基地运营有限公司。"
            "为解决住宿难题，基地在市区开设了“护工驿站”，提供免费住宿。")
    assert implementers(text, "护工驿站") == {"永吉护工产业基地运营有限公司"}


def test_the_district_word_opening_a_clause_is_the_latest_district():
    text = "吉林市召开会议。吉林市推进改革。船营区位于吉林市。2025年以来，该区在8个产业实施“项目经理人”制度。"
    assert implementers(text, "项目经理人制度") == {"船营区"}


def test_a_body_whose_official_speaks_is_not_the_next_sentences_subject():
    text = ("吉林市召开会议。吉林市推进改革。\n"
            "永吉县营商环境建设局副局长张三坦言，决心让偿还旧账有了底气。而“阳光监督”机制的落地，提供了抓手。")
    assert implementers(text, "阳光监督机制") == {"吉林市"}
    spoken_for = text.replace("副局长张三坦言，", "")
    assert implementers(spoken_for, "阳光监督机制") == {"永吉县营商环境建设局"}


def test_leading_adverbial_clause_does_not_hide_the_subject_continued():
    text = ("某区简讯\n除了设有托育中心，新城社区党群服务中心还牢牢把握服务方向，不断提升服务效能。"
            "开展“敲门行动”等活动，提供便民服务。")
    got = {f for f in facts(text) if f[1] == "implements"}
    assert ("新城社区党群服务中心", "implements", "敲门行动") in got
    # must not match: a leading clause that names an actor of its own keeps the old reading
    text2 = ("某区简讯\n在新城社区的帮助下，红星社区党群服务中心还提升了服务效能。"
             "开展“敲门行动”等活动，提供便民服务。")
    got2 = {f for f in facts(text2) if f[1] == "implements"}
    assert ("红星社区党群服务中心", "implements", "敲门行动") not in got2


def test_a_predicate_post_after_an_adverb_and_each_title_of_a_list():
    text = "桦甸市民政局局长邱小梅，同时担任桦甸市医疗保障局局长，她介绍了情况。"
    assert posts(text) == {("邱小梅", "桦甸市民政局"), ("邱小梅", "桦甸市医疗保障局")}
    text = "“路修好了。”王立新说。2021年，王立新经推荐选举担任东兴村党总支书记、村委会主任。"
    assert ("王立新", "东兴村党总支") in posts(text)
    # a verb far from the name, after a clause boundary of its own, opens no post
    assert not posts("王立新说，他希望儿子将来担任村党总支书记。")


def test_a_short_party_body_word_and_a_body_named_later():
    text = "桦甸市东兴村党支部组织村民修路。修路期间，村支部书记王立新带头出工。"
    assert posts(text) == {("王立新", "东兴村党支部")}
    text = "桦甸市东兴村发展很快。村党支部书记王立新说，大家很满意。如今，东兴村党支部更有号召力。"
    assert posts(text) == {("王立新", "东兴村党支部")}
    # the body the place and the word would name is not in the article: no post is made up
    assert not posts("桦甸市东兴村发展很快。村党支部书记王立新说，大家很满意。")


def test_a_bare_level_word_before_a_title_is_the_place_named_before():
    text = "桦甸市东兴社区开展活动。居民握着社区企服专员邱小梅的手连连道谢。"
    assert posts(text) == {("邱小梅", "东兴社区")}
    # the words after it name a body of the place: the post is in that body, not the place
    assert ("邱小梅", "东兴社区") not in posts("桦甸市东兴社区开展活动。居民握着社区党委书记邱小梅的手连连道谢。")


def test_a_head_of_government_with_no_place_in_the_sentence_is_in_the_place_named_before():
    text = "吉林省出台新政。2020年6月10日，副省长韩志强同志到桦甸市调研考察。"
    assert ("韩志强", "吉林省") in posts(text)
    assert not posts("2020年6月10日，副省长韩志强同志到桦甸市调研考察。")


def test_a_deputy_to_a_peoples_congress_stacked_before_another_title():
    text = "今年两会，全国人大代表、桦甸市红光农业有限公司董事长韩志强分享了故事。"
    assert posts(text) == {("韩志强", "全国人大"), ("韩志强", "桦甸市红光农业有限公司")}


def test_a_title_stacked_before_a_role():
    text = "在桦甸市东兴社区，社区第二网格长、党员王立新每天上街走走看看。"
    assert posts(text) == {("王立新", "东兴社区")}
    assert not posts("在桦甸市东兴社区，居民、党员王立新每天上街走走看看。")


def test_a_company_department_between_body_and_title_keeps_the_post_in_the_body():
    text = "桦甸市红光农业有限公司规划部副总经理韩志强介绍，公司发展很快。"
    assert posts(text) == {("韩志强", "桦甸市红光农业有限公司")}
    # a party committee's department is a body of its own, not a section of the committee
    assert ("韩志强", "永吉县委") not in posts("永吉县委宣传部部长韩志强介绍，发展很快。")


def test_a_body_leading_an_article_about_its_place_is_the_fallback_actor():
    text = ("本报讯（记者张三）今年以来，永吉县纪委监委以党建工作为总抓手，筑牢防线。\n"
            "永吉县纪委监委通过常委会会议传达通知要求。\n"
            "强化组织建设，在清明节开展“缅怀先烈”主题党日活动。")
    assert implementers(text, "缅怀先烈主题党日活动") == {"永吉县纪委监委"}
    # must not match: a place opening more sentences than its body stays the article's actor
    place_led = ("本报讯（记者张三）今年以来，永吉县纪委监委以党建工作为总抓手，筑牢防线。\n"
                 "永吉县推进改革。永吉县召开会议。永吉县建设新区。\n"
                 "强化组织建设，在清明节开展“缅怀先烈”主题党日活动。")
    assert implementers(place_led, "缅怀先烈主题党日活动") == {"永吉县"}
    # nor a body that does not lead the article
    late = ("学习贯彻重要讲话精神是当前的首要任务。全县上下形成共识。\n"
            "永吉县纪委监委通过常委会会议传达通知要求。\n"
            "强化组织建设，在清明节开展“缅怀先烈”主题党日活动。")
    assert implementers(late, "缅怀先烈主题党日活动") == {"永吉县"}


def test_a_date_opening_the_sentence_before_does_not_hide_its_subject():
    text = ("吉林市召开会议。吉林市推进改革。\n"
            "7月15日，船营区委组织部召开党建工作推进会。会议对落实“书记一号工程”等重点工作进行安排部署。")
    assert implementers(text, "书记一号工程") == {"船营区委组织部"}
    # must not match: a clause naming something else before the body still blocks it
    other = ("吉林市召开会议。吉林市推进改革。\n"
             "面对新形势，船营区委组织部召开党建工作推进会。会议对落实“书记一号工程”等重点工作进行安排部署。")
    assert implementers(other, "书记一号工程") == {"吉林市"}
