"""Search the common misreadings that reproduce a failing claim's stated figure: a registry.

A claim that fails says by how much; this says what the writer most likely did. Each
misreading is a pure, vectorized function over the failing claims of one group: it recomputes
the claim as the writer may have (over one year too few, with a quarter for a half-year, ...)
and marks the rows where that recomputation meets the stated figure. It only explains: the
verdict stays `fails` (a reading that reproduces a wrong figure does not make it right).

The registry order is the order of preference when several misreadings fit a row: the
smallest slip first (truncating a digit), the largest (another period's figure) last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from checks.numbers import metrics as M
from checks.numbers.interval import Interval
from checks.numbers.quantity import MONEY_UNITS

__all__ = [
    "MISREADINGS",
    "Alternates",
    "Compute",
    "Explanation",
    "Failed",
    "Found",
    "Misreading",
    "other_period",
    "percent_vs_points",
    "scale_slip",
    "search",
    "sign_slip",
    "times_vs_times_more",
    "truncation",
    "years_off_by_one",
]

Compute = Callable[[dict[str, Interval], list[Interval]], Interval]
_LEVEL_UNITS = frozenset({*MONEY_UNITS, "shares", "count"})
#: Scale slips: the factor a figure is off by, and the words mixed up.
_SCALES = ((1e4, "亿 read as 万 (×10^4)"), (1e-4, "万 read as 亿 (×10^-4)"),
           (1e3, "千元 read as 元 (×10^3)"), (1e-3, "元 read as 千元 (×10^-3)"))  # fmt: skip
_SIGNED_KINDS = frozenset({"growth", "pp_change", "change", "cagr", "agrees", "total"})


@dataclass(frozen=True)
class Alternates:
    """Other-period figures of an operand's concept and entity: one row per candidate.

    `rows` indexes the failing claims; `role` names the operand a candidate would replace.
    """

    rows: np.ndarray
    role: list[str]
    fact_id: list[str]
    period: list[str]
    own_period: list[str]
    interval: Interval

    @classmethod
    def none(cls) -> Alternates:
        return cls(np.zeros(0, dtype=np.int64), [], [], [], [], Interval.empty((0,)))


@dataclass(frozen=True)
class Failed:
    """The failing claims of one group (one kind and parameter set), as row-aligned arrays.

    `region` is where the claim says the value lies and `computed` what the operands give,
    both in the result unit; `stated_value` is the stated figure, signed and in that unit
    (NaN where none is stated), with `stated_step` its last stated digit in that unit.
    `compute` recomputes the claim's formula from other operands.
    """

    kind: str
    params: dict[str, str]
    region: Interval
    computed: Interval
    ops: dict[str, Interval]
    items: list[Interval]
    stated_value: np.ndarray
    stated_step: np.ndarray
    stated_plain: np.ndarray  # no hedge word: the figure is a rounded value
    stated_ratio: np.ndarray  # a growth stated in 倍 (增长X倍)
    role_units: dict[str, np.ndarray]
    compute: Compute
    alternates: Alternates = field(default_factory=Alternates.none)

    @property
    def n(self) -> int:
        return int(np.shape(self.region.lo)[0])

    def take(self, rows: np.ndarray) -> Failed:
        """Return the failing claims at `rows` (rows may repeat), for expanded searches."""
        return replace(
            self,
            region=self.region[rows],
            computed=self.computed[rows],
            ops={r: iv[rows] for r, iv in self.ops.items()},
            items=[iv[rows] for iv in self.items],
            stated_value=self.stated_value[rows],
            stated_step=self.stated_step[rows],
            stated_plain=self.stated_plain[rows],
            stated_ratio=self.stated_ratio[rows],
            role_units={r: u[rows] for r, u in self.role_units.items()},
            alternates=Alternates.none(),
        )


@dataclass(frozen=True)
class Found:
    """What one misreading gives per failing claim: where it applies, the value, a detail."""

    applies: np.ndarray
    value: Interval
    detail: list[str]

    @classmethod
    def nowhere(cls, n: int) -> Found:
        return cls(np.zeros(n, dtype=bool), Interval.empty((n,)), [""] * n)


@dataclass(frozen=True)
class Misreading:
    """One common misreading: its stable name, what it says in plain words, its search."""

    name: str
    summary: str
    search: Callable[[Failed], Found]


def _meets(failed: Failed, value: Interval) -> np.ndarray:
    return np.asarray(failed.region.intersects(value) & ~value.is_empty)


def _best(n: int, tries: list[tuple[Interval, np.ndarray, str]], region: Interval) -> Found:
    """Keep, per row, the first try that meets the region."""
    applies = np.zeros(n, dtype=bool)
    lo, hi = np.full(n, np.inf), np.full(n, -np.inf)
    detail = [""] * n
    for value, ok, text in tries:
        new = ok & region.intersects(value) & ~value.is_empty & ~applies
        lo, hi = np.where(new, value.lo, lo), np.where(new, value.hi, hi)
        for i in np.flatnonzero(new).tolist():
            detail[i] = text
        applies |= new
    return Found(applies, Interval(lo, hi), detail)


def truncation(failed: Failed) -> Found:
    """The writer cut digits off instead of rounding: 17.78% written 17.7%.

    The stated figure then covers [v, v + one last digit) (towards zero for a negative v),
    not v ± half a digit; it applies where that meets what the operands give.
    """
    v, step = failed.stated_value, failed.stated_step
    ok = np.isfinite(v) & failed.stated_plain & (step > 0)
    v0, s0 = np.where(ok, v, 0.0), np.where(ok, step, 0.0)
    lo = np.where(v0 >= 0, v0, v0 - s0)
    hi = np.where(v0 >= 0, v0 + s0, v0)
    cut = Interval(lo, hi, v0 < 0, v0 >= 0).intersection(failed.computed)
    applies = ok & ~cut.is_empty
    return Found(applies, cut, ["the figure was truncated, not rounded"] * failed.n)


def sign_slip(failed: Failed) -> Found:
    """The sign or the direction word is reversed: a fall written as a rise, or back."""
    if failed.kind not in _SIGNED_KINDS:
        return Found.nowhere(failed.n)
    flipped = -failed.computed
    nonzero = ~failed.computed.contains(0.0)
    applies = _meets(failed, flipped) & nonzero
    return Found(applies, flipped, ["the sign (rise or fall) is reversed"] * failed.n)


def percent_vs_points(failed: Failed) -> Found:
    """A relative change written as percentage points, or a change in points as a percent."""
    if failed.kind == "pp_change":
        value = M.relative_change(failed.ops["new"], failed.ops["old"])
        text = "the relative change in percent was written as percentage points"
    elif failed.kind == "growth":
        value = M.pp_change(failed.ops["new"], failed.ops["old"])
        text = "the change in percentage points was written as a percent growth"
    else:
        return Found.nowhere(failed.n)
    ok = np.ones(failed.n, dtype=bool)
    if failed.kind == "growth":
        ok = failed.role_units["new"] == "pct"
    return Found(_meets(failed, value) & ok, value, [text] * failed.n)


def times_vs_times_more(failed: Failed) -> Found:
    """增长X倍 (grew by X times) and 是…的X倍 (X times as much) mixed up, either way."""
    if failed.kind == "growth":
        value = M.multiple(failed.ops["new"], failed.ops["old"]) * 100.0
        text = "增长X倍 (grew by X times) was written where new is X times old (是…的X倍)"
    elif failed.kind == "multiple":
        value = M.multiple(failed.ops["a"], failed.ops["b"]) - 1.0
        text = "是…的X倍 (X times as much) was written where a grew by X times (增长X倍)"
    else:
        return Found.nowhere(failed.n)
    return Found(_meets(failed, value), value, [text] * failed.n)


def years_off_by_one(failed: Failed) -> Found:
    """A CAGR compounded over one year too many or too few (2025-2030 is 5 years, not 6)."""
    if failed.kind != "cagr":
        return Found.nowhere(failed.n)
    years = int(failed.params["years"])
    tries = [
        (
            M.cagr(failed.ops["start"], failed.ops["end"], y),
            np.ones(failed.n, dtype=bool),
            f"compounded over {y} years instead of {years}",
        )
        for y in (years - 1, years + 1)
        if y >= 1
    ]
    return _best(failed.n, tries, failed.region)


def scale_slip(failed: Failed) -> Found:
    """A scale word mixed up (万 vs 亿, 元 vs 千元) in an operand or in the stated level."""
    tries: list[tuple[Interval, np.ndarray, str]] = []
    for role, iv in sorted(failed.ops.items()):
        ok = np.isin(failed.role_units[role], list(_LEVEL_UNITS))
        if not ok.any():
            continue
        for factor, words in _SCALES:
            ops = {**failed.ops, role: iv * factor}
            tries.append((failed.compute(ops, failed.items), ok, f"{role}: {words}"))
    if failed.kind in ("total", "agrees", "product", "change"):
        for factor, words in _SCALES:
            tries.append(
                (failed.computed * factor, np.ones(failed.n, dtype=bool), f"the figure: {words}")
            )
    return _best(failed.n, tries, failed.region)


def other_period(failed: Failed) -> Found:
    """An operand taken from another period of the same concept and entity (a quarter for H1)."""
    alt = failed.alternates
    if len(alt.rows) == 0:
        return Found.nowhere(failed.n)
    wide = failed.take(alt.rows)
    tries_value = Interval.empty((len(alt.rows),))
    for role in sorted(set(alt.role)):
        mask = np.array([r == role for r in alt.role])
        got = wide.compute({**wide.ops, role: alt.interval}, wide.items)
        tries_value = Interval.where(mask, got, tries_value)
    hit = wide.region.intersects(tries_value) & ~tries_value.is_empty
    applies = np.zeros(failed.n, dtype=bool)
    lo, hi = np.full(failed.n, np.inf), np.full(failed.n, -np.inf)
    detail = [""] * failed.n
    for k in np.flatnonzero(hit).tolist():  # candidates are few: the hits fewer
        i = int(alt.rows[k])
        if applies[i]:
            continue
        applies[i] = True
        lo[i], hi[i] = tries_value.lo[k], tries_value.hi[k]
        detail[i] = (
            f"{alt.role[k]} taken from {alt.period[k] or 'another period'} "
            f"({alt.fact_id[k]}) instead of {alt.own_period[k] or 'its own period'}"
        )
    return Found(applies, Interval(lo, hi), detail)


MISREADINGS: tuple[Misreading, ...] = (
    Misreading("truncation", "truncated instead of rounded", truncation),
    Misreading("sign_slip", "sign or direction reversed", sign_slip),
    Misreading("percent_vs_points", "percent and percentage points mixed up", percent_vs_points),
    Misreading("times_vs_times_more", "增长X倍 and 是…的X倍 mixed up", times_vs_times_more),
    Misreading("years_off_by_one", "compounding years off by one", years_off_by_one),
    Misreading("scale_slip", "scale word mixed up (万/亿, 元/千元)", scale_slip),
    Misreading("other_period", "an operand from another period", other_period),
)


@dataclass(frozen=True)
class Explanation:
    """The first misreading that fits each row (registry order), and every one that fits."""

    name: list[str]
    detail: list[str]
    lo: np.ndarray  # the recomputed value's bounds, NaN where nothing fits
    hi: np.ndarray
    names: list[str]


def search(failed: Failed, registry: tuple[Misreading, ...] = MISREADINGS) -> Explanation:
    """Run every misreading of `registry` over the failing claims; keep the first fit per row."""
    n = failed.n
    name, detail, names = [""] * n, [""] * n, [""] * n
    lo, hi = np.full(n, np.nan), np.full(n, np.nan)
    taken = np.zeros(n, dtype=bool)
    every: list[list[str]] = [[] for _ in range(n)]
    for m in registry:
        found = m.search(failed)
        for i in np.flatnonzero(found.applies).tolist():
            every[i].append(m.name)
            if not taken[i]:
                taken[i] = True
                name[i], detail[i] = m.name, found.detail[i]
                lo[i], hi[i] = float(found.value.lo[i]), float(found.value.hi[i])
    for i in range(n):
        names[i] = ",".join(every[i])
    return Explanation(name, detail, lo, hi, names)
