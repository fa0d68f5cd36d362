"""Article boundaries, titles and dates inside one file: snippets of the seeds."""

from pipelines.articles import split_articles
from pipelines.normalize import normalize


def titles(raw):
    text = normalize(raw).text
    return [a.title for a in split_articles(text)]


def test_news_items_start_at_their_headline():
    raw = ("吉林医药学院政校企合作谱新篇\n"
           "本报讯(郭天笑 记者丁美佳)今年以来，吉林医药学院党委深入贯彻习近平新时代中国特色社会主义思想。\n"
           "舒兰市：“四好农村路”铺就乡村振兴“致富路”\n"
           "本报讯(记者张添奥)近年来，舒兰市委、市政府始终秉承“乡村振兴、交通先行”的理念。\n")
    got = titles(raw)
    assert len(got) == 2
    assert got[1].startswith("舒兰市")


def test_author_notes_close_articles():
    raw = ("第一篇\n张三\n正文一。\n（作者：永吉县委常委、组织部长）\n"
           "第二篇\n李四\n正文二。\n（作者：磐石市委常委、组织部长）\n")
    assert len(titles(raw)) == 2


def test_restarted_section_numbers_start_a_new_report():
    raw = ("社区位于街道西南部。\n一、具体做法\n做法。\n二、工作成效\n成效。\n三、工作启示\n启示。\n"
           "丰满区沿丰街道幸福里社区以党建为引领。\n一、建设背景\n背景。\n")
    text = normalize(raw).text
    arts = split_articles(text)
    assert len(arts) == 2
    assert text[arts[1].start:].startswith("丰满区沿丰街道幸福里社区")


def test_a_single_article_stays_whole():
    raw = "党建领航绘就基层善治新图景\n本报记者 李娜\n正文。\n"
    assert len(titles(raw)) == 1


def test_title_block_at_a_page_end_starts_its_article_at_that_page():
    col = ["某村党支部带领群众发展产业，推动集体", "经济持续壮大，群众收入稳步提高，各项",
           "工作走在前列，得到了上级党委的肯定。"]
    raw = "\n\n".join([
        *col, " 某乡某村位于乡政府北部，全村共有党", "员三十人，村党支部积极发挥战斗堡垒作", "用，带领群众发展特色种植业，在全乡的",
        "产业引领 党建先行", "打造乡村振兴示范村", "某乡某村党支部", " 考核中名列第一。", *col,
        "蛟河市", "桦甸市", " 各项工作稳步推进，群众满意度持续提升。", *col]) + "\n"
    n = normalize(raw)
    arts = split_articles(n.text, n.page_starts)
    assert len(arts) == 2  # the two short section labels before the last page are not a title block
    assert n.text[arts[1].start:].startswith("某乡某村位于")
    assert arts[1].title == "产业引领 党建先行"
    assert len(split_articles(n.text)) == 1  # without page starts the block cannot be placed


def test_dated_briefs_are_one_article_each():
    briefs = [f"{m}月{d}日，某县委组织部召开基层党建工作推进会议，安排部署下半年重点工作任务{tail}。"
              for m, d, tail in ((7, 1, ""), (7, 20, "，要求各乡镇抓好落实"), (8, 3, "，会议由县委常委主持"), (8, 11, "，全县各乡镇党委书记参加会议并作交流发言"))]
    text = normalize("\n".join(briefs)).text
    assert len(split_articles(text)) == 4
    assert len(split_articles(normalize("\n".join(briefs[:3])).text)) == 1  # three dated paragraphs are a narrative
