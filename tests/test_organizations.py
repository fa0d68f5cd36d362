"""Organization names by grammar, short forms completed from the article's place."""

from pipelines.organizations import find_organizations
from pipelines.places import find_places


def orgs(text, article=None):
    return {c.name: c for c in find_organizations(text, find_places(text), article or {})}


def test_place_plus_department():
    o = orgs("梨树县委组织部副部长田昭一说")
    assert "梨树县委组织部" in o
    assert o["梨树县委组织部"].attr("place") == "梨树县"
    # the committee is named nowhere on its own: no parent (a body inside a longer name is no mention)
    assert o["梨树县委组织部"].attr("parent") is None
    o = orgs("梨树县委召开常委会，梨树县委组织部副部长田昭一说")
    assert o["梨树县委组织部"].attr("parent") == "梨树县委"
    # other standing departments of a party committee (两新工委, 政研室) are read the same way
    o = orgs("梨树县委两新工委和梨树县委政研室联合调研")
    assert {"梨树县委两新工委", "梨树县委政研室"} <= set(o) and "梨树县委" not in o


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


def test_bare_central_committee_as_an_actor():
    # listed with the local committees, or before what it issues: the Central Committee
    for text in ("坚决贯彻执行中央、省市委的各项规定", "落实好中央和省、市、区委的部署", "会议传达中央通知要求"):
        o = orgs(text)
        assert "中共中央" in o and "中央" in o["中共中央"].aliases, text
    # inside another body's name, a position, or an adjective: no Central Committee
    for text in ("中央督导组到县里调研", "团中央书记处发出号召", "人们站在广场中央和舞台中央", "中央财政资金投入"):
        assert "中共中央" not in orgs(text), text


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


def test_bare_level_department_completed_from_the_article_place():
    art = {"county": "永吉县", "prefecture": "吉林市"}
    o = orgs("村里协调县农机局、水利局等部门，县文化馆也来了", art)
    assert o["永吉县农机局"].attr("place") == "永吉县"
    assert "县农机局" in o["永吉县农机局"].aliases
    assert o["永吉县水利局"].attr("place") == "永吉县"  # listed after a department of the county
    assert "市场监管局" not in {n[3:] for n in orgs("加强市场监管局建设", art)}  # 市场 is a word, not 市


def test_bare_level_before_a_listed_head():
    o = orgs("成立工作专班，县应急管理局上门服务", {"county": "永吉县"})
    assert "永吉县应急管理局" in o


def test_department_short_forms_after_a_place():
    assert "船营区住建委" in orgs("船营区住建委等部门负责人到场")
    assert "大东街道党建办" in orgs("大东街道党建办工作人员介绍")
    o = orgs("会源德村驻村工作队队长说，向阳村驻村工作队员来了")
    assert "会源德村驻村工作队" in o and "向阳村驻村工作队" not in o


def test_township_party_committee_short_form():
    o = orgs("在镇党委指导下成立合作社，乡镇党委负责人参加", {"township": "口前镇"})
    assert set(o) == {"口前镇党委"}
    assert orgs("各镇党委都要落实", {"township": "口前镇"}) == {}


def test_company_keeps_its_trade_name_after_a_place():
    o = orgs("成功引进龙头企业长春优必达智能科技有限公司，总投资5亿元")
    assert "长春优必达智能科技有限公司" in o
    assert "智能科技有限公司" not in o


def test_verbs_and_prepositions_never_open_a_name():
    assert "松花江信息研究院" in orgs("还委托松花江信息研究院参与编制")
    o = orgs("最终，地块由松江置业竞得")
    assert "松江置业" in o and not any(n.startswith("由") for n in o)
    assert orgs("他投身公司量子业务") == {}


def test_counted_and_generic_kinds_are_not_names():
    assert orgs("全市已建成120家共富工坊，引进三甲医院") == {}
    assert orgs("查清强村公司账目，吸纳农民专业合作社加入") == {}


def test_one_character_head_that_opens_a_word():
    o = orgs("走进拖拉机制造厂厂区，打破内陆腹地局面")
    assert not any(n.endswith(("厂厂", "局")) for n in o)


