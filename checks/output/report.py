"""Write the validation report of each case, and an index of cases, as static HTML.

Each page is one self-contained file that reads correctly from file:// with no network: the
stylesheet and a small script are inlined, the chart is inline SVG drawn here, and a
Content-Security-Policy forbids fetching anything. Dataset text is always escaped and only
http(s) URLs become links. Output is deterministic: the same results give byte-identical
pages (no timestamps, lists in data or sorted order).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from checks.claims.verdicts import Scenario
from checks.model import CaseResult, CaseSummary, ClaimResult, summarize
from checks.output.article import article_html, fact_cards, value_text
from checks.output.case_index import INDEX_SCRIPT, INDEX_STYLE, index_body
from checks.output.chart import chart_svg
from checks.output.claim_rows import claims_table, sides
from checks.output.html import (
    VERDICT_ORDER,
    anchor,
    breakable,
    esc,
    external_link,
    interval_text,
    table,
)
from checks.output.page_assets import CSP, SCRIPT, STYLE

__all__ = ["case_page", "index_page", "write_case_report", "write_docs", "write_index"]

_SECTIONS = (
    ("findings", "Findings"),
    ("article", "Article"),
    ("chart", "Chart"),
    ("claims", "Claims"),
    ("facts", "Facts"),
    ("reference", "Reference facts"),
    ("excluded", "Exclusions"),
    ("figures", "Figures in detail"),
)


def _page(title: str, body: str, script: str, style: str = "") -> str:
    """Wrap a body in the shared page shell: inline style, an inline script (if any), CSP."""
    js = f"<script>{script}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}{style}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n{js}\n</body>\n</html>\n"
    )


def _counts(claims: Sequence[ClaimResult]) -> dict[str, int]:
    """Count verdicts per scenario (`internal_holds`, ...) and claims differing from review."""
    got: Counter[str] = Counter()
    for c in claims:
        for s in sides(c):
            got[f"{s.scenario}_{s.verdict or 'none'}"] += 1
            got[f"{s.scenario}_differs"] += s.differs
        got["differs"] += c.differs
    got["claims"] = len(claims)
    return dict(got)


def _counts_table(counts: dict[str, int]) -> str:
    head = ["scenario", *VERDICT_ORDER, "differs from review"]
    rows = [
        (
            "",
            [
                esc(s),
                *(str(counts.get(f"{s}_{v}", 0)) for v in VERDICT_ORDER),
                str(counts.get(f"{s}_differs", 0)),
            ],
        )
        for s in Scenario
    ]
    return table(head, rows, "data counts")


def _title(result: CaseResult) -> str:
    return result.provenance.title or result.case_id


def _header(result: CaseResult, counts: dict[str, int]) -> str:
    prov = result.provenance
    title = _title(result)
    url_list = "".join(f"<li>{external_link(u)}</li>" for u in prov.urls) or "<li>—</li>"
    as_of_text = (
        f"{prov.as_of} (year {result.as_of} used for elapsed years)"
        if prov.as_of is not None
        else "not set"
    )
    items = [
        ("case", f"<code>{esc(result.case_id)}</code>"),
        ("source URLs", f'<ul class="urls">{url_list}</ul>'),
        ("sha256 of source.txt", f"<code>{esc(_or_dash(prov.sha256))}</code>"),
        ("hedge policy", esc(result.hedge_policy)),
        ("as of", esc(as_of_text)),
        ("language", esc(_or_dash(prov.language))),
        ("retrieved", esc(_or_dash(prov.retrieved))),
        ("note", esc(_or_dash(prov.note))),
        (
            "size",
            f"{len(result.facts)} facts, {len(result.reference)} reference facts, "
            f"{len(result.exclusions)} exclusions, {counts.get('claims', 0)} claims",
        ),
    ]
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in items)
    toc = " ".join(f'<a href="#{key}">{esc(name)}</a>' for key, name in _SECTIONS)
    return (
        f'<header><p class="muted"><a href="../index.html">All cases</a></p>'
        f"<h1>{esc(title)}</h1>{_findings(result)}"
        f'<dl class="meta">{meta}</dl>'
        f"<h2>Verdicts</h2>{_counts_table(counts)}"
        f'<nav class="toc"><h2>Contents</h2>{toc}</nav></header>'
    )


def _findings(result: CaseResult) -> str:
    """Open the report with the findings in plain language, each with its filed figure's link."""
    items = "".join(
        f"<li>{esc(f.text)}" + (f" {external_link(f.url)}" if f.url else "") + "</li>"
        for f in result.findings
    )
    body = f"<ol>{items}</ol>" if items else "<p>No claim fails and no figure is misattributed.</p>"
    return f'<section id="findings"><h2>Findings ({len(result.findings)})</h2>{body}</section>'


