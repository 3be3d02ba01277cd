"""Hold the stylesheet and the script that every report page inlines.

They live in Python strings, not in files beside the module, so that an installed wheel
carries them without package-data configuration, and every page is one self-contained
file that opens from file:// with no network: no CDN, no web font, no external script.
The script only adds behaviour (a popup); with it off, every detail is still in the page.
"""

from __future__ import annotations

__all__ = ["CSP", "HIGHLIGHT_RGB", "SCRIPT", "STYLE"]

# Background colours of highlighted figures, by verdict ("none": used by no claim). The
# browser test looks for these exact pixels in a screenshot.
HIGHLIGHT_RGB: dict[str, tuple[int, int, int]] = {
    "holds": (0xBF, 0xE8, 0xC9),
    "fails": (0xF7, 0xB7, 0xB2),
    "unverifiable": (0xFD, 0xE3, 0xA0),
    "not_computable": (0xE2, 0xCF, 0xF1),
    "none": (0xE3, 0xE6, 0xEA),
}

# Forbid every fetch: only the inline style and script of the page itself may run.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


STYLE = (
    """
:root {
  --fg: #1d2330; --muted: #5b6472; --line: #d5d9e0; --bg: #ffffff; --panel: #f6f7f9;
  --holds: #2e9d4f; --fails: #d1352b; --unverifiable: #b07d00;
  --not-computable: #7b4fa0;
}
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--fg); background: var(--bg); line-height: 1.55; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
    "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
}
main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.6em; margin: 0 0 .4em; }
h2 { font-size: 1.25em; margin: 2em 0 .6em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05em; margin: 1em 0 .3em; }
code, .mono, .claim-id, .fact-id { font-family: ui-monospace, "SFMono-Regular", Menlo,
  Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .9em; }
a { color: #1f5fbf; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.inert-url { font-family: monospace; color: var(--muted); overflow-wrap: anywhere; }
nav.toc a { margin-right: 1em; }
.counts td, .counts th { text-align: right; }
.problems li { color: var(--fails); }
.article { white-space: pre-wrap; font-size: 16px; line-height: 1.9; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; padding: 18px 22px; }
.fig { color: inherit; text-decoration: none; border-radius: 3px; padding: 1px 2px;
  border-bottom: 2px solid transparent; cursor: pointer; }
.fig:focus { outline: 3px solid #1f5fbf; outline-offset: 1px; }
.fig.v-holds { background: HOLDS_BG; border-bottom-color: var(--holds); }
.fig.v-fails { background: FAILS_BG; border-bottom-color: var(--fails); }
.fig.v-unverifiable { background: UNVERIFIABLE_BG; border-bottom-color: var(--unverifiable); }
.fig.v-not_computable { background: NOT_COMPUTABLE_BG;
  border-bottom-color: var(--not-computable); }
.fig.v-none { background: NONE_BG; border-bottom-color: #9aa3ad; }
.fig.fig-differs { outline: 2px dashed var(--fails); outline-offset: 1px; }
.legend-inline span.fig { cursor: default; margin-right: .6em; }
.badge { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .85em;
  font-weight: 600; color: #fff; white-space: nowrap; }
.badge.v-holds { background: var(--holds); }
.badge.v-fails { background: var(--fails); }
.badge.v-unverifiable { background: var(--unverifiable); }
.badge.v-not_computable { background: var(--not-computable); }
.badge.v-none { background: #9aa3ad; }
.differs { color: var(--fails); font-weight: 700; }
.differs-row { color: var(--fails); font-weight: 700; font-size: .85em; }
.reviewed, .kind, .note, .muted { color: var(--muted); font-size: .85em; }
.quote { font-size: .9em; }
.scroll { overflow-x: auto; }
table.data { border-collapse: collapse; width: 100%; font-size: 13.5px; }
table.data th, table.data td { border: 1px solid var(--line); padding: 4px 6px;
  vertical-align: top; text-align: left; overflow-wrap: break-word; }
table.claims td:nth-child(1) { min-width: 12em; }
table.claims td:nth-child(2), table.claims td:nth-child(3) { min-width: 7.5em; }
table.claims td:nth-child(7) { min-width: 9em; }
table.claims td:nth-child(9) { min-width: 16em; }
table.data thead th { background: var(--panel); position: sticky; top: 0; }
tr.mismatch td:first-child { box-shadow: inset 5px 0 0 var(--fails); }
tr.v-row-fails td { background: #fdf1f0; }
tr:target td, .fact-card:target { outline: 3px solid #1f5fbf; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg.chart text { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  fill: var(--fg); white-space: pre; }
svg.chart .kind-label { fill: var(--muted); font-size: 11px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr));
  gap: 12px; }
.fact-card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px;
  background: #fff; font-size: 13.5px; }
.fact-card h3 { margin-top: 0; }
.fact-card table { border-collapse: collapse; margin: 4px 0; }
.fact-card th, .fact-card td { border-bottom: 1px solid var(--line); padding: 2px 6px;
  text-align: left; vertical-align: top; }
.claim-block { border-top: 1px dashed var(--line); margin-top: 6px; padding-top: 4px; }
#tip { position: absolute; z-index: 10; max-width: 620px; max-height: 70vh; overflow: auto;
  box-shadow: 0 6px 24px rgba(0, 0, 0, .25); border-radius: 6px; }
#tip[hidden] { display: none; }
#tip .fact-card { border-color: #8a93a3; }
""".replace("HOLDS_BG", _hex(HIGHLIGHT_RGB["holds"]))
    .replace("FAILS_BG", _hex(HIGHLIGHT_RGB["fails"]))
    .replace("UNVERIFIABLE_BG", _hex(HIGHLIGHT_RGB["unverifiable"]))
    .replace("NOT_COMPUTABLE_BG", _hex(HIGHLIGHT_RGB["not_computable"]))
    .replace("NONE_BG", _hex(HIGHLIGHT_RGB["none"]))
)

