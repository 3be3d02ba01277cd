"""Mark the external rows that have no filing to check: no filed figure for any operand.

Externally each article figure is replaced by its filed counterpart. Where none of a claim's
operands has one (and no operand is itself a filed figure), the external scenario would only
repeat the internal verdict, which says nothing about the filings. Such a row says so
instead: verdict `unverifiable`, `missing` set to `NO_FILING`, nothing computed. Its reviewed
external verdict may be left empty in claims.csv (an empty review matches it, and only it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from checks.claims.batch import FactIntervals
from checks.claims.specs import ClaimSpec

__all__ = ["NO_FILING", "has_filing", "mark_no_filing"]

NO_FILING = "no filing"


def has_filing(spec: ClaimSpec, fx: FactIntervals) -> bool:
    """Say whether some operand of `spec` reads a filed figure in the external scenario."""
    for fid in spec.fact_ids:
        if fid == spec.stated:
            continue
        rec = fx.records.get(fid)
        if rec is not None and (rec.origin == "reference" or fid in fx.counterpart):
            return True
    return False


def mark_no_filing(
    frame: pd.DataFrame, specs: Sequence[ClaimSpec], fx: FactIntervals
) -> pd.DataFrame:
    """Return `frame` with every external row of a claim without a filing marked as such."""
    if frame.empty:
        return frame
    unfiled = {s.claim_id for s in specs if not has_filing(s, fx)}
    rows = (frame["scenario"].to_numpy() == "external") & frame["claim_id"].isin(unfiled).to_numpy()
    if not rows.any():
        return frame
    out = frame.copy()
    out.loc[rows, "verdict"] = "unverifiable"
    out.loc[rows, "missing"] = NO_FILING
    for column in ("computed_lo", "computed_hi", "implied_lo", "implied_hi"):
        out.loc[rows, column] = np.nan
    out.loc[rows, "distance"] = 0.0
    for column in ("grade", "implied_role"):
        out.loc[rows, column] = ""
    for column in ("consistent_lo", "consistent_hi", "explanation_lo", "explanation_hi"):
        if column in out:
            out.loc[rows, column] = np.nan
    for column in ("consistent_role", "explanation", "explanation_detail", "explanations",
                   "not_computable"):  # fmt: skip
        if column in out:
            out.loc[rows, column] = ""
    return out
