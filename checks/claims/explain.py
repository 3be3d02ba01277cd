"""Explain the failing claims of one case: the consistent value and the likely misreading.

`explain` runs after evaluation, on the failing rows only (few, even in a large corpus): it
compiles those claims again (`checks.claims.batch`), recomputes each group with its kind's
registered rules, and gathers what the searches need from the fact table (the stated figure's
digits, operand units, other-period figures of each operand). It adds result columns and
never touches a verdict, a distance or a grade.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from checks.claims.batch import SCENARIOS, FactIntervals, compile_claims
from checks.claims.consistent import consistent
from checks.claims.kinds import KINDS, Kind, Operands
from checks.claims.misreadings import Alternates, Failed, search
from checks.claims.operands import Ref
from checks.claims.specs import ClaimSpec, unit_of
from checks.inputs.facts import FactRecord
from checks.numbers.interval import Interval

__all__ = ["EXPLAIN_COLUMNS", "explain"]

EXPLAIN_COLUMNS = (
    "consistent_role", "consistent_lo", "consistent_hi", "explanation", "explanation_detail",
    "explanation_lo", "explanation_hi", "explanations",
)  # fmt: skip
#: Kinds whose region is the stated figure itself (pp_change's only when it states one).
_FIGURE_KINDS = frozenset(
    {"share", "growth", "change", "multiple", "total", "cagr", "product", "agrees", "pp_change"}
)


def _empty(n: int) -> dict[str, Any]:
    nan = np.full(n, np.nan)
    blank = [""] * n
    return {
        "consistent_role": blank,
        "consistent_lo": nan,
        "consistent_hi": nan.copy(),
        "explanation": blank,
        "explanation_detail": blank,
        "explanation_lo": nan.copy(),
        "explanation_hi": nan.copy(),
        "explanations": blank,
    }


def _stated_arrays(
    kind: str, params: dict[str, str], specs: Sequence[ClaimSpec], fx: FactIntervals
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the stated figures signed in the result unit, their last digit, plain, 倍 flags.

    A figure stated with a fall word (`direction=down`) is its magnitude: read it negative.
    """
    n = len(specs)
    value, step = np.full(n, np.nan), np.zeros(n)
    plain, ratio = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if kind not in _FIGURE_KINDS:
        return value, step, plain, ratio
    for i, spec in enumerate(specs):
        if not spec.stated:
            continue
        rec = fx.records[spec.stated]
        times = 100.0 if kind == "growth" and rec.unit == "ratio" else 1.0
        sign = -1.0 if params.get("direction") == "down" else 1.0
        value[i] = float(rec.value) * times * sign
        step[i] = 10.0 ** (-rec.decimals) * times
        plain[i] = rec.qualifier == "none" and rec.upper is None
        ratio[i] = times != 1.0
    return value, step, plain, ratio


def _visible(rec: FactRecord, scenario: str, fx: FactIntervals) -> bool:
    if scenario == "internal":
        return rec.origin == "article"
    return rec.origin == "reference" or rec.fact_id not in fx.counterpart


def _alternates(
    specs: Sequence[ClaimSpec],
    roles: Sequence[str],
    scenario: str,
    fx: FactIntervals,
) -> Alternates:
    """List, for every single-fact operand, the figures of its concept and entity in other periods."""
    by_key: dict[tuple[str, str, str], list[FactRecord]] = defaultdict(list)
    for rec in fx.records.values():
        if _visible(rec, scenario, fx):
            by_key[(rec.concept, rec.entity, rec.unit)].append(rec)
    rows: list[int] = []
    role_of: list[str] = []
    ids: list[str] = []
    periods: list[str] = []
    own: list[str] = []
    for i, spec in enumerate(specs):
        for role in roles:
            expr = spec.operands[role][0]
            if not isinstance(expr, Ref):
                continue
            used = _resolve(expr.fact_id, scenario, fx)
            if used is None:
                continue
            rec = fx.records[used]
            for other in sorted(
                by_key[(rec.concept, rec.entity, rec.unit)], key=lambda r: r.fact_id
            ):
                if other.period != rec.period and other.fact_id not in spec.fact_ids:
                    rows.append(i)
                    role_of.append(role)
                    ids.append(other.fact_id)
                    periods.append(other.period)
                    own.append(rec.period)
    if not rows:
        return Alternates.none()
    return Alternates(
        np.array(rows, dtype=np.int64),
        role_of,
        ids,
        periods,
        own,
        fx.interval[np.array([fx.index[f] for f in ids], dtype=np.int64)],
    )


