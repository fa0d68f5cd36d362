"""Person recognition (pipelines.people) on short real snippets from the seeds."""

from __future__ import annotations

from pipelines.mentions import Candidate
from pipelines.normalize import normalize
from pipelines.people import find_people
from pipelines.sentences import split_sentences


def people(raw: str) -> tuple[str, list[Candidate]]:
    text = normalize(raw).text
    return text, find_people(text, split_sentences(text))


def names(raw: str) -> list[str]:
    return [c.name for c in people(raw)[1]]


def test_byline_with_several_names() -> None:
    text, found = people("——吉林市五年党建工作综述\n杨楠 本报记者 李婷 姜岸松\n写在前面\n")
    assert [c.name for c in found] == ["杨楠", "李婷", "姜岸松"]
    assert all(c.attr("role") == "author" and c.etype == "Person" for c in found)
    assert all(text[c.start:c.end] == c.name for c in found)


def test_byline_names_written_together() -> None:
    found = people("吉林医药学院政校企合作谱新篇\n本报讯（郭天笑记者丁美佳）今年以来，吉林医药学院党委深入贯彻。")[1]
    assert [(c.name, c.attr("role")) for c in found] == [("郭天笑", "author"), ("丁美佳", "author")]
    assert names("本报讯（记者李婷张添奥）吉林市创建国家公共文化服务体系示范区以来。") == ["李婷", "张添奥"]


def test_photo_credit() -> None:
    found = people("践行司法为民宗旨。\n张黎 摄\n助力党建")[1]
    assert [(c.name, c.attr("role")) for c in found] == [("张黎", "author")]
    assert [c.name for c in people("（张黎 摄）")[1]] == ["张黎"]
    assert names("工程机械可在零下50摄氏度的环境下进行极寒实验。") == []
    assert names("坚持一张蓝图绘到底。") == []


def test_author_note_with_name() -> None:
    found = people("（作者：张三，吉林大学教授）")[1]
    assert [(c.name, c.attr("role")) for c in found] == [("张三", "author")]


def test_magazine_author_on_its_own_line() -> None:
    raw = "学而深思 学而力行\n不断开创组织工作新局面\n陈国辉\n质专业化干部队伍。\n（作者：蛟河市委常委、组织部长）"
    text, found = people(raw)
    (c,) = found
    assert (c.name, c.attr("role"), c.attr("title")) == ("陈国辉", "author", "常委")
    assert [v for k, v in c.attrs if k == "title"] == ["常委", "部长"]
    assert text[int(c.attr("title_start")):].startswith("常委")


def test_title_before_name_and_speech_verb() -> None:
    text, found = people("“我们专门制定了工作方案。”梨树县委组织部副 部长田昭一说。")
    (c,) = found
    assert (c.name, c.attr("title")) == ("田昭一", "副部长")
    assert text[int(c.attr("title_start")):c.start] == "副部长"
    (c,) = people("丰满区红旗街道榆树村驻村第一书记李文博在榆树村帮助村民。")[1]
    assert (c.name, c.attr("title")) == ("李文博", "驻村第一书记")
    (c,) = people("“红色物业”开得好。”鸿博家园社区党委书记宫平说。")[1]
    assert (c.name, c.attr("title")) == ("宫平", "党委书记")


def test_role_noun_and_speech_verb() -> None:
    assert names("参与交流的年轻干部毕盈表示：“将珍惜这一宝贵平台。”") == ["毕盈"]
    assert names("化纤社区居民佟影，系大安来吉林打工的家属。") == ["佟影"]


def test_title_after_name() -> None:
    (c,) = people("“高质量发展需要高质量党建来引领。”习近平总书记的话振聋发聩。")[1]
    assert (c.name, c.attr("title")) == ("习近平", "总书记")
    assert names("自觉在思想上政治上行动上同以习近平同志为核心的党中央保持高度一致。") == ["习近平"]
    assert names("始终坚持以习近平新时代中国特色社会主义思想为指引。") == []


def test_courtesy_forms_rejected() -> None:
    assert names("旅居海南的抚松籍党员王先生感慨地说：“现在通过视频就能参加组织生活。”") == []
    assert names("正在健身的鲁女士眼看着。小杨书记消费帮扶。残疾人李某、王某某就业。") == []


