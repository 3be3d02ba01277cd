"""Problems found in a user's data, collected and reported together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MAX_SHOWN", "DataError", "Problem", "format_problems"]

MAX_SHOWN = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place of one file.

    `line` is the 1-based physical line of the file (the header is line 1), or None for a
    problem with the whole file. `code` is a stable reason code that tests and tools match on.
    """

    file: str
    line: int | None
    column: str | None
    code: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" column {self.column!r}:" if self.column else ""
        return f"{where}:{col} {self.message}"

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Order by file, then line (whole-file problems first), column, code, message."""
        line = -1 if self.line is None else self.line
        return (self.file, line, self.column or "", self.code, self.message)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()


def format_problems(problems: Iterable[Problem], limit: int = MAX_SHOWN) -> str:
    """Render problems one per line, sorted, capped at `limit` with a count of the rest."""
    ordered = sorted(problems)
    lines = [str(p) for p in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"... and {len(ordered) - limit} more problem(s) not shown")
    return "\n".join(lines)


class DataError(Exception):
    """The user's data or configuration is broken; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        super().__init__(format_problems(self.problems))