def _resolve(fid: str, scenario: str, fx: FactIntervals) -> str | None:
    """Name the fact a scenario reads for `fid` (as `checks.claims.batch` resolves it)."""
    if scenario == "internal":
        return fid if fx.records[fid].origin == "article" else None
    return fx.counterpart.get(fid, fid)


def _gather(facts: Interval, pos: np.ndarray) -> Interval:
    return facts[np.where(pos < 0, 0, pos)]


def explain(
    frame: pd.DataFrame, specs: Sequence[ClaimSpec], fx: FactIntervals, as_of: int
) -> pd.DataFrame:
    """Return `frame` (one row per claim and scenario) with the explanation columns added."""
    n = len(frame)
    cols = _empty(n)
    cols = {k: (list(v) if isinstance(v, list) else v.copy()) for k, v in cols.items()}
    if n:
        by_id = {s.claim_id: s for s in specs}
        for s, scenario in enumerate(SCENARIOS):
            where = np.flatnonzero(
                (frame["verdict"].to_numpy() == "fails")
                & (frame["scenario"].to_numpy() == scenario)
            )
            if where.size == 0:
                continue
            failing = [by_id[c] for c in frame["claim_id"].to_numpy()[where].tolist()]
            _explain_scenario(failing, where, s, scenario, fx, as_of, cols)
    return frame.assign(**cols)


def _explain_scenario(
    failing: list[ClaimSpec],
    where: np.ndarray,
    s: int,
    scenario: str,
    fx: FactIntervals,
    as_of: int,
    cols: dict[str, Any],
) -> None:
    """Recompute the failing claims of one scenario group by group and fill their columns."""
    compiled = compile_claims("", failing, fx, as_of)
    facts = compiled.facts
    for key, block in compiled.groups.items():
        kind, params = KINDS[key[0]], dict(key[1])
        m = len(block.rows)
        ops = {role: _gather(facts, pos[s]) for role, pos in block.slots.items()}
        items = [_gather(facts, pos[s]) for pos in block.items]
        as_ofs = np.full(m, float(as_of))
        o = Operands(ops, items, params, as_ofs, m, block.stated_unit)
        stated = facts[block.stated] if block.stated is not None else None
        computed = kind.computed(o)
        region = kind.region(stated, o)

        def compute(
            o2: dict[str, Interval],
            it2: list[Interval],
            _p: dict[str, str] = params,
            _k: Kind = kind,
        ) -> Interval:
            size = len(next(iter(o2.values()))) if o2 else len(it2[0])
            unit = np.full(size, "", dtype=object)
            return _k.computed(Operands(o2, it2, _p, np.full(size, float(as_of)), size, unit))

        group_specs = [failing[r] for r in block.rows.tolist()]
        found, good = _search(kind.name, params, group_specs, scenario, fx, ops, items,
                              region, computed, compute)  # fmt: skip
        for k, r in enumerate(block.rows.tolist()):
            i = int(where[r])
            cols["consistent_role"][i] = good.role[k]
            cols["consistent_lo"][i], cols["consistent_hi"][i] = good.value.lo[k], good.value.hi[k]
            cols["explanation"][i], cols["explanation_detail"][i] = found.name[k], found.detail[k]
            cols["explanation_lo"][i], cols["explanation_hi"][i] = found.lo[k], found.hi[k]
            cols["explanations"][i] = found.names[k]


def _search(
    kind: str,
    params: dict[str, str],
    specs: Sequence[ClaimSpec],
    scenario: str,
    fx: FactIntervals,
    ops: dict[str, Interval],
    items: list[Interval],
    region: Interval,
    computed: Interval,
    compute: Any,
) -> tuple[Any, Any]:
    """Run the consistent-value rule and the misreading registry over one failing group."""
    good = consistent(kind, params, ops, items, computed, bool(specs[0].stated))
    value, step, plain, ratio = _stated_arrays(kind, params, specs, fx)
    units = {
        role: np.array([unit_of(s.operands[role][0], fx.records) or "" for s in specs])
        for role in ops
    }
    failed = Failed(
        kind, params, region, computed, ops, items, value, step, plain, ratio, units, compute,
        _alternates(specs, list(ops), scenario, fx),
    )  # fmt: skip
    return search(failed), good
