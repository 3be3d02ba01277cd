"""Test checks.numbers.metrics: true values of rounded figures always land inside, inverses, losses."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import Figure, exact, inside, round_figure, rounded_figures

from checks.numbers import metrics as M
from checks.numbers.hedge import DEFAULT_POLICY
from checks.numbers.interval import Interval
from checks.numbers.quantity import Qualifier, Quantity, Unit

MONEY = rounded_figures(decimals=st.integers(-8, 2))
SIGNED = rounded_figures(decimals=st.integers(-8, 2), digits=st.integers(0, 10**6), sign=0)
NEAR_ZERO = rounded_figures(decimals=st.integers(-2, 3), digits=st.integers(0, 3), sign=0)
PERCENT = rounded_figures(decimals=st.integers(0, 2), digits=st.integers(0, 10**4), sign=0)
YEARS = st.integers(1, 10)


def stack(figures: list[Figure]) -> Interval:
    """Put the figures' intervals in one array, as the claims table does."""
    ivs = [f.interval for f in figures]
    return Interval(
        np.array([float(i.lo) for i in ivs]),
        np.array([float(i.hi) for i in ivs]),
        np.array([bool(i.lo_open) for i in ivs]),
        np.array([bool(i.hi_open) for i in ivs]),
    )


def pairs(
    a: st.SearchStrategy[Figure], b: st.SearchStrategy[Figure]
) -> st.SearchStrategy[list[tuple[Figure, Figure]]]:
    return st.lists(st.tuples(a, b), min_size=1, max_size=5)


def stated(true: Fraction, decimals: int) -> Figure:
    """Round a true derived value as a writer would and return that figure."""
    value = round_figure(true, decimals)
    q = Quantity(str(value), value, Unit.PCT, decimals)
    return Figure(true, value, decimals, DEFAULT_POLICY.interval(q))


def check_rows(
    fn: Callable[[Interval, Interval], Interval],
    truth: Callable[[Fraction, Fraction], Fraction | None],
    rows: list[tuple[Figure, Figure]],
) -> Interval:
    """Assert soundness row by row and that the vectorized call equals per-row calls."""
    result = fn(stack([r[0] for r in rows]), stack([r[1] for r in rows]))
    for i, (a, b) in enumerate(rows):
        want = truth(a.true, b.true)
        if want is not None:
            assert inside(result, i, want), (a, b, result[i], float(want))
        assert result[i].item() == fn(a.interval, b.interval).item()
    return result


def _ratio(x: Fraction, y: Fraction) -> Fraction | None:
    return None if y == 0 else x / y


@pytest.mark.slow
# ------------------------------------------------------------------ soundness
@given(rows=pairs(MONEY, MONEY))
def test_share_is_sound(rows: list[tuple[Figure, Figure]]) -> None:
    check_rows(M.share, lambda p, w: 100 * p / w, rows)


@pytest.mark.slow
@given(rows=pairs(SIGNED, SIGNED))
def test_magnitude_growth_is_sound(rows: list[tuple[Figure, Figure]]) -> None:
    check_rows(
        lambda n, o: M.growth(n, o, basis="magnitude"),
        lambda n, o: None if o == 0 else (abs(n) / abs(o) - 1) * 100,
        rows,
    )


@pytest.mark.slow
@given(rows=pairs(SIGNED, st.one_of(SIGNED, NEAR_ZERO)))
def test_signed_growth_is_sound(rows: list[tuple[Figure, Figure]]) -> None:
    check_rows(
        lambda n, o: M.growth(n, o, basis="signed"),
        lambda n, o: None if o == 0 else (n - o) / abs(o) * 100,
        rows,
    )


@pytest.mark.slow
@given(rows=pairs(PERCENT, PERCENT))
def test_pp_and_relative_change_are_sound(rows: list[tuple[Figure, Figure]]) -> None:
    check_rows(M.pp_change, lambda n, o: n - o, rows)
    check_rows(M.relative_change, lambda n, o: None if o == 0 else (n - o) / abs(o) * 100, rows)


@pytest.mark.slow
@given(rows=pairs(SIGNED, st.one_of(SIGNED, NEAR_ZERO)))
def test_multiple_and_product_are_sound(rows: list[tuple[Figure, Figure]]) -> None:
    check_rows(M.multiple, _ratio, rows)
    check_rows(M.product, lambda a, b: a * b, rows)


