"""Say what a case found, in plain language: failing claims and misattributed figures.

A finding is what a reader of the report should learn first: the sentence, what the figures
give, by how much it misses, the likely explanation (a misreading that reproduces the stated
figure, `checks.claims.misreadings`) and the filed figure with its link. The printed table,
results.json and the case report show the same list, built once here from the evaluation.

One finding per failing claim (its external row when that fails, as the filing is the
stronger evidence, else its internal row), then one per misattributed figure
(`checks.claims.misattributed`), in claims.csv and facts.csv order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from checks.claims.batch import FactIntervals
from checks.claims.misattributed import MISATTRIBUTED_COLUMNS, misattributed_rows
from checks.claims.operands import refs
from checks.claims.specs import ClaimSpec
from checks.inputs.case import Case
from checks.inputs.facts import FactRecord
from checks.numbers.formatting import format_interval, format_number

__all__ = [
    "Finding",
    "case_findings",
    "claim_findings",
    "finding_payload",
    "misattributed_findings",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: what it is about, each part in words, and the whole as one sentence."""

    kind: str  # "fails" or "misattributed"
    subject: str  # the claim id, or the fact id of a misattributed figure
    scenario: str  # internal or external ("" for a misattributed figure)
    quote: str  # the sentence of the source
    stated: str  # what the sentence says
    computed: str  # what the figures give
    by: str  # by how much it misses
    explanation: str  # the likely explanation ("" when no misreading fits)
    filed: str  # the filed figure(s) used, with their values
    url: str  # where the (first) filed figure was read
    text: str  # the plain-language finding (the link is `url`)

    def payload(self) -> dict[str, str]:
        return asdict(self)

    def line(self) -> str:
        """Write the finding as one line of plain text, its link at the end."""
        return f"{self.text} <{self.url}>" if self.url else self.text


def finding_payload(findings: Sequence[Finding]) -> list[dict[str, str]]:
    """Return the findings as plain data (for results.json)."""
    return [f.payload() for f in findings]


def _interval(row: Mapping[str, Any], prefix: str, unit: str) -> str:
    return format_interval(
        float(row[f"{prefix}_lo"]),
        float(row[f"{prefix}_hi"]),
        bool(row.get(f"{prefix}_lo_open", False)),
        bool(row.get(f"{prefix}_hi_open", False)),
        unit,
    )


def _filed(
    used: str, records: Mapping[str, FactRecord], urls: Mapping[str, str]
) -> tuple[str, str]:
    """Name the filed figures a row used (`a->ref` substitutions and reference operands)."""
    shown, first_url = [], ""
    for part in (used or "").split(","):
        fid = part.split("->")[-1]
        rec = records.get(fid)
        if rec is None or rec.origin != "reference":
            continue
        shown.append(
            f"{fid} ({rec.concept}, {rec.period}) {format_number(float(rec.value), rec.unit, 6)}"
        )
        first_url = first_url or urls.get(fid, "")
    return "; ".join(shown), first_url


def _role_name(spec: ClaimSpec, role: str) -> str:
    """Name an operand role with its fact: `items[2]` of a trend is `items[2] (kc_netloss_fy2023)`."""
    base, _, index = role.partition("[")
    exprs = spec.operands.get(base, [])
    k = int(index.rstrip("]")) if index else 0
    ids = refs(exprs[k]) if k < len(exprs) else []
    return f"{role} ({ids[0]})" if len(ids) == 1 else role