def test_academy_abbreviation_gets_the_full_place_and_head():
    o = orgs("村党支部与吉林农科院联建共建")
    assert "吉林省农业科学院" in o
    assert "吉林农科院" in o["吉林省农业科学院"].aliases


def test_company_short_name_is_an_alias_of_its_full_name():
    text = "长春禾丰米业食品有限公司总经理说。禾丰米业公司回馈村民，禾丰米业公司还捐了款。"
    found = find_organizations(text, find_places(text), {})
    assert {c.name for c in found} == {"长春禾丰米业食品有限公司"}
    assert "禾丰米业公司" in {a for c in found for a in c.aliases}


def test_declared_short_name_is_an_alias():
    text = "吉林松原粮食产业发展有限公司（以下简称“松粮集团”）技术员说，松粮集团成立了研究室。"
    found = find_organizations(text, find_places(text), {})
    assert {c.name for c in found} == {"吉林松原粮食产业发展有限公司"}
    assert "松粮集团" in {a for c in found for a in c.aliases}


def test_a_group_and_its_branch_company_stay_two():
    o = orgs("吉林森工集团下属的吉林森工集团林产品公司")
    assert "吉林森工集团林产品公司" in o and "吉林森工集团" in o


def test_registered_company_keeps_a_descending_place_chain():
    assert "吉林永吉松花食品有限公司" in orgs("吉林永吉松花食品有限公司总经理说")
    assert "吉林松花食品有限公司" in orgs("永吉县吉林松花食品有限公司总经理说")


def test_township_short_form_needs_the_same_level_word():
    assert orgs("在镇党委指导下", {"township": "黄榆乡"}) == {}


def test_fields_joined_by_he_stay_in_a_department_name():
    o = orgs("永吉县自然资源和规划局、财政局、司法局多次会商。")
    assert {"永吉县自然资源和规划局", "永吉县财政局", "永吉县司法局"} <= set(o)
    assert "规划局" not in o and "自然资源和规划局" not in o
    # two bodies joined by 和 stay two, a bare one with no place is no name
    assert not any("和" in n for n in orgs("财政局和审计局联合检查，县委书记和规划局局长座谈。"))
    assert orgs("市教育和体育局牵头。") == {}
    assert "吉林市教育和体育局" in orgs("市教育和体育局牵头。", {"prefecture": "吉林市", "city": "吉林市"})


def test_village_bodies_and_subdistrict_discipline_committee():
    o = orgs("柳树湾村村委会门前，光明街道纪工委书记说。")
    assert "柳树湾村村委会" in o and "光明街道纪工委" in o
    assert o["光明街道纪工委"].attr("place") == "光明街道"


def test_post_office_is_no_body():
    o = orgs("柳树湾村党委书记办公室里摆着公章。")
    assert "柳树湾村党委" in o
    assert not any(n.endswith("办公室") for n in o)


def test_quoted_name_before_a_team_head():
    o = orgs("该镇组建“山茶花”乡村文旅运营团，“银发”技能服务团队走进村里。")
    assert "山茶花乡村文旅运营团" in o and "银发技能服务团队" in o
    assert "山茶花" in o["山茶花乡村文旅运营团"].aliases
    assert orgs("“红枫”成立志愿服务队。") == {}  # a verb between: no name
    assert orgs("组建一支服务团队。") == {}  # a generic team


def test_hospital_campus_and_stationed_discipline_group():
    assert "吉林大学东院区" not in orgs("吉林大学东院区开学。")  # a campus only of a hospital
    o = orgs("吉林大学第一医院东院区开诊，永吉县纪委监委第三派驻纪检监察组组长说。")
    assert "吉林大学第一医院东院区" in o
    assert o["吉林大学第一医院东院区"].attr("parent") is None  # the hospital is named only inside
    o = orgs("吉林大学第一医院派出专家，吉林大学第一医院东院区开诊。")
    assert o["吉林大学第一医院东院区"].attr("parent") == "吉林大学第一医院"
    o = orgs("白塔乡卫生院派出医生，推动白塔乡卫生院凤坂院区在村里落地。")
    assert o["白塔乡卫生院凤坂院区"].attr("parent") == "白塔乡卫生院"  # a township health centre's campus
    assert "永吉县纪委监委第三派驻纪检监察组" in orgs("吉林大学第一医院东院区开诊，永吉县纪委监委第三派驻纪检监察组组长说。")


