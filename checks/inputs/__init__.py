"""Inputs: read a case's declared files strictly and check every fact row.

Owns the strict CSV reader (`csv_tables`), how messages show a file's path (`paths`), case
discovery and loading (`case`), case.json (`config`), the concept registry (`concepts`), the
row checks of facts, reference facts and exclusions (`fact_rows`, run over a case by `facts`)
and the check that every number of the source is a fact or an exclusion (`coverage`). Takes
a case folder; gives typed fact records, check tables for GX, and problems that name file,
line and column.

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, arguments, failures, progress, draft, spark, writing.
May import: `checks.problems`, `checks.numbers`, `checks.text`.
"""

from __future__ import annotations

__all__: list[str] = []
