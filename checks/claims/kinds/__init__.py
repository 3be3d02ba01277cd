"""Register the claim kinds: each kind's declaration and rules in one `Kind` object.

A `Kind` (see `base`) declares what a claim of that kind names (roles, list roles, whether
it states a figure and in which units, its parameters) and carries its rules: the formula
(`computed`), the region the claim asserts (`region`), the implied value of one missing
operand (`implied`) and the unit of its results (`unit`). `measures` registers the kinds
that state a computed figure; `relations` the directional ones.

Adding a kind touches: one `Kind(...)` entry in `measures.py` or `relations.py` (or a new
module listed below), its known-pass and known-fail fixtures in
`tests/unit/claims/test_kinds.py`, its row in the README's kinds table, and, only when
its operands need a unit check beyond "one unit for all operands", `check_units` in
`checks.claims.specs`. The evaluator, the results writers and the GX suites need no change;
`tests/unit/claims/test_kinds.py` fails when a registered kind lacks a rule or a fixture.
"""

from __future__ import annotations

from checks.claims.kinds.base import RULES, Kind, Operands, Param
from checks.claims.kinds.measures import MEASURE_KINDS
from checks.claims.kinds.relations import RELATION_KINDS

__all__ = ["DIRECTIONAL_KINDS", "KINDS", "RULES", "Kind", "Operands", "Param"]

_ORDER = (
    "share", "growth", "change", "pp_change", "multiple", "ordering", "within", "total", "trend", "cagr",
    "product", "elapsed_years", "agrees",
)  # fmt: skip
_ALL = {k.name: k for k in (*MEASURE_KINDS, *RELATION_KINDS)}
KINDS: dict[str, Kind] = {name: _ALL[name] for name in (*_ORDER, *sorted(set(_ALL) - set(_ORDER)))}
"""Every registered kind by name, in the order the README's table lists them."""

DIRECTIONAL_KINDS = frozenset(k.name for k in KINDS.values() if k.directional)
