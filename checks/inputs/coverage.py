"""Find quotes verbatim in a case's source and check that every number in it is accounted for.

Coverage is what makes the facts complete: the scanner lists every number-like token of
source.txt, and each must lie inside a fact's stated figure or an exclusion, so a figure the
article states cannot be left out of the checks unnoticed.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

import numpy as np
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


def _line_starts(text: str) -> list[int]:
    """Return the offset where each line of `text` starts (line 1 at offset 0)."""
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def check_coverage(
    case: Case, spans: list[tuple[int, int, str]], problems: list[Problem]
) -> pd.DataFrame:
    """Map every number-like token of the source to the fact or exclusion covering it.

    `spans` are (start, end, label) source offsets of the stated figures and exclusions; a
    token that no span overlaps is a problem (a figure nobody recorded), and so is a source
    with no number at all. A token's cover lists the spans in the order given.

    Linear in the text: tokens come sorted by start and the spans are sorted once, so one
    sweep keeps only the spans that can still overlap the next token, and a token's line is
    found by bisecting the line starts. (Counting line breaks from the start of the text
    for every token, and testing every span against every token, was quadratic: a 4.5 MB
    source did not finish in a minute. `benchmarks/bench_coverage.py` measures it.)
    """
    columns: dict[str, Any] = {
        "token": [],
        "line": [],
        "start": [],
        "covered": [],
        "covered_by": [],
    }  # one list per column: pandas builds them faster than a dict per token
    source_file = f"{case.facts.file.rsplit('/', 1)[0]}/source.txt"
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    line_starts = _line_starts(case.source)
    active: list[int] = []  # spans that start before the current token ends
    nxt = 0
    for tok in number_tokens(case.source):
        while nxt < len(order) and spans[order[nxt]][0] < tok.end:
            active.append(order[nxt])
            nxt += 1
        active = [i for i in active if spans[i][1] > tok.start]  # later tokens start later
        cover = [spans[i][2] for i in sorted(active)]
        line = bisect_right(line_starts, tok.start)
        column = tok.start - line_starts[line - 1] + 1
        columns["token"].append(tok.text)
        columns["line"].append(line)
        columns["start"].append(tok.start)
        columns["covered"].append(bool(cover))
        columns["covered_by"].append("; ".join(cover))
        if not cover:
            problems.append(
                Problem(
                    source_file,
                    line,
                    None,
                    ProblemCode.UNCOVERED_TOKEN,
                    f"column {column} (character {tok.start} of the text): number {tok.text!r} is neither a fact (facts.csv) nor an exclusion (excluded.csv with a reason); record it",
                )
            )
    if not columns["token"]:
        problems.append(
            Problem(
                source_file,
                None,
                None,
                ProblemCode.NO_NUMBERS,
                "no number-like token found; a case needs a source that states figures",
            )
        )
        return pd.DataFrame([], columns=[*columns])
    for name, dtype in (("line", np.int64), ("start", np.int64), ("covered", bool)):
        columns[name] = np.array(columns[name], dtype=dtype)  # typed: pandas infers less
    return pd.DataFrame(columns)
