"""Pin down claims.csv reading: every problem code and valid claims of every kind.

The claims are built in memory (casekit.table) against typed fact records, so each fixture
is one row and its exact Problem; the real and the synthetic case read with no problem.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from casekit import claim, record, table
from repocases import CASES
from repocases import DATASETS as REPO_DATASETS

from checks.claims.claims_csv import read_claims
from checks.claims.kinds import KINDS
from checks.claims.operands import Lit, Missing, Op, Ref
from checks.claims.specs import ClaimSpec
from checks.claims.verdicts import Scenario, Verdict
from checks.inputs.case import CLAIM_COLUMNS, load_case
from checks.inputs.facts import FactRecord, check_facts
from checks.problems import Problem

CLAIMS_CSV = "datasets/mini-case/claims.csv"
COLUMNS = (*CLAIM_COLUMNS, "note")
SOURCE = "营收12.5亿元，同比增长20%。哈哈哈。"
REPO = Path(__file__).resolve().parents[3]
READ = "write fact ids (lowercase, digits, _) joined by + - * / and parentheses"

RECORDS: dict[str, FactRecord] = {
    r.fact_id: r
    for r in (
        record("rev", "CNY", "1250000000", decimals=-7),
        record("rev_prev", "CNY", "1042000000", period="2024H1"),
        record("rev_filed", "CNY", "1251000000", origin="reference"),
        record("rev_hkd", "HKD"),
        record("usd", "USD"),
        record("growth", "pct", "20"),
        record("ref_growth", "pct", "24.2", origin="reference"),
        record("share_pct", "pct", "32"),
        record("margin", "pct", "35.2"),
        record("margin_prev", "pct", "33.0"),
        record("margin_pp", "pp", "2.2"),
        record("mult", "ratio", "1.2"),
        record("price", "HKD", "5.83"),
        record("shares", "shares", "69375000"),
        record("gross", "HKD", "404000000"),
        record("founded", "year", "2015"),
        record("age", "years", "10"),
        record("n", "count", "3"),
        record("loss_2021", "CNY"),
        record("loss_2022", "CNY"),
        record("loss_2023", "CNY"),
        record("total_loss", "CNY"),
        record("cagr_pct", "pct", "26.8"),
        record("cap", "CNY"),
        record("part", "CNY"),
        record("fall", "pct", "-21.4", decimals=1),
        record("less", "CNY", "300000000", decimals=-8),
    )
}
#: `broken` is a fact id whose own row failed its checks: known, but not a record.
ALL_IDS = set(RECORDS) | {"broken"}


def read(*rows: dict[str, str]) -> tuple[list[ClaimSpec], list[Problem]]:
    return read_claims(table(CLAIMS_CSV, COLUMNS, rows), RECORDS, ALL_IDS, SOURCE)


def problem(column: str, code: str, message: str, line: int = 2) -> Problem:
    return Problem(CLAIMS_CSV, line, column, code, message)


def only_problem(row: dict[str, str]) -> Problem:
    """Read one row that must fail with exactly one problem."""
    specs, problems = read(row)
    assert specs == []
    assert len(problems) == 1, problems
    return problems[0]


# --- known pass: one valid claim of every kind --------------------------------------------------

VALID: dict[str, tuple[dict[str, str], dict[str, str], tuple[str, ...]]] = {
    # kind: (row, params after defaults, fact_ids)
    "share": (
        claim("c", "share", "share_pct", "part=part;whole=rev"),
        {},
        ("part", "rev", "share_pct"),
    ),
    "growth": (
        claim("c", "growth", "growth", "new=rev;old=rev_prev"),
        {"basis": "magnitude", "direction": "up"},
        ("rev", "rev_prev", "growth"),
    ),
    "pp_change": (
        claim("c", "pp_change", "", "new=margin;old=margin_prev", params="direction=up"),
        {"direction": "up", "min_pp": "0"},
        ("margin", "margin_prev"),
    ),
    "multiple": (
        claim("c", "multiple", "mult", "a=rev;b=rev_prev"),
        {},
        ("rev", "rev_prev", "mult"),
    ),
    "ordering": (
        claim("c", "ordering", "", "a=growth;b=ref_growth", params="relation=lt"),
        {"relation": "lt", "min_ratio": "1"},
        ("growth", "ref_growth"),
    ),
    "within": (
        claim("c", "within", "", "value=part;cap=cap"),
        {"mode": "at_most"},
        ("part", "cap"),
    ),
    "total": (
        claim("c", "total", "total_loss", "items=loss_2021,loss_2022,loss_2023"),
        {},
        ("loss_2021", "loss_2022", "loss_2023", "total_loss"),
    ),
    "trend": (
        claim("c", "trend", "", "items=loss_2021, loss_2022", params="direction=increasing"),
        {"direction": "increasing"},
        ("loss_2021", "loss_2022"),
    ),
    "cagr": (
        claim("c", "cagr", "cagr_pct", "start=rev_prev;end=?", params="years=5"),
        {"years": "5"},
        ("rev_prev", "cagr_pct"),
    ),
    "product": (
        claim("c", "product", "gross", "a=price;b=shares"),
        {},
        ("price", "shares", "gross"),
    ),
    "elapsed_years": (
        claim("c", "elapsed_years", "age", "start=founded"),
        {},
        ("founded", "age"),
    ),
    "change": (
        claim("c", "change", "less", "new=rev;old=rev_prev", params="direction=down"),
        {"direction": "down"},
        ("rev", "rev_prev", "less"),
    ),
    "agrees": (
        claim("c", "agrees", "rev", "reference=rev_filed"),
        {},
        ("rev_filed", "rev"),
    ),
}


def test_every_kind_has_a_valid_fixture() -> None:
    assert sorted(VALID) == sorted(KINDS)


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_claim_reads_back(kind: str) -> None:
    row, params, fact_ids = VALID[kind]
    specs, problems = read(row)
    assert problems == []
    [spec] = specs
    assert (spec.claim_id, spec.kind, spec.line) == ("c", kind, 2)
    assert spec.stated == (row["stated"] or None)
    assert spec.params == params
    assert spec.fact_ids == fact_ids
    assert set(spec.operands) == set(KINDS[kind].all_roles)


def test_claim_spec_in_full() -> None:
    row = claim(
        "rev_growth",
        "growth",
        "growth",
        " new = rev ; old = rev_prev - 0 ",
        params="basis=signed",
        reviewed_internal="fails",
        reviewed_external="unverifiable",
        note="a note",
    )
    specs, problems = read(row)
    assert problems == []
    assert specs == [
        ClaimSpec(
            claim_id="rev_growth",
            kind="growth",
            stated="growth",
            operands={
                "new": [Ref("rev")],
                "old": [Op("-", Ref("rev_prev"), Lit(Decimal("0")))],
            },
            params={"basis": "signed", "direction": "up"},
            quote="营收12.5亿元",
            reviewed={Scenario.INTERNAL: Verdict.FAILS, Scenario.EXTERNAL: Verdict.UNVERIFIABLE},
            reason="worked by hand",
            line=2,
            note="a note",
            fact_ids=("rev", "rev_prev", "growth"),
        )
    ]


def test_more_valid_shapes() -> None:
    rows = [
        claim(
            "pp_stated",
            "pp_change",
            "margin_pp",
            "new=margin;old=margin_prev",
            params="direction=up;min_pp=1.5",
        ),
        claim("growth_as_ratio", "growth", "mult", "new=rev;old=?"),
        claim("product_expr", "agrees", "gross", "reference=price*shares"),
        claim("sum_expr", "total", "total_loss", "items=loss_2021+loss_2022,loss_2023"),
        claim("within_range", "within", "", "value=part;cap=cap", params="mode=in_range"),
        claim(
            "ordering_far", "ordering", "", "a=rev;b=rev_prev", params="relation=gt;min_ratio=1.25"
        ),
        claim("years_times", "product", "total_loss", "a=cap;b=age"),
    ]
    specs, problems = read(*rows)
    assert problems == []
    assert [s.claim_id for s in specs] == [r["claim_id"] for r in rows]
    assert [s.line for s in specs] == [2, 3, 4, 5, 6, 7, 8]
    assert Decimal(specs[0].params["min_pp"]) == Decimal("1.5")
    assert specs[1].operands["old"] == [Missing()]
    assert Decimal(specs[5].params["min_ratio"]) == Decimal("1.25")


@pytest.mark.parametrize("case_id", CASES)
def test_real_claims_read_with_no_problem(case_id: str) -> None:
    case = load_case(REPO_DATASETS, case_id)
    fc = check_facts(case)
    all_ids = {r["fact_id"] for r in case.facts} | {r["fact_id"] for r in case.reference}
    assert case.claims is not None
    specs, problems = read_claims(case.claims, fc.records, all_ids, case.source)
    assert problems == []
    assert len(specs) == len(case.claims)
    assert {s.kind for s in specs} <= set(KINDS)


def test_the_kingsoft_case_uses_every_kind_but_within() -> None:
    """A pin on the first case's data (a fixture with known content, not an assumption)."""
    case = load_case(REPO_DATASETS, "kingsoft-cloud-ai-strategy")
    assert case.claims is not None
    assert len(case.claims) == 59
    assert {row["kind"] for row in case.claims} == set(KINDS) - {"within", "change"}


