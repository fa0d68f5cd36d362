"""The spaCy pipeline's candidate join (pipelines.nlp)."""

from __future__ import annotations

from pipelines.mentions import Candidate
from pipelines.nlp import drop_places_in_names, get_nlp, one_per_span


def test_place_inside_a_name_is_part_of_the_name() -> None:
    person, place = Candidate(2, 5, "Person", "蒋柏林"), Candidate(3, 5, "Place", "柏林")
    assert drop_places_in_names([person, place]) == [person]
    # a place beside a name, or a place that is the whole span, stays
    beside = Candidate(5, 8, "Place", "永吉县")
    assert drop_places_in_names([person, beside]) == [person, beside]


def test_pipeline_keeps_the_person_not_the_city() -> None:
    doc = get_nlp()("村民蒋柏林说，今年葡萄卖得好。")
    found = [(c.etype, c.name) for c in doc.user_data["lgkg_candidates"]]
    assert ("Person", "蒋柏林") in found
    assert all(etype != "Place" for etype, _ in found)


def test_one_mention_per_span() -> None:
    # an official division named like a body (青海's 大柴旦行政委员会) is read once, as the division
    doc = get_nlp()("大柴旦行政委员会召开会议，部署生态保护工作。")
    spans = [(c.start, c.end) for c in doc.user_data["lgkg_candidates"]]
    assert len(spans) == len(set(spans))
    first = doc.user_data["lgkg_candidates"][0]
    assert (first.start, first.end, first.etype) == (0, 8, "Place") and first.division
    # a body and a place the divisions do not code: the body
    kept = one_per_span([Candidate(0, 5, "Place", "某某管委会"), Candidate(0, 5, "Organization", "某某管委会"),
                         Candidate(6, 8, "Person", "王某")])
    assert [(c.etype, c.start) for c in kept] == [("Organization", 0), ("Person", 6)]
