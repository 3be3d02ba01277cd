"""Read the numeric cells of the case files: ASCII decimals, precisions and their limits.

Decimal() reads more than a reviewer can check by eye: Arabic-Indic (١٢), mathematical bold
(𝟏𝟐) and full-width digits, and underscores (1_000). A cell takes ASCII digits only, and a
refusal names the foreign digit or separator so the fix is obvious.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from checks.text.parse import SCALE_WORDS

__all__ = [
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_SCALE",
    "decimal_cell",
    "decimals_cell",
    "not_a_number",
    "scale_cell",
    "too_big",
    "upper_cell",
]

MAX_DIGITS = 28  # the default decimal context's precision: exact arithmetic stays exact below it
MAX_EXPONENT = 21  # 10^21 CNY is past any reported figure
MAX_SCALE = max(SCALE_WORDS.values())  # 万亿, 10^12

_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DECIMALS = re.compile(r"-?[0-9]{1,2}")
_SCALE = re.compile(r"[0-9]{1,2}")


def decimal_cell(text: str) -> Decimal | None:
    """Read a decimal number written with ASCII digits; None for anything else or non-finite."""
    if not _NUMBER.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None
    return value if value.is_finite() else None


def too_big(value: Decimal) -> bool:
    """Tell whether a value has too many significant digits or is too large to hold exactly."""
    return (value != 0 and value.adjusted() >= MAX_EXPONENT) or len(
        value.as_tuple().digits
    ) > MAX_DIGITS


def decimals_cell(text: str) -> int | None:
    """Read a decimals entry: a whole number from -20 to 20 (10^20 CNY is past any figure)."""
    if not _DECIMALS.fullmatch(text):
        return None
    number = int(text)
    return number if -20 <= number <= 20 else None


def not_a_number(column: str, text: str) -> str:
    """Say why a numeric cell is refused, naming a foreign digit or separator if it has one."""
    for char in text:
        if char.isdigit() and char not in "0123456789":
            name = unicodedata.name(char, "a digit")
            return (
                f"{column} {text!r} has the digit {char!r} (U+{ord(char):04X} {name}); "
                "write numbers with ASCII digits 0-9, e.g. 729000000 or 44.8"
            )
    if "_" in text:
        return (
            f"{column} {text!r} has an underscore; write the digits without separators, "
            "e.g. 729000000"
        )
    return (
        f"{column} {text!r} is not a finite decimal number "
        "(write 729000000 or 44.8, no NaN, inf or thousands separators)"
    )


def upper_cell(text: str, value_text: str, value: Decimal | None) -> tuple[Decimal | None, str]:
    """Read a range's high end: empty for a single figure, else a number above the value.

    Return the upper (None when empty or refused) and the problem ('' when none).
    """
    upper = decimal_cell(text) if text else None
    if text and upper is None:
        return None, not_a_number("upper", text) + "; leave upper empty for a single figure"
    if upper is not None and too_big(upper):
        return None, (
            f"upper {text!r} is out of range: at most {MAX_DIGITS} significant digits and "
            f"below 10^{MAX_EXPONENT}"
        )
    if upper is not None and value is not None and upper <= value:
        return None, (
            f"upper {text!r} is not above value {value_text!r}; a range's high end is its "
            "upper (4–5亿元: value 400000000, upper 500000000)"
        )
    return upper, ""


def scale_cell(text: str) -> tuple[int | None, str]:
    """Read the scale cell: the power of ten of the scale word as written (8 for 亿).

    Only its form is checked here; the fact checks compare it with the stated text's own.
    """
    scale = int(text) if _SCALE.fullmatch(text) else None
    if scale is not None and scale <= MAX_SCALE:
        return scale, ""
    return None, (
        f"scale {text!r} is not a whole number from 0 to {MAX_SCALE}: write the power of ten "
        "of the scale word in stated (8 for 亿, 4 for 万, 1 for 成, 0 for none)"
    )
