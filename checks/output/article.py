"""Render the article text with every stated figure highlighted, and the figure cards.

A figure is placed where its fact says: the quote occurs once in the source and the stated
text occurs inside the quote. It is coloured by the claims that use it (the worst of their
combined verdicts: fails > not_computable > unverifiable > holds; a figure no claim uses is neutral) and
links to its card, which holds the computation. The cards are part of the page, so the
details stay readable with JavaScript off; the script only shows a card in a popup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from checks.claims.evaluate import fact_intervals
from checks.inputs.csv_tables import Row
from checks.model import CaseResult
from checks.numbers.formatting import format_number
from checks.numbers.interval import Bounds
from checks.output.claim_rows import ClaimView, side_html
from checks.output.html import anchor, esc, external_link, interval_text, worst

__all__ = ["FigureIndex", "article_html", "fact_cards", "figure_index", "value_text"]


@dataclass(frozen=True)
class FigureIndex:
    """Where each fact's figure sits in the source, and what the claims say about it."""

    spans: list[tuple[int, int, str]]  # (start, end, fact_id), sorted, non-overlapping
    unplaced: dict[str, str]  # fact_id -> why it is not highlighted
    used_by: dict[str, list[ClaimView]]
    verdict: dict[str, str]  # fact_id -> worst combined verdict ('' when no claim uses it)
    differs: set[str]  # facts used by a claim whose verdict differs from the review
    bounds: dict[str, Bounds]  # every valid fact's interval under the hedge policy


def _bounds(result: CaseResult) -> dict[str, Bounds]:
    if not result.facts.records:
        return {}
    fx = fact_intervals(result.facts.records, result.policy)
    return {fid: fx.interval[i].item() for fid, i in fx.index.items()}


def figure_index(result: CaseResult, views: Sequence[ClaimView]) -> FigureIndex:
    """Locate every fact's stated text and colour it by the claims that use it."""
    source = result.case.source
    found: list[tuple[int, int, str]] = []
    unplaced: dict[str, str] = {}
    for row in result.case.facts:
        fid, quote, stated = row["fact_id"], row["quote"], row["stated"]
        if not quote or source.count(quote) != 1:
            unplaced[fid] = "its quote is not found exactly once in the source"
        elif not stated or stated not in quote:
            unplaced[fid] = "its stated text is not inside its quote"
        else:
            start = source.index(quote) + quote.index(stated)
            found.append((start, start + len(stated), fid))
    spans: list[tuple[int, int, str]] = []
    for start, end, fid in sorted(found):
        if spans and start < spans[-1][1]:
            unplaced[fid] = f"its text overlaps the figure of {spans[-1][2]!r}"
        else:
            spans.append((start, end, fid))
    used_by: dict[str, list[ClaimView]] = defaultdict(list)
    for view in views:
        for fid in view.spec.fact_ids:
            used_by[fid].append(view)
    verdict = {fid: worst(v.verdict for v in vs) for fid, vs in used_by.items()}
    differs = {fid for fid, vs in used_by.items() if any(v.differs for v in vs)}
    return FigureIndex(spans, unplaced, dict(used_by), verdict, differs, _bounds(result))


def article_html(source: str, index: FigureIndex) -> str:
    """Escape the source and wrap each placed figure in a focusable, coloured link."""
    out: list[str] = []
    pos = 0
    for start, end, fid in index.spans:
        verdict = index.verdict.get(fid, "") or "none"
        cls = f"fig v-{verdict}" + (" fig-differs" if fid in index.differs else "")
        card = anchor("card", fid)
        out.append(esc(source[pos:start]))
        out.append(
            f'<a class="{cls}" id="{anchor("fig", fid)}" href="#{card}" data-card="{card}"'
            f' data-fact="{esc(fid)}" data-verdict="{esc(verdict)}">{esc(source[start:end])}</a>'
        )
        pos = end
    out.append(esc(source[pos:]))
    return "".join(out)


def value_text(value: str, upper: str, unit: str) -> str:
    """Write a stored value (or range) for people: 729000000 CNY → 7.29亿元."""
    try:
        low = format_number(float(value), unit, 12)
        return low if not upper else f"{low} – {format_number(float(upper), unit, 12)}"
    except ValueError:
        return value


def _reference_line(fid: str, result: CaseResult, index: FigureIndex, refs: dict[str, Row]) -> str:
    row = refs.get(fid)
    if row is None:
        return f"<li><code>{esc(fid)}</code></li>"
    interval = esc(interval_text(index.bounds.get(fid), row["unit"]))
    note = f' <span class="note">{esc(row["note"])}</span>' if row["note"] else ""
    return (
        f'<li><a class="fact-id" href="#{anchor("ref", fid)}">{esc(fid)}</a>: '
        f"{esc(value_text(row['value'], '', row['unit']))} (as interval {interval}), "
        f"{esc(row['source_kind'])}, source: {external_link(row['source_url'])}{note}</li>"
    )


