"""Draw stated versus computed intervals, one row per claim, as inline SVG.

Claims mix units and magnitudes (亿元, percents, multiples, years), so no shared axis fits
them all: each row is scaled to its own intervals (the hull of their finite ends, padded),
and the values are written next to the bars with `format_interval`. A faint line marks the
stated midpoint. Unbounded ends run to the edge of the plot and end in an arrowhead; closed
ends are drawn as a bar, open ends as a hollow circle, like ( and [ in interval notation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from checks.claims.verdicts import Scenario, Verdict
from checks.model import ClaimResult, Outcome
from checks.numbers.interval import Bounds
from checks.output.html import anchor, esc, interval_text

__all__ = ["COLOURS", "chart_svg"]

COLOURS = {
    "stated": "#4a5a78",
    "holds": "#2e9d4f",
    "fails": "#d1352b",
    "unverifiable": "#d99a00",
    "not_computable": "#7b4fa0",
    "": "#9aa3ad",
}
_ROW_H = 58
_BAR_H = 10
_TOP = 78  # room for the legend
_PLOT_W = 460
_TEXT_W = 470
_GAP = 16  # between the label column and the plot, room for a leftward arrowhead
_LABEL_CHARS = 64  # characters of a value label that fit the text column
_CHAR_W = 7.2  # width of a 12px monospace character, for the label column


def _fmt(x: float) -> str:
    """Write a coordinate with two decimals: short, and identical on every run."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != 0 else "0"


def _domain(bounds: Sequence[Bounds]) -> tuple[float, float]:
    """Return the row's axis range: the hull of every finite end, padded by 8 %."""
    ends = [x for b in bounds if b.lo <= b.hi for x in (b.lo, b.hi) if math.isfinite(x)]
    if not ends:
        return 0.0, 1.0
    lo, hi = min(ends), max(ends)
    pad = (hi - lo) * 0.08 if hi > lo else max(abs(lo) * 0.05, 1e-9)
    return lo - pad, hi + pad


def _bar(
    bounds: Bounds, y: float, x0: float, plot_w: float, domain: tuple[float, float], colour: str
) -> str:
    """Draw one interval: a bar with its end markers, or a note if it is empty."""
    lo_d, hi_d = domain
    if bounds.lo > bounds.hi:
        return f'<text class="empty" x="{_fmt(x0 + 4)}" y="{_fmt(y + 9)}">∅ empty</text>'

    def x(v: float) -> float:
        if v == -math.inf:
            return x0
        if v == math.inf:
            return x0 + plot_w
        return x0 + (v - lo_d) / (hi_d - lo_d) * plot_w

    left, right = x(bounds.lo), x(bounds.hi)
    width = max(right - left, 2.0)
    mid = y + _BAR_H / 2
    out = [
        f'<rect x="{_fmt(left)}" y="{_fmt(y)}" width="{_fmt(width)}" height="{_BAR_H}"'
        f' fill="{colour}"/>'
    ]
    for end, at, step in ((bounds.lo, left, -1), (bounds.hi, left + width, 1)):
        is_open = bounds.lo_open if step < 0 else bounds.hi_open
        if math.isinf(end):
            tip = at + 9 * step
            out.append(
                f'<polygon class="unbounded" points="{_fmt(at)},{_fmt(y - 3)} {_fmt(tip)},'
                f'{_fmt(mid)} {_fmt(at)},{_fmt(y + _BAR_H + 3)}" fill="{colour}"/>'
            )
        elif is_open:
            out.append(
                f'<circle class="open-end" cx="{_fmt(at)}" cy="{_fmt(mid)}" r="4.5"'
                f' fill="#fff" stroke="{colour}" stroke-width="2"/>'
            )
        else:
            out.append(
                f'<rect class="closed-end" x="{_fmt(at - 1)}" y="{_fmt(y - 3)}" width="2"'
                f' height="{_BAR_H + 6}" fill="{colour}"/>'
            )
    return "".join(out)


def _label(text: str, x: float, y: float, cls: str) -> str:
    return f'<text class="{cls}" x="{_fmt(x)}" y="{_fmt(y)}">{esc(text)}</text>'


def _colour(verdict: str) -> str:
    return COLOURS.get(verdict, COLOURS[""])


def _word(o: Outcome | None) -> str:
    return o.verdict.value if o is not None else ""


def _value_label(
    name: str, value: str, side: Outcome | None, scored: bool, x: float, y: float
) -> str:
    """Write `name interval verdict (missing ...)`, the verdict in its colour, cut to fit.

    `scored` is False for the stated row, which has no verdict. The full list of missing
    operands is in the claims table; the chart shows what fits.
    """
    head = f"{name:<8} {value}"
    if not scored:
        return _label(head, x, y, "value-label")
    verdict = _word(side) or "not evaluated"
    missing = ",".join(side.missing) if side is not None else ""
    tail = (
        f" (missing {missing})"
        if side is not None and side.verdict == Verdict.UNVERIFIABLE and missing
        else ""
    )
    room = _LABEL_CHARS - len(head) - 2 - len(verdict)
    if len(tail) > room:
        tail = tail[: max(room - 1, 0)] + "…"
    return (
        f'<text class="value-label" x="{_fmt(x)}" y="{_fmt(y)}">{esc(head)}  '
        f'<tspan class="verdict" fill="{_colour(_word(side))}" font-weight="700">'
        f"{esc(verdict)}</tspan>{esc(tail)}</text>"
    )