def test_editor_header() -> None:
    found = people("2025年11月27日 星期四 编辑 张蕊 杨慧\n高质量发展新答卷·特别报道\n")[1]
    assert [(c.name, c.attr("role")) for c in found] == [("张蕊", "editor"), ("杨慧", "editor")]


def test_list_of_names_and_later_mentions() -> None:
    assert names("组织开展宣传黄大年、郑德荣等先进事迹活动。") == ["黄大年", "郑德荣"]
    found = names("老党员刘金库说。\n刘金库是村里的老支书。")
    assert found == ["刘金库", "刘金库"]


def test_words_and_places_are_not_names() -> None:
    assert names("高质量发展需要高质量党建来引领。《黄大年》演出剧照。") == []
    assert names("村党支部书记全覆盖。辖白塘镇双福村、陈桥村等4个行政村。") == []


def test_well_known_name_after_a_state_title() -> None:
    # jieba's dictionary lists famous names as frequent words; a title vouches for the person
    found = people("国务院总理朱镕基主持召开常务会议。")[1]
    assert [(c.name, c.attr("title")) for c in found] == [("朱镕基", "总理")]
    # ... but a dictionary object noun jieba happens to tag as a name stays out
    assert names("为老党员颁发“光荣在党50年”纪念章。") == []
    assert names("群众有事做到马上找、马上办。") == []


def test_foreign_name_after_a_title_or_before_a_speech_verb() -> None:
    found = people("美国总统克林顿表示欢迎。")[1]
    assert [(c.name, c.attr("title")) for c in found] == [("克林顿", "总统")]
    assert names("白俄罗斯外长卡拉什尼科夫在新闻发布会上说。") == ["卡拉什尼科夫"]
    assert names("村民买买提·吐尔逊说：“今年收成好。”") == ["买买提·吐尔逊"]
    assert names("美国前总统访问亚洲。") == []


def test_tibetan_names() -> None:
    assert names("驻村干部格桑卓玛和次仁旺姆一起走访农户。") == ["格桑卓玛", "次仁旺姆"]
    found = people("德林村党支部书记扎西说，今年新房全部完工。扎西的心里很踏实。")[1]
    assert [c.name for c in found] == ["扎西", "扎西"]
    assert found[0].attr("title") == "村党支部书记"
    assert names("村里的格桑花开了。") == []


def test_inline_dateline_byline() -> None:
    found = people("本报拉萨6月3日电记者王晓明、李华报道：今年以来，拉萨市持续推进。")[1]
    assert [(c.name, c.attr("role")) for c in found] == [("王晓明", "author"), ("李华", "author")]


def test_an_ordinal_is_no_given_name() -> None:
    # 任 is the verb "serve as" here, not the surname
    assert names("由街道党工委副书记任第一召集人，每月召开一次会议。") == []


def test_name_between_a_title_and_a_speech_verb_needs_no_listed_surname() -> None:
    assert names("区委社会工作部副部长厚珊珊说，社区与职能部门要协同。") == ["厚珊珊"]
    assert names("镇党委书记表示，今年要办好十件实事。") == []


def test_cheng_with_a_colon_or_comma_is_a_speech_verb() -> None:
    assert names("会上，张建国称，今年要办好十件实事。") == ["张建国"]
    assert names("这里被称为“小江南”。") == []


def titles(raw: str) -> dict[str, list[str]]:
    return {c.name: [v for k, v in c.attrs if k == "title"] for c in people(raw)[1]}


def test_stacked_titles_are_all_kept() -> None:
    got = titles("会上，永吉县委常委、组织部部长刘明远说，要抓好落实。")
    assert set(got["刘明远"]) == {"部长", "常委"}
    got = titles("这两年，青山农机合作社负责人、协同发展理事会理事长杨立军牵头成立服务队。")
    assert set(got["杨立军"]) == {"理事长", "负责人"}
    # a name before the 、 ends the stack: 书记甲、副书记乙
    got = titles("镇党委书记王立新、副书记钱宏伟参加会议。")
    assert got["钱宏伟"] == ["副书记"]


