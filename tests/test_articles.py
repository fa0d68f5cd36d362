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
