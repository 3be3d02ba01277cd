"""Turn a case's valid facts into one array of intervals under its hedge policy.

`FactIntervals` is what compiling and evaluating claims read a case's facts from: the
interval of every fact in one array, with the fact ids' positions, units, and the
position each reads externally (its filed counterpart). `fact_intervals_of` computes the
intervals of many cases as one array (a batch of a corpus run), `fact_intervals` of one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from checks.inputs.facts import FactRecord, counterparts
from checks.numbers.hedge import HedgePolicy
from checks.numbers.interval import Interval

__all__ = ["POSITION", "FactIntervals", "fact_intervals", "fact_intervals_of"]

POSITION = np.int64
"""The dtype of fact positions."""


@dataclass
class FactIntervals:
    """The interval of every valid fact, in one array, with an index by fact id."""

    ids: list[str]
    index: dict[str, int]
    interval: Interval
    records: dict[str, FactRecord]
    counterpart: dict[str, str]  # article fact id -> reference fact id
    names: np.ndarray = field(init=False, repr=False)  # the ids, as an object array
    units: np.ndarray = field(init=False, repr=False)  # each fact's unit
    article: np.ndarray = field(init=False, repr=False)  # read internally: the article's own
    external: np.ndarray = field(init=False, repr=False)  # the position read externally

    def positions(self, ids: Iterable[str], count: int) -> np.ndarray:
        """Return the positions of `count` fact ids (one mapped look-up, no loop in Python)."""
        return np.fromiter(map(self.index.__getitem__, ids), POSITION, count)

    def __post_init__(self) -> None:
        recs = [self.records[f] for f in self.ids]
        self.names = np.array(self.ids, dtype=object).reshape(len(self.ids))
        self.units = np.array([r.unit for r in recs], dtype=object).reshape(len(recs))
        self.article = np.array([r.origin == "article" for r in recs], dtype=bool)
        self.external = np.arange(len(self.ids), dtype=np.int64)
        for fid, ref in self.counterpart.items():  # the filed figure stands in, externally
            self.external[self.index[fid]] = self.index[ref]


def fact_intervals(records: dict[str, FactRecord], policy: HedgePolicy) -> FactIntervals:
    """Turn every fact into its interval under `policy` (calendar years stay exact points)."""
    return fact_intervals_of([records], policy)[0]


def fact_intervals_of(
    cases: Sequence[dict[str, FactRecord]], policy: HedgePolicy
) -> list[FactIntervals]:
    """Return `fact_intervals` of each case's records, computed as one array for them all.

    A fact's interval depends on that fact alone, so many small cases cost one pass of the
    array code rather than one each (which was mostly numpy's fixed cost per call).
    """
    ids = [sorted(records) for records in cases]
    recs = [records[i] for records, names in zip(cases, ids, strict=True) for i in names]
    values = np.array([str(r.value) for r in recs], dtype=object)
    uppers = np.array([str(r.upper) if r.upper is not None else "" for r in recs], dtype=object)
    decimals = np.array([r.decimals for r in recs], dtype=np.int64)
    qualifiers = np.array([r.qualifier for r in recs], dtype=object)
    iv = policy.intervals(values, decimals, qualifiers, uppers)
    is_year = np.array([r.unit == "year" for r in recs], dtype=bool)
    if is_year.any():
        exact = np.array([float(r.value) for r in recs])
        iv = Interval.where(is_year, Interval(exact, exact), iv)
    bounds = np.cumsum([0, *map(len, ids)]).tolist()
    return [
        FactIntervals(
            names,
            {f: i for i, f in enumerate(names)},
            iv if len(cases) == 1 else iv[a:b],
            records,
            counterparts(records),
        )
        for records, names, a, b in zip(cases, ids, bounds[:-1], bounds[1:], strict=True)
    ]
