"""Great Expectations: the context, the suites, their runs and the Data Docs.

Owns every GX name the harness uses (`api`), the File Data Context (`context`), the
expectations (`expectations`) and suites built from them (`suites`), running a suite over a
DataFrame (`run`), running the project's suites over a case's results (`validate`), Data Docs
(`docs`) and their vendored, offline assets (`assets`, `vendor/`).

May import: `checks.model`, `checks.claims`, `checks.inputs`, `checks.text`, `checks.numbers`,
`checks.problems`. Never `checks.pipeline`, `checks.gate` or `checks.cli`.
"""

from __future__ import annotations

__all__: list[str] = []
