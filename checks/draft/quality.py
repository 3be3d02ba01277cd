"""Measure a draft against a hand-made case: figures, derived cells, suggestions, claims.

Figures and exclusions are matched by where their token lies in the source (a hand-made
fact's span is its `stated` inside its `quote`), so differing ids and quotes do not matter.
A hand-made claim counts as internal when its stated figure and every operand are article
facts (no `?`, no reference figure): the relationships a draft can hope to find in the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checks.draft.drafting import Draft
from checks.inputs.csv_tables import Row, Table
from checks.inputs.drafts import DERIVED_COLUMNS, fill_derived

__all__ = ["Quality", "fact_spans", "measure"]


@dataclass(frozen=True)
class Quality:
    """Counts of agreement between a draft and a hand-made case."""

    facts: int
    facts_found: int
    drafted_facts: int
    exclusions: int
    exclusions_found: int
    derived_cells: int
    derived_agree: int
    concepts_agree: int
    entities_agree: int
    periods_agree: int
    internal_claims: int
    internal_claims_found: int
    missed_claims: tuple[str, ...]

    @staticmethod
    def _pct(n: int, d: int) -> float:
        return 100.0 * n / d if d else 100.0

    @property
    def rates(self) -> dict[str, float]:
        """Each measure as a percentage."""
        return {
            "figure recall": self._pct(self.facts_found, self.facts),
            "figure precision": self._pct(self.facts_found, self.drafted_facts),
            "exclusion recall": self._pct(self.exclusions_found, self.exclusions),
            "derived columns": self._pct(self.derived_agree, self.derived_cells),
            "concept suggestions": self._pct(self.concepts_agree, self.facts_found),
            "entity suggestions": self._pct(self.entities_agree, self.facts_found),
            "period suggestions": self._pct(self.periods_agree, self.facts_found),
            "internal-relationship claims": self._pct(
                self.internal_claims_found, self.internal_claims
            ),
        }

    def report(self) -> str:
        """Render the measures one per line, with the counts behind them."""
        counts = {
            "figure recall": (self.facts_found, self.facts),
            "figure precision": (self.facts_found, self.drafted_facts),
            "exclusion recall": (self.exclusions_found, self.exclusions),
            "derived columns": (self.derived_agree, self.derived_cells),
            "concept suggestions": (self.concepts_agree, self.facts_found),
            "entity suggestions": (self.entities_agree, self.facts_found),
            "period suggestions": (self.periods_agree, self.facts_found),
            "internal-relationship claims": (self.internal_claims_found, self.internal_claims),
        }
        lines = [
            f"{name:30} {self.rates[name]:6.1f}%  ({n}/{d})" for name, (n, d) in counts.items()
        ]
        if self.missed_claims:
            lines.append("claims missed: " + ", ".join(self.missed_claims))
        return "\n".join(lines)


def fact_spans(source: str, rows: Sequence[Mapping[str, str]], column: str) -> dict[int, str]:
    """Map the start offset of each row's token (`column` inside `quote`) to the row's id."""
    out: dict[int, str] = {}
    for i, row in enumerate(rows):
        quote, token = row["quote"], row[column]
        at = source.find(quote)
        if at == -1 or token not in quote:
            continue
        out[at + quote.index(token)] = row.get("fact_id", "") or str(i)
    return out


def _refs(expr: str) -> list[str]:
    return re.findall(r"[a-z0-9_]+", expr.replace("?", ""))


def _operands(text: str) -> dict[str, str]:
    pairs = (p.partition("=") for p in text.split(";") if p.strip())
    return {k.strip(): v.strip() for k, _, v in pairs}


def measure(
    source: str,
    draft: Draft,
    facts: Sequence[Mapping[str, str]],
    excluded: Sequence[Mapping[str, str]],
    claims: Sequence[Mapping[str, str]],
) -> Quality:
    """Compare a draft of `source` with the hand-made facts, exclusions and claims."""
    hand = fact_spans(source, facts, "stated")
    hand_rows = {r["fact_id"]: r for r in facts}
    mine = {f.token.start: row for f, row in zip(draft.figures, draft.facts, strict=True)}
    to_hand = {mine[at]["fact_id"]: fid for at, fid in hand.items() if at in mine}
    drafted_table = Table(
        "draft",
        ["stated", *DERIVED_COLUMNS],
        [Row(0, {"stated": mine[at]["stated"]}) for at in hand if at in mine],
    )
    derived = fill_derived(drafted_table).rows
    cells = agree = concepts = entities = periods = 0
    for row, at in zip(derived, [a for a in hand if a in mine], strict=True):
        want = hand_rows[hand[at]]
        drafted = mine[at]
        for column in DERIVED_COLUMNS:
            cells += 1
            agree += row[column] == want.get(column, row[column])
        concepts += drafted["concept"] == want["concept"]
        entities += drafted["entity"] == want["entity"]
        periods += drafted["period"] == want["period"]
    hand_excl = {
        source.find(r["quote"]) + r["quote"].index(r["token"])
        for r in excluded
        if r["token"] in r["quote"]
    }
    mine_excl = {label.token.start for label in draft.labels}
    article_ids = set(hand_rows)
    internal = [
        c
        for c in claims
        if c["kind"] != "agrees"
        and "?" not in c["operands"]
        and all(ref in article_ids for v in _operands(c["operands"]).values() for ref in _refs(v))
    ]
    proposed = {
        (
            c["kind"],
            to_hand.get(c["stated"], c["stated"]),
            tuple(
                sorted(
                    (role, re.sub(r"[a-z0-9_]+", lambda m: to_hand.get(m.group(), m.group()), v))
                    for role, v in _operands(c["operands"]).items()
                )
            ),
        )
        for c in draft.claims
    }
    found = [
        c
        for c in internal
        if (c["kind"], c["stated"], tuple(sorted(_operands(c["operands"]).items()))) in proposed
    ]
    missed = tuple(sorted(c["claim_id"] for c in internal if c not in found))
    return Quality(
        facts=len(hand),
        facts_found=sum(1 for at in hand if at in mine),
        drafted_facts=len(draft.facts),
        exclusions=len(hand_excl),
        exclusions_found=len(hand_excl & mine_excl),
        derived_cells=cells,
        derived_agree=agree,
        concepts_agree=concepts,
        entities_agree=entities,
        periods_agree=periods,
        internal_claims=len(internal),
        internal_claims_found=len(found),
        missed_claims=missed,
    )
