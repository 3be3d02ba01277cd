"""Render the index of cases: one compact table row per case, sortable, filterable, paged.

The index reads the cases' summary rows (`CaseSummary`, what results.json holds), never
the cases themselves, so it costs the same whether a corpus has ten cases or ten thousand.
Every case is a plain HTML row, so the page reads with JavaScript off; an inline script
(no network: the page's CSP allows inline scripts only) adds sorting by any column, a
search over case id, title and entity, selects for claim kind and verdict, and pages of
100 rows. The script reads each row's cells (no data is repeated in attributes), which
keeps a row to a few hundred bytes: about 4 MB for 10,000 cases.
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.claims.verdicts import Scenario
from checks.model import CaseSummary
from checks.output.html import VERDICT_ORDER, esc, local_link

__all__ = ["INDEX_SCRIPT", "INDEX_STYLE", "PAGE_ROWS", "index_body"]

PAGE_ROWS = 100
"""Rows a page of the index shows when scripts run."""

# (column key, heading, sort type) in table order; verdict columns carry their verdict too.
_COLUMNS = (
    ("case", "case", "text"),
    ("entity", "entity", "text"),
    ("findings", "findings", "num"),
    ("claims", "claims", "num"),
    *((f"{s}-{v}", f"{s} {v}", "num") for s in Scenario for v in VERDICT_ORDER),
    ("differs", "differs from review", "num"),
    ("problems", "data problems", "num"),
    ("kinds", "kinds", "text"),
)
_SHOW = (
    ("", "all cases"),
    ("findings", "with findings"),
    ("clean", "with no findings"),
    *((v, f"with a claim that {'is ' if v != 'fails' else ''}{v.replace('_', ' ')}")
      for v in VERDICT_ORDER),
    ("differs", "differing from review"),
    ("problems", "with data problems"),
)  # fmt: skip

INDEX_STYLE = """
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 10px 0; }
.filters input[type=search] { min-width: 18em; }
.pager { display: flex; gap: 10px; align-items: center; margin: 8px 0; }
.filters[hidden], .pager[hidden] { display: none; }
th.sortable button { font: inherit; font-weight: 600; background: none; border: 0;
  padding: 0; cursor: pointer; text-align: left; color: inherit; }
th[aria-sort=ascending] button::after { content: " \\25B2"; }
th[aria-sort=descending] button::after { content: " \\25BC"; }
"""

# Sort, filter and page the index rows. Reads the table it is given; writes nothing but the
# rows' order and their `hidden` flags, so dataset text never passes through a string.
INDEX_SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("cases");
  if (!table) { return; }
  var PAGE = Number(table.getAttribute("data-page-rows")) || 100;
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var col = {};
  heads.forEach(function (th, j) { col[th.getAttribute("data-col")] = j; });
  function byVerdict(v) {
    return heads.filter(function (th) { return th.getAttribute("data-verdict") === v; })
      .map(function (th) { return heads.indexOf(th); });
  }
  var rows = Array.prototype.map.call(body.rows, function (tr, i) {
    var c = tr.cells;
    return {
      tr: tr, order: i,
      cells: heads.map(function (th, j) {
        var t = c[j].textContent;
        return th.getAttribute("data-type") === "num" ? Number(t) : t;
      }),
      text: (c[col.case].textContent + " " + c[col.entity].textContent).toLowerCase(),
      kinds: c[col.kinds].textContent.split(" ")
    };
  });
  var q = document.getElementById("q"), kind = document.getElementById("kind");
  var show = document.getElementById("show"), shown = document.getElementById("shown");
  var prev = document.getElementById("prev"), next = document.getElementById("next");
  var sortCol = null, sortDir = 1, page = 0, matched = rows;
  function flag(r, f) {
    if (!f) { return true; }
    if (f === "findings") { return r.cells[col.findings] > 0; }
    if (f === "clean") { return r.cells[col.findings] === 0; }
    if (f === "differs" || f === "problems") { return r.cells[col[f]] > 0; }
    return byVerdict(f).some(function (j) { return r.cells[j] > 0; });
  }
  function compare(a, b) {
    if (sortCol !== null) {
      var x = a.cells[sortCol], y = b.cells[sortCol];
      if (x < y) { return -sortDir; }
      if (x > y) { return sortDir; }
    }
    return a.order - b.order;
  }
  function filter() {
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var k = kind.value, f = show.value;
    matched = rows.filter(function (r) {
      return words.every(function (w) { return r.text.indexOf(w) >= 0; }) &&
        (!k || r.kinds.indexOf(k) >= 0) && flag(r, f);
    });
    matched.sort(compare);
    var frag = document.createDocumentFragment();
    var inMatch = new Set(matched);
    matched.forEach(function (r) { frag.appendChild(r.tr); });
    rows.forEach(function (r) { if (!inMatch.has(r)) { frag.appendChild(r.tr); } });
    body.appendChild(frag);
    page = 0;
    paint();
  }
  function paint() {
    var pages = Math.max(1, Math.ceil(matched.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var lo = page * PAGE, hi = lo + PAGE;
    rows.forEach(function (r) { r.tr.hidden = true; });
    matched.slice(lo, hi).forEach(function (r) { r.tr.hidden = false; });
    shown.textContent = matched.length + " of " + rows.length + " cases; page " +
      (page + 1) + " of " + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  heads.forEach(function (th, j) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = th.textContent;
    th.replaceChildren(b);
    th.classList.add("sortable");
    b.addEventListener("click", function () {
      sortDir = sortCol === j ? -sortDir : (th.getAttribute("data-type") === "num" ? -1 : 1);
      sortCol = j;
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
      filter();
    });
  });
  q.addEventListener("input", filter);
  kind.addEventListener("change", filter);
  show.addEventListener("change", filter);
  prev.addEventListener("click", function () { page -= 1; paint(); });
  next.addEventListener("click", function () { page += 1; paint(); });
  document.getElementById("filters").hidden = false;
  document.getElementById("pages").hidden = false;
  filter();
})();
"""


