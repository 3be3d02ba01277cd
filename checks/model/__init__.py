"""Results: the typed, versioned model of what a run found, which every writer renders.

Owns the result values (`results`: frozen dataclasses; their verdict, scenario and grade
enums are declared one layer down in `checks.claims.verdicts`, where claims.csv and the
evaluator need them), the one conversion from an evaluation frame to those values
(`build`), each case's one-row summary (`summary`: what results.json holds per case), the
JSON documents with their JSON Schema (`documents`, `results.schema.json`) and reading
them back one case at a time (`reading`, for `docs --from`, checked quickly by
`quick_schema`).

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, arguments, failures, progress, draft, spark, writing.
May import: `checks.problems`, `checks.numbers`, `checks.text`, `checks.inputs`,
`checks.claims`.
"""

from __future__ import annotations

from checks.model.build import build_result, source_digest
from checks.model.documents import (
    ENGINES,
    SCHEMA_VERSION,
    case_document,
    results_document,
    schema,
    summary_document,
)
from checks.model.reading import case_from_document
from checks.model.results import (
    NO_REVIEW,
    CaseResult,
    ClaimResult,
    Exclusion,
    FactResult,
    Mismatch,
    OperandUse,
    Outcome,
    Provenance,
    ReferenceFact,
    SuiteFailure,
    SuiteOutcome,
    combined_verdict,
    report_order,
    review_text,
    worst,
)
from checks.model.summary import CaseSummary, summarize

__all__ = [
    "ENGINES",
    "NO_REVIEW",
    "SCHEMA_VERSION",
    "CaseResult",
    "CaseSummary",
    "ClaimResult",
    "Exclusion",
    "FactResult",
    "Mismatch",
    "OperandUse",
    "Outcome",
    "Provenance",
    "ReferenceFact",
    "SuiteFailure",
    "SuiteOutcome",
    "build_result",
    "case_document",
    "case_from_document",
    "combined_verdict",
    "report_order",
    "results_document",
    "review_text",
    "schema",
    "source_digest",
    "summarize",
    "summary_document",
    "worst",
]
