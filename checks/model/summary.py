"""Summarize one case in a small row: what results.json holds per case (schema 2.0).

A corpus of ten thousand cases cannot be one document that every reader loads whole, so
results.json holds one row per case (its counts, kinds and the path of its full document)
and the case's detail lives in `cases/<case>.json` alone. The index page and CI read the
rows; whoever wants one case's claims reads that case's file.

The row is computed from the results model here, once, both when a run writes results.json
and when `docs --from` checks a case file against the row that names it, so the two always
agree field for field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checks.claims.verdicts import Scenario, Verdict
from checks.model.results import CaseResult, review_text

__all__ = [
    "CASES_DIR",
    "CLAIM_TABLE_COLUMNS",
    "CaseSummary",
    "case_path",
    "claim_rows",
    "summarize",
]

CASES_DIR = "cases"  # the folder of case documents, beside results.json


def case_path(case_id: str) -> str:
    """Return the path of a case's document relative to the results folder."""
    return f"{CASES_DIR}/{case_id}.json"


@dataclass(frozen=True)
class CaseSummary:
    """One case in brief: counts for the index and CI, and where its full document is.

    `verdicts` maps each scenario to a count per verdict (every verdict present, zeros
    included), so a row always has the same shape.
    """

    case: str
    title: str | None
    entity: str | None  # the entity most of the case's facts name (ties: first by name)
    claims: int
    verdicts: Mapping[str, Mapping[str, int]]
    findings: int
    differs: int  # claims whose computed verdict differs from the reviewed one
    problems: int
    kinds: tuple[str, ...]  # claim kinds present, sorted
    document: str  # relative path of cases/<case>.json

    def count(self, scenario: Scenario | str, verdict: Verdict | str) -> int:
        """Return how many claims got `verdict` in `scenario`."""
        return self.verdicts[str(scenario)][str(verdict)]

    def row(self) -> dict[str, Any]:
        """Return the row as results.json writes it."""
        return {
            "case": self.case,
            "title": self.title,
            "entity": self.entity,
            "claims": self.claims,
            "verdicts": {s: dict(v) for s, v in self.verdicts.items()},
            "findings": self.findings,
            "differs": self.differs,
            "problems": self.problems,
            "kinds": list(self.kinds),
            "document": self.document,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CaseSummary:
        """Read a row of results.json (already schema-valid) back."""
        return cls(
            case=row["case"],
            title=row["title"],
            entity=row["entity"],
            claims=row["claims"],
            verdicts={s: dict(v) for s, v in row["verdicts"].items()},
            findings=row["findings"],
            differs=row["differs"],
            problems=row["problems"],
            kinds=tuple(row["kinds"]),
            document=row["document"],
        )


def _entity(result: CaseResult) -> str | None:
    named = Counter(f.entity for f in result.facts if f.entity)
    if not named:
        return None
    return min(named.items(), key=lambda item: (-item[1], item[0]))[0]


def summarize(result: CaseResult) -> CaseSummary:
    """Summarize a case's results in one row."""
    verdicts = {s.value: dict.fromkeys((v.value for v in Verdict), 0) for s in Scenario}
    for claim in result.claims:
        for scenario, outcome in claim.outcomes.items():
            verdicts[scenario.value][outcome.verdict.value] += 1
    return CaseSummary(
        case=result.case_id,
        title=result.provenance.title,
        entity=_entity(result),
        claims=len(result.claims),
        verdicts=verdicts,
        findings=len(result.findings),
        differs=sum(c.differs for c in result.claims),
        problems=len(result.problems),
        kinds=tuple(sorted({c.kind for c in result.claims})),
        document=case_path(result.case_id),
    )


CLAIM_TABLE_COLUMNS = (
    "claim_id",
    "kind",
    "line",
    *(f"{s}_{c}" for s in Scenario for c in ("verdict", "reviewed", "ok")),
)
"""The columns of a case's claims check table, which the GX claims suites assert."""


def claim_rows(result: CaseResult) -> list[tuple[object, ...]]:
    """Give a case's claims as rows of its claims check table (`CLAIM_TABLE_COLUMNS` order).

    Per scenario: the verdict, the review (`NO_REVIEW` where it is left empty) and whether
    they match. No rows when the case was not evaluated. Computed here, beside the model,
    so a worker process can send a case's rows without loading GX.
    """
    rows: list[tuple[object, ...]] = []
    for claim in result.claims if result.evaluated else ():
        row: list[object] = [claim.claim_id, claim.kind, claim.line]
        for scenario in Scenario:
            o = claim.outcomes[scenario]
            row += [o.verdict.value, review_text(o.reviewed), not o.differs]
        rows.append(tuple(row))
    return rows