def _or_dash(text: str | None) -> str:
    return "—" if text is None else text


def _problems(result: CaseResult) -> str:
    if not result.problems:
        return ""
    items = "".join(f"<li>{esc(str(p))}</li>" for p in sorted(result.problems))
    return (
        '<section id="problems"><h2>Data problems</h2><p>The case data is broken, so claims '
        f'were not evaluated. Fix these first:</p><ul class="problems">{items}</ul></section>'
    )


def _facts_table(result: CaseResult) -> str:
    rows = []
    for f in result.facts:
        fid = f.fact_id
        verdict = f.verdict.value if f.verdict is not None else "none"
        cells = [
            f'<a class="fact-id" href="#{anchor("card", fid)}">{breakable(fid)}</a>',
            f'<span class="fig v-{esc(verdict)}">{esc(f.stated)}</span>',
            esc(value_text(f.value, f.upper, f.unit)),
            esc(f.concept),
            esc(f.entity),
            esc(f.period),
            esc(f.decimals),
            esc(f.qualifier),
            f'<a class="fact-id" href="#{anchor("ref", f.counterpart)}">{breakable(f.counterpart)}</a>'
            if f.counterpart is not None
            else "",
            f'<span class="quote">「{esc(f.quote)}」</span>',
            esc(f.note),
        ]
        rows.append((f' id="{anchor("fact", fid)}"', cells))
    head = ("fact", "stated", "value", "concept", "entity", "period", "decimals", "qualifier",
            "filed counterpart", "quote", "note")  # fmt: skip
    return table(head, rows)


def _reference_table(result: CaseResult) -> str:
    rows = [
        (
            f' id="{anchor("ref", r.fact_id)}"',
            [
                f'<span class="fact-id">{breakable(r.fact_id)}</span>',
                esc(value_text(r.value, "", r.unit)),
                esc(interval_text(r.interval, r.unit)),
                esc(r.concept),
                esc(r.entity),
                esc(r.period),
                esc(r.qualifier),
                esc(r.source_kind),
                external_link(r.source_url),
                esc(r.note),
            ],
        )
        for r in result.reference
    ]
    head = ("fact", "value", "as interval", "concept", "entity", "period", "qualifier",
            "source kind", "source", "note")  # fmt: skip
    return table(head, rows)


def _excluded_table(result: CaseResult) -> str:
    rows = [
        (
            "",
            [
                esc(e.token),
                f'<span class="quote">「{esc(e.quote)}」</span>',
                esc(e.reason),
            ],
        )
        for e in result.exclusions
    ]
    return table(("token", "quote", "reason"), rows)


