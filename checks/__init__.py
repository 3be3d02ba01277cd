"""Claim-validation harness for financial reporting.

Figures stated in a source document are stored as facts, the relationships it states as
claims; claims are evaluated with rounding-aware interval arithmetic and asserted through
Great Expectations suites.

The stages are packages, layered low to high; a module imports only its own layer and
those below (tests/unit/test_layers.py enforces this and that nothing cycles):

| layer | holds |
| --- | --- |
| `problems` | Problem, DataError and the registry of problem codes |
| `numbers` | intervals, outward rounding, the hedge policy, derived metrics, formatting |
| `text` | scanning and parsing number expressions |
| `inputs` | strict CSV tables, case loading, concepts, fact checks, coverage |
| `claims` | kinds, operand expressions, claim specs and their reader, evaluation |
| `model` | the results of a case's run |
| `gx` | the GX context, expectations, suites, runs and Data Docs |
| `output` | results.json, JUnit, CSV, the printed table, the HTML report |
| `pipeline`, `gate`, `cli`, `progress`, `writing` | running a case, the gate, the command line, writing the outputs |
"""

from __future__ import annotations

__all__: list[str] = []
