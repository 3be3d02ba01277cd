"""Evaluate claims as array operations over a whole corpus, internally and against filings.

Cost grows with rows: `checks.claims.batch` compiles each case's claims to operand
positions; `evaluate_corpus` stacks the compiled cases into one fact array, and for each
group of claims sharing a kind and parameters (across every case) gathers the operands by
position and runs the kind's registered formula once. No Python runs per claim here.
Two scenarios run on the same claims:

- internal: only the article's own facts; an operand that only a filing gives is missing,
  so the claim is `unverifiable` and the value it implies is reported instead;
- external: each article fact is replaced by its reference counterpart (same concept,
  entity and period) where one exists, and reference facts fill operands the article lacks.
  The stated figure stays the article's: the question is whether what it says holds up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from checks.claims.batch import (
    ROLES,
    SCENARIOS,
    CompiledClaims,
    FactIntervals,
    GroupBlock,
    GroupKey,
    compile_claims,
    fact_intervals,
)
from checks.claims.computable import NOT_COMPUTABLE, not_computable_reasons, vacuous_rows
from checks.claims.explain import EXPLAIN_COLUMNS, explain
from checks.claims.kinds import KINDS, Operands
from checks.claims.specs import ClaimSpec
from checks.claims.verdicts import Grade, Verdict
from checks.numbers.ends import gap_between
from checks.numbers.interval import Interval

__all__ = [
    "COLUMNS",
    "SCENARIOS",
    "FactIntervals",
    "complete",
    "evaluate",
    "evaluate_columns",
    "evaluate_corpus",
    "fact_intervals",
]

COLUMNS = (
    "claim_id", "scenario", "verdict", "stated_lo", "stated_hi", "stated_lo_open",
    "stated_hi_open", "computed_lo", "computed_hi", "distance", "grade", "missing",
    "implied_role", "implied_lo", "implied_hi", "unit", "operands_used",
)  # fmt: skip
"""The evaluation frame's columns; `evaluate_corpus` puts `case_id` first."""

_INF = np.inf
_VERDICTS = (Verdict.HOLDS, Verdict.FAILS, Verdict.UNVERIFIABLE, Verdict.NOT_COMPUTABLE)
_HOLDS, _FAILS, _UNVERIFIABLE, _NOT_COMPUTABLE = range(len(_VERDICTS))
assert _VERDICTS[_NOT_COMPUTABLE].value == NOT_COMPUTABLE
_GRADES = ("", Grade.MAGNITUDE.value, Grade.DECISION.value)
_MAGNITUDE, _DECISION = 1, 2
_FLOATS = (
    "stated_lo",
    "stated_hi",
    "computed_lo",
    "computed_hi",
    "distance",
    "implied_lo",
    "implied_hi",
)
_BOOLS = ("stated_lo_open", "stated_hi_open")
_TEXT = tuple(name for name in COLUMNS if name not in (*_FLOATS, *_BOOLS))
_DTYPES = {**dict.fromkeys(_FLOATS, float), **dict.fromkeys(_BOOLS, bool)}
_BOTH = np.array([[0], [1]])  # add to a claim's row * 2: its internal and external rows
_SPARSE = {  # what a row without a failure or an implied value has
    "distance": 0.0,
    "grade": "",
    "implied_role": "",
    "implied_lo": np.nan,
    "implied_hi": np.nan,
}


class _Stacked:
    """The compiled cases of a corpus stacked: one fact array, positions shifted.

    The facts end with one more row, (−inf, inf): a missing operand's position −1 reads it,
    so gathering needs no masking.
    """

    def __init__(self, cases: Sequence[CompiledClaims]) -> None:
        fact_offsets = np.cumsum([0, *(c.facts.size for c in cases)])
        claim_offsets = np.cumsum([0, *(c.claims for c in cases)])
        self.facts = Interval.concatenate([*(c.facts for c in cases), Interval.unbounded((1,))])
        self.n = int(claim_offsets[-1])
        blocks: dict[GroupKey, list[tuple[int, int, int, GroupBlock]]] = defaultdict(list)
        for i, c in enumerate(cases):
            for key, block in c.groups.items():
                blocks[key].append((i, int(fact_offsets[i]), int(claim_offsets[i]), block))
        self.groups = {key: _stack(key, parts, cases) for key, parts in sorted(blocks.items())}


def _shift(pos: np.ndarray, offset: int) -> np.ndarray:
    return np.where(pos >= 0, pos + offset, -1) if offset else pos


