"""Pin down the operand expression parser: precedence, parentheses, `?`, refs and errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checks.claims.operands import Expr, ExprError, Lit, Missing, Op, Ref, parse_expr, refs

READ = "write fact ids (lowercase, digits, _) joined by + - * / and parentheses"


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("kc_rev_q2", Ref("kc_rev_q2")),
        ("  a1_b  ", Ref("a1_b")),
        ("100", Lit(Decimal("100"))),
        ("2.50", Lit(Decimal("2.50"))),
        ("?", Missing()),
        (" ? ", Missing()),
        ("a+b", Op("+", Ref("a"), Ref("b"))),
        ("a*b", Op("*", Ref("a"), Ref("b"))),
        # * and / bind tighter than + and -
        ("a+b*c", Op("+", Ref("a"), Op("*", Ref("b"), Ref("c")))),
        ("a*b+c", Op("+", Op("*", Ref("a"), Ref("b")), Ref("c"))),
        ("a-b/c", Op("-", Ref("a"), Op("/", Ref("b"), Ref("c")))),
        # left to right within one level
        ("a-b-c", Op("-", Op("-", Ref("a"), Ref("b")), Ref("c"))),
        ("a/b/c", Op("/", Op("/", Ref("a"), Ref("b")), Ref("c"))),
        ("a/b*c", Op("*", Op("/", Ref("a"), Ref("b")), Ref("c"))),
        # parentheses override
        ("(a+b)*c", Op("*", Op("+", Ref("a"), Ref("b")), Ref("c"))),
        ("a-(b-c)", Op("-", Ref("a"), Op("-", Ref("b"), Ref("c")))),
        ("((a))", Ref("a")),
        (
            "sub_price * sub_shares / 100",
            Op("/", Op("*", Ref("sub_price"), Ref("sub_shares")), Lit(Decimal("100"))),
        ),
        (
            "big4_h1_cash-big4_q1_cash",
            Op("-", Ref("big4_h1_cash"), Ref("big4_q1_cash")),
        ),
    ],
)
def test_parses(text: str, tree: Expr) -> None:
    assert parse_expr(text) == tree


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty operand; name a fact id"),
        ("   ", "empty operand; name a fact id"),
        ("a +", "'a +' ends too early; an operand is missing"),
        ("a*", "'a*' ends too early; an operand is missing"),
        ("(a+b", "'(a+b' has an unclosed parenthesis"),
        ("a*(b", "'a*(b' has an unclosed parenthesis"),
        ("(a", "'(a' has an unclosed parenthesis"),
        ("a)", "'a)' has extra text after the expression: ')'"),
        ("a b", "'a b' has extra text after the expression: 'b'"),
        ("1a", "'1a' has extra text after the expression: 'a'"),
        ("+a", "'+a' has '+' where a fact id or number belongs"),
        ("-1", "'-1' has '-' where a fact id or number belongs"),
        ("()", "'()' has ')' where a fact id or number belongs"),
        ("a**b", "'a**b' has '*' where a fact id or number belongs"),
        ("A", f"cannot read 'A' at 'A'; {READ}"),
        ("Kc_rev", f"cannot read 'Kc_rev' at 'Kc_rev'; {READ}"),
        ("_a", f"cannot read '_a' at '_a'; {READ}"),
        ("a,b", f"cannot read 'a,b' at ',b'; {READ}"),
        ("a+?", f"cannot read 'a+?' at '?'; {READ}"),
        (".5", f"cannot read '.5' at '.5'; {READ}"),
        ("营收", f"cannot read '营收' at '营收'; {READ}"),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(ExprError) as exc:
        parse_expr(text)
    assert str(exc.value) == message


def test_expr_error_is_a_value_error() -> None:
    assert issubclass(ExprError, ValueError)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("a", ["a"]),
        ("?", []),
        ("100", []),
        ("(b+a)*c/100", ["b", "a", "c"]),
        ("a-a", ["a", "a"]),
    ],
)
def test_refs_in_order_of_appearance(text: str, ids: list[str]) -> None:
    assert refs(parse_expr(text)) == ids


def test_nodes_are_frozen_and_hashable() -> None:
    assert len({Ref("a"), Ref("a"), Missing(), Missing(), Lit(Decimal(1))}) == 3