def test_bare_provincial_department_gets_the_province():
    o = orgs("该省设立营商环境建设厅。", {"province": "海南省"})
    assert "海南省营商环境建设厅" in o
    assert orgs("各地教育厅加强指导。", {"province": "海南省"}) == {}
    assert orgs("该省设立营商环境建设厅。") == {}  # no province known


def test_credited_publication_agency_and_state_enterprise():
    o = orgs("王明绘（《漫画月刊》供图）李华摄（人民视觉）中国移动在当地建成数据中心。")
    assert {"漫画月刊", "人民视觉", "中国移动"} <= set(o)
    # a credited title needs no media head; uncredited, a book title names no body (a magazine's
    # title with a media head does: test_newspapers_in_book_title_marks)
    assert orgs("《山水画集》刊登文章。") == {}


def test_management_committee_and_county_level_city_under_the_province():
    from pipelines.resolve import article_places
    o = orgs("他曾任平安经济技术开发区管委会主任。")
    assert "平安经济技术开发区管委会" in o
    text = "海南省万宁市。万宁市。万宁市。海口市。\n市营商环境建设局牵头。"  # (a city named in the same paragraph would win)
    ap = article_places(find_places(text))
    assert ap.get("county") == "万宁市" and "prefecture" not in ap
    assert "万宁市营商环境建设局" in {c.name for c in find_organizations(text, find_places(text), ap)}


def test_government_department_under_the_named_government():
    o = orgs("市政府召开常务会议，鹤岗市财政局、市司法局和市发展改革委参加。市委老干部局列席，市委批准。",
             {"prefecture": "鹤岗市", "city": "鹤岗市"})
    assert o["鹤岗市财政局"].attr("parent") == "鹤岗市政府"
    assert o["鹤岗市发展改革委"].attr("parent") == "鹤岗市政府"
    assert o["鹤岗市委老干部局"].attr("parent") == "鹤岗市委"  # a party department stays the committee's


def test_no_government_parent_where_no_government_is_named():
    o = orgs("全州县科技局副局长说，全州县农业农村局也参加了。")
    assert "全州县科技局" in o  # 全 opens the place here, not 全县
    assert o["全州县科技局"].attr("parent") is None


def test_long_official_name_glued_to_the_next_word():
    o = orgs("早在2015年，国家发展改革委等部门便联合发文。")
    assert "国家发展改革委" in o["国家发展和改革委员会"].aliases
    assert orgs("全县各级党组织") == {}


def test_institute_of_an_academy_is_no_mention_of_the_academy():
    o = orgs("他们与中国科学院过程工程研究所共同敲定解决方案。")
    assert "中国科学院过程工程研究所" in o
    assert not o["中国科学院"].attr("nested") if "中国科学院" in o else True
    # a discipline body's unit stays a mention
    assert orgs("吉林银行吉林分行纪委坚持")["吉林银行"].attr("nested") == "1"


def test_meeting_is_no_learned_society():
    o = orgs("“香山科学会议”在北京召开，中国化学学会参加。")
    assert "中国化学学会" in o
    assert not any(n.endswith("科学会") for n in o)


def test_party_work_department_of_an_enterprise():
    o = orgs("柳江机械集团党委工作部部长说。")
    assert o["柳江机械集团党委工作部"].attr("parent") == "柳江机械集团"
    assert "柳江机械集团党委" not in o


def test_listed_department_keeps_the_written_place_and_tail_merges():
    o = orgs("合肥高新区科技局、人社局等部门多次协商。")
    assert "合肥高新区人社局" in o
    o = orgs("合肥高新区科技局副局长说。高新区科技局先是联系各个部门。")
    assert "高新区科技局" not in o and "高新区科技局" in o["合肥高新区科技局"].aliases


