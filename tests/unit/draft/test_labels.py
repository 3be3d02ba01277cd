"""Tests for checks.draft.labels: concept and entity suggestions."""

from __future__ import annotations

from checks.draft.labels import Lexicon, find_mentions, nearest_before

CONCEPTS = Lexicon.from_rows(
    [
        ("revenue", "money", "营收;收入"),
        ("revenue_growth_yoy", "percent", "营收同比增长"),
        ("share_issue_price", "money", "每股…港元"),
    ]
)
ENTITIES = Lexicon.from_rows([("Kingsoft Cloud", "", "金山云"), ("Alibaba", "", "阿里")])


def _concept(text: str, figure: str, kind: str) -> str:
    at = text.index(figure)
    mentions = find_mentions(text, CONCEPTS)
    return nearest_before(text, at, at + len(figure), mentions, kind=kind, kinds=CONCEPTS.kinds)


def test_the_nearest_label_of_a_fitting_kind_wins() -> None:
    text = "金山云营收同比增长17.8%,营收12亿元。"
    assert _concept(text, "17.8%", "percent") == "revenue_growth_yoy"
    assert _concept(text, "12亿元", "money") == "revenue"


def test_a_label_of_another_kind_is_no_suggestion() -> None:
    assert _concept("营收同比增长17.8%。", "17.8%", "ratio") == ""


def test_a_label_with_a_gap_matches_around_the_figure() -> None:
    assert _concept("以每股5.83港元认购", "5.83港元", "money") == "share_issue_price"


def test_a_label_in_another_sentence_is_no_suggestion() -> None:
    assert _concept("营收同比增长。利润17.8%。", "17.8%", "percent") == ""


def test_entities_fall_back_to_the_paragraph_then_the_article() -> None:
    text = "阿里资本开支386亿元。\n\n金山云表现更好。金山云收入增长。\n\n利润3亿元。"
    mentions = find_mentions(text, ENTITIES)

    def entity(figure: str) -> str:
        at = text.index(figure)
        return nearest_before(text, at, at + len(figure), mentions, widen=True)

    assert entity("386亿元") == "Alibaba"
    assert entity("3亿元") == "Kingsoft Cloud"  # the most mentioned name


def test_no_registry_no_entity() -> None:
    text = "阿里资本开支386亿元。"
    at = text.index("386")
    assert nearest_before(text, at, at + 6, [], widen=True) == ""
