"""Output: render the results model as files and pages for machines and people.

Owns results.json, JUnit XML and the claims CSV (`results`) and the offline HTML report
(`report`, built from `article`, `chart`, `claim_rows`, `html`, `page_assets`).

May import: `checks.model` and the layers below it. Never `checks.gx`, `checks.pipeline`,
`checks.gate` or `checks.cli`.
"""

from __future__ import annotations

__all__: list[str] = []