def test_body_listed_in_titles_gets_the_place():
    o = orgs("双福村党支部书记、村委会主任郭玲玲说，吉林经济技术开发区党工委书记、管委会主任王芳也来了。")
    assert o["双福村村委会"].attr("place") == "双福村"
    assert "村委会" in o["双福村村委会"].aliases
    zone = next(c for n, c in o.items() if n.endswith("党工委"))
    assert o[zone.attr("place") + "管委会"].attr("place") == zone.attr("place")
    assert not any(n.endswith("村委会") for n in orgs("村党支部书记、村委会主任张三说。"))  # no place: generic


def test_youth_league_committee_is_not_the_party_committee():
    ap = {"county": "罗源县", "prefecture": "福州市"}
    assert "罗源县委" not in orgs("凤坂村对接引入团县委乘风社工等社会组织。", ap)
    assert "罗源县委" in orgs("在县委的领导下开展工作。", ap)


def test_township_government_written_bare():
    ap = {"township": "白塔乡", "county": "罗源县"}
    assert "白塔乡政府" in orgs("“在乡政府支持下，我们联合开展工作。”", ap)
    assert orgs("各乡镇政府要加强指导。", ap) == {}
    assert "白塔乡政府" not in orgs("在镇政府支持下开展工作。", ap)  # 镇 is no 乡


def test_parent_only_when_mentioned_and_known_names_inside_places():
    o = orgs("湖北省委社会工作部先后出台文件。")
    assert o["湖北省委社会工作部"].attr("parent") is None
    assert "北京大学" not in orgs("游客上午在北大村荔林下骑马。")
    assert "北京大学" in orgs("他考入北大后回乡创业。")


def test_known_enterprise_branch_in_a_place_is_one_name():
    o = orgs("”南方电网贵州贵安供电局规划部副总经理说。")
    assert "南方电网贵州贵安供电局" in o and "南方电网" not in o
    assert "南方电网" in orgs("南方电网加快建设。")


def test_zone_departments_numeral_names_and_university_town():
    o = orgs("贵安新区组织人事部组织科科长说，兰州新区组织部副部长说。")
    assert {"贵安新区组织人事部", "兰州新区组织部"} <= set(o) and "人事部" not in o
    assert "甘肃省组织部" not in orgs("甘肃组织部门继续听取意见。")
    assert "万穗农业开发有限公司" in orgs("一田双收。”万穗农业开发有限公司负责人说。")
    assert orgs("该片区涵盖西天尾镇大学城片区东星社区。") == {}


def test_national_body_opening_with_china_has_no_place():
    o = orgs("中国工程院院士说。")
    assert o["中国工程院"].attr("place") is None
    assert orgs("吉林省财政厅发文。")["吉林省财政厅"].attr("place") == "吉林省"


def test_bare_committee_is_the_place_named_before_in_its_paragraph():
    ap = {"prefecture": "吉林市", "city": "吉林市", "county": "永吉县", "community": "东兴社区"}
    text = "吉林市。\n龙潭区召开会议，区委组织部作出部署。社区党委书记说。\n在区委的领导下。"
    o = find_organizations(text, find_places(text), ap)
    names = [c.name for c in o]
    assert "龙潭区委组织部" in names  # the district named before, in the same paragraph
    assert [c.name for c in o if c.start > text.rindex("\n")] == []  # next paragraph: 区 with no county of that name
    text = "西南关社区位于城区。社区党委书记任光海说。"
    assert "西南关社区党委" in {c.name for c in find_organizations(text, find_places(text), ap)}
    text = "东兴社区活动多。\n社区党委书记任光海说。"  # another paragraph: the article's community
    assert "东兴社区党委" in {c.name for c in find_organizations(text, find_places(text), ap)}


def test_discipline_group_sent_into_a_body_is_one_name():
    o = orgs("柳河县纪委监委驻县财政局纪检监察组组长到村调研")
    group = o["柳河县纪委监委驻县财政局纪检监察组"]
    assert group.attr("parent") == "柳河县纪委监委" and group.attr("place") == "柳河县"
    assert "柳河县纪委监委" in o  # the commission written inside stays a mention
    assert "柳河县纪委监委驻县财政局" not in o
    o = orgs("磐石市纪委监委第三派驻纪检监察组开展监督")
    assert o["磐石市纪委监委第三派驻纪检监察组"].attr("parent") == "磐石市纪委监委"
    # no group named after 驻: the commission alone
    assert set(orgs("柳河县纪委监委驻点督导，发现问题及时整改")) == {"柳河县纪委监委"}


