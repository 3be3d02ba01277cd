"""Pin down every row check of facts, reference facts and exclusions, and source coverage.

Each check has a known-pass fixture (the mini case of casekit, and the real Kingsoft case)
and a known-fail fixture: one changed cell, asserted through the check's flag in the frame
and its exact Problem. Where one broken cell necessarily breaks another check too (a bad
unit cannot parse back), the test names every flag that falls.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from casekit import CASE_ID, EXCLUDED, FACTS, REFERENCE, SOURCE, replace, write_case
from repocases import CASES
from repocases import DATASETS as REPO_DATASETS

from checks.inputs.case import load_case
from checks.inputs.facts import (
    FACT_CHECKS,
    REFERENCE_CHECKS,
    FactCheck,
    FactRecord,
    check_facts,
)
from checks.problems import Problem

DATASETS = Path("datasets")
ROOT = f"datasets/{CASE_ID}"
FACTS_CSV = f"{ROOT}/facts.csv"
REFERENCE_CSV = f"{ROOT}/reference.csv"
EXCLUDED_CSV = f"{ROOT}/excluded.csv"
SOURCE_TXT = f"{ROOT}/source.txt"
EXCLUDED_CHECKS = ("quote_found_once", "token_in_quote", "reason_given")
UNITS = "CNY, HKD, USD, pct, pp, ratio, shares, years, year, count"
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(**kwargs: Any) -> FactCheck:
    write_case(DATASETS, **kwargs)
    return check_facts(load_case(DATASETS, CASE_ID))


def failed(frame: pd.DataFrame, line: int, checks: tuple[str, ...]) -> set[str]:
    """Name the checks that fail on the row of `line`."""
    rows = frame[frame["line"] == line]
    assert len(rows) == 1
    return {c for c in checks if not bool(rows.iloc[0][c])}


def uncovered(token: str, line: int, source: str = SOURCE) -> Problem:
    """The problem of `token`'s first occurrence on `line` of `source`."""
    line_start = sum(len(text) + 1 for text in source.split("\n")[: line - 1])
    start = source.index(token, line_start)
    return Problem(
        SOURCE_TXT,
        line,
        None,
        "uncovered-token",
        f"column {start - line_start + 1} (character {start} of the text): number {token!r} is neither a fact (facts.csv) nor an exclusion (excluded.csv with a reason); record it",
    )


# --- known pass ---------------------------------------------------------------------------


def test_mini_case_passes_every_check() -> None:
    fc = run()
    assert fc.problems == []
    assert list(fc.facts.columns) == ["fact_id", "line", *FACT_CHECKS]
    assert list(fc.reference.columns) == ["fact_id", "line", *REFERENCE_CHECKS]
    assert list(fc.excluded.columns) == ["token", "line", *EXCLUDED_CHECKS]
    assert fc.facts[list(FACT_CHECKS)].all().all()
    assert fc.reference[list(REFERENCE_CHECKS)].all().all()
    assert fc.excluded[list(EXCLUDED_CHECKS)].all().all()
    assert fc.facts["line"].tolist() == [2, 3, 4, 5]
    assert sorted(fc.records) == sorted(
        [f["fact_id"] for f in FACTS] + [r["fact_id"] for r in REFERENCE]
    )
    assert fc.records["rev_h1"] == FactRecord(
        "rev_h1",
        "article",
        "revenue",
        "Yunfan Tech (fictional)",
        "2025H1",
        "CNY",
        Decimal("1250000000"),
        None,
        -7,
        "none",
        2,
    )
    assert fc.records["rev_h1_filed"].origin == "reference"
    assert fc.records["rev_h1_filed"].key == ("revenue", "Yunfan Tech (fictional)", "2025H1")


@pytest.mark.parametrize("case_id", CASES)
def test_each_real_case_passes_with_full_coverage(case_id: str) -> None:
    case = load_case(REPO_DATASETS, case_id)
    fc = check_facts(case)
    assert fc.problems == []
    assert fc.coverage["covered"].all()
    assert fc.facts[list(FACT_CHECKS)].all().all()
    assert fc.reference[list(REFERENCE_CHECKS)].all().all()
    assert fc.excluded[list(EXCLUDED_CHECKS)].all().all()
    assert len(fc.records) == len(case.facts) + len(case.reference)