def _row(s: CaseSummary) -> str:
    cid = s.case
    title = f'<div class="muted">{esc(s.title)}</div>' if s.title else ""
    cells = [
        local_link(f"{cid}/index.html", cid) + title,
        esc(s.entity or ""),
        str(s.findings),
        str(s.claims),
        *(str(s.count(sc, v)) for sc in Scenario for v in VERDICT_ORDER),
        f'<span class="differs">{s.differs}</span>' if s.differs else "0",
        str(s.problems),
        esc(" ".join(s.kinds)),
    ]
    return f'<tr data-case="{esc(cid)}"><td>' + "</td><td>".join(cells) + "</td></tr>"


def _head() -> str:
    out = []
    for key, text, kind in _COLUMNS:
        verdict = key.split("-", 1)[1] if "-" in key and key != "case" else ""
        extra = f' data-verdict="{verdict}"' if verdict else ""
        out.append(f'<th scope="col" data-col="{key}" data-type="{kind}"{extra}>{esc(text)}</th>')
    return "<tr>" + "".join(out) + "</tr>"


def _controls(rows: Sequence[CaseSummary]) -> str:
    kinds = sorted({k for s in rows for k in s.kinds})
    kind_options = "".join(f"<option>{esc(k)}</option>" for k in kinds)
    show_options = "".join(f'<option value="{v}">{esc(t)}</option>' for v, t in _SHOW)
    return (
        '<div id="filters" class="filters" hidden>'
        '<label>Search <input type="search" id="q" placeholder="case, title or entity" '
        'autocomplete="off"></label>'
        f'<label>Kind <select id="kind"><option value="">any kind</option>{kind_options}'
        "</select></label>"
        f'<label>Show <select id="show">{show_options}</select></label></div>'
        '<nav id="pages" class="pager" hidden aria-label="pages of cases">'
        '<button type="button" id="prev">previous</button>'
        '<span id="shown" aria-live="polite"></span>'
        '<button type="button" id="next">next</button></nav>'
    )


def index_body(rows: Sequence[CaseSummary], gx_docs: str | None) -> str:
    """Render the index's body: a summary line, the controls and every case's row.

    Rows come most findings first, then by case id; sorting by a column keeps that order
    among equal values.
    """
    ordered = sorted(rows, key=lambda s: (-s.findings, s.case))
    gx = f"<p>Great Expectations Data Docs: {local_link(gx_docs, gx_docs)}</p>" if gx_docs else ""
    claims = sum(s.claims for s in rows)
    findings = sum(s.findings for s in rows)
    differs = sum(s.differs for s in rows)
    table = (
        f'<div class="scroll"><table class="data counts" id="cases" data-page-rows="{PAGE_ROWS}">'
        f"<thead>{_head()}</thead><tbody>{''.join(_row(s) for s in ordered)}</tbody></table></div>"
    )
    return (
        "<h1>Claim validation: cases</h1><p>Each case is one source document; its report shows "
        "the article with every figure highlighted, a chart of stated against computed "
        f"intervals, and every claim's verdicts.</p>{gx}"
        f'<p class="muted">{len(rows)} case(s), {claims} claim(s), {findings} finding(s), '
        f"{differs} claim(s) differing from review.</p>{_controls(rows)}{table}"
    )