def test_title_before_joined_names_is_shared() -> None:
    got = titles("驻村干部孙丽华和周文斌挨家挨户走访。")
    assert got == {"孙丽华": ["驻村干部"], "周文斌": ["驻村干部"]}
    got = titles("镇党委书记王立新和村民李秀英说了几句。")
    assert got["李秀英"] == []


def test_predicate_title_after_shi() -> None:
    assert titles("郑玉梅是平安镇东兴村党支部书记。")["郑玉梅"] == ["村党支部书记"]
    assert titles("郑玉梅说，是党支部书记带的头。")["郑玉梅"] == []


def test_post_role_is_kept_as_a_title() -> None:
    assert titles("桦甸市民政局工作人员邱小梅介绍，今年已发放补贴。")["邱小梅"] == ["工作人员"]
    assert titles("桦甸市东兴社区居民邱小梅说，变化很大。")["邱小梅"] == []
    assert titles("桦甸市民政局干部邱小梅说，今年已发放补贴。")["邱小梅"] == ["干部"]
    assert titles("会上，年轻干部邱小梅说，变化很大。").get("邱小梅", []) == []


def test_a_later_name_found_again_keeps_a_post_giving_role_before_it() -> None:
    got = people("桦甸市科技局干部倪文博随身携带笔记本电脑。“这样方便。”倪文博说。")[1]
    assert [v for k, v in got[0].attrs if k == "title"] == ["干部"]
    got = people("桦甸市东兴社区居民倪文博随身携带笔记本电脑。“这样方便。”倪文博说。")[1]
    assert [v for k, v in got[0].attrs if k == "title"] == []


def test_predicate_title_after_a_verb_of_election() -> None:
    assert titles("今年初，刘明远当选平安镇东兴村党支部书记。")["刘明远"] == ["村党支部书记"]
    assert titles("刘明远担任东兴村党支部书记以来，村里变化很大。").get("刘明远", []) == []  # no clause end after the title
    assert titles("刘明远说，当选的村党支部书记要带头。")["刘明远"] == []


def test_name_opening_the_text_is_read() -> None:
    # an empty slice before position 0 is no opening quote
    assert names("林晓蔚凭着一股韧劲，每天只睡6小时。") == ["林晓蔚"]


def test_transliterated_name_jieba_reads_whole_before_a_particle() -> None:
    found = names("，布拉特的支持者认为他会当选。")
    assert found == ["布拉特"]


def test_dotted_foreign_name_ends_where_its_sound_characters_do() -> None:
    assert names("总统马里斯·范德博斯今天结束对厦门的访问。") == ["马里斯·范德博斯"]
    assert names("基金会主席安德烈斯·霍博登在年会上表示。") == ["安德烈斯·霍博登"]
    assert names("村民艾力亚尔·库尔斑说：“今年收成好。”") == ["艾力亚尔·库尔斑"]


def test_adverb_before_a_speech_verb_is_no_name() -> None:
    assert names("总理满意地说，两国关系很好。") == []


def test_two_character_dictionary_name_before_tongzhi() -> None:
    assert names("彭真同志曾经讲过这个道理。") == ["彭真"]
    assert names("文明同志们好。") == []


def test_time_word_or_everyday_word_is_no_name_head() -> None:
    assert names("总理周三晚表示，这份协定十分重要。") == []
    assert names("他在当晚发表的谈话中说，要稳定物价。") == []


def test_a_credited_name_with_an_unlisted_surname() -> None:
    found = people("本报讯（记者祖文涛）近日，社区开展活动。")[1]
    assert [(c.name, c.attr("role")) for c in found] == [("祖文涛", "author")]
    found = people("村干部在为村民办理业务。\n乌力更摄\n")[1]
    assert [(c.name, c.attr("role")) for c in found] == [("乌力更", "author")]
    # not a name: a function character, a word jieba knows, or a longer run
    assert names("本报讯（记者在现场）近日。") == []
    assert names("本报讯（记者来到现场）近日。") == []
    assert names("会场一角摄\n") == []


