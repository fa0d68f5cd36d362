"""kg ner-eval: BIO reading, flat exact-span scoring, lgkg and the jieba baseline on real seed sentences."""

from __future__ import annotations

import pytest

from kg.cli import main
from kg.nereval import Score, Span, evaluate_bio, outermost, read_bio, score, spans_from_tags

# Real sentences of the seeds (000, 003), tagged by hand the People's Daily way:
# an organization name is one ORG span, places inside it are not tagged.
SENTENCES = [
    ("梨树县委组织部副部长田昭一说。", [(0, 7, "ORG"), (10, 13, "PER")]),
    ("此外，我省还探索了专项考核、动态考核等手段。", []),  # 我省 is a pronoun, not a name
    ("白山市抚松县同步推出“五个一”管理机制。", [(0, 3, "LOC"), (3, 6, "LOC")]),  # the program is not scored
]


def write_bio(path, sentences, sep=" "):
    lines = []
    for text, spans in sentences:
        tags = ["O"] * len(text)
        for a, b, label in spans:
            tags[a] = f"B-{label}"
            for i in range(a + 1, b):
                tags[i] = f"I-{label}"
        lines.extend(f"{ch}{sep}{tag}" for ch, tag in zip(text, tags))
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bio(tmp_path_factory):
    return write_bio(tmp_path_factory.mktemp("ner") / "seed.bio", SENTENCES)


def test_spans_from_tags_bio_bmes_and_stray_inside():
    assert spans_from_tags(["B-LOC", "I-LOC", "B-LOC", "O"]) == [Span(0, 2, "LOC"), Span(2, 3, "LOC")]
    assert spans_from_tags(["B-ORG", "M-ORG", "E-ORG", "S-PER"]) == [Span(0, 3, "ORG"), Span(3, 4, "PER")]
    # an I- that continues nothing starts a span; a change of type ends one
    assert spans_from_tags(["O", "I-PER", "I-PER", "I-LOC"]) == [Span(1, 3, "PER"), Span(3, 4, "LOC")]
    with pytest.raises(ValueError, match="X-PER"):
        spans_from_tags(["X-PER"])


def test_read_bio_rebuilds_text_and_spans(tmp_path):
    sents = read_bio(write_bio(tmp_path / "t.bio", SENTENCES, sep="\t"))
    assert [s.text for s in sents] == [t for t, _ in SENTENCES]
    assert sents[0].spans == (Span(0, 7, "ORG"), Span(10, 13, "PER"))
    assert sents[0].text[10:13] == "田昭一"


def test_read_bio_bad_line_names_file_and_line(tmp_path):
    p = tmp_path / "bad.bio"
    p.write_text("梨 B-LOC\n树 I-LOC\n县I-LOC\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.bio:3:"):
        read_bio(p)


def test_outermost_keeps_the_organization_not_its_places():
    spans = [Span(0, 3, "LOC"), Span(0, 7, "ORG"), Span(10, 13, "PER"), Span(12, 14, "LOC")]
    assert outermost(spans) == [Span(0, 7, "ORG"), Span(10, 13, "PER")]


def test_score_is_exact_match_per_type():
    gold = read_bio_from(SENTENCES)
    predicted = [
        [Span(0, 7, "ORG"), Span(10, 12, "PER")],  # person cut short: one spurious, one missed
        [Span(3, 5, "LOC")],  # spurious
        [Span(0, 3, "LOC"), Span(3, 6, "ORG")],  # right span, wrong type: spurious ORG, missed LOC
    ]
    scores, errors = score(gold, predicted)
    assert (scores["ORG"].tp, scores["ORG"].fp, scores["ORG"].fn) == (1, 1, 0)
    assert (scores["PER"].tp, scores["PER"].fp, scores["PER"].fn) == (0, 1, 1)
    assert (scores["LOC"].tp, scores["LOC"].fp, scores["LOC"].fn) == (1, 1, 1)
    micro = Score(2, 3, 2)
    assert micro.precision == pytest.approx(0.4) and micro.recall == pytest.approx(0.5)
    assert micro.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    causes = {(e.kind, e.surface, e.cause) for e in errors}
    assert ("missed", "田昭一", "boundary") in causes
    assert ("spurious", "抚松县", "type") in causes
    assert ("spurious", "我省", "none") in causes


def read_bio_from(sentences):
    from kg.nereval import BioSentence

    return [BioSentence(t, tuple(Span(a, b, lab) for a, b, lab in spans)) for t, spans in sentences]


def test_lgkg_on_seed_sentences(bio):
    report = evaluate_bio(bio)
    # 梨树县 inside the organization is dropped, 我省 is not counted, the program is not scored
    assert {label: (s.tp, s.fp, s.fn) for label, s in report.scores.items()} == {
        "PER": (1, 0, 0), "LOC": (2, 0, 0), "ORG": (1, 0, 0)}
    assert report.micro.f1 == 1.0 and report.errors == []
    assert report.sentences == 3 and report.chars == sum(len(t) for t, _ in SENTENCES)


def test_jieba_baseline_is_scored_the_same_way(bio):
    report = evaluate_bio(bio, system="jieba")
    # jieba tags 田昭 (nr) and the two places (ns), not the organization
    assert (report.scores["PER"].tp, report.scores["PER"].fp, report.scores["PER"].fn) == (0, 1, 1)
    assert (report.scores["LOC"].tp, report.scores["LOC"].fp) == (2, 0)
    assert report.scores["ORG"].fn == 1
    assert report.micro.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_cli_prints_micro_f1_last(bio, capsys):
    assert main(["ner-eval", str(bio), "--errors", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "micro F1 1.000"
    assert any(line.startswith("ORG ") for line in lines)
    assert main(["ner-eval", str(bio), "--baseline", "jieba", "--errors", "2"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "micro F1 0.571"
    assert any("【田昭】一说" in line for line in out)  # the spurious person is listed in its context


def test_cli_bad_file_is_one_line_error(tmp_path, capsys):
    assert main(["ner-eval", str(tmp_path / "nope.bio")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "nope.bio" in err
