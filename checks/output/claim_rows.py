"""Gather each claim's two evaluations into one view, and render the claims table.

The evaluation frame has one row per (claim, scenario); a reader wants one line per claim
with the internal and external verdicts side by side, next to what the reviewer recorded.
`ClaimView` is that line, and the chart, the figure cards and the table all read it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checks.claims.evaluate import SCENARIOS
from checks.claims.specs import ClaimSpec, unit_of
from checks.inputs.facts import FactRecord
from checks.model import CaseResult
from checks.numbers.formatting import format_number
from checks.numbers.interval import Bounds
from checks.output.html import anchor, badge, breakable, esc, interval_text, table

__all__ = ["ClaimView", "Side", "claim_views", "claims_table", "side_html"]


@dataclass(frozen=True)
class Side:
    """One scenario's evaluation of one claim, with the reviewer's verdict for it."""

    scenario: str
    verdict: str  # holds, fails, unverifiable, not_computable; '' when not evaluated
    reviewed: str
    stated: Bounds | None
    computed: Bounds | None
    distance: float
    grade: str
    missing: str
    implied_role: str
    implied: Bounds | None
    implied_unit: str
    used: str
    why: str = ""  # why the result is not computable, naming the operand

    @property
    def differs(self) -> bool:
        """Tell whether a computed verdict exists and differs from the reviewed one."""
        return bool(self.verdict) and self.verdict != self.reviewed


@dataclass(frozen=True)
class ClaimView:
    """One claim with both scenarios; `unit` is the unit its intervals are written in."""

    spec: ClaimSpec
    unit: str
    internal: Side
    external: Side
    draft: bool = False  # the claim or a fact it uses is still a draft

    @property
    def sides(self) -> tuple[Side, Side]:
        return (self.internal, self.external)

    @property
    def verdict(self) -> str:
        """Combine the scenarios: fails, not_computable, holds, unverifiable: the first met.

        An internal `unverifiable` next to an external `holds` is the normal state of a claim
        the article cannot check by itself, so it does not make the claim unverifiable; a
        `not_computable` side is never hidden behind the other side's `holds`.
        """
        got = {s.verdict for s in self.sides}
        for verdict in ("fails", "not_computable"):
            if verdict in got:
                return verdict
        if "holds" in got:
            return "holds"
        return "unverifiable" if "unverifiable" in got else ""

    @property
    def differs(self) -> bool:
        return any(s.differs for s in self.sides)


def _bounds(row: dict[str, Any], prefix: str) -> Bounds | None:
    lo, hi = row.get(f"{prefix}_lo"), row.get(f"{prefix}_hi")
    if lo is None or hi is None or math.isnan(float(lo)) or math.isnan(float(hi)):
        return None
    return Bounds(
        float(lo),
        float(hi),
        bool(row.get(f"{prefix}_lo_open", False)),
        bool(row.get(f"{prefix}_hi_open", False)),
    )


def _implied_unit(spec: ClaimSpec, role: str, records: dict[str, FactRecord]) -> str:
    """Guess the unit of an implied operand: its own if known, else its sibling operands'.

    A heuristic: every kind that reports an implied value relates operands of one unit,
    except `product` (price × quantity), whose implied operand is left without a unit.
    """
    if not role or role not in spec.operands:
        return "count"
    units: list[str | None] = []
    for name in [role, *sorted(r for r in spec.operands if r != role)]:
        if name != role and spec.kind == "product":
            break
        try:
            units.extend(unit_of(e, records) for e in spec.operands[name])
        except ValueError:
            continue
    return next((u for u in units if u), "count")


def _side(
    spec: ClaimSpec, scenario: str, row: dict[str, Any] | None, records: dict[str, FactRecord]
) -> Side:
    reviewed = str(getattr(spec, f"reviewed_{scenario}"))
    if row is None:
        return Side(scenario, "", reviewed, None, None, 0.0, "", "", "", None, "count", "")
    role = str(row.get("implied_role") or "")
    return Side(
        scenario,
        str(row["verdict"]),
        reviewed,
        _bounds(row, "stated"),
        _bounds(row, "computed"),
        float(row.get("distance") or 0.0),
        str(row.get("grade") or ""),
        str(row.get("missing") or ""),
        role,
        _bounds(row, "implied"),
        _implied_unit(spec, role, records),
        str(row.get("operands_used") or ""),
        str(row.get("not_computable") or ""),
    )


def claim_views(result: CaseResult) -> list[ClaimView]:
    """Pair each claim's scenario rows; order failures first, then as in claims.csv."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    if not result.evaluation.empty:
        for row in result.evaluation.to_dict("records"):
            rows[(str(row["claim_id"]), str(row["scenario"]))] = {str(k): v for k, v in row.items()}
    records = result.facts.records
    views = []
    for spec in result.claims:
        got = [rows.get((spec.claim_id, s)) for s in SCENARIOS]
        unit = next((str(r["unit"]) for r in got if r is not None and r.get("unit")), "count")
        internal, external = (
            _side(spec, s, r, records) for s, r in zip(SCENARIOS, got, strict=True)
        )
        views.append(ClaimView(spec, unit, internal, external, spec.claim_id in result.drafts))
    return sorted(views, key=lambda v: (v.verdict != "fails", v.spec.line, v.spec.claim_id))


