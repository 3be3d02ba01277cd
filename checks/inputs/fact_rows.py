"""The checks of one row of facts.csv, reference.csv or excluded.csv.

Each check records a boolean flag (a column of the tables GX asserts) and, when it fails, a
Problem naming file, line, column and what to do. `checks.inputs.facts` runs them over a
case and types the rows that pass.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from checks.inputs.cells import (
    MAX_DIGITS,
    MAX_EXPONENT,
    decimal_cell,
    decimals_cell,
    not_a_number,
    scale_cell,
    too_big,
    upper_cell,
)
from checks.inputs.concepts import UNIT_KINDS
from checks.inputs.coverage import count_verbatim
from checks.inputs.csv_tables import Row, Table
from checks.numbers.quantity import Qualifier, Unit
from checks.problems import Problem, ProblemCode
from checks.text.parse import ParseError, parse_quantity

__all__ = [
    "FACT_ID",
    "SOURCE_KINDS",
    "Checked",
    "Message",
    "RowChecker",
    "Span",
    "check_excluded_row",
    "check_fact_row",
    "check_reference_row",
]

FACT_ID = re.compile(r"^[a-z0-9_]{1,80}$")
SOURCE_KINDS = ("company_release", "filing", "media", "computed")
_UNITS = tuple(u.value for u in Unit)
_QUALIFIERS = tuple(q.value for q in Qualifier)
_UNIT_SET, _QUALIFIER_SET = frozenset(_UNITS), frozenset(_QUALIFIERS)  # for `in`: no scan

Span = tuple[int, int, str]  # source offsets of a stated figure or an exclusion, and its label
Checked = tuple["RowChecker", Decimal | None, Decimal | None, int | None, Span | None]
"""A row's checks, its typed value, upper and decimals, and the source span it covers."""

#: A problem message, or a function making it: most checks pass, and building every
#: message for every row was a third of the fact checks' time.
Message = str | Callable[[], str]
_FLAG = {code: code.value.replace("-", "_") for code in ProblemCode}  # flag column per check


class RowChecker:
    """Record check outcomes for one row and the problems behind the failures."""

    def __init__(self, table: Table, row: Row, problems: list[Problem]) -> None:
        self.table, self.row, self.problems = table, row, problems
        self.flags: dict[str, Any] = {"line": row.line}
        self.failed = False  # any check of the row failed

    def check(self, code: ProblemCode, ok: bool, column: str | None, message: Message = "") -> bool:
        """Record the check named by `code` (its flag column is the code with _ for -)."""
        ok = bool(ok)
        self.flags[_FLAG[code]] = ok
        if not ok:
            self.failed = True
            text = message if isinstance(message, str) else message()
            self.problems.append(Problem(self.table.file, self.row.line, column, code, text))
        return ok


_COMMON = (
    ProblemCode.ID_VALID, ProblemCode.ID_UNIQUE, ProblemCode.CONCEPT_KNOWN, ProblemCode.UNIT_KNOWN,
    ProblemCode.UNIT_FITS_CONCEPT, ProblemCode.VALUE_VALID, ProblemCode.SIGN_OK,
    ProblemCode.DECIMALS_VALID, ProblemCode.PRECISION_OK, ProblemCode.QUALIFIER_KNOWN,
)  # fmt: skip
_COMMON_FLAGS = tuple(_FLAG[code] for code in _COMMON)