def _stack(
    key: GroupKey, parts: list[tuple[int, int, int, GroupBlock]], cases: Sequence[CompiledClaims]
) -> dict[str, Any]:
    """Concatenate one group's blocks of every case (one array operation per block)."""
    first = parts[0][3]
    return {
        "rows": np.concatenate([b.rows + co for _, _, co, b in parts]),
        "slots": {
            role: np.concatenate([_shift(b.slots[role], fo) for _, fo, _, b in parts], axis=1)
            for role in first.slots
        },
        "items": [
            np.concatenate([_shift(b.items[k], fo) for _, fo, _, b in parts], axis=1)
            for k in range(len(first.items))
        ],
        "stated": None
        if first.stated is None
        else np.concatenate([b.stated + fo for _, fo, _, b in parts if b.stated is not None]),
        "stated_unit": np.concatenate([b.stated_unit for _, _, _, b in parts]),
        "implied_role": np.concatenate([b.implied_role for _, _, _, b in parts], axis=1),
        "as_of": np.concatenate(
            [np.full(len(b.rows), cases[i].as_of, dtype=float) for i, _, _, b in parts]
        ),
    }


def _ends(iv: Interval, shape: tuple[int, ...], mask: np.ndarray) -> Interval:
    """Take the ends of the masked rows of `iv` broadcast to `shape` (a region may be one row
    a claim), for the gap and the grade, which read no open flag (those are left closed)."""
    lo, hi = (np.broadcast_to(end, shape)[mask] for end in (iv.lo, iv.hi))
    closed = np.zeros(lo.shape, dtype=bool)
    return Interval._make(lo, hi, closed, closed)


_Sparse = list[tuple[np.ndarray, dict[str, np.ndarray]]]
"""Results only some rows have: (a mask of the group's (2, m) rows, the values there)."""


def _evaluate_group(
    key: GroupKey, g: dict[str, Any], facts: Interval
) -> tuple[dict[str, np.ndarray], _Sparse]:
    """Evaluate one group in both scenarios at once (shape (2, m)) with the kind's rules.

    Every formula is elementwise, so a row's result does not depend on the other rows:
    the two scenarios are one array, which halves the calls. The gap to the stated figure
    and the grade (failing rows) and the implied value (rows missing one operand) are
    computed and returned for those rows only; every other row has none.
    """
    kind = KINDS[key[0]]
    n = len(g["rows"])
    shape = (2, n)
    missing = np.zeros(shape, dtype=bool)
    ops: dict[str, Interval] = {}
    for role, pos in g["slots"].items():
        ops[role] = facts.take(pos)
        missing |= pos < 0
    items = []
    for pos in g["items"]:
        items.append(facts.take(pos))
        missing |= pos < 0
    stated = facts.take(g["stated"]) if g["stated"] is not None else None
    o = Operands(ops, items, dict(key[1]), g["as_of"], n, g["stated_unit"])
    computed = kind.computed(o)
    region = kind.region(stated, o)
    holds = region.intersects(computed)
    lost = bool(missing.any())  # a missing operand reads (−inf, inf): its rows are masked
    vacuous = vacuous_rows(computed, [*ops.values(), *items], holds)
    if lost:
        vacuous = vacuous & ~missing
    code = np.where(missing, _UNVERIFIABLE, np.where(vacuous, _NOT_COMPUTABLE, (~holds) * _FAILS))
    code = np.broadcast_to(code, shape)
    sparse: _Sparse = []
    fails = code == _FAILS
    if fails.any():
        r, c = _ends(region, shape, fails), _ends(computed, shape, fails)
        opposite = (r.hi <= 0) & (c.lo > 0) | (r.lo >= 0) & (c.hi < 0)
        grade = np.where(kind.directional | opposite, _DECISION, _MAGNITUDE)
        sparse.append(
            (fails, {"distance": gap_between(r, c, np.zeros(r.size, bool)), "grade": grade})
        )
    roles = g["implied_role"]
    if stated is not None:
        for role in np.flatnonzero(np.bincount(roles.ravel(), minlength=len(ROLES))[1:]) + 1:
            mask = roles == role
            got = kind.implied(ROLES[role], region, o)
            if got is not None:
                lo, hi = (np.broadcast_to(end, shape)[mask] for end in (got.lo, got.hi))
                sparse.append(
                    (mask, {"implied_role": roles[mask], "implied_lo": lo, "implied_hi": hi})
                )
    dense = {
        "verdict": code,
        "stated_lo": region.lo,
        "stated_hi": region.hi,
        "stated_lo_open": region.lo_open,
        "stated_hi_open": region.hi_open,
        "computed_lo": np.where(missing, np.nan, computed.lo) if lost else computed.lo,
        "computed_hi": np.where(missing, np.nan, computed.hi) if lost else computed.hi,
    }
    return dense, sparse


