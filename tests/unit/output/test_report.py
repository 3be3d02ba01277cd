"""Tests for checks.output.report: highlights, chart rows, offline assets, escaping, determinism."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pagekit import Page

from checks.claims.verdicts import Scenario
from checks.model import case_document, case_from_document, summarize
from checks.model.documents import dumps
from checks.output import report
from checks.output.report import write_case_report, write_index
from checks.pipeline import CaseRun, run_case

ROOT = Path(__file__).resolve().parents[3]
DATASETS = ROOT / "datasets"
REAL_CASE = "kingsoft-cloud-ai-strategy"
HOSTILE = '<script>alert(1)</script>" onmouseover="x'
HOSTILE_URL = "javascript:alert(1)"

# A tiny case with one claim of each verdict, a figure no claim uses, a recorded mismatch,
# and hostile text in every free-text field a dataset has.
SOURCE = (
    '<script>alert(1)</script>测试公司" onmouseover="x\n'
    "营收10亿元,其中AI收入5亿元,占比50%。\n"
    "关联收入占营收比例为60%。\n"
    "营收增长25%。员工300人。\n"
)
FACTS = [
    ("rev", "revenue", "10亿元", "1000000000", "CNY", "8", "-8", "营收10亿元"),
    ("ai", "ai_gross_billing", "5亿元", "500000000", "CNY", "8", "-8", "AI收入5亿元"),
    ("ai_share", "ai_share_of_public_cloud_revenue", "50%", "50", "pct", "0", "0", "占比50%"),
    (
        "rp_share",
        "related_party_revenue_share_of_revenue",
        "60%",
        "60",
        "pct",
        "0",
        "0",
        "比例为60%",
    ),
    ("rev_growth", "revenue_growth_yoy", "25%", "25", "pct", "0", "0", "营收增长25%"),
    ("staff", "industry_chain_size", "300", "300", "count", "0", "0", "员工300人"),
]
CLAIMS = [
    # claim_id, kind, stated, operands, quote, internal, external
    ("ai_share_holds", "share", "ai_share", "part=ai;whole=rev", "占比50%", "holds", "holds"),
    ("rp_share_fails", "share", "rp_share", "part=ai;whole=rev", "比例为60%", "fails", "holds"),
    ("growth_unknown", "growth", "rev_growth", "new=rev;old=?", "营收增长25%", "unverifiable",
     "unverifiable"),
    ("agrees_rev", "agrees", "rev", "reference=ref_rev", "营收10亿元", "unverifiable", "holds"),
]  # fmt: skip


def write_csv(path: Path, header: str, rows: list[list[str]]) -> None:
    """Write a CSV file with `header` as its first line, quoting cells where needed."""

    def cell(x: str) -> str:
        return '"' + x.replace('"', '""') + '"' if any(c in x for c in ',"\n') else x

    lines = [header, *(",".join(cell(c) for c in row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def make_case(datasets: Path, case_id: str = "hostile-case", *, break_quote: bool = False) -> Path:
    """Write a small case folder whose free text tries to inject markup and script."""
    root = datasets / case_id
    root.mkdir(parents=True)
    shutil.copy(DATASETS / "concepts.csv", datasets / "concepts.csv")
    (root / "source.txt").write_text(SOURCE, encoding="utf-8", newline="\n")
    facts = []
    for fid, concept, stated, value, unit, scale, decimals, quote in FACTS:
        if break_quote and fid == "staff":
            quote = "员工301人"
        facts.append(
            [fid, concept, "Test Co", "2025Q2", stated, value, "", unit, scale, decimals, "none",
             quote, HOSTILE]
        )  # fmt: skip
    write_csv(
        root / "facts.csv",
        "fact_id,concept,entity,period,stated,value,upper,unit,scale,decimals,qualifier,quote,note",
        facts,
    )
    write_csv(
        root / "reference.csv",
        "fact_id,concept,entity,period,value,unit,decimals,qualifier,source_kind,source_url,note",
        [["ref_rev", "revenue", "Test Co", "2025Q2", "1002000000", "CNY", "-6", "none", "filing",
          "https://example.com/filing?a=1&b=2", HOSTILE]],
    )  # fmt: skip
    write_csv(root / "excluded.csv", "token,quote,reason", [["1", "alert(1)", HOSTILE]])
    write_csv(
        root / "claims.csv",
        "claim_id,kind,stated,operands,params,quote,reviewed_internal,reviewed_external,reason,note",
        [[cid, kind, stated, operands, "", quote, internal, external, HOSTILE, HOSTILE]
         for cid, kind, stated, operands, quote, internal, external in CLAIMS],
    )  # fmt: skip
    provenance = {
        "title": "<script>alert(1)</script> 测试",
        "language": "zh-Hans",
        "urls": [HOSTILE_URL, 'https://example.com/a?x=1&y="><script>alert(1)</script>'],
        "retrieved": HOSTILE,
        "note": HOSTILE,
        "sha256": hashlib.sha256(SOURCE.encode("utf-8")).hexdigest(),
    }
    (root / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    (root / "case.json").write_text('{"as_of": "2025-09"}', encoding="utf-8")
    return datasets


def case_page(run: CaseRun) -> str:
    """Render a run's report page from its results model and source text."""
    return report.case_page(run.result, run.case.source)