# --- known fail: one problem code per fixture ---------------------------------------------------


def test_bad_id() -> None:
    assert only_problem(claim("Bad-Id", "agrees", "rev", "reference=rev_filed")) == problem(
        "claim_id", "bad-id", "claim_id 'Bad-Id' must be 1-80 of a-z, 0-9, _"
    )


def test_duplicate_id_names_both_rows() -> None:
    row = claim("c1", "agrees", "rev", "reference=rev_filed")
    specs, problems = read(row, row, claim("c2", "agrees", "rev", "reference=rev_filed"))
    message = "claim_id 'c1' is used 2 times; claim ids must be unique"
    assert problems == [
        problem("claim_id", "duplicate-id", message, line=2),
        problem("claim_id", "duplicate-id", message, line=3),
    ]
    assert [s.claim_id for s in specs] == ["c2"]


def test_unknown_kind() -> None:
    assert only_problem(claim("c", "percent", "rev", "reference=rev_filed")) == problem(
        "kind",
        "unknown-kind",
        "kind 'percent' is not known; use one of agrees, cagr, change, elapsed_years, growth, multiple, "
        "ordering, pp_change, product, share, total, trend, within",
    )


EMPTY_OK = " (or leave it empty where no operand has a filed figure)"


@pytest.mark.parametrize(
    ("column", "value", "tail"),
    [
        ("reviewed_internal", "true", ""),
        ("reviewed_internal", "", ""),  # the internal review is always required
        ("reviewed_external", "true", EMPTY_OK),
    ],
)
def test_bad_verdict(column: str, value: str, tail: str) -> None:
    row = claim("c", "agrees", "rev", "reference=rev_filed", **{column: value})
    assert only_problem(row) == problem(
        column,
        "bad-verdict",
        f"{column} {value!r} is not a verdict; use one of holds, fails, unverifiable, not_computable"
        + tail,
    )


