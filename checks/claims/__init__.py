"""Claims: the kinds of stated relationships, their operands, and vectorized evaluation.

Owns the kind registry (`kinds`), operand expressions (`operands`), reading claims.csv into
validated specs (`specs`) and evaluating every claim of a table, internally and against
filings, with interval arithmetic (`evaluate`).

May import: `checks.inputs`, `checks.text`, `checks.numbers`, `checks.problems`.
"""

from __future__ import annotations

__all__: list[str] = []