def case_page(result: CaseResult, source: str) -> str:
    """Render one case's report as a complete HTML document (a string, deterministic).

    `source` is the case's source text, which the figures' spans index into.
    """
    views = result.report_order()
    counts = _counts(views)
    unplaced_facts = sorted((f.fact_id, f.unplaced) for f in result.facts if f.unplaced is not None)
    language = result.provenance.language or ""
    lang = f' lang="{esc(language)}"' if language else ""
    legend = "".join(
        f'<span class="fig v-{v}">{esc(text)}</span>'
        for v, text in (
            ("fails", "a claim using it fails"),
            ("unverifiable", "could not be checked"),
            ("not_computable", "a claim using it cannot be computed"),
            ("holds", "its claims hold"),
            ("none", "used by no claim"),
        )
    )
    unplaced = (
        '<p class="differs">Not highlighted: '
        + "; ".join(f"{esc(f)} ({esc(why)})" for f, why in unplaced_facts)
        + "</p>"
        if unplaced_facts
        else ""
    )
    body = [
        _header(result, counts),
        _problems(result),
        '<section id="article"><h2>Article</h2>',
        f'<p class="legend-inline">Figures are coloured by the claims that use them: {legend}. '
        "A dashed outline marks a figure whose claim's verdict differs from the review. "
        "Hover, focus (Tab) or click a figure for its computation; without JavaScript, "
        "follow the link to its card under “Figures in detail”.</p>",
        unplaced,
        f'<div class="article"{lang}>{article_html(source, result.facts)}</div></section>',
        '<section id="chart"><h2>Stated and computed intervals</h2>',
        "<p>One row per claim, failures first. Each row has its own scale; values are written "
        "beside the bars. Internal: the article's numbers only; external: filed figures "
        "substituted where they exist.</p>",
        chart_svg(views) if views else "<p>No claim was evaluated.</p>",
        "</section>",
        '<section id="claims"><h2>Claims</h2>',
        "<p>Failures first. A red left edge and “≠ reviewed” mark a computed verdict that "
        "differs from the reviewed one.</p>",
        claims_table(views),
        "</section>",
        f'<section id="facts"><h2>Facts</h2>{_facts_table(result)}</section>',
        f'<section id="reference"><h2>Reference facts</h2>{_reference_table(result)}</section>',
        f'<section id="excluded"><h2>Exclusions</h2>{_excluded_table(result)}</section>',
        '<section id="figures"><h2>Figures in detail</h2><p>One card per figure of the '
        "article: its interval under the hedge policy, its filed counterpart and every claim "
        f"that uses it. The popups show these cards.</p>{fact_cards(result)}</section>",
    ]
    title = _title(result)
    return _page(f"{title} · claim validation", "\n".join(b for b in body if b), SCRIPT)


def index_page(rows: Sequence[CaseSummary], gx_docs: str | None) -> str:
    """Render the index of cases from their summary rows (see `checks.output.case_index`)."""
    return _page("Claim validation: cases", index_body(rows, gx_docs), INDEX_SCRIPT, INDEX_STYLE)


def _write(path: Path, text: str) -> Path:
    """Write a page whole: a reader never sees half of it (written aside, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.tmp")
    aside.write_text(text, encoding="utf-8", newline="\n")
    aside.replace(path)
    return path


def write_case_report(result: CaseResult, source: str, out_dir: Path) -> Path:
    """Write `out_dir/<case_id>/index.html` (self-contained) and return its path."""
    return _write(out_dir / result.case_id / "index.html", case_page(result, source))


def write_index(rows: Sequence[CaseSummary], out_dir: Path, gx_docs: str | None) -> Path:
    """Write `out_dir/index.html` linking each case's report (and the GX Data Docs, if given)."""
    return _write(out_dir / "index.html", index_page(rows, gx_docs))


def write_docs(cases: Iterable[tuple[CaseResult, str]], out_dir: Path, gx_docs: str | None) -> int:
    """Write each case's report as its (result, source text) comes, then the index; one pass.

    Only each case's summary row is kept, so `cases` may be read one at a time (as
    `docs --from` does) and memory holds one case whatever the corpus. Returns the number
    of case reports written.
    """
    rows = []
    for result, source in cases:
        write_case_report(result, source, out_dir)
        rows.append(summarize(result))
    write_index(rows, out_dir, gx_docs)
    return len(rows)
