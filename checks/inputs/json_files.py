"""Read the project's JSON files strictly: one meaning per file, or a problem naming the place.

Python's json module keeps the last of two equal keys (so `{"as_of": "2025-09", "as_of":
"2031-01"}` silently means 2031), reads NaN and Infinity, turns 1e999 into inf, recurses once
per nesting level (a file of 100,000 `[` ends in RecursionError) and refuses an integer of
more than 4,300 digits with a ValueError that names no place. Each of these is a problem
here, with the line (and column) where it is, and what would be valid:

- a file larger than `max_bytes` is refused before it is parsed;
- nesting deeper than MAX_DEPTH is found by a scan that does not recurse;
- a key given twice in one object, NaN/Infinity, a number too large for a float and an
  integer longer than MAX_INT_DIGITS digits are refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from checks.inputs.csv_tables import display_path, read_text
from checks.problems import DataError, Problem, ProblemCode

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_JSON_BYTES",
    "JsonProblem",
    "loads_strict",
    "read_json",
]

MAX_JSON_BYTES = 1 << 20
"""The largest case JSON file read (1 MiB): provenance.json and case.json hold a few lines."""
MAX_DEPTH = 32
"""The deepest nesting of objects and arrays accepted (a suite nests about six levels)."""
MAX_INT_DIGITS = 30
"""The longest integer accepted; no setting of this project needs more than a few digits."""


class JsonProblem(ValueError):
    """A JSON text that is refused, with the 1-based line and column where the fault lies."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_depth(text: str, limit: int) -> None:
    """Find the first place nesting passes `limit`, skipping strings, without recursion."""
    depth, in_string, escaped = 0, False, False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                raise JsonProblem(
                    f"nests objects and arrays more than {limit} deep; this file needs a few levels",
                    *_place(text, offset),
                )
        elif char in "]}":
            depth -= 1


class _Refused(Exception):
    """Raised inside the decoder's hooks; located in the text afterwards."""

    def __init__(self, message: str, pattern: str) -> None:
        super().__init__(message)
        self.message, self.pattern = message, pattern


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Refused(
                f"key {key!r} appears twice in one object; JSON readers keep only one of them "
                "(silently), so keep one",
                rf'"{re.escape(json.dumps(key)[1:-1])}"\s*:',
            )
        seen[key] = value
    return seen


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(
            f"integer {text[:20]}… has {len(text.lstrip('-')):,} digits; at most "
            f"{MAX_INT_DIGITS} are accepted",
            rf"-?[0-9]{{{MAX_INT_DIGITS + 1},}}",
        )
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(
            f"number {text[:40]!r} is too large for a float; write a number below 1e308",
            re.escape(text),
        )
    return value


def _no_constant(name: str) -> Any:
    raise _Refused(
        f"{name} is not a JSON number; write a finite number or a string", re.escape(name)
    )


def loads_strict(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON text, raising JsonProblem (with line and column) for anything ambiguous."""
    _check_depth(text, max_depth)
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"is not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _Refused as exc:
        # the hooks see values, not places: the second occurrence (a duplicate key) or the
        # first match of the refused text is where to look
        found = list(re.finditer(exc.pattern, text))
        at = found[1 if len(found) > 1 and "twice" in exc.message else 0] if found else None
        raise JsonProblem(
            exc.message, *(_place(text, at.start()) if at else (None, None))
        ) from None
    except RecursionError:  # pragma: no cover - the depth scan comes first
        raise JsonProblem(f"nests objects and arrays more than {max_depth} deep") from None


def read_json(path: Path, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Read a UTF-8 JSON file strictly; raise DataError naming the file, line and column."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text reports a missing or unreadable file
    if size > max_bytes:
        raise DataError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    ProblemCode.TOO_LARGE,
                    f"is {size:,} bytes; a file of this kind holds at most {max_bytes:,}: is it "
                    "the right file?",
                )
            ]
        )
    text = read_text(path)
    try:
        return loads_strict(text, max_depth=max_depth)
    except JsonProblem as exc:
        where = f" (column {exc.column})" if exc.column is not None else ""
        raise DataError(
            [Problem(shown, exc.line, None, ProblemCode.BAD_JSON, f"{exc.message}{where}")]
        ) from None