def test_names_alone_on_the_line_under_a_heading_are_authors() -> None:
    found = people("擦亮党性鉴别火眼金睛\n王文彬 李娜\n习近平总书记指出。")[1]
    assert [(c.name, c.attr("role")) for c in found if c.attr("role")] == [("王文彬", "author"), ("李娜", "author")]
    assert names("破解难题\n破难题 树导向\n正文说明。") == []


def test_convener_is_a_title_and_a_quoted_name_does_not_stop_stacked_titles() -> None:
    got = titles("华亭镇党委书记、“共富桂”片区召集人许志勇介绍，片区实施计划。")
    assert "召集人" in got["许志勇"] and "党委书记" in got["许志勇"]


# ------------------------------------------------------------ posts read from the titles (made-up sentences)
def holds(text: str) -> set[tuple[str, str, str]]:
    from pipelines.nlp import get_nlp
    from pipelines.relations import find_relations, main_actor

    doc = get_nlp()(text)
    cands = doc.user_data["lgkg_candidates"]
    out = find_relations(text, doc.user_data["lgkg_sentences"], cands, main_actor(cands, text))
    return {(f.subject.name, f.object.name, f.title or "") for f in out if f.predicate == "holdsPost" and f.object}


def test_a_rarer_dictionary_name_after_a_title_or_role_is_a_name() -> None:
    assert titles("市文旅局副局长孙悦站在展台前，介绍新产品。") == {"孙悦": ["副局长"]}
    assert names("那一天，村里老党员何振东就在现场。") == ["何振东"]
    # the same dictionary words with no title or role before them stay words
    assert names("社区按照民主协商、楼宇自治的原则共管共用。") == []
    assert names("孙悦站在展台前。") == []


def test_a_title_cut_by_a_line_break_is_read_across_it() -> None:
    text, found = people("“这是我们最需要的！”星河青少年服务中心负\n责人孙悦说。")
    person = next(c for c in found if c.name == "孙悦")
    assert person.attr("title") == "负责人"
    assert text[int(person.attr("title_start"))] == "负"
    # a line break between paragraphs cuts no title: 中心 ends one, 负责 is no title
    assert titles("“这是我们最需要的！”星河服务中心\n孙悦说。").get("孙悦", []) == []


def test_a_committee_member_title_stacks_with_the_next() -> None:
    got = titles("红旗村党支部委员、妇女主任周海燕是村民口中的热心人。")
    assert set(got["周海燕"]) == {"委员", "妇女主任"}


def test_a_unit_title_stacked_after_its_party_body_title_is_held_in_the_unit() -> None:
    got = holds("在星河产业发展集团有限公司党委书记、董事长孙悦看来，投资要稳。")
    assert ("孙悦", "星河产业发展集团有限公司", "董事长") in got
    assert ("孙悦", "星河产业发展集团有限公司党委", "党委书记") in got
    assert ("孙悦", "星河产业发展集团有限公司党委", "董事长") not in got
    # a party title stacked after it stays in the party body
    got = holds("星河医院党委书记、副书记孙悦说。")
    assert ("孙悦", "星河医院党委", "副书记") in got and ("孙悦", "星河医院", "副书记") not in got


# ------------------------------------------------------------ round 6: foreign and dictionary names, posts in a next clause
def test_a_foreign_name_starts_where_a_title_inside_a_sound_run_ends() -> None:
    # 理 of 总理 is a sound character too: the name starts after the title
    assert titles("比利时总理德哈斯潘在新闻发布会上表示支持。") == {"德哈斯潘": ["总理"]}
    # a run after a title that holds an everyday word is no name (考察 + 吉林)
    assert names("习近平总书记考察吉林时强调。") == ["习近平"]


def test_a_foreign_name_before_a_title_after_a_boundary() -> None:
    assert "克林顿" in names("借这次出行，克林顿总统能够向各国听众说明。")
    assert names("通过这次访问，法国总统可以向人民介绍。") == []


def test_a_frequent_dictionary_name_standing_in_a_clause() -> None:
    assert names("会后，邓小平在这里视察了农场。") == ["邓小平"]
    # dictionary words jieba tags as names but that are weather or places stay words
    assert names("明天华北北部部分地区有小雨。") == []
    assert names("往北不远，就是毛乌素。") == []


