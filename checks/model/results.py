"""Declare the results model: what one case's run found, as frozen, typed values.

Evaluation is vectorized (a DataFrame from `checks.claims.evaluate`); `checks.model.build`
turns it into these values once, and every writer (results.json, JUnit, CSV, the printed
table, the HTML report, the GX docs suite) renders them and nothing else. Nothing here
computes a verdict or an interval: a report built from a results file is the same report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar

from checks.claims.filings import NO_FILING
from checks.claims.findings import Finding
from checks.claims.verdicts import Grade, Scenario, Verdict
from checks.numbers.interval import Bounds
from checks.problems import Problem

__all__ = [
    "EMPTY",
    "NO_REVIEW",
    "CaseResult",
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
    "combined_verdict",
    "is_empty",
    "report_order",
    "review_text",
    "worst",
]

EMPTY = Bounds(math.inf, -math.inf, False, False)  # the one form an empty interval takes
NO_REVIEW = f"— ({NO_FILING})"  # how a review left empty is shown (it says: nothing filed)


def review_text(reviewed: Verdict | None) -> str:
    """Show a reviewed verdict, or `NO_REVIEW` for a review left empty (None)."""
    return NO_REVIEW if reviewed is None else reviewed.value


def is_empty(bounds: Bounds) -> bool:
    """Tell whether no value lies in the interval (lo above hi, or equal ends not both closed)."""
    return bounds.lo > bounds.hi or (bounds.lo == bounds.hi and (bounds.lo_open or bounds.hi_open))


def worst(verdicts: Iterable[Verdict | None]) -> Verdict | None:
    """Return the most severe verdict given, or None when there is none."""
    seen = [v for v in verdicts if v is not None]
    return max(seen, key=lambda v: v.severity) if seen else None


def combined_verdict(verdicts: Iterable[Verdict | None]) -> Verdict | None:
    """Combine a claim's scenarios: fails, not_computable, holds, unverifiable: the first met.

    An internal `unverifiable` next to an external `holds` is the normal state of a claim the
    article cannot check by itself, so it does not make the claim unverifiable; a
    `not_computable` side is never hidden behind the other side's `holds`.
    """
    seen = {v for v in verdicts if v is not None}
    for verdict in (Verdict.FAILS, Verdict.NOT_COMPUTABLE, Verdict.HOLDS):
        if verdict in seen:
            return verdict
    return worst(seen)


_T = TypeVar("_T", bound=type)


def _quick_pickle(cls: _T) -> _T:
    """Give a frozen, slotted dataclass a cheaper `__init__` and pickled state.

    `build_result` makes, and a writer unpickles, tens of thousands of these per thousand
    cases. The standard state functions call `fields()` again for every object (a third of
    the time to unpack a case), and a frozen dataclass's `__init__` sets each field with
    `object.__setattr__(self, name, value)`. Here `__init__` (same parameters and
    defaults) and `__setstate__` are generated, as `dataclasses` generates its own, with
    one statement per field setting the slot through its descriptor: about a third of the
    time to make an Outcome (timeit, one process), and half the time of a loop over the
    fields to unpickle one. A state of the wrong length is refused (ValueError).
    """
    given = fields(cls)
    assert all(f.init and f.default_factory is MISSING for f in given)  # plain fields only
    assert not hasattr(cls, "__post_init__")
    names = tuple(f.name for f in given)
    get = attrgetter(*names)
    scope: dict[str, Any] = {f"set_{n}": cls.__dict__[n].__set__ for n in names}
    scope.update({f"default_{f.name}": f.default for f in given if f.default is not MISSING})
    params = ", ".join(n if f"default_{n}" not in scope else f"{n}=default_{n}" for n in names)
    body = "".join(f"    set_{n}(self, {n})\n" for n in names)
    exec(f"def __init__(self, {params}):\n{body}", scope)
    exec(f"def setstate(self, state):\n    ({', '.join(names)},) = state\n{body}", scope)
    scope["__init__"].__qualname__ = f"{cls.__qualname__}.__init__"

    def getstate(self: Any) -> tuple[Any, ...]:
        return get(self) if len(names) > 1 else (get(self),)

    cls.__init__ = scope["__init__"]  # type: ignore[misc]
    cls.__getstate__ = getstate  # type: ignore[method-assign,assignment]
    cls.__setstate__ = scope["setstate"]  # type: ignore[attr-defined]
    return cls


@_quick_pickle
@dataclass(frozen=True, slots=True)
class OperandUse:
    """One fact a claim names, and the fact a scenario used for it (None: missing)."""

    fact_id: str
    used: str | None

    def __str__(self) -> str:
        return (
            self.fact_id
            if self.used == self.fact_id
            else f"{self.fact_id}->{self.used or 'missing'}"
        )

    @classmethod
    def parse_list(cls, text: str) -> tuple[OperandUse, ...]:
        """Read the list `a->b,c,d->missing` that `str` of each use, joined by commas, gives."""
        out = []
        for item in filter(None, text.split(",")):
            fid, arrow, used = item.partition("->")
            out.append(cls(fid, fid if not arrow else None if used == "missing" else used))
        return tuple(out)


@_quick_pickle
@dataclass(frozen=True, slots=True)
class Outcome:
    """One scenario's evaluation of one claim, beside what the reviewer recorded for it.

    `reviewed` is None where claims.csv leaves the review empty: that says there is no
    filing to check against, and matches only an `unverifiable` verdict for want of one.
    """

    scenario: Scenario
    verdict: Verdict
    reviewed: Verdict | None
    stated: Bounds  # the region the claim's words allow, in the claim's unit
    computed: Bounds | None  # None when an operand is missing (verdict unverifiable)
    distance: float  # how far apart, for a failure; 0.0 otherwise
    grade: Grade | None  # for a failure only
    missing: tuple[str, ...]  # the fact ids (or '?') a scenario lacked
    implied_role: str | None  # the one missing operand whose implied value is known
    implied: Bounds | None  # what that operand would have to be for the claim to hold
    implied_unit: str
    operands_used: tuple[OperandUse, ...]
    # A failure's explanation (`checks.claims.explain`); None, '' or () otherwise.
    consistent_role: str | None = None  # what would have been consistent: 'stated' or a role
    consistent: Bounds | None = None  # ...and its value
    explanation: str | None = None  # the likely misreading's name
    explanation_detail: str = ""
    explanation_value: Bounds | None = None  # what that misreading recomputes
    explanations: tuple[str, ...] = ()  # every misreading that reproduces the stated figure
    not_computable: str = ""  # why the result is unbounded, naming the operand ('' otherwise)

    @property
    def no_filing(self) -> bool:
        """Tell whether the verdict is `unverifiable` because no operand has a filed figure."""
        return self.verdict == Verdict.UNVERIFIABLE and self.missing == (NO_FILING,)

    @property
    def differs(self) -> bool:
        """Tell whether the computed verdict differs from the reviewed one (or its absence)."""
        if self.reviewed is None:
            return not self.no_filing
        return self.verdict != self.reviewed


@_quick_pickle
@dataclass(frozen=True, slots=True)
class ClaimResult:
    """One stated relationship and its outcome in each scenario that was evaluated."""

    claim_id: str
    kind: str
    line: int  # the row of claims.csv
    stated_fact: str | None  # the fact id of the figure the sentence states
    quote: str
    reason: str
    note: str
    fact_ids: tuple[str, ...]  # every fact the claim names, stated one last
    reference_ids: tuple[str, ...]  # filed figures it relies on: named, or substituted
    unit: str  # the unit its stated and computed intervals are written in
    reviewed: Mapping[Scenario, Verdict | None]  # None: left empty (see Outcome)
    outcomes: Mapping[Scenario, Outcome]  # empty when the case was not evaluated
    rests_on_draft: bool = False  # the claim or a fact it uses is still a draft

    def outcome(self, scenario: Scenario) -> Outcome | None:
        """Return the scenario's outcome, or None when the case was not evaluated."""
        return self.outcomes.get(scenario)

    @property
    def verdict(self) -> Verdict | None:
        """Combine the scenarios' verdicts (see `combined_verdict`)."""
        return combined_verdict(o.verdict for o in self.outcomes.values())

    @property
    def differs(self) -> bool:
        return any(o.differs for o in self.outcomes.values())