def _stated(claim: ClaimResult) -> Bounds | None:
    """Pick the region the claim states: the external one, unless only internal was computed."""
    ext, inn = claim.outcome(Scenario.EXTERNAL), claim.outcome(Scenario.INTERNAL)
    inn_computed = inn.computed if inn is not None else None
    if ext is not None and (ext.computed is not None or inn_computed is None):
        return ext.stated
    return inn.stated if inn is not None else None


def _title(claim: ClaimResult) -> str:
    """Say the row in words (shown on hover): verdicts and every missing operand."""
    parts = [f"{claim.claim_id} ({claim.kind})"]
    for scenario in Scenario:
        o = claim.outcome(scenario)
        missing = f", missing {','.join(o.missing)}" if o is not None and o.missing else ""
        parts.append(f"{scenario}: {_word(o) or 'not evaluated'}{missing}")
    return "; ".join(parts)


def _row(view: ClaimResult, index: int, label_w: float) -> str:
    """Draw one claim: its label, then stated, internal and external bars on one scale."""
    y0 = _TOP + index * _ROW_H
    x0 = label_w + _GAP
    tx = x0 + _PLOT_W + 14
    stated = _stated(view)
    internal, external = view.outcome(Scenario.INTERNAL), view.outcome(Scenario.EXTERNAL)
    computed = [o.computed if o is not None else None for o in (internal, external)]
    shown = [b for b in (stated, *computed) if b is not None]
    domain = _domain(shown)
    cid = view.claim_id
    verdict = view.verdict.value if view.verdict is not None else ""
    out = [
        f'<g class="chart-row" id="{anchor("chart", cid)}" data-claim="{esc(cid)}"'
        f' data-verdict="{esc(verdict)}">'
        f"<title>{esc(_title(view))}</title>",
        f'<rect class="row-bg" x="0" y="{_fmt(y0)}" width="{_fmt(tx + _TEXT_W)}"'
        f' height="{_ROW_H - 4}" fill="{"#fbecea" if verdict == "fails" else "#f6f7f9"}"/>',
        f'<a href="#{anchor("claim", cid)}">' + _label(cid, 6, y0 + 20, "claim-label") + "</a>",
        f'<text class="kind-label" x="6" y="{_fmt(y0 + 38)}">{esc(view.kind)}'
        + ('  <tspan class="differs" fill="#d1352b">≠ reviewed</tspan>' if view.differs else "")
        + "</text>",
    ]
    if stated is not None and math.isfinite(stated.lo) and math.isfinite(stated.hi):
        lo_d, hi_d = domain
        mid = x0 + ((stated.lo + stated.hi) / 2 - lo_d) / (hi_d - lo_d) * _PLOT_W
        out.append(
            f'<line class="midline" x1="{_fmt(mid)}" x2="{_fmt(mid)}" y1="{_fmt(y0 + 2)}"'
            f' y2="{_fmt(y0 + _ROW_H - 6)}" stroke="#4a5a78" stroke-dasharray="2 3"/>'
        )
    lines: list[tuple[str, Bounds | None, Outcome | None, bool]] = [
        ("stated", stated, None, False),
        *(
            (str(s), c, o, True)
            for s, c, o in zip(Scenario, computed, (internal, external), strict=True)
        ),
    ]
    for k, (name, bounds, side, scored) in enumerate(lines):
        y = y0 + 6 + k * 15
        colour = _colour(_word(side)) if scored else COLOURS["stated"]
        if bounds is not None:
            out.append(_bar(bounds, y, x0, _PLOT_W, domain, colour))
        out.append(_value_label(name, interval_text(bounds, view.unit), side, scored, tx, y + 9))
    out.append("</g>")
    return "".join(out)


def _legend() -> str:
    """Explain the colours and the end markers, drawing each marker as the rows do."""
    out = ['<g class="legend">']
    x = 6.0
    for name in ("stated", "holds", "fails", "unverifiable", "not_computable"):
        out.append(
            f'<rect x="{_fmt(x)}" y="8" width="22" height="{_BAR_H}" fill="{COLOURS[name]}"/>'
            + _label(name, x + 28, 17, "legend-label")
        )
        x += 40 + len(name) * _CHAR_W
    grey = COLOURS["stated"]
    out.append(_bar(Bounds(0.0, 1.0, True, False), 37, 14, 60, (0.0, 1.0), grey))
    out.append(_label("open ( and closed ] ends", 88, 46, "legend-label"))
    out.append(_bar(Bounds(0.0, math.inf, False, False), 37, 290, 60, (0.0, 1.0), grey))
    out.append(_label("unbounded end", 372, 46, "legend-label"))
    out.append(
        f'<line x1="490" x2="490" y1="34" y2="52" stroke="{grey}" stroke-dasharray="2 3"/>'
        + _label("stated midpoint; each row has its own scale", 498, 46, "legend-label")
    )
    out.append("</g>")
    return "".join(out)


def chart_svg(views: Sequence[ClaimResult]) -> str:
    """Draw every claim as one `g.chart-row` of an inline SVG (no script, no external refs)."""
    longest = max((len(v.claim_id) for v in views), default=10)
    label_w = min(max(160.0, longest * _CHAR_W + 16), 340.0)
    width = label_w + _GAP + _PLOT_W + 14 + _TEXT_W
    height = _TOP + len(views) * _ROW_H + 8
    rows = "".join(_row(v, i, label_w) for i, v in enumerate(views))
    return (
        f'<svg class="chart" viewBox="0 0 {_fmt(width)}'
        f' {_fmt(height)}" width="{_fmt(width)}" height="{_fmt(height)}" role="img"'
        ' aria-labelledby="chart-title">'
        '<title id="chart-title">Stated and computed intervals per claim</title>'
        f"{_legend()}{rows}</svg>"
    )