def test_a_post_in_the_next_clause_opened_by_a_post_verb() -> None:
    got = titles("王建军曾任星河经济合作区管委会主任，兼任红旗镇党委书记。")
    assert got["王建军"] == ["主任", "党委书记"]
    # a clause that opens with another verb adds no post
    assert titles("王建军曾任星河经济合作区管委会主任，带领群众修路。")["王建军"] == ["主任"]


# ------------------------------------------------------------ round 7: general news contexts
def test_a_titled_name_before_a_time_word() -> None:
    assert titles("商务部发言人周立新今天在新闻发布会上表示。") == {"周立新": ["发言人"]}
    assert titles("市长刘明远23日说，项目进展顺利。") == {"刘明远": ["市长"]}
    # a dictionary name after a title is a name even where its first two characters make a word (温家|宝)
    assert names("副总理温家宝上午在中南海接见了各国来宾。") == ["温家宝"]
    # a time word after a surname and one character makes no name without a title
    assert names("全市今天召开大会。") == []


def test_military_ranks_and_foreign_offices_as_titles() -> None:
    assert titles("仪式上，赵立军少将致辞。") == {"赵立军": ["少将"]}
    assert names("英国外交大臣科尔布里特22日在当地表示。") == ["科尔布里特"]
    assert names("美国国务院今天发表声明。") == []


def test_a_role_noun_vouches_for_a_foreign_name() -> None:
    assert names("海港队的阿根廷外援萨洛斯攻入一球。") == ["萨洛斯"]
    assert names("由9号科拉斯跟进再补一脚。") == ["科拉斯"]
    # a number before a facility is no player
    assert names("他住在5号楼，乘坐3号线上班。") == []


def test_a_full_name_before_a_courtesy_word() -> None:
    assert names("赵文轩和孙德均先生合编了一本书。") == ["赵文轩", "孙德均"]  # 赵文轩: the partner of a person
    assert names("萨奥女士耐心解释说。") == ["萨奥"]
    # a surname before a courtesy word is a courtesy form, not a name (the guide)
    assert names("王先生说，李女士也来了。") == []


def test_a_dictionary_name_before_its_doctrine() -> None:
    assert names("党员们正在系统学习邓小平理论。") == ["邓小平"]
    assert names("各支部把邓小平党建理论落到日常工作中。") == ["邓小平"]
    # a foreign thinker jieba does not join to the noun is left alone (马克思|理论)
    assert names("干部要掌握马克思理论武器。") == []


def test_a_foreign_name_jieba_reads_as_a_name_opening_a_clause() -> None:
    assert names("纳巴查5日晚因病在家中去世。") == ["纳巴查"]
    assert names("瑙曼是在巴塞罗那举行的会议上说的。")[:1] == ["瑙曼"]
    # a sound-character word jieba mistakes for a name after 的 stays a word
    assert names("这段铁路的路基是用砂石填筑的。") == []
    # a quoted run is a product or craft, not a person
    assert names("“卡西米”号探测器是前年发射的。") == []


def test_a_dotted_name_after_a_title_replaces_its_part_read_alone() -> None:
    assert names("联合国某署执行主任保罗·德拉恩在闭幕式上讲话。") == ["保罗·德拉恩"]
    # the sound characters stop where jieba ends the name (罗南|希望)
    assert names("联合国某机构总干事马克·罗南希望会谈顺利。") == ["马克·罗南"]


def test_a_party_word_after_a_name() -> None:
    assert names("宾格曼一行是应邀来访的。") == ["宾格曼"]
    assert names("，王建国等人参加了会议。") == ["王建国"]
    assert names("，调研组一行来到村里。") == []


def test_a_surname_and_one_character_between_two_titles_is_no_name() -> None:
    assert names("以农林水产部长官为团长的考察团昨天抵达。") == []


def test_the_next_name_of_a_reporters_list_with_an_unlisted_surname() -> None:
    got = people("本报北京5月3日电记者刘志强、果永新报道：会议今天召开。")[1]
    assert [(c.name, c.attr("role")) for c in got] == [("刘志强", "author"), ("果永新", "author")]
    # a list of things after the byline is no name list
    assert names("本报北京5月3日电记者刘志强报道：果树、蔬菜长势良好。") == ["刘志强"]


