"""Claim-validation harness for financial reporting.

Figures stated in a source document are stored as facts, the relationships it states as
claims; claims are evaluated with rounding-aware interval arithmetic and asserted through
Great Expectations suites.
"""

from __future__ import annotations

__all__: list[str] = []
