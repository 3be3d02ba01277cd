"""Parse operand expressions of claims: fact ids joined by + - * / and decimal literals.

Most operands are a single fact id. An expression lets a claim relate a computed figure,
e.g. `a=sub_price*sub_shares` (a subscription's value) or `items` sums, without a new kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "MAX_DEPTH",
    "MAX_TERMS",
    "Expr",
    "ExprError",
    "Lit",
    "Missing",
    "Op",
    "Ref",
    "format_expr",
    "parse_expr",
    "refs",
]

MAX_TERMS = 100
"""The most fact ids and numbers one operand may hold; a longer sum belongs in an `items` list.

The limit keeps every walk over an expression tree (units, evaluation, refs) far from
Python's recursion limit: a sum of 1,500 ids would otherwise end in a RecursionError.
"""
MAX_DEPTH = 20
"""The deepest nesting of parentheses one operand may hold (600 nested ones overflowed the parser)."""

# ASCII digits only: \d would also take Arabic-Indic or mathematical-bold digits, which
# Decimal reads as numbers although no one can see what they say in a CSV cell.
_TOKEN = re.compile(r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]+)?)|(?P<id>[a-z][a-z0-9_]*)|(?P<op>[-+*/()]))")
_ONE_ID = re.compile(r"\s*([a-z][a-z0-9_]*)\s*")  # the usual operand: what _TOKEN reads as one id


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
    if (one := _ONE_ID.fullmatch(text)) is not None:  # most operands: skip the tokenizer
        return Ref(one.group(1))
    toks = _tokens(text)
    if not toks:
        raise ExprError("empty operand; name a fact id")
    _check_size(text, toks)
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
            if len(val.replace(".", "").lstrip("0")) > _MAX_DIGITS:
                raise ExprError(
                    f"{_short(text)} has the number {_short(val, 30)}, longer than "
                    f"{_MAX_DIGITS} digits; write a constant like 100 or 0.5"
                )
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


def _check_size(text: str, toks: list[tuple[str, str]]) -> None:
    """Refuse an expression too long or too deeply nested to walk safely, before parsing it."""
    terms = sum(1 for kind, _ in toks if kind != "op")
    if terms > MAX_TERMS:
        raise ExprError(
            f"{_short(text)} has {terms:,} fact ids and numbers; an operand may hold at most "
            f"{MAX_TERMS}: list a long sum as items of a `total` claim instead"
        )
    depth = deepest = 0
    for _, val in toks:
        depth += (val == "(") - (val == ")")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ExprError(
            f"{_short(text)} nests parentheses {deepest:,} deep; at most {MAX_DEPTH} are allowed"
        )


def _short(text: str, limit: int = 60) -> str:
    """Show an operand in a message, cut to `limit` characters so a runaway one stays readable."""
    shown = text.strip()
    return repr(shown) if len(shown) <= limit else f"{shown[:limit]!r}… ({len(shown):,} characters)"


_MAX_DIGITS = 28  # Decimal's default precision, as for fact values

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def format_expr(expr: Expr, names: dict[str, str] | None = None) -> str:
    """Write an expression back as text, with only the parentheses it needs: `a-(b-c)`.

    `names` renames fact ids (`{"x": "x->x_filed"}` shows a substitution).
    """
    if isinstance(expr, Ref):
        return (names or {}).get(expr.fact_id, expr.fact_id)
    if isinstance(expr, Lit):
        return str(expr.value)
    if isinstance(expr, Missing):
        return "?"
    level = _PRECEDENCE[expr.op]
    left = format_expr(expr.left, names)
    right = format_expr(expr.right, names)
    if isinstance(expr.left, Op) and _PRECEDENCE[expr.left.op] < level:
        left = f"({left})"
    if isinstance(expr.right, Op) and _PRECEDENCE[expr.right.op] <= level:
        right = f"({right})"
    return f"{left}{expr.op}{right}"


def refs(expr: Expr) -> list[str]:
    """List the fact ids an expression uses, in order of appearance."""
    if isinstance(expr, Ref):
        return [expr.fact_id]
    if isinstance(expr, Lit | Missing):
        return []
    return refs(expr.left) + refs(expr.right)