@pytest.mark.slow
@given(figures=st.lists(SIGNED, min_size=1, max_size=5), copies=st.integers(1, 3))
def test_total_is_sound(figures: list[Figure], copies: int) -> None:
    columns = [stack([f] * copies) for f in figures]
    result = M.total(*columns)
    for i in range(copies):
        assert inside(result, i, sum((f.true for f in figures), Fraction(0)))


def _rate_inside(iv: Interval, i: int, ratio: Fraction, years: int) -> bool:
    """Tell whether ((ratio)**(1/years) - 1)·100 lies in row i, without irrational numbers."""
    lo, hi = float(iv.lo[i]), float(iv.hi[i])
    low_ok = lo <= -100 or (1 + exact(lo) / 100) ** years <= ratio
    high_ok = hi == math.inf or (hi >= -100 and (1 + exact(hi) / 100) ** years >= ratio)
    return low_ok and high_ok


@pytest.mark.slow
@given(rows=pairs(MONEY, MONEY), years=YEARS, negative=st.booleans())
def test_cagr_is_sound(rows: list[tuple[Figure, Figure]], years: int, negative: bool) -> None:
    sign = -1 if negative else 1  # both ends losses: the CAGR of the magnitude
    start = stack([r[0] for r in rows]) * float(sign)
    end = stack([r[1] for r in rows]) * float(sign)
    result = M.cagr(start, end, years)
    for i, (s, e) in enumerate(rows):
        assert _rate_inside(result, i, e.true / s.true, years), (s, e, result[i])


@pytest.mark.slow
@given(rows=pairs(MONEY, PERCENT), years=YEARS)
def test_cagr_end_is_sound(rows: list[tuple[Figure, Figure]], years: int) -> None:
    check_rows(lambda s, r: M.cagr_end(s, r, years), lambda s, r: s * (1 + r / 100) ** years, rows)


def test_elapsed_years_spans_the_whole_start_and_end_years() -> None:
    """Founded in 2012, observed in 2025: (12, 14), which 十三年 meets and 十五年 does not."""
    span = M.elapsed_years(Interval.point(2012), Interval.point(2025))
    assert span.item() == (12.0, 14.0, True, True)
    assert bool(span.intersects(Interval.from_decimals("12.5", "13.5", hi_open=True)))
    assert not bool(span.intersects(Interval.from_decimals("14.5", "15.5", hi_open=True)))
    assert not bool(span.intersects(Interval(14, 15)))  # the open end is kept


def test_elapsed_years_over_arrays_and_unknown_years() -> None:
    starts = Interval([2012.0, -math.inf], [2012.0, math.inf])
    span = M.elapsed_years(starts, Interval.point(np.array([2025.0, 2025.0])))
    assert span.lo.tolist() == [12.0, -math.inf] and span.hi.tolist() == [14.0, math.inf]
    empty = M.elapsed_years(Interval.empty(), Interval.point(2025))
    assert bool(empty.is_empty)


@pytest.mark.slow
# ------------------------------------------------------------------ inverses
@given(rows=pairs(MONEY, MONEY), places=st.integers(0, 3))
def test_share_and_implied_whole_invert(rows: list[tuple[Figure, Figure]], places: int) -> None:
    for part, whole in rows:
        true_share = 100 * part.true / whole.true
        share = stated(true_share, places)
        implied = M.implied_whole(part.interval, share.interval)
        assert inside(implied, (), whole.true)
        assert inside(M.share(part.interval, implied), (), true_share)


@pytest.mark.slow
@given(rows=pairs(SIGNED, SIGNED), places=st.integers(0, 3))
def test_growth_and_implied_base_invert(rows: list[tuple[Figure, Figure]], places: int) -> None:
    for new, old in rows:
        if old.true == 0:
            continue
        same_sign = (new.true > 0) == (old.true > 0) and new.true != 0
        basis = "magnitude" if same_sign else "signed"
        if basis == "signed" and old.true < 0:
            continue  # implied_base assumes a positive base for signed growth
        g = (
            (abs(new.true) / abs(old.true) - 1) * 100
            if same_sign
            else (new.true - old.true) / old.true * 100
        )
        rate = stated(g, places)
        base = M.implied_base(new.interval, rate.interval)
        assert inside(base, (), old.true), (new, old, rate.value, base)
        assert inside(M.growth(new.interval, base, basis=basis), (), g)


@pytest.mark.slow
@given(start=MONEY, rate=PERCENT, years=YEARS)
def test_cagr_and_cagr_end_invert(start: Figure, rate: Figure, years: int) -> None:
    if rate.true <= -100:
        return
    end_true = start.true * (1 + rate.true / 100) ** years
    end = M.cagr_end(start.interval, rate.interval, years)
    assert inside(end, (), end_true)
    back = M.cagr(start.interval, end, years)
    assert _rate_inside(back, (), (1 + rate.true / 100) ** years, years)  # type: ignore[arg-type]
    assert inside(M.cagr_end(start.interval, back, years), (), end_true)