def _common(
    c: RowChecker, concepts: dict[str, Row], ids: Counter[str]
) -> tuple[Decimal | None, int | None]:
    """Run the checks facts and reference facts share; return the typed value and decimals.

    The outcomes are computed first: when all pass (nearly every row) they are recorded at
    once; otherwise each is recorded in order with its message, as `RowChecker.check` does.
    """
    cells = c.row.cells
    fid = cells.get("fact_id", "")
    name = cells.get("concept", "")
    unit = cells.get("unit", "")
    text = cells.get("value", "")
    places = cells.get("decimals", "")
    qualifier = cells.get("qualifier", "")
    concept = concepts.get(name)
    kind = concept.cells.get("unit_kind", "") if concept is not None else None  # as concept[...]
    allowed = UNIT_KINDS.get(kind, ()) if kind is not None else ()
    value = decimal_cell(text)
    oversized = value is not None and too_big(value)
    value_ok = value is not None and not oversized
    if oversized:
        value = None
    non_negative = concept is not None and concept.cells.get("non_negative", "") == "true"
    decimals = decimals_cell(places)
    scaled = value.scaleb(decimals) if value is not None and decimals is not None else None
    oks = (
        FACT_ID.fullmatch(fid) is not None,
        ids[fid] == 1,
        concept is not None,
        unit in _UNIT_SET,
        concept is None or unit in allowed,
        value_ok,
        value is None or not (non_negative and value < 0),
        decimals is not None,
        scaled is None or scaled == scaled.to_integral_value(),
        qualifier in _QUALIFIER_SET,
    )
    if all(oks):
        c.flags.update(zip(_COMMON_FLAGS, oks, strict=True))
        return value, decimals
    messages: tuple[Message, ...] = (
        lambda: f"fact_id {fid!r} must be 1-80 of a-z, 0-9, _",
        lambda: (
            f"fact_id {fid!r} is used {ids[fid]} times in the case; ids must be unique across facts.csv and reference.csv"
        ),
        lambda: (
            f"concept {name!r} is not in datasets/concepts.csv; add it there or use a registered one"
        ),
        lambda: f"unit {unit!r} is not a known unit; use one of {', '.join(_UNITS)}",
        lambda: (
            f"unit {unit!r} does not fit concept {name!r} ({concept['unit_kind'] if concept else '?'}); use one of {', '.join(allowed) or 'nothing: fix unit_kind in concepts.csv'}"
        ),
        lambda: (
            f"value {text!r} is out of range: at most {MAX_DIGITS} significant digits and below 10^{MAX_EXPONENT} (10^20 CNY is past any reported figure)"
            if oversized
            else not_a_number("value", text)
        ),
        lambda: (
            f"value {text!r} is negative but concept {name!r} cannot be; store losses as a positive net_loss"
        ),
        lambda: (
            f"decimals {places!r} is not a whole number from -20 to 20 (e.g. -6 for 7.29亿, 1 for 44.8%)"
        ),
        lambda: (
            f"value {text!r} has digits finer than decimals {places!r} allows; round the value or raise decimals"
        ),
        lambda: f"qualifier {qualifier!r} is not known; use one of {', '.join(_QUALIFIERS)}",
    )
    columns = (
        "fact_id", "fact_id", "concept", "unit", "unit", "value", "value", "decimals", "value",
        "qualifier",
    )  # fmt: skip
    for code, ok, column, message in zip(_COMMON, oks, columns, messages, strict=True):
        c.check(code, ok, column, message)
    return value, decimals


def check_fact_row(
    table: Table,
    row: Row,
    problems: list[Problem],
    concepts: dict[str, Row],
    ids: Counter[str],
    source: str,
) -> Checked:
    """Check one facts.csv row: the shared checks, its quote, upper, scale and parse."""
    c = RowChecker(table, row, problems)
    cells = row.cells
    fact_id = cells.get("fact_id", "")
    c.flags["fact_id"] = fact_id
    value, decimals = _common(c, concepts, ids)
    quote, stated = cells.get("quote", ""), cells.get("stated", "")
    n = count_verbatim(source, quote)
    in_quote = bool(stated) and stated in quote
    upper, upper_problem = upper_cell(cells.get("upper", ""), cells.get("value", ""), value)
    scale, scale_problem = scale_cell(cells.get("scale", ""))
    span = None
    if n == 1 and in_quote:
        start = source.index(quote) + quote.index(stated)
        span = (start, start + len(stated), fact_id)
    if (
        n == 1
        and in_quote
        and not upper_problem
        and not scale_problem
        and _same_parse(row, value, upper, decimals, scale)
    ):  # nearly every row: record the passing checks at once, no message made
        c.flags.update(_TAIL_PASSED)
        return c, value, upper, decimals, span
    c.check(
        ProblemCode.QUOTE_FOUND_ONCE,
        n == 1,
        "quote",
        lambda: (
            f"quote {quote!r} is found {n} times in source.txt; it must appear exactly once, verbatim (lengthen it to make it unique)"
            if n
            else f"quote {quote!r} is not found verbatim in source.txt; copy it from the source exactly"
        ),
    )
    c.check(
        ProblemCode.STATED_IN_QUOTE,
        in_quote,
        "stated",
        lambda: f"stated {stated!r} does not occur inside its quote {quote!r}",
    )
    c.check(ProblemCode.UPPER_VALID, not upper_problem, "upper", upper_problem)
    c.check(ProblemCode.SCALE_VALID, not scale_problem, "scale", scale_problem)
    ok, why = _parses_back(row, value, upper, decimals, scale)
    c.check(ProblemCode.PARSES_BACK, ok, "stated", why)
    return c, value, upper, decimals, span


_TAIL_PASSED = tuple(
    (_FLAG[code], True)
    for code in (
        ProblemCode.QUOTE_FOUND_ONCE,
        ProblemCode.STATED_IN_QUOTE,
        ProblemCode.UPPER_VALID,
        ProblemCode.SCALE_VALID,
        ProblemCode.PARSES_BACK,
    )
)


