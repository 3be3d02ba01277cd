"""Read every figure of a text with its quantity; keep refused and unread ones with a reason."""

from __future__ import annotations

from decimal import Decimal

from checks.numbers.quantity import Direction, Unit
from checks.text.figures import read_figures


def test_figures_are_read_in_order_and_non_figures_left_out() -> None:
    figures = read_figures("截至6月17日，收入按年增長12.5%至1,845.3億港元（00700.HK）。")
    assert [f.token.text for f in figures] == ["按年增長12.5%", "1,845.3億港元"]
    growth, revenue = (f.quantity for f in figures)
    assert growth is not None and growth.direction is Direction.UP
    assert revenue is not None and (revenue.value, revenue.unit) == (
        Decimal("184530000000"),
        Unit.HKD,
    )
    assert all(f.problem == "" for f in figures)


def test_a_refused_or_unread_figure_is_kept_with_its_reason() -> None:
    figures = read_figures("公告编号2025-36，列表①")
    assert [(f.token.text, f.quantity) for f in figures] == [("2025-36", None), ("①", None)]
    assert figures[0].problem.startswith("cannot parse '2025-36': expected both ends of a range")
    assert figures[1].problem == "'①' is a numeral the parser does not read"
