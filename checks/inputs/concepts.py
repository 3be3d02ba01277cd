"""Check the concept registry (datasets/concepts.csv) row by row.

Every fact's unit and sign checks read a concept's `unit_kind` and `non_negative`, so a typo
there ("monye", "yes") would silently disable them; each row is checked here instead.
"""

from __future__ import annotations

import re
from collections import Counter

from checks.inputs.csv_tables import Table
from checks.numbers.quantity import MONEY_UNITS
from checks.problems import Problem, ProblemCode

__all__ = ["UNIT_KINDS", "check_concepts"]

UNIT_KINDS: dict[str, tuple[str, ...]] = {
    "money": MONEY_UNITS,
    "percent": ("pct",),
    "pp": ("pp",),
    "ratio": ("ratio",),
    "shares": ("shares",),
    "years": ("years",),
    "year": ("year",),
    "count": ("count",),
}
_CONCEPT = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


def check_concepts(table: Table) -> list[Problem]:
    """Return a problem for every bad id, duplicate, unknown unit kind or non-boolean flag."""
    problems: list[Problem] = []
    names = Counter(r["concept"] for r in table)
    for row in table:
        name = row["concept"]
        if not _CONCEPT.fullmatch(name):
            problems.append(
                Problem(
                    table.file,
                    row.line,
                    "concept",
                    ProblemCode.BAD_CONCEPT,
                    f"concept {name!r} must be snake_case: a-z, 0-9 and _, starting with a letter",
                )
            )
        elif names[name] > 1:
            problems.append(
                Problem(
                    table.file,
                    row.line,
                    "concept",
                    ProblemCode.DUPLICATE_CONCEPT,
                    f"concept {name!r} is registered {names[name]} times; keep one row",
                )
            )
        if row["unit_kind"] not in UNIT_KINDS:
            problems.append(
                Problem(
                    table.file,
                    row.line,
                    "unit_kind",
                    ProblemCode.BAD_UNIT_KIND,
                    f"unit_kind {row['unit_kind']!r} is not known; use one of {', '.join(UNIT_KINDS)}",
                )
            )
        if row["non_negative"] not in ("true", "false"):
            problems.append(
                Problem(
                    table.file,
                    row.line,
                    "non_negative",
                    ProblemCode.BAD_FLAG,
                    f"non_negative {row['non_negative']!r} must be true or false",
                )
            )
    return problems
