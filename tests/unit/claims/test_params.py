"""Pin down the params cell of claims.csv: defaults filled in, every problem with its code.

The row-level messages (file, line, column) are pinned in test_claims_csv; here the cell
alone, against real kinds: a known pass and a known fail per rule.
"""

from __future__ import annotations

import pytest

from checks.claims.kinds import KINDS
from checks.claims.params import MAX_PARAM, is_number, read_params, split_pairs
from checks.problems import ProblemCode


def test_a_valid_cell_reads_with_defaults_filled_in() -> None:
    params, problems = read_params("direction=up; min_pp=1.5", KINDS["pp_change"])
    assert problems == []
    assert params is not None and params["direction"] == "up" and params["min_pp"] == "1.5"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("direction", ProblemCode.BAD_PARAMS),
        ("direction=up;direction=up", ProblemCode.DUPLICATE_PARAM),
        ("direction=up;colour=red", ProblemCode.UNKNOWN_PARAM),
        ("direction=sideways", ProblemCode.BAD_PARAM),
        (f"direction=up;min_pp={MAX_PARAM * 10}", ProblemCode.BAD_PARAM),
        ("direction=up;min_pp=-1", ProblemCode.BAD_PARAM),
    ],
)
def test_each_broken_cell_names_its_code(text: str, code: ProblemCode) -> None:
    params, problems = read_params(text, KINDS["pp_change"])
    assert params is None
    assert [c for c, _ in problems] == [code]


def test_a_missing_required_param_is_named() -> None:
    params, problems = read_params("", KINDS["cagr"])
    assert params is None
    assert [c for c, _ in problems] == [ProblemCode.MISSING_PARAM]


def test_split_pairs_and_is_number() -> None:
    assert split_pairs(" a = 1 ;; b=2 ") == [("a", "1"), ("b", "2")]
    assert split_pairs("a=1;b") is None
    assert is_number("12") and is_number("1.25")
    assert not is_number("-1") and not is_number("1e3") and not is_number("")