def expected_figure_verdicts(result: CaseRun) -> dict[str, str]:
    """Recompute each figure's colour independently of the report code.

    A claim fails if either scenario fails, holds if one holds, else is unverifiable; a
    figure takes the worst of its claims (fails > unverifiable > holds), or none.
    """
    verdicts: dict[str, set[str]] = {}
    for row in result.evaluation.to_dict("records"):
        verdicts.setdefault(str(row["claim_id"]), set()).add(str(row["verdict"]))
    out: dict[str, str] = {}
    rank = ["fails", "unverifiable", "holds", "none"]
    for spec in result.specs:
        got = verdicts[spec.claim_id]
        claim = "fails" if "fails" in got else "holds" if "holds" in got else "unverifiable"
        for fid in spec.fact_ids:
            if rank.index(claim) < rank.index(out.get(fid, "none")):
                out[fid] = claim
    return {r["fact_id"]: out.get(r["fact_id"], "none") for r in result.case.facts}


@pytest.fixture(scope="module")
def real() -> CaseRun:
    result = run_case(DATASETS, REAL_CASE)
    assert result.problems == []
    return result


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> CaseRun:
    datasets = make_case(tmp_path_factory.mktemp("datasets"))
    result = run_case(datasets, "hostile-case")
    assert result.problems == [], result.problems
    return result


@pytest.fixture(params=["real", "hostile"])
def any_case(request: pytest.FixtureRequest) -> CaseRun:
    result = request.getfixturevalue(request.param)
    assert isinstance(result, CaseRun)
    return result


def test_hostile_fixture_has_every_verdict(hostile: CaseRun) -> None:
    got = {c.claim_id: c.outcomes[Scenario.EXTERNAL].verdict for c in hostile.result.claims}
    assert got == {
        "ai_share_holds": "holds",
        "rp_share_fails": "fails",
        "growth_unknown": "unverifiable",
        "agrees_rev": "holds",
    }


def test_page_is_well_formed(any_case: CaseRun) -> None:
    page = Page(case_page(any_case))
    assert page.errors == []
    assert page.stack == []


def test_every_figure_is_highlighted_with_its_verdict(any_case: CaseRun) -> None:
    page = Page(case_page(any_case))
    figs = {e.attrs["data-fact"]: e for e in page.find("a", "fig")}
    expected = expected_figure_verdicts(any_case)
    assert set(figs) == set(expected)
    stated = {r["fact_id"]: r["stated"] for r in any_case.case.facts}
    for fid, element in figs.items():
        attrs = element.attrs
        assert element.text == stated[fid]
        assert f"v-{expected[fid]}" in attrs["class"].split(), fid
        assert attrs["href"] == f"#card-{fid}"  # the details exist without JavaScript
        assert page.find("article", "fact-card")  # and the cards are in the page
    assert {e.attrs["id"] for e in page.find("article", "fact-card")} == {
        f"card-{fid}" for fid in expected
    }


