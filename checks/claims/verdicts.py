"""Name the words a result is made of: scenarios, verdicts and failure grades, as enums.

They live here, below `checks.model`, because claims.csv records reviewed verdicts and the
evaluator writes computed ones; `checks.model` re-exports them. Each enum is the one list of
its words: adding a verdict means adding a member (with its severity in `_SEVERITY`, which a
test requires for every member) and documenting it in the results schema.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Grade", "Scenario", "Verdict"]


class Scenario(StrEnum):
    """Which figures a claim is evaluated with."""

    INTERNAL = "internal"  # the article's own figures only
    EXTERNAL = "external"  # filed figures substituted for the article's where they exist


class Verdict(StrEnum):
    """What a claim's evaluation (or a reviewer) says of it."""

    HOLDS = "holds"  # the stated and the computed intervals overlap
    FAILS = "fails"  # they do not
    UNVERIFIABLE = "unverifiable"  # an operand is missing
    # An operand leaves the result unbounded or empty (a divisor that may be zero), so no
    # verdict can be given. A reviewer may record it (a growth rate from a filed base of 0
    # stays not computable), and the gate then accepts it like any matching verdict.
    NOT_COMPUTABLE = "not_computable"

    @property
    def severity(self) -> int:
        """Rank the verdict for colouring and ordering: higher is worse."""
        return _SEVERITY[self]

    @classmethod
    def worst_first(cls) -> tuple[Verdict, ...]:
        """List every verdict, worst first (the order of report columns and legends)."""
        return tuple(sorted(cls, key=lambda v: -v.severity))


_SEVERITY = {
    Verdict.FAILS: 3,
    Verdict.NOT_COMPUTABLE: 2,
    Verdict.UNVERIFIABLE: 1,
    Verdict.HOLDS: 0,
}


class Grade(StrEnum):
    """How a failure fails."""

    MAGNITUDE = "magnitude"  # the figure is off by some distance
    DECISION = "decision"  # a direction, an ordering or a limit is wrong