def check_reference_row(
    table: Table,
    row: Row,
    problems: list[Problem],
    concepts: dict[str, Row],
    ids: Counter[str],
    keys: Counter[tuple[str, str, str]],
) -> Checked:
    """Check one reference.csv row: the shared checks, its key, source kind and URL."""
    c = RowChecker(table, row, problems)
    c.flags["fact_id"] = row["fact_id"]
    value, decimals = _common(c, concepts, ids)
    key = (row["concept"], row["entity"], row["period"])
    c.check(
        ProblemCode.KEY_UNIQUE,
        keys[key] == 1,
        "period",
        lambda: (
            f"concept, entity and period {key!r} appear {keys[key]} times; a reference figure must be unique for its key"
        ),
    )
    c.check(
        ProblemCode.SOURCE_KIND_KNOWN,
        row["source_kind"] in SOURCE_KINDS,
        "source_kind",
        lambda: (
            f"source_kind {row['source_kind']!r} is not known; use one of {', '.join(SOURCE_KINDS)}"
        ),
    )
    c.check(
        ProblemCode.HAS_URL,
        row["source_url"].startswith(("https://", "http://")),
        "source_url",
        lambda: (
            f"source_url {row['source_url']!r} is not an http(s) URL; every reference figure needs the address it was read at"
        ),
    )
    return c, value, None, decimals, None


def check_excluded_row(table: Table, row: Row, problems: list[Problem], source: str) -> Checked:
    """Check one excluded.csv row: its quote, its token inside the quote, and a reason."""
    c = RowChecker(table, row, problems)
    c.flags["token"] = row["token"]
    quote, token = row["quote"], row["token"]
    n = count_verbatim(source, quote)
    c.check(
        ProblemCode.QUOTE_FOUND_ONCE,
        n == 1,
        "quote",
        lambda: (
            f"quote {quote!r} is found {n} times in source.txt; it must appear exactly once, verbatim"
        ),
    )
    in_quote = bool(token) and token in quote
    c.check(
        ProblemCode.TOKEN_IN_QUOTE,
        in_quote,
        "token",
        lambda: f"token {token!r} does not occur inside its quote {quote!r}",
    )
    c.check(
        ProblemCode.REASON_GIVEN,
        bool(row["reason"]),
        "reason",
        "an exclusion needs a reason (e.g. 'image caption counter')",
    )
    span = None
    if n == 1 and in_quote:
        start = source.index(quote) + quote.index(token)
        span = (start, start + len(token), "excluded: " + row["reason"])
    return c, None, None, None, span


def _same_parse(
    row: Row, value: Decimal | None, upper: Decimal | None, decimals: int | None, scale: int | None
) -> bool:
    """Say whether the stated text parses to exactly the stored cells (`_parses_back` passes).

    The quick test of the usual row: equal everywhere, so `_parses_back` would find no
    difference to report (its exceptions only ever drop differences).
    """
    cells = row.cells
    try:
        q = parse_quantity(cells.get("stated", ""))
    except ParseError:
        return False
    return (
        value == q.value
        and upper == q.upper
        and cells.get("unit", "") == q.unit
        and scale == q.scale
        and decimals == q.decimals
        and cells.get("qualifier", "") == q.qualifier
    )


def _parses_back(
    row: Row, value: Decimal | None, upper: Decimal | None, decimals: int | None, scale: int | None
) -> tuple[bool, str]:
    """Check that the stated text parses to the stored value, upper, unit, scale, decimals, qualifier.

    A cell that failed its own check is left out of the comparison (its problem says why).
    """
    try:
        q = parse_quantity(row["stated"])
    except ParseError as exc:
        return False, f"stated {row['stated']!r} does not parse: {exc}"
    want = {
        "value": value,
        "upper": upper,
        "unit": row["unit"],
        "scale": scale,
        "decimals": decimals,
        "qualifier": row["qualifier"],
    }
    got = {
        "value": q.value,
        "upper": q.upper,
        "unit": q.unit.value,
        "scale": q.scale,
        "decimals": q.decimals,
        "qualifier": q.qualifier.value,
    }
    diffs = [
        f"{k} {want[k]!s} (stored) vs {got[k]!s} (parsed)"
        for k in want
        if want[k] != got[k] and not (k in ("scale", "upper") and want[k] is None and row[k])
    ]
    if diffs:
        return (
            False,
            f"stated {row['stated']!r} parses differently from the stored row: " + "; ".join(diffs),
        )
    return True, ""
