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

from collections import defaultdict

import numpy as np
import pandas as pd

from checks.inputs.facts import FactRecord
from checks.numbers.interval import Interval

__all__ = [
    "MIN_DIGITS",
    "MISATTRIBUTED_COLUMNS",
    "misattributed",
    "misattributed_rows",
    "significant_digits",
]

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
    """Return `misattributed_rows` as a table, with the columns MISATTRIBUTED_COLUMNS."""
    rows = misattributed_rows(records, ids, interval, linked)
    if not rows:
        return pd.DataFrame(columns=list(MISATTRIBUTED_COLUMNS))
    return pd.DataFrame(rows, columns=list(MISATTRIBUTED_COLUMNS), dtype=object)


def misattributed_rows(
    records: dict[str, FactRecord],
    ids: list[str],
    interval: Interval,
    linked: frozenset[tuple[str, str]] = frozenset(),
) -> list[tuple[str, str, str, str, str]]:
    """Return one row per misattributed article figure and the filed figure it matches.

    `ids` and `interval` are the case's fact ids and their intervals (`FactIntervals`); a
    figure matching several filed figures names the first by fact id. `linked` holds the
    (article, reference) pairs a reviewer already compares with an `agrees` claim: such a
    figure is attributed on purpose (a holding filed six weeks later), so it is left out.
    Each row holds (MISATTRIBUTED_COLUMNS): `fact_id`,
    `matches` (the reference fact id), its `concept` and `period`, and `own` (the article
    figure's own filed counterpart, which disagrees, or ""). Plain tuples: a case's findings
    read them directly, and most cases have none (a table per case cost more than the rule).
    """
    pos = {f: i for i, f in enumerate(ids)}
    refs = [r for r in records.values() if r.origin == "reference"]
    own_key = {(r.concept, r.entity, r.period, r.unit): r.fact_id for r in refs}
    by_place: dict[tuple[str, str], list[FactRecord]] = defaultdict(list)
    for r in refs:
        by_place[(r.entity, r.unit)].append(r)
    pairs = [
        (art, ref)
        for art in records.values()
        if art.origin == "article"
        and art.qualifier == "none"
        and art.upper is None
        and art.unit != "year"
        and (art.entity, art.unit) in by_place
        and significant_digits(art) >= MIN_DIGITS
        for ref in by_place[(art.entity, art.unit)]
    ]  # every (article figure, filed figure) of one entity and unit: a case has a few dozen
    if not pairs:
        return []
    a = interval[np.array([pos[art.fact_id] for art, _ in pairs], dtype=np.int64)]
    b = interval[np.array([pos[ref.fact_id] for _, ref in pairs], dtype=np.int64)]
    agrees_own: set[str] = set()
    candidates: dict[str, list[str]] = defaultdict(list)
    for (art, ref), meets in zip(pairs, a.intersects(b).tolist(), strict=True):
        if not meets:
            continue
        own = (ref.concept == art.concept and ref.period == art.period) or (
            art.fact_id,
            ref.fact_id,
        ) in linked
        if own:
            agrees_own.add(art.fact_id)
        else:
            candidates[art.fact_id].append(ref.fact_id)
    rows: list[tuple[str, str, str, str, str]] = []
    for fid in sorted(set(candidates) - agrees_own):
        art, ref = records[fid], records[min(candidates[fid])]
        rows.append(
            (fid, ref.fact_id, ref.concept, ref.period,
             own_key.get((art.concept, art.entity, art.period, art.unit), ""))
        )  # fmt: skip
    return rows
