"""Draft: propose a case from an article's text, and screen texts' internal arithmetic.

`figures`, `periods`, `labels`, `patterns` and `drafting` read text and registries only (the
text and inputs layers); `commands` and `main` evaluate drafts with the pipeline and write
case folders and reports, so the package sits in the top layer, beside the CLI that calls it.

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, arguments, failures, progress, draft, spark, writing.
May import: `checks.problems`, `checks.numbers`, `checks.text`, `checks.inputs`, `checks.claims`, `checks.model`, `checks.gx`, `checks.output`.
"""

from __future__ import annotations

__all__: list[str] = []
