"""Numbers: sound interval arithmetic, outward rounding, the hedge policy, derived metrics.

Owns the value types (`quantity`), the float64 primitives that round outward (`rounding`),
the end formulas of products, quotients, powers and roots (`ends`), the `Interval` type
(`interval`), the hedge policy in Decimal (`hedge`) and over arrays (`hedge_arrays`), derived
metrics such as growth and CAGR (`metrics`) and formatting for people (`formatting`).

May import: `checks.problems` only. Everything else in the package builds on this layer.
"""

from __future__ import annotations

__all__: list[str] = []