@_quick_pickle
@dataclass(frozen=True, slots=True)
class FactResult:
    """One row of facts.csv as the report shows it: text, interval, place and verdict.

    Cells are the CSV's text. `interval` and `counterpart` are None for a row that failed its
    checks; `span` is the figure's place in source.txt (character offsets, end exclusive)
    or None with `unplaced` saying why.
    """

    fact_id: str
    concept: str
    entity: str
    period: str
    stated: str
    value: str
    upper: str
    unit: str
    decimals: str
    qualifier: str
    quote: str
    note: str
    interval: Bounds | None
    counterpart: str | None  # the reference fact it is checked against
    span: tuple[int, int] | None
    unplaced: str | None
    used_by: tuple[str, ...]  # claim ids, in report order
    verdict: Verdict | None  # the worst combined verdict of the claims using it
    differs: bool  # a claim using it differs from its review


@_quick_pickle
@dataclass(frozen=True, slots=True)
class ReferenceFact:
    """One row of reference.csv: a filed figure, its interval and where it was read."""

    fact_id: str
    concept: str
    entity: str
    period: str
    value: str
    unit: str
    qualifier: str
    source_kind: str
    source_url: str
    note: str
    interval: Bounds | None


@_quick_pickle
@dataclass(frozen=True, slots=True)
class Exclusion:
    """One row of excluded.csv: a number-like token that is not a figure, and why."""

    token: str
    quote: str
    reason: str