def test_an_empty_external_review_reads_as_no_review() -> None:
    """Empty is not a verdict word: the spec holds None, and the pipeline judges it later."""
    row = claim(
        "c", "pp_change", "", "new=margin;old=margin_prev", params="direction=up",
        reviewed_external="",
    )  # fmt: skip
    specs, problems = read(row)
    assert problems == []
    assert specs[0].reviewed == {Scenario.INTERNAL: Verdict.HOLDS, Scenario.EXTERNAL: None}
    # read alone, a claim with a filed operand reads the same: the filing is judged later
    specs, problems = read(claim("c", "agrees", "rev", "reference=rev_filed", reviewed_external=""))
    assert problems == [] and specs[0].reviewed[Scenario.EXTERNAL] is None


def test_no_reason() -> None:
    assert only_problem(claim("c", "agrees", "rev", "reference=rev_filed", reason="")) == problem(
        "reason", "no-reason", "a reviewed verdict needs a one-line reason"
    )


@pytest.mark.parametrize("quote", ["营收12.6亿元", ""])
def test_quote_not_found(quote: str) -> None:
    row = claim("c", "agrees", "rev", "reference=rev_filed", quote=quote)
    assert only_problem(row) == problem(
        "quote",
        "quote-not-found",
        f"quote {quote!r} is found 0 times in source.txt; it must appear exactly once, verbatim",
    )


@pytest.mark.parametrize("quote", ["。", "哈哈"])  # 哈哈 occurs twice in 哈哈哈, overlapping
def test_quote_ambiguous(quote: str) -> None:
    row = claim("c", "agrees", "rev", "reference=rev_filed", quote=quote)
    assert only_problem(row) == problem(
        "quote",
        "quote-ambiguous",
        f"quote {quote!r} is found 2 times in source.txt; it must appear exactly once, verbatim",
    )