def _claim_refs(view: ClaimView, result: CaseResult) -> list[str]:
    """Name the reference facts a claim relies on: named operands and substituted counterparts."""
    out: set[str] = set()
    for fid in view.spec.fact_ids:
        rec = result.facts.records.get(fid)
        if rec is not None and rec.origin == "reference":
            out.add(fid)
        ref = result.facts.counterpart(fid)
        if ref is not None:
            out.add(ref.fact_id)
    return sorted(out)


def _claim_block(
    view: ClaimView, result: CaseResult, index: FigureIndex, refs: dict[str, Row]
) -> str:
    spec = view.spec
    rows = "".join(
        f"<tr><th>{esc(s.scenario)}</th><td>{esc(interval_text(s.stated, view.unit))}</td>"
        f"<td>{esc(interval_text(s.computed, view.unit))}</td><td>{side_html(s)}</td>"
        f"<td><code>{esc(s.used.replace(',', ', ').replace('->', ' → ') or '—')}</code></td></tr>"
        for s in view.sides
    )
    extra = []
    for s in view.sides:
        if s.verdict == "fails":
            dist = format_number(s.distance, "pp" if view.unit == "pct" else view.unit)
            extra.append(f"{s.scenario}: off by {dist} ({s.grade or 'ungraded'})")
        if s.why:
            extra.append(s.why)
        if s.verdict == "unverifiable" and s.implied is not None and s.implied_role:
            got = interval_text(s.implied, s.implied_unit)
            missing = s.missing.replace(",", ", ")
            extra.append(f"{s.scenario}: missing {missing}; implied {s.implied_role} {got}")
    ref_ids = _claim_refs(view, result)
    ref_html = (
        "<div>Reference figures:<ul>"
        + "".join(_reference_line(f, result, index, refs) for f in ref_ids)
        + "</ul></div>"
        if ref_ids
        else '<div class="muted">No reference figure is involved.</div>'
    )
    return (
        f'<div class="claim-block"><a class="claim-id" href="#{anchor("claim", spec.claim_id)}">'
        f'{esc(spec.claim_id)}</a> <span class="kind">{esc(spec.kind)}</span>'
        f'<div class="quote">「{esc(spec.quote)}」</div>'
        "<table><tr><th></th><th>stated</th><th>computed</th><th>verdict</th><th>operands used</th>"
        f"</tr>{rows}</table>"
        + "".join(f'<div class="muted">{esc(t)}</div>' for t in extra)
        + f'<div class="muted">Reviewer: {esc(spec.reason)}</div>{ref_html}</div>'
    )


def fact_cards(result: CaseResult, index: FigureIndex) -> str:
    """Render one card per article fact: its figure, interval, counterpart and claims."""
    refs = {r["fact_id"]: r for r in result.case.reference}
    policy = esc(result.policy.describe())
    cards = []
    for row in result.case.facts:
        fid = row["fact_id"]
        verdict = index.verdict.get(fid, "") or "none"
        counterpart = result.facts.counterpart(fid)
        parts = [
            f'<article class="fact-card v-card-{esc(verdict)}" id="{anchor("card", fid)}">',
            f'<h3><span class="fig v-{esc(verdict)}">{esc(row["stated"])}</span> '
            f'<a class="fact-id" href="#{anchor("fact", fid)}">{esc(fid)}</a></h3>',
            f'<div class="muted">{esc(row["concept"])} · {esc(row["entity"])} · '
            f"{esc(row['period'] or 'no period')} · qualifier {esc(row['qualifier'])}</div>",
            f"<div>Value {esc(value_text(row['value'], row['upper'], row['unit']))}; as interval "
            f"{esc(interval_text(index.bounds.get(fid), row['unit']))}</div>",
        ]
        if fid in index.unplaced:
            parts.append(f'<div class="differs">Not highlighted: {esc(index.unplaced[fid])}</div>')
        if row["note"]:
            parts.append(f'<div class="note">Note: {esc(row["note"])}</div>')
        if counterpart is not None:
            parts.append(
                "<div>Filed counterpart:<ul>"
                + _reference_line(counterpart.fact_id, result, index, refs)
                + "</ul></div>"
            )
        claims = index.used_by.get(fid, [])
        if claims:
            parts.append(f"<div>Used by {len(claims)} claim(s):</div>")
            parts.extend(_claim_block(v, result, index, refs) for v in claims)
        else:
            parts.append('<div class="muted">No claim uses this figure.</div>')
        parts.append(f'<div class="muted">Hedge policy: {policy}</div></article>')
        cards.append("".join(parts))
    return '<div class="cards">' + "".join(cards) + "</div>"