def test_subdistrict_office_and_unit_heads():
    o = orgs("大东街道办事处副主任说，磐石市排水管理所和舒兰市司法所也参加了")
    assert o["大东街道办事处"].attr("place") == "大东街道"
    assert o["磐石市排水管理所"].attr("place") == "磐石市"
    assert "舒兰市司法所" in o
    assert not any(n.endswith("办事处") for n in orgs("吉林省驻北京办事处工作人员说"))  # 驻: not the province's


def test_place_read_by_jieba_with_a_function_word_is_whole():
    # jieba reads 和 of 和龙市 as a conjunction: the name still starts at the place
    assert orgs("和龙市排水管理所党员干部开展清掏工作")["和龙市排水管理所"].attr("place") == "和龙市"


def test_a_name_does_not_open_with_another_names_head():
    o = orgs("他是吉林市热力公司东山管理所所长")
    assert not any(n.startswith("公司") for n in o)


def test_bare_level_word_field_and_head_completed():
    o = orgs("永吉县文物局对口帮扶，联动县考古研究院开展发掘", {"county": "永吉县"})
    assert o["永吉县考古研究院"].attr("place") == "永吉县"
    assert "县考古研究院" in o["永吉县考古研究院"].aliases
    # no place of that level: nothing made up
    assert not any(n.endswith("考古研究院") and n != "考古研究院" for n in orgs("联动县考古研究院开展发掘"))


def test_fields_joined_by_he_before_a_service_centre():
    o = orgs("”磐石市房产和物业管理服务中心主任说")
    assert o["磐石市房产和物业管理服务中心"].attr("place") == "磐石市"
    # 和 joining two areas makes no one body
    assert not any("和" in n for n in orgs("乡党委设立东山南区和北区治理委员会两个党总支"))


def test_bare_level_department_takes_the_paragraph_place_not_a_listed_one():
    o = orgs("在舒兰市，街区没有一禁了之，而是请来市综合行政执法局工作人员", {"prefecture": "吉林市"})
    assert "舒兰市综合行政执法局" in o and "吉林市综合行政执法局" not in o
    o = orgs("吉林市委主要领导赴北京、长春、四平等地学习。市工信局等部门组建专班。", {"prefecture": "吉林市"})
    assert "吉林市工信局" in o and "四平市工信局" not in o


def test_department_listed_after_a_national_body_gets_no_china_place():
    o = orgs("会议邀请中国地震局、农业农村局有关负责同志参加")
    assert "中国地震局" in o and o["中国地震局"].attr("place") is None
    assert "中国农业农村局" not in o


def test_bare_village_party_body_before_a_post_is_the_village_named_in_the_sentence():
    o = orgs("记者来到兴和县石桥镇柳沟村村口，村党支部书记、村委会主任王大山正在忙。")
    assert o["柳沟村党支部"].attr("place") == "柳沟村"
    assert "村党支部" in o["柳沟村党支部"].aliases
    assert o["柳沟村村委会"].attr("place") == "柳沟村"  # the body listed in the same person's titles
    # the village named in an earlier sentence, 驻村, and 村委 (the villagers' committees) name no one body
    assert not any(n.startswith("柳沟村") for n in orgs("兴和县石桥镇柳沟村变了样。村党支部书记王大山说。"))
    assert not any(n.endswith("党支部") for n in orgs("在柳沟村工作两年，他成为驻村党支部书记。"))
    assert not any(n.endswith("党支部") for n in orgs("在柳沟村工作两年，他入职村党支部书记助理。"))
    assert not any(n.endswith("村委") for n in orgs("公司与柳沟村等12个村委签订合同。"))


