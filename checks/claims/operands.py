"""Parse operand expressions of claims: fact ids joined by + - * / and decimal literals.

Most operands are a single fact id. An expression lets a claim relate a computed figure,
e.g. `a=sub_price*sub_shares` (a subscription's value) or `items` sums, without a new kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Expr", "ExprError", "Lit", "Missing", "Op", "Ref", "parse_expr", "refs"]

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<id>[a-z][a-z0-9_]*)|(?P<op>[-+*/()]))")


class ExprError(ValueError):
    """An operand expression that cannot be parsed."""


@dataclass(frozen=True)
class Ref:
    """A fact id."""

    fact_id: str


@dataclass(frozen=True)
class Lit:
    """A decimal literal, e.g. the 100 in a percent conversion."""

    value: Decimal


@dataclass(frozen=True)
class Missing:
    """An operand neither the source states nor any filing read gives: written `?`.

    Recording it keeps the claim in the table, where it is `unverifiable` and reports the
    value the missing operand would need for the stated figure to hold.
    """


@dataclass(frozen=True)
class Op:
    """A binary operation."""

    op: str
    left: Expr
    right: Expr


Expr = Ref | Lit | Missing | Op


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        m = _TOKEN.match(stripped, pos)
        if not m or m.end() == pos:
            raise ExprError(
                f"cannot read {text!r} at {stripped[pos:]!r}; write fact ids "
                "(lowercase, digits, _) joined by + - * / and parentheses"
            )
        kind = m.lastgroup
        assert kind is not None
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def parse_expr(text: str) -> Expr:
    """Parse `text` into an expression tree with the usual precedence (* / before + -)."""
    if text.strip() == "?":
        return Missing()
    toks = _tokens(text)
    if not toks:
        raise ExprError("empty operand; name a fact id")
    pos = 0

    def peek() -> tuple[str, str] | None:
        return toks[pos] if pos < len(toks) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        tok = peek()
        if tok is None:
            raise ExprError(f"{text!r} ends too early; an operand is missing")
        pos += 1
        return tok

    def atom() -> Expr:
        kind, val = take()
        if kind == "num":
            return Lit(Decimal(val))
        if kind == "id":
            return Ref(val)
        if val == "(":
            inner = sum_()
            if peek() != ("op", ")"):
                raise ExprError(f"{text!r} has an unclosed parenthesis")
            take()
            return inner
        raise ExprError(f"{text!r} has {val!r} where a fact id or number belongs")

    def product_() -> Expr:
        node = atom()
        while (tok := peek()) is not None and tok[1] in ("*", "/"):
            take()
            node = Op(tok[1], node, atom())
        return node

    def sum_() -> Expr:
        node = product_()
        while (tok := peek()) is not None and tok[1] in ("+", "-"):
            take()
            node = Op(tok[1], node, product_())
        return node

    tree = sum_()
    if pos != len(toks):
        raise ExprError(f"{text!r} has extra text after the expression: {toks[pos][1]!r}")
    return tree


def refs(expr: Expr) -> list[str]:
    """List the fact ids an expression uses, in order of appearance."""
    if isinstance(expr, Ref):
        return [expr.fact_id]
    if isinstance(expr, Lit | Missing):
        return []
    return refs(expr.left) + refs(expr.right)
