"""Find quotes verbatim in a case's source and check that every number in it is accounted for.

Coverage is what makes the facts complete: the scanner lists every number-like token of
source.txt, and each must lie inside a fact's stated figure or an exclusion, so a figure the
article states cannot be left out of the checks unnoticed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from checks.inputs.case import Case
from checks.problems import Problem, ProblemCode
from checks.text.scan import number_tokens

__all__ = ["check_coverage", "count_verbatim"]


def count_verbatim(text: str, part: str) -> int:
    """Count where `part` occurs in `text`, overlapping places included; 0 for an empty part.

    str.count skips overlaps ('11' is counted once in '111'), which would let a quote that
    occurs twice pass as unique.
    """
    if not part:
        return 0
    count, at = 0, text.find(part)
    while at != -1:
        count, at = count + 1, text.find(part, at + 1)
    return count


def check_coverage(
    case: Case, spans: list[tuple[int, int, str]], problems: list[Problem]
) -> pd.DataFrame:
    """Map every number-like token of the source to the fact or exclusion covering it.

    `spans` are (start, end, label) source offsets of the stated figures and exclusions; a
    token that no span overlaps is a problem (a figure nobody recorded), and so is a source
    with no number at all.
    """
    rows: list[dict[str, Any]] = []
    source_file = f"{case.facts.file.rsplit('/', 1)[0]}/source.txt"
    for tok in number_tokens(case.source):
        cover = [label for start, end, label in spans if start < tok.end and tok.start < end]
        line = case.source.count("\n", 0, tok.start) + 1
        rows.append(
            {
                "token": tok.text,
                "line": line,
                "start": tok.start,
                "covered": bool(cover),
                "covered_by": "; ".join(cover),
            }
        )
        if not cover:
            problems.append(
                Problem(
                    source_file,
                    line,
                    None,
                    ProblemCode.UNCOVERED_TOKEN,
                    f"number {tok.text!r} is neither a fact (facts.csv) nor an exclusion (excluded.csv with a reason); record it",
                )
            )
    if not rows:
        problems.append(
            Problem(
                source_file,
                None,
                None,
                ProblemCode.NO_NUMBERS,
                "no number-like token found; a case needs a source that states figures",
            )
        )
    return pd.DataFrame(rows, columns=["token", "line", "start", "covered", "covered_by"])
