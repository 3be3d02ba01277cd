"""Read every figure of a text: each figure token of the scanner with its quantity, or why not.

The one call a tool that proposes facts needs (a draft of facts.csv, a screening run): the
scanner finds the tokens, the parser reads each figure token, and a token the parser refuses
is kept with the parser's message, so nothing the scanner found is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from checks.numbers.quantity import Quantity
from checks.text.parse import ParseError, parse_quantity
from checks.text.scan import Token, TokenKind, number_tokens

__all__ = ["Figure", "read_figures"]


@dataclass(frozen=True)
class Figure:
    """Hold one figure token with its quantity, or with the reason it could not be read."""

    token: Token
    quantity: Quantity | None
    problem: str = ""


def read_figures(text: str) -> list[Figure]:
    """List the figure tokens of a text, in order, each read or refused with a reason.

    Tokens of other kinds (dates, codes, labels) are left out; `unread` numerals (①, 壹佰)
    are kept as refused figures, because a person must decide what they state.
    """
    figures: list[Figure] = []
    for token in number_tokens(text):
        if token.kind is TokenKind.UNREAD:
            figures.append(
                Figure(token, None, f"{token.text!r} is a numeral the parser does not read")
            )
            continue
        if token.kind is not TokenKind.FIGURE:
            continue
        try:
            figures.append(Figure(token, parse_quantity(token.text)))
        except ParseError as err:
            figures.append(Figure(token, None, str(err)))
    return figures
