"""Pin down how problems print, sort, cap and travel inside a DataError, and the code registry.

The registry test reads every checks module: each `ProblemCode.X` it names must be
registered, each registered code must be named somewhere (a code nothing reports is dead),
and the README's table of codes must equal the registry.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from checks.problems import MAX_SHOWN, DataError, Problem, ProblemCode, format_problems


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
    problem = Problem("f", 1, None, "bad-csv", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.line = 2  # type: ignore[misc]


def test_format_problems_sorts_by_file_then_line() -> None:
    problems = [
        Problem("b.csv", 2, None, "bad-csv", "second file"),
        Problem("a.csv", 10, None, "bad-csv", "line ten"),
        Problem("a.csv", 9, None, "bad-csv", "line nine"),
    ]
    assert (
        format_problems(problems) == "a.csv:9: line nine\na.csv:10: line ten\nb.csv:2: second file"
    )


def test_format_problems_caps_the_list() -> None:
    problems = [Problem("a.csv", n, None, "bad-csv", f"problem {n}") for n in range(1, 8)]
    assert format_problems(problems, limit=3) == (
        "a.csv:1: problem 1\na.csv:2: problem 2\na.csv:3: problem 3\n"
        "... and 4 more problem(s) not shown"
    )
    assert format_problems(problems, limit=7).count("\n") == 6
    assert MAX_SHOWN == 50


def test_data_error_carries_every_problem_sorted() -> None:
    second = Problem("b.csv", 1, None, "bad-csv", "two")
    first = Problem("a.csv", 1, None, "bad-csv", "one")
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


# --- the registry of problem codes ----------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]


def _named_codes() -> dict[str, set[str]]:
    """Map each `ProblemCode.<NAME>` named in the package (outside problems.py) to its files."""
    named: dict[str, set[str]] = {}
    for path in sorted((REPO / "checks").rglob("*.py")):
        if path.name == "problems.py" and path.parent.name == "checks":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "ProblemCode"
            ):
                named.setdefault(node.attr, set()).add(str(path.relative_to(REPO)))
    return named


def test_every_code_the_package_names_is_registered() -> None:
    unknown = sorted(set(_named_codes()) - set(ProblemCode.__members__) - {"of"})
    assert unknown == []


def test_every_registered_code_is_reported_somewhere() -> None:
    unused = sorted(set(ProblemCode.__members__) - set(_named_codes()))
    assert unused == [], f"registered but never reported: {unused}"


def test_codes_are_kebab_case_with_one_line_of_meaning() -> None:
    for member in ProblemCode:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", member.value), member
        assert member.value == member.name.lower().replace("_", "-"), member
        assert member.meaning and "\n" not in member.meaning, member
        assert not member.meaning.endswith("."), member


def test_a_problem_takes_a_registered_code_and_refuses_any_other() -> None:
    problem = Problem("a.csv", 2, None, "not-utf8", "m")
    assert problem.code is ProblemCode.NOT_UTF8
    with pytest.raises(ValueError) as err:
        Problem("a.csv", 2, None, "not-a-code", "m")
    assert str(err.value) == (
        "problem code 'not-a-code' is not registered; add it to ProblemCode with one line of meaning"
    )


def test_readme_lists_every_code_with_its_meaning() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(
        r"<!-- problem-codes: generated from checks.problems.ProblemCode -->\n(.*?)<!-- /problem-codes -->",
        readme,
        re.S,
    )
    assert found, "README.md lacks the problem-codes table"
    rows = "".join(f"| `{m.value}` | {m.meaning} |\n" for m in ProblemCode)
    expected = "| code | meaning |\n| --- | --- |\n" + rows
    assert found.group(1) == expected, (
        "README's problem codes differ from ProblemCode:\n" + expected
    )
