"""Hold what one case's run found: the results model every writer renders from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from checks.claims.findings import Finding
from checks.claims.specs import ClaimSpec
from checks.inputs.case import Case
from checks.inputs.facts import FactCheck
from checks.numbers.hedge import HedgePolicy
from checks.problems import Problem

__all__ = ["CaseResult"]


@dataclass
class CaseResult:
    """Everything one case's run found; `problems` non-empty means its data is broken."""

    case: Case
    policy: HedgePolicy
    as_of: int | None
    facts: FactCheck
    claims: list[ClaimSpec]
    evaluation: pd.DataFrame  # one row per (claim, scenario)
    summary: pd.DataFrame  # one row per claim: both verdicts next to the reviewed ones
    problems: list[Problem] = field(default_factory=list)
    drafts: frozenset[str] = frozenset()  # claims that are drafts or rest on a draft fact
    findings: list[Finding] = field(default_factory=list)  # failing claims, misattributed figures

    @property
    def mismatches(self) -> pd.DataFrame:
        if self.summary.empty:
            return self.summary
        return self.summary[~(self.summary["internal_ok"] & self.summary["external_ok"])]
