"""Normalization of real PDF damage from the seeds."""

from pipelines.normalize import normalize


def test_stray_spaces_inside_chinese_removed():
    n = normalize("将党组织的服务 触角延伸到每一个角落")
    assert n.text == "将党组织的服务触角延伸到每一个角落"


def test_byline_spaces_kept():
    assert normalize("本报记者 李娜").text == "本报记者 李娜"
    assert normalize("2025年11月27日 星期四 编辑 张蕊 杨慧").text == "2025年11月27日 星期四 编辑 张蕊 杨慧"


def test_digit_spaces_removed():
    assert normalize("2015 年，市委召开会议 2 次").text == "2015年，市委召开会议2次"


def test_interleaved_blank_lines_and_column_breaks_joined():
    raw = ("制度，2015 年，市委召开定期综合议党会\n\n议 2 次，专题议党会议 22 次，研究推进基\n\n"
           "层党建工作；分级分类分层开展党委（党\n\n组）书记抓基层党建工作述职评议考核，\n\n实现县乡党组织书记全覆盖。\n\n"
           "以问题为导向，推进“三严三实”\n\n")
    text = normalize(raw).text
    assert "议党会议2次" in text and "研究推进基层党建工作" in text and "党委（党组）书记" in text
    assert text.split("\n")[-1] == "以问题为导向，推进“三严三实”"


def test_running_headers_dropped():
    body = "\n".join(["学习贯彻习近平总书记考察吉林重要讲话重要指示精神", "这是正文第一段，内容很长很长很长。"] * 3)
    assert "学习贯彻习近平总书记考察吉林重要讲话重要指示精神" not in normalize(body).text


def test_ascii_punctuation_and_quotes_fullwidth():
    n = normalize('通化市深入开展"双报到"活动,持续赋能')
    assert n.text == "通化市深入开展“双报到”活动，持续赋能"


def test_offsets_map_back_to_original():
    raw = "# 党建领航 破局立新\n\n近年来,全省各级组织部门深入贯彻落实 习近平总书记"
    n = normalize(raw)
    i = n.text.index("习近平")
    assert raw[n.to_original(i):n.to_original(i) + 3] == "习近平"
    assert n.headings and n.text[n.headings[0].start:n.headings[0].end] == "党建领航 破局立新"
    assert len(n.offsets) == len(n.text) + 1


COLUMN = ["某县党委坚持把抓基层打基础作为长远之", "计和固本之举，持续推进基层组织建设，", "不断提升组织力，推动各项工作落地见效。",
          "全县各级党组织认真落实工作要求，扎实"]


def test_digit_gaps_count_toward_a_line_width():
    raw = "\n\n".join(COLUMN + ["推进各项任务。", "8 月 19 日，某市驻村第一书记协会",
                               "第一届会员大会在市文化中心礼堂召开，", "会议审议通过了协会章程和工作规划。"]) + "\n"
    text = normalize(raw).text
    assert "协会第一届会员大会" in text  # the dated first line is as wide as the column once its gaps count
    assert "任务。\n8月19日" in text  # a short line ending a sentence still ends its paragraph


def test_page_starts_are_the_indented_lines():
    raw = "\n\n".join(COLUMN[:2] + [" " + COLUMN[2], COLUMN[3], " 推进各项任务，取得了明显成效。"]) + "\n"
    n = normalize(raw)
    assert [n.text[p:p + 4] for p in n.page_starts] == ["不断提升", "推进各项"]
    single = normalize("\n\n".join(COLUMN[:2] + [" " + COLUMN[2], COLUMN[3]]))
    assert single.page_starts == ()  # one stray indent is not a paginated layout
