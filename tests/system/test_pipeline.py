"""Tests for checks.pipeline: case.json settings, the agrees-claim rule, and one case end to end.

Cases are written with tests/casekit.py (the mini case: revenue 12.5亿元 with a filed
counterpart, two gross margins); each test changes only the file or row it is about.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from casekit import CASE_ID, claim, write_case

from checks.claims.verdicts import Scenario, Verdict
from checks.inputs.config import CONFIG_KEYS
from checks.numbers.hedge import DEFAULT_POLICY
from checks.pipeline import PreparedCase, prepare_case, prepare_cases, run_case
from checks.problems import Problem, ProblemCode

SYNTHETIC = Path(__file__).resolve().parents[1] / "data" / "cases"
CASE_JSON = f"datasets/{CASE_ID}/case.json"
CLAIMS_CSV = f"datasets/{CASE_ID}/claims.csv"

MARGIN_UP = claim(
    "margin_up",
    "pp_change",
    "",
    "new=margin_h1;old=margin_h1_2024",
    params="direction=up",
    quote="毛利率35.2%，较上年的33.0%上升",
    reviewed_external="unverifiable",  # no operand has a filed figure: "no filing"
)
AGREES_REV = claim(
    "agrees_rev_h1",
    "agrees",
    "rev_h1",
    "reference=rev_h1_filed",
    reviewed_internal="unverifiable",
    reviewed_external="holds",
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory


def run(config: dict[str, Any] | None = None, claims: list[dict[str, str]] | None = None) -> Any:
    write_case(
        Path("datasets"),
        config=config,
        claims=[MARGIN_UP, AGREES_REV] if claims is None else claims,
    )
    return run_case(Path("datasets"), CASE_ID)


def codes(problems: list[Problem]) -> list[tuple[str, int | None, str | None, str]]:
    return [(p.file, p.line, p.column, p.code) for p in problems]


def test_the_mini_case_runs_clean() -> None:
    result = run({"as_of": "2025-09"})
    assert result.problems == []
    assert result.as_of == 2025
    assert result.policy is DEFAULT_POLICY
    assert [c.claim_id for c in result.result.claims] == ["margin_up", "agrees_rev_h1"]
    assert [c.line for c in result.result.claims] == [2, 3]
    assert result.result.mismatches == ()
    assert len(result.evaluation) == 4  # one row per claim and scenario
    assert set(result.evaluation["scenario"]) == {"internal", "external"}


def test_a_case_without_claims_or_config_runs_clean(tmp_path: Path) -> None:
    write_case(Path("datasets"))
    result = run_case(Path("datasets"), CASE_ID)
    assert result.problems == []
    assert result.as_of is None
    assert result.specs == []
    assert result.evaluation.empty
    assert result.result.claims == ()
    assert not result.result.evaluated
    assert result.result.mismatches == ()


# --- case.json --------------------------------------------------------------------------------


def test_an_unknown_key_is_named_with_the_known_ones() -> None:
    result = run({"as_of": "2025-09", "hedge": {"about_rel": 0.05}})
    [problem] = result.problems
    assert codes([problem]) == [(CASE_JSON, None, "hedge", "unknown-key")]
    assert problem.message == f"unknown key 'hedge'; known keys: {', '.join(CONFIG_KEYS)}"
    assert result.evaluation.empty  # nothing is evaluated on broken data


def test_every_unknown_key_is_reported_in_order() -> None:
    result = run({"zeta": 1, "asof": "2025", "as_of": "2025"})
    assert codes(result.problems) == [
        (CASE_JSON, None, "asof", "unknown-key"),
        (CASE_JSON, None, "zeta", "unknown-key"),
    ]


@pytest.mark.parametrize(
    "as_of", ["2025/09", "Sept 2025", "25-09", "2025-9", "", "2025-09-24T00", 2025.5, True]
)
def test_a_bad_as_of_names_the_value_and_the_form(as_of: object) -> None:
    result = run({"as_of": as_of})
    [problem] = result.problems
    assert codes([problem]) == [(CASE_JSON, None, "as_of", "bad-config")]
    assert f"as_of {as_of!r} must be a date" in problem.message
    assert "'2025-09'" in problem.message
    assert result.as_of is None


@pytest.mark.parametrize("as_of", ["2025-13", "2025-00", "2025-02-30", "2025-09-31"])
def test_as_of_must_be_a_real_date(as_of: str) -> None:
    """A month 13 or a 30 February is not a date the source can describe."""
    [problem] = run({"as_of": as_of}).problems
    assert codes([problem]) == [(CASE_JSON, None, "as_of", "bad-config")]


@pytest.mark.parametrize(
    ("as_of", "year"), [("2025", 2025), ("2025-09", 2025), ("2024-12-31", 2024), (2025, 2025)]
)
def test_a_good_as_of_gives_its_year(as_of: object, year: int) -> None:
    result = run({"as_of": as_of})
    assert result.problems == []
    assert result.as_of == year


@pytest.mark.parametrize(
    ("policy", "words"),
    [
        ({"abut_rel": 0.05}, "unknown key 'abut_rel'"),
        ({"rounding": "bankers"}, "bankers"),
        ({"about_rel": -1}, "about_rel"),
        ({"doubled": "twice"}, "twice"),
    ],
)
def test_a_bad_hedge_policy_is_a_problem_on_its_column(policy: dict[str, Any], words: str) -> None:
    result = run({"hedge_policy": policy})
    [problem] = result.problems
    assert codes([problem]) == [(CASE_JSON, None, "hedge_policy", "bad-config")]
    assert words in problem.message
    assert result.policy is DEFAULT_POLICY


@pytest.mark.parametrize("policy", ["loose", 0.05, ["about_rel", 0.05]])
def test_a_hedge_policy_that_is_not_an_object_is_a_problem(policy: object) -> None:
    [problem] = run({"hedge_policy": policy}).problems
    assert codes([problem]) == [(CASE_JSON, None, "hedge_policy", "bad-config")]
    assert "must be an object" in problem.message


def test_a_named_hedge_policy_is_used_and_described() -> None:
    result = run({"hedge_policy": {"name": "loose-2026", "about_rel": 0.05}})
    assert result.problems == []
    assert result.policy.name == "loose-2026"
    assert result.policy.describe().startswith("loose-2026: ")
    assert "about ±5%" in result.policy.describe()


def test_config_and_claim_problems_are_reported_together() -> None:
    bad_claim = claim("margin_up", "pp_change", "", "new=margin_h1;old=nope", params="direction=up")
    result = run({"as_of": "soon"}, claims=[bad_claim, AGREES_REV])
    assert {(p.file, p.code) for p in result.problems} >= {
        (CASE_JSON, "bad-config"),
        (CLAIMS_CSV, next(p.code for p in result.problems if p.file == CLAIMS_CSV)),
    }
    assert any(p.file == CLAIMS_CSV and p.line == 2 for p in result.problems)


# --- the unchecked-counterpart rule -----------------------------------------------------------


def test_an_article_figure_with_a_filed_counterpart_needs_an_agrees_claim() -> None:
    result = run(claims=[MARGIN_UP])
    [problem] = result.problems
    assert codes([problem]) == [(CLAIMS_CSV, None, "claim_id", "unchecked-counterpart")]
    assert "'rev_h1' (facts.csv line 2)" in problem.message
    assert "reference counterpart 'rev_h1_filed'" in problem.message
    # the message is the row to add
    assert "agrees_rev_h1,agrees,rev_h1,reference=rev_h1_filed," in problem.message
    assert result.evaluation.empty


def test_an_agrees_claim_against_another_figure_does_not_count() -> None:
    other = claim(
        "agrees_rev_h1",
        "agrees",
        "rev_h1",
        "reference=rev_h1_2024_filed",
        reviewed_internal="unverifiable",
        reviewed_external="fails",
    )
    [problem] = run(claims=[MARGIN_UP, other]).problems
    assert problem.code == "unchecked-counterpart"
    assert "'rev_h1_filed'" in problem.message


def test_no_counterpart_rule_without_claims_csv() -> None:
    write_case(Path("datasets"))
    assert run_case(Path("datasets"), CASE_ID).problems == []


def test_the_rule_waits_for_claims_csv_to_be_fixed() -> None:
    """A broken claims.csv is reported alone, not also as a missing agrees claim."""
    broken = claim("margin_up", "pp_change", "", "new=margin_h1;old=nope", params="direction=up")
    result = run(claims=[broken])
    assert result.problems
    assert "unchecked-counterpart" not in {p.code for p in result.problems}


def test_a_counterpart_in_another_unit_needs_no_agrees_claim() -> None:
    """A filing in HKD cannot check a figure in CNY without an exchange rate."""
    from casekit import REFERENCE, replace

    write_case(Path("datasets"), reference=replace(REFERENCE, 0, unit="HKD"), claims=[MARGIN_UP])
    assert run_case(Path("datasets"), CASE_ID).problems == []


# --- elapsed_years needs as_of ----------------------------------------------------------------


def synthetic_copy(tmp_path: Path) -> Path:
    datasets = tmp_path / "cases"
    shutil.copytree(SYNTHETIC, datasets)
    return datasets


def test_elapsed_years_without_as_of_is_a_problem(tmp_path: Path) -> None:
    datasets = synthetic_copy(tmp_path)
    (datasets / "demo-cloud-results" / "case.json").unlink()
    result = run_case(datasets, "demo-cloud-results")
    [problem] = result.problems
    assert codes([problem]) == [
        ("cases/demo-cloud-results/case.json", None, "as_of", "missing-config")
    ]
    assert '"as_of": "2025-09"' in problem.message
    assert result.evaluation.empty


def test_elapsed_years_counts_from_as_of(tmp_path: Path) -> None:
    datasets = synthetic_copy(tmp_path)
    (datasets / "demo-cloud-results" / "case.json").write_text('{"as_of": "2031-06"}\n')
    result = run_case(datasets, "demo-cloud-results", today=date(2031, 12, 31))
    assert result.problems == []
    [claim] = [c for c in result.result.claims if c.claim_id == "years_since_founding"]
    internal = claim.outcomes[Scenario.INTERNAL]
    # founded 2015, "ten years" said in 2031: 15-17 years elapsed, so the claim now fails
    assert (internal.verdict, internal.differs) == (Verdict.FAILS, True)
    assert {m.claim.claim_id for m in result.result.mismatches} == {"years_since_founding"}


def test_an_as_of_after_today_is_a_data_error_not_a_changed_verdict(tmp_path: Path) -> None:
    datasets = synthetic_copy(tmp_path)
    (datasets / "demo-cloud-results" / "case.json").write_text('{"as_of": "2031-06"}\n')
    result = run_case(datasets, "demo-cloud-results", today=date(2031, 5, 31))
    assert [(p.column, p.code) for p in result.problems] == [("as_of", "bad-config")]
    assert result.problems[0].message.startswith("as_of '2031-06' lies in the future;")
    assert result.evaluation.empty  # no verdict is computed from a broken configuration


def test_the_counterpart_map_is_built_once_per_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding each fact's counterpart must not rebuild the whole map per fact.

    FactCheck.counterpart rebuilt it on every call and the rule calls it for every fact, so the
    rule was quadratic: 2,000 facts plus 2,000 filed figures took 12 s, 4,000 took 49 s.
    """
    import checks.inputs.facts

    calls = 0
    build = checks.inputs.facts.counterparts

    def counting(records: Any) -> dict[str, str]:
        nonlocal calls
        calls += 1
        return build(records)

    monkeypatch.setattr(checks.inputs.facts, "counterparts", counting)
    real = Path(__file__).resolve().parents[2] / "datasets"
    result = run_case(real, "kingsoft-cloud-ai-strategy")
    assert result.problems == []
    assert len(result.checks.records) > 100
    assert calls <= 5, f"the counterpart map was built {calls} times for one case"


