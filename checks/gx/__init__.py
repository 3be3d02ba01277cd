"""Great Expectations: the context, the suites, their runs and the Data Docs.

Owns every GX name the harness uses (`api`), the File Data Context (`context`), the
expectations (`expectations`) and suites built from them (`suites`), running a suite over a
DataFrame (`run`), running the project's suites over a case's results (`validate`), Data Docs
(`docs`) and their vendored, offline assets (`assets`, `vendor/`). Takes the check and
evaluation tables; gives suite outcomes.

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, arguments, failures, progress, draft, spark, writing.
May import: `checks.problems`, `checks.numbers`, `checks.text`, `checks.inputs`,
`checks.claims`, `checks.model`.
"""

from __future__ import annotations

__all__: list[str] = []