def test_the_kingsoft_case_pins_its_coverage_and_a_counterpart() -> None:
    """A pin on the first case's data (a fixture with known content, not an assumption)."""
    fc = check_facts(load_case(REPO_DATASETS, "kingsoft-cloud-ai-strategy"))
    assert len(fc.coverage) == 91
    ref = fc.counterpart("kc_rev_growth_q2")
    assert ref is not None
    assert (ref.fact_id, ref.value, ref.decimals) == ("kc_rev_yoy_q2_2025", Decimal("24.2"), 1)


# --- facts.csv: one failing check per fixture ------------------------------------------------


def test_fact_id_valid() -> None:
    fc = run(facts=replace(FACTS, 0, fact_id="Rev-H1"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"id_valid"}
    assert fc.problems == [
        Problem(FACTS_CSV, 2, "fact_id", "id-valid", "fact_id 'Rev-H1' must be 1-80 of a-z, 0-9, _")
    ]
    assert "Rev-H1" not in fc.records


def test_fact_id_unique_within_facts() -> None:
    fc = run(facts=replace(FACTS, 1, fact_id="rev_h1"))
    message = "fact_id 'rev_h1' is used 2 times in the case; ids must be unique across facts.csv and reference.csv"
    assert failed(fc.facts, 2, FACT_CHECKS) == {"id_unique"}
    assert failed(fc.facts, 3, FACT_CHECKS) == {"id_unique"}
    assert fc.problems == [
        Problem(FACTS_CSV, 2, "fact_id", "id-unique", message),
        Problem(FACTS_CSV, 3, "fact_id", "id-unique", message),
    ]
    assert "rev_h1" not in fc.records


def test_fact_id_unique_across_facts_and_reference() -> None:
    fc = run(reference=replace(REFERENCE, 1, fact_id="margin_h1"))
    message = "fact_id 'margin_h1' is used 2 times in the case; ids must be unique across facts.csv and reference.csv"
    assert failed(fc.facts, 4, FACT_CHECKS) == {"id_unique"}
    assert failed(fc.reference, 3, REFERENCE_CHECKS) == {"id_unique"}
    assert fc.problems == [
        Problem(FACTS_CSV, 4, "fact_id", "id-unique", message),
        Problem(REFERENCE_CSV, 3, "fact_id", "id-unique", message),
    ]


def test_fact_concept_known() -> None:
    fc = run(facts=replace(FACTS, 0, concept="turnover"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"concept_known"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "concept",
            "concept-known",
            "concept 'turnover' is not in datasets/concepts.csv; add it there or use a registered one",
        )
    ]


def test_fact_unit_known() -> None:
    fc = run(facts=replace(FACTS, 0, unit="RMB"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"unit_known", "unit_fits_concept", "parses_back"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "unit",
            "unit-known",
            f"unit 'RMB' is not a known unit; use one of {UNITS}",
        ),
        Problem(
            FACTS_CSV,
            2,
            "unit",
            "unit-fits-concept",
            "unit 'RMB' does not fit concept 'revenue' (money); use one of CNY, HKD, USD",
        ),
        Problem(
            FACTS_CSV,
            2,
            "stated",
            "parses-back",
            "stated '12.5亿元' parses differently from the stored row: unit RMB (stored) vs CNY (parsed)",
        ),
    ]


def test_fact_unit_fits_concept() -> None:
    fc = run(facts=replace(FACTS, 0, concept="gross_margin"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"unit_fits_concept"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "unit",
            "unit-fits-concept",
            "unit 'CNY' does not fit concept 'gross_margin' (percent); use one of pct",
        )
    ]


@pytest.mark.parametrize("value", ["12.5亿", "1,250,000,000", "NaN", "Infinity"])
def test_fact_value_valid(value: str) -> None:
    fc = run(facts=replace(FACTS, 0, value=value))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"value_valid", "parses_back"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "value",
            "value-valid",
            f"value {value!r} is not a finite decimal number (write 729000000 or 44.8, no NaN, inf or thousands separators)",
        ),
        Problem(
            FACTS_CSV,
            2,
            "stated",
            "parses-back",
            "stated '12.5亿元' parses differently from the stored row: value None (stored) vs 1250000000 (parsed)",
        ),
    ]


