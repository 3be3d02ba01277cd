"""Fill the derivable cells of facts.csv from `stated`, and find the rows still marked draft.

Two rules of the case files live here:

- value, upper, unit, scale, decimals and qualifier are what `parse_quantity(stated)` gives,
  so a row may leave them empty; a given cell is kept, and the fact checks compare it with
  the parse as before (old files, which give every cell, stay valid);
- every row of facts.csv, excluded.csv and claims.csv may carry a `status`: `draft` (proposed
  by `python -m checks draft`, not yet checked by a person) or `confirmed`; an empty or absent
  status means confirmed. The gate refuses a case with draft rows unless asked to evaluate
  them, and then marks every verdict that rests on one.
"""

from __future__ import annotations

from collections.abc import Iterable

from checks.inputs.csv_tables import Row, Table
from checks.problems import Problem, ProblemCode
from checks.text.parse import ParseError, parse_quantity

__all__ = [
    "DERIVED_COLUMNS",
    "STATUSES",
    "DraftRows",
    "draft_rows",
    "fill_derived",
]

#: The facts.csv columns that `stated` determines.
DERIVED_COLUMNS = ("value", "upper", "unit", "scale", "decimals", "qualifier")
STATUSES = ("draft", "confirmed")


def _derived_cells(stated: str) -> dict[str, str] | None:
    """Give the derived cells of one stated expression, or None when it does not parse."""
    try:
        q = parse_quantity(stated)
    except ParseError:
        return None  # the parses_back check reports it, naming the row
    return {
        "value": str(q.value),
        "upper": "" if q.upper is None else str(q.upper),
        "unit": q.unit.value,
        "scale": str(q.scale),
        "decimals": str(q.decimals),
        "qualifier": q.qualifier.value,
    }


def fill_derived(table: Table) -> Table:
    """Return facts.csv with each empty derived cell filled from the row's `stated`.

    `upper` is derived only together with `value`: an empty upper next to a given value
    means a single figure, as it always has.
    """
    rows: list[Row] = []
    for row in table.rows:
        get = row.cells.get  # Row[column] is cells.get(column, ""); a method call per cell cost
        empty = [
            c for c in DERIVED_COLUMNS if not get(c, "") and (c != "upper" or not get("value", ""))
        ]
        derived = _derived_cells(get("stated", "")) if empty else None
        if derived is None:
            rows.append(row)
            continue
        cells = dict(row.cells)
        for column in empty:
            cells[column] = derived[column]
        rows.append(Row(row.line, cells))
    columns = list(dict.fromkeys([*table.columns, *DERIVED_COLUMNS]))
    return Table(table.file, columns, rows, table.problems)


class DraftRows:
    """The draft rows of a case's tables: their ids, and the problems that refuse them."""

    def __init__(self) -> None:
        self.fact_ids: set[str] = set()
        self.claim_ids: set[str] = set()
        self.problems: list[Problem] = []  # a draft row (refused unless drafts are allowed)
        self.bad_status: list[Problem] = []  # a status that is neither draft nor confirmed

    @property
    def count(self) -> int:
        return len(self.problems)


def draft_rows(tables: Iterable[tuple[Table | None, str]]) -> DraftRows:
    """Collect the draft rows of (table, id column) pairs; '' as id column for exclusions."""
    found = DraftRows()
    for table, id_column in tables:
        if table is None or "status" not in table.columns:
            continue
        for row in table.rows:
            status = row["status"]
            label = row[id_column] if id_column else row["token"]
            if status not in ("", *STATUSES):
                found.bad_status.append(
                    Problem(
                        table.file,
                        row.line,
                        "status",
                        ProblemCode.BAD_STATUS,
                        f"status {status!r} is not known; use draft or confirmed (empty means confirmed)",
                    )
                )
            elif status == "draft":
                if id_column == "fact_id":
                    found.fact_ids.add(label)
                elif id_column == "claim_id":
                    found.claim_ids.add(label)
                found.problems.append(
                    Problem(
                        table.file,
                        row.line,
                        "status",
                        ProblemCode.DRAFT_ROW,
                        f"{label!r} is a draft; check it against the source, then set status to "
                        "confirmed (or run with --allow-drafts to evaluate drafts, marked as such)",
                    )
                )
    return found
