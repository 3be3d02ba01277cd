"""Test checks.numbers.hedge: rounding rules exactly, hedge semantics, config validation, messages."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import policies, round_figure

from checks.numbers.hedge import (
    DEFAULT_POLICY,
    SCALING_QUALIFIERS,
    DoubledReading,
    ExactBounds,
    HedgePolicy,
    RoundingRule,
)
from checks.numbers.quantity import Qualifier, Quantity, Unit

Q = Qualifier
POLICIES = {
    rule.value: HedgePolicy(name=f"rule-{rule.value}", rounding=rule) for rule in RoundingRule
}
POLICIES["half_up"] = DEFAULT_POLICY


def _q(
    value: str, decimals: int, qualifier: Qualifier = Q.NONE, upper: str | None = None
) -> Quantity:
    return Quantity(
        value,
        Decimal(value),
        Unit.CNY,
        decimals,
        0,
        qualifier,
        None if upper is None else Decimal(upper),
    )


@pytest.mark.parametrize(
    ("stated", "value", "decimals", "qualifier", "upper", "expected"),
    [
        ("7.29亿元", "729000000", -6, Q.NONE, None, "[7.285e8, 7.295e8)"),
        ("44.8%", "44.8", 1, Q.NONE, None, "[44.75, 44.85)"),
        ("24%", "24", 0, Q.NONE, None, "[23.5, 24.5)"),
        ("约49.76亿元", "4976000000", -6, Q.ABOUT, None, "[4.87648e9, 5.07552e9]"),
        ("约84亿元", "8400000000", -8, Q.ABOUT, None, "[8.232e9, 8.568e9]"),
        ("约8亿元", "800000000", -8, Q.ABOUT, None, "[7.5e8, 8.5e8)"),
        ("逾27亿港元", "2700000000", -8, Q.MORE_THAN, None, "(2.7e9, 2.97e9]"),
        ("超1.2倍", "1.2", 1, Q.MORE_THAN, None, "(1.2, 1.32]"),
        ("超千亿", "100000000000", -11, Q.MORE_THAN, None, "(1e11, 2e11]"),
        ("至少20亿", "2000000000", -8, Q.AT_LEAST, None, "[2e9, 2.2e9]"),
        ("近7倍", "7", 0, Q.NEARLY, None, "[6.3, 7.5)"),
        ("近八成", "80", -1, Q.NEARLY, None, "[72, 85)"),
        ("近80%", "80", 0, Q.NEARLY, None, "[72, 80.5)"),
        ("近千亿", "100000000000", -11, Q.NEARLY, None, "[9e10, 1.1e11]"),
        ("不足10%", "10", 0, Q.UNDER, None, "[9, 10)"),
        ("不足1亿", "100000000", -8, Q.UNDER, None, "[0, 1e8)"),
        ("翻倍", "2", 0, Q.DOUBLED, None, "[2, 3)"),
        ("4–5亿元", "400000000", -8, Q.NONE, "500000000", "[3.5e8, 5.5e8)"),
        ("23.10亿元-40.35亿元", "2310000000", -6, Q.NONE, "4035000000", "[2.3095e9, 4.0355e9)"),
        ("约4–5亿元", "400000000", -8, Q.ABOUT, "500000000", "[3.5e8, 5.5e8)"),
        ("亏损超5亿 (stored -5亿)", "-500000000", -8, Q.MORE_THAN, None, "[-6e8, -5e8)"),
        ("亏损7.7亿 (stored -7.7亿)", "-770000000", -7, Q.NONE, None, "(-7.75e8, -7.65e8]"),
        ("0", "0", 0, Q.NONE, None, "(-0.5, 0.5)"),
    ],
)
def test_default_policy_examples(
    stated: str, value: str, decimals: int, qualifier: Qualifier, upper: str | None, expected: str
) -> None:
    assert repr(DEFAULT_POLICY.interval(_q(value, decimals, qualifier, upper))) == expected, stated


def test_other_readings_of_doubled_and_rounding() -> None:
    about = HedgePolicy(name="doubled-about", doubled=DoubledReading.ABOUT)
    assert repr(about.interval(_q("2", 0, Q.DOUBLED))) == "[1.96, 2.04]"
    at_least = HedgePolicy(name="doubled-at-least", doubled=DoubledReading.AT_LEAST)
    assert repr(at_least.interval(_q("2", 0, Q.DOUBLED))) == "[2, 2.2]"
    even = POLICIES["half_even"]
    assert repr(even.interval(_q("44.8", 1))) == "[44.75, 44.85]"
    assert repr(even.interval(_q("44.7", 1))) == "(44.65, 44.75)"
    # 44.9 is no double: the float above it is shown
    assert repr(POLICIES["truncate"].interval(_q("44.8", 1))) == "[44.8, 44.900000000000006)"
    assert repr(POLICIES["truncate"].interval(_q("-44.8", 1))) == "(-44.900000000000006, -44.8]"


def _contains(b: ExactBounds, t: Fraction) -> bool:
    lo, hi = Fraction(b.lo), Fraction(b.hi)
    return (lo < t or (lo == t and not b.lo_open)) and (t < hi or (t == hi and not b.hi_open))


@given(
    rule=st.sampled_from(sorted(POLICIES)),
    k=st.integers(-(10**6), 10**6),
    d=st.integers(-8, 4),
    near=st.sampled_from([Fraction(-1, 2), Fraction(1, 2), Fraction(0), Fraction(1), Fraction(-1)]),
    nudge=st.sampled_from([Fraction(0), Fraction(0), Fraction(1, 10**6), Fraction(-1, 10**6)]),
    spread=st.integers(-(2**20), 2**20),
)
def test_rounding_interval_is_exactly_what_rounds_to_the_figure(
    rule: str, k: int, d: int, near: Fraction, nudge: Fraction, spread: int
) -> None:
    """t lies in the exact interval of v iff a writer rounding t gets v: both directions."""
    value = Decimal(k).scaleb(-d)
    offset = near + nudge if spread % 3 else Fraction(spread, 2**21)
    t = (k + offset) * Fraction(10) ** -d
    bounds = POLICIES[rule].exact_bounds(value, d, Q.NONE, None)
    assert _contains(bounds, t) == (round_figure(t, d, rule) == value)


QUALIFIERS = st.sampled_from(list(Qualifier))


@given(policy=policies(), k=st.integers(1, 10**7), d=st.integers(-10, 4), qual=QUALIFIERS)
def test_hedge_semantics(policy: HedgePolicy, k: int, d: int, qual: Qualifier) -> None:
    v = Decimal(k).scaleb(-d)
    u, h = Decimal(1).scaleb(-d), Decimal(5).scaleb(-d - 1)
    b = policy.exact_bounds(v, d, qual, None)
    plain = policy.exact_bounds(v, d, Q.NONE, None)
    assert b.lo <= b.hi
    if qual is Q.ABOUT:
        assert b.lo <= min(plain.lo, v - policy.about_rel * v)
        assert b.hi >= max(plain.hi, v + policy.about_rel * v)
    elif qual is Q.MORE_THAN:
        assert (b.lo, b.lo_open) == (v, True) and b.hi >= v + u and not b.hi_open
    elif qual is Q.AT_LEAST:
        assert (b.lo, b.lo_open) == (v, False) and b.hi == v + max(u, policy.more_than_rel * v)
    elif qual is Q.NEARLY:
        assert b.lo == v - policy.nearly_rel * v and b.hi <= plain.hi
    elif qual is Q.UNDER:
        assert (b.hi, b.hi_open) == (v, True) and b.lo == v - max(u, policy.under_rel * v)
    elif qual is Q.DOUBLED:
        assert b.lo <= v <= b.hi
    elif qual is Q.PLUS:  # 二十余: above v, short of the next step of its last digit
        assert (b.lo, b.hi, b.lo_open, b.hi_open) == (v, v + u, True, True)
    elif qual is Q.SEVERAL:  # 数十: from two up to short of ten times the power written
        assert (b.lo, b.hi, b.lo_open, b.hi_open) == (2 * v, 10 * v, False, True)
    elif qual is Q.MAJORITY:  # 过半: more than half of the whole 2v
        assert (b.lo, b.hi, b.lo_open, b.hi_open) == (v, 2 * v, True, False)
    else:
        width = u if policy.rounding is RoundingRule.TRUNCATE else 2 * h
        assert b.hi - b.lo == width


@given(policy=policies(), k=st.integers(1, 10**7), d=st.integers(-10, 4), qual=QUALIFIERS)
def test_negative_figures_mirror_the_magnitude(
    policy: HedgePolicy, k: int, d: int, qual: Qualifier
) -> None:
    assume(qual is not Qualifier.DOUBLED)  # 翻倍 is a ratio above zero; -2 is refused
    v = Decimal(k).scaleb(-d)
    assert policy.exact_bounds(-v, d, qual, None) == policy.exact_bounds(v, d, qual, None).negated()


@given(
    policy=policies(),
    k=st.integers(-(10**7), 10**7),
    d=st.integers(-10, 4),
    qual=QUALIFIERS,
    power=st.sampled_from([4, 8, -4]),
)
def test_rescaling_the_unit_rescales_the_interval(
    policy: HedgePolicy, k: int, d: int, qual: Qualifier, power: int
) -> None:
    assume(qual is not Qualifier.DOUBLED or k > 0)  # 翻倍 states a positive ratio
    assume(qual not in SCALING_QUALIFIERS or k != 0)  # 0 scaled is no figure: refused
    """7.29亿元 and 729000000元 are one figure: same interval, scaled by 10**8."""
    v = Decimal(k).scaleb(-d)
    small = policy.exact_bounds(v, d, qual, None)
    big = policy.exact_bounds(v.scaleb(power), d - power, qual, None)
    assert big.lo == small.lo.scaleb(power) and big.hi == small.hi.scaleb(power)
    assert (big.lo_open, big.hi_open) == (small.lo_open, small.hi_open)


@given(policy=policies(), k=st.integers(-(10**9), 10**9), d=st.integers(-12, 6), qual=QUALIFIERS)
def test_float_interval_is_the_tightest_outward_rounding(
    policy: HedgePolicy, k: int, d: int, qual: Qualifier
) -> None:
    assume(qual is not Qualifier.DOUBLED or k > 0)  # 翻倍 states a positive ratio
    assume(qual not in SCALING_QUALIFIERS or k != 0)  # 0 scaled is no figure: refused
    v = Decimal(k).scaleb(-d)
    exact = policy.exact_bounds(v, d, qual, None)
    got = policy.interval(_q(str(v), d, qual)).item()
    assert Fraction(got.lo) <= Fraction(exact.lo) < Fraction(float(np.nextafter(got.lo, math.inf)))
    if exact.hi.is_infinite():  # "at least doubled" has no upper end
        assert got.hi == math.inf
    else:
        hi = Fraction(exact.hi)
        assert Fraction(float(np.nextafter(got.hi, -math.inf))) < hi <= Fraction(got.hi)
    assert (got.lo_open, got.hi_open) == (exact.lo_open, exact.hi_open)


@pytest.mark.parametrize(
    ("value", "decimals", "qualifier", "upper", "message"),
    [
        (
            "44.85",
            1,
            Q.NONE,
            None,
            "hedge: value 44.85 has digits beyond decimals=1 (its last stated digit is 10^-1); "
            "fix decimals or the value",
        ),
        ("5", 0, Q.NONE, "4", "hedge: upper 4 is below value 5; a range is written low–high"),
        (
            "4",
            0,
            Q.MORE_THAN,
            "5",
            "hedge: qualifier 'more_than' on a range is not defined; use none or about",
        ),
    ],
)
def test_unusable_figures_are_refused_with_a_message(
    value: str, decimals: int, qualifier: Qualifier, upper: str | None, message: str
) -> None:
    with pytest.raises(ValueError) as err:
        DEFAULT_POLICY.interval(_q(value, decimals, qualifier, upper))
    assert str(err.value) == message


def test_unknown_qualifier_is_refused() -> None:
    with pytest.raises(ValueError) as err:
        DEFAULT_POLICY.exact_bounds(Decimal(1), 0, "roughly", None)
    assert str(err.value) == (
        "hedge: qualifier 'roughly' is not valid; use one of about, at_least, doubled, majority, "
        "more_than, nearly, none, plus, several, under"
    )


# ------------------------------------------------------------------ configuration
def test_describe_names_the_policy_and_every_parameter() -> None:
    assert DEFAULT_POLICY.describe() == (
        "default-2026: half-up rounding, about ±2%, more than/at least ≤+10% (or 1 last digit), "
        "nearly ≥−10%, under ≥−10% (or 1 last digit), doubled = at least 2×, under 3×"
    )
    loose = HedgePolicy.from_mapping(
        {"name": "loose", "about_rel": 0.05, "rounding": "half_even", "doubled": "about"}
    )
    assert loose.describe() == (
        "loose: half-even rounding, about ±5%, more than/at least ≤+10% (or 1 last digit), "
        "nearly ≥−10%, under ≥−10% (or 1 last digit), doubled = about 2× (±5%)"
    )


def test_from_mapping_reads_a_case_config() -> None:
    policy = HedgePolicy.from_mapping(
        {"name": "wide-2026", "more_than_rel": "0.25", "nearly_rel": 0.2}
    )
    assert policy.more_than_rel == Decimal("0.25") and policy.nearly_rel == Decimal("0.2")
    assert policy.about_rel == DEFAULT_POLICY.about_rel and policy.rounding is RoundingRule.HALF_UP
    assert HedgePolicy.from_mapping({}) == DEFAULT_POLICY
    assert (
        HedgePolicy.from_mapping({"name": "default-2026", "about_rel": "0.020"}) == DEFAULT_POLICY
    )


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            {"abut_rel": 0.05},
            "hedge policy: unknown key 'abut_rel'; valid keys: about_rel, doubled, more_than_rel, "
            "name, nearly_rel, rounding, under_rel",
        ),
        (
            {"name": "x", "about_rel": 1.5},
            "hedge policy: about_rel=1.5 is not valid; use a number in [0, 1) with at most 6 "
            "decimal places, e.g. 0.02",
        ),
        (
            {"name": "x", "nearly_rel": True},
            "hedge policy: nearly_rel=True is not valid; use a number in [0, 1) with at most 6 "
            "decimal places, e.g. 0.02",
        ),
        (
            {"name": "x", "under_rel": "0.0000001"},
            "hedge policy: under_rel='0.0000001' is not valid; use a number in [0, 1) with at "
            "most 6 decimal places, e.g. 0.02",
        ),
        (
            {"name": "x", "rounding": "up"},
            "hedge policy: rounding='up' is not valid; use one of half_up, half_even, truncate",
        ),
        (
            {"name": "", "doubled": 2},
            "hedge policy: 2 problems:\n"
            "  - name='' is not valid; use 1-64 letters, digits, '.', '_' or '-', e.g. 'loose-2026'\n"
            "  - doubled=2 is not valid; use one of below_triple, at_least, about",
        ),
        (
            {"more_than_rel": 0.2},
            "hedge policy: name='default-2026' is the default policy's, yet more_than_rel "
            "changed; give the policy its own name so results cite the right one",
        ),
        (
            {"abut_rel": 1, "more_than_rel": -0.1, "name": "x"},
            "hedge policy: 2 problems:\n"
            "  - unknown key 'abut_rel'; valid keys: about_rel, doubled, more_than_rel, name, "
            "nearly_rel, rounding, under_rel\n"
            "  - more_than_rel=-0.1 is not valid; use a number in [0, 1) with at most 6 decimal "
            "places, e.g. 0.02",
        ),
    ],
)
def test_from_mapping_reports_every_problem_at_once(
    mapping: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError) as err:
        HedgePolicy.from_mapping(mapping)
    assert str(err.value) == message


def test_the_constructor_checks_too() -> None:
    with pytest.raises(ValueError, match="about_rel=Decimal"):
        HedgePolicy(name="x", about_rel=Decimal("2"))
    loose: dict[str, object] = {"name": "x", "about_rel": 0.05}  # a float, as JSON gives it
    assert HedgePolicy(**loose).about_rel == Decimal("0.05")  # type: ignore[arg-type, unused-ignore]


@pytest.mark.parametrize("value", ["0", "-2"])
def test_a_doubled_figure_must_state_a_positive_ratio(value: str) -> None:
    with pytest.raises(ValueError) as err:
        DEFAULT_POLICY.exact_bounds(Decimal(value), 0, Qualifier.DOUBLED, None)
    assert str(err.value) == (
        f"hedge: qualifier 'doubled' needs a ratio above 0 (翻倍 is a ratio of 2), not {value}"
    )
    with pytest.raises(ValueError, match="needs a ratio above 0"):
        DEFAULT_POLICY.intervals([value], [0], ["doubled"])
    assert DEFAULT_POLICY.exact_bounds(Decimal(2), 0, Qualifier.DOUBLED, None).lo == 2


@pytest.mark.parametrize("qualifier", [Qualifier.SEVERAL, Qualifier.MAJORITY])
def test_a_scaling_hedge_on_zero_is_refused(qualifier: Qualifier) -> None:
    message = (
        f"qualifier {qualifier.value!r} scales the stated value, so a value of 0 leaves no "
        "possible figure; state the figure it qualifies"
    )
    with pytest.raises(ValueError) as err:
        DEFAULT_POLICY.exact_bounds(Decimal(0), 0, qualifier, None)
    assert str(err.value) == f"hedge: {message}"
    with pytest.raises(ValueError, match="leaves no possible figure"):
        DEFAULT_POLICY.intervals(["0"], [0], [qualifier.value])
    assert DEFAULT_POLICY.exact_bounds(Decimal(10), 0, qualifier, None).lo >= 10