def test_fact_sign_ok() -> None:
    fact = dict(FACTS[0], fact_id="rev_adj_h1", stated="-3亿元", value="-300000000")
    fact.update(decimals="-8", quote="调整后营收-3亿元")
    fc = run(source=SOURCE + "调整后营收-3亿元。\n", facts=[*FACTS, fact])
    assert failed(fc.facts, 6, FACT_CHECKS) == {"sign_ok"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            6,
            "value",
            "sign-ok",
            "value '-300000000' is negative but concept 'revenue' cannot be; store losses as a positive net_loss",
        )
    ]


def test_fact_sign_may_be_negative_where_the_concept_allows() -> None:
    fact = dict(FACTS[1], fact_id="growth_h2", stated="-3%", value="-3", quote="增长-3%")
    fc = run(source=SOURCE + "下半年预计增长-3%。\n", facts=[*FACTS, fact])
    assert fc.problems == []


def test_fact_precision_ok() -> None:
    fc = run(facts=replace(FACTS, 0, value="1250000001"))
    assert "precision_ok" in failed(fc.facts, 2, FACT_CHECKS)
    assert any(
        p.code == "precision-ok"
        and p.column == "value"
        and p.message
        == "value '1250000001' has digits finer than decimals '-7' allows; round the value or raise decimals"
        for p in fc.problems
    )


def test_fact_decimals_out_of_range() -> None:
    fc = run(facts=replace(FACTS, 0, decimals="-25"))
    assert "decimals_valid" in failed(fc.facts, 2, FACT_CHECKS)


def test_fact_decimals_valid() -> None:
    fc = run(facts=replace(FACTS, 0, decimals="-7.0"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"decimals_valid", "parses_back"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "decimals",
            "decimals-valid",
            "decimals '-7.0' is not a whole number from -20 to 20 (e.g. -6 for 7.29亿, 1 for 44.8%)",
        ),
        Problem(
            FACTS_CSV,
            2,
            "stated",
            "parses-back",
            "stated '12.5亿元' parses differently from the stored row: decimals None (stored) vs -7 (parsed)",
        ),
    ]


def test_fact_qualifier_known() -> None:
    fc = run(facts=replace(FACTS, 0, qualifier="roughly"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"qualifier_known", "parses_back"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "qualifier",
            "qualifier-known",
            "qualifier 'roughly' is not known; use one of none, about, more_than, nearly, under, at_least, doubled, plus, several, majority",
        ),
        Problem(
            FACTS_CSV,
            2,
            "stated",
            "parses-back",
            "stated '12.5亿元' parses differently from the stored row: qualifier roughly (stored) vs none (parsed)",
        ),
    ]


def test_fact_quote_edited_so_it_is_not_in_the_source() -> None:
    fc = run(facts=replace(FACTS, 0, quote="全年营收12.5亿元"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"quote_found_once"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "quote",
            "quote-found-once",
            "quote '全年营收12.5亿元' is not found verbatim in source.txt; copy it from the source exactly",
        ),
        uncovered("12.5亿元", 1),  # the fact no longer covers its token
    ]
    assert "rev_h1" not in fc.records


def test_fact_quote_found_twice() -> None:
    source = SOURCE + "重申：同比增长20%。\n"
    fc = run(source=source)
    assert failed(fc.facts, 3, FACT_CHECKS) == {"quote_found_once"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            3,
            "quote",
            "quote-found-once",
            "quote '同比增长20%' is found 2 times in source.txt; it must appear exactly once, verbatim (lengthen it to make it unique)",
        ),
        uncovered("同比增长20%", 1),
        uncovered("同比增长20%", 4, source),
    ]


def test_fact_stated_in_quote() -> None:
    fc = run(facts=replace(FACTS, 0, quote="同比增长20%"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"stated_in_quote"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "stated",
            "stated-in-quote",
            "stated '12.5亿元' does not occur inside its quote '同比增长20%'",
        ),
        uncovered("12.5亿元", 1),
    ]


def test_fact_empty_stated_is_not_in_quote() -> None:
    fc = run(facts=replace(FACTS, 0, stated=""))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"stated_in_quote", "parses_back"}
    assert [p.code for p in fc.problems] == ["stated-in-quote", "parses-back", "uncovered-token"]


def test_fact_parses_back_value() -> None:
    fc = run(facts=replace(FACTS, 0, value="1200000000"))
    assert failed(fc.facts, 2, FACT_CHECKS) == {"parses_back"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            2,
            "stated",
            "parses-back",
            "stated '12.5亿元' parses differently from the stored row: value 1200000000 (stored) vs 1250000000 (parsed)",
        )
    ]


