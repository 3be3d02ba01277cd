"""Inputs: read a case's declared files strictly and check every fact row.

Owns the strict CSV reader (`csv_tables`), case discovery and loading (`case`), the concept
registry (`concepts`) and the row checks, quote checks and coverage of facts, reference facts
and exclusions (`facts`). Every problem names file, line and column.

May import: `checks.text`, `checks.numbers`, `checks.problems`.
"""

from __future__ import annotations

__all__: list[str] = []
