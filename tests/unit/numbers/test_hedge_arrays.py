"""Test checks.numbers.hedge_arrays: the array path equals the Decimal specification, bound for bound."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import policies

from checks.numbers.hedge import DEFAULT_POLICY, SCALING_QUALIFIERS, HedgePolicy
from checks.numbers.interval import Interval
from checks.numbers.quantity import Qualifier, Quantity, Unit


@dataclass(frozen=True)
class Row:
    value: Decimal
    decimals: int
    qualifier: Qualifier
    upper: Decimal | None


@st.composite
def rows(draw: st.DrawFn) -> Row:
    """Draw a figure: mostly realistic, sometimes outside the fast integer path."""
    d = draw(st.one_of(st.integers(-11, 4), st.sampled_from([-23, 25])))  # |d| > 22: slow path
    k = draw(st.one_of(st.integers(-(10**9), 10**9), st.integers(10**14, 10**15)))  # huge: slow
    qual = draw(st.sampled_from(list(Qualifier)))
    if qual is Qualifier.DOUBLED:  # 翻倍 states a positive ratio; 0 or less is refused
        k = abs(k) or 1
    elif qual in SCALING_QUALIFIERS:  # a scaled 0 is no figure; refused
        k = k or 1
    upper = None
    if qual in (Qualifier.NONE, Qualifier.ABOUT) and draw(st.booleans()):
        upper = Decimal(k + draw(st.integers(0, 10**6))).scaleb(-d)
    return Row(Decimal(k).scaleb(-d), d, qual, upper)


def _scalar(policy: HedgePolicy, r: Row) -> Interval:
    return policy.interval(
        Quantity(str(r.value), r.value, Unit.CNY, r.decimals, 0, r.qualifier, r.upper)
    )


@pytest.mark.slow
@given(policy=policies(), drawn=st.lists(rows(), min_size=1, max_size=12), as_float=st.booleans())
def test_vectorized_equals_scalar(policy: HedgePolicy, drawn: list[Row], as_float: bool) -> None:
    def cell(x: Decimal | None) -> object:
        if x is None:
            return np.nan if as_float else ""
        return float(x) if as_float else str(x)

    values = np.array([cell(r.value) for r in drawn], dtype=np.float64 if as_float else object)
    uppers = np.array([cell(r.upper) for r in drawn], dtype=np.float64 if as_float else object)
    got = policy.intervals(
        values,
        np.array([r.decimals for r in drawn]),
        np.array([r.qualifier for r in drawn], dtype=object),
        uppers,
    )
    for i, r in enumerate(drawn):
        if as_float and Decimal(repr(float(r.value))) != r.value:
            continue  # more digits than a float carries: strings are the supported form
        assert got[i].item() == _scalar(policy, r).item(), (r, got[i], _scalar(policy, r))


def test_pandas_columns_enums_and_no_uppers() -> None:
    frame = pd.DataFrame(
        {
            "value": ["729000000", "44.8", "1.2"],
            "decimals": [-6, 1, 1],
            "qualifier": [Qualifier.NONE, "none", Qualifier.MORE_THAN],
        }
    )
    got = DEFAULT_POLICY.intervals(frame["value"], frame["decimals"], frame["qualifier"])
    assert repr(got) == "Interval(shape=(3,): [7.285e8, 7.295e8), [44.75, 44.85), (1.2, 1.32])"


def test_every_problem_is_listed_with_its_row() -> None:
    with pytest.raises(ValueError) as err:
        DEFAULT_POLICY.intervals(
            np.array(["44.85", "1", "4", "", "5"], dtype=object),
            np.array([1, 0, 0, 0, 0]),
            np.array(["none", "roughly", "more_than", "none", "none"], dtype=object),
            np.array(["", "", "5", "", "4"], dtype=object),
        )
    assert str(err.value) == (
        "hedge: 5 of 5 figures unusable:\n"
        "  - row 0: value 44.85 has digits beyond decimals=1 (its last stated digit is 10^-1); "
        "fix decimals or the value\n"
        "  - row 1: qualifier 'roughly' is not valid; use one of about, at_least, doubled, majority, "
        "more_than, nearly, none, plus, several, under\n"
        "  - row 2: qualifier 'more_than' on a range is not defined; use none or about\n"
        "  - row 3: value is missing\n"
        "  - row 4: upper 4 is below value 5; a range is written low–high"
    )


def test_a_non_number_is_named() -> None:
    with pytest.raises(ValueError, match=r"hedge: value 'abc' at row 1 is not a number"):
        DEFAULT_POLICY.intervals(np.array(["1", "abc"], dtype=object), [0, 0], ["none", "none"])


def test_a_large_batch_equals_the_specification() -> None:
    """Every row of a large random batch matches the Decimal specification (speed: bench_hedge)."""
    n = 20_000
    rng = np.random.default_rng(0)
    k = rng.integers(1, 10**6, n)
    decimals = rng.integers(-8, 3, n)
    values = np.array(
        [str(Decimal(int(a)).scaleb(-int(b))) for a, b in zip(k, decimals, strict=True)],
        dtype=object,
    )
    quals = rng.choice([q.value for q in Qualifier], n).astype(object)
    got = DEFAULT_POLICY.intervals(values, decimals, quals)
    assert got.shape == (n,) and not got.is_empty.any()
    for i in rng.choice(n, 200, replace=False):
        b = DEFAULT_POLICY.exact_bounds(Decimal(values[i]), int(decimals[i]), quals[i], None)
        want = Interval.from_decimals(b.lo, b.hi, b.lo_open, b.hi_open)
        assert got[int(i)].item() == want.item(), (values[i], decimals[i], quals[i])