def test_fact_parses_back_lists_every_difference() -> None:
    fc = run(facts=replace(FACTS, 0, upper="1300000000", decimals="-8"))
    # 12.5亿 is finer than decimals -8 allows, so precision_ok fails too (its own problem)
    assert failed(fc.facts, 2, FACT_CHECKS) == {"parses_back", "precision_ok"}
    (parse_problem,) = [p for p in fc.problems if p.code == "parses-back"]
    assert parse_problem.message == (
        "stated '12.5亿元' parses differently from the stored row: "
        "upper 1300000000 (stored) vs None (parsed); decimals -8 (stored) vs -7 (parsed)"
    )


def test_fact_parses_back_unparseable_stated() -> None:
    fc = run(facts=replace(FACTS, 3, stated="上年的33.0%"))
    assert failed(fc.facts, 5, FACT_CHECKS) == {"parses_back"}
    assert fc.problems == [
        Problem(
            FACTS_CSV,
            5,
            "stated",
            "parses-back",
            "stated '上年的33.0%' does not parse: cannot parse '上年的33.0%': expected a number with an "
            "optional scale word (万, 亿, 百万, 千亿) and unit (元, 港元, 美元, %, 倍, 股, 年, 个百分点, "
            "or a counted noun such as 家, 辆)",
        )
    ]


# --- reference.csv -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "fails", "problem"),
    [
        (
            {"fact_id": "Filed"},
            {"id_valid"},
            ("fact_id", "id-valid", "fact_id 'Filed' must be 1-80 of a-z, 0-9, _"),
        ),
        (
            {"concept": "turnover"},
            {"concept_known"},
            (
                "concept",
                "concept-known",
                "concept 'turnover' is not in datasets/concepts.csv; add it there or use a registered one",
            ),
        ),
        (
            {"concept": "gross_margin"},
            {"unit_fits_concept"},
            (
                "unit",
                "unit-fits-concept",
                "unit 'CNY' does not fit concept 'gross_margin' (percent); use one of pct",
            ),
        ),
        (
            {"value": "1.251e9x"},
            {"value_valid"},
            (
                "value",
                "value-valid",
                "value '1.251e9x' is not a finite decimal number (write 729000000 or 44.8, no NaN, inf or thousands separators)",
            ),
        ),
        (
            {"value": "-1251000000"},
            {"sign_ok"},
            (
                "value",
                "sign-ok",
                "value '-1251000000' is negative but concept 'revenue' cannot be; store losses as a positive net_loss",
            ),
        ),
        (
            {"decimals": "million"},
            {"decimals_valid"},
            (
                "decimals",
                "decimals-valid",
                "decimals 'million' is not a whole number from -20 to 20 (e.g. -6 for 7.29亿, 1 for 44.8%)",
            ),
        ),
        (
            {"qualifier": "circa"},
            {"qualifier_known"},
            (
                "qualifier",
                "qualifier-known",
                "qualifier 'circa' is not known; use one of none, about, more_than, nearly, under, at_least, doubled, plus, several, majority",
            ),
        ),
        (
            {"source_kind": "blog"},
            {"source_kind_known"},
            (
                "source_kind",
                "source-kind-known",
                "source_kind 'blog' is not known; use one of company_release, filing, media, computed",
            ),
        ),
        (
            {"source_url": "ftp://example.com/demo-filing"},
            {"has_url"},
            (
                "source_url",
                "has-url",
                "source_url 'ftp://example.com/demo-filing' is not an http(s) URL; every reference figure needs the address it was read at",
            ),
        ),
        (
            {"source_url": ""},
            {"has_url"},
            (
                "source_url",
                "has-url",
                "source_url '' is not an http(s) URL; every reference figure needs the address it was read at",
            ),
        ),
    ],
)
def test_reference_check_fails_alone(
    cells: dict[str, str], fails: set[str], problem: tuple[str, str, str]
) -> None:
    fc = run(reference=replace(REFERENCE, 0, **cells))
    assert failed(fc.reference, 2, REFERENCE_CHECKS) == fails
    assert failed(fc.reference, 3, REFERENCE_CHECKS) == set()
    assert fc.problems == [Problem(REFERENCE_CSV, 2, *problem)]
    assert "rev_h1_filed" not in fc.records and "filed" not in fc.records