@pytest.mark.parametrize(
    ("kind", "operands", "params"),
    [
        ("ordering", "a=rev;b=rev_prev", "relation=gt"),
        ("within", "value=part;cap=cap", ""),
        ("trend", "items=loss_2021,loss_2022", "direction=increasing"),
    ],
)
def test_unexpected_stated(kind: str, operands: str, params: str) -> None:
    assert only_problem(claim("c", kind, "growth", operands, params=params)) == problem(
        "stated",
        "unexpected-stated",
        f"kind {kind!r} states a direction, not a figure; leave stated empty",
    )


@pytest.mark.parametrize(
    ("kind", "operands"),
    [
        ("share", "part=part;whole=rev"),
        ("agrees", "reference=rev_filed"),
        ("total", "items=part,cap"),
    ],
)
def test_missing_stated(kind: str, operands: str) -> None:
    assert only_problem(claim("c", kind, "", operands)) == problem(
        "stated", "missing-stated", f"kind {kind!r} needs the id of the stated figure"
    )


def test_unknown_stated_fact() -> None:
    assert only_problem(claim("c", "agrees", "nope", "reference=rev_filed")) == problem(
        "stated",
        "unknown-fact",
        "stated fact 'nope' does not exist; use an id from facts.csv",
    )


def test_unknown_operand_facts() -> None:
    assert only_problem(
        claim("c", "total", "total_loss", "items=zzz,loss_2021,nope+part")
    ) == problem(
        "operands",
        "unknown-fact",
        "operands name unknown fact id(s) 'nope', 'zzz'; use ids from facts.csv or reference.csv",
    )


def test_stated_not_article() -> None:
    assert only_problem(claim("c", "agrees", "rev_filed", "reference=rev_filed")) == problem(
        "stated",
        "stated-not-article",
        "stated fact 'rev_filed' is a reference fact; a claim's stated figure is what the source says (a facts.csv id)",
    )


def test_broken_fact_is_left_to_its_own_row() -> None:
    specs, problems = read(
        claim("c1", "agrees", "rev", "reference=broken"),
        claim("c2", "agrees", "broken", "reference=rev_filed"),
    )
    assert (specs, problems) == ([], [])


@pytest.mark.parametrize("operands", ["part rev", "part=part;whole"])
def test_bad_operands(operands: str) -> None:
    assert only_problem(claim("c", "share", "share_pct", operands)) == problem(
        "operands",
        "bad-operands",
        f"operands {operands!r} must be role=fact_id pairs separated by ';', e.g. part=...;whole=...",
    )


def test_unknown_role() -> None:
    assert only_problem(claim("c", "share", "share_pct", "part=part;total=rev")) == problem(
        "operands", "unknown-role", "role 'total' is not one of 'share''s roles: part, whole"
    )


def test_duplicate_role() -> None:
    assert only_problem(
        claim("c", "share", "share_pct", "part=part;part=cap;whole=rev")
    ) == problem("operands", "duplicate-role", "role 'part' is given twice")


@pytest.mark.parametrize(
    ("operands", "message"),
    [
        ("part=Part;whole=rev", f"role 'part': cannot read 'Part' at 'Part'; {READ}"),
        ("part=part;whole=", "role 'whole': empty operand; name a fact id"),
        ("part=(part;whole=rev", "role 'part': '(part' has an unclosed parenthesis"),
        ("part=part,cap;whole=rev", f"role 'part': cannot read 'part,cap' at ',cap'; {READ}"),
    ],
)
def test_bad_operand(operands: str, message: str) -> None:
    assert only_problem(claim("c", "share", "share_pct", operands)) == problem(
        "operands", "bad-operand", message
    )


def test_an_operand_read_before_reads_the_same_and_a_bad_one_is_refused_each_time() -> None:
    """Operands are kept by text once read (a batch of cases repeats them): reading the same
    text again gives an equal expression, and a bad operand is reported on every row."""
    row = claim("c", "share", "share_pct", "part=part*2;whole=rev")
    first, again = read(row)[0], read(row)[0]
    assert (
        first[0].operands
        == again[0].operands
        == {
            "part": [Op("*", Ref("part"), Lit(Decimal(2)))],
            "whole": [Ref("rev")],
        }
    )
    bad = claim("c", "share", "share_pct", "part=(part;whole=rev")
    for _ in range(2):
        assert only_problem(bad) == problem(
            "operands", "bad-operand", "role 'part': '(part' has an unclosed parenthesis"
        )


def test_bad_list_item() -> None:
    assert only_problem(claim("c", "total", "total_loss", "items=loss_2021,,loss_2022")) == problem(
        "operands", "bad-operand", "role 'items': empty operand; name a fact id"
    )


