"""Numbers: sound interval arithmetic, outward rounding, the hedge policy, derived metrics.

Owns the value types (`quantity`), the float64 primitives that round outward (`rounding`),
the end formulas of products, quotients, powers, roots, meets and gaps (`ends`), the
`Interval` type (`interval`), the hedge policy in Decimal (`hedge`) and over arrays
(`hedge_arrays`), derived metrics such as growth and CAGR (`metrics`) and formatting for
people (`formatting`). Takes decimals and arrays; gives intervals. Knows nothing of files.

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, arguments, failures, progress, draft, spark, writing.
May import: `checks.problems`.
"""

from __future__ import annotations

__all__: list[str] = []