def test_a_jieba_name_standing_alone_in_its_clause() -> None:
    assert names("张伟，红星机械厂厂长，今年五十岁。") == ["张伟"]
    # a quoted brand or an item of a 、 list is no such name
    assert names("“夏利”车在市区很常见。") == []
    assert names("宝成、侯月、南昆三条铁路线。") == []


def test_an_occupation_or_sports_role_before_a_name() -> None:
    assert names("美国科学家爱因斯坦提出了相对论。") == ["爱因斯坦"]
    assert names("奥运会冠军王建国今天来到学校。") == ["王建国"]
    assert names("比赛冠军队伍今天返回。") == []


def test_a_photo_credit_is_not_swallowed_by_a_longer_reading() -> None:
    found = people("机房外景。\n刘  向摄（新华社）\n")[1]
    assert [(c.name, c.attr("role")) for c in found] == [("刘向", "author")]


def test_a_courtesy_word_after_a_foreign_name_inside_a_clause() -> None:
    assert names("我们祝贺史密斯先生当选主席。") == ["史密斯"]
    assert names("我们感谢各位先生的到来。") == []


def test_japanese_names() -> None:
    assert names("日本外相小渊惠三今天表示，将继续推进改革。") == ["小渊惠三"]
    assert names("，田中角荣说，") == ["田中角荣"]
    # the family name alone once the document names the full name
    assert names("据报道，首相中村健一今天抵达。中村还表示，日本将加快推进结构改革。") == ["中村健一", "中村"]
    assert names("这次冬运会设有短道速滑、高山滑雪和冰壶等项目。") == []  # an everyday word after a family name
    assert names("中山大学是一所综合大学。") == []


def test_dictionary_name_with_other_tag_before_title() -> None:
    assert names("，周恩来总理当年曾到这里视察。") == ["周恩来"]  # jieba tags it t
    assert names("局长高质量完成了任务。") == []


def test_partner_of_a_person() -> None:
    assert names("副总理李明远与王建国今天会见了代表团。") == ["李明远", "王建国"]
    assert names("，王志明和李建国先生出席了仪式。") == ["王志明", "李建国"]
    assert names("部长李建国和中国代表团一同抵达。") == ["李建国"]
    assert names("厂主张建华、刘明远二人心里着急。") == ["张建华", "刘明远"]


def test_go_ranks_and_nationals() -> None:
    assert names("，聂明远九段执黑中盘胜王晓东六段。") == ["聂明远", "王晓东"]
    assert names("这一段时间里，他很忙。") == []
    assert names("美国的约翰逊则以10秒排名第二。") == ["约翰逊"]
    assert names("英国的约·哈里森，在决赛中夺冠。") == ["约·哈里森"]  # an initial before the dot
    assert names("美国的加利福尼亚州发生地震。") == []
    assert names("美国的波音公司宣布裁员。") == []
    # jieba glues the next character to the name (佩雷罗各|为)
    assert names("海鸥队的巴西外援佩雷罗各为本队攻入一球。") == ["佩雷罗"]
    assert names("他在研究生班毕业后回国。") == []


def test_transliterated_name_grows_over_its_pieces() -> None:
    # a Chinese-looking piece (费尔 before a title) is part of a longer transliterated name
    assert names("我在成都见到拉奇费尔教授时，他刚从新疆考察归来。") == ["拉奇费尔"]
    assert names("由比利时人雅克·范德森贝赫出任总裁。") == ["雅克·范德森贝赫"]  # across the middle dot
    # jieba glued the last sound character to the verb or conjunction after it
    assert names("国防部长科捷帕林是上届政府的部长。") == ["科捷帕林"]
    assert names("他在美国的加利福尼亚州工作。") == []


def test_name_token_whose_given_name_is_a_word() -> None:
    assert names("会议在陈亚平的主持下召开。") == ["陈亚平"]  # 亚平 is a word, 陈 only a surname
    assert names("他们在谈朋友的时候很开心。") == []  # 谈 is a verb
    assert names("这里有古村落的遗迹。") == []