def _distance_text(side: Side, unit: str) -> str:
    if side.verdict != "fails":
        return ""
    shown = format_number(side.distance, "pp" if unit == "pct" else unit)
    return f"{esc(side.scenario)}: off by {esc(shown)} ({esc(side.grade or 'ungraded')})"


def _implied_text(side: Side) -> str:
    if side.verdict != "unverifiable":
        return ""
    missing = f"missing {esc(side.missing.replace(',', ', ') or '?')}"
    if side.implied is None or not side.implied_role:
        return f"{esc(side.scenario)}: {missing}"
    value = interval_text(side.implied, side.implied_unit)
    return f"{esc(side.scenario)}: {missing}; implied {esc(side.implied_role)} {esc(value)}"


def side_html(side: Side) -> str:
    """Show one scenario's computed verdict over the reviewed one, flagging a difference."""
    mark = (
        '<strong class="differs" title="computed verdict differs from the reviewed one">'
        "≠ reviewed</strong>"
        if side.differs
        else ""
    )
    return (
        f"{badge(side.verdict)} {mark}"
        f'<div class="reviewed">reviewed: {esc(side.reviewed or "—")}</div>'
    )


def claims_table(views: Sequence[ClaimView]) -> str:
    """Render one row per claim: verdicts, intervals, failure distance, implied values, review."""
    rows = []
    for v in views:
        spec = v.spec
        notes = [t for t in (_distance_text(s, v.unit) for s in v.sides) if t]
        notes += [esc(s.why) for s in v.sides if s.why]
        implied = [t for t in (_implied_text(s) for s in v.sides) if t]
        differs = (
            '<div class="differs-row">⚠ computed verdict differs from review</div>'
            if v.differs
            else ""
        )
        stated = {interval_text(s.stated, v.unit) for s in v.sides if s.stated is not None}
        if v.draft:
            differs += (
                '<div class="differs-row">draft: the claim or a fact it uses is not yet '
                "confirmed</div>"
            )
        cells = [
            f'<a class="claim-id" href="#{anchor("claim", spec.claim_id)}">{breakable(spec.claim_id)}</a>'
            f'<div class="kind">{esc(spec.kind)}</div>{differs}'
            f'<div class="quote">「{esc(spec.quote)}」</div>',
            side_html(v.internal),
            side_html(v.external),
            "<br>".join(esc(t) for t in sorted(stated)) or "—",
            esc(interval_text(v.internal.computed, v.unit)),
            esc(interval_text(v.external.computed, v.unit)),
            "<br>".join(notes),
            "<br>".join(implied),
            esc(spec.reason) + (f'<div class="note">{esc(spec.note)}</div>' if spec.note else ""),
        ]
        cls = f"v-row-{v.verdict or 'none'}" + (" mismatch" if v.differs else "")
        attrs = (
            f' id="{anchor("claim", spec.claim_id)}" class="{esc(cls)}"'
            f' data-claim="{esc(spec.claim_id)}" data-verdict="{esc(v.verdict)}"'
        )
        rows.append((attrs, cells))
    head = (
        "claim",
        "internal",
        "external",
        "stated",
        "computed (internal)",
        "computed (external)",
        "failure: distance, grade; not computable: why",
        "unverifiable: implied value",
        "reviewer's reason",
    )
    return table(head, rows, "data claims")