@_quick_pickle
@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the source came from, as provenance.json and case.json record it."""

    title: str | None
    urls: tuple[str, ...]
    sha256: str | None
    language: str | None
    retrieved: str | None
    note: str | None
    as_of: str | None  # as written in case.json


@_quick_pickle
@dataclass(frozen=True, slots=True)
class SuiteFailure:
    """One failing expectation of a GX suite run: its name and the ids of failing rows."""

    name: str
    failing_ids: tuple[str, ...]
    failing_count: int


@_quick_pickle
@dataclass(frozen=True, slots=True)
class SuiteOutcome:
    """One GX table suite run over one case's check table."""

    suite: str
    rows: int
    success: bool
    failures: tuple[SuiteFailure, ...]


@_quick_pickle
@dataclass(frozen=True, slots=True)
class Mismatch:
    """A computed verdict that differs from the reviewed one."""

    claim: ClaimResult
    scenario: Scenario
    verdict: Verdict
    reviewed: Verdict | None  # None: the review was left empty


@_quick_pickle
@dataclass(frozen=True, slots=True)
class CaseResult:
    """Everything one case's run found; `problems` non-empty means its data is broken.

    `claims` are in claims.csv order. `sha256` is the digest of the source text the
    figures' spans index into.
    """

    case_id: str
    hedge_policy: str  # the policy's description, as every result names it
    as_of: int | None  # the year used for elapsed years
    provenance: Provenance
    sha256: str
    facts: tuple[FactResult, ...]
    reference: tuple[ReferenceFact, ...]
    exclusions: tuple[Exclusion, ...]
    claims: tuple[ClaimResult, ...]
    coverage_tokens: int
    coverage_covered: int
    fact_checks: int  # rows of the facts check table (one per facts.csv row)
    reference_checks: int
    problems: tuple[Problem, ...] = ()
    suites: tuple[SuiteOutcome, ...] = field(default=())
    findings: tuple[Finding, ...] = ()  # failing claims and misattributed figures, in words

    @property
    def evaluated(self) -> bool:
        """Tell whether the claims were evaluated (they are not while data is broken)."""
        return any(c.outcomes for c in self.claims)

    @property
    def mismatches(self) -> tuple[Mismatch, ...]:
        """List every computed verdict that differs from its review, in claims.csv order."""
        return tuple(
            Mismatch(c, s, o.verdict, o.reviewed)
            for c in self.claims
            for s, o in c.outcomes.items()
            if o.differs
        )

    def report_order(self) -> tuple[ClaimResult, ...]:
        """Order claims for reading: failures first, then as in claims.csv."""
        return report_order(self.claims)


def report_order(claims: Iterable[ClaimResult]) -> tuple[ClaimResult, ...]:
    """Order claims for reading: failures first, then as in claims.csv."""
    return tuple(sorted(claims, key=lambda c: (c.verdict != Verdict.FAILS, c.line, c.claim_id)))