def test_hostile_fixture_colours_one_figure_per_verdict(hostile: CaseRun) -> None:
    assert expected_figure_verdicts(hostile) == {
        "rev": "fails",  # used by rp_share_fails
        "ai": "fails",
        "ai_share": "holds",
        "rp_share": "fails",
        "rev_growth": "unverifiable",
        "staff": "none",
    }


def test_chart_has_one_row_per_claim(any_case: CaseRun) -> None:
    page = Page(case_page(any_case))
    svgs = page.find("svg", "chart")
    assert len(svgs) == 1
    rows = page.find("g", "chart-row")
    assert len(rows) == len(any_case.specs)
    assert sorted(r.attrs["data-claim"] for r in rows) == sorted(s.claim_id for s in any_case.specs)
    # failures come first, in the chart as in the table
    order = [r.attrs["data-verdict"] for r in rows]
    assert order == sorted(order, key=lambda v: v != "fails")
    table_rows = [e.attrs["data-claim"] for e in page.find("tr") if "data-claim" in e.attrs]
    assert table_rows == [r.attrs["data-claim"] for r in rows]


def test_chart_marks_open_and_unbounded_ends(real: CaseRun) -> None:
    page = Page(case_page(real))
    assert page.find("circle", "open-end")
    assert page.find("polygon", "unbounded")
    assert page.find("rect", "closed-end")


def test_no_asset_leaves_the_disk(any_case: CaseRun) -> None:
    text = case_page(any_case)
    page = Page(text)
    for e in page.elements:
        attrs = e.attrs
        if e.tag in ("script", "img", "iframe", "embed", "object", "source", "video", "audio"):
            assert "src" not in attrs and "data" not in attrs, e
        if e.tag == "link":
            raise AssertionError(f"no <link> expected: {e}")
        if e.tag in ("image", "use", "feimage"):
            raise AssertionError(f"no SVG reference expected: {e}")
        if e.tag == "a":
            href = attrs.get("href", "")
            assert href.startswith(("#", "https://", "http://", "../")), href
            if href.startswith("http"):
                assert "noopener" in attrs["rel"].split()
    styles = "".join(str(e.text) for e in page.find("style"))
    assert "url(" not in styles and "@import" not in styles and "@font-face" not in styles
    csp = [e.attrs for e in page.find("meta") if "http-equiv" in e.attrs]
    assert csp and csp[0]["content"].startswith("default-src 'none'")


def test_hostile_text_is_escaped(hostile: CaseRun) -> None:
    text = case_page(hostile)
    page = Page(text)
    assert text.count("<script") == 1  # the page's own inline script, nothing else
    assert page.find("script")[0].attrs == {}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x" in text
    for e in page.elements:
        attrs = e.attrs
        assert not any(k.startswith("on") for k in attrs), e
        assert not any("javascript:" in v.lower() for v in attrs.values()), e
    # only plain http(s) URLs become links; a script URL or one carrying markup stays text
    inert = [e.text for e in page.find("span", "inert-url")]
    assert inert == [HOSTILE_URL, 'https://example.com/a?x=1&y="><script>alert(1)</script>']
    assert 'href="https://example.com/filing?a=1&amp;b=2"' in text


def test_index_links_cases_and_docs(real: CaseRun, hostile: CaseRun, tmp_path: Path) -> None:
    path = write_index(
        [summarize(real.result), summarize(hostile.result)], tmp_path, "gx/index.html"
    )
    assert path == tmp_path / "index.html"
    page = Page(path.read_text(encoding="utf-8"))
    assert page.errors == []
    rows = [e.attrs["data-case"] for e in page.find("tr") if "data-case" in e.attrs]
    # most findings first, then by case id
    assert len(real.result.findings) > len(hostile.result.findings)
    assert rows == [REAL_CASE, "hostile-case"]
    hrefs = [e.attrs["href"] for e in page.find("a")]
    assert hrefs == ["gx/index.html", f"{REAL_CASE}/index.html", "hostile-case/index.html"]
    [script] = page.find("script")  # the index's own inline script, nothing else
    assert script.attrs == {}
    heads = [e.text for e in page.find("th")]
    verdicts = ("fails", "not_computable", "unverifiable", "holds")
    assert heads[2] == "findings"
    assert heads[4:12] == [f"{s} {v}" for s in ("internal", "external") for v in verdicts]
    cells = [e.text for e in page.find("td")]
    assert cells[2] == str(len(real.result.findings))
    width = len(heads)  # hostile-case's row comes second
    assert cells[width + 1] == "Test Co"  # the entity its facts name
    assert cells[width + 2] == str(len(hostile.result.findings))
    # hostile-case's row: claims, then internal and external counts, differs, problems, kinds
    assert cells[width + 3 : width + 14] == ["4", "1", "0", "2", "1", "1", "0", "1", "2", "1", "0"]
    assert cells[width + 14] == "agrees growth share"
    assert "<script>alert(1)</script> 测试" in cells[width]  # the title, as text
    unsafe = Page(
        write_index([summarize(hostile.result)], tmp_path, HOSTILE_URL).read_text(encoding="utf-8")
    )
    assert [e.attrs["href"] for e in unsafe.find("a")] == ["hostile-case/index.html"]
    assert [e.text for e in unsafe.find("span", "inert-url")] == [HOSTILE_URL]