def test_reference_unit_known() -> None:
    fc = run(reference=replace(REFERENCE, 0, unit="RMB"))
    assert failed(fc.reference, 2, REFERENCE_CHECKS) == {"unit_known", "unit_fits_concept"}
    assert [p.code for p in fc.problems] == ["unit-known", "unit-fits-concept"]


def test_reference_id_unique() -> None:
    fc = run(reference=replace(REFERENCE, 1, fact_id="rev_h1_filed"))
    assert failed(fc.reference, 2, REFERENCE_CHECKS) == {"id_unique"}
    assert failed(fc.reference, 3, REFERENCE_CHECKS) == {"id_unique"}
    assert [(p.line, p.code) for p in fc.problems] == [(2, "id-unique"), (3, "id-unique")]


def test_reference_key_unique() -> None:
    fc = run(reference=replace(REFERENCE, 1, period="2025H1"))
    message = (
        "concept, entity and period ('revenue', 'Yunfan Tech (fictional)', '2025H1') appear 2 "
        "times; a reference figure must be unique for its key"
    )
    assert failed(fc.reference, 2, REFERENCE_CHECKS) == {"key_unique"}
    assert failed(fc.reference, 3, REFERENCE_CHECKS) == {"key_unique"}
    assert fc.problems == [
        Problem(REFERENCE_CSV, 2, "period", "key-unique", message),
        Problem(REFERENCE_CSV, 3, "period", "key-unique", message),
    ]


# --- excluded.csv ------------------------------------------------------------------------------


def test_excluded_quote_found_once() -> None:
    fc = run(excluded=replace(EXCLUDED, 0, quote="第3代新品"))
    assert failed(fc.excluded, 2, EXCLUDED_CHECKS) == {"quote_found_once"}
    assert fc.problems == [
        Problem(
            EXCLUDED_CSV,
            2,
            "quote",
            "quote-found-once",
            "quote '第3代新品' is found 0 times in source.txt; it must appear exactly once, verbatim",
        ),
        uncovered("第3", 3),
    ]


def test_excluded_token_in_quote() -> None:
    fc = run(excluded=replace(EXCLUDED, 0, token="第4"))
    assert failed(fc.excluded, 2, EXCLUDED_CHECKS) == {"token_in_quote"}
    assert fc.problems == [
        Problem(
            EXCLUDED_CSV,
            2,
            "token",
            "token-in-quote",
            "token '第4' does not occur inside its quote '第3代产品'",
        ),
        uncovered("第3", 3),
    ]


def test_excluded_reason_given() -> None:
    fc = run(excluded=replace(EXCLUDED, 0, reason=""))
    assert failed(fc.excluded, 2, EXCLUDED_CHECKS) == {"reason_given"}
    assert fc.problems == [
        Problem(
            EXCLUDED_CSV,
            2,
            "reason",
            "reason-given",
            "an exclusion needs a reason (e.g. 'image caption counter')",
        )
    ]


def test_row_problems_of_the_tables_come_first() -> None:
    root = write_case(DATASETS)
    path = root / "facts.csv"
    path.write_text(path.read_text(encoding="utf-8") + "bad,row\n", encoding="utf-8")
    fc = check_facts(load_case(DATASETS, CASE_ID))
    assert [(p.file, p.line, p.code) for p in fc.problems] == [(FACTS_CSV, 6, "cell-count")]


# --- counterparts ------------------------------------------------------------------------------


def test_counterpart_by_concept_entity_period() -> None:
    fc = run()
    ref = fc.counterpart("rev_h1")
    assert ref is not None and ref.fact_id == "rev_h1_filed"
    assert fc.counterpart("rev_growth_h1") is None  # no filed growth
    assert fc.counterpart("rev_h1_filed") is None  # a reference fact has none
    assert fc.counterpart("nope") is None


@pytest.mark.parametrize("cells", [{"entity": "Someone else"}, {"period": "2025Q2"}])
def test_counterpart_needs_the_same_entity_and_period(cells: dict[str, str]) -> None:
    assert run(reference=replace(REFERENCE, 0, **cells)).counterpart("rev_h1") is None


def test_counterpart_of_a_broken_fact_is_none() -> None:
    fc = run(facts=replace(FACTS, 0, value="1200000000"))
    assert fc.counterpart("rev_h1") is None
