"""Render the article text with every stated figure highlighted, and the figure cards.

A figure is placed where its fact says: the quote occurs once in the source and the stated
text occurs inside the quote. It is coloured by the claims that use it (the worst of their
combined verdicts: fails > not_computable > unverifiable > holds; a figure no claim uses is neutral) and
links to its card, which holds the computation. The cards are part of the page, so the
details stay readable with JavaScript off; the script only shows a card in a popup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checks.claims.verdicts import Scenario, Verdict
from checks.model import CaseResult, ClaimResult, FactResult, Outcome, ReferenceFact
from checks.numbers.formatting import format_number
from checks.output.claim_rows import distance_text, side_html, sides
from checks.output.html import anchor, esc, external_link, interval_text

__all__ = ["article_html", "fact_cards", "value_text"]


def _verdict(fact: FactResult) -> str:
    return fact.verdict.value if fact.verdict is not None else "none"


def article_html(source: str, facts: Sequence[FactResult]) -> str:
    """Escape the source and wrap each placed figure in a focusable, coloured link."""
    out: list[str] = []
    pos = 0
    for fact in sorted((f for f in facts if f.span is not None), key=lambda f: f.span or (0, 0)):
        fid = fact.fact_id
        start, end = fact.span or (0, 0)
        verdict = _verdict(fact)
        cls = f"fig v-{verdict}" + (" fig-differs" if fact.differs else "")
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


def _reference_line(fid: str, refs: Mapping[str, ReferenceFact]) -> str:
    ref = refs.get(fid)
    if ref is None:
        return f"<li><code>{esc(fid)}</code></li>"
    interval = esc(interval_text(ref.interval, ref.unit))
    note = f' <span class="note">{esc(ref.note)}</span>' if ref.note else ""
    return (
        f'<li><a class="fact-id" href="#{anchor("ref", fid)}">{esc(fid)}</a>: '
        f"{esc(value_text(ref.value, '', ref.unit))} (as interval {interval}), "
        f"{esc(ref.source_kind)}, source: {external_link(ref.source_url)}{note}</li>"
    )


def _claim_block(claim: ClaimResult, refs: Mapping[str, ReferenceFact]) -> str:
    rows = "".join(
        f"<tr><th>{esc(side.scenario)}</th>"
        f"<td>{esc(interval_text(o.stated if o else None, claim.unit))}</td>"
        f"<td>{esc(interval_text(o.computed if o else None, claim.unit))}</td><td>{side_html(side)}</td>"
        f"<td><code>{esc(_used(o))}</code></td></tr>"
        for side in sides(claim)
        for o in (side.outcome,)
    )
    extra = []
    for s in Scenario:
        o = claim.outcome(s)
        if o is None:
            continue
        if o.verdict == Verdict.FAILS:
            extra.append(distance_text(o, claim.unit))
        if o.not_computable:
            extra.append(o.not_computable)
        if o.verdict == Verdict.UNVERIFIABLE and o.implied is not None and o.implied_role:
            got = interval_text(o.implied, o.implied_unit)
            extra.append(f"{s}: missing {', '.join(o.missing)}; implied {o.implied_role} {got}")
    ref_html = (
        "<div>Reference figures:<ul>"
        + "".join(_reference_line(f, refs) for f in claim.reference_ids)
        + "</ul></div>"
        if claim.reference_ids
        else '<div class="muted">No reference figure is involved.</div>'
    )
    return (
        f'<div class="claim-block"><a class="claim-id" href="#{anchor("claim", claim.claim_id)}">'
        f'{esc(claim.claim_id)}</a> <span class="kind">{esc(claim.kind)}</span>'
        f'<div class="quote">「{esc(claim.quote)}」</div>'
        "<table><tr><th></th><th>stated</th><th>computed</th><th>verdict</th><th>operands used</th>"
        f"</tr>{rows}</table>"
        + "".join(f'<div class="muted">{esc(t)}</div>' for t in extra)
        + f'<div class="muted">Reviewer: {esc(claim.reason)}</div>{ref_html}</div>'
    )


def _used(o: Outcome | None) -> str:
    """Write the facts a scenario used, `a → b` for a substituted counterpart; — for none."""
    if o is None:
        return "—"
    return ", ".join(str(u) for u in o.operands_used).replace("->", " → ") or "—"


def fact_cards(result: CaseResult) -> str:
    """Render one card per article fact: its figure, interval, counterpart and claims."""
    refs = {r.fact_id: r for r in result.reference}
    claims = {c.claim_id: c for c in result.claims}
    blocks: dict[str, str] = {}  # a claim's block appears in the card of each fact it uses
    policy = esc(result.hedge_policy)
    cards = []
    for fact in result.facts:
        fid = fact.fact_id
        verdict = _verdict(fact)
        parts = [
            f'<article class="fact-card v-card-{esc(verdict)}" id="{anchor("card", fid)}">',
            f'<h3><span class="fig v-{esc(verdict)}">{esc(fact.stated)}</span> '
            f'<a class="fact-id" href="#{anchor("fact", fid)}">{esc(fid)}</a></h3>',
            f'<div class="muted">{esc(fact.concept)} · {esc(fact.entity)} · '
            f"{esc(fact.period or 'no period')} · qualifier {esc(fact.qualifier)}</div>",
            f"<div>Value {esc(value_text(fact.value, fact.upper, fact.unit))}; as interval "
            f"{esc(interval_text(fact.interval, fact.unit))}</div>",
        ]
        if fact.unplaced is not None:
            parts.append(f'<div class="differs">Not highlighted: {esc(fact.unplaced)}</div>')
        if fact.note:
            parts.append(f'<div class="note">Note: {esc(fact.note)}</div>')
        if fact.counterpart is not None:
            parts.append(
                "<div>Filed counterpart:<ul>"
                + _reference_line(fact.counterpart, refs)
                + "</ul></div>"
            )
        if fact.used_by:
            parts.append(f"<div>Used by {len(fact.used_by)} claim(s):</div>")
            for c in fact.used_by:
                if c not in blocks:
                    blocks[c] = _claim_block(claims[c], refs)
                parts.append(blocks[c])
        else:
            parts.append('<div class="muted">No claim uses this figure.</div>')
        parts.append(f'<div class="muted">Hedge policy: {policy}</div></article>')
        cards.append("".join(parts))
    return '<div class="cards">' + "".join(cards) + "</div>"
