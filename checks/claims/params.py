"""Read the params cell of a claims.csv row: key=value pairs checked against the kind's params.

Kept apart from the row reader (`checks.claims.claims_csv`) because it is the one part that
reads a kind's declared parameters: their choices, number types, minimum and defaults.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from checks.claims.kinds import Kind
from checks.problems import ProblemCode

__all__ = ["MAX_PARAM", "is_number", "read_params", "split_pairs"]

MAX_PARAM = Decimal(10) ** 9
"""The largest number a param takes: thresholds and year counts; far larger is a typo."""


def split_pairs(text: str) -> list[tuple[str, str]] | None:
    """Split `k=v;k=v` into pairs (blank parts skipped); None if a part has no `=`."""
    pairs = []
    for part in text.split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            return None
        key, _, value = part.partition("=")
        pairs.append((key.strip(), value.strip()))
    return pairs


def read_params(
    text: str, kind: Kind
) -> tuple[dict[str, str] | None, list[tuple[ProblemCode, str]]]:
    """Return the params of `kind` that `text` gives (defaults filled in), and every problem.

    The params are None when there is a problem; each problem is a code and its message.
    """
    problems: list[tuple[ProblemCode, str]] = []
    pairs = split_pairs(text)
    allowed = {p.name: p for p in kind.params}
    if pairs is None:
        problems.append(
            (
                ProblemCode.BAD_PARAMS,
                f"params {text!r} must be key=value pairs separated by ';'",
            )
        )
        return None, problems
    out = {p.name: p.default for p in kind.params if p.default is not None}
    ok = True
    seen: set[str] = set()
    for key, value in pairs:
        param = allowed.get(key)
        if key in seen:
            problems.append((ProblemCode.DUPLICATE_PARAM, f"param {key!r} is given twice"))
            ok = False
            continue
        seen.add(key)
        if param is None:
            problems.append(
                (
                    ProblemCode.UNKNOWN_PARAM,
                    f"param {key!r} is not known for kind {kind.name!r}; known: {', '.join(allowed) or 'none'}",
                )
            )
            ok = False
        elif param.choices and value not in param.choices:
            problems.append(
                (
                    ProblemCode.BAD_PARAM,
                    f"param {key}={value!r} is not one of {', '.join(param.choices)}",
                )
            )
            ok = False
        elif param.number and not is_number(value):
            problems.append(
                (
                    ProblemCode.BAD_PARAM,
                    f"param {key}={value!r} is not a non-negative number",
                )
            )
            ok = False
        elif param.integer and Decimal(value) != Decimal(value).to_integral_value():
            problems.append(
                (
                    ProblemCode.BAD_PARAM,
                    f"param {key}={value!r} is not a whole number",
                )
            )
            ok = False
        elif param.number and Decimal(value) > MAX_PARAM:
            problems.append(
                (
                    ProblemCode.BAD_PARAM,
                    f"param {key}={value!r} is too large; numbers up to {MAX_PARAM:,} are accepted",
                )
            )
            ok = False
        elif param.minimum is not None and Decimal(value) < Decimal(param.minimum):
            problems.append(
                (
                    ProblemCode.BAD_PARAM,
                    f"param {key}={value!r} is below its minimum {param.minimum}",
                )
            )
            ok = False
        else:
            out[key] = value
    for param in kind.params:
        if param.name not in out and ok:
            problems.append(
                (
                    ProblemCode.MISSING_PARAM,
                    f"kind {kind.name!r} needs param {param.name!r} ({param.help or ', '.join(param.choices)})",
                )
            )
            ok = False
    return ({k: v for k, v in out.items() if v is not None} if ok else None), problems


def is_number(text: str) -> bool:
    """Tell whether `text` is a plain non-negative decimal number (12 or 1.25)."""
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
        return False
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False
