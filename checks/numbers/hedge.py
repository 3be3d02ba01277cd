"""Turn stated figures and their hedge words into intervals, by an explicit, named policy.

A figure stands for every value that the writer could have been rounding ("7.29亿元" →
[7.285, 7.295)亿 under 四舍五入); a hedge word widens or shifts that set ("约", "超",
"近", ...). `HedgePolicy` states exactly how, with parameters a case may override; its
`describe()` line is printed with every result so that a verdict always names its policy.

Bounds are computed exactly (in decimals or scaled integers) and only then rounded outward
to floats, so "7.29亿元" gives exactly [7.285e8, 7.295e8). `HedgePolicy.interval` is the
readable specification (Decimal arithmetic, one figure); `HedgePolicy.intervals` is the
same policy over arrays with numpy integer arithmetic (`checks.numbers.hedge_arrays`), tested equal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from enum import StrEnum
from typing import NamedTuple

from numpy.typing import ArrayLike

from checks.numbers.hedge_arrays import policy_intervals
from checks.numbers.interval import Interval
from checks.numbers.quantity import Qualifier, Quantity

__all__ = [
    "DEFAULT_POLICY",
    "SCALING_QUALIFIERS",
    "DoubledReading",
    "ExactBounds",
    "HedgePolicy",
    "RoundingRule",
]

_MAX_REL_PLACES = 6  # a relative margin has at most this many decimal places (0.000001)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class RoundingRule(StrEnum):
    """Name how the writer rounded: which true values a stated v (last digit 2h) stands for.

    - half_up (四舍五入, the default): [v − h, v + h) for v > 0, mirrored for v < 0
      ((v − h, v + h]), (−h, h) for v = 0 — halves round away from zero, like Excel ROUND.
    - half_even (四舍六入五成双, GB/T 8170): [v − h, v + h] if v's last digit is even,
      (v − h, v + h) if odd.
    - truncate (digits dropped): [v, v + 2h) for v > 0, mirrored for v < 0, (−2h, 2h) for 0.
    """

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    TRUNCATE = "truncate"


class DoubledReading(StrEnum):
    """Name how to read 翻倍/翻番 (the figure's value, normally the ratio 2).

    below_triple (the default): at least doubled and short of tripling, [2, 3). Chinese
    financial writing uses 翻倍增至 for any rise from 2× up ("从208.3亿元翻倍增至518亿元",
    2.49×), while 3× would be written 增长两倍 and 4× 翻两番; reading it as a point 2 would
    call such sentences false for a wording habit, not for a wrong figure.
    """

    BELOW_TRIPLE = "below_triple"  # [2, 3): at least doubled, short of tripling
    AT_LEAST = "at_least"  # [2, 2·(1 + more_than_rel)]: "doubled" means reached 2×
    ABOUT = "about"  # [2·(1 − about_rel), 2·(1 + about_rel)]


class ExactBounds(NamedTuple):
    """Hold the exact interval of one figure, in decimals, before rounding to floats."""

    lo: Decimal
    hi: Decimal
    lo_open: bool
    hi_open: bool

    def negated(self) -> ExactBounds:
        """Return the mirror image: the interval of −v from that of v."""
        return ExactBounds(-self.hi, -self.lo, self.hi_open, self.lo_open)


@dataclass(frozen=True)
class HedgePolicy:
    """Map (value, decimals, qualifier, upper) to an interval; every parameter documented.

    v is the stated value, h half a unit of its last digit, u = 2h one unit, R the rounding
    interval of `rounding`. Examples use the defaults (half-up; 亿 = 1e8).

    | qualifier | interval | example |
    | --- | --- | --- |
    | none | R | 7.29亿元 → [7.285, 7.295)亿; 44.8% → [44.75, 44.85) |
    | about (约, 左右) | R ∪ [v − a·v, v + a·v], a = about_rel | 约49.76亿元 → [48.7648, 50.7552]亿 |
    | more_than (超, 逾) | (v, v + max(m·v, u)], m = more_than_rel | 逾27亿港元 → (27, 29.7]亿; 超1.2倍 → (1.2, 1.32]; 超千亿 → (1000, 2000]亿 |
    | at_least (至少) | [v, v + max(m·v, u)] | 至少20亿 → [20, 22]亿 |
    | nearly (近, 接近) | [v − n·v, min(R.hi, v + n·v)], n = nearly_rel | 近7倍 → [6.3, 7.5); 近八成 → [72, 85)%; 近80% → [72, 80.5)% |
    | under (不足, 低于) | [v − max(w·v, u), v), w = under_rel | 不足10% → [9, 10)%; 不足1亿 → [0, 1)亿 |
    | doubled (翻倍) | see `DoubledReading` | 翻倍 → [2, 3) |
    | plus (多, 余) | (v, v + u): above v, short of the next last digit | 二十余家 → (20, 30); 4200多亿元 → (4200, 4300)亿 |
    | several (几, 数) | [2v, 10v): v is the power written | 数十亿元 → [20, 100)亿; 几家 → [2, 10) |
    | majority (过半) | (v, 2v]: more than half of the whole 2v | 过半 → (50, 100]% |
    | range (4–5亿元) | [R(low).lo, R(high).hi]; 约 widens both ends | 4–5亿元 → [3.5, 5.5)亿 |

    Why these defaults: a writer with a value 10% or a whole last digit above v writes a
    larger figure, so "more than" and "under" stop there (1.35倍 would be "超1.3倍", 30亿
    would not be "逾27亿"). "Nearly" and "about" are closeness words: relative margins only,
    so 近千亿 does not stretch to 1500亿; "nearly" may reach just above v within its
    rounding (近80% for 80.3%), never past v·(1 + n). ±2% for "about" lets a writer
    approximate a sum or a currency conversion while a 5% misstatement still fails; a
    coarse figure keeps its wider rounding interval (约84亿 is at least [83.5, 84.5)).
    Hedges on negative figures act on the magnitude: 亏损超5亿 stored as −5亿 is
    [−5.5, −5)亿.

    The vague words have no margin to tune: 多/余 say the true value lies past v yet below
    the next step of its last written digit (4200多 is not 4300), 数/几 say "a few of" a power
    of ten (from two up to short of ten), and 过半 says more than half of a whole.

    A policy that changes any parameter must carry its own `name` (results cite it).
    """

    name: str = "default-2026"
    rounding: RoundingRule = RoundingRule.HALF_UP
    about_rel: Decimal = Decimal("0.02")
    more_than_rel: Decimal = Decimal("0.1")
    nearly_rel: Decimal = Decimal("0.1")
    under_rel: Decimal = Decimal("0.1")
    doubled: DoubledReading = DoubledReading.BELOW_TRIPLE

    def __post_init__(self) -> None:
        normal, problems = _check({f.name: getattr(self, f.name) for f in fields(self)})
        if problems:
            raise ValueError(_report(problems))
        for key, value in normal.items():
            object.__setattr__(self, key, value)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> HedgePolicy:
        """Build a policy from a case's config; keys left out keep their defaults.

        Every key and value is checked here, all problems reported at once:
        `{"name": "loose", "about_rel": 0.05}` is valid; `{"abut_rel": 0.05}` raises
        "hedge policy: unknown key 'abut_rel'; valid keys: about_rel, doubled, ...".
        """
        valid = [f.name for f in fields(cls)]
        unknown = [
            f"unknown key {key!r}; valid keys: {', '.join(sorted(valid))}"
            for key in sorted(map(str, mapping))
            if key not in valid
        ]
        given = {k: v for k, v in mapping.items() if k in valid}
        defaults = {f.name: getattr(DEFAULT_POLICY, f.name) for f in fields(cls)}
        normal, problems = _check({**defaults, **given})
        if unknown or problems:
            raise ValueError(_report(unknown + problems))
        return cls(
            name=str(normal["name"]),
            rounding=RoundingRule(str(normal["rounding"])),
            about_rel=Decimal(str(normal["about_rel"])),
            more_than_rel=Decimal(str(normal["more_than_rel"])),
            nearly_rel=Decimal(str(normal["nearly_rel"])),
            under_rel=Decimal(str(normal["under_rel"])),
            doubled=DoubledReading(str(normal["doubled"])),
        )

    def describe(self) -> str:
        """Return the one-line description printed with every result.

        DEFAULT_POLICY.describe() == "default-2026: half-up rounding, about ±2%, more than/at
        least ≤+10% (or 1 last digit), nearly ≥−10%, under ≥−10% (or 1 last digit), doubled =
        at least 2×, under 3×".
        """
        rounding = {"half_up": "half-up", "half_even": "half-even", "truncate": "truncating"}
        doubled = {
            DoubledReading.BELOW_TRIPLE: "at least 2×, under 3×",
            DoubledReading.AT_LEAST: f"at least 2× (≤+{_pct(self.more_than_rel)})",
            DoubledReading.ABOUT: f"about 2× (±{_pct(self.about_rel)})",
        }[self.doubled]
        return (
            f"{self.name}: {rounding[self.rounding]} rounding, about ±{_pct(self.about_rel)}, "
            f"more than/at least ≤+{_pct(self.more_than_rel)} (or 1 last digit), "
            f"nearly ≥−{_pct(self.nearly_rel)}, under ≥−{_pct(self.under_rel)} (or 1 last digit), "
            f"doubled = {doubled}"
        )

    def interval(self, q: Quantity) -> Interval:
        """Return the interval of one stated quantity (exact bounds rounded outward)."""
        b = self.exact_bounds(q.value, q.decimals, q.qualifier, q.upper)
        return Interval.from_decimals(b.lo, b.hi, b.lo_open, b.hi_open)

    def intervals(
        self,
        values: ArrayLike,
        decimals: ArrayLike,
        qualifiers: ArrayLike,
        uppers: ArrayLike | None = None,
    ) -> Interval:
        """Return the intervals of many figures at once; equal, bound for bound, to `interval`.

        values/uppers: floats or decimal strings (or Decimals) in base units, at most 15
        significant digits; a missing upper is "", None or NaN. decimals: ints. qualifiers:
        `Qualifier`s or their string values. Problems are collected and raised once.
        """
        return policy_intervals(self, values, decimals, qualifiers, uppers)

    def exact_bounds(
        self, value: Decimal, decimals: int, qualifier: Qualifier | str, upper: Decimal | None
    ) -> ExactBounds:
        """Return the exact interval of one figure: the specification `intervals` follows."""
        if qualifier not in _QUALIFIERS:
            raise ValueError(f"hedge: {_qualifier_problem(qualifier)}")
        qual = Qualifier(qualifier)
        with localcontext() as ctx:  # exact: a wrong last digit here would be a silent lie
            ctx.prec, ctx.traps[Inexact] = 80, True
            problem = _figure_problem(value, decimals, qual, upper)
            if problem:
                raise ValueError(f"hedge: {problem}")
            low = self._single(value, decimals, qual)
            if upper is None:
                return low
            high = self._single(upper, decimals, qual)
        return ExactBounds(low.lo, high.hi, low.lo_open, high.hi_open)

    def _single(self, v: Decimal, d: int, qual: Qualifier) -> ExactBounds:
        if v < 0:
            return self._single(-v, d, qual).negated()
        h, u = Decimal(5).scaleb(-d - 1), Decimal(1).scaleb(-d)
        r = self._rounding(v, d, h, u)
        about, more = v * self.about_rel, v * self.more_than_rel
        if qual is Qualifier.NONE:
            return r
        if qual is Qualifier.ABOUT:
            return _hull(r, ExactBounds(v - about, v + about, False, False))
        if qual is Qualifier.MORE_THAN:
            return ExactBounds(v, v + max(more, u), True, False)
        if qual is Qualifier.AT_LEAST:
            return ExactBounds(v, v + max(more, u), False, False)
        if qual is Qualifier.NEARLY:
            near = v * self.nearly_rel
            top = ExactBounds(v - near, v + near, False, False)
            hi_open = r.hi_open if r.hi <= top.hi else False
            return ExactBounds(top.lo, min(r.hi, top.hi), False, hi_open)
        if qual is Qualifier.UNDER:
            return ExactBounds(v - max(v * self.under_rel, u), v, False, True)
        if qual is Qualifier.PLUS:
            return ExactBounds(v, v + u, True, True)
        if qual is Qualifier.SEVERAL:
            return ExactBounds(2 * v, 10 * v, False, True)
        if qual is Qualifier.MAJORITY:
            return ExactBounds(v, 2 * v, True, False)
        if self.doubled is DoubledReading.BELOW_TRIPLE:  # Qualifier.DOUBLED
            return ExactBounds(v, v * 3 / 2, False, True)
        if self.doubled is DoubledReading.AT_LEAST:
            return ExactBounds(v, v + more, False, False)
        return ExactBounds(v - about, v + about, False, False)

    def _rounding(self, v: Decimal, d: int, h: Decimal, u: Decimal) -> ExactBounds:
        """Return R for v ≥ 0 on the grid of 10**-d."""
        if self.rounding is RoundingRule.HALF_EVEN:
            odd = int(v.scaleb(d)) % 2 == 1
            return ExactBounds(v - h, v + h, odd, odd)
        if self.rounding is RoundingRule.HALF_UP:
            return ExactBounds(v - h, v + h, v == 0, True)
        if v == 0:
            return ExactBounds(-u, u, True, True)
        return ExactBounds(v, v + u, False, True)


SCALING_QUALIFIERS = frozenset({Qualifier.SEVERAL, Qualifier.MAJORITY, Qualifier.DOUBLED})
"""Hedges whose interval is a multiple of the value (几十 is 2-10 tens): 0 would be empty."""


def _qualifier_problem(qualifier: object) -> str:
    """Describe an unknown qualifier (shared by both paths)."""
    return f"qualifier {qualifier!r} is not valid; use one of {', '.join(sorted(_QUALIFIERS))}"


def _figure_problem(
    value: Decimal, decimals: int, qualifier: Qualifier, upper: Decimal | None
) -> str | None:
    """Describe what makes a figure unusable, or return None (shared by both paths)."""
    for what, x in (("value", value), ("upper", upper)):
        if x is None:
            continue
        scaled = x.scaleb(decimals) if x.is_finite() else x
        if not x.is_finite() or scaled != scaled.to_integral_value():
            return (
                f"{what} {x} has digits beyond decimals={decimals} (its last stated digit is "
                f"10^{-decimals}); fix decimals or the value"
            )
    if qualifier is Qualifier.DOUBLED and value <= 0:
        return f"qualifier 'doubled' needs a ratio above 0 (翻倍 is a ratio of 2), not {value}"
    if qualifier in SCALING_QUALIFIERS and value == 0:
        return (
            f"qualifier {qualifier.value!r} scales the stated value, so a value of 0 leaves no "
            "possible figure; state the figure it qualifies"
        )
    if upper is not None and upper < value:
        return f"upper {upper} is below value {value}; a range is written low–high"
    if upper is not None and qualifier not in (Qualifier.NONE, Qualifier.ABOUT):
        return f"qualifier {qualifier.value!r} on a range is not defined; use none or about"
    return None


def _hull(a: ExactBounds, b: ExactBounds) -> ExactBounds:
    lo_open = a.lo_open if a.lo < b.lo else b.lo_open if b.lo < a.lo else a.lo_open and b.lo_open
    hi_open = a.hi_open if a.hi > b.hi else b.hi_open if b.hi > a.hi else a.hi_open and b.hi_open
    return ExactBounds(min(a.lo, b.lo), max(a.hi, b.hi), lo_open, hi_open)


def _pct(rel: Decimal) -> str:
    return f"{(rel * 100).normalize():f}%"


def _report(problems: list[str]) -> str:
    if len(problems) == 1:
        return f"hedge policy: {problems[0]}"
    return f"hedge policy: {len(problems)} problems:\n" + "\n".join(f"  - {p}" for p in problems)


def _rel(key: str, value: object) -> tuple[Decimal | None, str | None]:
    """Read a relative margin: a number in [0, 1) with at most 6 decimal places."""
    hint = (
        f"{key}={value!r} is not valid; use a number in [0, 1) "
        f"with at most {_MAX_REL_PLACES} decimal places, e.g. 0.02"
    )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        return None, hint
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None, hint
    if not d.is_finite() or not 0 <= d < 1:
        return None, hint
    exponent = d.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_MAX_REL_PLACES:
        return None, hint
    return d, None


def _check(raw: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    """Check and normalize every policy field in one place; collect all problems."""
    normal: dict[str, object] = {}
    problems: list[str] = []
    name = raw["name"]
    normal["name"] = name
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        problems.append(
            f"name={name!r} is not valid; use 1-64 letters, digits, '.', '_' or '-', e.g. 'loose-2026'"
        )
    for key, enum in (("rounding", RoundingRule), ("doubled", DoubledReading)):
        choices = [m.value for m in enum]
        if isinstance(raw[key], str) and raw[key] in choices:
            normal[key] = enum(str(raw[key]))
        else:
            problems.append(f"{key}={raw[key]!r} is not valid; use one of {', '.join(choices)}")
    for key in ("about_rel", "more_than_rel", "nearly_rel", "under_rel"):
        rel, problem = _rel(key, raw[key])
        if problem:
            problems.append(problem)
        normal[key] = rel
    if not problems and name == _DEFAULT_NAME:
        changed = sorted(k for k, v in _DEFAULTS.items() if normal[k] != v)
        if changed:
            problems.append(
                f"name={name!r} is the default policy's, yet {', '.join(changed)} changed; "
                "give the policy its own name so results cite the right one"
            )
    return normal, problems


_QUALIFIERS = frozenset(q.value for q in Qualifier)
_DEFAULT_NAME = "default-2026"
_DEFAULTS: dict[str, object] = {
    "rounding": RoundingRule.HALF_UP,
    "doubled": DoubledReading.BELOW_TRIPLE,
    "about_rel": Decimal("0.02"),
    "more_than_rel": Decimal("0.1"),
    "nearly_rel": Decimal("0.1"),
    "under_rel": Decimal("0.1"),
}
DEFAULT_POLICY = HedgePolicy()
