"""Hold a validated claim specification and infer the units of its operand expressions.

`ClaimSpec` is what `checks.claims.claims_csv` makes of a good claims.csv row and what the
evaluation, the GX suites and the outputs read; `unit_of` is the unit algebra both the reader
(to refuse mismatched operands) and the evaluation (to label implied values) rely on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from checks.claims.operands import Expr, Lit, Missing, Op, Ref
from checks.claims.verdicts import Scenario, Verdict
from checks.inputs.facts import FactRecord
from checks.numbers.quantity import MONEY_UNITS

__all__ = ["ClaimSpec", "UnitError", "unit_of"]

_MONEY = frozenset(MONEY_UNITS)


@dataclass(frozen=True)
class ClaimSpec:
    """One stated relationship, validated: every fact id it names exists and units fit."""

    claim_id: str
    kind: str
    stated: str | None
    operands: dict[str, list[Expr]]
    params: dict[str, str]
    quote: str
    # What the reviewer recorded, per scenario. None: left empty, which claims.csv allows
    # for the external scenario only, and the pipeline only where no operand is filed.
    reviewed: Mapping[Scenario, Verdict | None]
    reason: str
    line: int
    note: str = ""
    fact_ids: tuple[str, ...] = field(default=())


class UnitError(ValueError):
    """Refuse an operand expression whose units do not combine (CNY + pct, CNY * CNY)."""


def unit_of(expr: Expr, facts: dict[str, FactRecord]) -> str | None:
    """Infer the unit of an operand expression; None for a bare number.

    Sums need equal units; money times shares is money (price x quantity); a quotient of
    equal units is a ratio. Anything else is refused rather than guessed.
    """
    if isinstance(expr, Ref):
        return facts[expr.fact_id].unit
    if isinstance(expr, Lit | Missing):
        return None
    assert isinstance(expr, Op)
    left, right = unit_of(expr.left, facts), unit_of(expr.right, facts)
    if left is None or right is None:
        return left or right
    if expr.op in "+-":
        if left != right:
            raise UnitError(f"cannot add or subtract {left!r} and {right!r}")
        return left
    if expr.op == "*":
        pair = {left, right}
        if left in ("ratio", "count", "years"):
            return right
        if right in ("ratio", "count", "years"):
            return left
        if len(pair & _MONEY) == 1 and pair - _MONEY == {"shares"}:
            return (pair & _MONEY).pop()
        raise UnitError(f"cannot multiply {left!r} by {right!r}")
    if left == right:
        return "ratio"
    if left in _MONEY and right == "shares":
        return left
    if right in ("ratio", "count"):
        return left
    raise UnitError(f"cannot divide {left!r} by {right!r}")
