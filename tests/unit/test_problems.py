"""Pin down how problems print, sort, cap and travel inside a DataError."""

from __future__ import annotations

import dataclasses

import pytest

from checks.problems import MAX_SHOWN, DataError, Problem, format_problems


@pytest.mark.parametrize(
    ("problem", "shown"),
    [
        (
            Problem("datasets/x/facts.csv", 17, "unit", "unit-known", "unit 'RMB1' is not known"),
            "datasets/x/facts.csv:17: column 'unit': unit 'RMB1' is not known",
        ),
        (
            Problem("datasets/x/facts.csv", 3, None, "cell-count", "has 3 cells"),
            "datasets/x/facts.csv:3: has 3 cells",
        ),
        (
            Problem("datasets/x/source.txt", None, None, "source-changed", "SHA-256 differs"),
            "datasets/x/source.txt: SHA-256 differs",
        ),
        (
            Problem("datasets/x/case.json", None, "as_of", "bad-config", "as_of is bad"),
            "datasets/x/case.json: column 'as_of': as_of is bad",
        ),
    ],
)
def test_problem_str(problem: Problem, shown: str) -> None:
    assert str(problem) == shown


def test_problem_is_frozen() -> None:
    problem = Problem("f", 1, None, "c", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.line = 2  # type: ignore[misc]


def test_format_problems_sorts_by_file_then_line() -> None:
    problems = [
        Problem("b.csv", 2, None, "x", "second file"),
        Problem("a.csv", 10, None, "x", "line ten"),
        Problem("a.csv", 9, None, "x", "line nine"),
    ]
    assert (
        format_problems(problems) == "a.csv:9: line nine\na.csv:10: line ten\nb.csv:2: second file"
    )


def test_format_problems_caps_the_list() -> None:
    problems = [Problem("a.csv", n, None, "x", f"problem {n}") for n in range(1, 8)]
    assert format_problems(problems, limit=3) == (
        "a.csv:1: problem 1\na.csv:2: problem 2\na.csv:3: problem 3\n"
        "... and 4 more problem(s) not shown"
    )
    assert format_problems(problems, limit=7).count("\n") == 6
    assert MAX_SHOWN == 50


def test_data_error_carries_every_problem_sorted() -> None:
    second = Problem("b.csv", 1, None, "x", "two")
    first = Problem("a.csv", 1, None, "x", "one")
    exc = DataError([second, first])
    assert exc.problems == [first, second]
    assert str(exc) == "a.csv:1: one\nb.csv:1: two"


def test_data_error_needs_a_problem() -> None:
    with pytest.raises(ValueError) as exc:
        DataError([])
    assert str(exc.value) == "DataError needs at least one problem"


def test_problems_of_one_file_with_and_without_line_sort() -> None:
    # e.g. pipeline: claims.csv 'cell-count' (line 7) next to 'unchecked-counterpart' (no line)
    whole = Problem("claims.csv", None, "claim_id", "unchecked-counterpart", "no agrees claim")
    row = Problem("claims.csv", 7, None, "cell-count", "has 9 cells but the header has 10")
    assert format_problems([row, whole]) == (
        "claims.csv: column 'claim_id': no agrees claim\n"
        "claims.csv:7: has 9 cells but the header has 10"
    )
    assert DataError([row, whole]).problems == [whole, row]
