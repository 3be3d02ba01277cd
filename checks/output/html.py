"""Build safe HTML fragments for the reports: escaping, links, verdict badges, tables.

Every string that comes from a dataset goes through `esc` (html.escape with quote=True),
and only absolute http(s) URLs become links: a `javascript:` or `data:` URL in a data file
is shown as inert text, never put into an attribute that a browser would follow.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence

from checks.claims.verdicts import Verdict
from checks.numbers.formatting import format_interval
from checks.numbers.interval import Bounds

__all__ = [
    "VERDICT_ORDER",
    "anchor",
    "badge",
    "breakable",
    "esc",
    "external_link",
    "interval_text",
    "local_link",
    "table",
]

VERDICT_ORDER = tuple(v.value for v in Verdict.worst_first())  # report columns, worst first
_MARKUP = re.compile(r"[&<>\"']")
_HTTP = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def esc(value: object) -> str:
    """Escape any value for HTML text or a double-quoted attribute."""
    text = str(value)
    # most text has nothing to escape: one scan instead of html.escape's five replaces
    return html.escape(text, quote=True) if _MARKUP.search(text) else text


def breakable(ident: str) -> str:
    """Escape an id and let it wrap after underscores, so long ids do not widen tables."""
    return esc(ident).replace("_", "_<wbr>")


def anchor(kind: str, ident: str) -> str:
    """Return the element id for one fact, claim or card: ids are [a-z0-9_], kept stable."""
    return f"{kind}-{re.sub(r'[^A-Za-z0-9_-]', '_', ident)}"


def external_link(url: str, text: str | None = None) -> str:
    """Link an http(s) URL (opening without access to this page); show anything else as text."""
    shown = esc(text if text is not None else url)
    if not _HTTP.match(url.strip()):
        return f'<span class="inert-url">{shown}</span>'
    return f'<a href="{esc(url.strip())}" rel="noopener noreferrer" target="_blank">{shown}</a>'


def local_link(target: str, text: str) -> str:
    """Link a relative path or an http(s) URL; refuse other schemes (javascript:, data:, file:)."""
    if _SCHEME.match(target.strip()) and not _HTTP.match(target.strip()):
        shown = esc(text) if text == target else f"{esc(text)} ({esc(target)})"
        return f'<span class="inert-url">{shown}</span>'
    return f'<a href="{esc(target.strip())}">{esc(text)}</a>'


def badge(verdict: str) -> str:
    """Show a verdict as a coloured word; '' (not evaluated) as a dash."""
    if not verdict:
        return '<span class="badge v-none">—</span>'
    return f'<span class="badge v-{esc(verdict)}">{esc(verdict)}</span>'


def interval_text(bounds: Bounds | None, unit: str) -> str:
    """Write an interval with format_interval; None is a dash and an empty interval is ∅."""
    if bounds is None or math.isnan(bounds.lo) or math.isnan(bounds.hi):
        return "—"
    if bounds.lo > bounds.hi:
        return "∅ (empty)"
    return format_interval(bounds.lo, bounds.hi, bounds.lo_open, bounds.hi_open, unit)


def table(head: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]], cls: str = "data") -> str:
    """Render a table; `head` is plain text, each row is (tr attributes, cells as HTML)."""
    out = [f'<div class="scroll"><table class="{esc(cls)}"><thead><tr>']
    out.extend(f'<th scope="col">{esc(h)}</th>' for h in head)
    out.append("</tr></thead><tbody>")
    for attrs, cells in rows:
        out.append(f"<tr{attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)