def test_missing_role() -> None:
    assert only_problem(claim("c", "share", "share_pct", "part=part")) == problem(
        "operands", "missing-role", "kind 'share' needs role 'whole'; give part=...;whole=..."
    )


def test_too_few_items() -> None:
    assert only_problem(claim("c", "total", "total_loss", "items=loss_2021")) == problem(
        "operands", "too-few-items", "kind 'total' needs at least two items"
    )


def test_a_fall_stored_negative_and_marked_down_is_refused() -> None:
    """下滑21.4% is stored as 21.4 with direction=down; −21.4 and down would read as a rise."""
    row = claim("c", "growth", "fall", "new=rev;old=rev_prev", params="direction=down")
    assert only_problem(row) == problem(
        "params",
        "double-sign",
        "direction=down reads the stated figure 'fall' as a fall, but its value is already negative (-21.4); store the magnitude the text writes (下降2个百分点: value 2) or drop direction=down",
    )
    assert read(claim("c", "growth", "fall", "new=rev;old=rev_prev"))[1] == []


def test_bad_params() -> None:
    row = claim("c", "ordering", "", "a=rev;b=rev_prev", params="relation")
    assert only_problem(row) == problem(
        "params", "bad-params", "params 'relation' must be key=value pairs separated by ';'"
    )


@pytest.mark.parametrize(
    ("kind", "stated", "operands", "params", "message"),
    [
        ("growth", "growth", "new=rev;old=rev_prev", "basis=signed;foo=1", "param 'foo' is not known for kind 'growth'; known: basis, direction"),
        ("share", "share_pct", "part=part;whole=rev", "basis=signed", "param 'basis' is not known for kind 'share'; known: none"),
    ],
)  # fmt: skip
def test_unknown_param(kind: str, stated: str, operands: str, params: str, message: str) -> None:
    assert only_problem(claim("c", kind, stated, operands, params=params)) == problem(
        "params", "unknown-param", message
    )


@pytest.mark.parametrize(
    ("kind", "stated", "operands", "params", "message"),
    [
        ("ordering", "", "a=rev;b=rev_prev", "relation=ge", "param relation='ge' is not one of gt, lt"),
        ("ordering", "", "a=rev;b=rev_prev", "relation=gt;min_ratio=-1", "param min_ratio='-1' is not a non-negative number"),
        ("cagr", "cagr_pct", "start=rev_prev;end=?", "years=five", "param years='five' is not a non-negative number"),
        ("pp_change", "", "new=margin;old=margin_prev", "direction=up;min_pp=1e3", "param min_pp='1e3' is not a non-negative number"),
        ("growth", "growth", "new=rev;old=rev_prev", "basis=absolute", "param basis='absolute' is not one of magnitude, signed"),
    ],
)  # fmt: skip
def test_bad_param(kind: str, stated: str, operands: str, params: str, message: str) -> None:
    assert only_problem(claim("c", kind, stated, operands, params=params)) == problem(
        "params", "bad-param", message
    )


@pytest.mark.parametrize(
    ("kind", "stated", "operands", "message"),
    [
        ("ordering", "", "a=rev;b=rev_prev", "kind 'ordering' needs param 'relation' (gt, lt)"),
        ("cagr", "cagr_pct", "start=rev_prev;end=?", "kind 'cagr' needs param 'years' (number of compounding years, e.g. 5 for 2025-2030)"),
        ("pp_change", "", "new=margin;old=margin_prev", "kind 'pp_change' needs param 'direction' (the stated direction of the change)"),
        ("trend", "", "items=loss_2021,loss_2022", "kind 'trend' needs param 'direction' (increasing, decreasing)"),
    ],
)  # fmt: skip
def test_missing_param(kind: str, stated: str, operands: str, message: str) -> None:
    assert only_problem(claim("c", kind, stated, operands)) == problem(
        "params", "missing-param", message
    )


def test_duplicate_param() -> None:
    row = claim("c", "ordering", "", "a=rev;b=rev_prev", params="relation=gt;relation=lt")
    assert only_problem(row) == problem(
        "params", "duplicate-param", "param 'relation' is given twice"
    )


def test_self_reference() -> None:
    assert only_problem(claim("c", "growth", "growth", "new=growth;old=rev")) == problem(
        "operands",
        "self-reference",
        "claim uses its own stated fact 'growth' as an operand; a claim must relate the stated figure to other facts",
    )


