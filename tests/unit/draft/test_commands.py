"""Tests for checks.draft.commands: reading articles, writing drafts, marking draft verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from casekit import write_csv

from checks.draft.commands import load_registries, read_article, write_draft
from checks.draft.screen import screen_paths
from checks.inputs.case import CONCEPT_COLUMNS, REFERENCE_COLUMNS
from checks.model import case_document
from checks.output.claim_rows import claims_table
from checks.output.console import render_table
from checks.pipeline import run_case
from checks.problems import DataError

TEXT = "上半年营收同比增长20%至12亿元。毛利率达35.2%,较上年的33.0%明显上升。\n"
CONCEPTS = [
    {"concept": "revenue", "unit_kind": "money", "non_negative": "true", "definition": "d", "labels_zh": "营收"},
    {"concept": "revenue_growth_yoy", "unit_kind": "percent", "non_negative": "false", "definition": "d", "labels_zh": "营收同比增长"},
    {"concept": "gross_margin", "unit_kind": "percent", "non_negative": "false", "definition": "d", "labels_zh": "毛利率"},
]  # fmt: skip


@pytest.fixture
def datasets(tmp_path: Path) -> Path:
    write_csv(tmp_path / "datasets" / "concepts.csv", CONCEPT_COLUMNS, CONCEPTS)
    return tmp_path / "datasets"


def _article(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    return path


def test_an_article_with_a_bom_is_read_without_it(tmp_path: Path) -> None:
    article = read_article(_article(tmp_path, b"\xef\xbb\xbf" + TEXT.encode()))
    assert article.text == TEXT


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "empty-text"), (b"\x00abc", "binary-file"), ("营收".encode("gbk"), "not-utf8")],
)
def test_an_unreadable_article_is_refused(tmp_path: Path, data: bytes, code: str) -> None:
    with pytest.raises(DataError) as exc:
        read_article(_article(tmp_path, data))
    assert [p.code for p in exc.value.problems] == [code]


def test_a_folder_expands_to_its_text_files_sorted(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.csv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in screen_paths([tmp_path])] == ["a.md", "b.txt"]


def test_a_draft_is_written_whole_with_every_row_a_draft(tmp_path: Path, datasets: Path) -> None:
    article = read_article(_article(tmp_path, TEXT.encode()))
    root, draft, _ = write_draft(datasets, "demo", article, as_of="2025-09")
    assert sorted(p.name for p in root.iterdir()) == [
        "case.json", "claims.csv", "excluded.csv", "facts.csv", "provenance.json", "reference.csv", "source.txt",
    ]  # fmt: skip
    assert {f["status"] for f in draft.facts} == {"draft"}
    assert [c["kind"] for c in draft.claims] == ["growth", "pp_change"]
    assert draft.claims[1]["reviewed_internal"] == "holds"  # as computed, for the person to check
    # a draft has no filed figure: no external review is due, and none is written
    assert [c["reviewed_external"] for c in draft.claims] == ["", ""]
    assert [p.name for p in datasets.iterdir()] == ["concepts.csv", "demo"]


def test_verdicts_resting_on_drafts_are_marked_everywhere(tmp_path: Path, datasets: Path) -> None:
    article = read_article(_article(tmp_path, TEXT.encode()))
    write_draft(datasets, "demo", article, as_of="2025-09")
    result = run_case(datasets, "demo", allow_drafts=True)
    assert result.problems == []
    assert result.drafts == {c.claim_id for c in result.specs}
    assert "holds (draft)" in render_table(result.result)
    assert all(c["rests_on_draft"] for c in case_document(result.result)["claims"])
    assert "draft: the claim or a fact it uses is not yet confirmed" in claims_table(
        result.result.claims
    )
    assert load_registries(datasets).entities.labels == {}
    assert result.result.mismatches == ()  # the empty external reviews match "no filing"


def test_a_filed_figure_added_to_a_draft_asks_for_its_external_review(
    tmp_path: Path, datasets: Path
) -> None:
    """The empty review a draft writes is refused once an operand has a filing (exit 2)."""
    article = read_article(_article(tmp_path, TEXT.encode()))
    root, _, _ = write_draft(datasets, "demo", article, as_of="2025-09")
    filed = {
        "fact_id": "gm_fy2024_filed", "concept": "gross_margin", "entity": "Demo Co (fictional)",
        "period": "FY2024", "value": "33.0", "unit": "pct", "decimals": "1", "qualifier": "none",
        "source_kind": "filing", "source_url": "https://example.com/demo-filing", "note": "",
    }  # fmt: skip
    write_csv(root / "reference.csv", (*REFERENCE_COLUMNS, "note"), [filed])
    claims = (root / "claims.csv").read_text(encoding="utf-8")
    (root / "claims.csv").write_text(
        claims.replace("old=gross_margin_fy2024", "old=gm_fy2024_filed"), encoding="utf-8"
    )
    problems = run_case(datasets, "demo", allow_drafts=True).problems
    assert [(p.line, p.column, p.code) for p in problems] == [
        (3, "reviewed_external", "empty-review")
    ]
    assert (
        "operand 'gm_fy2024_filed' is a filed figure (reference.csv line 2)" in problems[0].message
    )