def claim_findings(
    specs: Sequence[ClaimSpec],
    evaluation: pd.DataFrame,
    records: Mapping[str, FactRecord],
    urls: Mapping[str, str],
) -> list[Finding]:
    """Return one finding per failing claim, in claims.csv order."""
    if evaluation.empty:
        return []
    fails = evaluation["verdict"].to_numpy() == "fails"
    if not fails.any():  # most cases: no row to select, none to turn into a dict
        return []
    # the failing rows as dicts, column by column: selecting rows and to_dict("records") (a
    # pandas lookup per cell) cost about 2 ms for each case with a failing claim
    at = np.flatnonzero(fails)
    columns = {str(k): evaluation[k].to_numpy()[at].tolist() for k in evaluation.columns}
    rows: dict[tuple[str, str], dict[str, Any]] = {
        (str(r["claim_id"]), str(r["scenario"])): r
        for r in (
            dict(zip(columns, cells, strict=True)) for cells in zip(*columns.values(), strict=True)
        )
    }
    out = []
    for spec in specs:
        row = next(
            (
                rows[(spec.claim_id, s)]
                for s in ("external", "internal")
                if rows.get((spec.claim_id, s), {}).get("verdict") == "fails"
            ),
            None,
        )
        if row is None:
            continue
        unit = str(row["unit"])
        stated = _interval(row, "stated", unit)
        computed = _interval(row, "computed", unit)
        by = format_number(float(row["distance"]), unit)
        explanation = ""
        if row.get("explanation"):
            value = _interval(row, "explanation", unit)
            explanation = f"{row['explanation_detail']} (which gives {value})"
        filed, url = _filed(str(row.get("operands_used", "")), records, urls)
        if spec.stated:
            head = (
                f"「{spec.quote}」 says {stated}; the {row['scenario']} figures give {computed}, "
                f"a miss of {by}."
            )
        else:
            role = str(row.get("consistent_role") or "")
            good = _interval(row, "consistent", unit) if role else ""
            head = (
                f"「{spec.quote}」 does not hold on the {row['scenario']} figures "
                f"(a miss of {by}): {_role_name(spec, role)} would have to be {good}."
            )
        text = (
            head
            + (f" Likely explanation: {explanation}." if explanation else "")
            + (f" Filed: {filed}." if filed else "")
        )
        out.append(
            Finding(
                "fails",
                spec.claim_id,
                str(row["scenario"]),
                spec.quote,
                stated,
                computed,
                by,
                explanation,
                filed,
                url,
                text,
            )
        )
    return out


def misattributed_findings(
    found: Iterable[Mapping[str, str]],
    records: Mapping[str, FactRecord],
    quotes: Mapping[str, str],
    urls: Mapping[str, str],
) -> list[Finding]:
    """Return one finding per misattributed figure.

    `found` holds the rows of `checks.claims.misattributed`, each a mapping of column to value.
    """
    out = []
    for row in found:
        art, ref = records[row["fact_id"]], records[row["matches"]]
        stated = f"{format_number(float(art.value), art.unit, 6)} as {art.concept} ({art.period or 'no period'})"
        filed = f"{ref.fact_id} ({ref.concept}, {ref.period}) {format_number(float(ref.value), ref.unit, 6)}"
        gap = abs(float(art.value) - float(ref.value))
        by = format_number(gap, art.unit) if math.isfinite(gap) else ""
        own = (
            f"the filed {art.concept} ({row['own']}) does not agree"
            if row["own"]
            else f"no filed {art.concept} of {art.entity} for {art.period or 'its period'} exists"
        )
        explanation = (
            f"the figure matches {ref.concept} for {ref.period}, not {art.concept}"
            f" for {art.period or 'its period'}"
        )
        url = urls.get(ref.fact_id, "")
        text = (
            f"「{quotes.get(art.fact_id, '')}」 gives {stated}; {own}, but it matches the filed "
            f"{ref.concept} for {ref.period} within rounding ({filed}, {by} apart). Likely "
            f"explanation: {explanation}."
        )
        out.append(
            Finding(
                "misattributed",
                art.fact_id,
                "",
                quotes.get(art.fact_id, ""),
                stated,
                filed,
                by,
                explanation,
                filed,
                url,
                text,
            )
        )
    return out


def case_findings(
    case: Case, specs: Sequence[ClaimSpec], evaluation: pd.DataFrame, fx: FactIntervals
) -> list[Finding]:
    """Return a case's findings: its failing claims, then its misattributed figures."""
    urls = {r.cells.get("fact_id", ""): r.cells.get("source_url", "") for r in case.reference}
    quotes = {r.cells.get("fact_id", ""): r.cells.get("quote", "") for r in case.facts}
    linked = frozenset(
        (str(s.stated), ids[0])
        for s in specs
        if s.kind == "agrees" and (ids := refs(s.operands["reference"][0]))
    )
    found = [
        dict(zip(MISATTRIBUTED_COLUMNS, row, strict=True))
        for row in misattributed_rows(fx.records, fx.ids, fx.interval, linked)
    ]
    return [
        *claim_findings(specs, evaluation, fx.records, urls),
        *misattributed_findings(found, fx.records, quotes, urls),
    ]
