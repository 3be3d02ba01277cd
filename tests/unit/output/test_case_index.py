"""Tests for checks.output.case_index: the index of a large corpus as one offline page.

Known pass: every case is a plain table row (readable with scripts off), the controls
(search, kind and verdict selects, pager) and sortable column headings are there, the
kinds offered are those present, and a row stays small. Known fail: a page without the
controls, or a row missing a case, is caught by the same assertions; the script is
syntax-checked by Node.js when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pagekit import Page

from checks.model import CaseSummary
from checks.output.case_index import INDEX_SCRIPT, PAGE_ROWS
from checks.output.report import index_page

VERDICTS = ("holds", "fails", "unverifiable", "not_computable")


def row(
    n: int, *, findings: int = 0, fails: int = 0, kinds: tuple[str, ...] = ("share",)
) -> CaseSummary:
    counts = {v: 0 for v in VERDICTS} | {"holds": 3, "fails": fails}
    return CaseSummary(
        case=f"case-{n:05d}",
        title=f"Title {n}",
        entity=f"Entity {n % 7}",
        claims=3 + fails,
        verdicts={"internal": counts, "external": dict(counts)},
        findings=findings,
        differs=n % 2,
        problems=0,
        kinds=kinds,
        document=f"cases/case-{n:05d}.json",
    )


def corpus(n: int) -> list[CaseSummary]:
    return [
        row(i, findings=i % 3, fails=i % 3, kinds=("growth", "share") if i % 2 else ("share",))
        for i in range(n)
    ]


def test_every_case_is_a_row_most_findings_first() -> None:
    rows = corpus(250)
    page = Page(index_page(rows, None))
    assert page.errors == []
    got = [e.attrs["data-case"] for e in page.find("tr") if "data-case" in e.attrs]
    assert len(got) == 250 > PAGE_ROWS  # every row is in the HTML: no page needs a script
    assert got == [r.case for r in sorted(rows, key=lambda r: (-r.findings, r.case))]
    assert not [e for e in page.find("tr") if "hidden" in e.attrs]  # all shown with JS off


def test_the_page_has_search_kind_verdict_and_pager_controls() -> None:
    page = Page(index_page(corpus(10), None))
    [search] = [e for e in page.find("input") if e.attrs.get("id") == "q"]
    assert search.attrs["type"] == "search"
    selects = {e.attrs["id"]: e for e in page.find("select")}
    assert set(selects) == {"kind", "show"}
    assert selects["kind"].text == "any kind" + "growth" + "share"  # the kinds present
    shows = [e.attrs["value"] for e in page.find("option") if "value" in e.attrs]
    for wanted in ("findings", "clean", "fails", "unverifiable", "not_computable", "differs"):
        assert wanted in shows
    assert {e.attrs["id"] for e in page.find("button")} == {"prev", "next"}
    hidden = {e.attrs["id"] for e in page.elements if "hidden" in e.attrs}
    assert hidden == {"filters", "pages"}  # useless without the script, which shows them


def test_every_column_can_be_sorted_and_says_how() -> None:
    page = Page(index_page(corpus(3), None))
    heads = page.find("th")
    assert [h.attrs["data-col"] for h in heads][:4] == ["case", "entity", "findings", "claims"]
    assert all(h.attrs["data-type"] in ("num", "text") for h in heads)
    assert [h.attrs.get("data-verdict") for h in heads if "data-verdict" in h.attrs] == [
        "fails", "not_computable", "unverifiable", "holds",
    ] * 2  # fmt: skip
    [table] = page.find("table")
    assert table.attrs["id"] == "cases" and table.attrs["data-page-rows"] == str(PAGE_ROWS)


def test_the_script_is_inline_and_fetches_nothing() -> None:
    text = index_page(corpus(3), None)
    [script] = Page(text).find("script")
    assert script.attrs == {}  # inline: the page's CSP allows no other
    for word in ("fetch(", "XMLHttpRequest", "import(", "src=", "http"):
        assert word not in INDEX_SCRIPT, word


def test_a_row_stays_small() -> None:
    """Ten thousand cases must stay one page a browser opens: a few hundred bytes a row."""
    small, large = index_page(corpus(100), None), index_page(corpus(1100), None)
    per_row = (len(large.encode()) - len(small.encode())) / 1000
    assert 150 < per_row < 700, per_row


def test_hostile_text_in_a_row_is_escaped() -> None:
    bad = CaseSummary(
        case="c1",
        title='<script>alert(1)</script>"',
        entity="<b>x</b>",
        claims=0,
        verdicts={"internal": dict.fromkeys(VERDICTS, 0), "external": dict.fromkeys(VERDICTS, 0)},
        findings=0,
        differs=0,
        problems=0,
        kinds=("<i>k</i>",),
        document="cases/c1.json",
    )
    text = index_page([bad], None)
    assert text.count("<script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<option>&lt;i&gt;k&lt;/i&gt;</option>" in text


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_script_parses(tmp_path: Path) -> None:
    script = tmp_path / "index.js"
    script.write_text(INDEX_SCRIPT, encoding="utf-8")
    done = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    script.write_text(INDEX_SCRIPT + "\n}", encoding="utf-8")  # and a broken one does not
    assert subprocess.run(["node", "--check", str(script)], capture_output=True).returncode != 0