def test_write_case_report_is_deterministic(tmp_path: Path) -> None:
    builds: list[bytes] = []
    for n in range(2):
        datasets = make_case(tmp_path / f"d{n}")
        result = run_case(datasets, "hostile-case")
        builds.append(write(result, tmp_path / f"out{n}").read_bytes())
    assert builds[0] == builds[1]
    assert sorted(p.name for p in (tmp_path / "out0" / "hostile-case").iterdir()) == ["index.html"]


def test_real_report_is_deterministic(real: CaseRun, tmp_path: Path) -> None:
    again = run_case(DATASETS, REAL_CASE)
    first = write(real, tmp_path / "a").read_bytes()
    second = write(again, tmp_path / "b").read_bytes()
    assert first == second
    assert b"\r" not in first


def test_header_names_policy_urls_and_digest(real: CaseRun) -> None:
    text = case_page(real)
    prov = real.case.provenance
    assert real.policy.describe().replace("<", "&lt;") in text
    assert prov["sha256"] in text
    for url in prov["urls"]:
        assert f'href="{url}" rel="noopener noreferrer"' in text
    assert "2025-09 (year 2025 used for elapsed years)" in text


def test_mismatch_is_marked(hostile: CaseRun) -> None:
    page = Page(case_page(hostile))
    flagged = [e.attrs["data-claim"] for e in page.find("tr", "mismatch")]
    assert flagged == ["rp_share_fails"]
    assert "≠ reviewed" in page.find("tr", "mismatch")[0].text


def test_broken_case_still_renders_its_problems(tmp_path: Path) -> None:
    datasets = make_case(tmp_path, break_quote=True)
    result = run_case(datasets, "hostile-case")
    assert result.problems
    page = Page(case_page(result))
    assert page.errors == []
    assert page.find("ul", "problems")
    figs = {e.attrs["data-fact"]: e.attrs["class"] for e in page.find("a", "fig")}
    assert "staff" not in figs  # its quote is not in the source: listed, not highlighted
    assert all("v-none" in c.split() for c in figs.values())  # nothing was evaluated


def write(run: CaseRun, out: Path) -> Path:
    return write_case_report(run.result, run.case.source, out)


@pytest.mark.parametrize("writer", [write])
def test_report_is_written_under_its_case_id(
    writer: Callable[[CaseRun, Path], Path], hostile: CaseRun, tmp_path: Path
) -> None:
    path = writer(hostile, tmp_path)
    assert path == tmp_path / "hostile-case" / "index.html"
    assert path.read_text(encoding="utf-8") == case_page(hostile)


def test_a_page_from_the_case_document_is_the_same_page(any_case: CaseRun) -> None:
    """The report renders the model only: read back from its JSON, it gives the same page."""
    document = json.loads(dumps(case_document(any_case.result)))
    again = report.case_page(case_from_document(document), any_case.case.source)
    assert again == case_page(any_case)


def test_a_broken_case_page_from_its_document_is_the_same_page(tmp_path: Path) -> None:
    run = run_case(make_case(tmp_path, break_quote=True), "hostile-case")
    assert run.problems
    document = json.loads(dumps(case_document(run.result)))
    assert report.case_page(case_from_document(document), run.case.source) == case_page(run)
