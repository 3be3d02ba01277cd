"""Find misattributed figures: an article figure that matches a filing, but of another concept.

"过去的8.68亿元" is presented as the previous annual cap, yet no filed cap is 8.68亿 while
Kingsoft Cloud's FY2023 revenue from Xiaomi was 868.3m: the figure is most likely that
revenue, attributed to the wrong concept. The rule, vectorized over article × reference
facts of one case (joined on entity and unit):

- the article figure agrees with no filed figure of its own concept and period (there is none,
  or it disagrees);
- a filed figure of the same entity and unit, of another concept or another period, lies
  within the article figure's rounding interval.

A heuristic, and what it trades away: it considers only plain figures (no hedge word, no
range) stated with at least three significant digits. A two-digit figure (7.7亿, 40%) lies
within rounding of many unrelated filed figures by chance, so a match says little; skipping
them loses the rare true misattribution of a short figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.inputs.facts import FactRecord
from checks.numbers.interval import Interval

__all__ = ["MIN_DIGITS", "MISATTRIBUTED_COLUMNS", "misattributed", "significant_digits"]

MIN_DIGITS = 3
MISATTRIBUTED_COLUMNS = ("fact_id", "matches", "concept", "period", "own")


def significant_digits(rec: FactRecord) -> int:
    """Count the digits a figure states: 8.68亿 (868000000, decimals −6) has 3."""
    if rec.value == 0:
        return 1
    return int(rec.value.adjusted()) + rec.decimals + 1


def misattributed(
    records: dict[str, FactRecord],
    ids: list[str],
    interval: Interval,
    linked: frozenset[tuple[str, str]] = frozenset(),
) -> pd.DataFrame:
    """Return one row per misattributed article figure and the filed figure it matches.

    `ids` and `interval` are the case's fact ids and their intervals (`FactIntervals`); a
    figure matching several filed figures names the first by fact id. `linked` holds the
    (article, reference) pairs a reviewer already compares with an `agrees` claim: such a
    figure is attributed on purpose (a holding filed six weeks later), so it is left out.
    Columns: `fact_id`,
    `matches` (the reference fact id), its `concept` and `period`, and `own` (the article
    figure's own filed counterpart, which disagrees, or "").
    """
    pos = {f: i for i, f in enumerate(ids)}
    refs = [r for r in records.values() if r.origin == "reference"]
    own_key = {(r.concept, r.entity, r.period, r.unit): r.fact_id for r in refs}
    arts = [
        r
        for r in records.values()
        if r.origin == "article"
        and r.qualifier == "none"
        and r.upper is None
        and r.unit != "year"
        and significant_digits(r) >= MIN_DIGITS
    ]
    if not arts or not refs:
        return pd.DataFrame(columns=list(MISATTRIBUTED_COLUMNS))
    left = pd.DataFrame(
        {"fact_id": [r.fact_id for r in arts], "entity": [r.entity for r in arts],
         "unit": [r.unit for r in arts], "a_concept": [r.concept for r in arts],
         "a_period": [r.period for r in arts]}
    )  # fmt: skip
    right = pd.DataFrame(
        {"matches": [r.fact_id for r in refs], "entity": [r.entity for r in refs],
         "unit": [r.unit for r in refs], "concept": [r.concept for r in refs],
         "period": [r.period for r in refs]}
    )  # fmt: skip
    pairs = left.merge(right, on=["entity", "unit"])
    if pairs.empty:
        return pd.DataFrame(columns=list(MISATTRIBUTED_COLUMNS))
    a = interval[np.array([pos[f] for f in pairs["fact_id"]], dtype=np.int64)]
    b = interval[np.array([pos[f] for f in pairs["matches"]], dtype=np.int64)]
    meets = a.intersects(b)
    same = (pairs["concept"] == pairs["a_concept"]) & (pairs["period"] == pairs["a_period"])
    same |= pd.Series(
        [(f, m) in linked for f, m in zip(pairs["fact_id"], pairs["matches"], strict=True)],
        index=pairs.index,
    )
    agrees_own = set(pairs.loc[same.to_numpy() & meets, "fact_id"])
    found = pairs[~same.to_numpy() & meets & ~pairs["fact_id"].isin(agrees_own).to_numpy()]
    found = found.sort_values(["fact_id", "matches"]).drop_duplicates("fact_id")
    own = [
        own_key.get((str(c), str(e), str(p), str(u)), "")
        for c, e, p, u in zip(
            found["a_concept"], found["entity"], found["a_period"], found["unit"], strict=True
        )
    ]
    out = found.assign(own=own)[list(MISATTRIBUTED_COLUMNS)]
    return out.reset_index(drop=True)