def test_bare_local_service_centre_is_the_community_of_the_paragraph():
    o = orgs("兴和县石桥镇青松社区是新建小区。走进社区党群服务中心，孩子们正在读书。")
    assert o["青松社区党群服务中心"].attr("place") == "青松社区"
    assert "社区党群服务中心" in o["青松社区党群服务中心"].aliases
    # an unknown name opening the centre's name is its own start, not a bare 社区
    assert "青松社区党群服务中心" not in orgs("兴和县青松社区有新居民。翠柏社区党群服务中心主任说。")
    # no community named: a bare centre is no entity
    assert not orgs("记者走进社区党群服务中心。")


def test_registered_company_name_with_a_bracketed_place():
    o = orgs("星河智联（深圳）信息技术有限公司在当地投资。")
    assert "星河智联（深圳）信息技术有限公司" in o
    assert o["星河智联（深圳）信息技术有限公司"].attr("place") == "深圳市"
    o = orgs("天穹科技（雄州）航空有限公司落户。")  # an unknown place in brackets: the name, no place
    assert "天穹科技（雄州）航空有限公司" in o and o["天穹科技（雄州）航空有限公司"].attr("place") is None
    assert not any("（" in n for n in orgs("他说（深圳）有限公司很好。"))  # no trade name before the brackets


def test_committee_inspection_office_is_a_department():
    o = orgs("某日，西城区委督查室主任到社区检查。")
    assert o["西城区委督查室"].attr("place") == "西城区"


def test_company_named_by_a_province_is_based_in_the_lower_place_of_its_sentence():
    from tests.test_relations import facts

    f = facts("在天津市宝坻区的育秧大棚里，天津禾丰稻米产业发展有限公司的员工正在忙碌。")
    assert ("天津禾丰稻米产业发展有限公司", "basedIn", "宝坻区") in f
    assert ("天津禾丰稻米产业发展有限公司", "basedIn", "天津市") not in f
    # the place named in an earlier sentence does not move it; a full place name is the body's own place
    f = facts("天津市宝坻区风景很好。天津禾丰稻米产业发展有限公司的员工正在忙碌。")
    assert ("天津禾丰稻米产业发展有限公司", "basedIn", "天津市") in f
    f = facts("在天津市宝坻区，天津市农业发展集团有限公司放款。")
    assert ("天津市农业发展集团有限公司", "basedIn", "天津市") in f


def test_party_members_are_not_the_party():
    assert "中国共产党" not in orgs("这是中国共产党人的优秀特质。")
    assert "中国共产党" in orgs("庆祝中国共产党成立一百周年。")


def test_delegation_named_by_a_place_is_an_organization():
    assert "古巴代表团" in orgs("参加会议的古巴代表团团长说。")
    assert not orgs("代表团一行参观了基地。")  # no one named: a generic delegation


def test_field_verb_before_the_head_stays_in_the_name():
    # a verb naming the body's field (扶贫, 贸易) right before 委员会 is part of the name
    o = orgs("会上，中国老区扶贫委员会主任李振平代表中国老区扶贫委员会致辞。")
    assert "中国老区扶贫委员会" in o
    assert not any("主任" in n for n in o)  # the name does not run back over a title and a person
    assert "日本公平贸易委员会" in orgs("日本公平贸易委员会昨天公布了调查结果。")
    assert orgs("县里决定召开委员会会议。") == {}  # no noun before the verb: no name


def test_team_with_a_sponsor_glued_to_the_place_or_to_dui():
    o = orgs("大连万达队主场迎战天津泰达队，东道主的中国香港队也派人观摩。")
    assert {"大连万达队", "天津泰达队", "中国香港队"} <= set(o)
    assert "香港队" not in o  # the name starts at 中国, not inside it
    assert orgs("我希望日本能派队参加比赛。") == {}  # 能派 is a verb phrase, not a sponsor


def test_team_named_by_its_sponsor_alone_in_a_match_report():
    assert "金鹰队" in orgs("对刚上任的金鹰队阿根廷籍主教练来说，这场平局来之不易。")
    assert orgs("种子队面对另外两个队也不敢大意，小组赛竞争激烈。") == {}  # a common word
    assert orgs("这支金鹰队从十几名队员扩大到80多人。") == {}  # no match report: no team


def test_people_s_organisations_and_courts_after_a_place():
    assert "洛阳市中级人民法院" in orgs("该案由洛阳市中级人民法院审理，以贪污罪判处")
    o = orgs("天津市妇联、山西省残联参与调解。")
    assert {"天津市妇联", "山西省残联"} <= set(o)
    assert o["天津市妇联"].attr("place") == "天津市"