def evaluate_columns(cases: Sequence[CompiledClaims]) -> dict[str, np.ndarray]:
    """Evaluate every claim of every case in both scenarios, one formula per group.

    Returns one array per name of `COLUMNS`, a row per (case, claim, scenario) in case
    order, then claim order, then scenario: floats and booleans as numpy arrays, strings as
    object arrays taken from a few names per column (no per-row Python, no inference). This
    is what a run reads; `evaluate_corpus` makes the same columns a frame.

    The columns are the rows of three blocks, one per dtype, each allocated once: a fresh
    array costs a page fault per 4 KiB page it touches, and numpy asks for huge pages for an
    allocation of 4 MiB or more, so for a large corpus three blocks fault far less than a
    fresh array per column. Each group's results are written straight to their rows (a
    scatter per column and group), with no gather into row order afterwards.
    """
    stacked = _Stacked(cases)
    if not stacked.n:
        return {name: np.zeros(0, dtype=_DTYPES.get(name, object)) for name in COLUMNS}
    rows = 2 * stacked.n
    floats, flags = np.empty((len(_FLOATS), rows)), np.empty((len(_BOOLS), rows), dtype=bool)
    text = np.empty((len(_TEXT), rows), dtype=object)
    cols = {
        **dict(zip(_FLOATS, floats, strict=True)),
        **dict(zip(_BOOLS, flags, strict=True)),
        **dict(zip(_TEXT, text, strict=True)),
    }
    for name, blank in _SPARSE.items():
        cols[name].fill(blank)
    verdicts = np.empty(rows, dtype=np.intp)  # codes, named at the end by one gather
    for key, g in stacked.groups.items():
        rows_of = g["rows"] * 2 + _BOTH  # each claim's internal and external row
        dense, sparse = _evaluate_group(key, g, stacked.facts)
        verdicts[rows_of] = dense.pop("verdict")
        for name, values in dense.items():
            cols[name][rows_of] = values
        for mask, some in sparse:
            where = rows_of[mask]
            for name, got in some.items():
                cols[name][where] = _NAMED[name][got] if name in _NAMED else got
    _VERDICT_NAMES.take(verdicts, out=cols["verdict"], mode="clip")
    cols["scenario"][0::2], cols["scenario"][1::2] = SCENARIOS
    _interleave(cols["claim_id"], [(c.claim_ids, c.claim_ids) for c in cases])
    _interleave(cols["missing"], [(c.missing[0], c.missing[1]) for c in cases])
    _interleave(cols["unit"], [(c.units, c.units) for c in cases])
    _interleave(cols["operands_used"], [(c.used[0], c.used[1]) for c in cases])
    return {name: cols[name] for name in COLUMNS}


def evaluate_corpus(cases: Sequence[CompiledClaims]) -> pd.DataFrame:
    """`evaluate_columns` as a frame, with `case_id` as the first column."""
    if not sum(c.claims for c in cases):
        return pd.DataFrame(columns=["case_id", *COLUMNS])
    case_id = _objects([c.case_id for c in cases]).repeat([2 * c.claims for c in cases])
    columns = evaluate_columns(cases)
    return pd.DataFrame({"case_id": case_id, **{name: columns[name] for name in COLUMNS}})


def _objects(values: Sequence[str]) -> np.ndarray:
    """A few names as an object array, to take a column's strings from by code."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


_VERDICT_NAMES = _objects([v.value for v in _VERDICTS])
_NAMED = {"grade": _objects(_GRADES), "implied_role": _objects(ROLES)}  # sparse names, by code


def _interleave(out: np.ndarray, parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
    """Lay out the cases' per-claim values by row: each claim's internal, then external one.

    Two strided copies a case read each scenario's values in order, which touches the
    strings' reference counts in the order they were made (a transposed copy does not).
    """
    at = 0
    for internal, external in parts:
        end = at + 2 * len(internal)
        out[at:end:2], out[at + 1 : end : 2] = internal, external
        at = end


def complete(
    frame: pd.DataFrame, specs: Sequence[ClaimSpec], fx: FactIntervals, as_of: int
) -> pd.DataFrame:
    """Add a case's explanation and not_computable columns to its slice of the corpus frame.

    Failing rows carry the value that would have been consistent and the likely misreading
    (`checks.claims.explain`); not computable rows name the operand to blame. A case with
    neither (most cases) gets the columns empty without running either search.
    """
    verdicts = frame["verdict"].to_numpy()
    if ((verdicts == "fails") | (verdicts == NOT_COMPUTABLE)).any():
        frame = explain(frame, specs, fx, as_of)
        frame["not_computable"] = not_computable_reasons(frame, specs, fx)
        return frame
    n = len(frame)
    columns: dict[str, Any] = {
        name: np.full(n, np.nan) if name.endswith(("_lo", "_hi")) else np.full(n, "", dtype=object)
        for name in EXPLAIN_COLUMNS
    }
    return frame.assign(**columns, not_computable=np.full(n, "", dtype=object))


def evaluate(specs: Sequence[ClaimSpec], fx: FactIntervals, as_of: int) -> pd.DataFrame:
    """Evaluate one case's claims in both scenarios; one row per (claim, scenario).

    Failing rows also carry the value that would have been consistent and the likely
    misreading (`checks.claims.explain`); holding and unverifiable rows leave them empty.
    Not computable rows name the operand to blame in `not_computable` (empty elsewhere).
    """
    if not specs:
        return pd.DataFrame()
    frame = evaluate_corpus([compile_claims("", specs, fx, as_of)])
    return complete(frame.drop(columns=["case_id"]), specs, fx, as_of)