def test_prepare_cases_gives_what_prepare_case_gives_each_case() -> None:
    """A batch computes its fact intervals as one array per hedge policy: every case must get
    the intervals, problems and compiled claims it gets alone; a broken case its problems."""
    datasets = Path("datasets")
    claims = [MARGIN_UP, AGREES_REV]
    write_case(datasets, "a-plain", claims=claims)
    write_case(
        datasets,
        "b-loose",
        claims=claims,
        config={"hedge_policy": {"name": "cut", "rounding": "truncate"}},
    )
    (write_case(datasets, "c-broken", claims=claims) / "source.txt").unlink()
    write_case(datasets, "d-plain", claims=claims, config={"as_of": "2025-09"})
    jobs = [(datasets, case_id, False) for case_id in ("a-plain", "b-loose", "c-broken", "d-plain")]
    got = prepare_cases(jobs, today=date(2026, 12, 2))
    assert isinstance(got[2], list)
    assert [p.code for p in got[2]] == [ProblemCode.MISSING_FILE]
    for (_, case_id, _), batched in zip(jobs, got, strict=True):
        if case_id == "c-broken":
            continue
        assert isinstance(batched, PreparedCase)
        alone = prepare_case(datasets, case_id, today=date(2026, 12, 2))
        assert batched.problems == alone.problems == []
        assert batched.fx is not None and alone.fx is not None
        assert batched.fx.ids == alone.fx.ids
        for end in ("lo", "hi", "lo_open", "hi_open"):
            assert (
                getattr(batched.fx.interval, end).tolist()
                == getattr(alone.fx.interval, end).tolist()
            )
        assert batched.compiled is not None and alone.compiled is not None
        assert batched.compiled.claim_ids.tolist() == alone.compiled.claim_ids.tolist()
    # truncation reads 12.5亿 as [12.5, 12.6) where rounding gives [12.45, 12.55): only in the
    # case that asks for it, so the batch kept the policies apart
    plain, loose = got[0], got[1]
    assert isinstance(plain, PreparedCase) and isinstance(loose, PreparedCase)
    assert plain.fx is not None and loose.fx is not None
    assert (loose.fx.interval.lo >= plain.fx.interval.lo).all()
    assert (loose.fx.interval.lo > plain.fx.interval.lo).any()
