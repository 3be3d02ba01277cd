"""Output: render the results model as files and pages for machines and people.

Owns results.json, the case files, JUnit XML and the claims CSV (`results`), the offline
HTML report (`report`, built from `article`, `chart`, `claim_rows`, `html`, `page_assets`)
the index of cases (`case_index`, from the cases' summary rows), a case as terminal text
(`console`: its claims table, findings and mismatch lines), rendering a results
folder's pages in worker processes (`docs_from`), and publishing a run's
folders together (`publish`). Takes the results model; gives files.

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, arguments, failures, progress, draft, spark, writing.
May import: `checks.problems`, `checks.numbers`, `checks.text`, `checks.inputs`,
`checks.claims`, `checks.model`, `checks.gx`.
"""

from __future__ import annotations

__all__: list[str] = []