@pytest.mark.parametrize(
    ("kind", "stated", "operands", "params", "column", "message"),
    [
        # percent vs money
        ("share", "share_pct", "part=growth;whole=rev", "", "operands", "kind 'share' needs its operands in one unit, got part=pct, whole=CNY"),
        ("share", "rev_prev", "part=part;whole=rev", "", "stated", "kind 'share' states a figure in pct, but 'rev_prev' is in 'CNY'"),
        # two currencies
        ("share", "share_pct", "part=part;whole=rev_hkd", "", "operands", "kind 'share' needs its operands in one unit, got part=CNY, whole=HKD"),
        ("ordering", "", "a=rev;b=usd", "relation=gt", "operands", "kind 'ordering' needs its operands in one unit, got a=CNY, b=USD"),
        ("within", "", "value=part;cap=rev_hkd", "", "operands", "kind 'within' needs its operands in one unit, got value=CNY, cap=HKD"),
        ("total", "total_loss", "items=loss_2021,usd", "", "operands", "kind 'total' needs its operands in one unit, got items=CNY, items=USD"),
        ("total", "usd", "items=loss_2021,loss_2022", "", "stated", "stated 'usd' is in 'USD' but the operands give 'CNY'"),
        ("growth", "margin_pp", "new=rev;old=rev_prev", "", "stated", "kind 'growth' states a figure in pct or ratio, but 'margin_pp' is in 'pp'"),
        ("pp_change", "", "new=rev;old=rev_prev", "direction=up", "operands", "pp_change needs percent operands, got CNY, CNY"),
        ("pp_change", "growth", "new=margin;old=margin_prev", "direction=up", "stated", "kind 'pp_change' states a figure in pp, but 'growth' is in 'pct'"),
        ("multiple", "growth", "a=rev;b=rev_prev", "", "stated", "kind 'multiple' states a figure in ratio, but 'growth' is in 'pct'"),
        ("cagr", "cagr_pct", "start=rev;end=usd", "years=5", "operands", "kind 'cagr' needs its operands in one unit, got start=CNY, end=USD"),
        ("elapsed_years", "age", "start=age_body", "", "operands", "elapsed_years needs a calendar year as start, got ['years']"),
        ("elapsed_years", "founded", "start=founded_body", "", "stated", "kind 'elapsed_years' states a figure in years, but 'founded' is in 'year'"),
        ("product", "rev", "a=price;b=shares", "", "stated", "stated 'rev' is in 'CNY' but the operands give 'HKD'"),
        ("product", "total_loss", "a=rev;b=rev_prev", "", "operands", "cannot multiply 'CNY' by 'CNY'; check the operands' units"),
        ("agrees", "rev", "reference=ref_growth", "", "stated", "stated 'rev' is in 'CNY' but the operands give 'pct'"),
        ("agrees", "rev", "reference=rev_filed+growth", "", "operands", "cannot add or subtract 'CNY' and 'pct'; check the operands' units"),
        ("agrees", "rev", "reference=growth/rev_filed", "", "operands", "cannot divide 'pct' by 'CNY'; check the operands' units"),
    ],
)  # fmt: skip
def test_unit_mismatch(
    kind: str, stated: str, operands: str, params: str, column: str, message: str
) -> None:
    records = {
        **RECORDS,
        "age_body": record("age_body", "years", "10"),
        "founded_body": record("founded_body", "year", "2015"),
    }
    row = claim("c", kind, stated, operands, params=params)
    specs, problems = read_claims(table(CLAIMS_CSV, COLUMNS, [row]), records, set(records), SOURCE)
    assert specs == []
    assert problems == [problem(column, "unit-mismatch", message)]


def test_every_problem_of_a_row_is_collected_and_later_rows_still_read() -> None:
    bad = claim(
        "Bad",
        "growth",
        "growth",
        "new=rev;old=rev_prev",
        params="basis=absolute",
        quote="nowhere",
        reviewed_internal="ok",
        reason="",
    )
    good = claim("good", "agrees", "rev", "reference=rev_filed")
    specs, problems = read(bad, good)
    assert [(p.line, p.column, p.code) for p in problems] == [
        (2, "claim_id", "bad-id"),
        (2, "reviewed_internal", "bad-verdict"),
        (2, "reason", "no-reason"),
        (2, "quote", "quote-not-found"),
        (2, "params", "bad-param"),
    ]
    assert [s.claim_id for s in specs] == ["good"]
