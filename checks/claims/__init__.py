"""Claims: the kinds of stated relationships, their operands, and vectorized evaluation.

Owns the kind registry (`kinds`), operand expressions (`operands`), the claim spec and its
unit algebra (`specs`), reading claims.csv into specs (`claims_csv`, its params cell in `params`), the words results are
made of (`verdicts`: scenario, verdict and grade enums) and evaluating every claim of a
table, internally and against filings, with interval arithmetic (`evaluate`, over each
case's facts as one array of intervals, `fact_arrays`).
Takes fact records and claims.csv; gives per claim and scenario the stated and computed
intervals, the verdict, the distance and the implied value.

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, arguments, failures, progress, draft, spark, writing.
May import: `checks.problems`, `checks.numbers`, `checks.text`, `checks.inputs`.
"""

from __future__ import annotations

__all__: list[str] = []