def test_publishers_and_foundations_are_heads():
    o = orgs("这部诗集近日由中国戏剧出版社出版，河北省民俗文化促进会随后着手编注。")
    assert {"中国戏剧出版社", "河北省民俗文化促进会"} <= set(o)
    assert not any(n.endswith("通讯社") and n != "美联社" for n in orgs("美联社等各大通讯社派出记者。"))


def spans(text):
    """Surface → candidate of the organizations left after overlap resolution (the longest wins)."""
    from pipelines.mentions import resolve_overlaps

    return {text[c.start:c.end]: c for c in resolve_overlaps(find_organizations(text, find_places(text), {}))}


def test_world_bodies_and_parties_by_general_knowledge():
    assert spans("据国际游泳联合会新规，违禁的运动员将被停赛四年。")["国际游泳联合会"].name == "国际泳联"
    assert "自由党" in spans("自由党愿意同各国政党发展关系。")
    s = spans("以色列工党领袖在开罗表示。")  # jieba glues the country to the party
    assert "以色列工党" in s and s["以色列工党"].attr("place") == "以色列"
    assert spans("他是一名共产党员。") == {}
    assert spans("各民主党派人士出席了会议。") == {}


def test_a_meeting_number_after_a_party_is_a_congress():
    assert "中共" not in spans("全面落实中共十五大精神。")
    assert "中共" in spans("中共地下党员在解放前夕组织了护厂斗争。")


def test_a_body_named_by_its_leader_keeps_no_bare_body():
    assert "内阁" not in spans("由森川内阁推行的政策收效甚微。")
    assert "内阁" in spans("在野党对内阁的这项决定提出批评。")


def test_a_date_s_day_is_no_country_abbreviation():
    s = spans("舆论认为5月12日国会通过的法案存在争议。")
    assert "国会" in s and "日国会" not in s


def test_dateline_and_former_are_no_part_of_the_name():
    assert "中国国家统计局" in spans("新华社上海3月14日电中国国家统计局的官员今天宣布。")
    s = spans("此项工作由原国家环保局负责协调。")
    assert "国家环保局" in s and "原国家环保局" not in s


def test_the_country_s_name_opens_a_national_body():
    s = spans("法国总统会见了中国全国政协副主席。")
    assert "中国全国政协" in s and s["中国全国政协"].name == "全国政协"


def test_newspapers_in_book_title_marks():
    s = spans("这篇报道先后刊登在《朝日新闻》和《温哥华太阳报》上。")
    assert "朝日新闻" in s and "温哥华太阳报" in s
    assert spans("市里印发了《情况通报》和《工作简报》。") == {}
    assert spans("他写了一本《过去的新闻》。") == {}


def test_a_unit_named_after_a_known_body():
    s = spans("这是国务院妇女儿童工作协调委员会支持的项目。")
    assert s["国务院妇女儿童工作协调委员会"].name == "国务院妇女儿童工作协调委员会"
    assert "农业部科技教育司" in spans("据农业部科技教育司负责人说。")
    s = spans("欧佩克组织将于下月在维也纳召开部长级会议。")
    assert s["欧佩克组织"].name == "石油输出国组织"
    assert "中共中央" in spans("深入贯彻中共中央决策部署。")  # 部署 is a word, 署 no head
    assert set(spans("欧盟机构将迁往新址。")) == {"欧盟"}
    assert "中国联通" in spans("中国联通廊坊云数据中心机房内灯火通明。")
    assert not any("基层组织" in k for k in spans("学习《中国共产党农村基层组织工作条例》。"))


def test_a_name_jieba_s_dictionary_holds_whole():
    assert "联想集团" in spans("她退休后曾任联想集团顾问。")
    assert spans("供电局通过设立13个党员示范岗开展服务。") == {}  # a field and a head: no one body


def test_armies_by_general_knowledge():
    s = spans("1935年10月红军到达陕北。")
    assert s["红军"].name == "中国工农红军"
    s = spans("县里新建的红军小学今天开学。")  # a school named after the army, not the army
    assert set(s) == {"红军小学"} and s["红军小学"].name == "红军小学"