@pytest.mark.slow
# ------------------------------------------------------------------ invariances
@given(rows=pairs(MONEY, MONEY))
def test_share_and_growth_do_not_depend_on_the_unit(rows: list[tuple[Figure, Figure]]) -> None:
    """亿元 and 元 are one figure: the share and growth agree to rounding noise."""
    for a, b in rows:
        for fn in (M.share, lambda x, y: M.growth(x, y, basis="signed")):
            yi, yuan = fn(a.interval, b.interval), fn(a.scaled(8).interval, b.scaled(8).interval)
            for p, q in ((yi.lo, yuan.lo), (yi.hi, yuan.hi)):
                assert math.isclose(float(p), float(q), rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.slow
@given(rows=pairs(SIGNED, SIGNED), extra=SIGNED)
def test_wider_operands_give_wider_results(
    rows: list[tuple[Figure, Figure]], extra: Figure
) -> None:
    """Inclusion monotonicity: widening an operand never drops a value from the result.

    Rows that surely change sign are left out: their growth is not a number but a decision
    ("not computable"), which widening an operand past zero rightly undoes.
    """
    a, b = stack([r[0] for r in rows]), stack([r[1] for r in rows])
    wide_a = a.hull(extra.interval)
    rate = ~M.crosses_zero(a, b)
    fns: list[Callable[[Interval, Interval], Interval]] = [
        M.share,
        M.multiple,
        M.pp_change,
        M.product,
        M.total,
        lambda x, y: M.growth(x, y, basis="magnitude"),
    ]
    for k, fn in enumerate(fns):
        narrow, wide = fn(a, b), fn(wide_a, b)
        keep = rate if k == len(fns) - 1 else np.ones(len(rows), dtype=bool)
        assert (wide.lo <= narrow.lo)[keep].all() and (wide.hi >= narrow.hi)[keep].all()


@given(
    parts=st.lists(st.integers(1, 10**9), min_size=2, max_size=6, unique=True),
    whole=st.integers(1, 10**9),
)
def test_share_rises_with_the_part(parts: list[int], whole: int) -> None:
    ordered = sorted(parts)
    result = M.share(Interval.point(np.array(ordered, dtype=float)), Interval.point(float(whole)))
    assert (np.diff(result.lo) >= 0).all() and (np.diff(result.hi) >= 0).all()


@pytest.mark.slow
# ------------------------------------------------------------------ losses and zero
@given(rows=pairs(MONEY, MONEY))
def test_loss_sign_conventions(rows: list[tuple[Figure, Figure]]) -> None:
    """A loss stored negative: magnitude growth equals that of the positive figures; signed
    growth is its mirror image."""
    new, old = stack([r[0] for r in rows]), stack([r[1] for r in rows])
    mag = M.growth(-new, -old, basis="magnitude")
    assert mag.item() == M.growth(new, old, basis="magnitude").item() if mag.size == 1 else True
    assert (mag.lo == M.growth(new, old, basis="magnitude").lo).all()
    signed, positive = M.growth(-new, -old, basis="signed"), M.growth(new, old, basis="signed")
    assert (signed.lo == -positive.hi).all() and (signed.hi == -positive.lo).all()


def test_widening_loss_example() -> None:
    """ "2025上半年净亏损同比扩大7.81%至7.7亿元" against the filed H1 2024 net loss."""
    loss_2025 = DEFAULT_POLICY.interval(Quantity("7.7亿元", Decimal("-770000000"), Unit.CNY, -7))
    loss_2024 = DEFAULT_POLICY.interval(Quantity("717334", Decimal("-717334000"), Unit.CNY, -3))
    widened = DEFAULT_POLICY.interval(Quantity("7.81%", Decimal("7.81"), Unit.PCT, 2))
    assert M.growth(loss_2025, loss_2024, basis="magnitude").intersects(widened)
    assert not M.growth(loss_2025, loss_2024, basis="signed").intersects(widened)
    stored_positive = M.growth(-loss_2025, -loss_2024, basis="signed")  # a net_loss figure
    assert stored_positive.intersects(widened)


@pytest.mark.parametrize("basis", M.BASES)
def test_zero_and_near_zero_bases(basis: str) -> None:
    """A base that may be 0 gives no finite bound on that side, never a wrong finite one."""
    around_zero = DEFAULT_POLICY.interval(Quantity("0", Decimal(0), Unit.CNY, 0))  # (-0.5, 0.5)
    new = Interval(5.0, 6.0)
    rate = M.growth(new, around_zero, basis=basis).item()
    assert rate.hi == math.inf and 899 < rate.lo <= 900  # from |base| < 0.5 to 5: over +900%
    assert M.growth(new, Interval(0.0, 0.0), basis=basis).item()[:2] == (-math.inf, math.inf)
    assert M.growth(-new, around_zero, basis=basis).item()[:2] == (
        (-math.inf, -rate.lo) if basis == "signed" else (rate.lo, math.inf)
    )
    assert M.share(new, around_zero).item()[:2] == (-math.inf, math.inf)
    touching = M.growth(new, Interval(0.0, 1.0), basis=basis).item()
    assert touching.hi == math.inf and 399 < touching.lo <= 400
    assert M.implied_base(new, Interval(-100.0, -100.0)).item()[:2] == (-math.inf, math.inf)


def test_growth_needs_a_known_basis() -> None:
    with pytest.raises(
        ValueError, match="basis='percent' is not valid; use one of magnitude, signed"
    ):
        M.growth(Interval(1, 2), Interval(1, 2), basis="percent")
    with pytest.raises(ValueError, match="years=0 is not valid"):
        M.cagr(Interval(1, 2), Interval(1, 2), 0)
    with pytest.raises(ValueError, match="at least one"):
        M.total()


def test_cagr_between_a_profit_and_a_loss_is_not_computable() -> None:
    """From a profit to a loss no compound rate exists: unbounded (reported "not computable")."""
    result = M.cagr(Interval(1.0, 2.0), Interval(-2.0, -1.0), 3).item()
    assert result[:2] == (-math.inf, math.inf)
    assert M.cagr(Interval(1.0, 2.0), Interval(3.0, 4.0), 3).item().hi < math.inf


# ------------------------------------------------------------------ declines and sign changes
FALLS = st.tuples(MONEY, st.integers(1, 95))  # a level and the percent it fell by


@pytest.mark.slow
@given(rows=st.lists(FALLS, min_size=1, max_size=5), places=st.integers(0, 2))
def test_a_fall_is_negative_growth_and_implies_a_higher_base(
    rows: list[tuple[Figure, int]], places: int
) -> None:
    """ "同比下滑21.4%": growth is −21.4, and the base it implies lies above the level.

    Reading the fall as a rise (+21.4) would put the base below the level: never right.
    """
    for old, pct in rows:
        new_true = old.true * (100 - pct) / 100
        new = _money(new_true, old.decimals)
        g = (new_true / old.true - 1) * 100
        rate = stated(g, places)
        assert rate.value <= 0
        for basis in M.BASES:
            assert inside(M.growth(new.interval, old.interval, basis=basis), (), g)
        base = M.implied_base(new.interval, rate.interval)
        assert inside(base, (), old.true)
        if new.value > 0:
            assert float(base.lo) >= float(new.interval.lo)
        if rate.value < 0 and new.value > 0:
            as_rise = M.implied_base(new.interval, -rate.interval)
            assert float(as_rise.lo + as_rise.hi) < float(base.lo + base.hi)  # midpoints


@pytest.mark.slow
@given(rows=st.lists(FALLS, min_size=1, max_size=5), places=st.integers(0, 2))
def test_a_narrowing_loss_is_negative_magnitude_growth(
    rows: list[tuple[Figure, int]], places: int
) -> None:
    """ "亏损同比收窄8.9%": a loss stored positive (net_loss) or negative gives −8.9 either way."""
    for old, pct in rows:
        new_true = old.true * (100 - pct) / 100
        new = _money(new_true, old.decimals)
        g = (new_true / old.true - 1) * 100
        for sign in (1.0, -1.0):
            got = M.growth(new.interval * sign, old.interval * sign, basis="magnitude")
            assert inside(got, (), g)
            base = M.implied_base(new.interval * sign, stated(g, places).interval)
            assert inside(base, (), old.true * int(sign))


@pytest.mark.slow
@given(rows=pairs(PERCENT, PERCENT))
def test_a_drop_in_points_is_negative(rows: list[tuple[Figure, Figure]]) -> None:
    """ "下降2个百分点": pp_change is new − old, negative for a drop, and sound."""
    result = check_rows(M.pp_change, lambda n, o: n - o, rows)
    for i, (new, old) in enumerate(rows):
        if new.interval.hi < old.interval.lo:
            assert result.hi[i] <= 0


@pytest.mark.slow
@given(rows=pairs(SIGNED, SIGNED))
def test_change_and_its_base_invert(rows: list[tuple[Figure, Figure]]) -> None:
    """ "减少3亿元": change is new − old (−3亿); the base is the level minus the change."""
    result = check_rows(M.change, lambda n, o: n - o, rows)
    for i, (new, old) in enumerate(rows):
        change = Interval(result.lo[i], result.hi[i])
        assert inside(M.implied_change_base(new.interval, change), (), old.true)


@pytest.mark.slow
@given(rows=pairs(SIGNED, SIGNED), years=YEARS)
def test_rates_across_a_sign_change_are_unbounded(
    rows: list[tuple[Figure, Figure]], years: int
) -> None:
    """Profit to loss (or back): growth and CAGR give (−inf, inf), never a finite figure."""
    new, old = stack([r[0] for r in rows]), stack([r[1] for r in rows])
    flip = M.crosses_zero(new, old)
    for result in (
        M.growth(new, old, basis="magnitude"),
        M.growth(new, old, basis="signed"),
        M.cagr(old, new, years),
    ):
        assert (result.lo[flip] == -math.inf).all() and (result.hi[flip] == math.inf).all()
    for i, (a, b) in enumerate(rows):
        if a.true * b.true < 0 and not a.interval.contains(0) and not b.interval.contains(0):
            assert flip[i]
        if a.true * b.true > 0:
            assert not flip[i]


def test_sign_change_examples() -> None:
    """归母净利润 from 2亿 to −3.08亿: no growth rate; from −3.08亿 to −2亿: the loss narrowed."""
    profit, loss = _fig("200000000", -7), _fig("-308000000", -6)
    assert M.crosses_zero(loss, profit)
    assert M.growth(loss, profit, basis="signed").item()[:2] == (-math.inf, math.inf)
    narrowed = M.growth(_fig("-200000000", -7), loss, basis="magnitude").item()
    assert -38 < narrowed.lo < narrowed.hi < -31  # (2 − 3.08) / 3.08 = −35.1%
    assert "opposite signs" in M.SIGN_CHANGE


def _money(true: Fraction, decimals: int) -> Figure:
    """Round a true level as a writer would and return that figure (in CNY)."""
    value = round_figure(true, decimals)
    q = Quantity(str(value), value, Unit.CNY, decimals)
    return Figure(true, value, decimals, DEFAULT_POLICY.interval(q))


# ------------------------------------------------------------------ the article
def _fig(value: str, decimals: int, qualifier: Qualifier = Qualifier.NONE) -> Interval:
    return DEFAULT_POLICY.interval(
        Quantity(value, Decimal(value), Unit.CNY, decimals, 0, qualifier)
    )


def test_worked_example_share_holds_where_points_fail() -> None:
    """7.29亿 / 16.253亿 = 44.85%, which rounds to 44.9%; the company reported 44.8%."""
    assert round(7.29 / 16.253 * 100, 1) == 44.9
    share = M.share(_fig("729000000", -6), _fig("1625300000", -5))
    assert share.intersects(_fig("44.8", 1))
    assert not share.intersects(_fig("44.6", 1))


def test_growth_and_multiples_from_the_article() -> None:
    q2 = M.growth(_fig("2349200000", -5), _fig("1891800000", -5), basis="signed")
    assert q2.intersects(_fig("24", 0)) and q2.intersects(_fig("24.2", 1))
    h1 = M.growth(_fig("4319000000", -6), _fig("3667500000", -5), basis="signed")
    assert h1.intersects(_fig("17.8", 1)) and not h1.intersects(_fig("24", 0))
    capex = _fig("155", 0, Qualifier.ABOUT)
    nearly_seven = _fig("7", 0, Qualifier.NEARLY)
    assert M.multiple(capex, _fig("24", 0)).intersects(nearly_seven)
    assert not M.multiple(capex, _fig("17.8", 1)).intersects(nearly_seven)


def test_cumulative_losses_about_8_4_billion() -> None:
    losses = [_fig(v, -3) for v in ("1591756000", "2688388000", "2183647000")] + [
        _fig("1979000000", -5)
    ]
    assert M.total(*losses).intersects(_fig("8400000000", -8, Qualifier.ABOUT))
    assert not M.total(*losses).intersects(_fig("9000000000", -8, Qualifier.ABOUT))


def test_price_times_shares() -> None:
    proceeds = M.product(_fig("5.83", 2), _fig("69375000", -3, Qualifier.ABOUT))
    assert proceeds.contains(5.83 * 69375000)
