"""Pin down source coverage (every number accounted for) and verbatim quote counting.

Known pass: the mini case, whose five number-like tokens are each covered by a fact or an
exclusion. Known fail: a sentence with an unrecorded figure, and a source with no number.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from casekit import CASE_ID, FACTS, SOURCE, write_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.inputs.case import Case, load_case
from checks.inputs.coverage import check_coverage, count_verbatim
from checks.inputs.facts import FactCheck, check_facts
from checks.problems import Problem

DATASETS = Path("datasets")
SOURCE_TXT = f"datasets/{CASE_ID}/source.txt"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(**kwargs: Any) -> FactCheck:
    write_case(DATASETS, **kwargs)
    return check_facts(load_case(DATASETS, CASE_ID))


def test_mini_case_coverage() -> None:
    fc = run()
    assert fc.coverage.to_dict("records") == [
        {
            "token": "12.5亿元",
            "line": 1,
            "start": SOURCE.index("12.5亿元"),
            "covered": True,
            "covered_by": "rev_h1",
        },
        {
            "token": "同比增长20%",
            "line": 1,
            "start": SOURCE.index("同比增长20%"),
            "covered": True,
            "covered_by": "rev_growth_h1",
        },
        {
            "token": "35.2%",
            "line": 2,
            "start": SOURCE.index("35.2%"),
            "covered": True,
            "covered_by": "margin_h1",
        },
        {
            "token": "33.0%",
            "line": 2,
            "start": SOURCE.index("33.0%"),
            "covered": True,
            "covered_by": "margin_h1_2024",
        },
        {
            "token": "第3",
            "line": 3,
            "start": SOURCE.index("第3"),
            "covered": True,
            "covered_by": "excluded: product generation, not a figure",
        },
    ]


def test_uncovered_token_names_token_and_source_line() -> None:
    fc = run(source=SOURCE + "员工约500人。\n")
    assert fc.problems == [
        Problem(
            SOURCE_TXT,
            4,
            None,
            "uncovered-token",
            f"column 3 (character {len(SOURCE) + 2} of the text): number '约500人' is neither a fact (facts.csv) nor an exclusion (excluded.csv with a reason); record it",
        )
    ]
    row = fc.coverage.iloc[-1]
    assert (row["token"], row["line"], row["covered"], row["covered_by"]) == (
        "约500人",
        4,
        False,
        "",
    )


def test_two_equal_tokens_on_one_line_are_told_apart_by_column() -> None:
    """Two 2022年 on one line used to give two identical messages."""
    extra = "2022年收入，对比2022年利润。\n"
    fc = run(source=SOURCE + extra)
    messages = [str(p) for p in fc.problems]
    first, second = len(SOURCE), len(SOURCE) + extra.index("2022年", 1)
    assert messages == [
        f"{SOURCE_TXT}:4: column 1 (character {first} of the text): number '2022年' is neither "
        "a fact (facts.csv) nor an exclusion (excluded.csv with a reason); record it",
        f"{SOURCE_TXT}:4: column {second - first + 1} (character {second} of the text): number "
        "'2022年' is neither a fact (facts.csv) nor an exclusion (excluded.csv with a reason); "
        "record it",
    ]


def test_columns_count_from_each_line_start_in_a_long_text() -> None:
    lines = [f"第{i}行：收入{i}亿元。" for i in range(1, 200)]
    fc = run(source=SOURCE + "\n".join(lines) + "\n")
    assert len(fc.problems) >= len(lines)
    for problem in fc.problems:
        row = problem.line - 4  # SOURCE holds three lines
        token = f"{row + 1}亿元" if "亿元" in problem.message else f"第{row + 1}"
        column = lines[row].index(token) + 1
        assert problem.message.startswith(f"column {column} "), problem


def test_source_without_numbers() -> None:
    fc = run(source="没有数字。\n", facts=FACTS[:1], excluded=[])
    assert fc.coverage.empty
    assert fc.problems[-1] == Problem(
        SOURCE_TXT,
        None,
        None,
        "no-numbers",
        "no number-like token found; a case needs a source that states figures",
    )


@pytest.mark.parametrize(
    ("text", "part", "count"),
    [("111", "11", 2), ("aaa", "a", 3), ("abc", "", 0), ("abc", "d", 0), ("营收营收", "营收", 2)],
)
def test_count_verbatim_counts_overlaps(text: str, part: str, count: int) -> None:
    assert count_verbatim(text, part) == count


def test_check_coverage_reports_every_token_no_span_covers() -> None:
    write_case(DATASETS)
    case = load_case(DATASETS, CASE_ID)
    problems: list[Problem] = []
    first = SOURCE.index("12.5亿元")
    frame = check_coverage(case, [(first, first + len("12.5亿元"), "rev_h1")], problems)
    assert frame["covered"].tolist() == [True, False, False, False, False]
    assert [(p.line, p.code) for p in problems] == [
        (1, "uncovered-token"),
        (2, "uncovered-token"),
        (2, "uncovered-token"),
        (3, "uncovered-token"),
    ]


def test_other_digit_systems_and_unread_numerals_are_not_skipped() -> None:
    """Bold and Arabic-Indic digits, traditional 億元, and a circled ① all reach coverage."""
    fc = run(source=SOURCE + "另有𝟕.𝟐𝟗億元，占比٤٤%，见①。\n")
    uncovered = [p.message for p in fc.problems if p.code == "uncovered-token"]
    assert [m.split("'")[1] for m in uncovered] == ["𝟕.𝟐𝟗億元", "٤٤%", "①"]


def _naive(source: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, int, str]]:
    """The definition, quadratic: every span tested against every token, lines counted anew."""
    from checks.text.scan import number_tokens

    return [
        (
            tok.text,
            source.count("\n", 0, tok.start) + 1,
            "; ".join(label for start, end, label in spans if start < tok.end and tok.start < end),
        )
        for tok in number_tokens(source)
    ]


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pieces=st.lists(
        st.sampled_from(
            [
                "12.5亿元",
                "20%",
                "\n",
                "第3代",
                "下一代",
                "一个",
                "约4亿元",
                "x",
                "，",
                "2021年至2024年",
            ]
        ),
        max_size=40,
    ),
    raw_spans=st.lists(st.tuples(st.integers(0, 120), st.integers(0, 12)), max_size=12),
)
def test_the_sweep_gives_what_the_definition_gives(
    pieces: list[str], raw_spans: list[tuple[int, int]]
) -> None:
    """Overlapping, nested, empty and out-of-order spans: same cover, same labels, same lines."""
    source = "".join(pieces)
    spans = [(s, s + w, f"s{i}") for i, (s, w) in enumerate(raw_spans)]
    case = SimpleNamespace(source=source, facts=SimpleNamespace(file=f"d/{CASE_ID}/facts.csv"))
    frame = check_coverage(cast(Case, case), spans, [])
    got = list(zip(frame["token"], frame["line"], frame["covered_by"], strict=True))
    assert got == _naive(source, spans)