def test_organizing_committee_after_a_dateline():
    s = spans("新华社东京8月3日电日本奥运会组委会官员今天表示。")
    assert "日本奥运会组委会" in s and not any(k.startswith("日电") for k in s)


def test_a_counted_body_is_a_kind_not_a_name():
    assert spans("几户农民合办了一个砖瓦厂，当年就有了收益。") == {}
    assert spans("全市二十多家造纸厂的产品销往东南亚。") == {}
    assert "吉林银行" in spans("他们在3家吉林银行网点开展服务。")  # a place inside keeps the name


def test_a_short_team_word_after_its_place():
    assert "中国国家女篮" in spans("中国国家女篮后天启程前往澳大利亚。")
    assert "中国女篮" in spans("中国女篮在世界女篮锦标赛小组赛中取胜。")
    assert not any("女篮" in k and k != "中国女篮" for k in spans("中国女篮在世界女篮锦标赛小组赛中取胜。"))


def test_a_short_name_opening_a_place_word_is_no_mention():
    assert "北大" not in spans("他在里斯本出席北大西洋议会秋季年会时说。")
    assert "北大" in spans("她1962年考入北大。")


def test_a_pair_of_country_abbreviations_opens_a_bilateral_body():
    s = spans("此外，美中贸易促进会呼吁国会议员以长远的眼光看问题。")
    assert "美中贸易促进会" in s and "中贸易促进会" not in s
    assert "英中委员会" in spans("英中委员会与英国工业联合会昨天联合举办研讨会。")
    # a count of the countries after them describes their bodies: no one name
    assert spans("美日两国中央银行昨天宣布下调利率。") == {}
    assert spans("中俄两国有关公司昨天签订了供货合同。") == {}


def test_a_periodical_in_book_title_marks_with_its_place():
    s = spans("据英国《经济学家》周刊报道，这项民意调查在上周完成。")
    assert s["英国《经济学家》周刊"].name == "经济学家周刊" and s["英国《经济学家》周刊"].attr("place") == "英国"
    assert "德国《化学杂志》" in spans("据德国《化学杂志》报道，科学家研制出一种新材料。")
    assert "《自然》杂志" in spans("她的研究成果刊登在新一期《自然》杂志上。")
    assert spans("他读完《时代》后写了评论。") == {}  # a book title alone names no periodical


def test_a_branch_written_after_its_body_is_one_name():
    s = spans("活动由中国科学技术协会广州分会承办。")
    assert "中国科学技术协会广州分会" in s and "中国科学技术协会" not in s
    assert "红星机械厂铸造分厂" in spans("他担任红星机械厂铸造分厂厂长。")
    assert "南江大学化学系" in spans("他毕业于南江大学化学系。")
    # a company's department stays out (the governance gold keeps the company); 系 follows schools only
    assert "华联公司" in spans("华联公司规划部今天开会。")
    assert set(spans("华联公司董事长系本市人。")) == {"华联公司"}


def test_a_term_before_a_congress_belongs_to_its_mention():
    s = spans("议案将提交第四届全国人大第一次会议审议。")
    assert "第四届全国人大" in s and s["第四届全国人大"].name in ("全国人大", "全国人民代表大会")


def test_registered_company_names_and_ranked_banks():
    assert "锦华苑置业投资有限公司" in spans("这是由港资企业锦华苑置业投资有限公司策划的活动。")
    s = spans("美国第五大银行长青银行与第七大银行富兰银行昨天宣布合并。")
    assert "长青银行" in s and "富兰银行" in s and not any(k.startswith("大银行") for k in s)


def test_verbs_of_schooling_and_study_are_no_names():
    assert spans("他既想当兵又想上大学，一时拿不定主意。") == {}
    assert spans("把干部培训由突击式集中培训转为经常性学习。") == {}
    assert "复旦大学" in spans("他考入复旦大学。")


def test_a_fleet_of_a_known_navy_is_one_name():
    assert "澳大利亚海军舰艇编队" in spans("澳大利亚海军舰艇编队抵达青岛港访问。")