# Show a figure's card in a popup on hover, keyboard focus or click (click pins it, Escape
# closes it). The card is cloned from the page, so no dataset text passes through a string.
SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var tip = document.createElement("div");
  tip.id = "tip";
  tip.hidden = true;
  tip.setAttribute("role", "tooltip");
  document.body.appendChild(tip);
  var pinned = null, timer = null;
  function show(el) {
    var card = document.getElementById(el.getAttribute("data-card"));
    if (!card) { return; }
    clearTimeout(timer);
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    tip.replaceChildren(copy);
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var width = Math.min(620, root.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left + window.scrollX, root.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
    el.setAttribute("aria-expanded", "true");
  }
  function hide(now) {
    if (pinned) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      tip.hidden = true;
      document.querySelectorAll(".fig[aria-expanded]").forEach(function (n) {
        n.removeAttribute("aria-expanded");
      });
    }, now ? 0 : 250);
  }
  var figs = document.querySelectorAll("a.fig[data-card]");
  figs.forEach(function (el) {
    el.setAttribute("aria-controls", "tip");
    el.addEventListener("mouseenter", function () { if (!pinned) { show(el); } });
    el.addEventListener("mouseleave", function () { hide(false); });
    el.addEventListener("focus", function () { if (!pinned) { show(el); } });
    el.addEventListener("blur", function () { hide(false); });
    el.addEventListener("click", function (ev) {
      ev.preventDefault();
      pinned = pinned === el ? null : el;
      show(el);
      if (!pinned) { hide(true); }
    });
  });
  tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
  tip.addEventListener("mouseleave", function () { hide(false); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { pinned = null; hide(true); }
  });
  document.addEventListener("click", function (ev) {
    if (pinned && !tip.contains(ev.target) && !ev.target.closest("a.fig")) {
      pinned = null; hide(true);
    }
  });
  root.setAttribute("data-figures", String(figs.length));
})();
"""
