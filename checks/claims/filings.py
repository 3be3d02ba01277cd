"""Mark the external rows that have no filing to check: no filed figure for any operand.

Externally each article figure is replaced by its filed counterpart. Where none of a claim's
operands has one (and no operand is itself a filed figure), the external scenario would only
repeat the internal verdict, which says nothing about the filings. Such a row says so
instead: verdict `unverifiable`, `missing` set to `NO_FILING`, nothing computed. Its reviewed
external verdict may be left empty in claims.csv (an empty review matches it, and only it);
`empty_reviews` refuses an empty one where an operand is filed, before anything is evaluated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from checks.claims.batch import FactIntervals
from checks.claims.explain import EXPLAIN_COLUMNS
from checks.claims.specs import ClaimSpec
from checks.claims.verdicts import Scenario, Verdict
from checks.problems import Problem, ProblemCode

__all__ = [
    "NO_FILING",
    "blank_unfiled",
    "empty_reviews",
    "filed_operands",
    "has_filing",
    "mark_no_filing",
    "unfiled_rows",
]

NO_FILING = "no filing"


def filed_operands(spec: ClaimSpec, fx: FactIntervals) -> list[str]:
    """Say which operands of `spec` read a filed figure externally, each in a few words."""
    out = []
    for fid in spec.fact_ids:
        rec = fx.records.get(fid)
        if fid == spec.stated or rec is None:
            continue
        if rec.origin == "reference":
            out.append(f"{fid!r} is a filed figure (reference.csv line {rec.line})")
        elif fid in fx.counterpart:
            out.append(f"{fid!r} has the filed counterpart {fx.counterpart[fid]!r}")
    return out


def has_filing(spec: ClaimSpec, fx: FactIntervals) -> bool:
    """Say whether some operand of `spec` reads a filed figure in the external scenario."""
    return bool(filed_operands(spec, fx))


def empty_reviews(specs: Sequence[ClaimSpec], fx: FactIntervals, file: str) -> list[Problem]:
    """Refuse each empty reviewed_external of a claim that has a filing: a verdict is due.

    An empty review stands for "there is no filing to check against"; where an operand is
    filed, the external scenario gives a verdict, and the reviewer has to work it out.
    """
    words = ", ".join(v.value for v in Verdict)
    out = []
    for spec in specs:
        filed = filed_operands(spec, fx) if spec.reviewed[Scenario.EXTERNAL] is None else []
        if filed:
            out.append(
                Problem(
                    file,
                    spec.line,
                    "reviewed_external",
                    ProblemCode.EMPTY_REVIEW,
                    f"reviewed_external '' is empty, but claim {spec.claim_id!r} has a filing: "
                    f"operand {'; operand '.join(filed)}; give the verdict the filed figures "
                    f"give ({words}); leave it empty only where no operand has a filed figure",
                )
            )
    return out


def unfiled_rows(
    claim_ids: np.ndarray, scenarios: np.ndarray, specs: Sequence[ClaimSpec], fx: FactIntervals
) -> np.ndarray:
    """Say, per evaluation row of one case, whether it is an external row without a filing."""
    unfiled = [s.claim_id for s in specs if not has_filing(s, fx)]
    if not unfiled:
        return np.zeros(len(claim_ids), dtype=bool)
    rows: np.ndarray = (scenarios == "external") & np.isin(claim_ids, unfiled)
    return rows


def blank_unfiled(columns: dict[str, np.ndarray], rows: np.ndarray) -> None:
    """Mark `rows` of an evaluation (its columns as arrays, changed in place) as having no filing.

    The verdict becomes unverifiable with `missing` = NO_FILING; nothing computed, implied,
    consistent or explained is left on them.
    """
    if not rows.any():
        return
    columns["verdict"][rows] = "unverifiable"
    columns["missing"][rows] = NO_FILING
    columns["distance"][rows] = 0.0
    for name, values in columns.items():
        if name in _NUMBERS:
            values[rows] = np.nan
        elif name in _WORDS:
            values[rows] = ""


_BLANKED = ("computed_lo", "computed_hi", "grade", "implied_role", "implied_lo", "implied_hi",
            *EXPLAIN_COLUMNS, "not_computable")  # fmt: skip
"""What a row without a filing drops: everything computed, implied, consistent or explained."""
_NUMBERS = frozenset(c for c in _BLANKED if c.endswith(("_lo", "_hi")))
_WORDS = frozenset(_BLANKED) - _NUMBERS


def mark_no_filing(
    frame: pd.DataFrame, specs: Sequence[ClaimSpec], fx: FactIntervals
) -> pd.DataFrame:
    """Return `frame` with every external row of a claim without a filing marked as such."""
    if frame.empty:
        return frame
    rows = unfiled_rows(frame["claim_id"].to_numpy(), frame["scenario"].to_numpy(), specs, fx)
    if not rows.any():
        return frame
    columns = {str(c): frame[c].to_numpy(copy=True) for c in frame.columns}
    blank_unfiled(columns, rows)
    return pd.DataFrame(columns, index=frame.index)
